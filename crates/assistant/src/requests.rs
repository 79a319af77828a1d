//! Several requests in one message ("cancel my order and refund the
//! shipping", "取消订单，然后退运费", "cancela el pedido y devuélveme el
//! envío"): the message split where a connector joins two requests, so
//! each can be understood and handled in turn.

/// Words that join two requests, with spaces around them.
const JOINERS: &[&str] = &[
    " and also ",
    " and then ",
    " and ",
    " then ",
    " also ",
    " plus ",
    " as well as ",
    " y también ",
    " y además ",
    " y luego ",
    " además ",
    " y ",
    " e ",
    " luego ",
];
/// Chinese joiners (no spaces around them).
const ZH_JOINERS: &[&str] = &["然后", "还有", "另外", "并且", "顺便", "同时", "再"];
/// A part shorter than this (in words, or CJK characters / 2) is not a
/// request of its own ("red and blue", "you and me").
const MIN_WORDS: usize = 3;

fn weight(part: &str) -> usize {
    let cjk = part
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    part.split_whitespace().count().max(cjk / 2)
}

/// The message's requests, in order; the whole message when it holds one.
/// Sentences (". ", "! ", "? ", "；", "。") split first, then joiners; a part
/// too short to be a request stays with the one before it.
pub fn split_requests(text: &str) -> Vec<String> {
    let mut pieces: Vec<String> = vec![text.trim().to_string()];
    for sep in [". ", "! ", "? ", "; ", "。", "；", "！", "？"] {
        pieces = pieces
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    let mut parts: Vec<String> = Vec::new();
    for piece in pieces {
        let mut rest = piece.trim().trim_start_matches(['，', ',']).to_string();
        loop {
            let lower = rest.to_lowercase();
            let found = JOINERS
                .iter()
                .filter_map(|j| lower.find(j).map(|at| (at, j.len())))
                .chain(
                    ZH_JOINERS
                        .iter()
                        .filter_map(|j| lower.find(j).map(|at| (at, j.len()))),
                )
                .filter(|(at, _)| *at > 0)
                .min_by_key(|(at, _)| *at);
            let Some((at, len)) = found else {
                break;
            };
            // Byte offsets of the lower-cased text match the original's
            // only where lower-casing kept lengths; otherwise keep it whole.
            if lower.len() != rest.len()
                || !rest.is_char_boundary(at)
                || !rest.is_char_boundary(at + len)
            {
                break;
            }
            let (head, tail) = (rest[..at].to_string(), rest[at + len..].to_string());
            if weight(&head) < MIN_WORDS || weight(&tail) < MIN_WORDS {
                break;
            }
            parts.push(head.trim().trim_end_matches(['，', ',']).to_string());
            rest = tail.trim().trim_start_matches(['，', ',']).to_string();
        }
        if !rest.is_empty() {
            parts.push(rest);
        }
    }
    // Short leftovers join the request before them ("hi" the one after).
    let mut merged: Vec<String> = Vec::new();
    let mut carry = String::new();
    for part in parts.into_iter().filter(|p| !p.trim().is_empty()) {
        match merged.last_mut() {
            Some(last) if weight(&part) < MIN_WORDS => {
                last.push(' ');
                last.push_str(&part);
            }
            None if weight(&part) < MIN_WORDS => {
                carry.push_str(&part);
                carry.push(' ');
            }
            _ => merged.push(format!("{carry}{part}")),
        }
        if !merged.is_empty() {
            carry.clear();
        }
    }
    if !carry.trim().is_empty() {
        merged.push(carry.trim().to_string());
    }
    if merged.is_empty() {
        merged.push(text.trim().to_string());
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::split_requests;

    #[test]
    fn two_requests_are_split_in_three_languages() {
        assert_eq!(
            split_requests("cancel my order SO-1 and refund the shipping fee"),
            vec!["cancel my order SO-1", "refund the shipping fee"]
        );
        assert_eq!(
            split_requests("cancela mi pedido y devuélveme los gastos de envío"),
            vec!["cancela mi pedido", "devuélveme los gastos de envío"]
        );
        assert_eq!(
            split_requests("帮我取消订单，然后把运费退给我"),
            vec!["帮我取消订单", "把运费退给我"]
        );
        assert_eq!(
            split_requests("Where is my parcel? Also I need an invoice for it"),
            vec!["Where is my parcel", "Also I need an invoice for it"]
        );
    }

    #[test]
    fn one_request_stays_whole() {
        assert_eq!(
            split_requests("I want a red and blue scarf"),
            vec!["I want a red and blue scarf"]
        );
        assert_eq!(
            split_requests("where is my order"),
            vec!["where is my order"]
        );
        assert_eq!(
            split_requests("hi. where is my order SO-1"),
            vec!["hi where is my order SO-1"]
        );
        assert_eq!(split_requests(""), vec![""]);
    }
}
