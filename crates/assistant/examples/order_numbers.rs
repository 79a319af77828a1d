//! Order-number recall on the held-out set `data/holdout/order_numbers.jsonl`
//! (messages with the order number written every way customers do: bare
//! digits with leading zeros, `#`, `SO-`, "order no.", "订单号", "pedido nº").
//!
//! cargo run --release -p marketdesk-assistant --example order_numbers

use marketdesk_assistant::{EntityKind, extract_entities};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/holdout/order_numbers.jsonl"
    );
    let text = std::fs::read_to_string(path)?;
    let (mut found, mut total) = (0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line)?;
        let message = case["text"].as_str().unwrap_or_default();
        let expected = case["order"].as_str().unwrap_or_default().to_uppercase();
        total += 1;
        let got: Vec<String> = extract_entities(message)
            .into_iter()
            .filter(|e| e.kind == EntityKind::OrderNumber)
            .map(|e| e.value)
            .collect();
        if got
            .iter()
            .any(|v| v.trim_start_matches('#') == expected.trim_start_matches('#'))
        {
            found += 1;
        } else {
            println!("missed: {message} → {got:?} (expected {expected})");
        }
    }
    println!(
        "order-number recall: {:.1}% ({found}/{total})",
        100.0 * f64::from(found) / f64::from(total)
    );
    Ok(())
}
