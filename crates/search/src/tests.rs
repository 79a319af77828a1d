use super::*;

fn article(id: &str, language: &str, title: &str, body: &str) -> Replacement {
    Replacement {
        kind: DocKind::Article,
        id: id.to_string(),
        documents: vec![SearchDocument {
            kind: DocKind::Article,
            id: id.to_string(),
            language: language.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            category: Some("orders".to_string()),
            status: "published".to_string(),
            updated_at: 1,
            visibility: Visibility::Public,
        }],
    }
}

fn ticket(id: &str, title: &str, body: &str) -> Replacement {
    Replacement {
        kind: DocKind::Ticket,
        id: id.to_string(),
        documents: vec![SearchDocument {
            kind: DocKind::Ticket,
            id: id.to_string(),
            language: "en".to_string(),
            title: title.to_string(),
            body: body.to_string(),
            category: None,
            status: "open".to_string(),
            updated_at: 2,
            visibility: Visibility::Staff,
        }],
    }
}

fn query(text: &str, staff: bool) -> SearchQuery {
    SearchQuery {
        text: text.to_string(),
        kinds: vec![],
        language: None,
        category: None,
        status: None,
        staff,
        limit: 10,
        matching: Matching::MostWords,
    }
}

fn ids(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

fn sample() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    index
        .write(
            &[
                article(
                    "refund-policy",
                    "en",
                    "Refund policy",
                    "You get a refund within 5 days.",
                ),
                article(
                    "shipping",
                    "en",
                    "Shipping times",
                    "Parcels arrive in 3 days.",
                ),
                article(
                    "devoluciones",
                    "es",
                    "Política de devolución",
                    "La devolución es gratuita durante 30 días.",
                ),
                article(
                    "tuikuan",
                    "zh",
                    "退款说明",
                    "我们会在五天内处理您的退款申请。",
                ),
                ticket(
                    "MD-1001",
                    "Where is my parcel",
                    "The courier lost my parcel, refund please",
                ),
            ],
            Some("w1"),
        )
        .expect("write");
    index
}

#[test]
fn english_stemming_finds_singular_from_plural() {
    let hits = sample().search(&query("refunds", false)).expect("search");
    assert_eq!(ids(&hits).first(), Some(&"refund-policy"));
}

#[test]
fn spanish_stemming_and_accents() {
    let hits = sample()
        .search(&query("devoluciones", false))
        .expect("search");
    assert!(ids(&hits).contains(&"devoluciones"), "{hits:?}");
}

#[test]
fn chinese_word_inside_a_sentence() {
    let hits = sample().search(&query("退款", false)).expect("search");
    assert_eq!(ids(&hits), vec!["tuikuan"]);
    assert!(
        hits[0].snippet_html.contains("<mark>退款</mark>"),
        "{hits:?}"
    );
}

#[test]
fn a_typo_is_forgiven_and_ranked_below_exact() {
    let index = sample();
    let hits = index.search(&query("refnd", false)).expect("search");
    assert_eq!(ids(&hits).first(), Some(&"refund-policy"));
    assert!(
        hits[0].snippet_html.contains("<mark>refund</mark>"),
        "{hits:?}"
    );

    index
        .write(
            &[article(
                "refind",
                "en",
                "Refind your order",
                "How to refind an order.",
            )],
            None,
        )
        .expect("write");
    let hits = index.search(&query("refund", false)).expect("search");
    assert_eq!(ids(&hits), vec!["refund-policy", "refind"], "{hits:?}");
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn unrelated_words_find_nothing() {
    let hits = sample()
        .search(&query("helicopter rental", true))
        .expect("search");
    assert!(hits.is_empty(), "{hits:?}");
}

#[test]
fn a_whole_question_matches_on_any_word() {
    let mut question = query(
        "How many days until my refund arrives, and where is the form?",
        false,
    );
    assert!(sample().search(&question).expect("search").is_empty());
    question.matching = Matching::AnyWord;
    let hits = sample().search(&question).expect("search");
    assert_eq!(ids(&hits).first(), Some(&"refund-policy"), "{hits:?}");
}

#[test]
fn tickets_are_for_staff_only() {
    let index = sample();
    let customer = index.search(&query("parcel", false)).expect("search");
    assert!(
        customer.iter().all(|h| h.kind == DocKind::Article),
        "{customer:?}"
    );
    let staff = index.search(&query("parcel", true)).expect("search");
    assert!(ids(&staff).contains(&"MD-1001"), "{staff:?}");
}

#[test]
fn filters_narrow_the_hits() {
    let index = sample();
    let mut only_tickets = query("refund", true);
    only_tickets.kinds = vec![DocKind::Ticket];
    assert_eq!(
        ids(&index.search(&only_tickets).expect("search")),
        vec!["MD-1001"]
    );

    let mut spanish = query("devolución", true);
    spanish.language = Some(Analyzer::Es);
    assert_eq!(
        ids(&index.search(&spanish).expect("search")),
        vec!["devoluciones"]
    );

    let mut category = query("refund", true);
    category.category = Some("billing".to_string());
    assert!(index.search(&category).expect("search").is_empty());
    category.category = Some("orders".to_string());
    assert_eq!(
        ids(&index.search(&category).expect("search")),
        vec!["refund-policy"]
    );

    let mut status = query("refund", true);
    status.status = Some("open".to_string());
    assert_eq!(
        ids(&index.search(&status).expect("search")),
        vec!["MD-1001"]
    );
}

#[test]
fn writes_are_visible_when_write_returns_and_replace_old_text() {
    let index = sample();
    index
        .write(
            &[ticket(
                "MD-1001",
                "Voucher question",
                "Is my voucher still valid?",
            )],
            None,
        )
        .expect("write");
    assert_eq!(
        ids(&index.search(&query("voucher", true)).expect("search")),
        vec!["MD-1001"]
    );
    let parcel = index.search(&query("courier", true)).expect("search");
    assert!(parcel.is_empty(), "old text still found: {parcel:?}");
    index
        .write(
            &[Replacement {
                kind: DocKind::Ticket,
                id: "MD-1001".into(),
                documents: vec![],
            }],
            None,
        )
        .expect("write");
    assert!(
        index
            .search(&query("voucher", true))
            .expect("search")
            .is_empty()
    );
}

#[test]
fn the_watermark_survives_reopening_and_a_new_format_rebuilds() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let index = SearchIndex::open_in_dir(dir.path(), IndexOptions::default()).expect("open");
        assert_eq!(index.watermark().expect("watermark"), None);
        index
            .write(
                &[article("refund-policy", "en", "Refund policy", "Refunds.")],
                Some("42"),
            )
            .expect("write");
    }
    let index = SearchIndex::open_in_dir(dir.path(), IndexOptions::default()).expect("reopen");
    assert_eq!(index.watermark().expect("watermark").as_deref(), Some("42"));
    assert_eq!(index.document_count(), 1);
}
