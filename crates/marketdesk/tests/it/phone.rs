//! The support number driven the way the telephony provider drives it:
//! form posts signed with Twilio's documented algorithm, to the Voice URL
//! and then to whatever `action`, `Redirect` and `waitUrl` URLs the TwiML
//! answers name, each answer read as XML.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

pub const TWILIO_TOKEN: &str = "it-twilio-auth-token-0123456789";

/// The provider's side of one call.
pub struct Caller<'a> {
    app: &'a TestApp,
    sid: String,
    from: String,
}

/// A TwiML answer, parsed.
pub struct Twiml {
    pub text: String,
}

impl Twiml {
    fn doc(&self) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    /// The verbs under `<Response>`, by name.
    pub fn verbs(&self) -> Vec<String> {
        let doc = self.doc();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "Response", "{}", self.text);
        root.children()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name().to_owned())
            .collect()
    }

    /// Every `<Say>`, nested or not, as (language, words).
    pub fn says(&self) -> Vec<(String, String)> {
        self.doc()
            .descendants()
            .filter(|n| n.has_tag_name("Say"))
            .map(|n| {
                (
                    n.attribute("language").unwrap_or_default().to_owned(),
                    n.text().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    pub fn spoken(&self) -> String {
        self.says()
            .into_iter()
            .map(|(_, words)| words)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// An attribute of the first element named `tag`.
    pub fn attr(&self, tag: &str, attribute: &str) -> Option<String> {
        self.doc()
            .descendants()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.attribute(attribute).map(String::from))
    }

    /// The text of the first element named `tag`.
    pub fn inner(&self, tag: &str) -> Option<String> {
        self.doc()
            .descendants()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text().map(String::from))
    }
}

impl<'a> Caller<'a> {
    pub fn new(app: &'a TestApp, sid: &str, from: &str) -> Self {
        Caller {
            app,
            sid: sid.into(),
            from: from.into(),
        }
    }

    fn public(&self) -> String {
        self.app
            .services()
            .settings
            .public_url
            .trim_end_matches('/')
            .to_owned()
    }

    /// Posts to `url` (absolute, as the TwiML names it, or a path) with
    /// the call's parameters and `extra`, signed with `token`.
    pub async fn post_signed(
        &self,
        url: &str,
        extra: &[(&str, &str)],
        token: &str,
    ) -> (StatusCode, String) {
        let url = if url.starts_with("http") {
            url.to_owned()
        } else {
            format!("{}{url}", self.public())
        };
        let mut params: Vec<(String, String)> = [
            ("AccountSid", "AC0000000000000000000000000000000"),
            ("CallSid", self.sid.as_str()),
            ("CallStatus", "in-progress"),
            ("Direction", "inbound"),
            ("From", self.from.as_str()),
            ("Caller", self.from.as_str()),
            ("To", "+34910000000"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        params.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let signature = marketdesk_service::phone::twilio_signature(token, &url, &params);
        // The public URL is where this test app listens.
        let target = url.replacen(&self.public(), &self.app.url, 1);
        let response = reqwest::Client::new()
            .post(target)
            .header("x-twilio-signature", signature)
            .form(&params)
            .send()
            .await
            .expect("webhook");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// Posts as the provider does and expects TwiML back.
    pub async fn post(&self, url: &str, extra: &[(&str, &str)]) -> Twiml {
        let (status, text) = self.post_signed(url, extra, TWILIO_TOKEN).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{text}"
        );
        Twiml { text }
    }

    /// Presses `keys` in the answer's `<Gather>`.
    pub async fn press(&self, twiml: &Twiml, keys: &str) -> Twiml {
        let action = twiml
            .attr("Gather", "action")
            .unwrap_or_else(|| panic!("no Gather: {}", twiml.text));
        self.post(&action, &[("Digits", keys)]).await
    }

    /// Says nothing: the provider goes on to the `<Redirect>`.
    pub async fn silence(&self, twiml: &Twiml) -> Twiml {
        let url = twiml
            .inner("Redirect")
            .unwrap_or_else(|| panic!("no Redirect: {}", twiml.text));
        self.post(&url, &[]).await
    }
}

fn phone_config(config: &mut marketdesk::config::Config) {
    config.twilio_auth_token = Some(TWILIO_TOKEN.into());
}

async fn calls_of(app: &TestApp, person: i64) -> Vec<Value> {
    let (status, calls) = app
        .get(&format!("/api/v1/calls?person_id={person}"), ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK, "{calls}");
    calls.as_array().expect("calls").clone()
}

async fn ticket(app: &TestApp, reference: &str) -> Value {
    let (status, ticket) = app
        .get(&format!("/api/v1/tickets/{reference}"), ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    ticket
}

backend_test!(
    a_chinese_caller_queues_and_a_hang_up_becomes_a_callback_task,
    chinese_body,
    super::phone_config
);
async fn chinese_body(app: &TestApp) {
    let (status, customer) = app
        .post(
            "/api/v1/customers",
            ADMIN_TOKEN,
            json!({"email": "wang.fang@example.cn", "name": "王芳", "role": "customer",
                   "language": "zh", "phone": "+86 138 0013 8000"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{customer}");
    let customer = customer["id"].as_i64().unwrap();
    let order = fixtures::order("SO-240777", customer)
        .line(12_900, 1)
        .insert(app)
        .await;
    let caller = Caller::new(app, "CA1000000000000000000000000000zh1", "+8613800138000");

    // The language menu: each option in its own language.
    let menu = caller.post("/webhooks/twilio/voice", &[]).await;
    assert_eq!(menu.verbs(), ["Gather", "Redirect"], "{}", menu.text);
    let says = menu.says();
    assert!(
        says.contains(&("en-US".into(), "For English, press 1.".into())),
        "{says:?}"
    );
    assert!(
        says.contains(&("zh-CN".into(), "中文服务请按 2。".into())),
        "{says:?}"
    );
    assert!(
        says.contains(&("es-ES".into(), "Para español, pulse 3.".into())),
        "{says:?}"
    );
    assert_eq!(menu.attr("Gather", "numDigits").as_deref(), Some("1"));

    // Garbage repeats the menu.
    let again = caller.press(&menu, "7").await;
    assert!(
        again.spoken().contains("Sorry, I did not get that."),
        "{}",
        again.text
    );
    assert_ne!(
        again.attr("Gather", "action"),
        menu.attr("Gather", "action")
    );

    // 2: Chinese, greeted with the hours, then the topics in Chinese.
    let topics = caller.press(&again, "2").await;
    let spoken = topics.spoken();
    assert!(spoken.contains("感谢致电"), "{spoken}");
    assert!(spoken.contains("订单与配送请按 1。"), "{spoken}");
    assert!(spoken.contains("留言请按 9。"), "{spoken}");
    assert!(topics.says().iter().all(|(lang, _)| lang == "zh-CN"));

    // 1: orders; the order number by keypad.
    let ask = caller.press(&topics, "1").await;
    assert_eq!(ask.attr("Gather", "finishOnKey").as_deref(), Some("#"));
    let queued = caller.press(&ask, "240777#").await;
    assert!(
        queued.spoken().contains("S O 2 4 0 7 7 7"),
        "{}",
        queued.text
    );
    assert_eq!(queued.inner("Enqueue").as_deref(), Some("zh-orders"));
    let wait_url = queued.attr("Enqueue", "waitUrl").expect("waitUrl");
    let action = queued.attr("Enqueue", "action").expect("action");

    // While waiting: the position and an expected wait, in Chinese.
    let waiting = caller
        .post(
            &wait_url,
            &[
                ("QueuePosition", "2"),
                ("QueueTime", "30"),
                ("QueueSid", "QU1"),
                ("AvgQueueTime", "0"),
                ("CurrentQueueSize", "2"),
            ],
        )
        .await;
    let spoken = waiting.spoken();
    assert!(spoken.contains("您现在排在第 2 位"), "{spoken}");
    assert!(spoken.contains("预计等待约 6 分钟"), "{spoken}");

    // The caller hangs up in the queue: a callback task.
    let gone = caller
        .post(
            &action,
            &[
                ("QueueResult", "hangup"),
                ("QueueTime", "95"),
                ("QueueSid", "QU1"),
            ],
        )
        .await;
    assert!(gone.verbs().is_empty(), "{}", gone.text);
    let calls = calls_of(app, customer).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call["outcome"], "abandoned");
    assert_eq!(call["from"], "+8613800138000");
    assert_eq!(call["wait_seconds"], 95);
    assert_eq!(call["order_number"], "SO-240777");
    assert_eq!(
        call["path"],
        "language:zh topic:orders order:SO-240777 queue hung up"
    );
    let task = ticket(app, call["ticket"].as_str().expect("a ticket")).await;
    assert_eq!(task["channel"], "phone");
    assert_eq!(task["language"], "zh");
    assert_eq!(task["requester"]["id"], customer);
    assert!(
        task["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("callback")),
        "{task}"
    );
    assert_eq!(task["intent"], "track_order");
    let body = task["messages"][0]["body_text"].as_str().unwrap();
    assert!(body.contains("+8613800138000"), "{body}");
    assert!(body.contains("1:35"), "{body}");
    assert!(body.contains("中文 › 订单与配送 › SO-240777"), "{body}");
    assert_eq!(task["order_ids"], json!([order]), "{task}");

    // The call is on the customer's timeline in the workspace.
    fixtures::staff("agent", "li.na@example.com")
        .create(app)
        .await;
    let mut agent = crate::web::signed_in(app, "li.na@example.com").await;
    let (status, page) = agent.get(&format!("/agent/tickets/{}", task["id"])).await;
    assert_eq!(status, StatusCode::OK);
    let timeline = page
        .split("id=\"calls\"")
        .nth(1)
        .expect("the calls")
        .split("</ul>")
        .next()
        .unwrap();
    assert!(
        timeline.contains("+8613800138000")
            && timeline.contains("Hung up waiting")
            && timeline.contains("1:35"),
        "{timeline}"
    );

    // The same signed request again is a replay: refused, nothing changes.
    let (status, _) = caller
        .post_signed(
            &action,
            &[
                ("QueueResult", "hangup"),
                ("QueueTime", "95"),
                ("QueueSid", "QU1"),
            ],
            TWILIO_TOKEN,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(calls_of(app, customer).await.len(), 1);
}

backend_test!(
    a_spanish_voicemail_becomes_a_ticket_with_its_recording,
    voicemail_body,
    super::phone_config
);
async fn voicemail_body(app: &TestApp) {
    // A number nobody knows: the ticket is on a person known by it.
    let caller = Caller::new(app, "CA2000000000000000000000000000es1", "+34600111222");
    let menu = caller.post("/webhooks/twilio/voice", &[]).await;
    let topics = caller.press(&menu, "3").await;
    assert!(
        topics
            .spoken()
            .contains("Para devoluciones y reembolsos, pulsa 2."),
        "{}",
        topics.text
    );
    let record = caller.press(&topics, "9").await;
    assert!(
        record
            .spoken()
            .contains("Deja tu mensaje después de la señal"),
        "{}",
        record.text
    );
    let recorded = record.attr("Record", "action").expect("Record action");
    let transcribed = record
        .attr("Record", "transcribeCallback")
        .expect("transcribeCallback");
    let url = "https://api.twilio.com/2010-04-01/Accounts/AC0000000000000000000000000000000/Recordings/RE0123456789abcdef0123456789abcdef";
    let thanks = caller
        .post(
            &recorded,
            &[
                ("RecordingUrl", url),
                ("RecordingDuration", "42"),
                ("RecordingSid", "RE0123456789abcdef0123456789abcdef"),
            ],
        )
        .await;
    assert_eq!(thanks.verbs(), ["Say", "Hangup"], "{}", thanks.text);
    let reference = thanks
        .spoken()
        .split("referencia ")
        .nth(1)
        .and_then(|r| r.split('.').next())
        .map(str::to_owned)
        .expect("a reference");
    let vm = ticket(app, &reference).await;
    assert_eq!(vm["channel"], "phone");
    assert_eq!(vm["language"], "es");
    assert!(
        vm["tags"].as_array().unwrap().contains(&json!("voicemail")),
        "{vm}"
    );
    let body = vm["messages"][0]["body_text"].as_str().unwrap();
    assert!(
        body.contains(url) && body.contains("0:42") && body.contains("+34600111222"),
        "{body}"
    );
    let person = vm["requester"]["id"].as_i64().unwrap();
    let (_, requester) = app
        .get(&format!("/api/v1/customers/{person}"), ADMIN_TOKEN)
        .await;
    assert_eq!(requester["phone"], "+34600111222", "{requester}");

    // The transcription arrives later: a note, and triage from what was said.
    let transcript = "Hola, quiero devolver las zapatillas del pedido, me quedan pequeñas. ¿Cómo hago la devolución?";
    let done = caller
        .post(
            &transcribed,
            &[
                ("TranscriptionText", transcript),
                ("TranscriptionStatus", "completed"),
                ("RecordingUrl", url),
            ],
        )
        .await;
    assert!(done.verbs().is_empty());
    let vm = ticket(app, &reference).await;
    let notes: Vec<&str> = vm["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["body_text"].as_str())
        .collect();
    assert!(notes.iter().any(|n| n.contains(transcript)), "{notes:?}");
    assert_eq!(vm["intent"], "return_item", "{vm}");
    let calls = calls_of(app, person).await;
    assert_eq!(calls[0]["outcome"], "voicemail");
    assert_eq!(calls[0]["recording_seconds"], 42);
    assert_eq!(calls[0]["transcription"], transcript);
    assert_eq!(calls[0]["ticket"], json!(reference));
}

backend_test!(
    a_caller_in_the_queue_asks_to_be_called_back,
    callback_body,
    super::phone_config
);
async fn callback_body(app: &TestApp) {
    let caller = Caller::new(app, "CA3000000000000000000000000000en1", "+12125550199");
    let menu = caller.post("/webhooks/twilio/voice?lang=en", &[]).await;
    // A number of one language: no language menu.
    assert!(
        menu.spoken().contains("For your account, press 4."),
        "{}",
        menu.text
    );
    // Silence twice: on to a person.
    let again = caller.silence(&menu).await;
    assert!(
        again.spoken().contains("Sorry, I did not get that."),
        "{}",
        again.text
    );
    let queued = caller.silence(&again).await;
    assert_eq!(
        queued.inner("Enqueue").as_deref(),
        Some("en-other"),
        "{}",
        queued.text
    );
    let wait = queued.attr("Enqueue", "waitUrl").unwrap();
    let waiting = caller
        .post(&wait, &[("QueuePosition", "1"), ("QueueTime", "12")])
        .await;
    let leave = caller.press(&waiting, "1").await;
    assert_eq!(leave.verbs(), ["Leave"], "{}", leave.text);
    let action = queued.attr("Enqueue", "action").unwrap();
    let bye = caller
        .post(&action, &[("QueueResult", "leave"), ("QueueTime", "20")])
        .await;
    assert!(
        bye.spoken().contains("We will call you back"),
        "{}",
        bye.text
    );
    let (_, calls) = app.get("/api/v1/calls?outcome=callback", ADMIN_TOKEN).await;
    assert_eq!(calls[0]["from"], "+12125550199", "{calls}");
    assert_eq!(calls[0]["wait_seconds"], 20);

    // Waiting past the longest wait: out of the queue to the voicemail.
    let long = Caller::new(app, "CA3000000000000000000000000000en2", "+12125550198");
    let menu = long.post("/webhooks/twilio/voice?lang=en", &[]).await;
    let queued = long.press(&menu, "4").await;
    let wait = queued.attr("Enqueue", "waitUrl").unwrap();
    let out = long
        .post(&wait, &[("QueuePosition", "3"), ("QueueTime", "900")])
        .await;
    assert_eq!(out.verbs(), ["Leave"]);
    let action = queued.attr("Enqueue", "action").unwrap();
    let record = long
        .post(&action, &[("QueueResult", "leave"), ("QueueTime", "900")])
        .await;
    assert!(
        record.spoken().contains("sorry to keep you waiting"),
        "{}",
        record.text
    );
    assert!(record.attr("Record", "action").is_some(), "{}", record.text);
}

backend_test!(
    bad_webhooks_are_refused_and_unknown_calls_hear_goodbye,
    refusals_body,
    super::phone_config
);
async fn refusals_body(app: &TestApp) {
    let caller = Caller::new(app, "CA4000000000000000000000000000xx1", "+34600000009");
    let (status, _) = caller
        .post_signed("/webhooks/twilio/voice", &[], "someone-elses-token")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let unsigned = reqwest::Client::new()
        .post(format!("{}/webhooks/twilio/voice", app.url))
        .form(&[("CallSid", "CA4")])
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::FORBIDDEN);
    // Nothing was recorded for them.
    let (_, calls) = app.get("/api/v1/calls", ADMIN_TOKEN).await;
    assert_eq!(calls, json!([]));

    // A step of a call the desk never saw: a polite goodbye, not an error.
    let stranger = Caller::new(app, "CA4000000000000000000000000000xx2", "+34600000008");
    let bye = stranger
        .post("/webhooks/twilio/voice/topic?attempt=1", &[("Digits", "1")])
        .await;
    assert_eq!(bye.verbs(), ["Say", "Hangup"], "{}", bye.text);
    let bye = stranger
        .post("/webhooks/twilio/voice/no-such-step", &[])
        .await;
    assert_eq!(bye.verbs(), ["Say", "Hangup"], "{}", bye.text);
    // A call id far too long: the same goodbye.
    let long = Caller::new(app, &"C".repeat(500), "+34600000008");
    let bye = long.post("/webhooks/twilio/voice", &[]).await;
    assert_eq!(bye.verbs(), ["Say", "Hangup"], "{}", bye.text);

    // Calls are staff's to read: a customer's token is refused.
    let (_, customer) = fixtures::customer("caller@example.com")
        .with_token(app)
        .await;
    let (status, _) = app.get("/api/v1/calls", &customer).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

backend_test!(
    a_visitor_asks_for_a_callback_in_the_help_center,
    callback_form_body
);
async fn callback_form_body(app: &TestApp) {
    let mut browser = crate::web::Browser::new(app);
    let (status, page) = browser.get("/contact?lang=es").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Que me llamen"), "{page}");
    let csrf = crate::web::hidden(&page, "_csrf");
    // The first time offered: a half hour within the opening hours.
    let slot = page
        .split("<select name=\"at\" required><option value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a time to choose")
        .to_owned();

    // A number without its country code: refused in Spanish, nothing filed.
    let (status, to, _) = browser
        .post(
            "/contact/callback",
            &[
                ("_csrf", &csrf),
                ("name", "Lucía"),
                ("phone", "600 111 222"),
                ("at", &slot),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get(to.as_deref().unwrap()).await;
    assert!(page.contains("class=\"error\""), "{page}");
    assert!(page.contains("phone"), "{page}");
    let (_, tickets) = app.get("/api/v1/tickets?channel=phone", ADMIN_TOKEN).await;
    assert_eq!(tickets["items"], json!([]), "{tickets}");

    // A time outside the hours offered: refused too.
    let (_, to, _) = browser
        .post(
            "/contact/callback",
            &[
                ("_csrf", &csrf),
                ("phone", "+34 600 111 222"),
                ("at", "12345"),
            ],
        )
        .await;
    let (_, page) = browser.get(to.as_deref().unwrap()).await;
    assert!(page.contains("class=\"error\""), "{page}");

    let (_, to, _) = browser
        .post(
            "/contact/callback",
            &[
                ("_csrf", &csrf),
                ("name", "Lucía"),
                ("phone", "+34 600 111 222"),
                ("at", &slot),
                ("note", "Sobre mi devolución"),
            ],
        )
        .await;
    let (_, page) = browser.get(to.as_deref().unwrap()).await;
    assert!(page.contains("Te llamaremos el"), "{page}");
    let reference = page
        .split("Tu referencia es ")
        .nth(1)
        .and_then(|r| r.split('.').next())
        .expect("a reference")
        .to_owned();
    let task = ticket(app, &reference).await;
    assert_eq!(task["channel"], "phone");
    assert!(
        task["tags"]
            .as_array()
            .unwrap()
            .contains(&json!("callback"))
    );
    assert_eq!(task["custom_fields"]["callback_number"], "+34600111222");
    let at: i64 = slot.parse().unwrap();
    let due = jiff::Timestamp::from_millisecond(at).unwrap().to_string();
    assert_eq!(
        task["custom_fields"]["callback_at"].as_str().unwrap()[..16],
        due[..16],
        "{task}"
    );
    assert_eq!(task["requester"]["name"], "Lucía");
    let body = task["messages"][0]["body_text"].as_str().unwrap();
    assert!(
        body.contains("Sobre mi devolución") && body.contains("+34600111222"),
        "{body}"
    );
}

backend_test!(
    a_call_rings_the_online_agent_with_the_skills_then_queues,
    ringing_body,
    super::phone_config
);
async fn ringing_body(app: &TestApp) {
    // Two online agents with phones: one speaks Spanish only, one Chinese.
    for (email, language, phone) in [
        ("pilar@example.com", "es", "+34 600 000 111"),
        ("wei@example.com", "zh", "+86 139 0000 0001"),
    ] {
        let (status, agent) = app
            .post(
                "/api/v1/agents",
                ADMIN_TOKEN,
                json!({"email": email, "name": email, "role": "agent", "language": language,
                       "phone": phone, "password": "a-long-enough-password"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{agent}");
        let (status, routing) = app
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/agents/{}/routing", agent["id"]),
                Some(ADMIN_TOKEN),
                Some(&json!({"skills": [{"kind": "language", "value": language, "level": 3}]})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{routing}");
        let (status, presence) = app
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/agents/{}/presence", agent["id"]),
                Some(ADMIN_TOKEN),
                Some(&json!({"status": "online"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{presence}");
    }
    let caller = Caller::new(app, "CA6000000000000000000000000000zh1", "+8613800000077");
    let menu = caller.post("/webhooks/twilio/voice", &[]).await;
    let topics = caller.press(&menu, "2").await;
    let ringing = caller.press(&topics, "4").await;
    assert_eq!(ringing.verbs(), ["Say", "Dial"], "{}", ringing.text);
    assert_eq!(ringing.inner("Dial").as_deref(), Some("+8613900000001"));
    // Not answered: into the Chinese queue, not rung again.
    let action = ringing.attr("Dial", "action").unwrap();
    let queued = caller
        .post(
            &action,
            &[("DialCallStatus", "no-answer"), ("DialCallDuration", "0")],
        )
        .await;
    assert_eq!(
        queued.inner("Enqueue").as_deref(),
        Some("zh-account"),
        "{}",
        queued.text
    );
    let (_, calls) = app.get("/api/v1/calls", ADMIN_TOKEN).await;
    assert!(
        calls[0]["path"].as_str().unwrap().contains(" missed queue"),
        "{calls}"
    );
}
