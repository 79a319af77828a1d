//! Message bodies: plain text always, HTML only after sanitizing.

/// Sanitizes HTML from a message: no scripts, styles or event handlers;
/// links get `rel="noopener noreferrer nofollow"`. Images may be remote,
/// relative (attachments) or inline raster `data:` images; pages show remote
/// ones only through [`hold_remote_images`].
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_url_schemes(["data", "cid"])
        .attribute_filter(|element, attribute, value| {
            // `data:` only as a raster image: never a link or an SVG document.
            let is_data = value
                .trim_start()
                .get(..5)
                .is_some_and(|s| s.eq_ignore_ascii_case("data:"));
            if is_data && !(element == "img" && attribute == "src" && is_raster_data_image(value)) {
                return None;
            }
            // `cid:` names an inline image of the same mail: only as one.
            let is_cid = value
                .trim_start()
                .get(..4)
                .is_some_and(|s| s.eq_ignore_ascii_case("cid:"));
            if is_cid && !(element == "img" && attribute == "src") {
                return None;
            }
            Some(value.into())
        })
        .clean(html)
        .to_string()
}

fn is_raster_data_image(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    [
        "data:image/png",
        "data:image/gif",
        "data:image/jpeg",
        "data:image/webp",
    ]
    .iter()
    .any(|prefix| lower.starts_with(prefix))
}

/// Message HTML as a browser should show it to staff: every image whose
/// address would make the browser fetch it from elsewhere (a tracking pixel
/// tells the sender when and where the mail was read) becomes a link with
/// `label` that opens it in a new tab. Inline `data:` images and images on
/// this server (attachments) stay.
pub fn hold_remote_images(html: &str, label: &str) -> String {
    // Sanitizing again fixes the serialization the walk below relies on: in
    // text, `<` is always `&lt;`, so a raw `<` opens a tag; in a tag, values
    // are `name="value"` with `"` escaped, so a `>` outside quotes closes it.
    let clean = sanitize(html);
    let mut out = String::with_capacity(clean.len());
    let mut rest = clean.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let from_tag = &rest[open..];
        let Some(len) = tag_len(from_tag) else {
            out.push_str(from_tag);
            return out;
        };
        let tag = &from_tag[..len];
        match remote_image_source(tag) {
            Some(src) => out.push_str(&format!(
                "<a class=\"remote-image\" href=\"{src}\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">{}</a>",
                escape(label)
            )),
            None => out.push_str(tag),
        }
        rest = &from_tag[len..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `html`, up to and with its `>`,
/// skipping `>` inside quoted values.
fn tag_len(html: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in html.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The `src` of an `<img>` tag when it would be fetched from another host.
fn remote_image_source(tag: &str) -> Option<&str> {
    let name: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if !name.eq_ignore_ascii_case("img") {
        return None;
    }
    attribute(tag, "src").filter(|src| !is_local_image(src))
}

/// The (still escaped) value of `name="…"` in a serialized tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Served from this server (`/api/v1/attachments/7`) or inline data: an
/// address that cannot reach another host.
fn is_local_image(src: &str) -> bool {
    let src = src.trim();
    if is_raster_data_image(src) {
        return true;
    }
    let mut chars = src.chars();
    // `//host` and `/\host` leave this server; a scheme (`https:`) does too.
    chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'))
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

/// The words of sanitized HTML as plain text (blocks and breaks become
/// line breaks), for search and link checks.
pub fn to_plain(html: &str) -> String {
    let mut spaced = html.to_owned();
    for tag in [
        "</p>", "<br>", "<br/>", "<br />", "</div>", "</li>", "</h1>", "</h2>", "</h3>",
    ] {
        spaced = spaced.replace(tag, &format!("{tag}\n"));
    }
    let bare = ammonia::Builder::empty().clean(&spaced).to_string();
    bare.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
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
    fn remote_images_become_links_and_local_ones_stay() {
        let html = concat!(
            r#"<p>Hi<img src="https://track.example/p.gif?u=1&amp;m=2" alt="x" width="1">"#,
            r#"<img src="//cdn.example/a.png"><img src="/\\evil.example/b.png">"#,
            r#"<img src="/api/v1/attachments/7" alt="photo">"#,
            r#"<img src="data:image/png;base64,iVBORw0KGgo="></p>"#,
        );
        let shown = hold_remote_images(&sanitize(html), "Show remote image");
        assert_eq!(shown.matches("<img").count(), 2, "{shown}");
        assert!(
            shown.contains(r#"<img src="/api/v1/attachments/7" alt="photo">"#),
            "{shown}"
        );
        assert!(
            shown.contains(r#"<img src="data:image/png;base64,iVBORw0KGgo=">"#),
            "{shown}"
        );
        assert_eq!(
            shown.matches(r#"class="remote-image""#).count(),
            3,
            "{shown}"
        );
        assert!(
            shown.contains(r#"href="https://track.example/p.gif?u=1&amp;m=2""#),
            "{shown}"
        );
        assert!(shown.contains(">Show remote image</a>"), "{shown}");
    }

    #[test]
    fn image_markup_inside_values_and_text_is_left_alone() {
        let html = concat!(
            r#"<p title="<img src=&quot;https://x.example/a.gif&quot;>">quote " and &lt;img src="https://y.example"&gt;</p>"#,
            r#"<img alt="<b>" src="https://z.example/p.gif">"#,
        );
        let clean = sanitize(html);
        let shown = hold_remote_images(html, "Show");
        // Only the one real image changed; the rest is as sanitized.
        let expected = clean.replace(
            r#"<img alt="&lt;b&gt;" src="https://z.example/p.gif">"#,
            r#"<a class="remote-image" href="https://z.example/p.gif" target="_blank" rel="noopener noreferrer nofollow">Show</a>"#,
        );
        assert_ne!(clean, expected, "{clean}");
        assert_eq!(shown, expected);
    }

    #[test]
    fn data_urls_only_as_raster_images() {
        let clean = sanitize(concat!(
            r#"<a href="data:text/html,<script>alert(1)</script>">x</a>"#,
            r#"<img src="data:image/svg+xml,<svg onload=alert(1)>">"#,
            r#"<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">"#,
        ));
        assert!(!clean.contains("text/html"), "{clean}");
        assert!(!clean.contains("svg"), "{clean}");
        assert!(clean.contains("data:image/gif"), "{clean}");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            from_text("a <b>\nc\n\nd"),
            "<p>a &lt;b&gt;<br>c</p>\n<p>d</p>"
        );
    }
}
