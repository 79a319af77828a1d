//! The email channel end to end: a real SMTP client (lettre) delivers to the
//! built-in receiver, tickets are opened and threaded, and what the desk
//! sends goes out through a real SMTP server (aiosmtpd) with its headers.

use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{ADMIN_TOKEN, Backend, TestApp};
use crate::mail::{SmtpSink, decode_quoted_printable};

const DESK: &str = "help@shop.example";

async fn start(backend: Backend, sink: Option<&SmtpSink>) -> TestApp {
    let sink_port = sink.map(|s| s.port);
    TestApp::start(backend, move |config| {
        config.smtp_listen = Some("127.0.0.1:0".parse().expect("addr"));
        config.mail_from = format!("Shop Support <{DESK}>");
        config.mail_addresses = vec!["orders@shop.example".into()];
        config.max_mail_bytes = 64 * 1024;
        config.smtp_url = sink_port.map(|p| format!("smtp://127.0.0.1:{p}"));
    })
    .await
}

fn smtp_port(app: &TestApp) -> u16 {
    app.instance
        .as_ref()
        .and_then(|i| i.smtp_addr)
        .expect("the SMTP receiver runs")
        .port()
}

/// Delivers `raw` over SMTP as a mail server would.
async fn deliver(port: u16, from: &str, to: &str, raw: &str) -> Result<(), String> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(port)
        .build();
    let from: Option<Address> = (!from.is_empty()).then(|| from.parse().expect("sender"));
    let envelope = Envelope::new(from, vec![to.parse().expect("recipient")]).expect("envelope");
    transport
        .send_raw(&envelope, raw.as_bytes())
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn message(from: &str, subject: &str, id: &str, extra_headers: &str, body: &str) -> String {
    format!(
        "From: {from}\r\nTo: Shop <{DESK}>\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n{extra_headers}\r\n{body}\r\n"
    )
}

pub(crate) async fn tickets(app: &TestApp) -> Vec<Value> {
    let (status, page) = app.get("/api/v1/tickets?limit=100", ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}

async fn messages(app: &TestApp, ticket: i64) -> Vec<Value> {
    let (status, list) = app
        .get(&format!("/api/v1/tickets/{ticket}/messages"), ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array()
        .cloned()
        .or_else(|| list["items"].as_array().cloned())
        .unwrap_or_default()
}

/// Waits (bounded) until `ready` holds, reading mail on the way.
pub(crate) async fn eventually<F, Fut>(app: &TestApp, what: &str, mut ready: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    loop {
        app.services()
            .process_mail(marketdesk_service::now_ms())
            .await
            .expect("process mail");
        if ready().await {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Sends what is queued and returns the sink's messages once there are `n`.
async fn sent(app: &TestApp, sink: &SmtpSink, n: usize) -> Vec<String> {
    let started = Instant::now();
    loop {
        app.services()
            .deliver_mail(marketdesk_service::now_ms())
            .await
            .expect("deliver");
        let got = sink.messages();
        if got.len() >= n {
            return got;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{} of {n} mails: {got:?}",
            got.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    raw.lines()
        .find(|l| {
            l.len() > name.len()
                && l[..name.len()].eq_ignore_ascii_case(name)
                && l.as_bytes()[name.len()] == b':'
        })
        .map(|l| l[name.len() + 1..].trim())
}

async fn a_conversation_by_email(backend: Backend) {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let app = start(backend, Some(&sink)).await;
    let port = smtp_port(&app);

    // A customer writes from their mail program, in Spanish.
    let first = message(
        "Ana López <ana@customer.example>",
        "¿Dónde está mi pedido?",
        "first.1@customer.example",
        "Content-Language: es\r\n",
        "Hola, mi pedido SO-1 no llega.",
    );
    deliver(port, "ana@customer.example", DESK, &first)
        .await
        .expect("accepted");
    eventually(&app, "a ticket from the mail", || async {
        !tickets(&app).await.is_empty()
    })
    .await;
    let list = tickets(&app).await;
    assert_eq!(list.len(), 1);
    let ticket = &list[0];
    let id = ticket["id"].as_i64().expect("id");
    let reference = ticket["reference"].as_str().expect("reference").to_string();
    assert_eq!(ticket["channel"], "email");
    assert_eq!(ticket["subject"], "¿Dónde está mi pedido?");
    assert_eq!(ticket["requester"]["email"], "ana@customer.example");

    // The acknowledgement: in her language, threaded to her message, marked automatic.
    let mails = sent(&app, &sink, 1).await;
    let ack = &mails[0];
    assert_eq!(
        header(ack, "In-Reply-To"),
        Some("<first.1@customer.example>"),
        "{ack}"
    );
    assert_eq!(header(ack, "Auto-Submitted"), Some("auto-replied"), "{ack}");
    assert!(
        header(ack, "Subject").is_some_and(|s| s.contains(&reference)),
        "{ack}"
    );
    assert!(
        decode_quoted_printable(ack).contains("Hemos recibido"),
        "{ack}"
    );

    // The agent answers in the workspace; it reaches her by email, threaded.
    let (status, reply) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            ADMIN_TOKEN,
            json!({"body": "Tu pedido sale mañana."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    let mails = sent(&app, &sink, 2).await;
    let answer = mails
        .iter()
        .find(|m| decode_quoted_printable(m).contains("Tu pedido sale"))
        .expect("the reply went out");
    assert_eq!(
        header(answer, "In-Reply-To"),
        Some("<first.1@customer.example>"),
        "{answer}"
    );
    assert!(
        header(answer, "Reply-To").is_some_and(|r| r.contains(DESK)),
        "{answer}"
    );
    assert!(header(answer, "Subject").is_some_and(|s| s.contains(&format!("[{reference}]"))));
    let our_id = header(answer, "Message-ID")
        .expect("a Message-ID")
        .trim_matches(['<', '>'])
        .to_string();

    // The workspace shows that it went out.
    let delivery = |list: Vec<Value>| {
        list.iter()
            .find(|m| {
                m["body_text"]
                    .as_str()
                    .is_some_and(|b| b.contains("Tu pedido sale"))
            })
            .map(|m| m["delivery"]["status"].clone())
    };
    assert_eq!(delivery(messages(&app, id).await), Some(json!("sent")));

    // Her server returns it once: the reply is marked bounced, no ticket opens.
    let dsn = format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>\r\nTo: {DESK}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn.1@mx.customer.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.customer.example\r\n\r\nFinal-Recipient: rfc822; ana@customer.example\r\nAction: failed\r\nStatus: 5.2.2\r\nDiagnostic-Code: smtp; 552 5.2.2 mailbox full\r\n--b1\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: <{our_id}>\r\nSubject: [{reference}] x\r\n\r\nTu pedido sale\r\n--b1--\r\n"
    );
    deliver(port, "", DESK, &dsn).await.expect("accepted");
    eventually(&app, "the reply marked bounced", || async {
        delivery(messages(&app, id).await) == Some(json!("bounced"))
    })
    .await;
    assert_eq!(tickets(&app).await.len(), 1, "a bounce opens no ticket");

    // Her answer, with a new subject, lands on the same ticket by its headers.
    let again = message(
        "ana@customer.example",
        "Otra pregunta",
        "second.2@customer.example",
        &format!(
            "In-Reply-To: <{our_id}>\r\nReferences: <first.1@customer.example> <{our_id}>\r\n"
        ),
        "¿Y la factura?\r\n\r\nEl vie, 4 dic 2026, Shop escribió:\r\n> Tu pedido sale mañana.",
    );
    deliver(port, "ana@customer.example", DESK, &again)
        .await
        .expect("accepted");
    eventually(&app, "the answer on the ticket", || async {
        messages(&app, id).await.len() == 3
    })
    .await;
    assert_eq!(
        tickets(&app).await.len(),
        1,
        "no new ticket for a threaded answer"
    );

    // Someone else naming the reference in a subject opens their own ticket.
    let stranger = message(
        "eve@elsewhere.example",
        &format!("Re: [{reference}] hello"),
        "eve.1@elsewhere.example",
        "",
        "Let me in on this.",
    );
    deliver(port, "eve@elsewhere.example", DESK, &stranger)
        .await
        .expect("accepted");
    eventually(&app, "a ticket of her own", || async {
        tickets(&app).await.len() == 2
    })
    .await;
    assert_eq!(messages(&app, id).await.len(), 3);

    // She is acknowledged as anyone writing in is.
    let mails = sent(&app, &sink, 3).await;
    assert!(
        mails
            .iter()
            .any(|m| header(m, "To").is_some_and(|t| t.contains("eve@elsewhere.example"))),
        "{mails:?}"
    );

    // An out-of-office answer is kept but never answered.
    let before = sink.messages().len();
    let auto = message(
        "bot@customer.example",
        "Out of office",
        "ooo.1@customer.example",
        "Auto-Submitted: auto-replied\r\n",
        "I am away.",
    );
    deliver(port, "bot@customer.example", "orders@shop.example", &auto)
        .await
        .expect("accepted");
    eventually(&app, "the auto-reply kept", || async {
        tickets(&app).await.len() == 3
    })
    .await;
    app.services()
        .deliver_mail(marketdesk_service::now_ms())
        .await
        .expect("deliver");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), before, "no answer to a machine");

    // The same message delivered twice is one message.
    deliver(port, "ana@customer.example", DESK, &again)
        .await
        .expect("accepted");
    eventually(&app, "the duplicate read", || async {
        app.services()
            .raw_store()
            .reader()
            .await
            .map(|mut c| async move {
                marketdesk_store::inbound::waiting(&mut c)
                    .await
                    .unwrap_or(1)
                    == 0
            })
            .expect("reader")
            .await
    })
    .await;
    assert_eq!(messages(&app, id).await.len(), 3);
    app.finish().await;
}

async fn the_receiver_refuses_what_it_must(backend: Backend) {
    let app = start(backend, None).await;
    let port = smtp_port(&app);
    let ok = message("a@b.example", "hi", "x.1@b.example", "", "hello");
    let refused = deliver(port, "a@b.example", "nobody@shop.example", &ok)
        .await
        .expect_err("an unknown recipient is refused");
    assert!(refused.contains("550"), "{refused}");
    let big = message(
        "a@b.example",
        "big",
        "x.2@b.example",
        "",
        &"x".repeat(70 * 1024),
    );
    let refused = deliver(port, "a@b.example", DESK, &big)
        .await
        .expect_err("an oversized message is refused");
    assert!(refused.contains("552"), "{refused}");
    let mut conn = app.services().raw_store().reader().await.expect("reader");
    let stored = marketdesk_store::inbound::waiting(&mut conn)
        .await
        .expect("count");
    assert_eq!(stored, 0, "nothing refused is stored");
    drop(conn);
    // No address to answer anywhere: it cannot become a ticket, so after its
    // attempts it waits in the failed list, raw, for an admin to retry.
    deliver(
        port,
        "",
        DESK,
        "From: nobody\r\nSubject: ?\r\n\r\nwho am I\r\n",
    )
    .await
    .expect("accepted");
    // Each pass a day later, past the backoff (the node's own worker may
    // take some of the attempts meanwhile).
    let mut later = marketdesk_service::now_ms();
    let mut failed = Value::Null;
    for _ in 0..4 * marketdesk_store::inbound::MAX_ATTEMPTS {
        later += 86_400_000;
        app.services().process_mail(later).await.expect("process");
        let (status, list) = app.get("/api/v1/mail/failed", ADMIN_TOKEN).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        failed = list;
        if failed.as_array().is_some_and(|l| !l.is_empty()) {
            break;
        }
    }
    assert_eq!(failed.as_array().map(Vec::len), Some(1), "{failed}");
    // Admins see it in the console, with a way to read it again.
    crate::fixtures::staff("admin", "boss@shop.example")
        .with_token(&app)
        .await;
    let mut admin = crate::web::signed_in(&app, "boss@shop.example").await;
    let (_, page) = admin.get("/agent/admin/mail").await;
    assert!(page.contains("id=\"retry-mail\""), "{page}");
    assert_eq!(page.matches("<tr><td>").count(), 1, "{page}");
    let (status, retried) = app
        .post("/api/v1/mail/failed/retry", ADMIN_TOKEN, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    assert_eq!(retried["retried"], 1);
    let (_, failed) = app.get("/api/v1/mail/failed", ADMIN_TOKEN).await;
    assert_eq!(
        failed.as_array().map(Vec::len),
        Some(0),
        "back in the queue"
    );
    let tickets_before = tickets(&app).await.len();
    assert_eq!(tickets_before, 0);

    // Not a message at all: accepted, kept, shown with what could be read.
    deliver(
        port,
        "a@b.example",
        DESK,
        "this is not\r\na mail message\r\n",
    )
    .await
    .expect("accepted");
    eventually(&app, "the malformed mail as a ticket", || async {
        !tickets(&app).await.is_empty()
    })
    .await;
    let list = tickets(&app).await;
    let id = list[0]["id"].as_i64().expect("id");
    let shown = messages(&app, id).await;
    assert!(
        shown[0]["body_text"]
            .as_str()
            .is_some_and(|b| b.contains("a mail message")),
        "{shown:?}"
    );

    // Forged or flagged mail waits for an agent instead of the inbox.
    let forged = message(
        "ceo@bank.example",
        "Urgent payment",
        "forged.1@bank.example",
        "",
        "Pay now.",
    )
    .replacen(
        "From:",
        "Authentication-Results: mx.shop.example; dmarc=fail (p=reject) header.from=bank.example\r\nFrom:",
        1,
    );
    deliver(port, "ceo@bank.example", DESK, &forged)
        .await
        .expect("accepted");
    let spam = message(
        "win@prize.example",
        "You won",
        "spam.1@prize.example",
        "X-Spam-Flag: YES\r\n",
        "Click.",
    );
    deliver(port, "win@prize.example", DESK, &spam)
        .await
        .expect("accepted");
    eventually(&app, "both held", || async {
        let (_, list) = app.get("/api/v1/mail/suspended", ADMIN_TOKEN).await;
        list.as_array().is_some_and(|l| l.len() == 2)
    })
    .await;
    let (_, held) = app.get("/api/v1/mail/suspended", ADMIN_TOKEN).await;
    let before = tickets(&app).await.len();
    let find = |reason: &str| {
        held.as_array()
            .and_then(|l| l.iter().find(|m| m["reason"] == reason))
            .and_then(|m| m["id"].as_i64())
            .expect("held message")
    };
    let (forged_id, spam_id) = (find("failed_authentication"), find("spam"));
    // An agent sees them in the workspace.
    crate::fixtures::staff("agent", "agent@shop.example")
        .with_token(&app)
        .await;
    let mut agent = crate::web::signed_in(&app, "agent@shop.example").await;
    let (_, page) = agent.get("/agent/suspended").await;
    assert!(
        page.contains("Urgent payment") && page.contains("You won"),
        "{page}"
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/mail/suspended/{spam_id}/delete"),
            ADMIN_TOKEN,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .post(
            &format!("/api/v1/mail/suspended/{forged_id}/accept"),
            ADMIN_TOKEN,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    eventually(&app, "the accepted one as a ticket", || async {
        tickets(&app).await.len() == before + 1
    })
    .await;
    let (_, list) = app.get("/api/v1/mail/suspended", ADMIN_TOKEN).await;
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
    app.finish().await;
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The real binary, serving SQLite in `dir` with the SMTP receiver on.
fn spawn_server(dir: &std::path::Path, http: u16, smtp: u16) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_marketdesk"))
        .args(["serve", "--data-dir"])
        .arg(dir)
        .args(["--bind", &format!("127.0.0.1:{http}")])
        .args(["--smtp-listen", &format!("127.0.0.1:{smtp}")])
        .args(["--mail-from", &format!("Shop <{DESK}>")])
        .env("MARKETDESK_ADMIN_TOKEN", ADMIN_TOKEN)
        .env_remove("MARKETDESK_DATABASE_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start marketdesk")
}

fn wait_for_port(port: u16) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "port {port} never opened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// kill -9 right after a burst of accepted messages loses none of them:
/// each was stored before its 250, and the next start reads every one once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepted_mail_survives_kill_9() {
    let dir = tempfile::tempdir().expect("data dir");
    let (http, smtp) = (free_port(), free_port());
    let mut server = spawn_server(dir.path(), http, smtp);
    wait_for_port(smtp);
    for n in 0..20 {
        let raw = message(
            &format!("c{n}@customer.example"),
            &format!("question {n}"),
            &format!("burst.{n}@customer.example"),
            "",
            "hello",
        );
        deliver(smtp, &format!("c{n}@customer.example"), DESK, &raw)
            .await
            .expect("accepted");
    }
    server.kill().expect("kill -9");
    server.wait().expect("reaped");

    let mut server = spawn_server(dir.path(), http, smtp);
    wait_for_port(http);
    let client = reqwest::Client::new();
    let started = Instant::now();
    let count = loop {
        let page: Value = client
            .get(format!("http://127.0.0.1:{http}/api/v1/tickets?limit=100"))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .expect("tickets")
            .json()
            .await
            .expect("json");
        let count = page["items"].as_array().map_or(0, Vec::len);
        // A message the killed node was reading waits out its lease first.
        if count >= 20 || started.elapsed() > Duration::from_secs(90) {
            break count;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // A moment more: a duplicate would show now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let page: Value = client
        .get(format!("http://127.0.0.1:{http}/api/v1/tickets?limit=100"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .expect("tickets")
        .json()
        .await
        .expect("json");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(count, 20);
    assert_eq!(
        page["items"].as_array().map_or(0, Vec::len),
        20,
        "each message once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversation_sqlite() {
    a_conversation_by_email(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversation_postgres() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_ok() {
        a_conversation_by_email(Backend::Postgres).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_sqlite() {
    the_receiver_refuses_what_it_must(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_postgres() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_ok() {
        the_receiver_refuses_what_it_must(Backend::Postgres).await;
    }
}

/// People in copy: kept on the ticket, sent every public reply (with its
/// attachments), and their answers land on it; the agent changes the list
/// in the composer or the API.
async fn people_in_copy(backend: Backend) {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let app = start(backend, Some(&sink)).await;
    let port = smtp_port(&app);
    let first = message(
        "Ana <ana@customer.example>",
        "Order for my sister",
        "cc.1@customer.example",
        "Cc: Bo Lin <Bo@Customer.example>, orders@shop.example\r\n",
        "Please keep my sister in the loop.",
    );
    deliver(port, "ana@customer.example", DESK, &first)
        .await
        .expect("accepted");
    eventually(&app, "a ticket", || async {
        !tickets(&app).await.is_empty()
    })
    .await;
    let id = tickets(&app).await[0]["id"].as_i64().expect("id");
    // The people in copy are written just after the ticket (their own
    // transaction): wait for them, then check who they are.
    eventually(&app, "people in copy", || async {
        let (_, detail) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
        detail["cc"].as_array().is_some_and(|cc| !cc.is_empty())
    })
    .await;
    let (status, detail) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    // The desk's own addresses are never in copy; Bo is.
    assert_eq!(detail["cc"], json!(["bo@customer.example"]), "{detail}");
    assert_eq!(
        detail["messages"][0]["email"]["from"],
        "ana@customer.example"
    );
    assert_eq!(
        detail["messages"][0]["email"]["cc"],
        json!(["bo@customer.example", "orders@shop.example"])
    );

    // The reply goes to Ana with Bo in copy, its attachment with it.
    let (status, reply) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            ADMIN_TOKEN,
            json!({"body": "Both of you will hear from us.",
                   "attachments": [{"filename": "label.txt", "content_type": "text/plain", "content_base64": "UkVUVVJOIExBQkVM"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    assert_eq!(
        reply["email"]["to"],
        json!(["ana@customer.example"]),
        "{reply}"
    );
    let mails = sent(&app, &sink, 2).await;
    let answer = mails
        .iter()
        .find(|m| decode_quoted_printable(m).contains("Both of you"))
        .expect("the reply went out");
    assert!(
        header(answer, "Cc").is_some_and(|c| c.contains("bo@customer.example")),
        "{answer}"
    );
    assert!(answer.contains("filename=\"label.txt\""), "{answer}");
    assert!(answer.contains("RETURN LABEL"), "{answer}");
    let our_id = header(answer, "Message-ID")
        .expect("a Message-ID")
        .trim_matches(['<', '>'])
        .to_string();

    // Bo answers from her own program: it lands on the ticket, as hers.
    let from_bo = message(
        "Bo Lin <bo@customer.example>",
        "Re: thanks",
        "cc.2@customer.example",
        &format!("In-Reply-To: <{our_id}>\r\nReferences: <cc.1@customer.example> <{our_id}>\r\n"),
        "Thank you, I am her sister.",
    );
    deliver(port, "bo@customer.example", DESK, &from_bo)
        .await
        .expect("accepted");
    eventually(&app, "Bo's answer lands on the ticket", || async {
        let (_, detail) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
        detail["messages"].as_array().is_some_and(|m| {
            m.iter()
                .any(|m| m["author"]["email"] == "bo@customer.example")
        })
    })
    .await;
    assert_eq!(tickets(&app).await.len(), 1, "no ticket of her own");

    // Someone not on the ticket naming its reference opens their own.
    let reference = tickets(&app).await[0]["reference"]
        .as_str()
        .expect("reference")
        .to_string();
    deliver(
        port,
        "eve@other.example",
        DESK,
        &message(
            "eve@other.example",
            &format!("[{reference}] me too"),
            "cc.3@other.example",
            "",
            "Hi",
        ),
    )
    .await
    .expect("accepted");
    eventually(&app, "Eve gets a ticket of her own", || async {
        tickets(&app).await.len() == 2
    })
    .await;

    // The agent changes the copy list with a reply: Carla in, Bo out.
    let (status, reply) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            ADMIN_TOKEN,
            json!({"body": "Carla handles this now.", "cc": ["carla@customer.example"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    let (_, detail) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert_eq!(detail["cc"], json!(["carla@customer.example"]), "{detail}");
    let mails = sent(&app, &sink, 4).await;
    let to_carla = mails
        .iter()
        .find(|m| decode_quoted_printable(m).contains("Carla handles"))
        .expect("sent");
    let cc = header(to_carla, "Cc").unwrap_or_default();
    assert!(
        cc.contains("carla@customer.example") && !cc.contains("bo@"),
        "{to_carla}"
    );

    // A bad address in the list is refused, naming it; nothing is sent.
    let (status, problem) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            ADMIN_TOKEN,
            json!({"body": "x", "cc": ["not an address"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or("")
            .contains("not an address"),
        "{problem}"
    );

    // The workspace composer shows who is in copy, and each message its addresses.
    crate::fixtures::staff("agent", "kim@shop.example")
        .with_token(&app)
        .await;
    let mut agent = crate::web::signed_in(&app, "kim@shop.example").await;
    let (_, page) = agent.get(&format!("/agent/tickets/{id}")).await;
    assert!(page.contains("value=\"carla@customer.example\""), "{page}");
    assert!(page.contains("class=\"email-addresses"), "{page}");
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_sqlite() {
    people_in_copy(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_postgres() {
    if std::env::var("MARKETDESK_TEST_POSTGRES_URL").is_ok() {
        people_in_copy(Backend::Postgres).await;
    }
}

/// STARTTLS with a configured certificate, spoken by Python's smtplib
/// (OpenSSL on the client side, checking the certificate).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_with_a_certificate() {
    let dir = tempfile::tempdir().expect("dir");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let tls = (cert.clone(), key.clone());
    let app = TestApp::start(Backend::Sqlite, move |config| {
        config.smtp_listen = Some("127.0.0.1:0".parse().expect("addr"));
        config.mail_from = format!("Shop Support <{DESK}>");
        config.smtp_tls = Some(tls);
    })
    .await;
    let port = smtp_port(&app);
    let script = format!(
        "import smtplib,ssl\nfrom email.message import EmailMessage\n\
         s=smtplib.SMTP('127.0.0.1',{port})\ns.ehlo()\nassert s.has_extn('starttls'),s.esmtp_features\n\
         s.starttls(context=ssl.create_default_context(cafile={cert:?}))\ns.ehlo()\n\
         assert not s.has_extn('starttls')\n\
         m=EmailMessage()\nm['From']='Li <li@customer.example>'\nm['To']='{DESK}'\nm['Subject']='加密的邮件'\n\
         m.set_content('你好')\ns.send_message(m)\ns.quit()\n",
        cert = cert.display().to_string()
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eventually(&app, "the encrypted message becomes a ticket", || async {
        tickets(&app)
            .await
            .iter()
            .any(|t| t["subject"] == "加密的邮件")
    })
    .await;

    // Commands pipelined behind STARTTLS are refused, not carried into TLS.
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let (read, mut write) = stream.into_split();
    let mut lines = tokio::io::BufReader::new(read).lines();
    lines.next_line().await.expect("greeting");
    write.write_all(b"EHLO x\r\n").await.expect("ehlo");
    while let Some(line) = lines.next_line().await.expect("line") {
        if line.starts_with("250 ") {
            break;
        }
    }
    write
        .write_all(b"STARTTLS\r\nMAIL FROM:<evil@example.com>\r\n")
        .await
        .expect("write");
    let answer = lines.next_line().await.expect("answer").unwrap_or_default();
    assert!(answer.starts_with("554"), "{answer}");
    app.finish().await;
}

/// An inline image (multipart/related, `cid:`) shows in place, served from
/// the attachment store; a remote one waits behind a link.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_images_show_in_place() {
    let app = start(Backend::Sqlite, None).await;
    let port = smtp_port(&app);
    // A 1x1 PNG.
    let png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    let raw = format!(
        "From: Ana <ana@customer.example>\r\nTo: {DESK}\r\nSubject: Photo of the damage\r\nMessage-ID: <img.1@customer.example>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n\
         --rel\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
         <p>See: <img src=\"cid:damage.1@customer.example\" alt=\"damage\"> and <img src=\"https://tracker.example/p.gif\"></p>\r\n\
         --rel\r\nContent-Type: image/png; name=\"damage.png\"\r\nContent-Transfer-Encoding: base64\r\n\
         Content-ID: <damage.1@customer.example>\r\nContent-Disposition: inline; filename=\"damage.png\"\r\n\r\n{png}\r\n--rel--\r\n"
    );
    deliver(port, "ana@customer.example", DESK, &raw)
        .await
        .expect("accepted");
    eventually(&app, "a ticket", || async {
        !tickets(&app).await.is_empty()
    })
    .await;
    let id = tickets(&app).await[0]["id"].as_i64().expect("id");
    let list = messages(&app, id).await;
    let message = &list[0];
    let attachment = &message["attachments"][0];
    assert_eq!(
        attachment["content_id"], "damage.1@customer.example",
        "{message}"
    );
    let url = attachment["url"].as_str().expect("url");
    let html = message["body_html"].as_str().unwrap_or_default();
    assert!(html.contains(&format!("src=\"{url}\"")), "{html}");
    assert!(!html.contains("cid:"), "{html}");
    // The workspace shows it; the tracking pixel waits behind a link.
    crate::fixtures::staff("agent", "kim@shop.example")
        .with_token(&app)
        .await;
    let mut agent = crate::web::signed_in(&app, "kim@shop.example").await;
    let (_, page) = agent.get(&format!("/agent/tickets/{id}")).await;
    assert!(page.contains(&format!("src=\"{url}\"")), "{page}");
    assert!(!page.contains("src=\"https://tracker.example"), "{page}");
    let (status, bytes) = agent.get(url).await;
    assert_eq!(status, StatusCode::OK, "{bytes}");
    app.finish().await;
}

/// A shop words its own mails (a template folder) and turns the
/// acknowledgement off; replies quote the last messages under who wrote them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_words_its_own_mail() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("es.ftl"),
        "mail-reply-body =\n    { $reply }\n\n    Un saludo de la Tienda Verde ({ $reference })\n\n    { $history }\n",
    )
    .expect("template");
    let texts = marketdesk_messages::Overrides::load(dir.path()).expect("templates");
    let port_sink = sink.port;
    let app = TestApp::start(Backend::Sqlite, move |config| {
        config.smtp_listen = Some("127.0.0.1:0".parse().expect("addr"));
        config.mail_from = format!("Tienda Verde <{DESK}>");
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port_sink}"));
        config.mail_texts = std::sync::Arc::new(texts);
        config.acknowledge_email = false;
    })
    .await;
    let port = smtp_port(&app);
    deliver(
        port,
        "ana@customer.example",
        DESK,
        &message(
            "Ana <ana@customer.example>",
            "Mi pedido",
            "t.1@customer.example",
            "Content-Language: es\r\n",
            "¿Dónde está mi pedido?",
        ),
    )
    .await
    .expect("accepted");
    eventually(&app, "a ticket", || async {
        !tickets(&app).await.is_empty()
    })
    .await;
    let id = tickets(&app).await[0]["id"].as_i64().expect("id");
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{id}/messages"),
            ADMIN_TOKEN,
            json!({"body": "Sale mañana."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mails = sent(&app, &sink, 1).await;
    assert_eq!(
        mails.len(),
        1,
        "no acknowledgement, only the reply: {mails:?}"
    );
    let text = decode_quoted_printable(&mails[0]);
    assert!(text.contains("Un saludo de la Tienda Verde"), "{text}");
    assert!(
        text.contains("escribió:"),
        "the history is quoted under who wrote it: {text}"
    );
    assert!(text.contains("> ¿Dónde está mi pedido?"), "{text}");
    app.finish().await;
}

/// The SMTP receiver is an anonymous door: a client past its hourly share
/// is told to come back later (4xx, nothing stored); relays are not counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_past_its_hourly_share_waits() {
    let app = TestApp::start(Backend::Sqlite, |config| {
        config.smtp_listen = Some("127.0.0.1:0".parse().expect("addr"));
        config.mail_from = format!("Shop Support <{DESK}>");
        config.mail_relays = vec![];
        config.max_mail_per_client_hour = 2;
    })
    .await;
    let port = smtp_port(&app);
    for n in 0..2 {
        deliver(
            port,
            "a@flood.example",
            DESK,
            &message(
                "a@flood.example",
                &format!("n{n}"),
                &format!("f{n}@flood.example"),
                "",
                "x",
            ),
        )
        .await
        .expect("within the share");
    }
    let refused = deliver(
        port,
        "a@flood.example",
        DESK,
        &message("a@flood.example", "n3", "f3@flood.example", "", "x"),
    )
    .await
    .expect_err("past the share");
    assert!(
        refused.contains("450") || refused.to_lowercase().contains("transient"),
        "{refused}"
    );
    eventually(&app, "two tickets", || async {
        tickets(&app).await.len() == 2
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.services()
        .process_mail(marketdesk_service::now_ms())
        .await
        .expect("process");
    assert_eq!(tickets(&app).await.len(), 2, "the third was not stored");
    app.finish().await;
}
