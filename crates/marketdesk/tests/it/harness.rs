//! The test harness itself: a failing test cleans up after itself.

use std::sync::{Arc, Mutex};

use sqlx::Connection;

use crate::common::{Backend, TestApp};

/// A test that panics still drops its PostgreSQL database, so `md_it_*`
/// databases do not pile up on the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_test_drops_its_postgres_database() {
    let Ok(base) = std::env::var("MARKETDESK_TEST_POSTGRES_URL") else {
        eprintln!("MARKETDESK_TEST_POSTGRES_URL is not set: PostgreSQL not tested");
        return;
    };
    let seen = Arc::new(Mutex::new(None::<String>));
    // A test of its own, on its own thread and runtime as the test harness runs it.
    let failing_test = std::thread::spawn({
        let seen = Arc::clone(&seen);
        move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                let app = TestApp::start(Backend::Postgres, |_| {}).await;
                let name = app.pg_database_name().expect("a database").to_string();
                *seen.lock().expect("lock") = Some(name);
                panic!("the test body fails before TestApp::finish");
            })
        }
    });
    assert!(failing_test.join().is_err(), "the test body panicked");

    let name = seen.lock().expect("lock").clone().expect("the app started");
    let mut conn = sqlx::PgConnection::connect(&base).await.expect("connect");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_database WHERE datname = $1")
        .bind(&name)
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(left, 0, "{name} is still on the server");
}
