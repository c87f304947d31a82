//! Text files as councils save them: UTF-8 with or without a byte-order
//! mark, UTF-16 with one, or Windows-1252 (with its £ and curly quotes)
//! when the bytes are not UTF-8. A UTF-8 file with a few lines pasted in
//! from somewhere else is read line by line: only the lines that are not
//! UTF-8 are read as Windows-1252, and the import names them.

/// The encoding a text file was read in, for the import's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
    /// UTF-8, except some lines, read as Windows-1252.
    Mixed,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with a byte-order mark",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Mixed => "UTF-8, with some lines in Windows-1252",
        }
    }
}

/// A text file's text, the encoding it was read in, and (for a mixed
/// file) the lines, counted from 1, that were read as Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, Encoding, Vec<u32>) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, mixed) = by_line(rest);
        return match mixed.is_empty() {
            true => (text, Encoding::Utf8Bom, mixed),
            false => (text, Encoding::Mixed, mixed),
        };
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (utf16(rest, u16::from_le_bytes), Encoding::Utf16Le, vec![]);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (utf16(rest, u16::from_be_bytes), Encoding::Utf16Be, vec![]);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), Encoding::Utf8, vec![]);
    }
    let (text, odd) = by_line(bytes);
    // No line is UTF-8 beyond plain ASCII: the whole file is Windows-1252.
    let utf8_beyond_ascii = bytes
        .split(|&b| b == b'\n')
        .any(|l| !l.is_ascii() && std::str::from_utf8(l).is_ok());
    if utf8_beyond_ascii {
        (text, Encoding::Mixed, odd)
    } else {
        (text, Encoding::Windows1252, vec![])
    }
}

/// Each line as UTF-8 where it is, else as Windows-1252; and the lines
/// (from 1) that were not.
fn by_line(bytes: &[u8]) -> (String, Vec<u32>) {
    let mut text = String::with_capacity(bytes.len());
    let mut odd = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(s) => text.push_str(s),
            Err(_) => {
                odd.push(i as u32 + 1);
                text.extend(line.iter().map(|&b| windows_1252(b)));
            }
        }
    }
    (text, odd)
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| read([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Windows-1252: Latin-1 except for 0x80–0x9F, where it keeps the euro
/// sign, curly quotes, dashes and the like.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_encoding_councils_use() {
        assert_eq!(
            decode("£25,000".as_bytes()),
            ("£25,000".into(), Encoding::Utf8, vec![])
        );
        assert_eq!(decode(b"\xEF\xBB\xBFhi").0, "hi");
        assert_eq!(
            decode(b"\xFF\xFEh\x00\xA3\x00"),
            ("h£".into(), Encoding::Utf16Le, vec![])
        );
        assert_eq!(
            decode(b"\xFE\xFF\x00h\x00\xA3"),
            ("h£".into(), Encoding::Utf16Be, vec![])
        );
        assert_eq!(
            decode(b"\xA325,000 \x93quoted\x94 \x96 dash\nplain\n\x85"),
            (
                "£25,000 “quoted” – dash\nplain\n…".into(),
                Encoding::Windows1252,
                vec![]
            )
        );
    }

    /// One stray byte no longer garbles every "£" and "’" of a UTF-8 file:
    /// only its own line is read otherwise, and named.
    #[test]
    fn a_utf8_file_with_one_stray_line_keeps_its_utf8() {
        let bytes = [
            "£25,000 for the Council’s team\nThe PCC".as_bytes(),
            b"\x92s grant\n",
            "Café".as_bytes(),
        ]
        .concat();
        let (text, enc, odd) = decode(&bytes);
        assert_eq!(enc, Encoding::Mixed);
        assert_eq!(
            text,
            "£25,000 for the Council’s team\nThe PCC’s grant\nCafé"
        );
        assert_eq!(odd, [2]);
        let (text, enc, odd) = decode(&[b"\xEF\xBB\xBF".as_slice(), &bytes].concat());
        assert_eq!(
            (text.as_str(), enc),
            (
                "£25,000 for the Council’s team\nThe PCC’s grant\nCafé",
                Encoding::Mixed
            )
        );
        assert_eq!(odd, [2]);
    }
}
