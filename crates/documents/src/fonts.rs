//! Finding a font at run time.
//!
//! Chinese needs a CJK font of some 20 MB; committing or compiling one in
//! would bloat the repository and the binary, so the font is read from the
//! system (Debian: `fonts-noto-cjk`) when the program starts. Without any
//! font file the documents still render, with the PDF's built-in Helvetica.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::DocumentError;
use crate::face::{Faces, FontFile};

/// Environment variable naming a TTF, OTF or TTC file to use before any other.
pub const FONT_ENV: &str = "MARKETDESK_FONT";

/// Where Linux distributions put CJK fonts, then DejaVu (Latin, Greek,
/// Cyrillic — no Chinese).
const SYSTEM_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
];

/// The fonts documents are set in: a regular face and, when one is found
/// beside it, a bold face.
///
/// Load once at start-up and share: the files stay in memory (about 40 MB
/// for Noto Sans CJK regular and bold) and clones are cheap.
///
/// With no font file at all, documents use the PDF's built-in Helvetica,
/// which only has Latin letters (Windows-1252): every character it cannot
/// show — Chinese, for one — is printed as `?` rather than failing. The same
/// holds for any character missing from a loaded font.
#[derive(Clone)]
pub struct Fonts {
    regular: Option<Arc<FontFile>>,
    bold: Option<Arc<FontFile>>,
}

impl Fonts {
    /// Finds a font: the file named by `MARKETDESK_FONT`, then Noto Sans CJK,
    /// then DejaVu Sans in the usual system paths, else built-in Helvetica.
    /// A file that cannot be read or parsed is skipped; see [`Fonts::path`]
    /// for what was chosen.
    pub fn load() -> Fonts {
        let from_env = std::env::var_os(FONT_ENV).map(PathBuf::from);
        from_env
            .into_iter()
            .chain(SYSTEM_FONTS.iter().map(PathBuf::from))
            .find_map(|path| Fonts::from_file(path).ok())
            .unwrap_or_else(Fonts::builtin)
    }

    /// Uses this font file (TTF, OTF, or a TTC collection, where the
    /// Simplified Chinese face is preferred). A bold face is looked for
    /// beside it (`…-Regular.ttc` → `…-Bold.ttc`, `X.ttf` → `X-Bold.ttf`);
    /// without one, bold text is drawn thicker from the regular face.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Fonts, DocumentError> {
        let path = path.as_ref();
        let regular = FontFile::open(path)?;
        let bold = bold_sibling(path).and_then(|bold| FontFile::open(&bold).ok());
        Ok(Fonts {
            regular: Some(Arc::new(regular)),
            bold: bold.map(Arc::new),
        })
    }

    /// The PDF's built-in Helvetica only: Latin text, nothing to load.
    pub fn builtin() -> Fonts {
        Fonts {
            regular: None,
            bold: None,
        }
    }

    /// The font file in use, or `None` for built-in Helvetica.
    pub fn path(&self) -> Option<&Path> {
        self.regular.as_deref().map(|file| file.path.as_path())
    }

    /// Whether every character of `text` can be shown (else it prints `?`).
    pub fn supports(&self, text: &str) -> bool {
        self.faces()
            .map(|faces| faces.regular().covers_all(text))
            .unwrap_or(false)
    }

    pub(crate) fn faces(&self) -> Result<Faces<'_>, DocumentError> {
        Faces::new(self.regular.as_deref(), self.bold.as_deref())
    }
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let regular = self.regular.as_ref().map(ToString::to_string);
        let bold = match (&self.bold, &self.regular) {
            (Some(bold), _) => bold.to_string(),
            (None, Some(_)) => "regular, emboldened".to_string(),
            (None, None) => "built-in Helvetica-Bold".to_string(),
        };
        f.debug_struct("Fonts")
            .field(
                "regular",
                &regular.unwrap_or_else(|| "built-in Helvetica".to_string()),
            )
            .field("bold", &bold)
            .finish()
    }
}

/// `NotoSansCJK-Regular.ttc` → `NotoSansCJK-Bold.ttc`;
/// `DejaVuSans.ttf` → `DejaVuSans-Bold.ttf`.
fn bold_sibling(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let bold = if name.contains("Regular") {
        name.replacen("Regular", "Bold", 1)
    } else {
        let (stem, ext) = name.rsplit_once('.')?;
        format!("{stem}-Bold.{ext}")
    };
    let bold = path.with_file_name(bold);
    bold.is_file().then_some(bold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_sibling_names() {
        let dir = std::env::temp_dir().join(format!("marketdesk-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for name in ["A-Regular.ttc", "A-Bold.ttc", "B.ttf", "B-Bold.ttf"] {
            std::fs::write(dir.join(name), b"").expect("write");
        }
        assert_eq!(
            bold_sibling(&dir.join("A-Regular.ttc")),
            Some(dir.join("A-Bold.ttc"))
        );
        assert_eq!(
            bold_sibling(&dir.join("B.ttf")),
            Some(dir.join("B-Bold.ttf"))
        );
        assert_eq!(bold_sibling(&dir.join("C.ttf")), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unreadable_files_are_errors_and_builtin_supports_latin_only() {
        assert!(Fonts::from_file("/nonexistent/font.ttf").is_err());
        let builtin = Fonts::builtin();
        assert_eq!(builtin.path(), None);
        assert!(builtin.supports("Devolución 12,50 €"));
        assert!(!builtin.supports("退货"));
    }
}
