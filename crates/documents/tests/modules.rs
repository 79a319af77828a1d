//! Finding fonts, placing text and writing the PDF all stand on `face.rs`
//! and it on none of them: the fonts ↔ metrics ↔ layout cycle stays gone.

use std::path::Path;

fn source(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(name);
    std::fs::read_to_string(&path).expect("readable source")
}

#[test]
fn face_depends_on_no_step_that_uses_it() {
    let face = source("face.rs");
    for step in ["fonts", "layout", "pdf", "label", "invoice"] {
        assert!(
            !face.contains(&format!("crate::{step}")),
            "face.rs imports {step}"
        );
    }
}

#[test]
fn fonts_and_layout_do_not_import_each_other() {
    assert!(!source("fonts.rs").contains("crate::layout"));
    assert!(!source("layout.rs").contains("crate::fonts"));
}
