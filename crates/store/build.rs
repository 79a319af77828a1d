//! Embeds every file of `migrations/sqlite` and `migrations/postgres` in the
//! binary, so a new migration is two files and nothing else, and refuses to
//! build when the two backends disagree on which migrations exist.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// (version, name, path) of each `NNNN_name.sql`, in version order.
type Migrations = Vec<(i64, String, PathBuf)>;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=migrations");
    let sqlite = scan(&root.join("migrations/sqlite"));
    let postgres = scan(&root.join("migrations/postgres"));
    let names = |list: &Migrations| -> Vec<(i64, String)> {
        list.iter().map(|(v, n, _)| (*v, n.clone())).collect()
    };
    assert_eq!(
        names(&sqlite),
        names(&postgres),
        "migrations/sqlite and migrations/postgres must hold the same versions and names"
    );
    let mut code = String::new();
    for (constant, list) in [
        ("SQLITE_MIGRATIONS", &sqlite),
        ("POSTGRES_MIGRATIONS", &postgres),
    ] {
        writeln!(code, "const {constant}: &[(i64, &str, &str)] = &[").expect("write");
        for (version, name, path) in list {
            writeln!(
                code,
                "    ({version}, {name:?}, include_str!({:?})),",
                path.display()
            )
            .expect("write");
        }
        writeln!(code, "];").expect("write");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("migrations.rs"), code).expect("write migrations.rs");
}

fn scan(dir: &Path) -> Migrations {
    let mut list: Migrations = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let (version, name) = stem
                .split_once('_')
                .and_then(|(v, n)| Some((v.parse::<i64>().ok()?, n.to_string())))
                .unwrap_or_else(|| panic!("{} is not named NNNN_name.sql", path.display()));
            (version, name, path)
        })
        .collect();
    list.sort();
    for pair in list.windows(2) {
        assert_ne!(
            pair[0].0,
            pair[1].0,
            "two migrations numbered {} in {}",
            pair[0].0,
            dir.display()
        );
    }
    list
}
