//! Bytes to text: BOM, UTF-8, or a detected legacy encoding; binary data refused.

use std::path::Path;

use super::Warning;
use crate::error::{Error, Result};

/// Decode file bytes: BOM first, then UTF-8, then a detected legacy encoding (chardetng;
/// Windows-1256 and ISO-8859-6 for Arabic). Bytes that hold NUL bytes or decode to many
/// control characters are not text.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    decode_noting(bytes, path, &mut Vec::new())
}

/// [`decode`], with a warning when the bytes are not all of one encoding: a UTF-8 file
/// with a few invalid bytes (they become U+FFFD) or with lines pasted from a legacy
/// encoding (those lines are decoded on their own, never the whole file as mojibake).
pub fn decode_noting(bytes: &[u8], path: &Path, warnings: &mut Vec<Warning>) -> Result<String> {
    let binary = || Error::Binary {
        path: path.to_owned(),
    };
    let text = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        enc.decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned()
    } else if let Some(enc) = utf16_without_bom(bytes) {
        enc.decode_without_bom_handling(bytes).0.into_owned()
    } else if bytes.contains(&0) {
        return Err(binary());
    } else {
        // simdutf8 answers whether at a fraction of the standard check's cost.
        match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => decode_by_line(bytes, path, warnings),
        }
    };
    // A second BOM (a file saved twice with one) is not text either.
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.trim_start_matches('\u{FEFF}').to_owned(),
        None => text,
    };
    if text.contains('\0') || looks_binary(&text) {
        return Err(binary());
    }
    Ok(repair_mojibake(text, path, warnings))
}

/// Lines of UTF-8 Arabic that a scraper once read as Windows-1252 or Latin-1 and saved
/// again ("ÙˆØ²Ø§Ø±Ø©" for "وزارة") are repaired, with a warning naming the lines.
fn repair_mojibake(text: String, path: &Path, warnings: &mut Vec<Warning>) -> String {
    // 'Ø' and 'Ù' are C3 98 and C3 99 (C3, rare in Arabic text, is searched for).
    let b = text.as_bytes();
    if !memchr::memchr_iter(0xC3, b).any(|i| matches!(b.get(i + 1), Some(0x98 | 0x99))) {
        return text;
    }
    let mut fixed = Vec::new();
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        match unmojibake(line) {
            Some(l) => {
                fixed.push(i + 1);
                out.push_str(&l);
            }
            None => out.push_str(line),
        }
    }
    if fixed.is_empty() {
        return text;
    }
    warnings.push(Warning {
        message: format!(
            "{}: line {} held UTF-8 read as Windows-1252 (mojibake such as 'Ù…'); repaired",
            crate::error::shown(path),
            line_list(&fixed)
        ),
    });
    out
}

/// The line's characters as Windows-1252 (else Latin-1) bytes, when those are UTF-8 with
/// Arabic letters.
fn unmojibake(line: &str) -> Option<String> {
    if line.chars().filter(|c| matches!(c, 'Ø' | 'Ù')).count() < 3 {
        return None;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(line);
    let bytes = if unmappable {
        line.chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect::<Option<Vec<u8>>>()?
    } else {
        bytes.into_owned()
    };
    let s = String::from_utf8(bytes).ok()?;
    s.chars()
        .any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        .then_some(s)
}

/// UTF-16 saved without a byte order mark: Arabic and ASCII text gives byte pairs whose
/// high byte is 0x06 or 0x00, and a file of such pairs is no binary format.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) || !bytes.contains(&0) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let share = |high: usize| {
        let pairs = sample.chunks_exact(2);
        let n = pairs.len();
        let text_like = pairs
            .filter(|p| matches!(p[high], 0x00 | 0x06) && p[1 - high] != 0)
            .count();
        text_like * 10 >= n * 9
    };
    if share(1) {
        Some(encoding_rs::UTF_16LE)
    } else if share(0) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// How one line that is not valid UTF-8 is read.
enum LineKind {
    /// Valid UTF-8 (or mostly: its few bad bytes become U+FFFD).
    Utf8 { bad: usize },
    /// A legacy encoding: more invalid bytes than valid non-ASCII characters.
    Legacy,
}

fn line_kind(line: &[u8]) -> LineKind {
    let (mut multi, mut bad) = (0usize, 0usize);
    for chunk in line.utf8_chunks() {
        multi += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if multi >= bad {
        LineKind::Utf8 { bad }
    } else {
        LineKind::Legacy
    }
}

/// Bytes that are not valid UTF-8, line by line: UTF-8 lines stay UTF-8 (a stray bad byte
/// becomes U+FFFD), the others are decoded in the legacy encoding chardetng detects from
/// them alone. Mixed files, and legacy text in an encoding not made for Arabic, are
/// warnings that say which lines and which encoding.
fn decode_by_line(bytes: &[u8], path: &Path, warnings: &mut Vec<Warning>) -> String {
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let kinds: Vec<LineKind> = lines.iter().map(|l| line_kind(l)).collect();
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    for (line, kind) in lines.iter().zip(&kinds) {
        if matches!(kind, LineKind::Legacy) {
            det.feed(line, false);
        }
    }
    det.feed(b"", true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    let (mut text, mut legacy, mut utf8_lines, mut replaced) = (
        String::with_capacity(bytes.len() * 2),
        Vec::new(),
        0,
        Vec::new(),
    );
    for (i, (line, kind)) in lines.iter().zip(&kinds).enumerate() {
        match kind {
            LineKind::Legacy => {
                legacy.push(i + 1);
                text.push_str(&enc.decode_without_bom_handling(line).0);
            }
            LineKind::Utf8 { bad } => {
                utf8_lines += usize::from(line.iter().any(|b| !b.is_ascii()));
                if *bad > 0 {
                    replaced.push((i + 1, *bad));
                }
                text.push_str(&String::from_utf8_lossy(line));
            }
        }
    }
    let shown = crate::error::shown(path);
    if !replaced.is_empty() {
        let count: usize = replaced.iter().map(|r| r.1).sum();
        warnings.push(Warning {
            message: format!(
                "{shown}: invalid UTF-8 on line {} ({count} bad sequence(s) replaced)",
                line_list(&replaced.iter().map(|r| r.0).collect::<Vec<_>>())
            ),
        });
    }
    let arabic = enc == encoding_rs::WINDOWS_1256 || enc == encoding_rs::ISO_8859_6;
    if !legacy.is_empty() && (utf8_lines > 0 || !arabic) {
        warnings.push(Warning {
            message: format!(
                "{shown}: line {} not UTF-8; decoded as {} (guessed), check the text",
                line_list(&legacy),
                enc.name()
            ),
        });
    }
    text
}

/// "3", "3, 5, 9" or "3, 5, 9, 12, 20 and 7 more".
fn line_list(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
    match lines.len() {
        n if n > 5 => format!("{} and {} more", shown.join(", "), n - 5),
        _ => shown.join(", "),
    }
}

/// More than one character in twenty is a control character or a decoding failure.
fn looks_binary(text: &str) -> bool {
    if !holds_bad_chars(text.as_bytes()) {
        return false;
    }
    let (mut total, mut bad) = (0usize, 0usize);
    for c in text.chars().take(64 * 1024) {
        total += 1;
        let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
        if c == '\u{FFFD}' || control {
            bad += 1;
        }
    }
    bad * 20 > total
}

/// Whether `b` holds a character [`looks_binary`] counts as bad: a control character other
/// than a line break, tab or form feed (C0 bytes, DEL, C2 80..9F) or U+FFFD (EF BF BD). A
/// byte scan: decoding each character would cost more than reading the file.
fn holds_bad_chars(b: &[u8]) -> bool {
    b.iter()
        .any(|&x| (x < 0x20 && !matches!(x, b'\n' | b'\r' | b'\t' | 0x0C)) || x == 0x7F)
        || memchr::memchr2_iter(0xC2, 0xEF, b).any(|i| match b[i] {
            0xC2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
            _ => b.get(i + 1..i + 3) == Some(&[0xBF, 0xBD]),
        })
}

pub(super) fn normalise_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("a.md")
    }

    #[test]
    fn decodes_bom_utf16_and_windows_1256() {
        let arabic = "وزارة العمل تطلق برنامجا جديدا لتشغيل الشباب في المدن الكبرى";
        let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
        utf8_bom.extend_from_slice(arabic.as_bytes());
        assert_eq!(decode(&utf8_bom, p()).unwrap(), arabic);
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
        assert_eq!(decode(&cp1256, p()).unwrap(), arabic);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in arabic.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16, p()).unwrap(), arabic);
        assert!(matches!(
            decode(b"\x00\x01PK", p()),
            Err(Error::Binary { .. })
        ));
        // Random bytes without NUL are not text either.
        let noise: Vec<u8> = (1..=255u8)
            .cycle()
            .take(2000)
            .map(|b| b.wrapping_mul(37) | 1)
            .collect();
        assert!(matches!(decode(&noise, p()), Err(Error::Binary { .. })));
    }

    #[test]
    fn a_pasted_windows_1256_line_in_utf8_is_decoded_alone_with_a_warning() {
        let utf8 = "وزارة العمل تطلق برنامجا جديدا لتشغيل الشباب\n";
        let pasted = "أعلنت الوزارة اليوم عن بدء التسجيل في البرنامج\n";
        let mut bytes = utf8.repeat(3).into_bytes();
        bytes.extend_from_slice(&encoding_rs::WINDOWS_1256.encode(pasted).0);
        bytes.extend_from_slice(utf8.as_bytes());
        let mut w = Vec::new();
        let text = decode_noting(&bytes, p(), &mut w).unwrap();
        assert_eq!(text, utf8.repeat(3) + pasted + utf8);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].message.contains("line 4 not UTF-8"),
            "{}",
            w[0].message
        );
        // A stray byte in a UTF-8 line is replaced, not a reason to re-read the line.
        let mut bytes = utf8.as_bytes().to_vec();
        bytes.insert(10, 0xFF);
        let mut w = Vec::new();
        let text = decode_noting(&bytes, p(), &mut w).unwrap();
        assert!(text.contains('\u{FFFD}') && text.contains("تطلق برنامجا"));
        assert!(w[0].message.contains("invalid UTF-8 on line 1"), "{w:?}");
    }

    #[test]
    fn utf8_arabic_once_read_as_windows_1252_is_repaired_with_a_warning() {
        let arabic = "وزارة العمل تطلق برنامجا جديدا\n";
        let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(arabic.as_bytes());
        assert!(garbled.starts_with("Ù"), "{garbled}");
        let text = format!("{arabic}{garbled}Ok, Ùn café.\n");
        let mut w = Vec::new();
        let got = decode_noting(text.as_bytes(), p(), &mut w).unwrap();
        assert_eq!(got, format!("{arabic}{arabic}Ok, Ùn café.\n"));
        assert!(
            w[0].message
                .contains("line 2 held UTF-8 read as Windows-1252"),
            "{w:?}"
        );
    }

    #[test]
    fn utf16_without_a_bom_is_decoded_and_nul_padded_binary_is_not() {
        let arabic = "وزارة العمل تطلق برنامجا جديدا لتشغيل الشباب 2024\n";
        let le: Vec<u8> = arabic.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = arabic.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le, p()).unwrap(), arabic);
        assert_eq!(decode(&be, p()).unwrap(), arabic);
        let binary: Vec<u8> = (0..400u32)
            .flat_map(|i| [(i % 251) as u8, 0, 0, 7])
            .collect();
        assert!(matches!(decode(&binary, p()), Err(Error::Binary { .. })));
    }

    #[test]
    fn decodes_iso_8859_6() {
        let arabic = "أعلنت وزارة العمل عن برنامج جديد لتشغيل الشباب العاطلين عن العمل في المدن";
        let (bytes, _, unmappable) = encoding_rs::ISO_8859_6.encode(arabic);
        assert!(!unmappable);
        assert_eq!(decode(&bytes, p()).unwrap(), arabic);
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_finds_exactly_the_bad_characters(
            s in "([\\x00-\\x20\\x7E\\x7F\\u{80}-\\u{A0}\\u{FFFD}\\u{FFFC}\\u{C380}-\\u{C3FF}ØÙ]|\\PC)*"
        ) {
            let bad = s.chars().any(|c| {
                c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            });
            proptest::prop_assert_eq!(holds_bad_chars(s.as_bytes()), bad);
        }
    }
}
