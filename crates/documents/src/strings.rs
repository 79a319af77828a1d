//! The words printed on documents, from the message catalogue
//! (`locales/*/documents.ftl`); the layout code never holds a literal word.

use marketdesk_domain::i18n::Lang;
use marketdesk_messages::tr;

pub(crate) struct LabelWords {
    lang: Lang,
    pub(crate) title: &'static str,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    pub(crate) order: &'static str,
    pub(crate) carrier: &'static str,
    pub(crate) use_before: &'static str,
    pub(crate) items: &'static str,
}

impl LabelWords {
    /// "and {n} more items"
    pub(crate) fn more(&self, count: usize) -> String {
        tr!(self.lang, "document-label-more", count = count)
    }

    /// The instruction, given the carrier and the expiry date.
    pub(crate) fn instruction(&self, carrier: &str, date: &str) -> String {
        tr!(
            self.lang,
            "document-label-instruction",
            carrier = carrier,
            date = date
        )
    }
}

pub(crate) struct InvoiceWords {
    lang: Lang,
    pub(crate) title: &'static str,
    pub(crate) number: &'static str,
    pub(crate) date: &'static str,
    pub(crate) order: &'static str,
    pub(crate) bill_to: &'static str,
    pub(crate) ship_to: &'static str,
    pub(crate) sku: &'static str,
    pub(crate) item: &'static str,
    pub(crate) variant: &'static str,
    pub(crate) quantity: &'static str,
    pub(crate) unit_price: &'static str,
    pub(crate) discount: &'static str,
    pub(crate) line_total: &'static str,
    pub(crate) subtotal: &'static str,
    pub(crate) order_discount: &'static str,
    pub(crate) shipping: &'static str,
    pub(crate) tax: &'static str,
    pub(crate) total: &'static str,
    pub(crate) currency: &'static str,
    pub(crate) payment_method: &'static str,
}

impl InvoiceWords {
    /// "Page {n} of {count}"
    pub(crate) fn page(&self, page: usize, pages: usize) -> String {
        tr!(
            self.lang,
            "document-invoice-page",
            page = page,
            pages = pages
        )
    }
}

pub(crate) fn label(lang: Lang) -> LabelWords {
    LabelWords {
        lang,
        title: tr!(lang, "document-label-title"),
        from: tr!(lang, "document-label-from"),
        to: tr!(lang, "document-label-to"),
        order: tr!(lang, "document-label-order"),
        carrier: tr!(lang, "document-label-carrier"),
        use_before: tr!(lang, "document-label-use-before"),
        items: tr!(lang, "document-label-items"),
    }
}

pub(crate) fn invoice(lang: Lang) -> InvoiceWords {
    InvoiceWords {
        lang,
        title: tr!(lang, "document-invoice-title"),
        number: tr!(lang, "document-invoice-number"),
        date: tr!(lang, "document-invoice-date"),
        order: tr!(lang, "document-invoice-order"),
        bill_to: tr!(lang, "document-invoice-bill-to"),
        ship_to: tr!(lang, "document-invoice-ship-to"),
        sku: tr!(lang, "document-invoice-sku"),
        item: tr!(lang, "document-invoice-item"),
        variant: tr!(lang, "document-invoice-variant"),
        quantity: tr!(lang, "document-invoice-quantity"),
        unit_price: tr!(lang, "document-invoice-unit-price"),
        discount: tr!(lang, "document-invoice-discount"),
        line_total: tr!(lang, "document-invoice-line-total"),
        subtotal: tr!(lang, "document-invoice-subtotal"),
        order_discount: tr!(lang, "document-invoice-order-discount"),
        shipping: tr!(lang, "document-invoice-shipping"),
        tax: tr!(lang, "document-invoice-tax"),
        total: tr!(lang, "document-invoice-total"),
        currency: tr!(lang, "document-invoice-currency"),
        payment_method: tr!(lang, "document-invoice-payment-method"),
    }
}
