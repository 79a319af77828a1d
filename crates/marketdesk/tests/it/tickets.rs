use marketdesk_domain::DAY_MS;
use reqwest::StatusCode;
use serde_json::json;

use crate::backend_test;
use crate::common::{ADMIN_TOKEN, TestApp};
use crate::fixtures;

backend_test!(create_and_read_back, create_and_read_back_body);
async fn create_and_read_back_body(app: &TestApp) {
    let (status, created) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({
                "subject": "  Where is my order?  ",
                "requester": {"email": "Li.Wei@Example.CN", "name": "Li Wei", "language": "zh-CN"},
                "message": {"body": "我的订单还没到 <script>x</script>", "html": "<p onclick=\"x()\">我的订单<script>alert(1)</script></p>"},
                "priority": "high",
                "channel": "email",
                "tags": ["Late Delivery", "late_delivery"],
                "custom_fields": {"order_value_band": "high", "vip": true}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["status"], "new");
    assert_eq!(created["subject"], "Where is my order?");
    assert_eq!(created["reference"], format!("MD-{}", id + 1000));
    assert_eq!(created["language"], "zh-CN");
    assert_eq!(created["tags"], json!(["late_delivery"]));
    assert_eq!(created["requester"]["email"], "li.wei@example.cn");
    let html = created["messages"][0]["body_html"].as_str().unwrap();
    assert!(
        !html.contains("script") && !html.contains("onclick"),
        "{html}"
    );

    let (status, fetched) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["status"], "new");
    assert_eq!(fetched["priority"], "high");
    assert_eq!(fetched["custom_fields"]["vip"], true);
    assert_eq!(fetched["messages"].as_array().unwrap().len(), 1);
    let (status, by_ref) = app
        .get(&format!("/api/v1/tickets/MD-{}", id + 1000), ADMIN_TOKEN)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_ref["id"], id);
}

backend_test!(list_filters_and_pages, list_filters_and_pages_body);
async fn list_filters_and_pages_body(app: &TestApp) {
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            app.ticket_for(&format!("c{i}@example.com"), &format!("Ticket {i}"))
                .await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let (status, _) = app
        .patch(
            &format!("/api/v1/tickets/{}", ids[1]),
            ADMIN_TOKEN,
            json!({"status": "pending", "tags": ["refund"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Pages of two, newest first, covering all five exactly once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/tickets?limit=2&cursor={c}"),
            None => "/api/v1/tickets?limit=2".to_string(),
        };
        let (status, page) = app.get(&path, &agent).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|t| t["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(seen, expected);

    let (_, pending) = app.get("/api/v1/tickets?status=pending", &agent).await;
    assert_eq!(pending["items"].as_array().unwrap().len(), 1);
    assert_eq!(pending["items"][0]["id"], ids[1]);
    let (_, tagged) = app.get("/api/v1/tickets?tag=refund", &agent).await;
    assert_eq!(tagged["items"][0]["id"], ids[1]);
    let (_, several) = app.get("/api/v1/tickets?status=new,pending", &agent).await;
    assert_eq!(several["items"].as_array().unwrap().len(), 5);
    // Several statuses page newest first across them (each status is read
    // on its own and the pages merged).
    let page_ids = |page: &serde_json::Value| -> Vec<i64> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    let (_, first) = app
        .get("/api/v1/tickets?status=pending,new&limit=3", &agent)
        .await;
    assert_eq!(page_ids(&first), vec![ids[4], ids[3], ids[2]], "{first}");
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = app
        .get(
            &format!("/api/v1/tickets?status=pending,new&limit=3&cursor={cursor}"),
            &agent,
        )
        .await;
    assert_eq!(page_ids(&second), vec![ids[1], ids[0]], "{second}");
    let (_, tagged_pending) = app
        .get("/api/v1/tickets?status=new,pending&tag=refund", &agent)
        .await;
    assert_eq!(page_ids(&tagged_pending), vec![ids[1]]);
    let (_, unassigned) = app.get("/api/v1/tickets?assignee=none", &agent).await;
    assert_eq!(unassigned["items"].as_array().unwrap().len(), 5);
    let (_, mine) = app.get("/api/v1/tickets?assignee=me", &agent).await;
    assert!(mine["items"].as_array().unwrap().is_empty());
}

backend_test!(status_rules, status_rules_body);
async fn status_rules_body(app: &TestApp) {
    let (customer_id, customer) = fixtures::customer("rosa@example.es").with_token(app).await;
    let (agent_id, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let ticket = app.ticket_for("rosa@example.es", "Talla equivocada").await;
    let id = ticket["id"].as_i64().unwrap();
    assert_eq!(ticket["requester"]["id"], customer_id);
    let path = format!("/api/v1/tickets/{id}");
    let messages = format!("{path}/messages");

    // A staff reply opens a new ticket and records the first response.
    let (status, reply) = app
        .post(
            &messages,
            &agent,
            json!({"body": "Hola Rosa, lo revisamos.", "status": "pending"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    let (_, t) = app.get(&path, &agent).await;
    assert_eq!(t["status"], "pending");
    assert!(t["first_response_at"].is_string());

    // The customer's reply reopens it.
    let (status, _) = app
        .post(&messages, &customer, json!({"body": "Gracias"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(app.get(&path, &agent).await.1["status"], "open");

    // Nothing returns to new; closing needs solving first.
    let (status, problem) = app.patch(&path, &agent, json!({"status": "new"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "invalid_status_change");
    let (status, _) = app.patch(&path, &agent, json!({"status": "closed"})).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // on_hold and solved reopen on a customer reply too.
    for waiting in ["on_hold", "solved"] {
        let (status, _) = app
            .patch(
                &path,
                &agent,
                json!({"status": waiting, "assignee_id": agent_id}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        app.post(&messages, &customer, json!({"body": "¿Alguna novedad?"}))
            .await;
        assert_eq!(
            app.get(&path, &agent).await.1["status"],
            "open",
            "after {waiting}"
        );
    }

    // Solved closes by itself after the configured time, not before.
    app.patch(&path, &agent, json!({"status": "solved"})).await;
    let now = marketdesk_service::now_ms();
    assert_eq!(
        app.services()
            .close_due_tickets(now + DAY_MS)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        app.services()
            .close_due_tickets(now + 4 * DAY_MS + 1000)
            .await
            .unwrap(),
        1
    );
    let (_, closed) = app.get(&path, &agent).await;
    assert_eq!(closed["status"], "closed");
    assert!(closed["closed_at"].is_string());

    // Closed is final: staff cannot reply or change it...
    let (status, problem) = app.post(&messages, &agent, json!({"body": "late"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "ticket_closed");
    let (status, _) = app.patch(&path, &agent, json!({"priority": "low"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // ...and a customer's reply starts a linked follow-up.
    let (status, reply) = app
        .post(&messages, &customer, json!({"body": "Otra pregunta"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let follow_up = reply["follow_up_ticket_id"].as_i64().expect("follow-up");
    assert_ne!(follow_up, id);
    let (_, f) = app
        .get(&format!("/api/v1/tickets/{follow_up}"), &agent)
        .await;
    assert_eq!(f["follow_up_of_id"], id);
    assert_eq!(f["status"], "new");
    assert_eq!(f["messages"][0]["body_text"], "Otra pregunta");
    assert_eq!(app.get(&path, &agent).await.1["status"], "closed");

    // The audit trail tells who changed what from which value to which.
    let (status, audit) = app.get(&format!("{path}/audit"), ADMIN_TOKEN).await;
    assert_eq!(status, StatusCode::OK);
    let entries = audit.as_array().unwrap();
    assert!(entries.iter().any(|e| e["field"] == "status"
        && e["old_value"] == "new"
        && e["new_value"] == "pending"
        && e["actor_id"] == agent_id));
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "auto_closed" && e["actor_id"].is_null())
    );
    assert!(
        entries
            .iter()
            .any(|e| e["field"] == "assignee_id" && e["new_value"] == json!(agent_id.to_string()))
    );
}

backend_test!(notes_are_for_staff, notes_are_for_staff_body);
async fn notes_are_for_staff_body(app: &TestApp) {
    let (_, customer) = fixtures::customer("ana@example.com").with_token(app).await;
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let id = app.ticket_for("ana@example.com", "Refund").await["id"]
        .as_i64()
        .unwrap();
    let messages = format!("/api/v1/tickets/{id}/messages");
    let (status, _) = app
        .post(
            &messages,
            &agent,
            json!({"body": "Customer is VIP, refund fast", "kind": "note"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .post(
            &messages,
            &customer,
            json!({"body": "sneaky", "kind": "note"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, seen_by_customer) = app.get(&messages, &customer).await;
    assert_eq!(seen_by_customer.as_array().unwrap().len(), 1);
    let (_, seen_by_agent) = app.get(&messages, &agent).await;
    assert_eq!(seen_by_agent.as_array().unwrap().len(), 2);
    assert_eq!(seen_by_agent[1]["kind"], "note");
}

backend_test!(merge_moves_the_conversation, merge_body);
async fn merge_body(app: &TestApp) {
    let (_, agent) = fixtures::staff("agent", "agent@example.com")
        .with_token(app)
        .await;
    let a = app.ticket_for("sam@example.com", "Parcel late").await["id"]
        .as_i64()
        .unwrap();
    let b = app
        .ticket_for("sam@example.com", "Parcel late (again)")
        .await["id"]
        .as_i64()
        .unwrap();
    app.patch(
        &format!("/api/v1/tickets/{b}"),
        &agent,
        json!({"tags": ["duplicate"]}),
    )
    .await;
    let (status, target) = app
        .post(
            &format!("/api/v1/tickets/{b}/merge"),
            &agent,
            json!({"into_ticket_id": a}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{target}");
    assert_eq!(target["id"], a);
    assert_eq!(target["tags"], json!(["duplicate"]));
    let (_, merged) = app.get(&format!("/api/v1/tickets/{b}"), &agent).await;
    assert_eq!(merged["status"], "closed");
    assert_eq!(merged["merged_into_id"], a);
    let (_, kept) = app.get(&format!("/api/v1/tickets/{a}"), &agent).await;
    let bodies: Vec<&str> = kept["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body_text"].as_str().unwrap())
        .collect();
    assert_eq!(bodies.len(), 3, "{bodies:?}");
    assert!(bodies[2].contains("was merged"));
    // Merging again, or into itself, is refused.
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{b}/merge"),
            &agent,
            json!({"into_ticket_id": a}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app
        .post(
            &format!("/api/v1/tickets/{a}/merge"),
            &agent,
            json!({"into_ticket_id": a}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

backend_test!(attachment_names_keep_their_letters, attachment_names_body);
/// "résumé 简历.pdf" downloads under that name (RFC 6266 `filename*`), with an
/// ASCII `filename` for old clients.
async fn attachment_names_body(app: &TestApp) {
    let (_, owner) = fixtures::customer("cv@example.com").with_token(app).await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            &owner,
            json!({"subject": "My CV", "message": {"body": "Attached", "attachments": [
                {"filename": "résumé 简历.pdf", "content_type": "application/pdf", "content_base64": "JVBERi0xLjQK"}
            ]}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let url = ticket["messages"][0]["attachments"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let response = app
        .client
        .get(format!("{}{url}", app.url))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        disposition,
        "attachment; filename=\"r_sum_ __.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E7%AE%80%E5%8E%86.pdf"
    );
}

backend_test!(attachments_round_trip, attachments_body);
async fn attachments_body(app: &TestApp) {
    let (_, owner) = fixtures::customer("owner@example.com")
        .with_token(app)
        .await;
    let (_, other) = fixtures::customer("other@example.com")
        .with_token(app)
        .await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            &owner,
            json!({"subject": "Damaged box", "message": {"body": "See photo", "attachments": [
                {"filename": "box.jpg", "content_type": "image/jpeg", "content_base64": "/9j/4AAQSkZJRgABAQ=="}
            ]}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let attachment = &ticket["messages"][0]["attachments"][0];
    assert_eq!(attachment["size_bytes"], 13);
    let url = format!("{}{}", app.url, attachment["url"].as_str().unwrap());
    let response = app
        .client
        .get(&url)
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(response.bytes().await.unwrap().len(), 13);
    let response = app
        .client
        .get(&url)
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// Regular files under `dir`, at any depth (none when it does not exist).
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// 300 KB of zeros, base64-encoded.
fn zeros_base64() -> String {
    "A".repeat(300 * 1024 / 3 * 4)
}

backend_test!(
    refused_posts_leave_no_attachment_files,
    refused_posts_leave_no_attachment_files_body,
    super::files_store
);
async fn refused_posts_leave_no_attachment_files_body(app: &TestApp) {
    let (owner_id, owner) = fixtures::customer("owner@example.com")
        .with_token(app)
        .await;
    let (_, intruder) = fixtures::customer("intruder@example.com")
        .with_token(app)
        .await;
    fixtures::tee_order("SO-300001", owner_id).insert(app).await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            &owner,
            json!({"subject": "Broken lamp", "message": {"body": "It arrived broken"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let t = ticket["id"].as_i64().unwrap();
    let attachments_dir = app.data_dir.join("attachments");
    let before = files_under(&attachments_dir).len();
    let files = json!([
        {"filename": "a.bin", "content_type": "application/octet-stream", "content_base64": zeros_base64()},
        {"filename": "b.txt", "content_type": "text/plain", "content_base64": "aW50cnVkZXI="}
    ]);

    // Someone else's ticket: not found, and nothing written.
    for _ in 0..3 {
        let (status, answer) = app
            .post(
                &format!("/api/v1/tickets/{t}/messages"),
                &intruder,
                json!({"body": "mine now", "attachments": files}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    }
    assert_eq!(files_under(&attachments_dir).len(), before);

    // A new ticket refused inside its transaction (an order that is not
    // theirs) removes the files it had written.
    let (status, answer) = app
        .post(
            "/api/v1/tickets",
            &intruder,
            json!({"subject": "x", "order_numbers": ["SO-300001"], "message": {"body": "x", "attachments": files}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    // A staff note on a closed ticket is refused before its files are written.
    for status in ["solved", "closed"] {
        let (code, answer) = app
            .patch(
                &format!("/api/v1/tickets/{t}"),
                ADMIN_TOKEN,
                json!({"status": status}),
            )
            .await;
        assert_eq!(code, StatusCode::OK, "{answer}");
    }
    let (status, answer) = app
        .post(
            &format!("/api/v1/tickets/{t}/messages"),
            ADMIN_TOKEN,
            json!({"body": "late", "kind": "note", "attachments": files}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(files_under(&attachments_dir).len(), before);

    // The owner's own post stores its files, under their final names.
    let (status, reply) = app
        .post(
            "/api/v1/tickets",
            &owner,
            json!({"subject": "Photos", "message": {"body": "Here", "attachments": files}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    let stored = files_under(&attachments_dir);
    assert_eq!(stored.len(), before + 2);
    assert!(
        stored
            .iter()
            .all(|p| p.file_name().unwrap().to_str().unwrap().len() == 64),
        "{stored:?}"
    );
    let url = reply["messages"][0]["attachments"][1]["url"]
        .as_str()
        .unwrap();
    let download = app
        .client
        .get(format!("{}{url}", app.url))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"intruder");
}

backend_test!(
    orphan_attachment_files_are_swept,
    orphan_attachment_files_are_swept_body,
    super::files_store
);
async fn orphan_attachment_files_are_swept_body(app: &TestApp) {
    let (_, owner) = fixtures::customer("owner@example.com")
        .with_token(app)
        .await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            &owner,
            json!({"subject": "Photo", "message": {"body": "Here", "attachments": [
                {"filename": "p.txt", "content_type": "text/plain", "content_base64": "aGk="}]}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let attachments_dir = app.data_dir.join("attachments");
    let [kept] = files_under(&attachments_dir).try_into().unwrap();
    let dir = attachments_dir.join("ab");
    std::fs::create_dir_all(&dir).unwrap();
    let orphan = dir.join("ab".repeat(32));
    let staged_leftover = dir.join(format!("{}.staged-0000000000000001", "ab".repeat(32)));
    let fresh = dir.join("cd".repeat(32));
    let not_ours = dir.join("README");
    for path in [&orphan, &staged_leftover, &fresh, &not_ours] {
        std::fs::write(path, b"left behind").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    for path in [&orphan, &staged_leftover, &kept, &not_ours] {
        std::fs::File::options()
            .append(true)
            .open(path)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }

    let sweep = app
        .services()
        .sweep_attachment_files(std::time::Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(sweep.removed, 2);
    assert!(!orphan.exists() && !staged_leftover.exists());
    // Younger files may belong to a request still running; other files are not ours.
    assert!(fresh.exists() && not_ours.exists());
    assert!(kept.exists());
    let url = ticket["messages"][0]["attachments"][0]["url"]
        .as_str()
        .unwrap();
    let download = app
        .client
        .get(format!("{}{url}", app.url))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"hi");
}

/// These tests look at the files: attachments kept on disk on both databases.
fn files_store(config: &mut marketdesk::config::Config) {
    config.attachment_store = Some(marketdesk_service::kernel::attachments::AttachmentStore::Files);
}

backend_test!(
    attachments_kept_in_the_database_are_swept_when_no_row_names_them,
    database_store_body,
    |config: &mut marketdesk::config::Config| {
        config.attachment_store =
            Some(marketdesk_service::kernel::attachments::AttachmentStore::Database);
    }
);
async fn database_store_body(app: &TestApp) {
    let (_, owner) = fixtures::customer("owner@example.com")
        .with_token(app)
        .await;
    let (status, ticket) = app
        .post(
            "/api/v1/tickets",
            &owner,
            json!({"subject": "Photo", "message": {"body": "Here", "attachments": [
                {"filename": "p.txt", "content_type": "text/plain", "content_base64": "aGk="}]}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    // Nothing on disk: the bytes are in the database, and download from it.
    assert!(files_under(&app.data_dir.join("attachments")).is_empty());
    let url = ticket["messages"][0]["attachments"][0]["url"]
        .as_str()
        .unwrap();
    let download = app
        .client
        .get(format!("{}{url}", app.url))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"hi");
    // A refused post leaves bytes no row names: swept after the grace period.
    let (status, _) = app
        .post(
            "/api/v1/tickets",
            &owner,
            json!({"subject": "x", "order_numbers": ["SO-NOT-MINE"], "message": {"body": "x", "attachments": [
                {"filename": "q.txt", "content_type": "text/plain", "content_base64": "b3JwaGFu"}]}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fresh = app
        .services()
        .sweep_attachment_files(std::time::Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(
        fresh.removed, 0,
        "younger bytes may belong to a running request"
    );
    let swept = app
        .services()
        .sweep_attachment_files(std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(swept.removed, 1);
    let again = app
        .client
        .get(format!("{}{url}", app.url))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK, "the named bytes stay");
}

backend_test!(
    tickets_created_at_once_are_committed_together_and_a_bad_one_fails_alone,
    created_together_body
);
async fn created_together_body(app: &TestApp) {
    // A customer cannot be assigned a ticket: that is only found while
    // writing (the assignee is read in the transaction), so it fails a batch.
    let (status, customer_ticket) = app
        .post(
            "/api/v1/tickets",
            ADMIN_TOKEN,
            json!({"subject": "First", "requester": {"email": "first@example.com"}, "message": {"body": "Hello"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let customer_id = customer_ticket["requester"]["id"].as_i64().unwrap();

    // Writes wait behind a transaction of the test's own (on SQLite the
    // one write connection; on PostgreSQL a lock on the tickets table), so
    // the creations queue up as under load and the writer takes them together.
    let store = app.services().raw_store();
    let mut hold = store.begin().await.unwrap();
    if store.backend() == marketdesk_store::Backend::Postgres {
        sqlx::query("LOCK TABLE tickets IN EXCLUSIVE MODE")
            .execute(&mut *hold)
            .await
            .unwrap();
    }
    let mut requests = tokio::task::JoinSet::new();
    for n in 0..48 {
        let client = app.client.clone();
        let url = format!("{}/api/v1/tickets", app.url);
        let mut body = json!({"subject": format!("Together {n}"),
            "requester": {"email": format!("together-{}@example.com", n % 5)},
            "message": {"body": format!("Where is parcel {n}?")}});
        if n == 17 {
            body["assignee_id"] = json!(customer_id);
        }
        if n % 3 == 0 {
            body["tags"] = json!([format!("batch-{n}"), "batch"]);
        }
        requests.spawn(async move {
            let response = client
                .post(url)
                .bearer_auth(ADMIN_TOKEN)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            (
                n,
                status,
                response.json::<serde_json::Value>().await.unwrap(),
            )
        });
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    hold.rollback().await.unwrap();
    let mut created = Vec::new();
    while let Some(outcome) = requests.join_next().await {
        let (n, status, body) = outcome.unwrap();
        if n == 17 {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert!(
                body["detail"]
                    .as_str()
                    .unwrap()
                    .contains("not an active agent"),
                "{body}"
            );
        } else {
            assert_eq!(status, StatusCode::CREATED, "{body}");
            assert_eq!(body["subject"], format!("Together {n}"));
            created.push(body["id"].as_i64().unwrap());
        }
    }
    created.sort_unstable();
    created.dedup();
    assert_eq!(created.len(), 47, "every good ticket written once");
    // Written several rows to a statement: each ticket has its own
    // message, requester and history, not a neighbour's.
    for id in &created {
        let (status, read) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(read["messages"].as_array().unwrap().len(), 1);
        let n: usize = read["subject"]
            .as_str()
            .unwrap()
            .trim_start_matches("Together ")
            .parse()
            .unwrap();
        assert_eq!(
            read["messages"][0]["body_text"],
            format!("Where is parcel {n}?"),
            "{read}"
        );
        assert_eq!(
            read["requester"]["email"],
            format!("together-{}@example.com", n % 5)
        );
        let expected_tags = if n.is_multiple_of(3) {
            json!(["batch", format!("batch-{n}")])
        } else {
            json!([])
        };
        assert_eq!(read["tags"], expected_tags, "{read}");
        let (_, history) = app
            .get(&format!("/api/v1/tickets/{id}/audit"), ADMIN_TOKEN)
            .await;
        assert!(
            history
                .as_array()
                .is_some_and(|items| items.iter().any(|e| e["action"] == "created")),
            "{history}"
        );
    }
    let (_, customers) = app.get("/api/v1/customers?limit=100", ADMIN_TOKEN).await;
    let together: Vec<&str> = customers["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["email"].as_str())
        .filter(|e| e.starts_with("together-"))
        .collect();
    assert_eq!(together.len(), 5, "one person per address: {together:?}");
    let (_, list) = app.get("/api/v1/tickets?limit=100", ADMIN_TOKEN).await;
    let subjects: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["subject"].as_str())
        .collect();
    assert!(
        !subjects.contains(&"Together 17"),
        "the bad ticket left nothing"
    );
    let ops = app.services().operations().await.unwrap();
    assert!(
        ops.tickets_committed_together > 0,
        "48 creations at once shared no commit: {ops:?}"
    );
}

backend_test!(
    customers_do_not_see_how_the_desk_reads_them,
    triage_hidden_body
);
async fn triage_hidden_body(app: &TestApp) {
    let (_, customer) = fixtures::customer("angry@example.com")
        .with_token(app)
        .await;
    let (status, created) = app
        .post(
            "/api/v1/tickets",
            &customer,
            json!({"subject": "Where is my refund?!",
                   "message": {"body": "This is the worst service ever, I want my refund now."}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    // Staff see the assistant's reading.
    let (_, staff_view) = app.get(&format!("/api/v1/tickets/{id}"), ADMIN_TOKEN).await;
    assert!(staff_view["intent"].is_string(), "{staff_view}");
    assert!(staff_view["sentiment"].is_string(), "{staff_view}");
    // The customer does not: not when creating, reading or listing.
    let (_, own) = app.get(&format!("/api/v1/tickets/{id}"), &customer).await;
    let (_, listed) = app.get("/api/v1/tickets", &customer).await;
    for view in [&created, &own, &listed["items"][0]] {
        assert_eq!(view["id"], id, "{view}");
        for hidden in ["intent", "sentiment", "sla_policy"] {
            assert!(view[hidden].is_null(), "{hidden}: {view}");
        }
    }
}
