//! The country and admin-1 region of every incident, for filtering by place: taken from the incident's
//! `country`/`admin1` properties when it has them (imports fill them in), otherwise from the region
//! area around its first place, which a locator given by the caller finds (the store knows no map). Built
//! once, on first use, on every core.

use super::Store;

/// Finds the country and admin-1 region around `(lat, lon)`, or `None` (at sea, or unknown).
pub type AreaLocator = fn(lat: f64, lon: f64) -> Option<AreaName>;

/// One country and region pair; the empty pair stands for "no place" (unlocated, or at sea).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct AreaName {
    /// Country name.
    pub country: String,
    /// Admin-1 region name (may be empty when only the country is known).
    pub region: String,
}

/// Area codes per incident index and their names.
#[derive(Debug, Clone, Default)]
pub struct Areas {
    /// Names by code; code 0 is "no place".
    pub names: Vec<AreaName>,
    /// Code of each incident (store index order).
    pub of: Vec<u32>,
    /// Incidents with each code, so that the choosers' lists count names, not incidents, each frame.
    count: Vec<usize>,
}

impl Areas {
    /// Areas of every incident of a store.
    #[must_use]
    pub fn build(store: &Store, locator: Option<AreaLocator>) -> Self {
        let found = crate::sys::parallel::map_indices(store.len(), |i| {
            area_of(store, u32::try_from(i).unwrap_or(u32::MAX), locator)
        });
        let mut codes: std::collections::HashMap<AreaName, u32> = std::collections::HashMap::new();
        let mut names = vec![AreaName::default()];
        codes.insert(AreaName::default(), 0);
        let of = found
            .into_iter()
            .map(|name| {
                if let Some(&code) = codes.get(&name) {
                    return code;
                }
                let code = u32::try_from(names.len()).unwrap_or(u32::MAX);
                codes.insert(name.clone(), code);
                names.push(name);
                code
            })
            .collect::<Vec<u32>>();
        let mut count = vec![0; names.len()];
        for &code in &of {
            if let Some(n) = count.get_mut(code as usize) {
                *n += 1;
            }
        }
        Self { names, of, count }
    }

    /// Takes in the area of an incident inserted at `at` (store index order).
    pub(crate) fn insert(&mut self, at: usize, name: AreaName) {
        let code = self.counted_code(name);
        self.of.insert(at, code);
    }

    /// Notes the areas of incidents put in together at `finals` (ascending indices afterwards).
    pub(crate) fn insert_many(&mut self, finals: &[usize], names: Vec<AreaName>) {
        let codes: Vec<u32> = names.into_iter().map(|name| self.counted_code(name)).collect();
        self.of = super::columns::merged(&self.of, finals, codes);
    }

    /// Forgets the areas of the incidents taken out together from `gone` (ascending indices).
    pub(crate) fn remove_many(&mut self, gone: &[usize]) {
        for &at in gone {
            if let Some(n) = self.of.get(at).and_then(|&code| self.count.get_mut(code as usize)) {
                *n = n.saturating_sub(1);
            }
        }
        super::columns::without(&mut self.of, gone);
    }

    /// The code of an area (a new one added), counted once more.
    fn counted_code(&mut self, name: AreaName) -> u32 {
        let code = if let Some(code) = self.names.iter().position(|n| *n == name) {
            code
        } else {
            self.names.push(name);
            self.count.push(0);
            self.names.len() - 1
        };
        self.count[code] += 1;
        u32::try_from(code).unwrap_or(u32::MAX)
    }

    /// Forgets the area of the incident removed from `at`.
    pub(crate) fn remove(&mut self, at: usize) {
        if at < self.of.len() {
            let code = self.of.remove(at) as usize;
            if let Some(n) = self.count.get_mut(code) {
                *n = n.saturating_sub(1);
            }
        }
    }

    /// Countries with how many incidents each has, most first, then by name (no-place excluded).
    #[must_use]
    pub fn countries(&self) -> Vec<(String, usize)> {
        self.tally(|a| (!a.country.is_empty()).then(|| a.country.clone()))
    }

    /// A country's regions with their counts, most first, then by name.
    #[must_use]
    pub fn regions(&self, country: &str) -> Vec<(String, usize)> {
        self.tally(|a| (a.country == country && !a.region.is_empty()).then(|| a.region.clone()))
    }

    fn tally(&self, key: impl Fn(&AreaName) -> Option<String>) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for (name, &n) in self.names.iter().zip(&self.count) {
            if n > 0
                && let Some(k) = key(name)
            {
                *counts.entry(k).or_default() += n;
            }
        }
        let mut list: Vec<(String, usize)> = counts.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    }
}

pub(crate) fn area_of(store: &Store, index: u32, locator: Option<AreaLocator>) -> AreaName {
    let incident = store.incident(index);
    let text = |key: &str| incident.extra.get_str(key);
    if let Some(country) = text("country") {
        return AreaName { country, region: text("admin1").unwrap_or_default() };
    }
    let Some(locator) = locator else { return AreaName::default() };
    store.points_of(index).first().and_then(|p| locator(f64::from(p[1]), f64::from(p[0]))).unwrap_or_default()
}
