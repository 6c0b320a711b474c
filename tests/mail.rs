//! End-to-end tests of mail: the `.eml` headers, `digest send` against a real SMTP server
//! on 127.0.0.1 (aiosmtpd, started by each test, TLS with a CA made at start), a
//! sendmail-compatible program, and the README's crontab line run as cron would.
//!
//! The SMTP tests need a Python with aiosmtpd and trustme: `DIGEST_TEST_PYTHON` names it,
//! else `.ci/venv/bin/python` if `.ci/run` has made it. Without either they say loudly
//! that they are skipped, and fail when `CI` is set.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const EPOCH: &str = "1717394400";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> Option<PathBuf> {
    let venv = root().join(".ci/venv/bin/python");
    match std::env::var_os("DIGEST_TEST_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        // The environment .ci/run made, when this checkout has one.
        None if venv.is_file() => Some(venv),
        None if std::env::var_os("CI").is_some() => {
            panic!("DIGEST_TEST_PYTHON is not set in CI: .ci/run must create .ci/venv and set it")
        }
        None => {
            eprintln!(
                "\n***** SKIPPED: DIGEST_TEST_PYTHON is not set, so no SMTP server can be \
                 started. Run .ci/run, or set it to a Python with aiosmtpd and trustme. *****\n"
            );
            None
        }
    }
}

/// The SMTP server of one test; stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Server {
    fn start(python: &Path, dir: &Path, tls: &str, auth: Option<&str>) -> Server {
        let mut cmd = Command::new(python);
        cmd.arg(root().join("tests/smtp_server.py"))
            .arg(dir)
            .args(["--tls", tls]);
        if let Some(a) = auth {
            cmd.args(["--auth", a]);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("SMTP server did not start: {line:?}"));
        Server {
            child,
            port,
            dir: dir.to_owned(),
        }
    }

    /// Every message received: (the DATA bytes, the envelope as JSON), in order.
    fn messages(&self) -> Vec<(Vec<u8>, serde_json::Value)> {
        let mut out = Vec::new();
        for n in 1.. {
            let eml = self.dir.join(format!("msg-{n}.eml"));
            let Ok(bytes) = fs::read(&eml) else { break };
            let meta = fs::read_to_string(eml.with_extension("json")).unwrap();
            out.push((bytes, serde_json::from_str(&meta).unwrap()));
        }
        out
    }

    fn ca(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        if self.child.wait().is_err() {
            let _ = self.child.kill();
        }
    }
}

/// A project folder: `in/` holding the fixture week, `digest.toml` with `config`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    for e in fs::read_dir(root().join("tests/fixtures/week")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), input.join(e.file_name())).unwrap();
    }
    let config = format!("input = \"in\"\noutput = \"out\"\n{config}");
    fs::write(dir.path().join("digest.toml"), config).unwrap();
    dir
}

/// `digest ARGS` in `dir`, with no `DIGEST_*` variables but `env`.
fn digest_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_digest"));
    cmd.args(args).current_dir(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("DIGEST_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("SOURCE_DATE_EPOCH", EPOCH);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SENDER: &str = "from = \"نشرة العمل <news@example.org>\"\n\
    to = [\"a@example.org\", \"b@example.org\"]\n";

fn mail_table(server: &Server, tls: &str) -> String {
    format!(
        "[mail]\nlist_id = \"نشرة العمل <labour-news.example.org>\"\n\
         list_unsubscribe = [\"https://example.org/unsubscribe?l=ar\", \"mailto:leave@example.org\"]\n\
         smtp_host = \"127.0.0.1\"\nsmtp_port = {}\nsmtp_tls = \"{tls}\"\n\
         smtp_user = \"editor\"\nsmtp_password_env = \"TEST_SMTP_SECRET\"\n\
         smtp_ca_file = \"{}\"\n",
        server.port,
        server.ca().display()
    )
}

/// Every line of a message ends in CRLF and has at most 998 octets before it.
fn assert_lines_within_998(m: &[u8]) {
    for line in m.split_inclusive(|&b| b == b'\n') {
        assert!(line.ends_with(b"\r\n"), "bare LF in {line:?}");
        assert!(line.len() - 2 <= 998, "a line of {} octets", line.len() - 2);
    }
}

/// Python's `email` with `policy=strict` reads the message without a defect and finds
/// every header a mail provider expects.
fn assert_python_strict(python: &Path, eml: &Path) {
    let script = r#"
import sys, email, email.policy
raw = open(sys.argv[1], 'rb').read()
msg = email.message_from_bytes(raw, policy=email.policy.strict)
defects = []
for part in msg.walk():
    defects += part.defects
    for name, value in part.items():
        defects += getattr(value, 'defects', [])
assert not defects, defects
for name in ['From', 'To', 'Subject', 'Date', 'Message-ID', 'List-Id',
             'List-Unsubscribe', 'List-Unsubscribe-Post', 'MIME-Version']:
    assert msg[name], name
assert msg['List-Unsubscribe-Post'] == 'List-Unsubscribe=One-Click'
assert msg['List-Id'].endswith('<labour-news.example.org>'), msg['List-Id']
text = msg.get_body(('plain',)).get_content()
html = msg.get_body(('html',)).get_content()
assert 'النشرة' in text and 'dir="rtl"' in html
print(msg['Subject'])
"#;
    let o = Command::new(python)
        .args(["-c", script])
        .arg(eml)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn send_over_starttls_with_auth_delivers_the_file_byte_for_byte_once() {
    let Some(py) = python() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(
        &py,
        &tmp.path().join("smtp"),
        "starttls",
        Some("editor:s3cret"),
    );
    let p = project(&(SENDER.to_owned() + &mail_table(&server, "starttls")));
    let env = [("TEST_SMTP_SECRET", "s3cret")];
    let o = digest_in(p.path(), &["build", "--week", "2024-W22"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = digest_in(p.path(), &["send", "--week", "2024-W22"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "a good send is silent");
    let eml = p.path().join("out/2024-W22.eml");
    let file = fs::read(&eml).unwrap();
    let got = server.messages();
    assert_eq!(got.len(), 1);
    assert!(
        got[0].0 == file,
        "the server received other bytes than the file"
    );
    let envelope = &got[0].1;
    assert_eq!(envelope["mail_from"], "news@example.org");
    assert_eq!(
        envelope["rcpt_tos"],
        serde_json::json!(["a@example.org", "b@example.org"])
    );
    assert_eq!(envelope["auth"], "editor");
    assert_eq!(envelope["tls"], true);
    assert_lines_within_998(&got[0].0);
    assert_python_strict(&py, &server.dir.join("msg-1.eml"));
    let record = fs::read_to_string(p.path().join("out/.sent/2024-W22")).unwrap();
    assert!(record.contains("state = \"sent\""), "{record}");
    assert!(record.contains("digest.2024-W22."), "{record}");

    // The same cron line again: nothing sent, nothing said. Rebuilt with a later build
    // time, the content (and so the Message-ID) is the same: still nothing.
    let later = [
        ("TEST_SMTP_SECRET", "s3cret"),
        ("SOURCE_DATE_EPOCH", "1717480800"),
    ];
    assert!(
        digest_in(p.path(), &["build", "--week", "2024-W22"], &later)
            .status
            .success()
    );
    let o = digest_in(p.path(), &["send", "--week", "2024-W22"], &later);
    assert!(
        o.status.success() && stderr(&o).is_empty(),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.messages().len(), 1);
    let date = |p: &Path| digest::send::header(&fs::read(p).unwrap(), "Date").unwrap();
    assert_eq!(
        date(&eml),
        "Mon, 03 Jun 2024 06:00:00 +0000",
        "the file was kept"
    );
    let o = digest_in(
        p.path(),
        &["build", "--force", "--week", "2024-W22"],
        &later,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        date(&eml),
        "Tue, 04 Jun 2024 06:00:00 +0000",
        "--force: a new Date"
    );
    let o = digest_in(p.path(), &["send", "-v", "--week", "2024-W22"], &env);
    assert!(stderr(&o).contains("already sent"), "{}", stderr(&o));
    // --resend sends it again.
    let o = digest_in(
        p.path(),
        &["send", "--resend", "--week", "2024-W22"],
        &later,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.messages().len(), 2);
}

#[test]
fn a_changed_digest_is_not_sent_again_without_resend_but_the_editor_is_told() {
    let Some(py) = python() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&py, &tmp.path().join("smtp"), "tls", Some("editor:pw"));
    let p = project(&(SENDER.to_owned() + &mail_table(&server, "tls")));
    let env = [("TEST_SMTP_SECRET", "pw")];
    let o = digest_in(p.path(), &["build", "--week", "2024-W22", "--send"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = server.messages();
    assert_eq!(first.len(), 1, "build --send over implicit TLS");
    assert_eq!(first[0].1["tls"], true);
    fs::write(
        p.path().join("in/late.md"),
        "---\ntitle: نقابة المعلمين تعلن إضرابا جزئيا\ndate: 2024-05-30\nsource: الدستور\n---\n\
         أعلنت نقابة المعلمين إضرابا جزئيا لمدة يومين احتجاجا على تأخر صرف العلاوات.\n",
    )
    .unwrap();
    let o = digest_in(p.path(), &["build", "--week", "2024-W22", "--send"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.messages().len(), 1, "not mailed twice");
    assert!(stderr(&o).contains("has changed since"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--resend"), "{}", stderr(&o));
    let o = digest_in(p.path(), &["send", "--week", "2024-W22", "--resend"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = server.messages();
    assert_eq!(got.len(), 2);
    let id = |m: &[u8]| digest::send::header(m, "Message-ID").unwrap();
    assert_ne!(
        id(&got[0].0),
        id(&got[1].0),
        "a corrected digest has a new Message-ID"
    );
    assert!(got[1].0 == fs::read(p.path().join("out/2024-W22.eml")).unwrap());
}

#[test]
fn refusals_send_nothing_and_say_why() {
    let Some(py) = python() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&py, &tmp.path().join("smtp"), "starttls", Some("editor:pw"));
    let env = [("TEST_SMTP_SECRET", "pw")];
    type Env<'a> = &'a [(&'a str, &'a str)];
    let cases: [(String, Env, &str); 4] = [
        // No recipients: the file says undisclosed-recipients.
        (mail_table(&server, "starttls"), &env, "no recipients"),
        // The password is not in the environment.
        (
            SENDER.to_owned() + &mail_table(&server, "starttls"),
            &[],
            "TEST_SMTP_SECRET",
        ),
        // The server's certificate is not trusted without smtp_ca_file.
        (
            SENDER.to_owned()
                + &mail_table(&server, "starttls").replace("smtp_ca_file", "# smtp_ca_file"),
            &env,
            "failed",
        ),
        // A wrong password.
        (
            SENDER.to_owned() + &mail_table(&server, "starttls"),
            &[("TEST_SMTP_SECRET", "x")],
            "failed",
        ),
    ];
    for (config, env, says) in cases {
        let p = project(&config);
        let o = digest_in(p.path(), &["build", "--week", "2024-W22"], env);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = digest_in(p.path(), &["send", "--week", "2024-W22"], env);
        assert_eq!(o.status.code(), Some(1), "{config}");
        assert!(stderr(&o).contains(says), "{says}: {}", stderr(&o));
        assert!(stderr(&o).contains("nothing sent"), "{}", stderr(&o));
        assert!(
            !p.path().join("out/.sent/2024-W22").exists(),
            "a failed send is not recorded"
        );
    }
    assert_eq!(server.messages().len(), 0);
    // An empty week: exit 3 from build, and from send; nothing sent.
    let p = project(&(SENDER.to_owned() + &mail_table(&server, "starttls")));
    let o = digest_in(p.path(), &["build", "--week", "2024-W10", "--send"], &env);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let o = digest_in(p.path(), &["send", "--week", "2024-W10"], &env);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no digest for 2024-W10"),
        "{}",
        stderr(&o)
    );
    assert_eq!(server.messages().len(), 0);
}

#[test]
fn a_sendmail_program_gets_the_envelope_as_arguments_and_the_file_on_stdin() {
    let p = project(SENDER);
    let fake = p.path().join("fake-sendmail");
    fs::write(
        &fake,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\ncat > \"$0.stdin\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let fake_s = fake.to_str().unwrap();
    fs::write(
        p.path().join("digest.toml"),
        format!(
            "{}[mail]\nbcc = [\"hidden@example.org\"]\n",
            fs::read_to_string(p.path().join("digest.toml")).unwrap()
        ),
    )
    .unwrap();
    let o = digest_in(
        p.path(),
        &[
            "build",
            "--week",
            "2024-W22",
            "--send",
            "--sendmail",
            fake_s,
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let args = fs::read_to_string(p.path().join("fake-sendmail.args")).unwrap();
    assert_eq!(
        args,
        "-i\n-f\nnews@example.org\n--\na@example.org\nb@example.org\nhidden@example.org\n"
    );
    let eml = fs::read_to_string(p.path().join("out/2024-W22.eml")).unwrap();
    assert!(
        !eml.contains("hidden"),
        "bcc is named nowhere in the message"
    );
    let file = fs::read(p.path().join("out/2024-W22.eml")).unwrap();
    assert!(fs::read(p.path().join("fake-sendmail.stdin")).unwrap() == file);
    // A failing program: the error says so, nothing is recorded.
    let q = project(SENDER);
    let o = digest_in(
        q.path(),
        &[
            "build",
            "--week",
            "2024-W22",
            "--send",
            "--sendmail",
            "/bin/false",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/bin/false"), "{}", stderr(&o));
    assert!(!q.path().join("out/.sent/2024-W22").exists());
    // Without any way to send, a clear message.
    let o = digest_in(q.path(), &["send", "--week", "2024-W22"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no way to send"), "{}", stderr(&o));
}

#[test]
fn every_header_line_is_folded_for_300_recipients_and_a_3000_character_title() {
    let to: Vec<String> = (0..300)
        .map(|i| format!("\"subscriber{i:03}@example.org\""))
        .collect();
    let title = "A".repeat(3000);
    let p = project(&format!(
        "title = \"{title}\"\nfrom = \"n@example.org\"\nto = [{}]\n\
         [mail]\nlist_id = \"labour-news.example.org\"\n\
         list_unsubscribe = [\"https://example.org/unsubscribe\"]\n",
        to.join(", ")
    ));
    let o = digest_in(p.path(), &["build", "--week", "2024-W22"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let eml = p.path().join("out/2024-W22.eml");
    let m = fs::read(&eml).unwrap();
    assert_lines_within_998(&m);
    let head = &m[..m.windows(4).position(|w| w == b"\r\n\r\n").unwrap()];
    for line in head.split(|&b| b == b'\n') {
        assert!(line.len() <= 79, "{}", String::from_utf8_lossy(line));
    }
    let to = digest::send::header(&m, "To").unwrap();
    assert_eq!(to.matches("@example.org").count(), 300);
    // An address the message cannot carry is refused before anything is written.
    let q = project("to = [\"مشترك@example.org\"]\n");
    let o = digest_in(q.path(), &["build", "--week", "2024-W22"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("SMTPUTF8"), "{}", stderr(&o));
    assert!(!q.path().join("out").exists());
    if let Some(py) = python() {
        let o = Command::new(&py)
            .args([
                "-c",
                "import sys,email,email.policy;m=email.message_from_bytes(open(sys.argv[1],'rb').read(),policy=email.policy.strict);assert len(m['To'].addresses)==300;assert m['Subject']=='A'*3000+m['Subject'][3000:],m['Subject'][:80]",
            ])
            .arg(&eml)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn every_golden_eml_has_folded_headers_and_short_lines() {
    let mut checked = 0;
    let mut dirs = vec![root().join("golden")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "eml") {
                let m = fs::read(&p).unwrap();
                assert_lines_within_998(&m);
                let head = &m[..m.windows(4).position(|w| w == b"\r\n\r\n").unwrap()];
                assert!(
                    head.split(|&b| b == b'\n').all(|l| l.len() <= 79),
                    "{}",
                    p.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no golden .eml found");
}

#[test]
fn init_writes_a_config_that_uses_the_copied_templates_and_says_so() {
    let p = tempfile::tempdir().unwrap();
    let o = digest_in(p.path(), &["init"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("uses the templates in"),
        "{}",
        stderr(&o)
    );
    let config = fs::read_to_string(p.path().join("digest.toml")).unwrap();
    assert!(config.contains("\ntemplates = \"templates\"\n"), "{config}");
    // The editor's edit shows in the next build run from that folder.
    let t = p.path().join("templates/digest.txt.hbs");
    let edited = format!("تحرير المحرر\n{}", fs::read_to_string(&t).unwrap());
    fs::write(&t, edited).unwrap();
    let input = root().join("tests/fixtures/week");
    let o = digest_in(
        p.path(),
        &[
            "build",
            "--week",
            "2024-W22",
            "--input",
            input.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let txt = fs::read_to_string(p.path().join("out/2024-W22.txt")).unwrap();
    assert!(txt.starts_with("تحرير المحرر\n"), "{txt}");
}

/// The crontab of README.md: its `MAILTO` and its one job line.
fn readme_crontab() -> (String, String) {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("```crontab\n")
        .expect("README has a ```crontab block")
        + 11;
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let mailto = block
        .lines()
        .find(|l| l.starts_with("MAILTO="))
        .expect("MAILTO")
        .to_owned();
    let job = block
        .lines()
        .find(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .expect("a job line");
    // Five time fields, then the command as cron gives it to sh.
    let command = job.split_whitespace().skip(5).collect::<Vec<_>>().join(" ");
    let command = job[job.find(&command[..10]).unwrap()..].to_owned();
    (mailto, command)
}

#[test]
fn the_readme_crontab_line_mails_once_per_week_under_cron_s_environment() {
    let Some(py) = python() else { return };
    let (mailto, command) = readme_crontab();
    assert!(mailto.contains('@'), "{mailto}");
    assert!(command.contains("/srv/digest") && command.contains("/usr/local/bin/digest"));
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&py, &tmp.path().join("smtp"), "starttls", Some("editor:pw"));
    let p = project(&(SENDER.to_owned() + &mail_table(&server, "starttls")));
    // The secret file the README tells the editor to write (mode 600).
    fs::write(
        p.path().join("smtp.env"),
        "TEST_SMTP_SECRET='pw'\nexport TEST_SMTP_SECRET\n",
    )
    .unwrap();
    let command = command
        .replace("/usr/local/bin/digest", env!("CARGO_BIN_EXE_digest"))
        .replace("/srv/digest", p.path().to_str().unwrap());
    // Cron's environment: a bare PATH; only the clock is set, through DIGEST_TODAY.
    let cron = |today: &str| {
        Command::new("/usr/bin/env")
            .args(["-i", "PATH=/usr/bin:/bin", &format!("DIGEST_TODAY={today}")])
            .args(["SOURCE_DATE_EPOCH=1717394400", "sh", "-c", &command])
            .output()
            .unwrap()
    };
    // Monday after 2024-W22: one message, and no output for cron to mail.
    let o = cron("2024-06-03");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!((o.stdout.len(), stderr(&o)), (0, String::new()));
    assert_eq!(server.messages().len(), 1);
    // Run again the same day (a retry, a second crontab entry): nothing.
    let o = cron("2024-06-03");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!((o.stdout.len(), stderr(&o)), (0, String::new()));
    assert_eq!(server.messages().len(), 1);
    // 2024-W23 has no article: exit 3, one line for the editor, nothing sent.
    let o = cron("2024-06-10");
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert_eq!(server.messages().len(), 1);
    // 2024-W24 has one: the second message.
    let o = cron("2024-06-17");
    assert!(o.status.success(), "{}", stderr(&o));
    let got = server.messages();
    assert_eq!(got.len(), 2);
    assert!(got[1].0 == fs::read(p.path().join("out/2024-W24.eml")).unwrap());
    assert_eq!(got[1].1["auth"], "editor");
}
