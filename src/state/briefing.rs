//! Briefings: an ordered list of scenes, each a saved map view, time window, filters, selection,
//! basemap and caption. The file format lives in [`super::briefing_file`].

use serde::{Deserialize, Serialize};

use super::Filters;
use crate::store::{Store, TimeWindow};

/// Which basemap a scene was made with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum BasemapChoice {
    /// The embedded offline basemap.
    #[default]
    Embedded,
    /// An MBTiles or PMTiles file (path as saved; relative paths are relative to the briefing).
    TileFile {
        /// The file.
        path: String,
    },
    /// Online XYZ tiles (only fetched once the user turns online tiles on).
    Online {
        /// The URL template with `{z}`, `{x}`, `{y}`.
        url: String,
        /// The provider's attribution.
        attribution: String,
    },
}

/// One scene of a briefing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    /// A short title, shown in the scene list and on the caption card.
    pub title: String,
    /// The caption read out with the scene.
    #[serde(default)]
    pub caption: String,
    /// Map centre, latitude in degrees.
    pub lat: f64,
    /// Map centre, longitude in degrees.
    pub lon: f64,
    /// Web-map zoom (the world is 256·2^zoom points wide).
    pub zoom: f64,
    /// The time window, start included (RFC 3339, UTC).
    #[serde(with = "instant")]
    pub start: i64,
    /// The time window, end excluded (RFC 3339, UTC).
    #[serde(with = "instant")]
    pub end: i64,
    /// Category, text and casualty filters.
    #[serde(default)]
    pub filters: Filters,
    /// The selected incident's id.
    #[serde(default)]
    pub selected: Option<String>,
    /// The basemap.
    #[serde(default)]
    pub basemap: BasemapChoice,
}

impl Scene {
    /// The scene's time window.
    #[must_use]
    pub fn window(&self) -> TimeWindow {
        TimeWindow { start: self.start, end: self.end }
    }
}

/// A briefing: scenes over one dataset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Briefing {
    /// Shown on the title card of every scene (e.g. the briefing's subject).
    pub title: String,
    /// The scenes, in order.
    pub scenes: Vec<Scene>,
}

/// What a briefing records of its dataset, to tell when the dataset has changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetCheck {
    /// How many incidents it had.
    pub incidents: usize,
    /// FNV-1a (64-bit) over each incident's id, date, category and coordinates, as hex.
    #[serde(with = "hex")]
    pub fingerprint: u64,
}

impl DatasetCheck {
    /// The check of a store's current contents.
    #[must_use]
    pub fn of(store: &Store) -> Self {
        let mut hash = Fnv::default();
        for incident in store.iter() {
            hash.write(incident.id.as_bytes());
            hash.write(incident.date.as_str().as_bytes());
            hash.write(incident.category.as_bytes());
            for p in incident.geometry.positions() {
                hash.write(&p.lon.to_le_bytes());
                hash.write(&p.lat.to_le_bytes());
            }
            hash.write(&[0xff]);
        }
        Self { incidents: store.len(), fingerprint: hash.0 }
    }
}

/// 64-bit FNV-1a: small, stable across versions and platforms.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

mod instant {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    #[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
    pub fn serialize<S: Serializer>(t: &i64, s: S) -> Result<S::Ok, S::Error> {
        match jiff::Timestamp::from_second(*t) {
            Ok(ts) => s.serialize_str(&ts.to_string()),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<jiff::Timestamp>()
            .map(jiff::Timestamp::as_second)
            .map_err(|e| D::Error::custom(format!("{text:?} is not an RFC 3339 time ({e})")))
    }
}

mod hex {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    #[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16)
            .map_err(|_| D::Error::custom(format!("{text:?} is not a hex fingerprint")))
    }
}
