//! Chat sessions with the assistant and their messages.

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{int, json, opt_int, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct ChatSession {
    pub id: i64,
    pub language: String,
    pub person_id: Option<i64>,
    pub order_id: Option<i64>,
    /// The conversation's flow state (what is being done, what is missing).
    pub state: serde_json::Value,
    pub ticket_id: Option<i64>,
    pub failures: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    pub id: i64,
    /// `customer`, `assistant` or `agent`.
    pub sender: String,
    pub body: String,
    /// Answers offered as buttons (an assistant's question).
    pub choices: Vec<String>,
    pub created_at: Millis,
}

fn session(r: &AnyRow) -> Result<ChatSession> {
    Ok(ChatSession {
        id: int(r, "id")?,
        language: text(r, "language")?,
        person_id: opt_int(r, "person_id")?,
        order_id: opt_int(r, "order_id")?,
        state: json(r, "state")?,
        ticket_id: opt_int(r, "ticket_id")?,
        failures: int(r, "failures")?,
        created_at: int(r, "created_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

/// A new conversation, with its flow state to start from.
pub async fn create(
    conn: &mut Conn,
    token_hash: &str,
    language: &str,
    state: &serde_json::Value,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO chat_sessions (token_hash, language, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(token_hash)
    .bind(language)
    .bind(state.to_string())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn by_token(conn: &mut Conn, token_hash: &str) -> Result<Option<ChatSession>> {
    let row = sqlx::query("SELECT * FROM chat_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(session).transpose()
}

pub async fn save(conn: &mut Conn, s: &ChatSession, now: Millis) -> Result<()> {
    sqlx::query(
        "UPDATE chat_sessions SET language = $1, person_id = $2, order_id = $3, state = $4, ticket_id = $5, failures = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(&s.language)
    .bind(s.person_id)
    .bind(s.order_id)
    .bind(s.state.to_string())
    .bind(s.ticket_id)
    .bind(s.failures)
    .bind(now)
    .bind(s.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn add_message(
    conn: &mut Conn,
    session_id: i64,
    sender: &str,
    body: &str,
    now: Millis,
) -> Result<i64> {
    add_message_with_choices(conn, session_id, sender, body, &[], now).await
}

/// A message offering answers as buttons (none: a plain message).
pub async fn add_message_with_choices(
    conn: &mut Conn,
    session_id: i64,
    sender: &str,
    body: &str,
    choices: &[String],
    now: Millis,
) -> Result<i64> {
    let choices = (!choices.is_empty()).then(|| serde_json::json!(choices).to_string());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO chat_messages (session_id, sender, body, created_at, choices) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(session_id)
    .bind(sender)
    .bind(body)
    .bind(now)
    .bind(choices)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// An agent's reply, copied from ticket message `source`, unless it was
/// already (another socket or node relayed it first).
pub async fn relay_message(
    conn: &mut Conn,
    session_id: i64,
    source: i64,
    body: &str,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO chat_messages (session_id, sender, body, created_at, source_message_id) \
         VALUES ($1, 'agent', $2, $3, $4) ON CONFLICT (session_id, source_message_id) DO NOTHING",
    )
    .bind(session_id)
    .bind(body)
    .bind(now)
    .bind(source)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The newest ticket message relayed into the chat (0: none).
pub async fn last_relayed(conn: &mut Conn, session_id: i64) -> Result<i64> {
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(source_message_id) FROM chat_messages WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(last.unwrap_or(0))
}

/// Messages after the id `after`, oldest first.
pub async fn messages(conn: &mut Conn, session_id: i64, after: i64) -> Result<Vec<ChatMessage>> {
    let rows =
        sqlx::query("SELECT * FROM chat_messages WHERE session_id = $1 AND id > $2 ORDER BY id")
            .bind(session_id)
            .bind(after)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(ChatMessage {
                id: int(r, "id")?,
                sender: text(r, "sender")?,
                body: text(r, "body")?,
                choices: crate::row::opt_text(r, "choices")?
                    .and_then(|c| serde_json::from_str(&c).ok())
                    .unwrap_or_default(),
                created_at: int(r, "created_at")?,
            })
        })
        .collect()
}

/// Sessions updated since `since`, for reports.
pub async fn sessions_since(conn: &mut Conn, since: Millis) -> Result<Vec<ChatSession>> {
    let rows = sqlx::query("SELECT * FROM chat_sessions WHERE updated_at >= $1 ORDER BY id")
        .bind(since)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(session).collect()
}

/// Whether `person_id` opened a ticket between `from` and `to`.
pub async fn came_back(conn: &mut Conn, person_id: i64, from: Millis, to: Millis) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE requester_id = $1 AND created_at > $2 AND created_at <= $3")
        .bind(person_id)
        .bind(from)
        .bind(to)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// Whether a chat on this ticket had a line from its customer since `since`
/// (they are still there to read the answer in the chat).
pub async fn live_on_ticket(conn: &mut Conn, ticket_id: i64, since: Millis) -> Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM chat_sessions WHERE ticket_id = $1 AND updated_at >= $2",
    )
    .bind(ticket_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok(crate::row::int(&row, "n")? > 0)
}

/// How long chats handed over since `since` waited for a person's first
/// answer, on average, in milliseconds.
pub async fn average_wait_for_person(conn: &mut Conn, since: Millis) -> Result<Option<i64>> {
    let average: Option<f64> = sqlx::query_scalar(
        "SELECT CAST(AVG(first_response_at - created_at) AS DOUBLE PRECISION) FROM tickets \
         WHERE channel = 'chat' AND first_response_at IS NOT NULL AND created_at >= $1",
    )
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok(average.map(|a| a.round() as i64))
}

/// The chat tickets waiting for a person, oldest first, `limit` at most.
pub async fn waiting_tickets(conn: &mut Conn, limit: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM tickets WHERE channel = 'chat' AND status IN ('new', 'open') \
         AND assignee_id IS NULL ORDER BY id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?)
}

/// The chat a ticket came from, if any (its newest).
pub async fn session_of_ticket(conn: &mut Conn, ticket_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM chat_sessions WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(ticket_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Keeps a message the customer labelled (the intent they chose), while the
/// table holds fewer than `cap` rows; false when it is full.
pub async fn add_labelled_example(
    conn: &mut Conn,
    text: &str,
    intent: &str,
    language: &str,
    source: &str,
    now: Millis,
    cap: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO assistant_examples (text, intent, language, source, created_at) \
         SELECT $1, $2, $3, $4, $5 WHERE (SELECT COUNT(*) FROM assistant_examples) < $6",
    )
    .bind(text)
    .bind(intent)
    .bind(language)
    .bind(source)
    .bind(now)
    .bind(cap)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The labelled examples kept: (text, intent, language), oldest first.
pub async fn labelled_examples(
    conn: &mut Conn,
    limit: i64,
) -> Result<Vec<(String, String, String)>> {
    let rows =
        sqlx::query("SELECT text, intent, language FROM assistant_examples ORDER BY id LIMIT $1")
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| Ok((text(r, "text")?, text(r, "intent")?, text(r, "language")?)))
        .collect()
}
