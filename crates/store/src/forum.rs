//! The community forum (migration 0048): categories, threads with their
//! posts, votes (one per person and post, the score kept on the post),
//! moderators' flags and bans.

use marketdesk_domain::Millis;
use sqlx::any::AnyRow;

use crate::row::{flag, int, opt_int, opt_text, text};
use crate::{Conn, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRow {
    pub id: i64,
    pub slug: String,
    /// JSON: the name in each language.
    pub names: String,
    pub position: i64,
}

fn category(r: &AnyRow) -> Result<CategoryRow> {
    Ok(CategoryRow {
        id: int(r, "id")?,
        slug: text(r, "slug")?,
        names: text(r, "names")?,
        position: int(r, "position")?,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRow {
    pub id: i64,
    pub category_id: i64,
    pub category_slug: String,
    pub author_id: i64,
    pub author_name: String,
    pub title: String,
    pub language: String,
    pub tags: String,
    pub pinned: bool,
    pub scam_alert: bool,
    pub locked: bool,
    pub hidden: bool,
    pub accepted_post_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub replies: i64,
    pub created_at: Millis,
    pub last_post_at: Millis,
    pub updated_at: Millis,
}

const THREAD_COLUMNS: &str = "t.*, c.slug AS category_slug, p.name AS author_name \
     FROM forum_threads t JOIN forum_categories c ON c.id = t.category_id \
     JOIN people p ON p.id = t.author_id";

fn thread(r: &AnyRow) -> Result<ThreadRow> {
    Ok(ThreadRow {
        id: int(r, "id")?,
        category_id: int(r, "category_id")?,
        category_slug: text(r, "category_slug")?,
        author_id: int(r, "author_id")?,
        author_name: text(r, "author_name")?,
        title: text(r, "title")?,
        language: text(r, "language")?,
        tags: text(r, "tags")?,
        pinned: flag(r, "pinned")?,
        scam_alert: flag(r, "scam_alert")?,
        locked: flag(r, "locked")?,
        hidden: flag(r, "hidden")?,
        accepted_post_id: opt_int(r, "accepted_post_id")?,
        ticket_id: opt_int(r, "ticket_id")?,
        replies: int(r, "replies")?,
        created_at: int(r, "created_at")?,
        last_post_at: int(r, "last_post_at")?,
        updated_at: int(r, "updated_at")?,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRow {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub author_role: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub score: i64,
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub created_at: Millis,
}

fn post(r: &AnyRow) -> Result<PostRow> {
    Ok(PostRow {
        id: int(r, "id")?,
        thread_id: int(r, "thread_id")?,
        author_id: int(r, "author_id")?,
        author_name: text(r, "author_name")?,
        author_role: text(r, "author_role")?,
        body_text: text(r, "body_text")?,
        body_html: opt_text(r, "body_html")?,
        score: int(r, "score")?,
        hidden: flag(r, "hidden")?,
        hidden_reason: opt_text(r, "hidden_reason")?,
        created_at: int(r, "created_at")?,
    })
}

const POST_COLUMNS: &str = "f.*, p.name AS author_name, p.role AS author_role \
     FROM forum_posts f JOIN people p ON p.id = f.author_id";

pub async fn categories(conn: &mut Conn) -> Result<Vec<CategoryRow>> {
    sqlx::query("SELECT * FROM forum_categories ORDER BY position, id")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(category)
        .collect()
}

/// Adds a category or renames it (by its slug).
pub async fn put_category(conn: &mut Conn, slug: &str, names: &str, position: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO forum_categories (slug, names, position) VALUES ($1, $2, $3) \
         ON CONFLICT (slug) DO UPDATE SET names = excluded.names, position = excluded.position \
         RETURNING id",
    )
    .bind(slug)
    .bind(names)
    .bind(position)
    .fetch_one(&mut *conn)
    .await?)
}

/// Which threads a listing shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadFilter<'a> {
    pub category_id: Option<i64>,
    pub tag: Option<&'a str>,
    /// Moderators see hidden threads too.
    pub with_hidden: bool,
}

/// Threads, pinned first, then the latest activity first.
pub async fn threads(
    conn: &mut Conn,
    filter: ThreadFilter<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<ThreadRow>> {
    // Tags are kept comma-separated with a comma at each end for matching.
    // No filter is bound as 0 and '' (an untyped NULL parameter is refused
    // by PostgreSQL).
    let tag = filter.tag.map(|t| format!("%,{t},%")).unwrap_or_default();
    sqlx::query(&format!(
        "SELECT {THREAD_COLUMNS} WHERE ($1 = 0 OR t.category_id = $1) \
         AND ($2 = 1 OR t.hidden = 0) AND ($3 = '' OR t.tags LIKE $3) \
         ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT $4 OFFSET $5"
    ))
    .bind(filter.category_id.unwrap_or(0))
    .bind(i64::from(filter.with_hidden))
    .bind(tag)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(thread)
    .collect()
}

pub async fn thread_by_id(conn: &mut Conn, id: i64) -> Result<Option<ThreadRow>> {
    sqlx::query(&format!("SELECT {THREAD_COLUMNS} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(thread)
        .transpose()
}

/// Threads by id, in any order (search hits).
pub async fn threads_by_ids(conn: &mut Conn, ids: &[i64]) -> Result<Vec<ThreadRow>> {
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = thread_by_id(conn, *id).await? {
            rows.push(row);
        }
    }
    Ok(rows)
}

pub struct NewThread<'a> {
    pub category_id: i64,
    pub author_id: i64,
    pub title: &'a str,
    pub language: &'a str,
    pub tags: &'a str,
    pub now: Millis,
}

pub async fn insert_thread(conn: &mut Conn, t: &NewThread<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO forum_threads (category_id, author_id, title, language, tags, created_at, \
         last_post_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id",
    )
    .bind(t.category_id)
    .bind(t.author_id)
    .bind(t.title)
    .bind(t.language)
    .bind(t.tags)
    .bind(t.now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Adds a post; the thread's activity and reply count follow.
pub async fn insert_post(
    conn: &mut Conn,
    thread_id: i64,
    author_id: i64,
    body_text: &str,
    body_html: Option<&str>,
    now: Millis,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO forum_posts (thread_id, author_id, body_text, body_html, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(thread_id)
    .bind(author_id)
    .bind(body_text)
    .bind(body_html)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE forum_threads SET last_post_at = $2 WHERE id = $1")
        .bind(thread_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    recount(conn, thread_id, now).await?;
    Ok(id)
}

/// Counts the thread's shown replies again (and marks it changed, for the
/// search index).
async fn recount(conn: &mut Conn, thread_id: i64, now: Millis) -> Result<()> {
    sqlx::query(
        "UPDATE forum_threads SET updated_at = $2, replies = (SELECT COUNT(*) FROM forum_posts f \
         WHERE f.thread_id = $1 AND f.hidden = 0 AND f.id > (SELECT MIN(id) FROM forum_posts \
         WHERE thread_id = $1)) WHERE id = $1",
    )
    .bind(thread_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A thread's posts, the opening post first.
pub async fn posts_of(conn: &mut Conn, thread_id: i64, limit: i64) -> Result<Vec<PostRow>> {
    sqlx::query(&format!(
        "SELECT {POST_COLUMNS} WHERE f.thread_id = $1 ORDER BY f.id LIMIT $2"
    ))
    .bind(thread_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(post)
    .collect()
}

pub async fn post_by_id(conn: &mut Conn, id: i64) -> Result<Option<PostRow>> {
    sqlx::query(&format!("SELECT {POST_COLUMNS} WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(post)
        .transpose()
}

/// The id of a thread's opening post.
pub async fn first_post_id(conn: &mut Conn, thread_id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT MIN(id) FROM forum_posts WHERE thread_id = $1")
            .bind(thread_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Hides or shows a post; false when it already was.
pub async fn set_post_hidden(
    conn: &mut Conn,
    post_id: i64,
    hidden: bool,
    reason: Option<&str>,
    now: Millis,
) -> Result<bool> {
    let Some(row) = post_by_id(conn, post_id).await? else {
        return Ok(false);
    };
    if row.hidden == hidden {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE forum_posts SET hidden = $2, hidden_reason = $3, hidden_at = $4 WHERE id = $1",
    )
    .bind(post_id)
    .bind(i64::from(hidden))
    .bind(reason)
    .bind(hidden.then_some(now))
    .execute(&mut *conn)
    .await?;
    recount(conn, row.thread_id, now).await?;
    Ok(true)
}

/// One of a thread's flags, set or cleared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadFlag {
    Pinned,
    ScamAlert,
    Locked,
    Hidden,
}

pub async fn set_thread_flag(
    conn: &mut Conn,
    id: i64,
    which: ThreadFlag,
    on: bool,
    now: Millis,
) -> Result<()> {
    let column = match which {
        ThreadFlag::Pinned => "pinned",
        ThreadFlag::ScamAlert => "scam_alert",
        ThreadFlag::Locked => "locked",
        ThreadFlag::Hidden => "hidden",
    };
    sqlx::query(&format!(
        "UPDATE forum_threads SET {column} = $2, updated_at = $3 WHERE id = $1"
    ))
    .bind(id)
    .bind(i64::from(on))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn move_thread(conn: &mut Conn, id: i64, category_id: i64, now: Millis) -> Result<()> {
    sqlx::query("UPDATE forum_threads SET category_id = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(category_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_accepted(
    conn: &mut Conn,
    id: i64,
    post_id: Option<i64>,
    now: Millis,
) -> Result<()> {
    sqlx::query("UPDATE forum_threads SET accepted_post_id = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(post_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Links the private ticket a thread was taken to; false when it had one.
pub async fn set_ticket(conn: &mut Conn, id: i64, ticket_id: i64, now: Millis) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE forum_threads SET ticket_id = $2, locked = 1, updated_at = $3 \
         WHERE id = $1 AND ticket_id IS NULL",
    )
    .bind(id)
    .bind(ticket_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// A person's vote (1, -1, or 0 to take it back); the post's score is
/// counted again from the votes, so two nodes voting at once agree.
pub async fn vote(conn: &mut Conn, post_id: i64, person_id: i64, value: i64) -> Result<i64> {
    if value == 0 {
        sqlx::query("DELETE FROM forum_votes WHERE post_id = $1 AND person_id = $2")
            .bind(post_id)
            .bind(person_id)
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO forum_votes (post_id, person_id, value) VALUES ($1, $2, $3) \
             ON CONFLICT (post_id, person_id) DO UPDATE SET value = excluded.value",
        )
        .bind(post_id)
        .bind(person_id)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    }
    let score: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT) FROM forum_votes WHERE post_id = $1",
    )
    .bind(post_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE forum_posts SET score = $2 WHERE id = $1")
        .bind(post_id)
        .bind(score)
        .execute(&mut *conn)
        .await?;
    Ok(score)
}

/// A person's votes on a thread's posts: (post, value).
pub async fn votes_of(conn: &mut Conn, thread_id: i64, person_id: i64) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT v.post_id, v.value FROM forum_votes v JOIN forum_posts f ON f.id = v.post_id \
         WHERE f.thread_id = $1 AND v.person_id = $2",
    )
    .bind(thread_id)
    .bind(person_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((int(r, "post_id")?, int(r, "value")?)))
        .collect()
}

/// (posts shown, posts hidden by moderators since `hidden_since`) of a person.
pub async fn participation(
    conn: &mut Conn,
    person_id: i64,
    hidden_since: Millis,
) -> Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN hidden = 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS shown, \
         CAST(COALESCE(SUM(CASE WHEN hidden = 1 AND hidden_at >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS hidden \
         FROM forum_posts WHERE author_id = $1",
    )
    .bind(person_id)
    .bind(hidden_since)
    .fetch_one(&mut *conn)
    .await?;
    Ok((int(&row, "shown")?, int(&row, "hidden")?))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BanRow {
    pub person_id: i64,
    pub person_name: String,
    pub reason: String,
    pub until_at: Option<Millis>,
    pub created_at: Millis,
}

fn ban(r: &AnyRow) -> Result<BanRow> {
    Ok(BanRow {
        person_id: int(r, "person_id")?,
        person_name: text(r, "person_name")?,
        reason: text(r, "reason")?,
        until_at: opt_int(r, "until_at")?,
        created_at: int(r, "created_at")?,
    })
}

pub async fn put_ban(
    conn: &mut Conn,
    person_id: i64,
    reason: &str,
    until_at: Option<Millis>,
    by: i64,
    now: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO forum_bans (person_id, reason, until_at, banned_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id) DO UPDATE SET reason = excluded.reason, \
         until_at = excluded.until_at, banned_by = excluded.banned_by, created_at = excluded.created_at",
    )
    .bind(person_id)
    .bind(reason)
    .bind(until_at)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn lift_ban(conn: &mut Conn, person_id: i64) -> Result<bool> {
    Ok(sqlx::query("DELETE FROM forum_bans WHERE person_id = $1")
        .bind(person_id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1)
}

/// The ban in force on a person, if any.
pub async fn ban_of(conn: &mut Conn, person_id: i64, now: Millis) -> Result<Option<BanRow>> {
    sqlx::query(
        "SELECT b.*, p.name AS person_name FROM forum_bans b JOIN people p ON p.id = b.person_id \
         WHERE b.person_id = $1 AND (b.until_at IS NULL OR b.until_at > $2)",
    )
    .bind(person_id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?
    .as_ref()
    .map(ban)
    .transpose()
}

pub async fn bans(conn: &mut Conn, now: Millis, limit: i64) -> Result<Vec<BanRow>> {
    sqlx::query(
        "SELECT b.*, p.name AS person_name FROM forum_bans b JOIN people p ON p.id = b.person_id \
         WHERE b.until_at IS NULL OR b.until_at > $1 ORDER BY b.created_at DESC LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(ban)
    .collect()
}

/// Posts moderators hid lately, newest first (the moderators' page).
pub async fn hidden_posts(conn: &mut Conn, limit: i64) -> Result<Vec<PostRow>> {
    sqlx::query(&format!(
        "SELECT {POST_COLUMNS} WHERE f.hidden = 1 ORDER BY f.hidden_at DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(post)
    .collect()
}

/// Threads changed since a time (the search index follows them), with the
/// text of their shown posts.
pub async fn threads_changed(
    conn: &mut Conn,
    since: Millis,
    limit: i64,
) -> Result<Vec<(ThreadRow, Vec<String>)>> {
    let rows: Vec<ThreadRow> = sqlx::query(&format!(
        "SELECT {THREAD_COLUMNS} WHERE t.updated_at >= $1 ORDER BY t.updated_at, t.id LIMIT $2"
    ))
    .bind(since)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(thread)
    .collect::<Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let texts: Vec<String> = sqlx::query_scalar(
            "SELECT body_text FROM forum_posts WHERE thread_id = $1 AND hidden = 0 ORDER BY id LIMIT 200",
        )
        .bind(row.id)
        .fetch_all(&mut *conn)
        .await?;
        out.push((row, texts));
    }
    Ok(out)
}
