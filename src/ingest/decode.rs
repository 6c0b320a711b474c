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

/// [`decode`], with a warning when a UTF-8 file holds a few invalid bytes (they become
/// U+FFFD rather than turning the whole file into mojibake).
pub fn decode_noting(bytes: &[u8], path: &Path, warnings: &mut Vec<Warning>) -> Result<String> {
    let binary = || Error::Binary {
        path: path.to_owned(),
    };
    let text = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        enc.decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned()
    } else if bytes.contains(&0) {
        return Err(binary());
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                let lossy = String::from_utf8_lossy(bytes);
                let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
                let total = lossy.chars().count().max(1);
                // A few bad bytes in a UTF-8 file; a legacy encoding read as UTF-8 fails
                // on nearly every Arabic letter instead.
                if bad * 20 < total {
                    warnings.push(Warning {
                        message: format!(
                            "{}: invalid UTF-8 from byte {} ({bad} bad sequence(s) replaced)",
                            path.display(),
                            e.valid_up_to()
                        ),
                    });
                    lossy.into_owned()
                } else {
                    let mut det =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                    det.feed(bytes, true);
                    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
                    enc.decode(bytes).0.into_owned()
                }
            }
        }
    };
    if text.contains('\0') || looks_binary(&text) {
        return Err(binary());
    }
    Ok(text)
}

/// More than one character in twenty is a control character or a decoding failure.
fn looks_binary(text: &str) -> bool {
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
    fn decodes_iso_8859_6() {
        let arabic = "أعلنت وزارة العمل عن برنامج جديد لتشغيل الشباب العاطلين عن العمل في المدن";
        let (bytes, _, unmappable) = encoding_rs::ISO_8859_6.encode(arabic);
        assert!(!unmappable);
        assert_eq!(decode(&bytes, p()).unwrap(), arabic);
    }
}
