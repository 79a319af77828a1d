//! The contexts of the service import only from the contexts below them, so
//! the import cycles this crate once had (actions ↔ returns) cannot come back
//! unnoticed. Calling another context's use case through `self` needs no
//! import and is not counted.

use std::path::Path;

/// Each context with the contexts it may import from.
const LAYERS: &[(&str, &[&str])] = &[
    ("kernel", &[]),
    ("accounts", &["kernel"]),
    ("help", &["kernel"]),
    ("commerce", &["kernel"]),
    ("outbound", &["kernel"]),
    (
        "tickets",
        &["kernel", "accounts", "help", "commerce", "outbound"],
    ),
    // Reports, privacy, suspicious activity (which opens tickets).
    (
        "trust",
        &[
            "kernel", "accounts", "help", "commerce", "outbound", "tickets",
        ],
    ),
    // Reports read what tickets are (their SLA clocks) and nothing above.
    (
        "reports",
        &[
            "kernel", "accounts", "help", "commerce", "outbound", "tickets",
        ],
    ),
    (
        "after_sales",
        &[
            "kernel", "accounts", "help", "commerce", "outbound", "tickets",
        ],
    ),
    (
        "email",
        &[
            "kernel", "accounts", "help", "commerce", "outbound", "tickets",
        ],
    ),
    // Cases move money and orders through after-sales.
    (
        "disputes",
        &[
            "kernel",
            "accounts",
            "help",
            "commerce",
            "outbound",
            "tickets",
            "after_sales",
        ],
    ),
    // "Open a dispute" in the chat opens a case.
    (
        "chat",
        &[
            "kernel",
            "accounts",
            "help",
            "commerce",
            "outbound",
            "tickets",
            "after_sales",
            "disputes",
        ],
    ),
];

fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn contexts_import_only_from_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (context, allowed) in LAYERS {
        let mut files = Vec::new();
        sources(&src.join(context), &mut files);
        assert!(!files.is_empty(), "no sources for context {context}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable source");
            for (other, _) in LAYERS {
                if other != context
                    && !allowed.contains(other)
                    && text.contains(&format!("crate::{other}::"))
                {
                    wrong.push(format!("{} imports {other}", file.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers: {wrong:#?}");
}

#[test]
fn the_action_path_depends_on_no_action() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/after_sales");
    let path = std::fs::read_to_string(dir.join("action_path.rs")).expect("action_path.rs");
    for action in [
        "address",
        "cancel",
        "refunds",
        "returns",
        "variant",
        "reschedule",
        "claims",
        "payments",
    ] {
        assert!(
            !path.contains(&format!("super::{action}")),
            "action_path.rs imports {action}"
        );
    }
}
