//! Pages as lists of drawing operations, and a canvas to place them.
//!
//! Layout code thinks top-down (y grows down the page, in points) and in
//! whole strings; the PDF writer turns that into PDF's bottom-up
//! coordinates and glyph codes. Keeping the placed page as plain data lets
//! tests read what a document says without parsing PDF.

use crate::face::{Faces, Style};

/// The most lines a [paragraph](Canvas::paragraph) — one field of an
/// address, say — takes, so that a runaway value cannot push the rest of
/// the page off it.
pub(crate) const PARAGRAPH_LINES: usize = 2;

/// Millimetres to points.
pub(crate) fn mm(value: f32) -> f32 {
    value * 72.0 / 25.4
}

/// Grey level: 0 is black, 1 is white.
pub(crate) type Gray = f32;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// Text with its baseline at `y`, starting at `x`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        style: Style,
        gray: Gray,
        text: String,
    },
    /// A filled rectangle whose top-left corner is at (`x`, `y`).
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: Gray,
    },
    /// A straight stroke.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        gray: Gray,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub(crate) width: f32,
    pub(crate) height: f32,
    pub(crate) ops: Vec<Op>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    /// Shown by viewers in the title bar; also names the file's subject.
    pub(crate) title: String,
    /// Language tag of the text (for screen readers).
    pub(crate) language: String,
    pub(crate) pages: Vec<Page>,
}

impl Document {
    /// All text of the document, one op a line, in drawing order.
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        for op in self.pages.iter().flat_map(|page| &page.ops) {
            if let Op::Text { text, .. } = op {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}

/// A font size and style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    pub(crate) size: f32,
    pub(crate) style: Style,
    pub(crate) gray: Gray,
}

impl Font {
    pub(crate) const fn regular(size: f32) -> Font {
        Font {
            size,
            style: Style::Regular,
            gray: 0.0,
        }
    }

    pub(crate) const fn bold(size: f32) -> Font {
        Font {
            size,
            style: Style::Bold,
            gray: 0.0,
        }
    }

    pub(crate) const fn gray(self, gray: Gray) -> Font {
        Font { gray, ..self }
    }

    /// Baseline-to-baseline distance.
    pub(crate) fn leading(self) -> f32 {
        self.size * 1.3
    }
}

/// Where text sits horizontally relative to the given x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// One page being laid out, with the faces that measure its text.
pub(crate) struct Canvas<'f, 'a> {
    faces: &'f Faces<'a>,
    page: Page,
}

impl<'f, 'a> Canvas<'f, 'a> {
    pub(crate) fn new(faces: &'f Faces<'a>, width: f32, height: f32) -> Self {
        Canvas {
            faces,
            page: Page {
                width,
                height,
                ops: Vec::new(),
            },
        }
    }

    pub(crate) fn finish(self) -> Page {
        self.page
    }

    /// Width of `text` in `font`, as it will print.
    pub(crate) fn measure(&self, font: Font, text: &str) -> f32 {
        let text = self.faces.clean(font.style, text);
        self.faces.width(font.style, &text, font.size)
    }

    /// Draws one line of text with its baseline at `y`.
    pub(crate) fn text(&mut self, x: f32, y: f32, font: Font, align: Align, text: &str) {
        let text = self.faces.clean(font.style, text.trim());
        if text.is_empty() {
            return;
        }
        let width = self.faces.width(font.style, &text, font.size);
        let x = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        self.page.ops.push(Op::Text {
            x,
            y,
            size: font.size,
            style: font.style,
            gray: font.gray,
            text,
        });
    }

    /// Draws a field wrapped to `max_width` on at most
    /// [`PARAGRAPH_LINES`] lines, first baseline at `y`; returns the y below
    /// the last line (the next baseline).
    pub(crate) fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        max_width: f32,
        font: Font,
        text: &str,
    ) -> f32 {
        let mut y = y;
        for line in self.wrap_max(font, text, max_width, PARAGRAPH_LINES) {
            self.text(x, y, font, Align::Left, &line);
            y += font.leading();
        }
        y
    }

    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, gray: Gray) {
        self.page.ops.push(Op::Fill { x, y, w, h, gray });
    }

    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, gray: Gray) {
        self.page.ops.push(Op::Line {
            from,
            to,
            width,
            gray,
        });
    }

    /// The outline of a rectangle whose top-left corner is at (`x`, `y`).
    pub(crate) fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        self.line((x, y), (x + w, y), width, 0.0);
        self.line((x + w, y), (x + w, y + h), width, 0.0);
        self.line((x + w, y + h), (x, y + h), width, 0.0);
        self.line((x, y + h), (x, y), width, 0.0);
    }

    /// Like [`Canvas::wrap`], but at most `max_lines` lines; the last ends
    /// with `…` when text was cut.
    pub(crate) fn wrap_max(
        &self,
        font: Font,
        text: &str,
        max_width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines = self.wrap(font, text, max_width);
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                let room = max_width - self.measure(font, "…");
                let mut cut = self
                    .wrap(font, last, room)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                cut.push('…');
                *last = cut;
            }
        }
        lines
    }

    /// Splits text into lines no wider than `max_width`: at spaces where
    /// possible, anywhere in a word too long for a line, and between any two
    /// CJK characters (Chinese has no spaces).
    pub(crate) fn wrap(&self, font: Font, text: &str, max_width: f32) -> Vec<String> {
        let text = self.faces.clean(font.style, text);
        let fits = |line: &str| self.faces.width(font.style, line, font.size) <= max_width;
        let mut lines = Vec::new();
        let mut line = String::new();
        for piece in pieces(text.trim()) {
            let candidate = format!("{line}{piece}");
            if fits(candidate.trim_end()) {
                line = candidate;
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = String::new();
            for c in piece.trim_start().chars() {
                let candidate = format!("{line}{c}");
                if !line.is_empty() && !fits(candidate.trim_end()) {
                    lines.push(line.trim_end().to_string());
                    line = c.to_string();
                } else {
                    line = candidate;
                }
            }
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
        }
        lines
    }
}

/// Break opportunities: a word with the spaces after it, or one CJK
/// character (with spaces after it).
fn pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        let ends = match next {
            None => true,
            Some(next) => {
                (c.is_whitespace() && !next.is_whitespace())
                    || is_cjk(c)
                    || (is_cjk(next) && !c.is_whitespace())
            }
        };
        if ends {
            let end = i + c.len_utf8();
            pieces.push(&text[start..end]);
            start = end;
        }
    }
    pieces
}

/// Characters that may be broken between: CJK ideographs, kana, Hangul, and
/// CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(
        u32::from(c),
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_at_spaces_and_between_ideographs() {
        assert_eq!(pieces("ab  cd e"), vec!["ab  ", "cd ", "e"]);
        assert_eq!(pieces("退货ab 标签"), vec!["退", "货", "ab ", "标", "签"]);
    }

    #[test]
    fn wrap_keeps_lines_within_width() {
        let faces = Faces::new(None, None).expect("built-in faces");
        let canvas = Canvas::new(&faces, 100.0, 100.0);
        let font = Font::regular(10.0);
        let text = "Attach this label to the parcel and hand it in before the date shown";
        let lines = canvas.wrap(font, text, 80.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(canvas.measure(font, line) <= 80.0, "{line}");
        }
        let long = canvas.wrap(font, "Supercalifragilisticexpialidocious", 50.0);
        assert!(long.len() > 1);
        assert_eq!(long.concat(), "Supercalifragilisticexpialidocious");
        assert!(canvas.wrap(font, "   ", 50.0).is_empty());
        let cut = canvas.wrap_max(font, text, 80.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(
            cut[1].ends_with('…') && canvas.measure(font, &cut[1]) <= 80.0,
            "{cut:?}"
        );
        assert_eq!(canvas.wrap_max(font, "short", 80.0, 1), vec!["short"]);
    }
}
