//! Business hours per team, through the real API, pages and chat: a team's
//! schedule sets the hours its tickets' clocks count, what its chat
//! hand-overs say and what the contact page shows; schedules that do not
//! hold and files that are not iCalendar are refused, nothing saved.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::backend_test;
use crate::chat::Chat;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

const HOUR: i64 = 3_600_000;

/// Public holidays as a calendar app exports them: folded lines, CRLF,
/// all-day events, a timed one, a description.
const CHINA_ICS: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Holidays in China\r\nX-WR-TIMEZONE:UTC\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270206\r\nDTEND;VALUE=DATE:20270209\r\nDTSTAMP:20261201T000000Z\r\nUID:20270206_cn_spring@google.com\r\nCLASS:PUBLIC\r\nDESCRIPTION:Public holiday\\, the first days of the Lunar New Y\r\n ear\r\nSUMMARY:春节\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20271001\r\nDTEND;VALUE=DATE:20271002\r\nUID:20271001_cn_national@google.com\r\nSUMMARY:国庆节\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

async fn team(app: &TestApp, name: &str) -> i64 {
    let (status, team) = app
        .post("/api/v1/teams", ADMIN_TOKEN, json!({"name": name}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{team}");
    team["id"].as_i64().unwrap()
}

/// Hours open the whole week in `zone`, or only `span` on one weekday.
fn hours(zone: &str, only: Option<(u8, &str)>) -> Value {
    let days = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let mut hours = json!({"time_zone": zone, "holidays": []});
    for (day, name) in (1u8..).zip(days) {
        hours[name] = match only {
            None => json!(["00:00-24:00"]),
            Some((open, span)) if open == day => json!([span]),
            Some(_) => json!([]),
        };
    }
    hours
}

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    app.send(Method::PUT, path, Some(token), Some(&body)).await
}

async fn import(app: &TestApp, id: i64, content_type: &str, body: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/schedules/{id}/holidays", app.url))
        .bearer_auth(ADMIN_TOKEN)
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

backend_test!(schedules_are_kept_and_bad_ones_refused, crud_body);
async fn crud_body(app: &TestApp) {
    let chinese = team(app, "中文").await;
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (_, lead) = fixtures::staff("supervisor", "lead@example.com")
        .with_token(app)
        .await;
    let good =
        json!({"name": "Shanghai", "hours": hours("Asia/Shanghai", None), "teams": [chinese]});
    let (status, _) = app.post("/api/v1/schedules", &agent, good.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let with = |pointer: &str, value: Value| {
        let mut body = good.clone();
        *body.pointer_mut(pointer).unwrap() = value;
        body
    };
    let mut holidays_file = good.clone();
    holidays_file["hours"]["holidays_file"] = json!("cn.ics");
    let refused = [
        (
            with("/hours/monday", json!(["09:00-13:00", "12:00-18:00"])),
            "monday",
        ),
        (with("/hours/tuesday", json!(["9am-5pm"])), "tuesday"),
        (with("/hours/time_zone", json!("Asia/Beijing")), "time_zone"),
        (
            with(
                "/hours/holidays",
                json!([{"date": "2026-13-01", "name": "x"}]),
            ),
            "holidays",
        ),
        (with("/teams", json!([chinese, 987_654])), "teams"),
        (with("/name", json!("  ")), "name"),
        (holidays_file, "holidays_file"),
    ];
    for (body, field) in refused {
        let (status, problem) = app.post("/api/v1/schedules", &lead, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        let detail = problem["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(field), "{field}: {problem}");
    }
    let (status, listed) = app.get("/api/v1/schedules", &agent).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed, json!([]), "nothing half-saved");

    let (status, saved) = app.post("/api/v1/schedules", &lead, good.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    let id = saved["id"].as_i64().unwrap();
    assert_eq!(saved["teams"], json!([{"id": chinese, "name": "中文"}]));
    let (status, _) = app.post("/api/v1/schedules", &lead, good.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "the name is taken");

    // Holidays from an iCalendar file join; anything else changes nothing.
    let path = format!("/api/v1/schedules/{id}");
    assert_eq!(
        import(app, id, "text/plain", CHINA_ICS).await.0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let (status, problem) =
        import(app, id, "text/calendar", "Date,Holiday\n2027-02-06,春节\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        app.get(&path, &agent).await.1["hours"]["holidays"],
        json!([])
    );
    let (status, imported) = import(app, id, "text/calendar; charset=utf-8", CHINA_ICS).await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    let dates: Vec<&str> = imported["hours"]["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2027-02-06", "2027-02-07", "2027-02-08", "2027-10-01"]
    );
    assert_eq!(imported["hours"]["holidays"][0]["name"], "春节");

    // Replaced: no team any more; then deleted.
    let (status, changed) = put(app, &path, &lead, with("/teams", json!([]))).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["teams"], json!([]));
    assert_eq!(
        app.send(Method::DELETE, &path, Some(&agent), None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.send(Method::DELETE, &path, Some(&lead), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.get(&path, &agent).await.0, StatusCode::NOT_FOUND);
}

fn first_response_due(ticket: &Value) -> i64 {
    let due = ticket["sla"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "first_response")
        .unwrap()["due_at"]
        .as_str()
        .unwrap();
    millis(due)
}

fn millis(rfc3339: &str) -> i64 {
    rfc3339.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

async fn ticket_of(app: &TestApp, team: Option<i64>, email: &str) -> (i64, Value) {
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "Where is my parcel?", "requester": {"email": email},
                   "message": {"body": "It has not arrived."}, "team_id": team}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    (ticket["id"].as_i64().unwrap(), ticket)
}

backend_test!(
    a_teams_schedule_sets_the_hours_its_clocks_count,
    clocks_body,
    |config: &mut marketdesk::config::Config| {
        // The default hours: one hour, the day after tomorrow (closed now).
        crate::help::open_in_shanghai_the_day_after_tomorrow(config, "09:30-10:30");
    }
);
async fn clocks_body(app: &TestApp) {
    let night = team(app, "Night shift").await;
    let (status, _) = app
        .post(
            "/api/v1/schedules",
            ADMIN_TOKEN,
            json!({"name": "Round the clock", "hours": hours("UTC", None), "teams": [night]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (ours, ticket) = ticket_of(app, Some(night), "a@example.com").await;
    let created = millis(ticket["created_at"].as_str().unwrap());
    // Normal priority: eight hours, every hour counts for the night shift.
    assert_eq!(first_response_due(&ticket), created + 8 * HOUR, "{ticket}");
    let (theirs, ticket) = ticket_of(app, None, "b@example.com").await;
    assert!(
        first_response_due(&ticket) > created + 48 * HOUR,
        "the default hours open the day after tomorrow: {ticket}"
    );

    // Nine hours later the night shift's ticket has breached; the other not.
    let mut tx = app.services().raw_store().begin().await.unwrap();
    sqlx::query(
        "UPDATE tickets SET created_at = created_at - $1, sla_clock_start = sla_clock_start - $1",
    )
    .bind(9 * HOUR)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let breached = |page: Value| -> Vec<i64> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    let (status, page) = app.get("/api/v1/tickets?sla=breached", ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(breached(page), [ours]);
    let watch = app
        .services()
        .watch_sla(marketdesk_service::now_ms())
        .await
        .unwrap();
    assert!(watch.breached >= 1, "{watch:?}");
    let events = |id: i64| async move {
        app.get(&format!("/api/v1/tickets/{id}/escalations"), ADMIN_TOKEN)
            .await
            .1["sla_events"]
            .to_string()
    };
    assert!(events(ours).await.contains("breached"));
    assert!(!events(theirs).await.contains("breached"));

    // Taken off the team, the ticket counts the default hours again.
    let (status, moved) = app
        .patch(
            &format!("/api/v1/tickets/{ours}"),
            ADMIN_TOKEN,
            json!({"team_id": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert!(first_response_due(&moved) > created + 48 * HOUR, "{moved}");
    let (_, page) = app.get("/api/v1/tickets?sla=breached", ADMIN_TOKEN).await;
    assert!(breached(page).is_empty());
}

backend_test!(a_chat_hand_over_tells_the_teams_own_hours, hand_over_body);
async fn hand_over_body(app: &TestApp) {
    // The default hours are round the clock; the Chinese team's are one
    // hour the day after tomorrow, and a trigger gives it Chinese tickets.
    let chinese = team(app, "中文客服").await;
    let (_, (_, weekday)) = crate::help::shanghai_days_ahead();
    let (status, saved) = app
        .post(
            "/api/v1/schedules",
            ADMIN_TOKEN,
            json!({"name": "中文客服 · Chinese support",
                   "hours": hours("Asia/Shanghai", Some((weekday, "09:30-10:30"))),
                   "teams": [chinese]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    let (status, rule) = app
        .post(
            "/api/v1/rules",
            ADMIN_TOKEN,
            json!({"name": "Chinese to the Chinese team", "kind": "trigger", "events": ["created"],
                   "conditions": {"all": [{"field": "language", "op": "is", "value": "zh"},
                                          {"field": "team_id", "op": "is", "value": "none"}]},
                   "actions": [{"action": "set_team", "value": chinese}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rule}");

    let day = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][usize::from(weekday) - 1];
    let (chat, _) = Chat::start(app, "zh").await;
    chat.say("我要人工客服").await;
    let reply = chat.say("wei@example.com").await;
    let expected = format!("团队将于{day} 09:30（Asia/Shanghai 时间）上班");
    assert!(
        reply.last().unwrap().contains(&expected),
        "{reply:?} should say {expected}"
    );
    // A customer whose browser is in Madrid is told the time in Madrid too.
    let chat = Chat::start_in(app, "zh", "Europe/Madrid").await;
    chat.say("我要人工客服").await;
    let reply = chat.say("lin@example.com").await;
    let last = reply.last().unwrap();
    assert!(
        last.contains("团队将于您当地时间")
            && last.contains(&format!("（Asia/Shanghai 时间{day} 09:30）")),
        "{reply:?}"
    );
    // A zone that is not one is not kept: the team's time alone.
    let chat = Chat::start_in(app, "zh", "Mars/Olympus_Mons").await;
    chat.say("我要人工客服").await;
    let reply = chat.say("mars@example.com").await;
    assert!(reply.last().unwrap().contains(&expected), "{reply:?}");
    // An English chat goes to no team: the default hours are open now.
    let (chat, _) = Chat::start(app, "en").await;
    chat.say("I want to talk to a person").await;
    let reply = chat.say("sam@example.com").await;
    assert!(
        !reply.last().unwrap().contains("Asia/Shanghai"),
        "{reply:?}"
    );

    // The contact page lists the team's hours, in the reader's language.
    let page = reqwest::get(format!("{}/contact?lang=es", app.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let teams = page
        .split("id=\"team-hours\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no team hours: {page}"));
    assert!(teams.contains("中文客服 · Chinese support"), "{teams}");
    assert!(teams.contains("(Asia/Shanghai)"), "{teams}");
    assert!(teams.contains("vuelve el"), "{teams}");
}

backend_test!(
    supervisors_keep_schedules_in_the_admin_console,
    console_body
);
async fn console_body(app: &TestApp) {
    let chinese = team(app, "中文").await;
    fixtures::staff("supervisor", "lead@example.com")
        .with_token(app)
        .await;
    let mut browser = crate::web::signed_in(app, "lead@example.com").await;
    let (status, page) = browser.get("/agent/admin/schedules").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"default-hours\""), "{page}");
    let csrf = crate::web::hidden(&page, "_csrf");
    let team = chinese.to_string();
    let form = |monday: &'static str| {
        vec![
            ("_csrf", csrf.clone()),
            ("editing", "0".to_owned()),
            ("name", "Shanghai office".to_owned()),
            ("time_zone", "Asia/Shanghai".to_owned()),
            ("monday", monday.to_owned()),
            ("tuesday", "09:00-18:00".to_owned()),
            ("holidays", "2027-02-06 春节\n2027-10-01 国庆节".to_owned()),
            ("teams", team.clone()),
        ]
    };
    // Overlapping hours: refused, the typed form kept, nothing saved.
    let bad = form("09:00-13:00, 12:30-18:00");
    let pairs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, page) = browser.post("/agent/admin/schedules", &pairs).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"schedule-error\""), "{page}");
    assert!(page.contains("overlap"), "{page}");
    assert!(
        page.contains("value=\"09:00-13:00, 12:30-18:00\""),
        "{page}"
    );
    assert!(page.contains("2027-10-01 国庆节"), "{page}");
    assert_eq!(app.get("/api/v1/schedules", ADMIN_TOKEN).await.1, json!([]));

    let good = form("09:00-12:30, 13:30-18:00");
    let pairs: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = browser.post("/agent/admin/schedules", &pairs).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/agent/admin/schedules"));
    let (_, listed) = app.get("/api/v1/schedules", ADMIN_TOKEN).await;
    let saved = &listed[0];
    assert_eq!(
        saved["hours"]["monday"],
        json!(["09:00-12:30", "13:30-18:00"])
    );
    assert_eq!(saved["hours"]["wednesday"], json!([]));
    assert_eq!(
        saved["hours"]["holidays"][0],
        json!({"date": "2027-02-06", "name": "春节"})
    );
    assert_eq!(saved["teams"][0]["id"], chinese);
    let id = saved["id"].as_i64().unwrap();

    // An iCalendar file uploaded from the page adds its days.
    let (status, _) = browser
        .post_multipart(
            &format!("/agent/admin/schedules/{id}/holidays"),
            &[("_csrf", &csrf)],
            &[(
                "calendar",
                "china.ics",
                "text/calendar",
                CHINA_ICS.as_bytes(),
            )],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get("/agent/admin/schedules").await;
    let row = page
        .split(&format!("id=\"schedule-{id}\""))
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap_or_else(|| panic!("no row: {page}"));
    assert!(row.contains("<td>4</td>"), "春节 ×3 and 国庆节: {row}");
    // What callers and chats hear now: at work, or when the office is back.
    let now = row
        .split("class=\"schedule-now\">")
        .nth(1)
        .and_then(|r| r.split("</td>").next())
        .unwrap_or_default();
    assert!(now == "at work now" || now.starts_with("back on "), "{row}");
    assert!(row.contains("中文"), "{row}");
}

backend_test!(
    the_phone_line_greets_with_the_numbers_teams_hours,
    phone_body,
    |config: &mut marketdesk::config::Config| {
        // The default hours are round the clock; calls are put through.
        config.policy.contact.phone_forward_to = Some("+34910000001".into());
        config.twilio_auth_token = Some(crate::phone::TWILIO_TOKEN.into());
    }
);
async fn phone_body(app: &TestApp) {
    use crate::phone::Caller;
    // Open: greeted in Spanish, the topics, then put through.
    let caller = Caller::new(app, "CA5000000000000000000000000000es1", "+34600000001");
    let topics = caller.post("/webhooks/twilio/voice?lang=es", &[]).await;
    assert!(
        topics
            .text
            .contains("<Say language=\"es-ES\">Gracias por llamar a"),
        "{}",
        topics.text
    );
    let through = caller.press(&topics, "4").await;
    assert_eq!(through.verbs(), ["Say", "Dial"], "{}", through.text);
    assert_eq!(through.inner("Dial").as_deref(), Some("+34910000001"));

    // The Chinese team's number: closed now, back on its own hours.
    let chinese = team(app, "中文客服").await;
    let (_, (_, weekday)) = crate::help::shanghai_days_ahead();
    let (status, _) = app
        .post(
            "/api/v1/schedules",
            ADMIN_TOKEN,
            json!({"name": "中文客服", "hours": hours("Asia/Shanghai", Some((weekday, "09:30-10:30"))),
                   "teams": [chinese]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let day = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][usize::from(weekday) - 1];
    let caller = Caller::new(app, "CA5000000000000000000000000000zh1", "+8613800000001");
    let twiml = caller
        .post(
            &format!("/webhooks/twilio/voice?lang=zh&team={chinese}"),
            &[],
        )
        .await
        .text;
    assert!(twiml.contains("<Say language=\"zh-CN\">"), "{twiml}");
    assert!(
        twiml.contains(&format!("将于{day} 09:30（Asia/Shanghai 时间）回来")),
        "{twiml}"
    );
    assert!(
        !twiml.contains("<Dial") && !twiml.contains("<Gather"),
        "not put through while closed: {twiml}"
    );
    assert!(twiml.contains("<Record "), "a voicemail instead: {twiml}");

    // A holiday today on a round-the-clock schedule: closed, and why.
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let mut holiday_hours = hours("UTC", None);
    holiday_hours["holidays"] = json!([{"date": today, "name": "Día de prueba"}]);
    let night = team(app, "Guardia").await;
    let (status, _) = app
        .post(
            "/api/v1/schedules",
            ADMIN_TOKEN,
            json!({"name": "Guardia", "hours": holiday_hours, "teams": [night]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let caller = Caller::new(app, "CA5000000000000000000000000000es2", "+34600000002");
    let twiml = caller
        .post(&format!("/webhooks/twilio/voice?lang=es&team={night}"), &[])
        .await
        .text;
    assert!(
        twiml.contains("Hoy estamos cerrados por Día de prueba y volvemos el"),
        "{twiml}"
    );
}
