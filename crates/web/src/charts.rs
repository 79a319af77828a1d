//! Charts drawn on the server as SVG: readable without JavaScript, in any
//! language (every label is text the page passes in, escaped here), and
//! every bar a link to the tickets behind it.

use std::fmt::Write;

/// Escapes text for SVG (XML) content and attributes.
fn xml(text: &str) -> String {
    marketdesk_service::kernel::html::escape(text)
}

/// A round upper bound for an axis: 1, 2 or 5 times a power of ten.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 5.0, 10.0] {
        if max <= step * power {
            return step * power;
        }
    }
    10.0 * power
}

const WIDTH: f64 = 720.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;

/// One line of a trend chart.
pub struct Series<'a> {
    pub name: &'a str,
    /// A CSS class: `series-a`, `series-b`.
    pub class: &'a str,
    pub values: Vec<f64>,
}

/// Lines over days: `labels` under the x axis (thinned to fit), a legend,
/// and each point's value in its tooltip.
pub fn trend(title: &str, labels: &[String], series: &[Series<'_>]) -> String {
    let height = 220.0;
    let bottom = 28.0;
    let plot_h = height - TOP - bottom;
    let plot_w = WIDTH - LEFT - RIGHT;
    let max = nice_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max),
    );
    let n = labels.len().max(1);
    let x = |i: usize| LEFT + plot_w * (i as f64 + 0.5) / n as f64;
    let y = |v: f64| TOP + plot_h * (1.0 - v / max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{title}"><title>{title}</title>"#,
        title = xml(title)
    );
    for step in 0..=4 {
        let v = max * f64::from(step) / 4.0;
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{x2}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{tx}" y="{ty:.1}" text-anchor="end">{v}</text>"#,
            x2 = WIDTH - RIGHT,
            y = y(v),
            tx = LEFT - 6.0,
            ty = y(v) + 4.0,
            v = trim(v)
        );
    }
    let every = labels.len().div_ceil(8).max(1);
    for (i, label) in labels.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text class="axis" x="{x:.1}" y="{y}" text-anchor="middle">{label}</text>"#,
                x = x(i),
                y = height - 8.0,
                label = xml(short_date(label))
            );
        }
    }
    for (k, s) in series.iter().enumerate() {
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="{class}" fill="none" points="{points}"/>"#,
            class = xml(s.class),
            points = points.join(" ")
        );
        for (i, v) in s.values.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="2.5"><title>{label}: {name} {v}</title></circle>"#,
                class = xml(s.class),
                x = x(i),
                y = y(*v),
                label = xml(labels.get(i).map(String::as_str).unwrap_or("")),
                name = xml(s.name),
                v = trim(*v)
            );
        }
        let _ = write!(
            svg,
            r#"<rect class="{class}" x="{lx}" y="{ly}" width="10" height="10"/><text class="legend" x="{tx}" y="{ty}">{name}</text>"#,
            class = xml(s.class),
            lx = LEFT + 8.0 + 140.0 * k as f64,
            ly = TOP + 2.0,
            tx = LEFT + 22.0 + 140.0 * k as f64,
            ty = TOP + 11.0,
            name = xml(s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One group of a bar chart: this period's value and the previous one's,
/// as shown (`text`) and as drawn (`value`), and where its tickets are.
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub text: String,
    pub previous: Option<f64>,
    pub previous_text: String,
    pub href: String,
}

/// Horizontal bars, the previous period's thinner beneath each; each bar
/// links to its tickets.
pub fn bars(title: &str, names: (&str, &str), bars: &[Bar]) -> String {
    let row = 34.0;
    let label_w = 170.0;
    let height = TOP * 2.0 + 16.0 + row * bars.len().max(1) as f64;
    let plot_w = WIDTH - label_w - RIGHT - 90.0;
    let max = nice_max(
        bars.iter()
            .flat_map(|b| [b.value, b.previous])
            .flatten()
            .fold(0.0, f64::max),
    );
    let w = |v: f64| (plot_w * v / max).max(1.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{title}"><title>{title}</title>"#,
        title = xml(title)
    );
    let _ = write!(
        svg,
        r#"<rect class="series-a" x="{label_w}" y="{TOP}" width="10" height="10"/><text class="legend" x="{a}" y="{ty}">{current}</text>"#,
        a = label_w + 14.0,
        ty = TOP + 9.0,
        current = xml(names.0),
    );
    if !names.1.is_empty() {
        let _ = write!(
            svg,
            r#"<rect class="series-b" x="{bx}" y="{TOP}" width="10" height="10"/><text class="legend" x="{b}" y="{ty}">{previous}</text>"#,
            bx = label_w + 160.0,
            b = label_w + 174.0,
            ty = TOP + 9.0,
            previous = xml(names.1)
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let top = TOP + 20.0 + row * i as f64;
        let _ = write!(
            svg,
            r#"<a href="{href}"><text class="axis" x="{lx}" y="{ty:.1}" text-anchor="end">{label}</text>"#,
            href = xml(&bar.href),
            lx = label_w - 8.0,
            ty = top + 14.0,
            label = xml(&truncate(&bar.label, 24))
        );
        if let Some(v) = bar.value {
            let _ = write!(
                svg,
                r#"<rect class="series-a" x="{label_w}" y="{top:.1}" width="{w:.1}" height="16"><title>{label}: {text}</title></rect><text class="value" x="{tx:.1}" y="{ty:.1}">{text}</text>"#,
                w = w(v),
                label = xml(&bar.label),
                text = xml(&bar.text),
                tx = label_w + w(v) + 6.0,
                ty = top + 13.0
            );
        }
        if let Some(p) = bar.previous {
            let _ = write!(
                svg,
                r#"<rect class="series-b" x="{label_w}" y="{py:.1}" width="{w:.1}" height="8"><title>{label}: {text}</title></rect>"#,
                py = top + 18.0,
                w = w(p),
                label = xml(&bar.label),
                text = xml(&bar.previous_text)
            );
        }
        svg.push_str("</a>");
    }
    svg.push_str("</svg>");
    svg
}

fn trim(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// `2026-11-23` as `11-23`.
fn short_date(date: &str) -> &str {
    date.get(5..).unwrap_or(date)
}

fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(chars - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_link_to_their_tickets() {
        let svg = bars(
            "First reply",
            ("This week", "Last week"),
            &[Bar {
                label: "<script>alert(1)</script>".into(),
                value: Some(3.0),
                text: "3 h".into(),
                previous: Some(5.0),
                previous_text: "5 h".into(),
                href: "/agent/reports/tickets?figure=first_reply&key=2&a=1".into(),
            }],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(
            svg.contains(
                r#"<a href="/agent/reports/tickets?figure=first_reply&amp;key=2&amp;a=1">"#
            )
        );
        assert_eq!(nice_max(7.3), 10.0);
        assert_eq!(nice_max(130.0), 200.0);
        let line = trend(
            "Created",
            &["2026-11-23".into(), "2026-11-24".into()],
            &[Series {
                name: "创建",
                class: "series-a",
                values: vec![1.0, 4.0],
            }],
        );
        assert!(line.contains("创建") && line.contains("11-24"));
    }
}
