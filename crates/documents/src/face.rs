//! A typeface as every step sees it: the font file read into memory, the
//! regular and bold faces of one rendering, which characters a face can show
//! and how wide they are.
//!
//! Finding fonts (`fonts.rs`), placing text (`layout.rs`) and writing the PDF
//! (`pdf.rs`) all stand on this module, and it on none of them.
//!
//! Layout needs widths to wrap and right-align text; the PDF writer needs
//! the same faces to encode it. Embedded faces answer from the font file;
//! built-in Helvetica answers from its published metrics (Adobe's AFM
//! files), since the PDF viewer, not us, owns that font.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::DocumentError;

/// Regular or bold: the two weights a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    Regular,
    Bold,
}

/// A font file read into memory, with the face of a collection to use.
pub(crate) struct FontFile {
    pub(crate) path: PathBuf,
    pub(crate) data: Vec<u8>,
    pub(crate) index: u32,
}

impl FontFile {
    pub(crate) fn open(path: &Path) -> Result<FontFile, DocumentError> {
        let fail = |reason: String| DocumentError::Font {
            path: path.to_path_buf(),
            reason,
        };
        let data = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
        let index = preferred_face(&data);
        ttf_parser::Face::parse(&data, index).map_err(|e| fail(e.to_string()))?;
        Ok(FontFile {
            path: path.to_path_buf(),
            data,
            index,
        })
    }

    pub(crate) fn face(&self) -> Result<ttf_parser::Face<'_>, DocumentError> {
        ttf_parser::Face::parse(&self.data, self.index).map_err(|e| self.error(e.to_string()))
    }

    pub(crate) fn error(&self, reason: String) -> DocumentError {
        DocumentError::Font {
            path: self.path.clone(),
            reason,
        }
    }
}

impl fmt::Display for FontFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.path.display(), self.index)
    }
}

/// In a collection, the Simplified Chinese face (Noto Sans CJK ships JP, KR,
/// SC, TC and HK faces whose Han glyphs differ); else the first face.
fn preferred_face(data: &[u8]) -> u32 {
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    (0..count)
        .find(|&index| {
            ttf_parser::Face::parse(data, index).is_ok_and(|face| {
                face.names()
                    .into_iter()
                    .filter(|name| name.name_id == ttf_parser::name_id::FAMILY)
                    .filter_map(|name| name.to_string())
                    .any(|family| family.contains("CJK SC") && !family.contains("Mono"))
            })
        })
        .unwrap_or(0)
}

/// The faces one rendering uses.
pub(crate) struct Faces<'a> {
    regular: Typeface<'a>,
    /// `None`: there is no bold file, so bold is the regular face drawn with
    /// an outline stroke.
    bold: Option<Typeface<'a>>,
}

pub(crate) enum Typeface<'a> {
    /// One of the PDF standard fonts: Helvetica or Helvetica-Bold.
    Builtin { bold: bool },
    Embedded {
        file: &'a FontFile,
        /// Boxed: a parsed face is about a kilobyte of table offsets.
        face: Box<ttf_parser::Face<'a>>,
    },
}

impl<'a> Faces<'a> {
    pub(crate) fn new(
        regular: Option<&'a FontFile>,
        bold: Option<&'a FontFile>,
    ) -> Result<Faces<'a>, DocumentError> {
        let Some(regular) = regular else {
            return Ok(Faces {
                regular: Typeface::Builtin { bold: false },
                bold: Some(Typeface::Builtin { bold: true }),
            });
        };
        Ok(Faces {
            regular: Typeface::embedded(regular)?,
            bold: bold.map(Typeface::embedded).transpose()?,
        })
    }

    pub(crate) fn regular(&self) -> &Typeface<'a> {
        &self.regular
    }

    /// The separate bold face, if there is one.
    pub(crate) fn bold(&self) -> Option<&Typeface<'a>> {
        self.bold.as_ref()
    }

    pub(crate) fn get(&self, style: Style) -> &Typeface<'a> {
        match style {
            Style::Bold => self.bold.as_ref().unwrap_or(&self.regular),
            Style::Regular => &self.regular,
        }
    }

    /// Whether bold text must be emboldened by stroking the regular face.
    pub(crate) fn fake_bold(&self, style: Style) -> bool {
        style == Style::Bold && self.bold.is_none()
    }

    /// The text as it will print: control characters become spaces and
    /// characters the face lacks become `?`.
    pub(crate) fn clean(&self, style: Style, text: &str) -> String {
        let face = self.get(style);
        text.chars()
            .map(|c| match c {
                c if c.is_control() => ' ',
                c if face.covers(c) => c,
                _ => '?',
            })
            .collect()
    }

    /// Width in points of text already [cleaned](Faces::clean).
    pub(crate) fn width(&self, style: Style, text: &str, size: f32) -> f32 {
        let face = self.get(style);
        text.chars().map(|c| face.advance(c)).sum::<f32>() * size / 1000.0
    }
}

impl<'a> Typeface<'a> {
    fn embedded(file: &'a FontFile) -> Result<Typeface<'a>, DocumentError> {
        Ok(Typeface::Embedded {
            file,
            face: Box::new(file.face()?),
        })
    }

    pub(crate) fn covers(&self, c: char) -> bool {
        match self {
            Typeface::Builtin { .. } => win_ansi(c).is_some(),
            Typeface::Embedded { face, .. } => face.glyph_index(c).is_some(),
        }
    }

    pub(crate) fn covers_all(&self, text: &str) -> bool {
        text.chars().all(|c| self.covers(c))
    }

    /// Advance width in thousandths of an em.
    pub(crate) fn advance(&self, c: char) -> f32 {
        match self {
            Typeface::Builtin { bold } => f32::from(helvetica_width(c, *bold)),
            Typeface::Embedded { face, .. } => face
                .glyph_index(c)
                .and_then(|glyph| face.glyph_hor_advance(glyph))
                .map_or(0.0, |advance| {
                    f32::from(advance) * 1000.0 / f32::from(face.units_per_em())
                }),
        }
    }
}

/// The byte for `c` in WinAnsiEncoding (Windows-1252), which built-in fonts
/// use here.
pub(crate) fn win_ansi(c: char) -> Option<u8> {
    let code = u32::from(c);
    let byte = match c {
        ' '..='~' | '\u{a0}'..='\u{ff}' => return u8::try_from(code).ok(),
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‰' => 0x89,
        'Š' => 0x8a,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        'š' => 0x9a,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(byte)
}

/// Helvetica and Helvetica-Bold widths of ASCII 32..=126 (Adobe AFM).
#[rustfmt::skip]
const HELVETICA: [[u16; 95]; 2] = [
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ],
    [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ],
];

/// Width of `c` in Helvetica; accented letters are as wide as their base
/// letter, other non-ASCII characters get a typical width.
fn helvetica_width(c: char, bold: bool) -> u16 {
    let table = &HELVETICA[usize::from(bold)];
    let base = strip_accent(c);
    match u32::from(base) {
        code @ 32..=126 => table[(code - 32) as usize],
        _ => match base {
            '—' | '…' | '‰' | 'Æ' | 'Œ' => 1000,
            '¡' | '‘' | '’' => 333,
            '¿' | 'ß' => 611,
            '×' | '±' | '÷' => 584,
            '•' => 350,
            _ => 556,
        },
    }
}

/// `é` → `e`, `Ñ` → `N`: the Latin-1 letters Spanish and its neighbours use.
fn strip_accent(c: char) -> char {
    match c {
        'À'..='Å' => 'A',
        'Ç' => 'C',
        'È'..='Ë' => 'E',
        'Ì'..='Ï' => 'I',
        'Ñ' => 'N',
        'Ò'..='Ö' | 'Ø' => 'O',
        'Ù'..='Ü' => 'U',
        'Ý' => 'Y',
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn win_ansi_covers_latin_1_and_the_euro_sign() {
        assert_eq!(win_ansi('A'), Some(b'A'));
        assert_eq!(win_ansi('ñ'), Some(0xf1));
        assert_eq!(win_ansi('€'), Some(0x80));
        assert_eq!(win_ansi('退'), None);
        assert_eq!(win_ansi('\n'), None);
    }

    #[test]
    fn builtin_widths_follow_helvetica_metrics() {
        let faces = Faces::new(None, None).expect("built-in faces");
        // "Hello" in Helvetica: 722 + 556 + 222 + 222 + 556 = 2278 / 1000 em.
        assert!((faces.width(Style::Regular, "Hello", 10.0) - 22.78).abs() < 1e-3);
        assert_eq!(helvetica_width('é', false), helvetica_width('e', false));
        assert!(faces.width(Style::Bold, "m", 10.0) > faces.width(Style::Regular, "m", 10.0));
    }

    #[test]
    fn clean_replaces_what_the_face_cannot_show() {
        let faces = Faces::new(None, None).expect("built-in faces");
        assert_eq!(faces.clean(Style::Regular, "Año\t退货"), "Año ??");
    }
}
