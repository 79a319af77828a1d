//! Embeds every `locales/<lang>/*.ftl` file in the binary, so a new file of
//! messages is the file and nothing else, and refuses to build when the
//! three languages do not hold the same files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const LANGUAGES: [&str; 3] = ["en", "zh", "es"];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=locales");
    let mut code = String::from("const RESOURCES: &[(&str, &str, &str)] = &[\n");
    let english = files(&root.join("locales/en"));
    for lang in LANGUAGES {
        let dir = root.join("locales").join(lang);
        let names = files(&dir);
        assert_eq!(
            names, english,
            "locales/{lang} must hold the same .ftl files as locales/en"
        );
        for name in names {
            let path = dir.join(format!("{name}.ftl"));
            writeln!(
                code,
                "    ({lang:?}, {name:?}, include_str!({:?})),",
                path.display()
            )
            .expect("write");
        }
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("resources.rs"), code).expect("write resources.rs");
}

/// The stems of the `.ftl` files of one language, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .collect();
    names.sort();
    names
}
