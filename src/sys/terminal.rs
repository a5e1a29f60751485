//! Text from data on its way to a terminal. File contents (ids, titles, field names, values) can hold
//! escape sequences that a terminal would obey: ESC starts sequences that set the window title, move
//! the cursor or rewrite the screen, BEL rings, and bidirectional overrides (U+202E) make a line read
//! other than it is. Everything the command line prints passes through [`safe`], which shows such
//! characters escaped (`\u{1b}`) and cuts very long lines; the `say!` and `say_err!` macros print through it,
//! and the lint configuration bans the standard print macros elsewhere.

use std::fmt::Write as _;

/// Lines longer than this many characters are cut, with `…` and how much was left out.
pub const MAX_LINE_CHARS: usize = 2_000;

/// `text` with every control character (but newline and tab) and every bidirectional control shown as a
/// Rust escape, and each line cut to [`MAX_LINE_CHARS`].
///
/// ```
/// use incident_atlas::sys::terminal::safe;
/// assert_eq!(safe("id \u{1b}]0;pwned\u{7} ok"), "id \\u{1b}]0;pwned\\u{7} ok");
/// assert_eq!(safe("abc\u{202e}def"), "abc\\u{202e}def");
/// assert_eq!(safe("two\nlines\twith a tab"), "two\nlines\twith a tab");
/// ```
#[must_use]
pub fn safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        for (shown, c) in line.chars().enumerate() {
            if shown == MAX_LINE_CHARS {
                let rest = line.chars().count() - MAX_LINE_CHARS;
                let _ = write!(out, "… ({rest} more characters)");
                break;
            }
            if needs_escape(c) {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// At most `max_chars` characters of `text` from a file, made safe as [`safe`] does and on one line, for
/// an error message that must show what it found without copying the file.
///
/// ```
/// use incident_atlas::sys::terminal::excerpt;
/// assert_eq!(excerpt("root:*:19000:0:99999:7:::", 8), "root:*:1…");
/// assert_eq!(excerpt("a\nb", 10), "a\\u{a}b");
/// ```
#[must_use]
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (k, c) in text.chars().enumerate() {
        if k == max_chars {
            out.push('…');
            break;
        }
        if needs_escape(c) || c == '\n' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON text made safe for a terminal: bidirectional controls inside strings are written as JSON
/// escapes (`\u202e`), so the text is still the same JSON (serde_json already escapes C0 controls).
///
/// ```
/// use incident_atlas::sys::terminal::safe_json;
/// assert_eq!(safe_json("[\"a\u{202e}b\"]"), "[\"a\\u202eb\"]");
/// ```
#[must_use]
pub fn safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a terminal could act on `c` instead of showing it: C0 controls but newline and tab, DEL, C1
/// controls, and the bidirectional embeddings, overrides and isolates.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}')
}

/// Prints a line to standard output through [`safe`].
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        #[expect(clippy::disallowed_macros, reason = "the one place that prints, after making the text safe")]
        {
            println!("{}", $crate::sys::terminal::safe(&format!($($arg)*)));
        }
    }};
}

/// Prints a line to standard error through [`safe`].
#[macro_export]
macro_rules! say_err {
    ($($arg:tt)*) => {{
        #[expect(clippy::disallowed_macros, reason = "the one place that prints, after making the text safe")]
        {
            eprintln!("{}", $crate::sys::terminal::safe(&format!($($arg)*)));
        }
    }};
}

/// Prints JSON to standard output through [`safe_json`].
#[macro_export]
macro_rules! say_json {
    ($json:expr) => {{
        #[expect(clippy::disallowed_macros, reason = "the one place that prints, after making the text safe")]
        {
            println!("{}", $crate::sys::terminal::safe_json(&$json.to_string()));
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_and_bidi_character_is_escaped() {
        let hostile: String = (0u32..0x20)
            .chain(0x7f..0xa0)
            .chain([0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2069, 0x61c])
            .filter_map(char::from_u32)
            .filter(|c| *c != '\n' && *c != '\t')
            .collect();
        let shown = safe(&hostile);
        assert!(shown.chars().all(|c| !needs_escape(c)), "{shown:?}");
        assert!(shown.starts_with("\\u{0}\\u{1}"), "{shown}");
        // Ordinary text in any script is left alone.
        assert_eq!(safe("Крокус Сити Холл — كروكوس ✓"), "Крокус Сити Холл — كروكوس ✓");
    }

    #[test]
    fn long_lines_are_cut_and_say_how_much() {
        let long = "x".repeat(MAX_LINE_CHARS + 5);
        let shown = safe(&format!("{long}\nnext"));
        assert!(shown.contains("… (5 more characters)\nnext"), "{}", &shown[shown.len() - 40..]);
    }
}
