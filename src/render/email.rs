//! The `.eml` file: a complete MIME message for `digest send` (or `sendmail -t`), built
//! with lettre's message builder. Everything that would make the file differ between two
//! runs of the same content is fixed or derived: the Message-ID is a hash of the content
//! (so a corrected digest gets a new one and the same digest keeps its own), the Date is the
//! build time or `SOURCE_DATE_EPOCH`, and the boundary is `=_digest_WEEK`, which cannot
//! occur inside a quoted-printable body (there `=` is always followed by two hex digits or a
//! line end) nor a base64 one (no `_`). Every header line is folded to at most 78 octets
//! where it has a place to fold, and never passes 998 (RFC 5322).

use std::time::{Duration, SystemTime};

use base64::prelude::{BASE64_STANDARD, Engine as _};
use lettre::message::header::{self, ContentTransferEncoding, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use crate::error::{Error, Result};
use crate::week::IsoWeek;

/// Who the message is from and to, and the mailing-list headers.
#[derive(Debug, Clone)]
pub struct Addresses {
    pub from: String,
    /// Empty: `To: undisclosed-recipients:;` (`digest send` refuses such a file).
    pub to: Vec<String>,
    pub reply_to: Option<String>,
    /// `List-Id` (RFC 2919): "Name <list.example.org>" or "list.example.org".
    pub list_id: Option<String>,
    /// `List-Unsubscribe` targets (RFC 2369): `https://…`, `mailto:…`.
    pub list_unsubscribe: Vec<String>,
    /// The Date header.
    pub date: SystemTime,
}

/// The longest header line we write where there is a place to fold, and the longest any
/// line may be (RFC 5322 2.1.1).
const FOLD_AT: usize = 78;
pub const MAX_LINE: usize = 998;

/// The latest Date lettre can write (httpdate stops before year 10000).
const MAX_EPOCH: u64 = 253_402_300_799;

/// The build time: `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
/// convention) when set, else now.
pub fn build_time() -> Result<SystemTime> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: u64 = v.trim().parse().ok().filter(|s| *s <= MAX_EPOCH).ok_or_else(|| {
                Error::Other(format!(
                    "SOURCE_DATE_EPOCH = '{v}' is not a number of seconds between 0 and {MAX_EPOCH}"
                ))
            })?;
            Ok(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
        }
        Err(_) => Ok(SystemTime::now()),
    }
}

/// An address as the message may carry it: an internationalised domain in its ASCII
/// (IDNA) form; a non-ASCII user part, which needs SMTPUTF8 all the way, is refused.
pub fn mailbox(setting: &str, value: &str) -> Result<Mailbox> {
    let bad = |why: String| Error::Other(format!("{setting} = '{value}' {why}"));
    let mb = value
        .trim()
        .parse::<Mailbox>()
        .map_err(|e| bad(format!("is not an e-mail address: {e}")))?;
    let (user, domain) = (mb.email.user(), mb.email.domain());
    if !user.is_ascii() {
        return Err(bad(format!(
            "has a non-ASCII user name '{user}', which needs SMTPUTF8 (RFC 6532) from every \
             server on the way; digest does not send such addresses: use an ASCII one"
        )));
    }
    let ascii = idna::domain_to_ascii(domain).map_err(|_| {
        bad(format!(
            "has a domain '{domain}' that is not a valid IDNA name"
        ))
    })?;
    let email =
        Address::new(user, ascii).map_err(|e| bad(format!("is not an e-mail address: {e}")))?;
    Ok(Mailbox::new(mb.name, email))
}

/// A week's nominal send time, the Monday after it at 06:00 UTC: a fixed instant per week
/// for the archive feed's `updated` (the `.eml`'s own Date is the build time).
pub fn send_time(week: IsoWeek) -> SystemTime {
    let monday = week.sunday() + chrono::Days::new(1);
    let at = monday.and_time(chrono::NaiveTime::from_hms_opt(6, 0, 0).expect("valid time"));
    let secs = at.and_utc().timestamp().max(0) as u64;
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

/// CRLF line ends, as MIME wants. Done here in one pass: lettre would insert each CR into
/// the string, which takes quadratic time on a large week.
fn crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in text.split_inclusive('\n') {
        match line.strip_suffix('\n') {
            Some(l) => {
                out.push_str(l.strip_suffix('\r').unwrap_or(l));
                out.push_str("\r\n");
            }
            None => out.push_str(line),
        }
    }
    out
}

/// A header value written as given (it has been checked to be printable ASCII).
fn raw_header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str(name),
        value.clone(),
        value,
    )
}

/// A subject as RFC 2047 encoded-words of at most 75 characters, one per line: for a
/// subject with a word too long to fold (lettre writes ASCII words as they are).
fn encoded_words(text: &str) -> String {
    use std::fmt::Write;
    // 42 bytes are 56 base64 characters: a 68-character word, 77 octets after "Subject: ".
    const CHUNK: usize = 42;
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if !out.is_empty() {
            out.push_str("\r\n ");
        }
        let _ = write!(
            out,
            "=?utf-8?b?{}?=",
            BASE64_STANDARD.encode(&rest.as_bytes()[..cut])
        );
        rest = &rest[cut..];
    }
    out
}

/// `List-Id` as configured: "Name <label.example.org>" or a bare "label.example.org".
fn list_id(value: &str) -> Result<HeaderValue> {
    let bad = || {
        Error::Other(format!(
            "list_id = '{value}' is not a list identifier: expected \"Name <label.example.org>\" \
             (RFC 2919: ASCII letters, digits, '-' and '.', with at least one '.')"
        ))
    };
    let value = value.trim();
    let (phrase, id) = match value.rsplit_once('<') {
        Some((p, rest)) => (p.trim(), rest.strip_suffix('>').ok_or_else(bad)?),
        None => ("", value),
    };
    let id_ok = id.contains('.')
        && id
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if !id_ok
        || phrase
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>' | '"'))
    {
        return Err(bad());
    }
    let full = if phrase.is_empty() {
        format!("<{id}>")
    } else {
        format!("{phrase} <{id}>")
    };
    Ok(HeaderValue::new(
        HeaderName::new_from_ascii_str("List-Id"),
        full,
    ))
}

/// `List-Unsubscribe` (RFC 2369) and, when one target is https, the one-click
/// `List-Unsubscribe-Post` (RFC 8058).
fn list_unsubscribe(targets: &[String]) -> Result<Vec<HeaderValue>> {
    let mut parts = Vec::new();
    for t in targets {
        let t = t.trim();
        let lower = t.to_ascii_lowercase();
        let scheme_ok = ["https://", "http://", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s) && lower.len() > s.len());
        if !scheme_ok
            || !t
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"<>\",".contains(&b))
        {
            return Err(Error::Other(format!(
                "list_unsubscribe = '{t}' is not an https:// or mailto: address in ASCII \
                 (percent-encode anything else)"
            )));
        }
        parts.push(format!("<{t}>"));
    }
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = vec![raw_header("List-Unsubscribe", parts.join(", "))];
    if targets
        .iter()
        .any(|t| t.trim().to_ascii_lowercase().starts_with("https://"))
    {
        out.push(raw_header(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".to_owned(),
        ));
    }
    Ok(out)
}

/// The subject as lettre would write it, unless a word is too long to fold.
fn subject_header(subject: &str) -> HeaderValue {
    let subject: String = subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if subject
        .split(' ')
        .any(|w| w.len() > FOLD_AT - "Subject: ".len())
    {
        raw_header("Subject", encoded_words(&subject))
    } else {
        HeaderValue::new(HeaderName::new_from_ascii_str("Subject"), subject)
    }
}

/// Fold every header line longer than [`FOLD_AT`] at its spaces (each fold is a CRLF
/// before a space, which unfolding removes again), and refuse a line that is still longer
/// than [`MAX_LINE`].
pub fn fold_headers(message: &[u8]) -> Result<Vec<u8>> {
    let end = find(message, b"\r\n\r\n").map_or(message.len(), |i| i + 2);
    let mut out = Vec::with_capacity(message.len() + 64);
    for line in message[..end].split_inclusive(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r\n").unwrap_or(line);
        fold_line(line, &mut out);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(&message[end..]);
    if let Some(long) = out.split(|&b| b == b'\n').find(|l| l.len() > MAX_LINE + 1) {
        let start = String::from_utf8_lossy(&long[..long.len().min(40)]).into_owned();
        return Err(Error::Other(format!(
            "e-mail message: a line of {} octets (\"{start}…\") cannot be folded under {MAX_LINE}",
            long.len() - 1
        )));
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Greedy folding of one line: break before the last space that keeps the piece within
/// [`FOLD_AT`], or else the first space after it. The header name's own space is no
/// place to fold.
fn fold_line(mut line: &[u8], out: &mut Vec<u8>) {
    let mut first = true;
    while line.len() > FOLD_AT {
        let min = if first {
            line.iter().position(|&b| b == b':').map_or(1, |i| i + 2)
        } else {
            1
        };
        let spaces = || {
            line.iter()
                .enumerate()
                .skip(min)
                .filter(|(_, b)| **b == b' ')
        };
        let cut = spaces()
            .map(|(i, _)| i)
            .take_while(|i| *i <= FOLD_AT)
            .last()
            .or_else(|| spaces().map(|(i, _)| i).next());
        let Some(cut) = cut else { break };
        out.extend_from_slice(&line[..cut]);
        out.extend_from_slice(b"\r\n");
        line = &line[cut..];
        first = false;
    }
    out.extend_from_slice(line);
}

/// The SHA-256 of the content, hex, for the Message-ID.
fn content_hash(bytes: &[u8]) -> String {
    let d = ring::digest::digest(&ring::digest::SHA256, bytes);
    d.as_ref()[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The builder with From, Reply-To and To set (the Date is set at the end).
fn addressed(addresses: &Addresses) -> Result<lettre::message::MessageBuilder> {
    let from = mailbox("from", &addresses.from)?;
    let mut builder = Message::builder()
        .from(from.clone())
        .date(SystemTime::UNIX_EPOCH);
    if let Some(r) = &addresses.reply_to {
        builder = builder.reply_to(mailbox("reply_to", r)?);
    }
    for to in &addresses.to {
        builder = builder.to(mailbox("to", to)?);
    }
    if addresses.to.is_empty() {
        // No recipients configured: the file is still complete; the envelope is only
        // lettre's own bookkeeping and is not written.
        let own: Address = from.email;
        builder = builder.envelope(
            lettre::address::Envelope::new(Some(own.clone()), vec![own])
                .map_err(|e| Error::Other(format!("e-mail envelope: {e}")))?,
        );
    }
    Ok(builder)
}

/// text/plain then text/html. Quoted-printable keeps the text part legible in the file;
/// base64 is linear on a large HTML part. Neither can contain the boundary.
fn alternative(week: IsoWeek, text: &str, html: &str) -> MultiPart {
    let part = |content_type: header::ContentType, encoding, body: &str| {
        SinglePart::builder()
            .header(content_type)
            .header(encoding)
            .body(crlf(body))
    };
    MultiPart::alternative()
        .boundary(format!("=_digest_{week}"))
        .singlepart(part(
            header::ContentType::TEXT_PLAIN,
            ContentTransferEncoding::QuotedPrintable,
            text,
        ))
        .singlepart(part(
            header::ContentType::TEXT_HTML,
            ContentTransferEncoding::Base64,
            html,
        ))
}

/// The message as bytes, CRLF line ends.
pub fn message(
    week: IsoWeek,
    subject: &str,
    text: &str,
    html: &str,
    addresses: &Addresses,
) -> Result<Vec<u8>> {
    let domain = mailbox("from", &addresses.from)?.email.domain().to_owned();
    let mut msg = addressed(addresses)?
        .multipart(alternative(week, text, html))
        .map_err(|e| Error::Other(format!("e-mail message: {e}")))?;
    let headers = msg.headers_mut();
    headers.insert_raw(subject_header(subject));
    if addresses.to.is_empty() {
        headers.insert_raw(raw_header("To", "undisclosed-recipients:;".to_owned()));
    }
    if let Some(id) = &addresses.list_id {
        headers.insert_raw(list_id(id)?);
    }
    for h in list_unsubscribe(&addresses.list_unsubscribe)? {
        headers.insert_raw(h);
    }
    // The Message-ID is the hash of everything but the Date and itself.
    let hash = content_hash(&msg.formatted());
    let headers = msg.headers_mut();
    headers.set(header::Date::new(addresses.date));
    headers.insert_raw(raw_header(
        "Message-ID",
        format!("<digest.{week}.{hash}@{domain}>"),
    ));
    fold_headers(&msg.formatted())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> IsoWeek {
        IsoWeek::new(2024, 22).unwrap()
    }

    fn addresses() -> Addresses {
        Addresses {
            from: crate::config::DEFAULT_FROM.to_owned(),
            to: Vec::new(),
            reply_to: None,
            list_id: None,
            list_unsubscribe: Vec::new(),
            date: SystemTime::UNIX_EPOCH + Duration::from_secs(1_717_394_400),
        }
    }

    fn text(m: Vec<u8>) -> String {
        String::from_utf8(m).unwrap()
    }

    /// Every line of the message ends in CRLF and is at most 998 octets; header lines at
    /// most 78 where they have a space to fold at.
    fn assert_lines_ok(m: &str) {
        let (head, _) = m.split_once("\r\n\r\n").unwrap();
        for line in m.split_inclusive('\n') {
            assert!(line.ends_with("\r\n"), "bare LF: {line:?}");
            assert!(line.len() - 2 <= MAX_LINE, "{} octets", line.len());
        }
        for line in head.split("\r\n") {
            assert!(line.len() <= FOLD_AT || !line[1..].contains(' '), "{line}");
        }
    }

    #[test]
    fn reproducible_message_with_defaults() {
        let addr = addresses();
        let a = message(week(), "نشرة – الأسبوع 22", "نص", "<p>نص</p>", &addr).unwrap();
        let b = message(week(), "نشرة – الأسبوع 22", "نص", "<p>نص</p>", &addr).unwrap();
        assert_eq!(a, b);
        let s = text(a);
        assert_lines_ok(&s);
        assert!(s.contains("To: undisclosed-recipients:;\r\n"), "{s}");
        assert!(s.contains("From: digest <digest@localhost>\r\n"), "{s}");
        assert!(
            s.contains("Date: Mon, 03 Jun 2024 06:00:00 +0000\r\n"),
            "{s}"
        );
        assert!(s.contains("Message-ID: <digest.2024-W22."), "{s}");
        assert!(
            s.contains("Subject: =?utf-8?"),
            "subject is RFC 2047 encoded: {s}"
        );
        assert!(s.contains("=_digest_2024-W22"), "{s}");
    }

    #[test]
    fn the_message_id_follows_the_content_not_the_date() {
        let id = |m: Vec<u8>| crate::send::header(&m, "Message-ID").unwrap();
        let mut addr = addresses();
        let one = id(message(week(), "s", "t", "h", &addr).unwrap());
        addr.date += Duration::from_secs(86_400);
        let later = message(week(), "s", "t", "h", &addr).unwrap();
        assert!(text(later.clone()).contains("Date: Tue, 04 Jun 2024"));
        assert_eq!(one, id(later), "same content, same id");
        assert_ne!(one, id(message(week(), "s", "t2", "h", &addr).unwrap()));
        assert_ne!(one, id(message(week(), "s", "t", "h2", &addr).unwrap()));
        assert_ne!(one, id(message(week(), "s2", "t", "h", &addr).unwrap()));
        addr.to = vec!["a@example.org".into()];
        assert_ne!(one, id(message(week(), "s", "t", "h", &addr).unwrap()));
    }

    #[test]
    fn configured_addresses_list_headers_and_bad_ones() {
        let addr = Addresses {
            from: "نشرة العمل <news@example.org>".to_owned(),
            to: vec!["a@example.org".to_owned(), "b@example.org".to_owned()],
            reply_to: Some("editor@example.org".to_owned()),
            list_id: Some("نشرة العمل <labour-news.example.org>".to_owned()),
            list_unsubscribe: vec![
                "https://example.org/u?l=1".to_owned(),
                "mailto:leave@example.org".to_owned(),
            ],
            ..addresses()
        };
        let s = text(message(week(), "s", "t", "h", &addr).unwrap());
        assert_lines_ok(&s);
        assert!(s.contains("a@example.org") && s.contains("b@example.org"));
        assert!(s.contains("Reply-To: editor@example.org\r\n"), "{s}");
        assert!(s.contains("@example.org>\r\n"));
        assert!(s.contains("List-Id: =?utf-8?"), "{s}");
        assert!(s.contains(" <labour-news.example.org>\r\n"), "{s}");
        assert!(s.contains(
            "List-Unsubscribe: <https://example.org/u?l=1>, <mailto:leave@example.org>\r\n"
        ));
        assert!(s.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        let mailto_only = Addresses {
            list_unsubscribe: vec!["mailto:leave@example.org".to_owned()],
            ..addr.clone()
        };
        let s = text(message(week(), "s", "t", "h", &mailto_only).unwrap());
        assert!(
            !s.contains("List-Unsubscribe-Post"),
            "one-click needs https: {s}"
        );
        for (bad, named) in [
            (
                Addresses {
                    from: "not an address".into(),
                    ..addresses()
                },
                "from = 'not an address'",
            ),
            (
                Addresses {
                    list_id: Some("no dots".into()),
                    ..addresses()
                },
                "list_id",
            ),
            (
                Addresses {
                    list_unsubscribe: vec!["javascript:x".into()],
                    ..addresses()
                },
                "list_unsubscribe",
            ),
            (
                Addresses {
                    list_unsubscribe: vec!["https://e.org/a>\r\nBcc: x".into()],
                    ..addresses()
                },
                "list_unsubscribe",
            ),
        ] {
            let err = message(week(), "s", "t", "h", &bad)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(named), "{err}");
        }
    }

    #[test]
    fn long_headers_are_folded_under_the_limits() {
        let addr = Addresses {
            to: (0..300)
                .map(|i| format!("subscriber{i:03}@example.org"))
                .collect(),
            ..addresses()
        };
        let long_word = "A".repeat(3000);
        let s = text(message(week(), &long_word, "t", "h", &addr).unwrap());
        assert_lines_ok(&s);
        // Folding loses nothing: unfolded, the headers say what was asked.
        let m = s.as_bytes();
        let to = crate::send::header(m, "To").unwrap();
        assert_eq!(to.matches("@example.org").count(), 300, "{to}");
        assert!(to.contains("subscriber000@example.org, subscriber001@example.org"));
        let subject = crate::send::header(m, "Subject").unwrap();
        assert!(subject.starts_with("=?utf-8?b?"), "{subject}");
        let words = "كلمة ".repeat(700) + &"x".repeat(500);
        let s = text(message(week(), &words, "t", "h", &addr).unwrap());
        assert_lines_ok(&s);
    }

    #[test]
    fn international_addresses_use_idna_or_are_refused() {
        let addr = Addresses {
            to: vec!["قارئ <reader@مثال.مصر>".to_owned()],
            ..addresses()
        };
        let s = text(message(week(), "s", "t", "h", &addr).unwrap());
        assert!(s.contains("<reader@xn--"), "{s}");
        assert!(s.is_ascii(), "{s}");
        let addr = Addresses {
            to: vec!["قارئ@example.org".to_owned()],
            ..addresses()
        };
        let err = message(week(), "s", "t", "h", &addr)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("non-ASCII user name") && err.contains("SMTPUTF8"),
            "{err}"
        );
    }

    proptest::proptest! {
        /// Folding only inserts CRLF before spaces: unfolded, every header is what it was,
        /// and no header line is longer than 78 octets unless it has no space to fold at.
        #[test]
        fn folding_is_lossless_and_short(words in proptest::collection::vec("[!-~]{1,90}", 0..60)) {
            let value = words.join(" ");
            let message = format!("X-Test: {value}\r\nTo: a@b.c\r\n\r\nbody\r\n");
            let Ok(folded) = fold_headers(message.as_bytes()) else {
                proptest::prop_assert!(words.iter().any(|w| w.len() > MAX_LINE - 10));
                return Ok(());
            };
            let folded = String::from_utf8(folded).unwrap();
            let (head, body) = folded.split_once("\r\n\r\n").unwrap();
            proptest::prop_assert_eq!(head.replace("\r\n ", " "), format!("X-Test: {value}\r\nTo: a@b.c"));
            proptest::prop_assert_eq!(body, "body\r\n");
            for line in head.split("\r\n") {
                // Where a fold may go: after "Name: ", or after a continuation's space.
                let foldable = line.strip_prefix("X-Test: ").or(line.get(1..)).unwrap_or("");
                proptest::prop_assert!(line.len() <= FOLD_AT || !foldable.contains(' '), "{}", line);
            }
        }
    }

    #[test]
    fn a_subject_cannot_add_headers() {
        let s = message(
            week(),
            "x\r\nBcc: victim@example.org",
            "t",
            "h",
            &addresses(),
        )
        .unwrap();
        let s = text(s);
        assert!(!s.contains("\r\nBcc:"), "{s}");
    }
}
