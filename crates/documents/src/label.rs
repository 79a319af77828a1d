//! The return label: a 4×6 in page, the size thermal label printers take
//! and that also prints on A4 or Letter paper at 100 %.
//!
//! Top to bottom, in the order a carrier's clerk reads it: what it is and
//! which carrier, sender and order, the warehouse address in a heavy frame,
//! the RMA barcode, the items in the parcel, and the customer's instruction
//! at the foot.

use marketdesk_domain::i18n::Lang;

use crate::DocumentError;
use crate::code128;
use crate::face::Faces;
use crate::layout::{Align, Canvas, Document, Font};
use crate::model::{PostalAddress, ReturnLabel};
use crate::strings::{self, LabelWords};

const WIDTH: f32 = 4.0 * 72.0;
const HEIGHT: f32 = 6.0 * 72.0;
const MARGIN: f32 = 14.0;
const INNER: f32 = WIDTH - 2.0 * MARGIN;

const CAPTION: Font = Font::bold(6.5).gray(0.35);
const SMALL: Font = Font::regular(8.0);
const VALUE: Font = Font::bold(9.0);

const BAR_HEIGHT: f32 = 62.0;
/// Wider modules scan more reliably; this is about 0.5 mm.
const MAX_MODULE: f32 = 1.5;
/// Below about 0.2 mm, thermal printers smear bars together.
const MIN_MODULE: f32 = 0.6;
/// Code 128 needs ten modules of white space on each side.
const QUIET_MODULES: f32 = 10.0;

pub(crate) fn layout(label: &ReturnLabel, faces: &Faces<'_>) -> Result<Document, DocumentError> {
    let lang = Lang::from_tag(&label.language);
    let words = &strings::label(lang);
    let modules = code128::modules(&label.rma)?;
    let mut canvas = Canvas::new(faces, WIDTH, HEIGHT);
    let y = header(&mut canvas, label, words);
    let y = sender(&mut canvas, y, label, words);
    let y = recipient(&mut canvas, y, &label.to, words);
    let y = barcode(&mut canvas, y, &label.rma, &modules)?;
    let bottom = instruction(&mut canvas, label, words);
    items(&mut canvas, y, bottom, label, words);
    Ok(Document {
        title: format!("{} {}", words.title, label.rma),
        language: lang.code().to_string(),
        pages: vec![canvas.finish()],
    })
}

/// "RETURN" and the carrier, over a heavy rule. Returns the y below.
fn header(canvas: &mut Canvas<'_, '_>, label: &ReturnLabel, words: &LabelWords) -> f32 {
    let baseline = MARGIN + 17.0;
    canvas.text(MARGIN, baseline, Font::bold(18.0), Align::Left, words.title);
    let right = WIDTH - MARGIN;
    canvas.text(right, MARGIN + 5.0, CAPTION, Align::Right, words.carrier);
    canvas.text(
        right,
        baseline,
        Font::bold(13.0),
        Align::Right,
        &label.carrier,
    );
    let rule = baseline + 7.0;
    canvas.fill(MARGIN, rule, INNER, 2.0, 0.0);
    rule + 14.0
}

/// The customer's address on the left; order number and expiry on the right.
fn sender(canvas: &mut Canvas<'_, '_>, y: f32, label: &ReturnLabel, words: &LabelWords) -> f32 {
    let column = INNER * 0.58;
    canvas.text(MARGIN, y, CAPTION, Align::Left, words.from);
    let mut left = y + SMALL.leading();
    for line in label.from.lines() {
        left = canvas.paragraph(MARGIN, left, column - 6.0, SMALL, &line);
    }
    let x = MARGIN + column;
    let width = INNER - column;
    let mut right = y;
    for (caption, value) in [
        (words.order, &label.order_number),
        (words.use_before, &label.expires_at),
    ] {
        canvas.text(x, right, CAPTION, Align::Left, caption);
        right = canvas.paragraph(x, right + VALUE.leading(), width, VALUE, value) + 3.0;
    }
    let bottom = left.max(right);
    canvas.line(
        (MARGIN, bottom - 4.0),
        (WIDTH - MARGIN, bottom - 4.0),
        0.5,
        0.0,
    );
    bottom + 8.0
}

/// The warehouse address, large, in a heavy frame. Returns the y below.
fn recipient(canvas: &mut Canvas<'_, '_>, y: f32, to: &PostalAddress, words: &LabelWords) -> f32 {
    let pad = 8.0;
    let width = INNER - 2.0 * pad;
    let top = y - 4.0;
    let name = Font::bold(12.0);
    let line = Font::regular(11.0);
    let mut lines = to.lines().into_iter();
    let mut baseline = top + pad + 6.0;
    canvas.text(MARGIN + pad, baseline, CAPTION, Align::Left, words.to);
    baseline += name.leading();
    if let Some(first) = lines.next() {
        baseline = canvas.paragraph(MARGIN + pad, baseline, width, name, &first);
    }
    for text in lines {
        baseline = canvas.paragraph(MARGIN + pad, baseline, width, line, &text);
    }
    let bottom = baseline - line.leading() + pad;
    canvas.frame(MARGIN, top, INNER, bottom - top, 1.5);
    bottom + 10.0
}

/// The RMA as a Code 128 barcode, centred, with the number under it.
fn barcode(
    canvas: &mut Canvas<'_, '_>,
    y: f32,
    rma: &str,
    modules: &[bool],
) -> Result<f32, DocumentError> {
    let total = modules.len() as f32;
    let module = (INNER / (total + 2.0 * QUIET_MODULES)).min(MAX_MODULE);
    if module < MIN_MODULE {
        return Err(DocumentError::Barcode(format!(
            "{rma:?} is too long to fit the label"
        )));
    }
    let left = (WIDTH - total * module) / 2.0;
    for (first, width) in code128::bars(modules) {
        canvas.fill(
            left + first as f32 * module,
            y,
            width as f32 * module,
            BAR_HEIGHT,
            0.0,
        );
    }
    let baseline = y + BAR_HEIGHT + 14.0;
    canvas.text(WIDTH / 2.0, baseline, Font::bold(13.0), Align::Center, rma);
    Ok(baseline + 10.0)
}

/// One line per item, `2 × SKU  Title`, as many as fit above `bottom`.
fn items(
    canvas: &mut Canvas<'_, '_>,
    y: f32,
    bottom: f32,
    label: &ReturnLabel,
    words: &LabelWords,
) {
    canvas.line((MARGIN, y - 4.0), (WIDTH - MARGIN, y - 4.0), 0.5, 0.0);
    let y = y + 6.0;
    canvas.text(MARGIN, y, CAPTION, Align::Left, words.items);
    let fitting = ((bottom - y) / SMALL.leading()).floor().max(0.0) as usize;
    let shown = if label.items.len() > fitting {
        fitting.saturating_sub(1)
    } else {
        label.items.len()
    };
    let mut baseline = y + SMALL.leading();
    for item in &label.items[..shown] {
        let quantity = format!("{} ×", item.quantity);
        canvas.text(MARGIN + 18.0, baseline, VALUE, Align::Right, &quantity);
        let text = format!("{}  {}", item.sku, item.title);
        for line in canvas.wrap_max(SMALL, &text, INNER - 24.0, 1) {
            canvas.text(MARGIN + 24.0, baseline, SMALL, Align::Left, &line);
        }
        baseline += SMALL.leading();
    }
    let hidden = label.items.len() - shown;
    if hidden > 0 && fitting > 0 {
        canvas.text(
            MARGIN + 24.0,
            baseline,
            SMALL.gray(0.35),
            Align::Left,
            &words.more(hidden),
        );
    }
}

/// The customer's instruction at the foot of the label. Returns the lowest
/// baseline the items above may use.
fn instruction(canvas: &mut Canvas<'_, '_>, label: &ReturnLabel, words: &LabelWords) -> f32 {
    let font = Font::regular(8.5);
    let text = words.instruction(label.carrier.trim(), label.expires_at.trim());
    let lines = canvas.wrap(font, &text, INNER);
    let last = HEIGHT - MARGIN - 2.0;
    let first = last - font.leading() * (lines.len().max(1) - 1) as f32;
    let rule = first - font.size - 4.0;
    canvas.fill(MARGIN, rule, INNER, 1.0, 0.0);
    for (i, line) in lines.iter().enumerate() {
        let baseline = first + font.leading() * i as f32;
        canvas.text(MARGIN, baseline, font, Align::Left, line);
    }
    rule - 6.0
}
