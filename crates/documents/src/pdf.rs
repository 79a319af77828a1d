//! Writing placed pages as a PDF file.
//!
//! Embedded fonts are subsetted to the glyphs the document uses (a Noto
//! Sans CJK face is 20 MB; a label needs a few kB of it) and written as CID
//! fonts with `Identity-H` encoding, two bytes a glyph, plus a `ToUnicode`
//! map so the text can be searched and copied. Built-in Helvetica is
//! referenced by name with WinAnsiEncoding and embeds nothing.
//!
//! Streams are left uncompressed: the documents are small, and it keeps the
//! output easy to inspect. The output is deterministic (no dates, no ids),
//! so the same input gives the same bytes.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use crate::DocumentError;
use crate::face::{Faces, FontFile, Style, Typeface, win_ansi};
use crate::layout::{Document, Op, Page};

const FONT_NAMES: [&[u8]; 2] = [b"F1", b"F2"];

const IDENTITY: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

pub(crate) fn write(document: &Document, faces: &Faces<'_>) -> Result<Vec<u8>, DocumentError> {
    let mut refs = Refs(0);
    let catalog = refs.next();
    let tree = refs.next();
    let info = refs.next();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog)
        .pages(tree)
        .lang(TextStr(&document.language));
    pdf.document_info(info)
        .title(TextStr(&document.title))
        .producer(TextStr("marketdesk"));

    let mut fonts: Vec<PdfFont<'_, '_>> = std::iter::once(faces.regular())
        .chain(faces.bold())
        .map(|typeface| PdfFont::new(typeface, refs.next()))
        .collect();

    let page_refs: Vec<Ref> = document
        .pages
        .iter()
        .map(|page| write_page(&mut pdf, &mut refs, tree, page, faces, &mut fonts))
        .collect();
    let count = i32::try_from(page_refs.len()).unwrap_or(i32::MAX);
    pdf.pages(tree).kids(page_refs).count(count);

    for font in &fonts {
        font.write(&mut pdf, &mut refs)?;
    }
    Ok(pdf.finish())
}

/// Writes one page object and its content stream; fonts record the glyphs
/// it uses.
fn write_page(
    pdf: &mut Pdf,
    refs: &mut Refs,
    tree: Ref,
    page: &Page,
    faces: &Faces<'_>,
    fonts: &mut [PdfFont<'_, '_>],
) -> Ref {
    let page_ref = refs.next();
    let content_ref = refs.next();
    pdf.stream(content_ref, &content(page, faces, fonts));
    let mut writer = pdf.page(page_ref);
    writer
        .parent(tree)
        .media_box(Rect::new(0.0, 0.0, page.width, page.height))
        .contents(content_ref);
    let mut resources = writer.resources();
    let mut font_dict = resources.fonts();
    for (font, name) in fonts.iter().zip(FONT_NAMES) {
        font_dict.pair(Name(name), font.id);
    }
    page_ref
}

/// Hands out object numbers in order.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// One font resource and, for an embedded face, the glyphs used from it.
struct PdfFont<'f, 'a> {
    id: Ref,
    typeface: &'f Typeface<'a>,
    /// Original glyph id → glyph id in the subset (which is also the CID).
    glyphs: GlyphRemapper,
    /// CID → the character it shows, for `ToUnicode`.
    chars: BTreeMap<u16, char>,
}

impl<'f, 'a> PdfFont<'f, 'a> {
    fn new(typeface: &'f Typeface<'a>, id: Ref) -> Self {
        PdfFont {
            id,
            typeface,
            glyphs: GlyphRemapper::new(),
            chars: BTreeMap::new(),
        }
    }

    /// The bytes that show `text` in this font, recording the glyphs used.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        match self.typeface {
            Typeface::Builtin { .. } => text.chars().map(|c| win_ansi(c).unwrap_or(b'?')).collect(),
            Typeface::Embedded { face, .. } => {
                let mut bytes = Vec::with_capacity(text.len() * 2);
                for c in text.chars() {
                    let glyph = face.glyph_index(c).map_or(0, |glyph| glyph.0);
                    let cid = self.glyphs.remap(glyph);
                    self.chars.entry(cid).or_insert(c);
                    bytes.extend(cid.to_be_bytes());
                }
                bytes
            }
        }
    }

    fn write(&self, pdf: &mut Pdf, refs: &mut Refs) -> Result<(), DocumentError> {
        match self.typeface {
            Typeface::Builtin { bold } => {
                let name: &[u8] = if *bold {
                    b"Helvetica-Bold"
                } else {
                    b"Helvetica"
                };
                pdf.type1_font(self.id)
                    .base_font(Name(name))
                    .encoding_predefined(Name(b"WinAnsiEncoding"));
                Ok(())
            }
            Typeface::Embedded { file, face } => self.write_embedded(pdf, refs, file, face),
        }
    }

    fn write_embedded(
        &self,
        pdf: &mut Pdf,
        refs: &mut Refs,
        file: &FontFile,
        face: &Face<'_>,
    ) -> Result<(), DocumentError> {
        let subset = subsetter::subset(&file.data, file.index, &self.glyphs)
            .map_err(|e| file.error(format!("cannot subset: {e}")))?;
        let cff = face.tables().cff.is_some();
        let program = if cff {
            cff_table(&subset).ok_or_else(|| file.error("subset has no CFF table".into()))?
        } else {
            &subset
        };
        let base_font = format!("{}+{}", self.subset_tag(), postscript_name(face));
        let base_font = Name(base_font.as_bytes());
        let [cid_font, descriptor, cmap, program_ref] = [(); 4].map(|()| refs.next());

        pdf.type0_font(self.id)
            .base_font(base_font)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_font)
            .to_unicode(cmap);

        let mut cid = pdf.cid_font(cid_font);
        cid.subtype(if cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(base_font)
        .system_info(IDENTITY)
        .font_descriptor(descriptor)
        .default_width(0.0);
        if !cff {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        let widths = self
            .glyphs
            .remapped_gids()
            .map(|glyph| advance(face, glyph));
        cid.widths().consecutive(0, widths);
        cid.finish();

        write_descriptor(pdf, descriptor, base_font, face, cff, program_ref);
        if cff {
            pdf.stream(program_ref, program)
                .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
        } else {
            let length = i32::try_from(program.len()).unwrap_or(i32::MAX);
            pdf.stream(program_ref, program)
                .pair(Name(b"Length1"), length);
        }

        let mut unicode = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
        for (&cid, &c) in &self.chars {
            unicode.pair(cid, c);
        }
        let unicode = unicode.finish();
        pdf.cmap(cmap, unicode.as_slice())
            .name(Name(b"Custom"))
            .system_info(IDENTITY);
        Ok(())
    }

    /// Six capitals naming this subset, derived from its glyphs so equal
    /// subsets get equal names (PDF requires the tag, not its value).
    fn subset_tag(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for glyph in self.glyphs.remapped_gids() {
            for byte in glyph.to_be_bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        (0..6)
            .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
            .collect()
    }
}

fn write_descriptor(
    pdf: &mut Pdf,
    id: Ref,
    name: Name<'_>,
    face: &Face<'_>,
    cff: bool,
    program: Ref,
) {
    let scale = |value: i16| f32::from(value) * 1000.0 / f32::from(face.units_per_em());
    let bbox = face.global_bounding_box();
    let mut descriptor = pdf.font_descriptor(id);
    descriptor
        .name(name)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(if face.is_bold() { 120.0 } else { 80.0 });
    if cff {
        descriptor.font_file3(program);
    } else {
        descriptor.font_file2(program);
    }
}

/// The page's content stream.
fn content(page: &Page, faces: &Faces<'_>, fonts: &mut [PdfFont<'_, '_>]) -> Vec<u8> {
    let mut content = Content::new();
    for op in &page.ops {
        match op {
            Op::Text {
                x,
                y,
                size,
                style,
                gray,
                text,
            } => {
                let slot = usize::from(*style == Style::Bold && fonts.len() > 1);
                let bytes = fonts[slot].encode(text);
                let fake_bold = faces.fake_bold(*style);
                content.save_state().set_fill_gray(*gray);
                if fake_bold {
                    content
                        .set_stroke_gray(*gray)
                        .set_line_width(size * 0.04)
                        .set_text_rendering_mode(TextRenderingMode::FillStroke);
                }
                content
                    .begin_text()
                    .set_font(Name(FONT_NAMES[slot]), *size)
                    .set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, page.height - y])
                    .show(Str(&bytes))
                    .end_text()
                    .restore_state();
            }
            Op::Fill { x, y, w, h, gray } => {
                content
                    .set_fill_gray(*gray)
                    .rect(*x, page.height - y - h, *w, *h)
                    .fill_nonzero();
            }
            Op::Line {
                from,
                to,
                width,
                gray,
            } => {
                content
                    .set_stroke_gray(*gray)
                    .set_line_width(*width)
                    .move_to(from.0, page.height - from.1)
                    .line_to(to.0, page.height - to.1)
                    .stroke();
            }
        }
    }
    content.finish().to_vec()
}

/// Advance width of a glyph in thousandths of an em.
fn advance(face: &Face<'_>, glyph: u16) -> f32 {
    let units = face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0);
    f32::from(units) * 1000.0 / f32::from(face.units_per_em())
}

/// The face's PostScript name, reduced to characters a PDF name may hold.
fn postscript_name(face: &Face<'_>) -> String {
    let name: String = face
        .names()
        .into_iter()
        .filter(|name| name.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|name| name.to_string())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        "Font".to_string()
    } else {
        name
    }
}

/// The raw `CFF ` table of an OpenType font: what PDF embeds for
/// CFF-flavoured fonts.
fn cff_table(font: &[u8]) -> Option<&[u8]> {
    ttf_parser::RawFace::parse(font, 0)
        .ok()?
        .table(ttf_parser::Tag::from_bytes(b"CFF "))
}
