//! Classifies each line of standard input with the built-in model and prints
//! one JSON object per line — what `marketdesk assistant classify` prints.
//!
//! echo "where is my order SO-240101" | cargo run --release -p marketdesk-assistant --example classify

use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let prediction = marketdesk_assistant::analyze(&line);
        writeln!(out, "{}", serde_json::to_string(&prediction)?)?;
    }
    Ok(())
}
