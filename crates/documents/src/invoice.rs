//! The invoice: A4 pages, the paper size of most of the world (printers
//! loaded with Letter scale it to fit).
//!
//! Seller and invoice facts head the first page, then the two addresses,
//! then the lines as a table that continues on further pages (with its
//! header repeated), then the totals. Every page carries a footer with the
//! invoice number and page count, so loose pages can be put back together.

use marketdesk_domain::i18n::Lang;
use marketdesk_domain::money::{Currency, Money, MoneyError};

use crate::DocumentError;
use crate::face::Faces;
use crate::layout::{Align, Canvas, Document, Font, Page, mm};
use crate::model::{Invoice, InvoiceLine, PostalAddress};
use crate::strings::{self, InvoiceWords};

const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 42.0;
const INNER: f32 = WIDTH - 2.0 * MARGIN;
/// The lowest baseline for content; the footer sits below it.
const BOTTOM: f32 = HEIGHT - MARGIN - 24.0;

const CAPTION: Font = Font::bold(7.5).gray(0.4);
const BODY: Font = Font::regular(9.5);
const CELL: Font = Font::regular(8.5);
const CELL_HEAD: Font = Font::bold(7.5);
const CELL_PAD: f32 = 4.0;
/// A row never outgrows a page, however long a product title is.
const CELL_LINES: usize = 6;

/// Table columns: SKU, item, variant, quantity, unit price, discount,
/// amount. The item column takes the width the others leave.
const COLUMNS: [(f32, Align); 7] = [
    (70.0, Align::Left),
    (0.0, Align::Left),
    (72.0, Align::Left),
    (36.0, Align::Right),
    (64.0, Align::Right),
    (62.0, Align::Right),
    (72.0, Align::Right),
];

pub(crate) fn layout(invoice: &Invoice, faces: &Faces<'_>) -> Result<Document, DocumentError> {
    let lang = Lang::from_tag(&invoice.language);
    let words = &strings::invoice(lang);
    let currency = Currency::parse(invoice.currency.trim())?;
    let rows = invoice
        .lines
        .iter()
        .map(|line| Row::new(line, currency))
        .collect::<Result<Vec<_>, _>>()?;
    let subtotal = rows
        .iter()
        .try_fold(0i64, |sum, row| sum.checked_add(row.total))
        .ok_or(MoneyError::Overflow)?;

    let mut pages = Pages::new(faces);
    let y = heading(pages.current(), invoice, words);
    let y = addresses(pages.current(), y, invoice, words);
    pages.y = y;
    table(&mut pages, &rows, words);
    totals(&mut pages, invoice, currency, subtotal, words);
    Ok(Document {
        title: format!("{} {}", words.title, invoice.number),
        language: lang.code().to_string(),
        pages: pages.finish(invoice, words),
    })
}

/// One table row, formatted.
struct Row {
    cells: [String; 7],
    total: i64,
}

impl Row {
    fn new(line: &InvoiceLine, currency: Currency) -> Result<Row, DocumentError> {
        let total = line
            .quantity
            .checked_mul(line.unit_price_minor)
            .and_then(|gross| gross.checked_sub(line.discount_minor))
            .ok_or(MoneyError::Overflow)?;
        let money = |minor| Money::new(minor, currency).decimal();
        let discount = match line.discount_minor {
            0 => "—".to_string(),
            minor => money(-minor),
        };
        Ok(Row {
            cells: [
                line.sku.clone(),
                line.title.clone(),
                line.variant.clone().unwrap_or_default(),
                line.quantity.to_string(),
                money(line.unit_price_minor),
                discount,
                money(total),
            ],
            total,
        })
    }
}

/// The pages so far and the y where the next content goes on the last one.
struct Pages<'f, 'a> {
    faces: &'f Faces<'a>,
    pages: Vec<Canvas<'f, 'a>>,
    y: f32,
}

impl<'f, 'a> Pages<'f, 'a> {
    fn new(faces: &'f Faces<'a>) -> Self {
        Pages {
            faces,
            pages: vec![Canvas::new(faces, WIDTH, HEIGHT)],
            y: MARGIN,
        }
    }

    fn current(&mut self) -> &mut Canvas<'f, 'a> {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page unless `height` more fits on this one; returns
    /// whether it did.
    fn make_room(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Canvas::new(self.faces, WIDTH, HEIGHT));
        self.y = MARGIN;
        true
    }

    /// Adds the footer to every page.
    fn finish(self, invoice: &Invoice, words: &InvoiceWords) -> Vec<Page> {
        let count = self.pages.len();
        let footer = Font::regular(7.5).gray(0.4);
        let baseline = HEIGHT - MARGIN + 6.0;
        let left = format!(
            "{} · {} {}",
            invoice.seller.name.trim(),
            words.number,
            invoice.number
        );
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, mut canvas)| {
                canvas.line(
                    (MARGIN, baseline - 11.0),
                    (WIDTH - MARGIN, baseline - 11.0),
                    0.4,
                    0.6,
                );
                canvas.text(MARGIN, baseline, footer, Align::Left, &left);
                canvas.text(
                    WIDTH - MARGIN,
                    baseline,
                    footer,
                    Align::Right,
                    &words.page(i + 1, count),
                );
                canvas.finish()
            })
            .collect()
    }
}

/// Seller on the left; title, number, date and order on the right.
fn heading(canvas: &mut Canvas<'_, '_>, invoice: &Invoice, words: &InvoiceWords) -> f32 {
    let mut left = MARGIN + 16.0;
    let seller = invoice.seller.lines();
    let mut lines = seller.iter();
    if let Some(name) = lines.next() {
        left = canvas.paragraph(MARGIN, left, INNER * 0.5, Font::bold(15.0), name) + 2.0;
    }
    for line in lines {
        left = canvas.paragraph(MARGIN, left, INNER * 0.5, BODY.gray(0.25), line);
    }

    let right = WIDTH - MARGIN;
    canvas.text(
        right,
        MARGIN + 18.0,
        Font::bold(22.0),
        Align::Right,
        words.title,
    );
    let label_x = right - mm(62.0);
    let mut y = MARGIN + 42.0;
    for (caption, value) in [
        (words.number, &invoice.number),
        (words.date, &invoice.issued_at),
        (words.order, &invoice.order_number),
    ] {
        canvas.text(label_x, y, BODY.gray(0.4), Align::Left, caption);
        canvas.text(right, y, Font::bold(9.5), Align::Right, value);
        y += BODY.leading() + 2.0;
    }
    left.max(y) + 20.0
}

/// Bill-to and ship-to side by side.
fn addresses(canvas: &mut Canvas<'_, '_>, y: f32, invoice: &Invoice, words: &InvoiceWords) -> f32 {
    let column = (INNER - 24.0) / 2.0;
    let blocks = [
        (MARGIN, words.bill_to, &invoice.bill_to),
        (MARGIN + column + 24.0, words.ship_to, &invoice.ship_to),
    ];
    let mut bottom = y;
    for (x, caption, address) in blocks {
        bottom = bottom.max(address_block(canvas, x, y, column, caption, address));
    }
    bottom + 14.0
}

fn address_block(
    canvas: &mut Canvas<'_, '_>,
    x: f32,
    y: f32,
    width: f32,
    caption: &str,
    address: &PostalAddress,
) -> f32 {
    canvas.line((x, y - 10.0), (x + width, y - 10.0), 0.6, 0.0);
    canvas.text(x, y, CAPTION, Align::Left, caption);
    let mut baseline = y + BODY.leading() + 2.0;
    for (i, line) in address.lines().iter().enumerate() {
        let font = if i == 0 { Font::bold(9.5) } else { BODY };
        baseline = canvas.paragraph(x, baseline, width, font, line);
    }
    baseline
}

/// Left edge and width of each column.
fn columns() -> [(f32, f32, Align); 7] {
    let fixed: f32 = COLUMNS.iter().map(|(width, _)| width).sum();
    let mut x = MARGIN;
    COLUMNS.map(|(width, align)| {
        let width = if width == 0.0 { INNER - fixed } else { width };
        let column = (x, width, align);
        x += width;
        column
    })
}

/// The lines, page after page, each page's part under its own header.
fn table(pages: &mut Pages<'_, '_>, rows: &[Row], words: &InvoiceWords) {
    table_header(pages, words);
    for row in rows {
        let cells = wrap_row(pages.current(), row);
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * CELL.leading() + 2.0 * CELL_PAD;
        if pages.make_room(height) {
            table_header(pages, words);
        }
        let y = pages.y;
        draw_row(pages.current(), y, &cells);
        pages.y += height;
        let y = pages.y;
        pages
            .current()
            .line((MARGIN, y), (WIDTH - MARGIN, y), 0.4, 0.75);
    }
}

fn table_header(pages: &mut Pages<'_, '_>, words: &InvoiceWords) {
    let height = CELL_HEAD.leading() + 2.0 * CELL_PAD + 2.0;
    let y = pages.y;
    let canvas = pages.current();
    canvas.fill(MARGIN, y, INNER, height, 0.9);
    let captions = [
        words.sku,
        words.item,
        words.variant,
        words.quantity,
        words.unit_price,
        words.discount,
        words.line_total,
    ];
    let baseline = y + CELL_PAD + CELL_HEAD.size + 1.0;
    for ((x, width, align), caption) in columns().into_iter().zip(captions) {
        let anchor = anchor(x, width, align);
        canvas.text(anchor, baseline, CELL_HEAD, align, caption);
    }
    pages.y += height;
}

/// Each cell's lines: text columns wrap, number columns stay on one line.
fn wrap_row(canvas: &Canvas<'_, '_>, row: &Row) -> Vec<Vec<String>> {
    columns()
        .iter()
        .zip(&row.cells)
        .map(|(&(_, width, align), text)| match align {
            Align::Left => canvas.wrap_max(CELL, text, width - 2.0 * CELL_PAD, CELL_LINES),
            Align::Center | Align::Right => vec![text.clone()],
        })
        .collect()
}

fn draw_row(canvas: &mut Canvas<'_, '_>, y: f32, cells: &[Vec<String>]) {
    for (&(x, width, align), lines) in columns().iter().zip(cells) {
        let anchor = anchor(x, width, align);
        let mut baseline = y + CELL_PAD + CELL.size;
        for line in lines {
            canvas.text(anchor, baseline, CELL, align, line);
            baseline += CELL.leading();
        }
    }
}

fn anchor(x: f32, width: f32, align: Align) -> f32 {
    match align {
        Align::Left => x + CELL_PAD,
        Align::Center => x + width / 2.0,
        Align::Right => x + width - CELL_PAD,
    }
}

/// Subtotal to total on the right; payment method and currency on the left.
fn totals(
    pages: &mut Pages<'_, '_>,
    invoice: &Invoice,
    currency: Currency,
    subtotal: i64,
    words: &InvoiceWords,
) {
    let money = |minor: i64| Money::new(minor, currency).decimal();
    let mut rows = vec![(words.subtotal, money(subtotal))];
    if invoice.order_discount_minor != 0 {
        rows.push((words.order_discount, money(-invoice.order_discount_minor)));
    }
    rows.push((words.shipping, money(invoice.shipping_minor)));
    rows.push((words.tax, money(invoice.tax_minor)));
    let step = BODY.leading() + 3.0;
    let height = (rows.len() as f32 + 2.0) * step + 16.0;
    pages.make_room(height);
    let right = WIDTH - MARGIN;
    let label_x = right - mm(75.0);
    let mut y = pages.y + 18.0;
    let top = y;
    let canvas = pages.current();
    for (caption, value) in rows {
        canvas.text(label_x, y, BODY, Align::Left, caption);
        canvas.text(right - CELL_PAD, y, BODY, Align::Right, &value);
        y += step;
    }
    canvas.fill(label_x, y - BODY.size - 2.0, right - label_x, 1.2, 0.0);
    y += 6.0;
    let total = format!("{} {}", currency.code(), money(invoice.total_minor));
    canvas.text(label_x, y, Font::bold(11.5), Align::Left, words.total);
    canvas.text(right - CELL_PAD, y, Font::bold(11.5), Align::Right, &total);

    let info_width = label_x - MARGIN - 24.0;
    let mut info = top;
    for (caption, value) in [
        (words.payment_method, invoice.payment_method.as_str()),
        (words.currency, currency.code()),
    ] {
        canvas.text(MARGIN, info, CAPTION, Align::Left, caption);
        info = canvas.paragraph(MARGIN, info + BODY.leading(), info_width, BODY, value) + 4.0;
    }
    pages.y = y.max(info);
}
