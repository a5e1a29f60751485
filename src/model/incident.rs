//! The incident record.

use std::sync::Arc;

use super::{EdtfDate, Geometry, LocationPrecision, Properties, UnixSeconds};

/// A source that supports an incident.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Source {
    /// Who published it ("Voice of America").
    pub publisher: String,
    /// The title of the piece.
    pub title: String,
    /// Where to read it (`http`/`https` only are opened as links).
    pub url: Option<String>,
    /// Publication date as an EDTF string, when known.
    pub published: Option<String>,
    /// A short exact phrase (about 12 words at most) that locates the fact in the source.
    pub quote: Option<String>,
}

/// The longest source URL taken as a link; a longer one is shown as text, and `validate` warns.
pub const MAX_URL_CHARS: usize = 2_000;

impl Source {
    /// A source known by its publisher and title only (no link, date or quote yet).
    #[must_use]
    pub fn named(publisher: impl Into<String>, title: impl Into<String>) -> Self {
        Self { publisher: publisher.into(), title: title.into(), url: None, published: None, quote: None }
    }

    /// Why this source's URL is not a web link to open (`None` when it is one, or when there is no URL):
    /// only `http` and `https` addresses of at most [`MAX_URL_CHARS`] characters are. `file:`,
    /// `javascript:` and the like would open local files or run code.
    ///
    /// ```
    /// use incident_atlas::model::Source;
    /// let with = |url: &str| Source { url: Some(url.to_owned()), ..Source::default() };
    /// assert_eq!(with("https://example.org/a").link_problem(), None);
    /// assert_eq!(with("HTTP://example.org").link_problem(), None);
    /// assert!(with("file:///etc/passwd").link_problem().is_some());
    /// assert!(with("javascript:alert(1)").link_problem().is_some());
    /// assert!(with(&format!("https://example.org/{}", "a".repeat(2_000))).link_problem().is_some());
    /// ```
    #[must_use]
    pub fn link_problem(&self) -> Option<String> {
        let url = self.url.as_deref()?.trim();
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            let scheme: String = url.chars().take_while(|c| *c != ':').take(20).collect();
            return Some(format!(
                "not a web address (http or https), it starts {scheme:?}: shown as text, never opened"
            ));
        }
        let chars = url.chars().count();
        (chars > MAX_URL_CHARS)
            .then(|| format!("{chars} characters long (at most {MAX_URL_CHARS}): shown as text"))
    }

    /// The URL to open, when it is a web link ([`Source::link_problem`] finds nothing wrong).
    #[must_use]
    pub fn web_link(&self) -> Option<&str> {
        self.url.as_deref().filter(|_| self.link_problem().is_none())
    }
}

/// One geocoded (or unlocated) incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Stable, unique identifier.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// When it happened, with its precision.
    pub date: EdtfDate,
    /// Where it happened, if known.
    pub geometry: Geometry,
    /// Human-readable place name.
    pub place: Option<String>,
    /// How precisely the place is known.
    pub location_precision: Option<LocationPrecision>,
    /// Uncertainty radius in metres, overriding the precision's default.
    pub uncertainty_m: Option<f64>,
    /// Kind of incident (`attack`, `bombing`, `plot`, `arrest`, `raid`, `statement`, …).
    pub category: String,
    /// Perpetrators, claimants and targets. Shared, not copied, between records with the same list (an
    /// import of a million rows names the same few actors again and again); replace it to change it.
    pub actors: Arc<[String]>,
    /// People killed, if known. "At least" figures go here with a word in `notes`.
    pub killed: Option<u32>,
    /// People injured, if known.
    pub injured: Option<u32>,
    /// What happened, in a few sentences.
    pub description: Option<String>,
    /// Caveats, contradictions in the sources, how a value was chosen.
    pub notes: Option<String>,
    /// Where the facts come from; at least one. Shared between records citing the same sources, like
    /// `actors`.
    pub sources: Arc<[Source]>,
    /// Properties this program does not know, kept as read and written back unchanged.
    pub extra: Properties,
    /// When the incident was made in this tool (UTC seconds), if it was.
    pub created: Option<UnixSeconds>,
    /// When it was last changed in this tool (UTC seconds), if it was.
    pub updated: Option<UnixSeconds>,
}

impl Incident {
    /// A minimal incident with the given id, title, date and category, no place and no sources.
    #[must_use]
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        date: EdtfDate,
        category: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            date,
            geometry: Geometry::None,
            place: None,
            location_precision: None,
            uncertainty_m: None,
            category: category.into(),
            actors: Arc::default(),
            killed: None,
            injured: None,
            description: None,
            notes: None,
            sources: Arc::default(),
            extra: Properties::new(),
            created: None,
            updated: None,
        }
    }

    /// The uncertainty radius in metres: the override, else the precision's default, else none.
    #[must_use]
    pub fn uncertainty_radius_m(&self) -> Option<f64> {
        self.uncertainty_m.or_else(|| self.location_precision.map(LocationPrecision::radius_m))
    }

    /// Killed plus injured, counting unknown as zero.
    #[must_use]
    pub fn casualties(&self) -> u32 {
        self.killed.unwrap_or(0).saturating_add(self.injured.unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radius_prefers_the_override() {
        let date = EdtfDate::parse("2020").expect("date");
        let mut i = Incident::new("a", "A", date, "attack");
        assert_eq!(i.uncertainty_radius_m(), None);
        i.location_precision = Some(LocationPrecision::Town);
        assert_eq!(i.uncertainty_radius_m(), Some(5_000.0));
        i.uncertainty_m = Some(700.0);
        assert_eq!(i.uncertainty_radius_m(), Some(700.0));
        i.killed = Some(3);
        assert_eq!(i.casualties(), 3);
    }
}
