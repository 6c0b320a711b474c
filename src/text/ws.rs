//! Words between whitespace, as [`str::split_whitespace`] gives them, found byte by byte:
//! Arabic text has no whitespace outside ASCII and a few punctuation-block spaces, so a
//! character is decoded only when its first byte could open one of those.

/// The length of the whitespace character at the start of `b`, or 0 (Unicode White_Space,
/// what [`char::is_whitespace`] tests).
#[inline]
fn space_at(b: &[u8]) -> usize {
    match b[0] {
        b'\t'..=b'\r' | b' ' => 1,
        0xC2 => usize::from(matches!(b.get(1), Some(0x85 | 0xA0))) * 2,
        0xE1 => usize::from(b.get(1..3) == Some(&[0x9A, 0x80])) * 3,
        0xE2 => {
            let is = match (b.get(1), b.get(2)) {
                (Some(0x80), Some(&c)) => matches!(c, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
                (Some(0x81), Some(0x9F)) => true,
                _ => false,
            };
            usize::from(is) * 3
        }
        0xE3 => usize::from(b.get(1..3) == Some(&[0x80, 0x80])) * 3,
        _ => 0,
    }
}

/// What a byte says of the character it opens: 0 not whitespace, 1 an ASCII space, 2 may be
/// a wider one (ask [`space_at`]).
const SPACE_CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => 2,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The words of `s` between whitespace: the same as `s.split_whitespace()`.
pub fn ws_words(s: &str) -> WsWords<'_> {
    WsWords { s, at: 0 }
}

/// Iterator of [`ws_words`].
#[derive(Clone)]
pub struct WsWords<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Iterator for WsWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.s.as_bytes();
        // Skip whitespace.
        while self.at < b.len() {
            match space_len(b, self.at) {
                0 => break,
                n => self.at += n,
            }
        }
        if self.at >= b.len() {
            return None;
        }
        let start = self.at;
        self.at = space_from(b, start + 1);
        // Both ends are at character boundaries: a whitespace character or the end.
        Some(&self.s[start..self.at])
    }
}

/// Where the first whitespace character at or after `from` starts (`b.len()` if none).
/// Eight bytes at a time while none of them could open one ([`may_open_space`]).
#[inline]
fn space_from(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(block) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        let flagged = may_open_space(x);
        if flagged == 0 {
            i += 8;
            continue;
        }
        // The lowest flagged byte is a candidate; bytes before it are not.
        i += flagged.trailing_zeros() as usize / 8;
        break;
    }
    (i..b.len())
        .find(|&k| space_len(b, k) > 0)
        .unwrap_or(b.len())
}

/// The length of the whitespace character at `b[i]`, or 0: [`space_at`], asked only of
/// the bytes [`SPACE_CLASS`] flags.
#[inline]
fn space_len(b: &[u8], i: usize) -> usize {
    match SPACE_CLASS[usize::from(b[i])] {
        0 => 0,
        1 => 1,
        _ => space_at(&b[i..]),
    }
}

/// A bit (the high one) set in each byte of `x` that may open whitespace, counting from
/// the lowest byte: a byte below 0x21, C2, or E0..E3 ([`SPACE_CLASS`] is not 0 for any
/// other). The lowest set bit is always a true one; above it there may be false ones.
#[inline]
fn may_open_space(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |y: u64| y.wrapping_sub(ONES) & !y & HIGH;
    let below_21 = x.wrapping_sub(ONES * 0x21) & !x & HIGH;
    below_21 | zero(x ^ (ONES * 0xC2)) | zero((x & (ONES * 0xFC)) ^ (ONES * 0xE0))
}

/// The words of `s` joined by single spaces, into `out` (cleared first): a text that is
/// already so (most lines are) is copied whole, found by a few fast byte searches.
pub fn collapse_spaces_into(s: &str, out: &mut String) {
    out.clear();
    let b = s.as_bytes();
    let single_spaced = !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && memchr::memmem::find(b, b"  ").is_none()
        && memchr::memchr3(b'\t', b'\n', b'\r', b).is_none()
        && memchr::memchr2(0x0B, 0x0C, b).is_none()
        && memchr::memchr3_iter(0xC2, 0xE1, 0xE2, b)
            .chain(memchr::memchr_iter(0xE3, b))
            .all(|i| space_at(&b[i..]) == 0);
    if single_spaced {
        out.push_str(s);
        return;
    }
    for (k, w) in ws_words(s).enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_whitespace_character_splits_and_no_other_does() {
        for cp in 0u32..0x3100 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            // Short words, and words long enough to be read eight bytes at a time, with the
            // character at every place in a block.
            for s in [
                format!("ب{c}ب"),
                format!("بببببببببب{c}بببببببببب"),
                format!("abcdefghijklmno{c}p{c}{c}qrstuvwxyz0123456789"),
            ] {
                let want: Vec<&str> = s.split_whitespace().collect();
                assert_eq!(ws_words(&s).collect::<Vec<_>>(), want, "U+{cp:04X}");
            }
        }
    }

    proptest! {
        #[test]
        fn collapsed_spaces_are_the_words_joined(s in "(\\PC|[ \t\n\u{A0}\u{2009}\u{202F}\u{3000}\u{85}\u{1680}\u{205F}\u{2013}\u{2026}])*") {
            let mut out = String::from("x");
            collapse_spaces_into(&s, &mut out);
            prop_assert_eq!(out, s.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        #[test]
        fn same_words_as_split_whitespace(s in "(\\PC|[ \t\n\u{A0}\u{2009}\u{202F}\u{3000}\u{85}\u{1680}\u{205F}])*") {
            let want: Vec<&str> = s.split_whitespace().collect();
            prop_assert_eq!(ws_words(&s).collect::<Vec<_>>(), want);
        }
    }
}
