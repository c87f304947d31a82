//! Writing XML text safely: escaped, and without the characters XML 1.0
//! forbids (such as U+000B, which Word pastes for a manual line break).

/// Whether XML 1.0 allows the character at all.
pub fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` escaped for element content or a double-quoted attribute.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 8);
    push_escaped(&mut s, text);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(
            escape("a<b & \"c\"\u{b}d\u{0}\u{fffe}é"),
            "a&lt;b &amp; &quot;c&quot;dé"
        );
    }
}
