//! Sentences, titles, categories, casualties and quotes from article text.

/// The article's sentences, in order: split at `.`, `!` or `?` followed by a capital letter or a quote, and
/// at line breaks; initials and abbreviations (`U.S.`, `Mr.`) do not end a sentence.
#[must_use]
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut start = 0;
        for k in 0..chars.len() {
            if !matches!(chars[k], '.' | '!' | '?') {
                continue;
            }
            let next = chars[k + 1..].iter().find(|c| !c.is_whitespace());
            let spaced = chars.get(k + 1).is_some_and(|c| c.is_whitespace());
            let capital = next.is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"' | '‘'));
            // "U.S." and "Mr." : a short word before the point is an abbreviation.
            let word: String = chars[start..k].iter().rev().take_while(|c| !c.is_whitespace()).collect();
            let letters: String = word.chars().filter(|c| *c != '.').collect();
            let abbreviation = letters.chars().count() <= 3 && letters.chars().all(char::is_uppercase)
                || ["Mr", "Mrs", "Dr", "St", "Gen", "Lt", "Col"]
                    .contains(&word.chars().rev().collect::<String>().as_str());
            if spaced && capital && !abbreviation {
                out.push(chars[start..=k].iter().collect::<String>().trim().to_owned());
                start = k + 1;
            }
        }
        let rest: String = chars[start..].iter().collect();
        if !rest.trim().is_empty() {
            out.push(rest.trim().to_owned());
        }
    }
    out
}

/// A title from a sentence: its first clause, at most about twelve words.
#[must_use]
pub fn title(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut title: Vec<&str> = Vec::new();
    for w in &words {
        title.push(w);
        if title.len() >= 12 || (title.len() >= 6 && w.ends_with(',')) {
            break;
        }
    }
    let mut t = title.join(" ").trim_end_matches([',', '.', ';', ':']).to_owned();
    if title.len() < words.len() {
        t.push('…');
    }
    t
}

/// A category from the sentence's verbs and nouns.
#[must_use]
pub fn category(sentence: &str) -> String {
    let lower = sentence.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let category = if has(&["bomb", "explosi", "exploded", "blast", "detonat", "ied"]) {
        "bombing"
    } else if has(&["raid"]) {
        "raid"
    } else if has(&["arrest", "detain", "convict", "sentenced"]) {
        "arrest"
    } else if has(&["stormed", "attack", "shot", "opened fire", "stabbed", "killed", "gunmen", "assault"]) {
        "attack"
    } else if has(&["warn", "threat"]) {
        "warning"
    } else if has(&["claimed", "said", "speech", "statement", "video", "declar", "message", "editorial"]) {
        "statement"
    } else {
        "event"
    };
    category.to_owned()
}

/// Whether the sentence tells of something done — a bombing, an assault, a raid, an arrest, people killed
/// or hurt — rather than of attacks in general ("calls to attack Russia").
#[must_use]
pub fn tells_of_an_event(sentence: &str) -> bool {
    const DEEDS: [&str; 18] = [
        "the bombing of",
        "bombed",
        "blew up",
        "blew himself",
        "detonated",
        "stormed",
        "opened fire",
        "stabbed",
        "shot dead",
        "raided",
        "were arrested",
        "was arrested",
        "were detained",
        "was detained",
        "were killed",
        "was killed",
        "were injured",
        "were wounded",
    ];
    let lower = sentence.to_lowercase();
    let (killed, injured) = casualties(sentence);
    killed.is_some() || injured.is_some() || DEEDS.iter().any(|deed| lower.contains(deed))
}

const NUMBER_WORDS: [(&str, u32); 20] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("hundred", 100),
    ("dozens", 24),
    ("dozen", 12),
];

/// Killed and injured when the sentence says so ("killing 140 people", "two killed", "11 wounded").
#[must_use]
pub fn casualties(sentence: &str) -> (Option<u32>, Option<u32>) {
    let words: Vec<String> = sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    let number = |w: &str| -> Option<u32> {
        w.replace(',', "")
            .parse()
            .ok()
            .or_else(|| NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v))
    };
    let near = |keys: &[&str]| -> Option<u32> {
        for (k, w) in words.iter().enumerate() {
            if !keys.iter().any(|key| w.starts_with(key)) {
                continue;
            }
            // "killing 140 people", "wounded 182"; else "140 people were killed", "two killed".
            let after = words.iter().skip(k + 1).take(3).find_map(|w| number(w));
            let before = words[k.saturating_sub(4)..k].iter().rev().find_map(|w| number(w));
            if let Some(n) = after.or(before) {
                return Some(n);
            }
        }
        None
    };
    (near(&["kill", "dead", "died", "death"]), near(&["injur", "wound"]))
}

/// At most twelve words of the sentence, starting at `words` (an exact phrase of the sentence).
#[must_use]
pub fn quote_around(sentence: &str, words: &str) -> String {
    let tail = &sentence[sentence.find(words).unwrap_or(0)..];
    // The end of the twelfth word, keeping the sentence's own spacing and punctuation.
    let mut count = 0;
    let mut in_word = false;
    let mut cut = tail.len();
    for (k, c) in tail.char_indices() {
        if c.is_whitespace() {
            if in_word {
                count += 1;
                if count == 12 {
                    cut = k;
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    tail[..cut].trim_end_matches([',', ';', ':']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_but_not_at_initials() {
        let s = sentences("The U.S. Embassy warned on March 7. Two weeks later, gunmen struck.\nA new line");
        assert_eq!(
            s,
            vec!["The U.S. Embassy warned on March 7.", "Two weeks later, gunmen struck.", "A new line"]
        );
    }

    #[test]
    fn casualties_quotes_and_titles() {
        assert_eq!(
            casualties("The attack killed at least 140 people and wounded 182."),
            (Some(140), Some(182))
        );
        assert_eq!(casualties("Six militants were killed."), (Some(6), None));
        let s = "On March 22, four gunmen stormed the Crocus City Hall in Krasnogorsk, killing many concertgoers inside.";
        assert_eq!(
            quote_around(s, "March 22"),
            "March 22, four gunmen stormed the Crocus City Hall in Krasnogorsk, killing"
        );
        assert!(s.contains(&quote_around(s, "March 22")));
        assert_eq!(title(s), "On March 22, four gunmen stormed the Crocus City Hall in Krasnogorsk…");
        assert_eq!(category(s), "attack");
    }
}
