//! The words printed on documents, in each language marketdesk speaks.
//!
//! Kept in one table per language so a translator sees every string of a
//! document together; the layout code never holds a literal word.

use marketdesk_domain::i18n::Lang;

pub(crate) struct LabelWords {
    pub(crate) title: &'static str,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
    pub(crate) order: &'static str,
    pub(crate) carrier: &'static str,
    pub(crate) use_before: &'static str,
    pub(crate) items: &'static str,
    /// "and {n} more items"
    pub(crate) more: fn(usize) -> String,
    /// The instruction, given the carrier and the expiry date.
    pub(crate) instruction: fn(&str, &str) -> String,
}

pub(crate) struct InvoiceWords {
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
    /// "Page {n} of {count}"
    pub(crate) page: fn(usize, usize) -> String,
}

pub(crate) fn label(lang: Lang) -> &'static LabelWords {
    match lang {
        Lang::En => &LABEL_EN,
        Lang::Zh => &LABEL_ZH,
        Lang::Es => &LABEL_ES,
    }
}

pub(crate) fn invoice(lang: Lang) -> &'static InvoiceWords {
    match lang {
        Lang::En => &INVOICE_EN,
        Lang::Zh => &INVOICE_ZH,
        Lang::Es => &INVOICE_ES,
    }
}

static LABEL_EN: LabelWords = LabelWords {
    title: "RETURN",
    from: "FROM",
    to: "TO",
    order: "Order",
    carrier: "Carrier",
    use_before: "Use before",
    items: "Items returned",
    more: |n| format!("and {n} more"),
    instruction: |carrier, date| {
        format!("Stick this label on the parcel and hand it to {carrier} before {date}.")
    },
};

static LABEL_ZH: LabelWords = LabelWords {
    title: "退货",
    from: "寄件人",
    to: "收件人",
    order: "订单号",
    carrier: "承运商",
    use_before: "有效期至",
    items: "退货商品",
    more: |n| format!("另有 {n} 件"),
    instruction: |carrier, date| format!("请将此标签贴在包裹上，并于 {date} 前交给 {carrier}。"),
};

static LABEL_ES: LabelWords = LabelWords {
    title: "DEVOLUCIÓN",
    from: "REMITENTE",
    to: "DESTINATARIO",
    order: "Pedido",
    carrier: "Transportista",
    use_before: "Usar antes del",
    items: "Artículos devueltos",
    more: |n| format!("y {n} más"),
    instruction: |carrier, date| {
        format!("Pegue esta etiqueta en el paquete y entréguelo a {carrier} antes del {date}.")
    },
};

static INVOICE_EN: InvoiceWords = InvoiceWords {
    title: "INVOICE",
    number: "Invoice no.",
    date: "Date",
    order: "Order",
    bill_to: "Bill to",
    ship_to: "Ship to",
    sku: "SKU",
    item: "Item",
    variant: "Variant",
    quantity: "Qty",
    unit_price: "Unit price",
    discount: "Discount",
    line_total: "Amount",
    subtotal: "Subtotal",
    order_discount: "Order discount",
    shipping: "Shipping",
    tax: "Tax",
    total: "Total",
    currency: "Currency",
    payment_method: "Payment method",
    page: |n, count| format!("Page {n} of {count}"),
};

static INVOICE_ZH: InvoiceWords = InvoiceWords {
    title: "发票",
    number: "发票号码",
    date: "开票日期",
    order: "订单号",
    bill_to: "账单地址",
    ship_to: "收货地址",
    sku: "SKU",
    item: "商品",
    variant: "规格",
    quantity: "数量",
    unit_price: "单价",
    discount: "折扣",
    line_total: "金额",
    subtotal: "小计",
    order_discount: "订单折扣",
    shipping: "运费",
    tax: "税费",
    total: "合计",
    currency: "币种",
    payment_method: "支付方式",
    page: |n, count| format!("第 {n} 页，共 {count} 页"),
};

static INVOICE_ES: InvoiceWords = InvoiceWords {
    title: "FACTURA",
    number: "N.º de factura",
    date: "Fecha",
    order: "Pedido",
    bill_to: "Facturar a",
    ship_to: "Enviar a",
    sku: "SKU",
    item: "Artículo",
    variant: "Variante",
    quantity: "Cant.",
    unit_price: "Precio unit.",
    discount: "Descuento",
    line_total: "Importe",
    subtotal: "Subtotal",
    order_discount: "Descuento del pedido",
    shipping: "Envío",
    tax: "Impuestos",
    total: "Total",
    currency: "Moneda",
    payment_method: "Forma de pago",
    page: |n, count| format!("Página {n} de {count}"),
};
