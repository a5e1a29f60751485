//! Counts written for people.

/// Writes a count with thousands separators: `1234567` → `"1,234,567"`.
///
/// ```
/// assert_eq!(incident_atlas::model::group_thousands(1_234_567), "1,234,567");
/// ```
#[must_use]
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
