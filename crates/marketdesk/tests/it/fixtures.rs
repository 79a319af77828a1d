//! The one place tests make their data: orders, shipments and people.
//!
//! Orders and shipments go straight into the store (the shop would send them
//! by webhook); people are made through the API, as an administrator would.
//! Every builder starts from plain defaults and says only what differs:
//!
//! ```ignore
//! let order_id = fixtures::order("SO-1", customer)
//!     .status(OrderStatus::Delivered)
//!     .line(4000, 2)
//!     .captured()
//!     .insert(app)
//!     .await;
//! fixtures::shipment(order_id).delivered_days_ago(5).insert(app).await;
//! ```

use marketdesk_domain::DAY_MS;
use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::commerce::{OrderStatus, PaymentKind, PaymentMethod, ShipmentStatus};
use marketdesk_store::commerce::{
    self, OrderLineRow, OrderRow, PaymentRow, ShipmentRow, TrackingEventRow,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{ADMIN_TOKEN, TestApp};

// ---- Orders ----

/// What the payment provider has recorded for an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paid {
    /// No payment rows at all.
    Nothing,
    /// An authorization only: the money is held, not taken.
    Authorized,
    /// Authorized and captured: the money is taken.
    Captured,
}

struct Line {
    sku: Option<String>,
    title: Option<String>,
    variant: Value,
    price: i64,
    quantity: i64,
}

/// An order being built; [`order`] starts one.
pub struct OrderBuilder {
    number: String,
    customer_id: i64,
    status: OrderStatus,
    currency: String,
    lines: Vec<Line>,
    seller_id: Option<i64>,
    discount: i64,
    tax: i64,
    paid: Paid,
    address: Value,
    phone: Option<String>,
}

/// An order numbered `number` for `customer_id`: paid, in euros, without
/// payment records, shipping to Shanghai. Add at least one line.
pub fn order(number: &str, customer_id: i64) -> OrderBuilder {
    OrderBuilder {
        number: number.into(),
        customer_id,
        status: OrderStatus::Paid,
        currency: "EUR".into(),
        lines: Vec::new(),
        seller_id: None,
        discount: 0,
        tax: 0,
        paid: Paid::Nothing,
        address: json!({"name": "Li Wei", "line1": "Old Street 1", "city": "Shanghai", "postal_code": "200000", "country": "CN"}),
        phone: Some("+86 138 0000 0000".into()),
    }
}

/// A one-line order — an organic cotton tee at 49.90 — shipping to Madrid,
/// with no phone number and no payment records.
pub fn tee_order(number: &str, customer_id: i64) -> OrderBuilder {
    let mut order = order(number, customer_id);
    order.lines.push(Line {
        sku: Some("TEE-NAVY-M".into()),
        title: Some("Organic cotton tee".into()),
        variant: json!({"size": "M", "colour": "navy"}),
        price: 4990,
        quantity: 1,
    });
    order.address = json!({"name": "T", "line1": "Calle Mayor 1", "city": "Madrid", "postal_code": "28013", "country": "ES"});
    order.phone = None;
    order
}

impl OrderBuilder {
    pub fn status(mut self, status: OrderStatus) -> Self {
        self.status = status;
        self
    }

    #[allow(dead_code, reason = "every order in today's tests is in euros")]
    pub fn currency(mut self, currency: &str) -> Self {
        self.currency = currency.into();
        self
    }

    /// Adds a line `SKU-{i}` / `Item {i}` (counting from 0) without a variant.
    pub fn line(mut self, unit_price_minor: i64, quantity: i64) -> Self {
        self.lines.push(Line {
            sku: None,
            title: None,
            variant: json!({}),
            price: unit_price_minor,
            quantity,
        });
        self
    }

    /// Every line is sold by this seller (by default the shop sells them).
    pub fn sold_by(mut self, seller_id: i64) -> Self {
        self.seller_id = Some(seller_id);
        self
    }

    /// An order-level discount, taken off the subtotal.
    pub fn discount(mut self, discount_minor: i64) -> Self {
        self.discount = discount_minor;
        self
    }

    /// Tax on the order, added to the total.
    pub fn tax(mut self, tax_minor: i64) -> Self {
        self.tax = tax_minor;
        self
    }

    /// The total was authorized by Alipay but not captured.
    pub fn authorized(mut self) -> Self {
        self.paid = Paid::Authorized;
        self
    }

    /// The total was authorized and captured by Alipay.
    pub fn captured(mut self) -> Self {
        self.paid = Paid::Captured;
        self
    }

    /// Stores the order, its lines and payments; returns the order id.
    pub async fn insert(self, app: &TestApp) -> i64 {
        assert!(!self.lines.is_empty(), "order {} has no lines", self.number);
        let now = marketdesk_service::now_ms();
        let subtotal: i64 = self.lines.iter().map(|l| l.price * l.quantity).sum();
        let total = subtotal - self.discount + self.tax;
        let mut tx = app.services().raw_store().begin().await.expect("tx");
        let order_id = commerce::insert_order(
            &mut tx,
            &OrderRow {
                id: 0,
                number: self.number.clone(),
                external_id: None,
                customer_id: self.customer_id,
                status: self.status,
                currency: self.currency.clone(),
                subtotal_minor: subtotal,
                discount_minor: self.discount,
                shipping_minor: 0,
                tax_minor: self.tax,
                total_minor: total,
                shipping_address: self.address,
                phone: self.phone,
                placed_at: now,
                updated_at: now,
            },
        )
        .await
        .expect("order");
        for (i, line) in self.lines.into_iter().enumerate() {
            commerce::insert_line(
                &mut tx,
                &OrderLineRow {
                    id: 0,
                    order_id,
                    line_no: i as i64 + 1,
                    sku: line.sku.unwrap_or_else(|| format!("SKU-{i}")),
                    title: line.title.unwrap_or_else(|| format!("Item {i}")),
                    variant: line.variant,
                    category: "apparel".into(),
                    quantity: line.quantity,
                    unit_price_minor: line.price,
                    discount_minor: 0,
                    seller_id: self.seller_id,
                    final_sale: false,
                    cancelled_quantity: 0,
                },
            )
            .await
            .expect("line");
        }
        let kinds: &[PaymentKind] = match self.paid {
            Paid::Nothing => &[],
            Paid::Authorized => &[PaymentKind::Authorization],
            Paid::Captured => &[PaymentKind::Authorization, PaymentKind::Capture],
        };
        for kind in kinds {
            commerce::insert_payment(
                &mut tx,
                &PaymentRow {
                    id: 0,
                    order_id,
                    kind: *kind,
                    method: PaymentMethod::Alipay,
                    status: PaymentStatus::Succeeded,
                    amount_minor: total,
                    currency: self.currency.clone(),
                    decline_code: None,
                    provider_reference: format!("pi_{}_{kind}", self.number),
                    created_at: now,
                },
            )
            .await
            .expect("payment");
        }
        tx.commit().await.expect("commit");
        order_id
    }
}

// ---- Shipments ----

/// A shipment being built; [`shipment`] starts one.
pub struct ShipmentBuilder {
    order_id: i64,
    moves_order_to: Option<OrderStatus>,
    row: ShipmentRow,
    events: Vec<TrackingEventRow>,
}

/// A UPS parcel for `order_id`, labelled two days ago, in transit and
/// expected now, with no tracking events.
pub fn shipment(order_id: i64) -> ShipmentBuilder {
    let now = marketdesk_service::now_ms();
    ShipmentBuilder {
        order_id,
        moves_order_to: None,
        row: ShipmentRow {
            id: 0,
            order_id,
            carrier: "UPS".into(),
            tracking_number: format!("1Z{order_id:016}"),
            status: ShipmentStatus::InTransit,
            exception_reason: None,
            cross_border: false,
            estimated_delivery_at: Some(now),
            label_created_at: now - 2 * DAY_MS,
            delivered_at: None,
            created_at: now,
            updated_at: now,
            flagged_trouble: None,
        },
        events: Vec::new(),
    }
}

impl ShipmentBuilder {
    pub fn carrier(mut self, carrier: &str, tracking_number: &str) -> Self {
        self.row.carrier = carrier.into();
        self.row.tracking_number = tracking_number.into();
        self
    }

    pub fn status(mut self, status: ShipmentStatus) -> Self {
        self.row.status = status;
        self
    }

    pub fn expected_at(mut self, at: i64) -> Self {
        self.row.estimated_delivery_at = Some(at);
        self
    }

    /// A carrier exception with its normalized reason (`damaged`, …).
    pub fn exception(mut self, reason: &str) -> Self {
        self.row.status = ShipmentStatus::Exception;
        self.row.exception_reason = Some(reason.into());
        self
    }

    pub fn label_created_at(mut self, at: i64) -> Self {
        self.row.label_created_at = at;
        self
    }

    /// When the shipment was first and last heard of.
    pub fn recorded(mut self, created_at: i64, updated_at: i64) -> Self {
        self.row.created_at = created_at;
        self.row.updated_at = updated_at;
        self
    }

    /// A Correos parcel delivered `days_ago`, and its order marked delivered.
    pub fn delivered_days_ago(mut self, days_ago: i64) -> Self {
        let at = marketdesk_service::now_ms() - days_ago * DAY_MS;
        self.row.carrier = "Correos".into();
        self.row.tracking_number = format!("PQ{}ES", self.order_id);
        self.row.status = ShipmentStatus::Delivered;
        self.row.estimated_delivery_at = Some(at);
        self.row.label_created_at = at - 3 * DAY_MS;
        self.row.delivered_at = Some(at);
        self.row.created_at = at;
        self.row.updated_at = at;
        self.moves_order_to = Some(OrderStatus::Delivered);
        self
    }

    /// Sets the order's status too, as the shop would when it ships.
    pub fn order_status(mut self, status: OrderStatus) -> Self {
        self.moves_order_to = Some(status);
        self
    }

    /// A tracking event the carrier reported.
    pub fn event(
        mut self,
        occurred_at: i64,
        status: ShipmentStatus,
        location: &str,
        description: &str,
    ) -> Self {
        self.events.push(TrackingEventRow {
            id: 0,
            shipment_id: 0,
            occurred_at,
            status,
            location: location.into(),
            description: description.into(),
        });
        self
    }

    /// Stores the shipment and its events; returns the shipment id.
    pub async fn insert(self, app: &TestApp) -> i64 {
        let mut tx = app.services().raw_store().begin().await.expect("tx");
        if let Some(status) = self.moves_order_to {
            let mut order = commerce::get_order(&mut tx, self.order_id)
                .await
                .expect("read order")
                .expect("the order exists");
            order.status = status;
            commerce::update_order(&mut tx, &order)
                .await
                .expect("update order");
        }
        let shipment_id = commerce::insert_shipment(&mut tx, &self.row, &[])
            .await
            .expect("shipment");
        for event in self.events {
            let event = TrackingEventRow {
                shipment_id,
                ..event
            };
            commerce::insert_tracking_event(&mut tx, &event)
                .await
                .expect("tracking event");
        }
        tx.commit().await.expect("commit");
        shipment_id
    }
}

// ---- People ----

/// A person being made; [`customer`], [`seller`] and [`staff`] start one.
pub struct PersonBuilder {
    role: String,
    email: String,
    name: Option<String>,
    language: Option<String>,
}

/// A customer with this email, named after it (`ada` for `ada@…`).
pub fn customer(email: &str) -> PersonBuilder {
    person("customer", email)
}

/// A marketplace seller with this email.
pub fn seller(email: &str) -> PersonBuilder {
    person("seller", email)
}

/// A staff member (`agent`, `supervisor` or `admin`) with a password.
pub fn staff(role: &str, email: &str) -> PersonBuilder {
    person(role, email)
}

fn person(role: &str, email: &str) -> PersonBuilder {
    PersonBuilder {
        role: role.into(),
        email: email.into(),
        name: None,
        language: None,
    }
}

impl PersonBuilder {
    pub fn named(mut self, name: &str) -> Self {
        self.name = Some(name.into());
        self
    }

    pub fn language(mut self, language: &str) -> Self {
        self.language = Some(language.into());
        self
    }

    fn is_staff(&self) -> bool {
        !matches!(self.role.as_str(), "customer" | "seller")
    }

    /// Creates the person through the API; returns their id.
    pub async fn create(self, app: &TestApp) -> i64 {
        let path = if self.is_staff() {
            "/api/v1/agents"
        } else {
            "/api/v1/customers"
        };
        let default_name = self.email.split('@').next().unwrap_or("x").to_string();
        let mut body = json!({
            "email": self.email,
            "name": self.name.clone().unwrap_or(default_name),
            "role": self.role,
        });
        if let Some(language) = &self.language {
            body["language"] = json!(language);
        }
        if self.is_staff() {
            body["password"] = json!("a-long-enough-password");
        }
        let (status, person) = app.post(path, ADMIN_TOKEN, body).await;
        assert_eq!(status, StatusCode::CREATED, "{person}");
        person["id"].as_i64().expect("id")
    }

    /// Creates the person and an API token for them.
    pub async fn with_token(self, app: &TestApp) -> (i64, String) {
        let id = self.create(app).await;
        (id, token_for(app, id).await)
    }
}

/// A new API token for an existing person.
pub async fn token_for(app: &TestApp, person_id: i64) -> String {
    let (status, token) = app
        .post(
            "/api/v1/tokens",
            ADMIN_TOKEN,
            json!({"person_id": person_id, "name": "test"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{token}");
    token["secret"].as_str().expect("secret").to_string()
}

/// The session a guest gets by proving an order number and its email.
pub async fn order_session(app: &TestApp, number: &str, email: &str) -> String {
    let (status, grant) = app
        .post_public(
            "/api/v1/auth/order-access",
            json!({"order_number": number, "email": email}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{grant}");
    grant["token"].as_str().expect("token").to_string()
}

/// The id of the person (customer or seller) with `email`, as the API
/// lists them.
pub async fn person_id(app: &TestApp, email: &str) -> i64 {
    let (_, people) = app.get("/api/v1/customers?limit=100", ADMIN_TOKEN).await;
    people["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .unwrap_or_else(|| panic!("{email} in {people}"))["id"]
        .as_i64()
        .unwrap()
}
