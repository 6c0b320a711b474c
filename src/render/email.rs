//! The `.eml` file: a complete MIME message for `sendmail -t` or `msmtp -t`, built with
//! lettre's message builder. Everything that would make the file differ between two runs is
//! fixed: the Date is the Monday after the week at 06:00 UTC, the Message-ID is derived from
//! the week, and the boundary is `=_digest_WEEK`, which cannot occur inside a
//! quoted-printable body (there `=` is always followed by two hex digits or a line end) nor
//! a base64 one (no `_`).

use std::time::{Duration, SystemTime};

use chrono::{Days, NaiveTime};
use lettre::message::header::{self, ContentTransferEncoding, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use crate::error::{Error, Result};
use crate::week::IsoWeek;

/// Who the message is from and to.
#[derive(Debug, Clone)]
pub struct Addresses {
    pub from: String,
    /// Empty: `To: undisclosed-recipients:;`.
    pub to: Vec<String>,
    pub reply_to: Option<String>,
}

fn mailbox(setting: &str, value: &str) -> Result<Mailbox> {
    value.trim().parse::<Mailbox>().map_err(|e| {
        Error::Other(format!(
            "{setting} = '{value}' is not an e-mail address: {e}"
        ))
    })
}

/// When the newsletter goes out: the Monday after the week, 06:00 UTC.
pub fn send_time(week: IsoWeek) -> SystemTime {
    let monday = week.sunday() + Days::new(1);
    let at = monday.and_time(NaiveTime::from_hms_opt(6, 0, 0).expect("valid time"));
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

/// The message as bytes, CRLF line ends.
pub fn message(
    week: IsoWeek,
    subject: &str,
    text: &str,
    html: &str,
    addresses: &Addresses,
) -> Result<Vec<u8>> {
    let from = mailbox("from", &addresses.from)?;
    let domain = from.email.domain().to_owned();
    let subject: String = subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(subject)
        .date(send_time(week))
        .message_id(Some(format!("<digest.{week}@{domain}>")));
    if let Some(r) = &addresses.reply_to {
        builder = builder.reply_to(mailbox("reply_to", r)?);
    }
    for to in &addresses.to {
        builder = builder.to(mailbox("to", to)?);
    }
    if addresses.to.is_empty() {
        // No recipients configured: the file is still complete; the envelope is only
        // lettre's own bookkeeping and is not written.
        let own: Address = from.email.clone();
        builder = builder.envelope(
            lettre::address::Envelope::new(Some(own.clone()), vec![own])
                .map_err(|e| Error::Other(format!("e-mail envelope: {e}")))?,
        );
    }
    let part = |content_type: header::ContentType, encoding, body: &str| {
        SinglePart::builder()
            .header(content_type)
            .header(encoding)
            .body(crlf(body))
    };
    // Quoted-printable keeps the text part legible in the file; base64 is linear on a
    // large HTML part. Neither can contain the boundary.
    let body = MultiPart::alternative()
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
        ));
    let mut msg = builder
        .multipart(body)
        .map_err(|e| Error::Other(format!("e-mail message: {e}")))?;
    if addresses.to.is_empty() {
        msg.headers_mut().insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("To"),
            "undisclosed-recipients:;".to_owned(),
        ));
    }
    Ok(msg.formatted())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> IsoWeek {
        IsoWeek::new(2024, 22).unwrap()
    }

    #[test]
    fn reproducible_message_with_defaults() {
        let addr = Addresses {
            from: crate::config::DEFAULT_FROM.to_owned(),
            to: Vec::new(),
            reply_to: None,
        };
        let a = message(week(), "نشرة – الأسبوع 22", "نص", "<p>نص</p>", &addr).unwrap();
        let b = message(week(), "نشرة – الأسبوع 22", "نص", "<p>نص</p>", &addr).unwrap();
        assert_eq!(a, b);
        let s = String::from_utf8(a).unwrap();
        assert!(s.contains("To: undisclosed-recipients:;\r\n"), "{s}");
        assert!(s.contains("From: digest <digest@localhost>\r\n"), "{s}");
        assert!(
            s.contains("Date: Mon, 03 Jun 2024 06:00:00 +0000\r\n"),
            "{s}"
        );
        assert!(
            s.contains("Message-ID: <digest.2024-W22@localhost>\r\n"),
            "{s}"
        );
        assert!(
            s.contains("Subject: =?utf-8?"),
            "subject is RFC 2047 encoded: {s}"
        );
        assert!(s.contains("=_digest_2024-W22"), "{s}");
    }

    #[test]
    fn configured_addresses_and_bad_ones() {
        let addr = Addresses {
            from: "نشرة العمل <news@example.org>".to_owned(),
            to: vec!["a@example.org".to_owned(), "b@example.org".to_owned()],
            reply_to: Some("editor@example.org".to_owned()),
        };
        let s = String::from_utf8(message(week(), "s", "t", "h", &addr).unwrap()).unwrap();
        assert!(s.contains("a@example.org") && s.contains("b@example.org"));
        assert!(s.contains("Reply-To: editor@example.org\r\n"), "{s}");
        assert!(s.contains("Message-ID: <digest.2024-W22@example.org>"));
        let bad = Addresses {
            from: "not an address".to_owned(),
            to: Vec::new(),
            reply_to: None,
        };
        let err = message(week(), "s", "t", "h", &bad)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("from = 'not an address'"), "{err}");
    }

    #[test]
    fn a_subject_cannot_add_headers() {
        let addr = Addresses {
            from: crate::config::DEFAULT_FROM.to_owned(),
            to: Vec::new(),
            reply_to: None,
        };
        let s = message(week(), "x\r\nBcc: victim@example.org", "t", "h", &addr).unwrap();
        let s = String::from_utf8(s).unwrap();
        assert!(!s.contains("\r\nBcc:"), "{s}");
    }
}
