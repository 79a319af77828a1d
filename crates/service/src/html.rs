//! Message bodies: plain text always, HTML only after sanitizing.

/// Sanitizes HTML from a message: no scripts, styles, event handlers or
/// remote resources; links get `rel="noopener noreferrer nofollow"`.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

/// Plain text as safe HTML: escaped, paragraphs and line breaks kept.
pub fn from_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, paragraph) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("<p>");
        for (j, line) in paragraph.lines().enumerate() {
            if j > 0 {
                out.push_str("<br>");
            }
            out.push_str(&escape(line));
        }
        out.push_str("</p>");
    }
    out
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let clean = sanitize(
            r#"<p onclick="x()">Hi<script>alert(1)</script><a href="https://e.example">l</a></p>"#,
        );
        assert!(!clean.contains("script"));
        assert!(!clean.contains("onclick"));
        assert!(clean.contains("noopener"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            from_text("a <b>\nc\n\nd"),
            "<p>a &lt;b&gt;<br>c</p>\n<p>d</p>"
        );
    }
}
