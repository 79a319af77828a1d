//! Whole-document tests: layout (read back as text) and PDF output.

use std::path::Path;

use marketdesk_domain::money::MoneyError;

use crate::layout::{Document, Op};
use crate::model::{Invoice, InvoiceLine, LabelItem, PostalAddress, ReturnLabel};
use crate::{DocumentError, Fonts, invoice, label, return_label};

fn address(name: &str, city: &str) -> PostalAddress {
    PostalAddress {
        name: name.into(),
        line1: "Hauptstraße 5".into(),
        line2: Some("2. OG".into()),
        city: city.into(),
        region: None,
        postal_code: "10115".into(),
        country: "DE".into(),
    }
}

fn sample_label(language: &str) -> ReturnLabel {
    ReturnLabel {
        rma: "RMA-20001".into(),
        order_number: "ORD-1042".into(),
        carrier: "DHL".into(),
        language: language.into(),
        expires_at: "2026-05-31".into(),
        from: PostalAddress {
            name: "王小明".into(),
            region: Some("Berlin".into()),
            ..address("Jane Customer", "Berlin")
        },
        to: address("Returns Warehouse", "Hamburg"),
        items: vec![
            LabelItem {
                sku: "TSHIRT-M-BLU".into(),
                title: "Organic cotton T-shirt".into(),
                quantity: 2,
            },
            LabelItem {
                sku: "MUG-01".into(),
                title: "蓝色陶瓷马克杯".into(),
                quantity: 1,
            },
        ],
    }
}

fn line(sku: &str, quantity: i64, unit: i64, discount: i64) -> InvoiceLine {
    InvoiceLine {
        sku: sku.into(),
        title: "Organic cotton T-shirt with a rather long product title".into(),
        variant: Some("Blue / M".into()),
        quantity,
        unit_price_minor: unit,
        discount_minor: discount,
    }
}

fn sample_invoice(language: &str, currency: &str) -> Invoice {
    Invoice {
        number: "INV-2026-0007".into(),
        issued_at: "2026-04-30".into(),
        language: language.into(),
        currency: currency.into(),
        order_number: "ORD-1042".into(),
        seller: address("Example Shop GmbH", "Berlin"),
        bill_to: address("Jane Customer", "Munich"),
        ship_to: address("Jane Customer", "Munich"),
        lines: vec![
            line("TSHIRT-M-BLU", 2, 2500, 0),
            line("MUG-01", 3, 1250, 500),
        ],
        order_discount_minor: 1000,
        shipping_minor: 495,
        tax_minor: 1234,
        total_minor: 10479,
        payment_method: "Visa •••• 4242".into(),
    }
}

/// Fonts with Chinese glyphs, or `None` (skipping the test) when this
/// machine has none; under CI a missing font is a failure.
fn cjk_fonts() -> Option<Fonts> {
    let fonts = Fonts::load();
    if fonts.supports("退货发票") {
        return Some(fonts);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "no CJK font found under CI: install fonts-noto-cjk or set MARKETDESK_FONT"
    );
    eprintln!("skipped: no CJK font (apt-get install fonts-noto-cjk, or set MARKETDESK_FONT)");
    None
}

fn label_document(label: &ReturnLabel, fonts: &Fonts) -> Document {
    label::layout(label, &fonts.faces().expect("faces")).expect("label lays out")
}

fn invoice_document(invoice: &Invoice, fonts: &Fonts) -> Document {
    invoice::layout(invoice, &fonts.faces().expect("faces")).expect("invoice lays out")
}

fn assert_pdf(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-"), "no PDF header");
    let end = bytes.trim_ascii_end();
    assert!(end.ends_with(b"%%EOF"), "no %%EOF at the end");
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn label_is_a_pdf_naming_the_rma() {
    let bytes = return_label(&sample_label("en"), &Fonts::builtin()).expect("renders");
    assert_pdf(&bytes);
    assert!(contains(&bytes, "RMA-20001"));
    assert!(contains(&bytes, "/Helvetica-Bold"));
}

#[test]
fn label_shows_every_field() {
    let document = label_document(&sample_label("en"), &Fonts::builtin());
    let text = document.text();
    for expected in [
        "RETURN",
        "DHL",
        "ORD-1042",
        "2026-05-31",
        "Returns Warehouse",
        "Hauptstraße 5",
        "10115 Hamburg",
        "RMA-20001",
        "TSHIRT-M-BLU  Organic cotton T-shirt",
        "2 ×",
        "hand it to DHL before 2026-05-31.",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert_eq!(document.pages.len(), 1);
    assert_eq!(document.language, "en");
}

#[test]
fn label_draws_one_rectangle_per_barcode_bar() {
    let document = label_document(&sample_label("en"), &Fonts::builtin());
    let bars = crate::code128::bars(&crate::code128::modules("RMA-20001").expect("encodes"));
    let drawn: Vec<_> = document.pages[0]
        .ops
        .iter()
        .filter_map(|op| match op {
            Op::Fill { x, w, h, .. } if (*h - 62.0).abs() < 1e-3 => Some((*x, *w)),
            _ => None,
        })
        .collect();
    assert_eq!(drawn.len(), bars.len());
    // Widths keep the 1:2:3:4 module ratios.
    let module = drawn[0].1 / bars[0].1 as f32;
    for ((_, width), (_, modules)) in drawn.iter().zip(&bars) {
        assert!((width - module * *modules as f32).abs() < 1e-3);
    }
    // Quiet zones of at least ten modules fit on the page.
    assert!(drawn[0].0 >= 14.0 + 10.0 * module - 1e-3);
}

#[test]
fn labels_speak_the_customers_language() {
    let fonts = Fonts::builtin();
    let spanish = label_document(&sample_label("es-MX"), &fonts)
        .text()
        .replace('\n', " ");
    assert!(spanish.contains("DEVOLUCIÓN"), "{spanish}");
    assert!(
        spanish.contains("entréguelo a DHL antes del 2026-05-31."),
        "{spanish}"
    );
    let fallback = label_document(&sample_label("fr"), &fonts).text();
    assert!(fallback.contains("RETURN"));
}

#[test]
fn chinese_without_a_cjk_font_prints_question_marks() {
    let label = sample_label("zh-CN");
    let fonts = Fonts::builtin();
    let bytes = return_label(&label, &fonts).expect("renders");
    assert_pdf(&bytes);
    let text = label_document(&label, &fonts).text();
    assert!(text.contains("??"), "{text}");
    assert!(text.contains("RMA-20001"));
}

#[test]
fn chinese_label_and_invoice_render_with_a_cjk_font() {
    let Some(fonts) = cjk_fonts() else { return };
    let label = sample_label("zh");
    let bytes = return_label(&label, &fonts).expect("renders");
    assert_pdf(&bytes);
    assert!(contains(&bytes, "/Identity-H"));
    assert!(contains(&bytes, "/ToUnicode"));
    let text = label_document(&label, &fonts).text();
    assert!(text.contains("退货"), "{text}");
    assert!(text.contains("王小明"), "{text}");
    assert!(text.contains("请将此标签贴在包裹上"), "{text}");
    assert!(!text.contains('?'), "{text}");

    let invoice = sample_invoice("zh-CN", "CNY");
    assert_pdf(&crate::invoice(&invoice, &fonts).expect("renders"));
    let text = invoice_document(&invoice, &fonts).text();
    for expected in ["发票", "合计", "CNY 104.79", "第 1 页，共 1 页"] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[test]
fn invoice_in_euros_has_two_decimals() {
    let invoice = sample_invoice("en", "EUR");
    let bytes = crate::invoice(&invoice, &Fonts::builtin()).expect("renders");
    assert_pdf(&bytes);
    assert!(contains(&bytes, "INV-2026-0007"));
    let text = invoice_document(&invoice, &Fonts::builtin()).text();
    for expected in [
        "INVOICE",
        "INV-2026-0007",
        "2026-04-30",
        "Example Shop GmbH",
        "Blue / M",
        "25.00", // unit price
        "50.00", // 2 × 25.00
        "-5.00", // line discount
        "32.50", // 3 × 12.50 − 5.00
        "82.50", // subtotal
        "-10.00",
        "4.95",
        "12.34",
        "EUR 104.79",
        "Visa •••• 4242",
        "Page 1 of 1",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[test]
fn invoice_in_yen_has_no_decimals() {
    let mut invoice = sample_invoice("es", "JPY");
    invoice.lines = vec![line("MUG-01", 2, 1980, 0)];
    invoice.order_discount_minor = 0;
    invoice.shipping_minor = 500;
    invoice.tax_minor = 0;
    invoice.total_minor = 4460;
    let text = invoice_document(&invoice, &Fonts::builtin()).text();
    for expected in [
        "FACTURA",
        "Envío",
        "1980\n",
        "3960\n",
        "JPY 4460",
        "Página 1 de 1",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(
        !text.contains("Descuento del pedido"),
        "zero order discount is left out"
    );
    assert!(!text.contains("1980.00"));
}

#[test]
fn long_invoices_continue_on_further_pages() {
    let mut invoice = sample_invoice("en", "EUR");
    invoice.lines = (0..60)
        .map(|i| line(&format!("SKU-{i:03}"), 1, 100, 0))
        .collect();
    invoice.lines[30].title = "A runaway title ".repeat(300);
    let document = invoice_document(&invoice, &Fonts::builtin());
    let pages = document.pages.len();
    assert!(pages >= 3, "{pages} pages");
    let text = document.text();
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    assert!(text.contains("SKU-000") && text.contains("SKU-059"));
    assert!(
        text.contains("runaway") && text.contains('…'),
        "long cells are cut"
    );
    for page in &document.pages {
        let texts: Vec<(f32, &str)> = page
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { y, text, .. } => Some((*y, text.as_str())),
                _ => None,
            })
            .collect();
        // Every page with lines repeats the table header.
        if texts.iter().any(|(_, text)| text.starts_with("SKU-")) {
            assert!(texts.iter().any(|(_, text)| *text == "Unit price"));
        }
        // Nothing runs into the footer (baseline at height − 36).
        for (y, text) in &texts {
            let footer = text.starts_with("Page ") || text.starts_with("Example Shop GmbH");
            assert!(footer || *y < page.height - 56.0, "{text:?} at {y}");
        }
    }
    assert_pdf(&crate::invoice(&invoice, &Fonts::builtin()).expect("renders"));
}

#[test]
fn invoices_refuse_bad_money() {
    let fonts = Fonts::builtin();
    let mut invoice = sample_invoice("en", "euro");
    assert!(matches!(
        crate::invoice(&invoice, &fonts),
        Err(DocumentError::Money(MoneyError::BadCurrency(_)))
    ));
    invoice.currency = "EUR".into();
    invoice.lines = vec![line("X", i64::MAX, 2, 0)];
    assert!(matches!(
        crate::invoice(&invoice, &fonts),
        Err(DocumentError::Money(MoneyError::Overflow))
    ));
}

#[test]
fn labels_refuse_rma_numbers_a_barcode_cannot_carry() {
    let fonts = Fonts::builtin();
    let mut label = sample_label("en");
    label.rma = "RMA-退货".into();
    assert!(matches!(
        return_label(&label, &fonts),
        Err(DocumentError::Barcode(_))
    ));
    label.rma = "R".repeat(60);
    assert!(matches!(
        return_label(&label, &fonts),
        Err(DocumentError::Barcode(_))
    ));
}

#[test]
fn many_items_end_with_a_count_of_the_rest() {
    let mut label = sample_label("en");
    label.items = (0..40)
        .map(|i| LabelItem {
            sku: format!("SKU-{i}"),
            title: "Thing".into(),
            quantity: 1,
        })
        .collect();
    let text = label_document(&label, &Fonts::builtin()).text();
    assert!(text.contains("SKU-0  Thing"));
    assert!(!text.contains("SKU-39  Thing"));
    assert!(text.contains(" more"), "{text}");
}

#[test]
fn output_is_deterministic() {
    let fonts = Fonts::load();
    let label = sample_label("zh");
    let first = return_label(&label, &fonts).expect("renders");
    assert_eq!(first, return_label(&label, &fonts).expect("renders"));
}

#[test]
fn truetype_fonts_embed_as_cid_font_type_2() {
    let path = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !path.is_file() {
        eprintln!("skipped: no DejaVu Sans at {}", path.display());
        return;
    }
    let fonts = Fonts::from_file(path).expect("DejaVu loads");
    let bytes = crate::invoice(&sample_invoice("es", "EUR"), &fonts).expect("renders");
    assert_pdf(&bytes);
    assert!(contains(&bytes, "/CIDFontType2"));
    assert!(contains(&bytes, "/FontFile2"));
}

/// With poppler's `pdftotext` installed, the text must come back out of the
/// PDF, which checks the embedded fonts' `ToUnicode` maps end to end.
#[test]
fn text_can_be_extracted_again() {
    let Ok(output) = std::process::Command::new("pdftotext").arg("-v").output() else {
        eprintln!("skipped: pdftotext not installed (poppler-utils)");
        return;
    };
    drop(output);
    let fonts = cjk_fonts().unwrap_or_else(Fonts::builtin);
    let zh = fonts.supports("退货");
    let dir = std::env::temp_dir().join(format!("marketdesk-documents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let pdf = dir.join("label.pdf");
    let label = sample_label(if zh { "zh" } else { "es" });
    std::fs::write(&pdf, return_label(&label, &fonts).expect("renders")).expect("write");
    let output = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("RMA-20001"), "{text}");
    assert!(text.contains("Returns Warehouse"), "{text}");
    if zh {
        assert!(text.contains("退货"), "{text}");
    }
}
