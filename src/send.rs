//! `digest send`: deliver the week's `.eml` once, over SMTP (lettre, rustls) or through a
//! sendmail-compatible program, and remember that it was sent.
//!
//! What was sent is recorded in `OUT/.sent/WEEK` (TOML: Message-ID, state, time, how):
//! written as `sending` before the message leaves and as `sent` once the server or program
//! accepted it. A re-run of the same cron line finds `sent` with the same Message-ID and
//! sends nothing; a changed digest (new Message-ID) is not sent again without `--resend`
//! either, but the editor is told; a `sending` record left by a killed run stops every
//! later run until someone checks and passes `--resend`. The bytes handed over are exactly
//! the file's.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, SendmailTransport, SmtpTransport, Transport};
use serde::{Deserialize, Serialize};

use crate::config::{DEFAULT_PASSWORD_ENV, MailConfig, Settings, SmtpTls};
use crate::error::{Error, Result};
use crate::output;
use crate::render::email;
use crate::week::IsoWeek;

/// How the message leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Smtp {
        host: String,
        port: u16,
        tls: SmtpTls,
    },
    Sendmail(PathBuf),
}

impl std::fmt::Display for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Via::Smtp { host, port, tls } => {
                let scheme = match tls {
                    SmtpTls::Starttls => "smtp+starttls",
                    SmtpTls::Tls => "smtps",
                    SmtpTls::None => "smtp",
                };
                write!(f, "{scheme}://{host}:{port}")
            }
            Via::Sendmail(p) => write!(f, "{}", p.display()),
        }
    }
}

/// What `send` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent {
        message_id: String,
        recipients: usize,
        via: String,
    },
    /// This very message was sent before: nothing to do.
    AlreadySent { message_id: String, time: String },
    /// A different version of the week's digest was sent before; this one was not.
    ChangedSinceSent {
        sent_id: String,
        time: String,
        now_id: String,
    },
    /// There is no `.eml` for the week (an empty week writes none).
    NoDigest(PathBuf),
}

/// The record in `OUT/.sent/WEEK`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    message_id: String,
    /// `sending` or `sent`.
    state: String,
    time: String,
    via: String,
    recipients: usize,
}

pub struct Request<'a> {
    pub week: IsoWeek,
    pub settings: &'a Settings,
    /// `--sendmail PATH`, overriding the configuration.
    pub sendmail: Option<PathBuf>,
    pub resend: bool,
    pub lock_timeout: Duration,
}

/// How to deliver, from the flag and the configuration.
pub fn via(mail: &MailConfig, sendmail: Option<PathBuf>) -> Result<Via> {
    if let Some(p) = sendmail.or_else(|| mail.sendmail.clone()) {
        return Ok(Via::Sendmail(p));
    }
    let Some(host) = mail.smtp_host.clone().filter(|h| !h.trim().is_empty()) else {
        return Err(Error::Other(
            "no way to send: set smtp_host (or sendmail) in the [mail] table of digest.toml, \
             or pass --sendmail PATH; nothing sent"
                .to_owned(),
        ));
    };
    let tls = mail.smtp_tls.unwrap_or_default();
    let port = mail.smtp_port.unwrap_or(match tls {
        SmtpTls::Starttls => 587,
        SmtpTls::Tls => 465,
        SmtpTls::None => 25,
    });
    Ok(Via::Smtp { host, port, tls })
}

/// The unfolded value of the first header `name` of a message.
pub fn header(message: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(message);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", "\t");
    unfolded.split("\r\n").find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

/// The envelope: from the configured `from`, to every configured `to`, each of which the
/// file's To header must carry (a file built before `to` was changed is refused).
fn envelope(settings: &Settings, message: &[u8], file: &Path) -> Result<Envelope> {
    let to_header = header(message, "To").unwrap_or_default();
    if settings.to.is_empty() {
        return Err(Error::Other(
            "no recipients: set `to` in digest.toml (or DIGEST_TO); nothing sent".to_owned(),
        ));
    }
    if to_header.contains("undisclosed-recipients") {
        return Err(Error::Other(format!(
            "{}: addressed to undisclosed-recipients (built before `to` was set); \
             run `digest build` again; nothing sent",
            file.display()
        )));
    }
    // The addresses the header names: `<a@b>` or bare `a@b` between commas and spaces.
    let named: Vec<String> = to_header
        .split([',', '<', '>', ' ', '\t'])
        .filter(|w| w.contains('@'))
        .map(str::to_ascii_lowercase)
        .collect();
    let mut to: Vec<Address> = Vec::new();
    for t in &settings.to {
        let address = email::mailbox("to", t)?.email;
        let wanted = AsRef::<str>::as_ref(&address).to_ascii_lowercase();
        if !named.contains(&wanted) {
            return Err(Error::Other(format!(
                "{}: its To header does not include {address} from the configuration \
                 (built with other settings?): run `digest build` again; nothing sent",
                file.display()
            )));
        }
        to.push(address);
    }
    // Subscribers who are not named in the message: the envelope only.
    for b in bcc_of(settings) {
        to.push(email::mailbox("bcc", b)?.email);
    }
    let from = email::mailbox("from", &settings.from)?.email;
    Envelope::new(Some(from), to).map_err(|e| Error::Other(format!("e-mail envelope: {e}")))
}

fn bcc_of(settings: &Settings) -> &[String] {
    settings.mail.bcc.as_deref().unwrap_or_default()
}

fn record_path(out: &Path, week: IsoWeek) -> PathBuf {
    out.join(".sent").join(week.to_string())
}

fn read_record(path: &Path) -> Result<Option<Record>> {
    match fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map(Some).map_err(|e| {
            Error::Other(format!(
                "{}: not a send record ({}); move it away to send again",
                path.display(),
                e.message().trim()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

fn write_record(path: &Path, record: &Record) -> Result<()> {
    let text = toml::to_string(record).map_err(|e| Error::Other(e.to_string()))?;
    let dir = path.parent().expect("record has a folder");
    output::write_set(dir, &[(path.to_owned(), text.into_bytes())], true).map(|_| ())
}

/// Deliver the week's `.eml` unless it was sent before.
pub fn send(req: &Request) -> Result<Outcome> {
    let out = &req.settings.output;
    let file = out.join(format!("{}.eml", req.week));
    let message = match fs::read(&file) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Outcome::NoDigest(file));
        }
        Err(e) => return Err(Error::io(&file, e)),
    };
    let via = via(&req.settings.mail, req.sendmail.clone())?;
    let envelope = envelope(req.settings, &message, &file)?;
    let message_id = header(&message, "Message-ID").unwrap_or_default();
    // One send (and no build) at a time per output folder.
    let _lock = output::lock_folder(out, req.lock_timeout)?;
    let path = record_path(out, req.week);
    if let (Some(old), false) = (read_record(&path)?, req.resend) {
        return previous_send(&path, old, message_id);
    }
    let mut record = Record {
        message_id: message_id.clone(),
        state: "sending".to_owned(),
        time: now(),
        via: via.to_string(),
        recipients: envelope.to().len(),
    };
    write_record(&path, &record)?;
    if let Err(e) = deliver(&via, &req.settings.mail, &envelope, &message) {
        // Refused or unreachable: nothing left, so a later run may try again.
        let _ = fs::remove_file(&path);
        return Err(Error::Other(format!(
            "sending {} via {via} failed: {e}; nothing sent",
            file.display()
        )));
    }
    record.state = "sent".to_owned();
    record.time = now();
    write_record(&path, &record)?;
    Ok(Outcome::Sent {
        message_id,
        recipients: record.recipients,
        via: record.via,
    })
}

fn previous_send(path: &Path, old: Record, message_id: String) -> Result<Outcome> {
    if old.state != "sent" {
        return Err(Error::Other(format!(
            "{}: a send started at {} did not finish (killed?); the message {} may or may not \
             have reached the server: check, then run again with --resend",
            path.display(),
            old.time,
            old.message_id
        )));
    }
    Ok(if old.message_id == message_id {
        Outcome::AlreadySent {
            message_id,
            time: old.time,
        }
    } else {
        Outcome::ChangedSinceSent {
            sent_id: old.message_id,
            time: old.time,
            now_id: message_id,
        }
    })
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn deliver(
    via: &Via,
    mail: &MailConfig,
    envelope: &Envelope,
    message: &[u8],
) -> Result<(), String> {
    match via {
        Via::Sendmail(program) => SendmailTransport::new_with_command(program)
            .send_raw(envelope, message)
            .map_err(|e| e.to_string()),
        // lettre ends DATA with CRLF "." CRLF after the bytes it is given: without the
        // file's own last CRLF the server receives exactly the file.
        Via::Smtp { host, port, tls } => smtp(host, *port, *tls, mail)
            .map_err(|e| e.to_string())?
            .send_raw(envelope, message.strip_suffix(b"\r\n").unwrap_or(message))
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

fn smtp(host: &str, port: u16, tls: SmtpTls, mail: &MailConfig) -> Result<SmtpTransport> {
    let params = || -> Result<TlsParameters> {
        let mut b = TlsParameters::builder(host.to_owned());
        if let Some(ca) = &mail.smtp_ca_file {
            let pem = fs::read(ca).map_err(|e| Error::io(ca, e))?;
            let cert = Certificate::from_pem(&pem)
                .map_err(|e| Error::Other(format!("{}: smtp_ca_file: {e}", ca.display())))?;
            b = b.add_root_certificate(cert);
        }
        b.build_rustls()
            .map_err(|e| Error::Other(format!("TLS for {host}: {e}")))
    };
    let plain = tls == SmtpTls::None;
    let tls = match tls {
        SmtpTls::Starttls => Tls::Required(params()?),
        SmtpTls::Tls => Tls::Wrapper(params()?),
        SmtpTls::None => Tls::None,
    };
    let mut builder = SmtpTransport::builder_dangerous(host)
        .port(port)
        .tls(tls)
        .timeout(Some(Duration::from_secs(60)));
    if let Some(user) = &mail.smtp_user {
        builder = builder.credentials(credentials(user, host, plain, mail)?);
    }
    Ok(builder.build())
}

/// AUTH credentials: the password only ever from the environment; never in clear text
/// to another machine.
fn credentials(user: &str, host: &str, plain: bool, mail: &MailConfig) -> Result<Credentials> {
    let var = mail
        .smtp_password_env
        .clone()
        .unwrap_or_else(|| DEFAULT_PASSWORD_ENV.to_owned());
    let password = std::env::var(&var).map_err(|_| {
        Error::Other(format!(
            "smtp_user is set but the environment variable {var} (the SMTP password) is not; \
             nothing sent"
        ))
    })?;
    let local = matches!(host, "localhost" | "127.0.0.1" | "::1");
    if plain && !local {
        return Err(Error::Other(format!(
            "smtp_tls = \"none\" with smtp_user would send the password to {host} in clear \
             text: use \"starttls\" or \"tls\"; nothing sent"
        )));
    }
    Ok(Credentials::new(user.to_owned(), password))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(to: &[&str]) -> Settings {
        Settings {
            to: to.iter().map(|s| s.to_string()).collect(),
            ..Settings::default()
        }
    }

    #[test]
    fn the_envelope_takes_configured_recipients_the_file_names() {
        let file = Path::new("w.eml");
        let eml = b"To: =?utf-8?b?2YLYp9ix2KY=?= <A@Example.org>,\r\n b@example.org\r\n\r\nx";
        let env = envelope(&settings(&["a@example.org", "b@example.org"]), eml, file).unwrap();
        assert_eq!(env.to().len(), 2);
        // A configured address the file does not name, even as part of another one.
        let err = envelope(
            &settings(&["a@example.org"]),
            b"To: aa@example.org\r\n\r\n",
            file,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("does not include a@example.org"), "{err}");
        let err = envelope(&settings(&[]), eml, file).unwrap_err().to_string();
        assert!(err.starts_with("no recipients"), "{err}");
        let undisclosed = b"To: undisclosed-recipients:;\r\n\r\nx";
        let err = envelope(&settings(&["a@example.org"]), undisclosed, file)
            .unwrap_err()
            .to_string();
        assert!(err.contains("undisclosed-recipients"), "{err}");
    }
}
