//! Reproducible synthetic incidents for benchmarks and tests: clustered around real cities in space
//! and in bursts in time, with a realistic mix of date and location precisions.

use std::sync::Arc;

use crate::model::{EdtfDate, Geometry, Incident, LocationPrecision, Position, Source};

/// Cities the synthetic incidents cluster around: name, latitude, longitude, relative weight.
const CITIES: [(&str, f64, f64, u32); 32] = [
    ("Moscow", 55.756, 37.617, 30),
    ("Saint Petersburg", 59.939, 30.316, 12),
    ("Grozny", 43.318, 45.694, 14),
    ("Nazran", 43.226, 44.765, 10),
    ("Makhachkala", 42.983, 47.504, 12),
    ("Nalchik", 43.485, 43.607, 6),
    ("Kazan", 55.796, 49.108, 4),
    ("Novosibirsk", 55.030, 82.920, 3),
    ("Yekaterinburg", 56.839, 60.605, 3),
    ("Kaliningrad", 54.710, 20.510, 2),
    ("Kabul", 34.528, 69.172, 25),
    ("Jalalabad", 34.431, 70.448, 18),
    ("Kunduz", 36.728, 68.857, 6),
    ("Peshawar", 34.008, 71.578, 12),
    ("Quetta", 30.184, 67.001, 8),
    ("Dushanbe", 38.560, 68.774, 4),
    ("Tashkent", 41.311, 69.280, 3),
    ("Bishkek", 42.875, 74.603, 2),
    ("Almaty", 43.238, 76.946, 2),
    ("Baghdad", 33.315, 44.366, 30),
    ("Mosul", 36.340, 43.130, 22),
    ("Raqqa", 35.952, 39.009, 18),
    ("Deir ez-Zor", 35.336, 40.141, 14),
    ("Damascus", 33.513, 36.292, 10),
    ("Al-Arish", 31.131, 33.798, 10),
    ("Cairo", 30.044, 31.236, 5),
    ("Tripoli", 32.887, 13.191, 5),
    ("Maiduguri", 11.846, 13.160, 15),
    ("Pemba", -12.974, 40.518, 4),
    ("Istanbul", 41.008, 28.978, 5),
    ("Paris", 48.857, 2.352, 3),
    ("Brussels", 50.850, 4.352, 2),
];

/// Categories with relative weights.
const CATEGORIES: [(&str, u32); 8] = [
    ("attack", 30),
    ("bombing", 20),
    ("raid", 14),
    ("arrest", 14),
    ("plot", 8),
    ("context", 4),
    ("statement", 6),
    ("warning", 4),
];

/// A small, fast, reproducible pseudo-random generator (`SplitMix64`).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed; the same seed gives the same sequence on every machine.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform integer in `[0, n)`; `n` must be positive.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A standard normal variate (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|i| i.1).sum();
        let mut pick = u32::try_from(self.below(u64::from(total))).unwrap_or(0);
        for &(item, w) in items {
            if pick < w {
                return item;
            }
            pick -= w;
        }
        items[0].0
    }
}

/// Days from 2000-01-01 to the end of 2024.
const DAYS: i64 = 9_132;

/// `count` synthetic incidents from `seed`, ids `synth-000001`…; the same arguments always give the
/// same incidents.
///
/// ```
/// use incident_atlas::store::synth::generate;
/// let a = generate(100, 7);
/// assert_eq!(a.len(), 100);
/// assert_eq!(a, generate(100, 7));
/// ```
#[must_use]
pub fn generate(count: usize, seed: u64) -> Vec<Incident> {
    let mut rng = SplitMix64::new(seed);
    let cities: Vec<((&str, f64, f64), u32)> =
        CITIES.iter().map(|&(n, la, lo, w)| ((n, la, lo), w)).collect();
    let bursts: Vec<(i64, f64)> = (0..(count / 400).clamp(4, 400))
        .map(|_| {
            let centre = rng.below(DAYS as u64) as i64;
            (centre, 2.0 + rng.unit() * 40.0)
        })
        .collect();
    let sources: Arc<[Source]> = Arc::new([Source {
        publisher: "incident-atlas synth".into(),
        title: format!("Synthetic incidents, seed {seed}"),
        url: None,
        published: None,
        quote: None,
    }]);
    let actors: Arc<[String]> = Arc::new(["Synthetic group".to_owned()]);
    (0..count)
        .map(|n| {
            let day = if rng.unit() < 0.7 {
                let (centre, spread) = bursts[rng.below(bursts.len() as u64) as usize];
                let offset = (rng.normal() * spread).round() as i64;
                (centre + offset).clamp(0, DAYS - 1)
            } else {
                rng.below(DAYS as u64) as i64
            };
            let date = synth_date(&mut rng, day);
            let category = rng.weighted(&CATEGORIES);
            let (city, lat, lon) = rng.weighted(&cities);
            let mut incident = Incident::new(
                format!("synth-{:06}", n + 1),
                format!("Synthetic {category} near {city}"),
                date,
                category,
            );
            let roll = rng.unit();
            let scatter_km = 2.0 + rng.unit().powi(2) * 60.0;
            let jitter = |rng: &mut SplitMix64| {
                let dlat = rng.normal() * scatter_km / 111.0;
                let dlon = rng.normal() * scatter_km / (111.0 * lat.to_radians().cos().max(0.2));
                Position::lat_lon((lat + dlat).clamp(-89.0, 89.0), (lon + dlon).clamp(-180.0, 180.0))
            };
            incident.geometry = if roll < 0.05 {
                Geometry::None
            } else if roll < 0.07 {
                Geometry::MultiPoint(vec![jitter(&mut rng), jitter(&mut rng), jitter(&mut rng)])
            } else {
                Geometry::Point(jitter(&mut rng))
            };
            if incident.geometry.is_located() {
                incident.place = Some(city.to_owned());
                incident.location_precision = Some(rng.weighted(&[
                    (LocationPrecision::Site, 20),
                    (LocationPrecision::Town, 50),
                    (LocationPrecision::District, 15),
                    (LocationPrecision::Region, 12),
                    (LocationPrecision::Country, 3),
                ]));
            }
            incident.actors = Arc::clone(&actors);
            if matches!(category, "attack" | "bombing" | "raid" | "standoff") {
                let killed = (rng.unit().powi(3) * 60.0) as u32;
                let injured = (rng.unit().powi(3) * 120.0) as u32;
                incident.killed = Some(killed);
                incident.injured = Some(injured);
            }
            incident.sources = Arc::clone(&sources);
            incident
        })
        .collect()
}

fn synth_date(rng: &mut SplitMix64, day: i64) -> EdtfDate {
    let base = jiff::civil::date(2000, 1, 1);
    let date = base.checked_add(jiff::Span::new().days(day)).unwrap_or(base);
    let (y, m, d) = (date.year(), date.month(), date.day());
    let roll = rng.unit();
    let text = if roll < 0.70 {
        format!("{y:04}-{m:02}-{d:02}")
    } else if roll < 0.76 {
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}+03:00", rng.below(24), rng.below(60))
    } else if roll < 0.87 {
        format!("{y:04}-{m:02}")
    } else if roll < 0.94 {
        format!("{y:04}")
    } else if roll < 0.97 {
        let later = date
            .checked_add(jiff::Span::new().days(i64::try_from(rng.below(20)).unwrap_or(0) + 1))
            .unwrap_or(date);
        format!("{y:04}-{m:02}-{d:02}/{:04}-{:02}-{:02}", later.year(), later.month(), later.day())
    } else {
        format!("{y:04}-{m:02}-{d:02}~")
    };
    // Every form above is valid EDTF for years 2000-2025 (checked by the tests).
    EdtfDate::parse(&text).expect("generated dates are valid EDTF")
}
