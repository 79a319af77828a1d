//! IMAP mailboxes against a real IMAP server (Debian's dovecot, started
//! here with its own configuration), with Python's imaplib as the mail
//! program that drops messages into the mailbox and reads its flags.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{ADMIN_TOKEN, Backend, TestApp};
use crate::email::{eventually, free_port, tickets};

/// A dovecot serving plain IMAP on a free port, users in a passwd file.
pub(crate) struct Dovecot {
    child: Child,
    dir: tempfile::TempDir,
    pub(crate) port: u16,
}

impl Dovecot {
    /// `None` when dovecot is not installed, except in CI, where `.ci/run`
    /// installs it and its absence is an error.
    pub(crate) fn start(users: &[(&str, &str)]) -> Option<Dovecot> {
        Dovecot::start_with(users, None)
    }

    /// With `tokeninfo`, the port of an OAuth server: XOAUTH2 sign-ins are
    /// checked there (dovecot's oauth2 passdb).
    pub(crate) fn start_with(users: &[(&str, &str)], tokeninfo: Option<u16>) -> Option<Dovecot> {
        let binary = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let Some(binary) = binary else {
            assert!(
                std::env::var("CI").is_err(),
                "dovecot is missing in CI (apt-get install dovecot-imapd)"
            );
            eprintln!("dovecot is not installed: IMAP mailboxes not tested");
            return None;
        };
        let dir = tempfile::tempdir().expect("dovecot dir");
        let root = dir.path();
        for sub in ["run", "state", "mail"] {
            std::fs::create_dir_all(root.join(sub)).expect("dovecot dirs");
        }
        let port = free_port();
        // As root, dovecot's own users run its processes and own the mail;
        // as anyone else, that person does.
        let as_root = id("-u", None) == "0";
        let (internal, login, mail_user) = if as_root {
            ("dovecot", "dovenull", "dovecot")
        } else {
            let me = id("-un", None);
            let me: &'static str = Box::leak(me.into_boxed_str());
            (me, me, me)
        };
        let uid = id("-u", Some(mail_user));
        let gid = id("-g", Some(mail_user));
        let group = id("-gn", Some(internal));
        if as_root {
            run("chmod", &["755", &root.display().to_string()]);
            run(
                "chown",
                &[
                    &format!("{mail_user}:"),
                    &root.join("mail").display().to_string(),
                ],
            );
        }
        let passwd: String = users
            .iter()
            .map(|(user, password)| format!("{user}:{{PLAIN}}{password}\n"))
            .collect();
        std::fs::write(root.join("passwd"), passwd).expect("passwd");
        let r = root.display();
        let (mechanisms, oauth_passdb) = match tokeninfo {
            Some(port) => {
                std::fs::write(
                    root.join("oauth2.conf.ext"),
                    format!(
                        "tokeninfo_url = http://127.0.0.1:{port}/tokeninfo?access_token=\n\
                         username_attribute = username\nactive_attribute = active\nactive_value = true\n"
                    ),
                )
                .expect("oauth2 conf");
                (
                    "plain login xoauth2",
                    format!(
                        "passdb {{\n  driver = oauth2\n  mechanisms = xoauth2\n  args = {r}/oauth2.conf.ext\n}}\n"
                    ),
                )
            }
            None => ("plain login", String::new()),
        };
        let config = format!(
            "base_dir = {r}/run\nstate_dir = {r}/state\nlog_path = {r}/log\nprotocols = imap\nlisten = 127.0.0.1\n\
             ssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = {mechanisms}\n\
             mail_location = maildir:{r}/mail/%u\nfirst_valid_uid = 0\n\
             default_internal_user = {internal}\ndefault_login_user = {login}\ndefault_internal_group = {group}\n\
             {oauth_passdb}passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {r}/passwd\n}}\n\
             userdb {{\n  driver = static\n  args = uid={uid} gid={gid} home={r}/mail/%u\n}}\n\
             service imap-login {{\n  inet_listener imap {{\n    port = {port}\n  }}\n  inet_listener imaps {{\n    port = 0\n  }}\n  chroot =\n}}\n\
             service anvil {{\n  chroot =\n}}\n"
        );
        std::fs::write(root.join("dovecot.conf"), config).expect("dovecot.conf");
        let child = Command::new(binary)
            .args(["-F", "-c"])
            .arg(root.join("dovecot.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dovecot");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "dovecot did not start: {}",
                std::fs::read_to_string(root.join("log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Dovecot { child, dir, port })
    }

    pub(crate) fn url(&self, user: &str, password: &str, folder: &str) -> String {
        format!(
            "imap://{user}:{password}@127.0.0.1:{}/{folder}?tls=none",
            self.port
        )
    }

    /// Drops a message into a folder as a mail program would (APPEND),
    /// with `flags` such as `\Seen`.
    pub(crate) fn append(&self, user: &str, password: &str, raw: &str, flags: &str) {
        let script = format!(
            "import imaplib,sys\nm=imaplib.IMAP4('127.0.0.1',{port})\nm.login({user:?},{password:?})\n\
             r=m.append('INBOX',{flags:?} or None,None,sys.stdin.buffer.read())\nassert r[0]=='OK',r\nm.logout()\n",
            port = self.port,
        );
        python(&script, raw.as_bytes());
    }

    /// Every message of a folder: its Subject and flags.
    pub(crate) fn folder(&self, user: &str, password: &str, folder: &str) -> Vec<(String, String)> {
        let script = format!(
            "import imaplib,json,re\nm=imaplib.IMAP4('127.0.0.1',{port})\nm.login({user:?},{password:?})\n\
             t,n=m.select({folder:?})\nout=[]\n\
             if t=='OK' and int(n[0])>0:\n  t,d=m.fetch('1:*','(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])')\n\
             \x20 for part in d:\n    if isinstance(part,tuple):\n      flags=re.search(rb'FLAGS \\(([^)]*)\\)',part[0])\n\
             \x20     out.append([part[1].decode().strip().removeprefix('Subject: '),(flags.group(1) if flags else b'').decode()])\n\
             print(json.dumps(out))\nm.logout()\n",
            port = self.port,
        );
        let out = python(&script, b"");
        serde_json::from_str::<Vec<(String, String)>>(out.trim()).unwrap_or_default()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The processes dovecot started go with their master; the log stays
        // readable until the directory goes.
        let _ = self.dir.path();
    }
}

fn id(flag: &str, user: Option<&str>) -> String {
    let mut command = Command::new("id");
    command.arg(flag);
    if let Some(user) = user {
        command.arg(user);
    }
    let out = command.output().expect("id");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn run(program: &str, args: &[&str]) {
    let status = Command::new(program).args(args).status().expect(program);
    assert!(status.success(), "{program} {args:?}");
}

fn python(script: &str, input: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write");
    let out = child.wait_with_output().expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn message(from: &str, to: &str, subject: &str, id: &str, extra: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n{extra}\r\n{body}\r\n"
    )
}

async fn mailbox(app: &TestApp, address: &str) -> Value {
    let (status, list) = app.get("/api/v1/mailboxes", ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array()
        .and_then(|l| l.iter().find(|m| m["address"] == address).cloned())
        .unwrap_or(Value::Null)
}

async fn fetching_from_a_mailbox(backend: Backend) {
    let Some(dovecot) = Dovecot::start(&[("support", "s3cret"), ("returns", "r3turns")]) else {
        return;
    };
    let app = TestApp::start(backend, |_| {}).await;

    // Mail that was in the mailbox before: the read one stays, the unread
    // one is taken.
    dovecot.append(
        "support",
        "s3cret",
        &message(
            "old@example.com",
            "support@shop.example",
            "Old and read",
            "old-1@example.com",
            "",
            "Long done.",
        ),
        "\\Seen",
    );
    dovecot.append(
        "support",
        "s3cret",
        &message(
            "Ana <ana@example.com>",
            "support@shop.example",
            "Unread before",
            "early-1@example.com",
            "",
            "Still waiting.",
        ),
        "",
    );

    // A wrong password is refused with what the server said; nothing saved.
    let (status, problem) = app
        .post(
            "/api/v1/mailboxes",
            ADMIN_TOKEN,
            json!({"address": "support@shop.example", "imap": dovecot.url("support", "wrong", "INBOX")}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or("")
            .contains("refused the sign-in"),
        "{problem}"
    );
    assert_eq!(mailbox(&app, "support@shop.example").await, Value::Null);

    let (status, added) = app
        .post(
            "/api/v1/mailboxes",
            ADMIN_TOKEN,
            json!({"address": "support@shop.example", "imap": dovecot.url("support", "s3cret", "INBOX")}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert!(
        !added["imap"].as_str().unwrap_or("").contains("s3cret"),
        "{added}"
    );
    assert_eq!(added["after_fetch"], "flag");

    eventually(&app, "the unread message becomes a ticket", || async {
        tickets(&app)
            .await
            .iter()
            .any(|t| t["subject"] == "Unread before")
    })
    .await;
    let all = tickets(&app).await;
    assert!(
        !all.iter().any(|t| t["subject"] == "Old and read"),
        "{all:?}"
    );

    // New mail arrives while the desk watches (IDLE): a ticket, marked read.
    dovecot.append(
        "support",
        "s3cret",
        &message(
            "Ana <ana@example.com>",
            "support@shop.example",
            "Where is order 1042?",
            "ana-1@example.com",
            "",
            "It has not arrived.",
        ),
        "",
    );
    eventually(&app, "the new message becomes a ticket", || async {
        tickets(&app)
            .await
            .iter()
            .any(|t| t["subject"] == "Where is order 1042?")
    })
    .await;
    let ticket = tickets(&app)
        .await
        .into_iter()
        .find(|t| t["subject"] == "Where is order 1042?")
        .expect("ticket");
    assert_eq!(ticket["channel"], "email");
    // Written by a person (its Return-Path is no null sender): not machine mail.
    assert!(
        !ticket["tags"].to_string().contains("automatic"),
        "{ticket}"
    );
    let started = Instant::now();
    loop {
        let folder = dovecot.folder("support", "s3cret", "INBOX");
        let flagged = folder
            .iter()
            .filter(|(subject, flags)| subject.starts_with("Where is") && flags.contains("\\Seen"))
            .count();
        if flagged == 1 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{folder:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Her answer with another subject lands on the same ticket.
    dovecot.append(
        "support",
        "s3cret",
        &message(
            "Ana <ana@example.com>",
            "support@shop.example",
            "Another subject entirely",
            "ana-2@example.com",
            "In-Reply-To: <ana-1@example.com>\r\nReferences: <ana-1@example.com>\r\n",
            "Any news?",
        ),
        "",
    );
    let id = ticket["id"].as_i64().expect("id");
    eventually(&app, "the answer lands on the ticket", || async {
        let (_, list) = app
            .get(&format!("/api/v1/tickets/{id}/messages"), ADMIN_TOKEN)
            .await;
        list.to_string().contains("Any news?")
    })
    .await;
    assert!(
        !tickets(&app)
            .await
            .iter()
            .any(|t| t["subject"] == "Another subject entirely"),
        "no new ticket"
    );

    // Taken once: a message marked unread again in the mailbox is not
    // taken a second time (the UID is recorded).
    let before = mailbox(&app, "support@shop.example").await["messages_taken"].clone();
    assert_eq!(before, 3, "{before}");
    python(
        &format!(
            "import imaplib\nm=imaplib.IMAP4('127.0.0.1',{})\nm.login('support','s3cret')\nm.select('INBOX')\nm.store('1:*','-FLAGS','\\\\Seen')\nm.logout()\n",
            dovecot.port
        ),
        b"",
    );
    dovecot.append(
        "support",
        "s3cret",
        &message(
            "bo@example.com",
            "support@shop.example",
            "A fourth",
            "bo-1@example.com",
            "",
            "Hello.",
        ),
        "",
    );
    eventually(&app, "the fourth message is taken", || async {
        tickets(&app)
            .await
            .iter()
            .any(|t| t["subject"] == "A fourth")
    })
    .await;
    assert_eq!(
        mailbox(&app, "support@shop.example").await["messages_taken"],
        4
    );
    assert_eq!(tickets(&app).await.len(), 3, "no ticket twice");

    // The mailbox's address is the desk's: the SMTP receiver would take it.
    assert!(app.services().accepts_recipient("Support@Shop.example"));

    // Moving instead of flagging: taken messages go to the folder named.
    let (status, added) = app
        .post(
            "/api/v1/mailboxes",
            ADMIN_TOKEN,
            json!({"address": "returns@shop.example", "imap": dovecot.url("returns", "r3turns", "INBOX"),
                   "after_fetch": "move", "processed_folder": "Done"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    dovecot.append(
        "returns",
        "r3turns",
        &message(
            "li@example.cn",
            "returns@shop.example",
            "退货申请",
            "li-1@example.cn",
            "",
            "我想退货。",
        ),
        "",
    );
    eventually(&app, "the returns message becomes a ticket", || async {
        tickets(&app)
            .await
            .iter()
            .any(|t| t["subject"] == "退货申请")
    })
    .await;
    let started = Instant::now();
    while !dovecot.folder("returns", "r3turns", "INBOX").is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "moved out of INBOX"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(dovecot.folder("returns", "r3turns", "Done").len(), 1);

    // A server that is down: saved without the check, it shows the error,
    // waits longer each time, and the other mailboxes go on.
    let closed = free_port();
    let (status, added) = app
        .post(
            "/api/v1/mailboxes",
            ADMIN_TOKEN,
            json!({"address": "offline@shop.example", "imap": format!("imap://u:p@127.0.0.1:{closed}/INBOX?tls=none"), "check": false}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let started = Instant::now();
    loop {
        let offline = mailbox(&app, "offline@shop.example").await;
        if offline["status"] == "error" {
            assert!(
                offline["error"]
                    .as_str()
                    .unwrap_or("")
                    .contains("cannot connect"),
                "{offline}"
            );
            assert!(offline["next_attempt_at"].is_string(), "{offline}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{offline}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let offline_id = mailbox(&app, "offline@shop.example").await["id"]
        .as_i64()
        .expect("id");
    let (status, check) = app
        .post(
            &format!("/api/v1/mailboxes/{offline_id}/check"),
            ADMIN_TOKEN,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{check}");
    assert_eq!(check["ok"], false);
    dovecot.append(
        "support",
        "s3cret",
        &message(
            "cy@example.com",
            "support@shop.example",
            "Still flowing",
            "cy-1@example.com",
            "",
            "Hi.",
        ),
        "",
    );
    eventually(&app, "the working mailbox goes on", || async {
        tickets(&app)
            .await
            .iter()
            .any(|t| t["subject"] == "Still flowing")
    })
    .await;

    // The admin page shows the mailboxes, the error, and the forms.
    crate::fixtures::staff("admin", "boss@shop.example")
        .with_token(&app)
        .await;
    let mut admin = crate::web::signed_in(&app, "boss@shop.example").await;
    let (status, page) = admin.get("/agent/admin/mailboxes").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("support@shop.example"), "{page}");
    assert!(page.contains("class=\"error mailbox-error\""), "{page}");
    assert!(page.contains("id=\"new-mailbox\""), "{page}");
    assert!(!page.contains("s3cret"), "{page}");

    // Deleting stops fetching; the tickets stay.
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/mailboxes/{offline_id}"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(mailbox(&app, "offline@shop.example").await, Value::Null);
    app.finish().await;
}

/// An OAuth 2.0 provider as far as the desk and dovecot need one: a token
/// endpoint (refresh token → access token, RFC 6749 §6) and a tokeninfo
/// endpoint dovecot checks access tokens with.
const OAUTH_SERVER: &str = r#"
import json, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def reply(self, code, body):
        b = json.dumps(body).encode()
        self.send_response(code); self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(b))); self.end_headers(); self.wfile.write(b)
    def do_GET(self):
        q = urllib.parse.urlparse(self.path)
        token = urllib.parse.parse_qs(q.query).get('access_token', [''])[0]
        if token == 'access-1': self.reply(200, {"username": "support", "active": True})
        else: self.reply(401, {"error": "invalid_token"})
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0))
        body = urllib.parse.parse_qs(self.rfile.read(n).decode())
        ok = body.get('grant_type') == ['refresh_token'] and body.get('refresh_token') == ['refresh-1'] and body.get('client_id') == ['desk']
        if ok: self.reply(200, {"access_token": "access-1", "token_type": "Bearer", "expires_in": 3600})
        else: self.reply(400, {"error": "invalid_grant"})
HTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
"#;

/// A mailbox that signs in with XOAUTH2: the desk trades its refresh
/// token for an access token and dovecot checks it with the provider.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xoauth2_mailbox() {
    let oauth_port = free_port();
    let _oauth = Stopped(
        Command::new("python3")
            .args(["-c", OAUTH_SERVER, &oauth_port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("oauth server"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", oauth_port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(15), "oauth server");
        std::thread::sleep(Duration::from_millis(50));
    }
    let Some(dovecot) = Dovecot::start_with(&[("other", "x")], Some(oauth_port)) else {
        return;
    };
    let app = TestApp::start(Backend::Sqlite, |_| {}).await;
    let imap = format!("imap://support@127.0.0.1:{}/INBOX?tls=none", dovecot.port);
    let token_url = format!("http://127.0.0.1:{oauth_port}/token");
    // A refresh token the provider refuses: 422 saying so, nothing saved.
    let (status, problem) = app
        .post(
            "/api/v1/mailboxes",
            ADMIN_TOKEN,
            json!({"address": "support@shop.example", "imap": imap,
                   "oauth": {"token_url": token_url, "client_id": "desk", "refresh_token": "revoked"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or("")
            .contains("refused the refresh token"),
        "{problem}"
    );
    let (status, added) = app
        .post(
            "/api/v1/mailboxes",
            ADMIN_TOKEN,
            json!({"address": "support@shop.example", "imap": imap,
                   "oauth": {"token_url": token_url, "client_id": "desk", "refresh_token": "refresh-1"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["sign_in"], "xoauth2");
    assert!(!added.to_string().contains("refresh-1"), "{added}");
    // Mail drops in through the same sign-in (imaplib, XOAUTH2).
    python(
        &format!(
            "import imaplib\nm=imaplib.IMAP4('127.0.0.1',{})\n\
             m.authenticate('XOAUTH2',lambda _: b'user=support\\x01auth=Bearer access-1\\x01\\x01')\n\
             m.append('INBOX',None,None,b'From: ana@example.com\\r\\nSubject: Via OAuth\\r\\nMessage-ID: <oa-1@example.com>\\r\\n\\r\\nHello\\r\\n')\nm.logout()\n",
            dovecot.port
        ),
        b"",
    );
    eventually(&app, "the message becomes a ticket", || async {
        tickets(&app)
            .await
            .iter()
            .any(|t| t["subject"] == "Via OAuth")
    })
    .await;
    app.finish().await;
}

/// A helper process, stopped when the test ends however it ends.
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mailbox_sqlite() {
    fetching_from_a_mailbox(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mailbox_postgres() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_ok() {
        fetching_from_a_mailbox(Backend::Postgres).await;
    }
}
