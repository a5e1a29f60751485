//! The colour-blind-safe category palette (Okabe & Ito, 2008), shared by the map and by exports.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    #[must_use]
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Okabe–Ito colours, most distinct first: vermillion, blue, bluish green, orange, reddish purple,
/// sky blue, yellow, and grey (kept for background context).
pub const CATEGORY_PALETTE: [Rgb; 8] = [
    Rgb(213, 94, 0),
    Rgb(0, 114, 178),
    Rgb(0, 158, 115),
    Rgb(230, 159, 0),
    Rgb(204, 121, 167),
    Rgb(86, 180, 233),
    Rgb(240, 228, 66),
    Rgb(128, 128, 128),
];

/// Well-known categories keep the same colour in every dataset; others take the remaining colours
/// in order of their position among the dataset's categories.
const FIXED: [(&str, usize); 8] = [
    ("attack", 0),
    ("bombing", 3),
    ("raid", 1),
    ("arrest", 5),
    ("plot", 4),
    ("statement", 2),
    ("warning", 6),
    ("context", 7),
];

/// The colour of a category, given the dataset's sorted category list.
///
/// ```
/// use incident_atlas::model::{category_colour, Rgb};
/// let cats = ["attack".to_string(), "zzz".to_string()];
/// assert_eq!(category_colour("attack", &cats), Rgb(213, 94, 0));
/// assert_eq!(category_colour("zzz", &cats), Rgb(213, 94, 0)); // first of the unknown names
/// assert_eq!(category_colour("context", &cats), Rgb(128, 128, 128));
/// ```
#[must_use]
pub fn category_colour(category: &str, categories: &[String]) -> Rgb {
    if let Some(&(_, slot)) = FIXED.iter().find(|(name, _)| *name == category) {
        return CATEGORY_PALETTE[slot];
    }
    let rank = categories
        .iter()
        .filter(|c| !FIXED.iter().any(|(f, _)| f == c))
        .position(|c| c == category)
        .unwrap_or(CATEGORY_PALETTE.len() - 1);
    CATEGORY_PALETTE[rank % CATEGORY_PALETTE.len()]
}
