//! The CSV exports of the reports: every table of the dashboard and the
//! tickets behind a figure. A cell a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@` first) is written with a leading apostrophe.

use super::metrics::{Durations, Figures, MetricsReport, Rate, TicketsBehind};

fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_default()
}

fn rate(r: &Rate) -> String {
    number(r.rate.map(|v| (v * 10_000.0).round() / 10_000.0))
}

fn write(rows: Vec<Vec<String>>) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = out.write_record(row.iter().map(|c| cell(c)));
    }
    out.into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

const DURATIONS: [&str; 5] = [
    "first_reply",
    "next_reply",
    "resolution",
    "requester_wait",
    "first_assignment",
];

fn durations_of(f: &Figures) -> [&Durations; 5] {
    [
        &f.first_reply,
        &f.next_reply,
        &f.resolution,
        &f.requester_wait,
        &f.first_assignment,
    ]
}

fn header() -> Vec<String> {
    let mut h: Vec<String> = ["period", "group", "label", "created", "solved"]
        .map(String::from)
        .to_vec();
    for d in DURATIONS {
        for part in [
            "median_s",
            "p90_s",
            "business_median_s",
            "business_p90_s",
            "count",
        ] {
            h.push(format!("{d}_{part}"));
        }
    }
    h.extend(
        [
            "sla_first_reply",
            "sla_next_reply",
            "sla_resolution",
            "one_touch",
            "reopened",
            "surveys_sent",
            "response_rate",
            "csat",
            "quality_reviews",
            "quality_score",
            "backlog",
        ]
        .map(String::from),
    );
    h
}

fn row(period: &str, key: &str, label: &str, f: &Figures) -> Vec<String> {
    let mut r = vec![
        period.to_string(),
        key.to_string(),
        label.to_string(),
        f.created.to_string(),
        f.solved.to_string(),
    ];
    for d in durations_of(f) {
        r.extend([
            number(d.median_seconds),
            number(d.p90_seconds),
            number(d.business_median_seconds),
            number(d.business_p90_seconds),
            d.count.to_string(),
        ]);
    }
    r.extend([
        rate(&f.sla_first_reply),
        rate(&f.sla_next_reply),
        rate(&f.sla_resolution),
        rate(&f.one_touch),
        rate(&f.reopened),
        f.surveys_sent.to_string(),
        rate(&f.response),
        rate(&f.csat),
        f.quality_reviews.to_string(),
        number(f.quality_score.map(|v| (v * 10.0).round() / 10.0)),
        f.backlog
            .as_ref()
            .map(|b| b.total.to_string())
            .unwrap_or_default(),
    ]);
    r
}

/// A report's table: the total and each group, this period and the
/// previous one.
pub fn report_csv(report: &MetricsReport) -> String {
    let mut rows = vec![header()];
    rows.push(row("current", "", "total", &report.total));
    rows.push(row("previous", "", "total", &report.previous));
    for g in &report.groups {
        rows.push(row("current", &g.key, &g.label, &g.figures));
        if report.group != "day" {
            rows.push(row("previous", &g.key, &g.label, &g.previous));
        }
    }
    write(rows)
}

/// The tickets behind a figure.
pub fn tickets_csv(behind: &TicketsBehind) -> String {
    let mut rows = vec![
        [
            "reference",
            "id",
            "subject",
            "status",
            "channel",
            "created_at",
            "solved_at",
            "seconds",
            "business_seconds",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for t in &behind.tickets {
        rows.push(vec![
            t.reference.clone(),
            t.id.to_string(),
            t.subject.clone(),
            t.status.clone(),
            t.channel.clone(),
            t.created_at.clone(),
            t.solved_at.clone().unwrap_or_default(),
            number(t.seconds),
            number(t.business_seconds),
        ]);
    }
    write(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let csv = write(vec![vec![
            "a,b".into(),
            "say \"hi\"".into(),
            "=HYPERLINK(\"x\")".into(),
            "-3".into(),
        ]]);
        assert_eq!(
            csv,
            "\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",'-3\n"
        );
    }
}
