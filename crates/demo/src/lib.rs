//! The demo shop that `marketdesk serve --demo` starts with: customers writing
//! in English, Chinese and Spanish, sellers, staff and teams, two months of
//! orders with payments, shipments and returns, and the tickets about them.
//!
//! One seeded PRNG drives everything, so every run builds the same shop
//! relative to `now`; it is written in one transaction, so all or nothing.

mod cases;
mod community;
mod history;
mod ledgers;
mod trust;

use marketdesk_domain::commerce::PaymentStatus;
use marketdesk_domain::commerce::{
    OrderStatus, PaymentKind, PaymentMethod, ReturnReason, ReturnStatus, ShipmentStatus,
};
use marketdesk_domain::i18n::Lang;
use marketdesk_domain::money::Currency;
use marketdesk_domain::promotions::{
    Cart, CartLine, Coupon, CouponKind, CustomerFacts, LadderStep, Scope as PromotionScope,
    ThresholdOffer, ThresholdRule, explain,
};
use marketdesk_domain::{
    Channel, DAY_MS, HOUR_MS, MINUTE_MS, MessageKind, Millis, Priority, Role, TicketStatus,
};
use marketdesk_store::Conn;
use marketdesk_store::audit::{self, AuditEntry};
use marketdesk_store::commerce::{
    self, OrderLineRow, OrderRow, PaymentRow, ReturnRow, ShipmentRow, TrackingEventRow,
};
use marketdesk_store::people::{self, NewPerson};
use marketdesk_store::tickets::{self, MessageRow, TicketRow};
use serde_json::{Value, json};

use marketdesk_service::kernel::auth::hash_password;
use marketdesk_service::kernel::html;
use marketdesk_service::{Result, Services, Viewer};

/// Logins printed by `serve --demo`.
pub struct DemoLogin {
    pub role: &'static str,
    pub email: String,
    pub password: &'static str,
}

pub struct DemoSummary {
    pub customers: usize,
    pub sellers: usize,
    pub orders: usize,
    pub tickets: usize,
    pub logins: Vec<DemoLogin>,
}

const STAFF_PASSWORD: &str = "marketdesk-demo";
const STAFF_DOMAIN: &str = "demo.marketdesk.dev";
const SEED: u64 = 0x6d61_726b_6574_6465;
const TICKETS: usize = 60;
const RETURNS: usize = 9;

/// Fills an empty database with the demo shop. Does nothing (returns Ok(None)) when any person already exists.
pub async fn seed(services: &Services, now: Millis) -> Result<Option<DemoSummary>> {
    let mut tx = services.raw_store().begin().await?;
    // Checked inside the write transaction, so two starts cannot both seed.
    if !people::list(&mut tx, Role::ALL, None, 1).await?.is_empty() {
        tx.rollback().await?;
        return Ok(None);
    }
    // Argon2 is slow on purpose: hash once, share it among the staff.
    let hash = hash_password(STAFF_PASSWORD)?;
    let auto_close = services.settings.auto_close.after;
    let rng = Rng(SEED);
    let mut shop = Seeder {
        rng,
        now,
        auto_close,
        ..Seeder::default()
    };
    let logins = shop.staff(&mut tx, &hash).await?;
    shop.people(&mut tx).await?;
    shop.orders(&mut tx).await?;
    let tickets = shop.tickets(&mut tx).await? + shop.history(&mut tx).await?;
    shop.more_returns(&mut tx).await?;
    shop.ledgers(&mut tx).await?;
    for (name, language, body) in MACROS {
        people::insert_macro(&mut tx, name, body, language, now).await?;
    }
    // One macro in three languages that also sets fields.
    let refund =
        people::insert_macro(&mut tx, "Refund issued", REFUND_MACRO[0].1, "en", now).await?;
    people::set_macro_extras(
        &mut tx,
        refund,
        r#"{"actions": [{"action": "set_status", "value": "pending"}, {"action": "add_tags", "tags": ["refund_issued"]}], "assign_to_me": true}"#,
        &REFUND_MACRO[1..]
            .iter()
            .map(|(tag, body)| (tag.to_string(), body.to_string()))
            .collect::<Vec<_>>(),
    )
    .await?;
    for (slug, category, texts) in ARTICLES {
        let id = marketdesk_store::articles::insert(
            &mut tx,
            slug,
            category,
            marketdesk_domain::help::ArticleStatus::Published,
            now,
        )
        .await?;
        for (language, title, body) in *texts {
            marketdesk_store::articles::put_translation(&mut tx, id, language, title, body).await?;
        }
    }
    tx.commit().await?;
    shop.approvals_waiting(services).await?;
    let story_orders = shop.dress_story(services).await?;
    // The newest order of a Spanish-speaking customer, for the email
    // ticket with a person in copy.
    let spanish_order = shop
        .orders
        .iter()
        .rev()
        .find(|o| shop.customers[o.customer].land.language == "es")
        .map(|o| (shop.customers[o.customer].id, o.number.clone()));
    held_mail(services, now, spanish_order).await?;
    shop.routing(services).await?;
    demo_rules(services).await?;
    demo_schedule(services, shop.teams[language_team("zh")]).await?;
    shop.calls(services).await?;
    demo_ratings(services, now).await?;
    shop.quality_reviews(services).await?;
    cases::demo_cases(services, now).await?;
    let supervisor = {
        let mut conn = services.raw_store().reader().await?;
        people::find_by_email(&mut conn, &format!("priya.shah@{STAFF_DOMAIN}"))
            .await?
            .map(|p| p.id)
    };
    if let Some(supervisor) = supervisor {
        cases::demo_standards(services, now, supervisor).await?;
    }
    trust::demo_reports(services).await?;
    let agent = {
        let mut conn = services.raw_store().reader().await?;
        people::find_by_email(&mut conn, &format!("ana.lopez@{STAFF_DOMAIN}"))
            .await?
            .map(|p| p.id)
    };
    if let (Some(agent), Some(supervisor)) = (agent, supervisor) {
        let members: Vec<(i64, String)> = shop
            .customers
            .iter()
            .map(|c| (c.id, c.land.language.to_owned()))
            .collect();
        community::demo_forum(services, &members, agent, supervisor).await?;
        trust::demo_account_help(services, &members, agent).await?;
    }
    Ok(Some(DemoSummary {
        customers: shop.customers.len(),
        sellers: shop.sellers.len(),
        orders: shop.orders.len() + story_orders,
        tickets,
        logins,
    }))
}

impl Seeder {
    /// Three calls to the support number through the real call steps: a
    /// Spanish voicemail with its transcription, a Chinese caller who hung
    /// up waiting (a callback task), an English caller a person took.
    /// While the line is closed the menus are skipped, as for a real
    /// caller: the voicemail is taken and an empty one is a callback task.
    async fn calls(&self, services: &Services) -> Result<()> {
        use marketdesk_domain::i18n::Lang;
        use marketdesk_service::phone::{CallParams, CallStep, PhoneReply, Verb};
        let customer_of = |language: &str| {
            self.orders
                .iter()
                .rev()
                .find(|o| self.customers[o.customer].land.language == language)
                .map(|o| (&self.customers[o.customer], o.number.clone()))
        };
        let asks =
            |reply: &PhoneReply| reply.verbs.iter().any(|v| matches!(v, Verb::Gather { .. }));
        let scripts: [(&str, &str, Lang, &[CallStep]); 3] = [
            (
                "es",
                "CAdemo0000000000000000000000000es",
                Lang::Es,
                &[
                    CallStep::Topic { attempt: 1, digits: "9".into() },
                    CallStep::Recorded {
                        url: Some("https://api.twilio.com/2010-04-01/Accounts/ACdemo/Recordings/REdemo0001".into()),
                        seconds: 38,
                    },
                    CallStep::Transcribed {
                        text: "Hola, llamo por mi pedido. Las zapatillas me quedan pequeñas y quiero devolverlas, ¿me podéis enviar la etiqueta?".into(),
                        completed: true,
                    },
                ],
            ),
            (
                "zh",
                "CAdemo0000000000000000000000000zh",
                Lang::Zh,
                &[
                    CallStep::Topic { attempt: 1, digits: "1".into() },
                    CallStep::Order { digits: String::new() },
                    CallStep::Wait { position: 3, queue_seconds: 40 },
                    CallStep::Queued { result: "hangup".into(), queue_seconds: 142 },
                ],
            ),
            (
                "en",
                "CAdemo0000000000000000000000000en",
                Lang::En,
                &[
                    CallStep::Topic { attempt: 1, digits: "2".into() },
                    CallStep::Order { digits: String::new() },
                    CallStep::Queued { result: "bridged".into(), queue_seconds: 47 },
                ],
            ),
        ];
        for (language, sid, lang, steps) in scripts {
            let Some((customer, number)) = customer_of(language) else {
                continue;
            };
            let params = CallParams {
                call_sid: sid.into(),
                from: customer.phone.clone(),
                to: services.policy().contact.phone.clone(),
            };
            let first = services
                .phone_call(
                    params.clone(),
                    CallStep::Start {
                        lang: Some(lang),
                        team: None,
                    },
                    None,
                )
                .await?;
            if !asks(&first) {
                // Closed: straight to the voicemail.
                let closed: Vec<CallStep> = match language {
                    "es" => steps[1..].to_vec(),
                    _ => vec![CallStep::Recorded {
                        url: None,
                        seconds: 0,
                    }],
                };
                for step in closed {
                    services.phone_call(params.clone(), step, None).await?;
                }
                continue;
            }
            for step in steps {
                let step = match step {
                    CallStep::Order { .. } => CallStep::Order {
                        digits: format!(
                            "{}#",
                            number
                                .chars()
                                .filter(char::is_ascii_digit)
                                .collect::<String>()
                        ),
                    },
                    other => other.clone(),
                };
                services.phone_call(params.clone(), step, None).await?;
            }
        }
        Ok(())
    }
}

/// Customers' ratings of a dozen solved conversations, as the surveys
/// sent when they were solved would have brought them back.
async fn demo_ratings(services: &Services, now: Millis) -> Result<()> {
    const RATINGS: [(i64, &str); 12] = [
        (5, "Fast and friendly, thank you!"),
        (4, ""),
        (5, "非常感谢，问题很快就解决了。"),
        (5, ""),
        (3, "Took a few days, but it was solved."),
        (4, "Muy amables."),
        (2, "I had to write three times."),
        (5, ""),
        (4, ""),
        (1, "Nadie respondió a mi pregunta sobre el reembolso."),
        (5, "Perfect."),
        (4, ""),
    ];
    let system = marketdesk_service::kernel::auth::system_viewer();
    let query = marketdesk_service::tickets::TicketQuery {
        status: Some("solved,closed".into()),
        limit: Some(RATINGS.len() as u32),
        ..Default::default()
    };
    let tickets = services.list_tickets(&system, &query).await?.items;
    let mut tx = services.raw_store().begin().await?;
    for (n, (ticket, (rating, comment))) in tickets.iter().zip(RATINGS).enumerate() {
        let asked = now - (n as i64 + 2) * 86_400_000;
        let secret = format!("demo-survey-{}-{n}", ticket.id);
        let Some(id) = marketdesk_store::surveys::insert_unless_asked(
            &mut tx,
            ticket.id,
            &marketdesk_service::kernel::auth::hash_secret(&secret),
            ticket.channel.as_str(),
            &ticket.language,
            asked,
            asked + 14 * 86_400_000,
        )
        .await?
        else {
            continue;
        };
        let comment = (!comment.is_empty()).then_some(comment);
        marketdesk_store::surveys::answer(&mut tx, id, rating, comment, asked + 3_600_000).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The Chinese team works Shanghai hours and China's holidays; every other
/// team the shop's default (Madrid) hours.
async fn demo_schedule(services: &Services, chinese_team: i64) -> Result<()> {
    let mut hours = marketdesk_domain::business_hours::BusinessHours::always_open("Asia/Shanghai");
    for day in 1..=7u8 {
        *hours.day_mut(day) = match day {
            1..=5 => vec!["09:00-21:00".into()],
            6 => vec!["10:00-18:00".into()],
            _ => Vec::new(),
        };
    }
    hours.holidays = CHINESE_HOLIDAYS
        .iter()
        .map(|(date, name)| marketdesk_domain::business_hours::Holiday {
            date: (*date).into(),
            name: (*name).into(),
        })
        .collect();
    let input = marketdesk_service::operations::ScheduleInput {
        name: "中文客服 · Chinese support".into(),
        hours: hours.into(),
        teams: vec![chinese_team],
    };
    let system = marketdesk_service::kernel::auth::system_viewer();
    services.create_schedule(&system, input).await?;
    // Chinese conversations no one took yet wait in the Chinese team.
    let rule = serde_json::json!({
        "name": "Chinese tickets to the Chinese team", "kind": "trigger", "position": 2,
        "events": ["created"],
        "conditions": {"all": [{"field": "language", "op": "is", "value": "zh"},
                               {"field": "team_id", "op": "is", "value": "none"}]},
        "actions": [{"action": "set_team", "value": chinese_team}]
    });
    let rule = serde_json::from_value(rule)
        .map_err(|e| marketdesk_service::ServiceError::Unexpected(e.into()))?;
    services.create_rule(&system, rule).await?;
    Ok(())
}

/// The fixed-date public holidays of mainland China in 2026 and 2027, and
/// the first days of the Spring Festival.
const CHINESE_HOLIDAYS: [(&str, &str); 10] = [
    ("2026-01-01", "元旦"),
    ("2026-02-17", "春节"),
    ("2026-05-01", "劳动节"),
    ("2026-10-01", "国庆节"),
    ("2026-10-02", "国庆节"),
    ("2026-10-03", "国庆节"),
    ("2027-01-01", "元旦"),
    ("2027-02-06", "春节"),
    ("2027-05-01", "劳动节"),
    ("2027-10-01", "国庆节"),
];

/// A trigger and the two automations of docs/AUTOMATIONS.md, saved through
/// the same checks as the admin console's.
async fn demo_rules(services: &Services) -> Result<()> {
    let system = marketdesk_service::kernel::auth::system_viewer();
    for definition in DEMO_RULES {
        let rule: marketdesk_domain::rules::Rule = serde_json::from_str(definition)
            .map_err(|e| marketdesk_service::ServiceError::Unexpected(e.into()))?;
        services.create_rule(&system, rule).await?;
    }
    Ok(())
}

const DEMO_RULES: &[&str] = &[
    r#"{"name": "Chargebacks and disputes are urgent", "kind": "trigger", "position": 1,
        "events": ["created", "customer_replied"],
        "conditions": {
          "all": [{"field": "priority", "op": "is_not", "value": "urgent"}],
          "any": [{"field": "subject_or_body", "op": "contains", "value": "chargeback"},
                  {"field": "subject_or_body", "op": "contains", "value": "contracargo"},
                  {"field": "subject_or_body", "op": "contains", "value": "拒付"}]},
        "actions": [{"action": "set_priority", "value": "urgent"},
                    {"action": "add_tags", "tags": ["chargeback"]},
                    {"action": "notify", "to": "team_lead", "text": "{{ticket.reference}} mentions a chargeback: {{ticket.subject}}"}]}"#,
    r#"{"name": "Remind after 3 days pending", "kind": "automation", "position": 1,
        "conditions": {"all": [{"field": "status", "op": "is", "value": "pending"},
                               {"field": "hours_in_status", "op": "at_least", "value": 72},
                               {"field": "tags", "op": "not_contains", "value": "reminded"}]},
        "actions": [{"action": "send_email", "subject": "Re: {{ticket.subject}} ({{ticket.reference}})",
                     "body": "Hi {{customer.name}},\n\nWe are still here for {{ticket.reference}}. If you need anything else, just reply to this email; otherwise we will close it in a few days.\n\n{{shop.name}}"},
                    {"action": "add_tags", "tags": ["reminded"]}]}"#,
    r#"{"name": "Solve after 7 days pending", "kind": "automation", "position": 2,
        "conditions": {"all": [{"field": "status", "op": "is", "value": "pending"},
                               {"field": "hours_in_status", "op": "at_least", "value": 168}]},
        "actions": [{"action": "set_status", "value": "solved"}]}"#,
];

/// splitmix64: a few lines, no dependency, the same sequence everywhere.
#[derive(Default)]
struct Rng(u64);

const DIGITS: &[u8] = b"0123456789";
const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.saturating_sub(lo).max(0) as u64 + 1;
        lo + (self.next() % span) as i64
    }

    fn minutes(&mut self, lo: i64, hi: i64) -> Millis {
        self.range(lo, hi) * MINUTE_MS
    }

    fn hours(&mut self, lo: i64, hi: i64) -> Millis {
        self.range(lo, hi) * HOUR_MS
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One of `items`; only ever given the non-empty constant tables below.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        let mut pick = || char::from(alphabet[self.below(alphabet.len())]);
        (0..n).map(|_| pick()).collect()
    }
}

struct Country {
    code: &'static str,
    language: &'static str,
    currency: &'static str,
    email_domain: &'static str,
    time_zone: &'static str,
    /// `#` is a random digit; US numbers stay in 555-01xx, kept for fiction.
    phone: &'static str,
    /// City, postal code, street line with `{n}` for the house number.
    places: &'static [(&'static str, &'static str, &'static str)],
    /// Local minor units per 1000 US cents: the catalogue is priced in US cents.
    rate: i64,
    shipping: i64,
    /// Only US sales tax comes on top; VAT elsewhere is in the price.
    tax_percent: i64,
    methods: &'static [PaymentMethod],
}

type Land = &'static Country;

#[rustfmt::skip]
const US: Country = Country {
    code: "US", language: "en", currency: "USD", email_domain: "example.com",
    time_zone: "America/New_York", phone: "+1 212 555 01##",
    places: &[("New York", "10001", "{n} W 34th St"), ("Austin", "78701", "{n} Congress Ave"),
              ("Seattle", "98101", "{n} Pine St"), ("Chicago", "60611", "{n} N Michigan Ave")],
    rate: 1000, shipping: 599, tax_percent: 8,
    methods: &[PaymentMethod::Card, PaymentMethod::Card, PaymentMethod::Paypal],
};

#[rustfmt::skip]
const CN: Country = Country {
    code: "CN", language: "zh", currency: "CNY", email_domain: "example.cn",
    time_zone: "Asia/Shanghai", phone: "+86 138 #### ####",
    places: &[("上海", "200040", "静安区南京西路{n}号"), ("北京", "100020", "朝阳区建国路{n}号"),
              ("深圳", "518057", "南山区科苑路{n}号"), ("杭州", "310012", "西湖区文三路{n}号")],
    rate: 7200, shipping: 0, tax_percent: 0,
    methods: &[PaymentMethod::Alipay, PaymentMethod::WechatPay, PaymentMethod::Card],
};

#[rustfmt::skip]
const ES: Country = Country {
    code: "ES", language: "es", currency: "EUR", email_domain: "example.es",
    time_zone: "Europe/Madrid", phone: "+34 6## ### ###",
    places: &[("Madrid", "28013", "Calle Gran Vía, {n}"), ("Barcelona", "08010", "Passeig de Gràcia, {n}"),
              ("Valencia", "46004", "Carrer de Colón, {n}"), ("Sevilla", "41004", "Avenida de la Constitución, {n}")],
    rate: 920, shipping: 495, tax_percent: 0,
    methods: &[PaymentMethod::Card, PaymentMethod::Bizum, PaymentMethod::Paypal],
};

#[rustfmt::skip]
const MX: Country = Country {
    code: "MX", language: "es", currency: "MXN", email_domain: "example.mx",
    time_zone: "America/Mexico_City", phone: "+52 55 #### ####",
    places: &[("Ciudad de México", "06700", "Av. Álvaro Obregón {n}"), ("Guadalajara", "44160", "Av. Chapultepec {n}"),
              ("Monterrey", "64000", "Av. Constitución {n}")],
    rate: 17_000, shipping: 9900, tax_percent: 0,
    methods: &[PaymentMethod::Card, PaymentMethod::Paypal],
};

impl Country {
    /// Rounded the way shops price: x.99, or whole yuan ending in 9.
    fn price(&self, usd_cents: i64) -> i64 {
        let whole = (usd_cents * self.rate / 1000 + 50) / 100 * 100;
        if self.currency == "CNY" {
            whole - 100
        } else {
            whole - 1
        }
    }

    fn phone_number(&self, rng: &mut Rng) -> String {
        let digit = |rng: &mut Rng| char::from(b'0' + rng.below(10) as u8);
        self.phone
            .chars()
            .map(|c| if c == '#' { digit(rng) } else { c })
            .collect()
    }
}

fn money(minor: i64, currency: &str) -> String {
    let amount = format!("{}.{:02}", minor / 100, minor % 100);
    match currency {
        "EUR" => format!("{} €", amount.replace('.', ",")),
        "CNY" => format!("¥{amount}"),
        "MXN" => format!("${amount} MXN"),
        _ => format!("${amount}"),
    }
}

/// Customers by country; `name=local` where the email is not the folded name.
#[rustfmt::skip]
const CUSTOMERS: &[(Land, &str)] = &[
    (&US, "Emily Johnson, Michael Smith, Sarah Williams, David Brown, Jessica Miller, James Wilson"),
    (&US, "Ashley Moore, Chris Taylor, Olivia Anderson, Daniel Thomas, Megan Jackson, Ryan White"),
    (&US, "Hannah Harris, Kevin Martin, Lauren Thompson, Brandon Lee, Rachel Clark, Tyler Lewis"),
    (&US, "Grace Walker, Nathan Hall"),
    (&CN, "Li Wei, 王芳=wang.fang, 张伟=zhang.wei, 刘洋=liu.yang, Chen Chen, 杨雪=yang.xue, 赵磊=zhao.lei"),
    (&CN, "黄丽=huang.li, 周杰=zhou.jie, 吴敏=wu.min, 徐静=xu.jing, Sun Hao, 马琳=ma.lin, 朱峰=zhu.feng"),
    (&CN, "胡婷=hu.ting"),
    (&ES, "María García, José Martínez, Carmen Rodríguez, Javier López, Laura Gómez, Pablo Díaz"),
    (&ES, "Marta Ruiz, Álvaro Moreno, Elena Navarro"),
    (&MX, "Sofía Hernández, Diego Ramírez, Valeria Torres, Alejandro Flores, Camila Vargas"),
    (&MX, "Andrés Castillo"),
];

/// `María García` → `maria.garcia`.
fn email_local(name: &str) -> String {
    let fold = |c| match c {
        'á' | 'à' => 'a',
        'é' => 'e',
        'í' => 'i',
        'ó' => 'o',
        'ú' | 'ü' => 'u',
        'ñ' => 'n',
        ' ' => '.',
        c => c,
    };
    name.to_lowercase().chars().map(fold).collect()
}

/// Shop name, email local part, country, the city it ships from.
#[rustfmt::skip]
const SELLERS: &[(&str, &str, Land, &str)] = &[
    ("Vintage Threads",            "vintage.threads", &US, "Portland"),
    ("东方茶舍 Eastern Tea House", "eastern.tea",     &CN, "杭州"),
    ("Zapatería Luna",             "zapateria.luna",  &ES, "Elche"),
    ("Northwind Electronics",      "northwind",       &US, "San Jose"),
    ("Casa Olivo",                 "casa.olivo",      &ES, "Sevilla"),
    ("极客湾数码 Geekbay",         "geekbay",         &CN, "深圳"),
    ("Urban Sole",                 "urban.sole",      &US, "Brooklyn"),
    ("Hilo y Aguja",               "hilo.aguja",      &MX, "Oaxaca"),
    ("Maple & Linen",              "maple.linen",     &US, "Asheville"),
    ("锦绣丝绸 Silk Road Studio",  "silk.road",       &CN, "苏州"),
];

/// Seller (index into SELLERS), SKU, title, category, price in US cents.
type Product = (usize, &'static str, &'static str, &'static str, i64);

#[rustfmt::skip]
const PRODUCTS: &[Product] = &[
    (0, "VT-JEAN-501", "Vintage Levi's 501 Jeans", "apparel", 6800),
    (0, "VT-CARD-70S", "1970s Wool Cardigan", "apparel", 5400),
    (0, "VT-JKT-DNM", "Denim Trucker Jacket", "apparel", 7900),
    (1, "ET-LJ-100", "西湖龙井 Dragon Well Green Tea", "tea", 3200),
    (1, "ET-PE-357", "云南普洱熟茶 Yunnan Pu-erh", "tea", 4500),
    (1, "ET-TGY-250", "安溪铁观音 Tieguanyin Oolong", "tea", 2800),
    (2, "ZL-BOT-CH", "Botín Chelsea de piel", "shoes", 8900),
    (2, "ZL-ALP-YT", "Alpargatas de yute", "shoes", 3500),
    (2, "ZL-OXF-NG", "Zapato Oxford negro", "shoes", 9500),
    (3, "NW-EB-PRO", "Wireless Earbuds Pro", "electronics", 12900),
    (3, "NW-CHG-65", "65W USB-C GaN Charger", "electronics", 3900),
    (3, "NW-SW-S2", "Smart Watch S2", "electronics", 19900),
    (4, "CO-JAR-TLV", "Jarrón de cerámica de Talavera", "home", 4900),
    (4, "CO-MAN-LIN", "Mantel de lino lavado", "home", 5900),
    (4, "CO-TAZ-SET", "Juego de 4 tazas de gres", "home", 3900),
    (5, "GB-PB-20K", "20000mAh 充电宝 Power Bank", "electronics", 2900),
    (5, "GB-SPK-BT", "蓝牙音箱 Bluetooth Speaker", "electronics", 4900),
    (5, "GB-KB-MECH", "机械键盘 Mechanical Keyboard", "electronics", 7900),
    (6, "US-SNK-CVS", "Canvas Low-Top Sneakers", "shoes", 5900),
    (6, "US-RUN-TRL", "Trail Running Shoes", "shoes", 11900),
    (6, "US-LOF-LTH", "Leather Penny Loafers", "shoes", 9900),
    (7, "HA-BLU-OAX", "Blusa bordada oaxaqueña", "apparel", 4200),
    (7, "HA-HUI-ALG", "Huipil de algodón", "apparel", 6500),
    (7, "HA-REB-SED", "Rebozo de seda", "apparel", 8500),
    (8, "ML-DUV-QN", "Linen Duvet Cover", "home", 14900),
    (8, "ML-CND-SOY", "Scented Soy Candle", "home", 2400),
    (8, "ML-POUR-SET", "Ceramic Pour-Over Set", "home", 4600),
    (9, "SR-SCF-SLK", "真丝围巾 Mulberry Silk Scarf", "apparel", 5800),
    (9, "SR-PJ-SLK", "真丝睡衣 Silk Pyjama Set", "apparel", 12800),
    (9, "SR-QP-EMB", "刺绣旗袍 Embroidered Qipao", "apparel", 16800),
];

fn variant(rng: &mut Rng, category: &str) -> Value {
    match category {
        "apparel" => json!({
            "size": rng.pick(&["XS", "S", "M", "L", "XL"]),
            "colour": rng.pick(&["navy", "black", "cream", "red", "olive"]),
        }),
        "shoes" => json!({
            "size": rng.range(36, 45).to_string(),
            "colour": rng.pick(&["black", "tan", "white"]),
        }),
        "tea" => json!({ "weight": rng.pick(&["50g", "100g", "250g"]) }),
        "electronics" => json!({ "colour": rng.pick(&["black", "white", "silver"]) }),
        _ => json!({ "colour": rng.pick(&["natural", "sage", "terracotta"]) }),
    }
}

const TEAMS: &[(&str, &str)] = &[
    (
        "Tier 1 — English",
        "First line for English-speaking buyers and sellers",
    ),
    ("一线支持 — 中文", "中文客户的一线支持：订单、物流、账户"),
    ("Soporte — Español", "Atención de primer nivel en español"),
    (
        "Logistics",
        "Carrier follow-ups, exceptions, reships and claims",
    ),
    (
        "Payments & Disputes",
        "Refunds, failed payments, double charges and disputes",
    ),
    // Complaints and suggestions go to the team of their department
    // (`help::feedback`): every department has one.
    (
        "Website & App",
        "Suggestions and complaints about the website, the app and checkout",
    ),
    (
        "Product & Quality",
        "Sizing, materials and listings that do not match the item",
    ),
    (
        "Service quality",
        "Complaints about our own service: waits, answers, agents",
    ),
];
const LOGISTICS: usize = 3;
const PAYMENTS: usize = 4;

fn language_team(language: &str) -> usize {
    match language {
        "zh" => 1,
        "es" => 2,
        _ => 0,
    }
}

/// The email local part of a staff member, by name.
fn staff_local(name: &str) -> &'static str {
    STAFF
        .iter()
        .find(|(n, ..)| *n == name)
        .map_or("", |(_, local, ..)| local)
}

/// Routing skills (kind, value, level), capacity and presence of the staff
/// who take tickets: who speaks what and handles which intents.
#[rustfmt::skip]
#[allow(clippy::type_complexity)]
const ROUTING: &[(&str, &[(&str, &str, u8)], &[(&str, u32)], bool)] = &[
    ("priya.shah", &[("language", "en", 3), ("topic", "unauthorized_charge", 3), ("topic", "open_dispute", 3)], &[("chat", 2), ("email", 10)], false),
    ("zhang.lei", &[("language", "zh", 3), ("language", "en", 2), ("topic", "open_dispute", 3)], &[("chat", 2), ("email", 10)], false),
    ("ana.lopez", &[("language", "es", 3), ("language", "en", 2), ("topic", "get_refund", 2), ("topic", "return_item", 3)], &[("chat", 3), ("email", 40)], true),
    ("lucia.fernandez", &[("language", "es", 3), ("topic", "track_order", 3), ("topic", "item_not_received", 2)], &[("chat", 3), ("email", 40)], true),
    ("tom.becker", &[("language", "en", 3), ("language", "es", 1), ("topic", "get_refund", 3), ("topic", "payment_issue", 3)], &[("chat", 3), ("email", 40)], true),
    ("sam.carter", &[("language", "en", 3), ("topic", "track_order", 3), ("topic", "item_damaged", 2)], &[("chat", 3), ("email", 40)], false),
    ("chen.jing", &[("language", "zh", 3), ("language", "en", 2), ("topic", "get_refund", 3), ("topic", "track_refund", 3), ("topic", "payment_issue", 2)], &[("chat", 3), ("email", 40)], true),
    ("wang.hao", &[("language", "zh", 3), ("topic", "track_order", 3), ("topic", "item_not_received", 3)], &[("chat", 3), ("email", 40)], true),
];

/// Name, email local part, role, country, teams (indexes into TEAMS).
#[rustfmt::skip]
const STAFF: &[(&str, &str, Role, Land, &[usize])] = &[
    ("Alex Morgan",     "admin",           Role::Admin,      &US, &[]),
    ("Priya Shah",      "priya.shah",      Role::Supervisor, &US, &[0, 2, 3]),
    ("张磊",            "zhang.lei",       Role::Supervisor, &CN, &[1, 4]),
    ("Ana López",       "ana.lopez",       Role::Agent,      &ES, &[2, 4]),
    ("Lucía Fernández", "lucia.fernandez", Role::Agent,      &ES, &[2, 3]),
    ("Tom Becker",      "tom.becker",      Role::Agent,      &US, &[0, 4]),
    ("Sam Carter",      "sam.carter",      Role::Agent,      &US, &[0, 3]),
    ("陈静",            "chen.jing",       Role::Agent,      &CN, &[1, 4]),
    ("王浩",            "wang.hao",        Role::Agent,      &CN, &[1, 3]),
];

/// A carrier and the raw texts its tracking feed writes, one a line: info
/// received, picked up, at the hub, cleared customs, out for delivery, attempt
/// failed, delivered, then one per EXCEPTIONS reason.
struct Carrier {
    name: &'static str,
    prefix: &'static str,
    digits: usize,
    hub: &'static str,
    texts: &'static str,
}

const EXCEPTIONS: [&str; 4] = ["customs_hold", "lost", "damaged", "delayed"];
// Lines of `Carrier::texts`.
const INFO: usize = 0;
const PICKUP: usize = 1;
const HUB: usize = 2;
const CUSTOMS: usize = 3;
const OUT: usize = 4;
const FAILED: usize = 5;
const DELIVERED: usize = 6;
const EXCEPTION: usize = 7;

impl Carrier {
    fn text(&self, line: usize) -> &'static str {
        self.texts.lines().nth(line).unwrap_or_default()
    }
}

#[rustfmt::skip]
const DHL: Carrier = Carrier { name: "DHL", prefix: "", digits: 10, hub: "Leipzig Hub, DE", texts: "\
Shipment information received
Shipment picked up
Processed at LEIPZIG - GERMANY
Clearance processing complete
Shipment is out with courier for delivery
Delivery attempted; recipient not home. Next attempt scheduled
Delivered - Signed for by: Receiver
Clearance event - Shipment on hold, importer documentation required
Shipment not located at expected facility - trace initiated
Shipment damaged in transit - contents being assessed
Delay due to operational issue at hub" };

#[rustfmt::skip]
const UPS: Carrier = Carrier { name: "UPS", prefix: "1Z8V4A", digits: 12, hub: "Louisville Worldport, US", texts: "\
Shipper created a label, UPS has not received the package yet.
Origin Scan
Departed from Facility
Your package has cleared customs and is moving to the next facility.
Out For Delivery Today
THE RECEIVER WAS NOT AVAILABLE FOR DELIVERY. WE'LL MAKE A SECOND ATTEMPT THE NEXT BUSINESS DAY.
DELIVERED - Front Door
Your package is being held for customs clearance. A broker has been notified.
We're unable to locate the package. A trace has been requested.
The package was damaged and the contents are being evaluated.
Severe weather has caused a delay. We're adjusting plans to deliver as quickly as possible." };

#[rustfmt::skip]
const SF_EXPRESS: Carrier = Carrier { name: "SF Express", prefix: "SF", digits: 13, hub: "深圳华南转运中心, CN", texts: "\
顺丰已收到寄件信息，等待揽收
顺丰速运 已收取快件
快件在【深圳华南转运中心】完成分拣，准备发往下一站
快件已完成海关清关，准备派送
快件交给派送员，正在派送途中（联系电话：95338）
快件派送不成功（收件人不在），待再次派送
已签收，签收人：本人。感谢使用顺丰，期待再次为您服务
快件在海关查验中，需收件人提供身份证信息
快件异常，正在核实快件位置
快件外包装破损，已联系寄件方处理
受天气影响，快件派送延误" };

#[rustfmt::skip]
const CORREOS: Carrier = Carrier { name: "Correos", prefix: "PQ4F6P", digits: 16, hub: "CTA Madrid, ES", texts: "\
Pre-registrado
Admitido
En tránsito
Despachado en aduana
En proceso de entrega
Entrega no realizada - Ausente. Se deja aviso de llegada
Entregado
Retenido en aduana. Pendiente de documentación del destinatario
Envío no localizado. Se ha abierto una reclamación
Envío con daños. Se procede a su revisión
Retraso en la entrega por incidencia operativa" };

#[rustfmt::skip]
const USPS: Carrier = Carrier { name: "USPS", prefix: "9400", digits: 18, hub: "Chicago IL NDC, US", texts: "\
Shipping Label Created, USPS Awaiting Item
USPS in possession of item
Arrived at USPS Regional Facility
Processed Through Facility - ISC
Out for Delivery
Notice Left (No Authorized Recipient Available)
Delivered, In/At Mailbox
Held in Customs
Awaiting Delivery Scan - item not scanned at expected facility
Damaged item - forwarded to Mail Recovery Center
In Transit, Arriving Late" };

fn carrier_for(rng: &mut Rng, from: Land, to: Land) -> &'static Carrier {
    match (from.code, to.code) {
        ("CN", "CN") => &SF_EXPRESS,
        ("ES", "ES") => &CORREOS,
        ("US", "US") => rng.pick(&[&USPS, &UPS]),
        (_, "CN") => rng.pick(&[&SF_EXPRESS, &DHL]),
        (_, "US" | "MX") => rng.pick(&[&UPS, &DHL]),
        _ => &DHL,
    }
}

/// Status, how many, and their age in hours: status follows age, so a
/// shipped order is days old and a completed one weeks.
#[rustfmt::skip]
const ORDER_MIX: &[(OrderStatus, usize, i64, i64)] = &[
    (OrderStatus::PendingPayment, 10, 3, 30),      (OrderStatus::Paid, 15, 3, 30),
    (OrderStatus::Processing, 15, 10, 60),         (OrderStatus::Packed, 12, 24, 84),
    (OrderStatus::PartiallyShipped, 10, 72, 240),  (OrderStatus::Shipped, 30, 60, 240),
    (OrderStatus::Delivered, 40, 360, 960),        (OrderStatus::Completed, 40, 600, 1440),
    (OrderStatus::Cancelled, 20, 24, 1440),        (OrderStatus::OnHold, 8, 24, 288),
];

const DECLINES: &[&str] = &["insufficient_funds", "do_not_honor", "expired_card"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    Wismo,
    WrongSize,
    AddressChange,
    Refund,
    Damaged,
    Coupon,
    Account,
    Dispute,
}

impl Topic {
    #[rustfmt::skip]
    const ALL: [Topic; 8] = [
        Topic::Wismo, Topic::WrongSize, Topic::AddressChange, Topic::Refund,
        Topic::Damaged, Topic::Coupon, Topic::Account, Topic::Dispute,
    ];

    /// Tags, the team it goes to, and its usual priority.
    fn routing(self, language: &str) -> (&'static [&'static str], usize, Priority) {
        let team = language_team(language);
        match self {
            Topic::Wismo => (
                &["where_is_my_order", "late_delivery"],
                LOGISTICS,
                Priority::Normal,
            ),
            Topic::WrongSize => (&["return", "wrong_size"], team, Priority::Normal),
            Topic::AddressChange => (&["address_change"], team, Priority::Normal),
            Topic::Refund => (&["refund", "cancellation"], PAYMENTS, Priority::Normal),
            Topic::Damaged => (&["damaged", "replacement"], LOGISTICS, Priority::High),
            Topic::Coupon => (&["coupon", "refund"], PAYMENTS, Priority::Low),
            Topic::Account => (&["account_locked", "login"], team, Priority::High),
            Topic::Dispute => (
                &["seller_dispute", "not_as_described"],
                PAYMENTS,
                Priority::High,
            ),
        }
    }

    /// Whether a ticket in `status` could be about `o`: open tickets about
    /// orders where it is happening now, closed ones about older orders.
    fn fits(self, o: &Order, status: TicketStatus) -> bool {
        use OrderStatus as S;
        let closed = status == TicketStatus::Closed;
        match self {
            Topic::Wismo if closed => matches!(o.status, S::Delivered | S::Completed),
            Topic::Wismo => matches!(o.status, S::Shipped | S::PartiallyShipped),
            Topic::AddressChange => match status {
                TicketStatus::Closed => matches!(o.status, S::Delivered | S::Completed),
                TicketStatus::Solved => matches!(o.status, S::Processing | S::Packed),
                _ => matches!(o.status, S::Paid | S::Processing),
            },
            Topic::WrongSize if !o.sized => false,
            Topic::WrongSize | Topic::Damaged | Topic::Dispute => {
                o.status == if closed { S::Completed } else { S::Delivered }
            }
            Topic::Refund => o.refunded,
            Topic::Coupon => o.discount == 0 && o.paid_at.is_some() && o.cancelled_at.is_none(),
            Topic::Account => o.paid_at.is_some(),
        }
    }

    /// When the customer would write about `o`.
    fn moment(self, o: &Order) -> Millis {
        let after = |t: Option<Millis>, wait: Millis| t.map_or(o.placed_at, |t| t + wait);
        match self {
            Topic::Wismo => after(o.shipped_at, 2 * DAY_MS),
            Topic::WrongSize | Topic::Damaged | Topic::Dispute => after(o.delivered_at, 0),
            Topic::Refund => after(o.cancelled_at, 3 * DAY_MS),
            Topic::AddressChange | Topic::Coupon => o.placed_at,
            Topic::Account => o.placed_at + 5 * DAY_MS,
        }
    }
}

/// One conversation in one language: the subject, then one turn a line, by
/// the customer (`C|`), an agent (`A|`, signed when sent) or a note (`N|`).
#[rustfmt::skip]
const SCRIPTS: &[(Topic, &str, &str)] = &[
(Topic::Wismo, "en", "Where is my order {order}?
C|Hi, I ordered the {item} ({order}) over a week ago and the tracking hasn't moved in days. It's {carrier} {tracking}. Can you tell me where it is? I really need it before the weekend.
A|Hi {first}, thanks for reaching out and sorry for the wait. I can see the parcel with {carrier} under {tracking}; the last scan is older than it should be, so I've asked the carrier to trace it. Could you confirm the delivery address is still correct?
N|Opened a trace with {carrier} for {tracking}. On hold until they answer; reship if there is no new scan within 3 business days.
C|Yes, the address is the same. Thanks, please keep me posted.
A|Good news, {first}: {carrier} found the parcel at their hub and it's moving again. It should arrive within 2 business days. If it doesn't, reply here and we'll send a replacement at no cost."),
(Topic::Wismo, "zh", "订单 {order} 一直没有物流更新
C|你好，我的订单 {order} 已经好几天没有物流更新了，{carrier} 单号 {tracking}。请问包裹现在在哪里？什么时候能到？
A|您好！非常抱歉让您久等了。我们查到包裹在 {carrier}（单号 {tracking}），最后一次扫描比正常情况晚，已经请物流公司帮忙核查。请问收货地址和电话还是下单时填写的吗？
N|已在 {carrier} 提交查件工单（{tracking}），等待承运商回复。3 个工作日内没有新扫描就安排补发。
C|地址和电话都没有变，麻烦你们尽快帮我跟进一下，谢谢。
A|您好，{carrier} 已回复：包裹已恢复运输，预计 2 个工作日内送达。如果届时仍未收到，请直接回复，我们会免费为您补发。感谢您的耐心！"),
(Topic::Wismo, "es", "Mi pedido {order} no avanza
C|Hola, hice el pedido {order} hace más de una semana y el seguimiento de {carrier} ({tracking}) lleva días sin moverse. ¿Me pueden decir dónde está?
A|Hola, {first}: gracias por escribirnos y perdona la espera. Veo el paquete con {carrier} con el número {tracking}; el último escaneo es más antiguo de lo normal, así que hemos abierto una investigación con la transportista. ¿Nos confirmas que la dirección de entrega sigue siendo la misma?
N|Reclamación abierta con {carrier} para {tracking}. En espera de respuesta; si no hay escaneo nuevo en 3 días hábiles, reenviar.
C|Sí, la dirección es la misma. Quedo a la espera, gracias.
A|Buenas noticias, {first}: {carrier} ha localizado el paquete y ya está de nuevo en camino. Debería llegar en 2 días hábiles. Si no fuera así, respóndenos aquí y te enviamos uno nuevo sin coste."),
(Topic::WrongSize, "en", "Wrong size: can I exchange the {item}?
C|Hello, the {item} from order {order} arrived today but it's way too small, even though I ordered my usual size. Can I exchange it for a bigger one?
A|Hi {first}, sorry it doesn't fit! You're within the 30-day return window, so an exchange is no problem. Which size would you like instead? Once you tell me, I'll email you a prepaid return label.
C|One size up, please. Do I need the original packaging?
N|Asked the seller to confirm stock in one size up before sending the label. On hold until they reply.
A|No original packaging needed, any sturdy bag or box is fine. Your prepaid label is in the email we just sent; the new size ships as soon as the carrier scans your return."),
(Topic::WrongSize, "zh", "尺码不合适，想换大一号
C|你好，订单 {order} 里的 {item} 今天收到了，但是明显偏小，我平时都穿这个尺码。可以换大一号吗？
A|您好，很抱歉尺码不合适！您的订单还在 30 天退换期内，可以免费换货。请问需要换成哪个尺码？确认后我会把预付退货面单发到您的邮箱。
C|麻烦换大一号。原包装已经拆了，还能换吗？
N|已联系卖家确认大一号是否有货，等卖家回复后再发退货面单。
A|没问题，原包装拆了也可以，用结实的袋子或纸箱装好即可。退货面单已发送到您的邮箱，快递揽收后我们会马上给您发出新尺码。"),
(Topic::WrongSize, "es", "Talla equivocada en el pedido {order}
C|Hola, hoy me llegó {item} del pedido {order}, pero me queda muy pequeño aunque pedí mi talla de siempre. ¿Puedo cambiarlo por una talla más?
A|Hola, {first}: ¡qué pena que no te quede bien! Estás dentro del plazo de devolución de 30 días, así que el cambio no es problema. ¿Qué talla quieres? En cuanto me lo digas te envío una etiqueta de devolución prepagada.
C|Una talla más, por favor. ¿Necesito la caja original?
N|Pedido al vendedor que confirme stock de una talla más antes de enviar la etiqueta. En espera.
A|No hace falta la caja original; cualquier bolsa o caja resistente sirve. Te acabamos de enviar la etiqueta prepagada por correo y la nueva talla saldrá en cuanto la transportista escanee tu devolución."),
(Topic::AddressChange, "en", "Change the shipping address for {order}
C|Hi, I just placed order {order} and realised it's going to my old address. Can you change it to 1458 Maple Avenue, Apt 3, same city? It hasn't shipped yet.
A|Hi {first}, no problem: the order hasn't been packed yet, so I can still update it. Just to be sure, is the ZIP code the same as your old address?
C|Yes, same ZIP. Thank you!
N|Asked the warehouse to hold packing until the new address syncs.
A|Done! Order {order} will now ship to 1458 Maple Avenue, Apt 3. You'll get a confirmation email with the new address shortly."),
(Topic::AddressChange, "zh", "订单 {order} 修改收货地址
C|你好，我刚下的订单 {order} 收货地址填成了旧地址。能帮我改成公司地址吗？同一个城市，中山路 88 号创意园 3 号楼 502 室。应该还没发货。
A|您好！订单目前还没有打包，可以修改地址。为了确认无误，请问收件人和手机号需要一起修改吗？
C|收件人和手机号不用改，只改地址就可以，谢谢！
N|已通知仓库暂缓打包，等待新地址同步。
A|已帮您修改完成，订单 {order} 将寄往：中山路 88 号创意园 3 号楼 502 室。稍后您会收到地址变更确认邮件。"),
(Topic::AddressChange, "es", "Cambiar la dirección de envío del pedido {order}
C|Hola, acabo de hacer el pedido {order} y me he dado cuenta de que va a mi dirección antigua. ¿Pueden cambiarla a Calle Mayor 15, 3.º B, en la misma ciudad? Todavía no se ha enviado.
A|Hola, {first}: sin problema, el pedido aún no está empaquetado y puedo modificarlo. Para asegurarnos, ¿el código postal es el mismo que el de la dirección anterior?
C|Sí, el mismo código postal. ¡Muchas gracias!
N|Avisado el almacén para que no empaquete hasta que se sincronice la nueva dirección.
A|¡Listo! El pedido {order} se enviará a Calle Mayor 15, 3.º B. En unos minutos recibirás un correo de confirmación con la nueva dirección."),
(Topic::Refund, "en", "Refund for cancelled order {order} not received
C|Hi, I cancelled order {order} last week and was told I'd get a refund of {amount}, but nothing has shown up yet. When will I get my money back?
A|Hi {first}, I checked and the refund of {amount} was issued on our side the same day you cancelled. Banks usually take 5–10 business days to show it. Could you tell me the last 4 digits of the card or the account you paid with, so I can match the transaction?
N|Refund confirmed as succeeded with the payment provider. Waiting on the customer's bank.
C|It's the card ending 4417. Still nothing today.
A|Thanks, {first}. I've emailed you the refund reference: if your bank asks, it shows the money left our side. It should appear within a few days; if it's not there by next Friday, reply here and I'll escalate it to our payments team."),
(Topic::Refund, "zh", "取消订单 {order} 的退款还没到账
C|你好，我上周取消了订单 {order}，说会退款 {amount}，但是到现在还没有收到。请问什么时候能到账？
A|您好！我查了一下，{amount} 的退款在您取消当天就已经原路退回了，一般 1–7 个工作日到账，具体取决于支付渠道。方便告诉我您付款用的是支付宝、微信还是银行卡吗？
N|支付渠道确认退款已成功，等待到账。
C|用的是微信支付，今天看还是没有。
A|好的，退款流水号已经通过邮件发给您，可以在微信支付账单里用它查询。如果下周五前还没到账，请直接回复，我们会请支付团队加急处理。"),
(Topic::Refund, "es", "No he recibido el reembolso del pedido {order}
C|Hola, cancelé el pedido {order} la semana pasada y me dijeron que me devolverían {amount}, pero todavía no lo veo en mi cuenta. ¿Cuándo me llega el dinero?
A|Hola, {first}: he revisado tu pedido y el reembolso de {amount} se emitió el mismo día de la cancelación. Los bancos suelen tardar entre 5 y 10 días hábiles en reflejarlo. ¿Me indicas los últimos 4 dígitos de la tarjeta para localizar el movimiento?
N|Reembolso confirmado con la pasarela de pago. Pendiente del banco.
C|Es la tarjeta que termina en 0382. Hoy sigue sin aparecer.
A|Gracias, {first}. Te he enviado por correo la referencia del reembolso; si tu banco la pide, demuestra que el dinero ya salió de nuestra parte. Debería aparecer en unos días; si el viernes que viene no lo ves, respóndenos y lo escalamos al equipo de pagos."),
(Topic::Damaged, "en", "The {item} arrived damaged
C|My order {order} arrived this morning. The box was completely crushed and the {item} inside is damaged. I'm really disappointed, it was a gift.
A|I'm so sorry, {first}, that's not the experience we want for you. Could you reply with a couple of photos of the item and the outer box? As soon as we have them we'll send a replacement or a full refund, whichever you prefer.
C|I just emailed the photos from my phone. I'd prefer a replacement if it can arrive before the 20th.
N|Photos show clear transit damage. Carrier claim filed; waiting for the seller to confirm an express replacement.
A|Thank you for the photos, {first}. A replacement ships tomorrow by express at no cost and should arrive well before the 20th. No need to send the damaged one back."),
(Topic::Damaged, "zh", "收到的 {item} 有破损
C|你好，订单 {order} 今天到了，但是外箱被压坏了，里面的 {item} 也有损坏。本来是买来送人的，太失望了。
A|非常抱歉给您带来不好的体验！麻烦您拍几张商品和外包装的照片发给我们，收到后我们会为您补发或全额退款，您可以任选一种。
C|照片已经用手机发到你们邮箱了。希望补发，最好 20 号之前能到。
N|照片显示明显的运输破损，已向承运商提交理赔；等待卖家确认加急补发。
A|谢谢您提供的照片！新的商品明天会用加急快递免费补发，预计 20 号前送达。破损的商品不用寄回。"),
(Topic::Damaged, "es", "{item} llegó dañado
C|Hola, el pedido {order} llegó esta mañana con la caja aplastada y {item} dañado. Era un regalo. ¡Qué decepción!
A|Lo siento mucho, {first}; no es la experiencia que queremos para ti. ¿Nos puedes enviar un par de fotos del producto y de la caja? En cuanto las tengamos te mandamos un reemplazo o te hacemos el reembolso completo, lo que prefieras.
C|Les acabo de mandar las fotos por correo. Prefiero un reemplazo, si puede llegar antes del día 20.
N|Las fotos muestran daño de transporte. Reclamación abierta con la transportista; esperando que el vendedor confirme un envío urgente.
A|Gracias por las fotos, {first}. Mañana sale el reemplazo por envío urgente, sin coste, y llegará antes del día 20. No hace falta que devuelvas el dañado."),
(Topic::Coupon, "en", "Coupon WELCOME10 didn't apply to {order}
C|Hi, I used the code WELCOME10 at checkout for order {order} but I was charged the full {amount}. The code said it was valid. Can you fix this?
A|Hi {first}, sorry about that! The code was entered but dropped when the page refreshed during payment. I'll refund the 10% difference: to your original payment method, or would you prefer store credit?
N|Checkout log shows the code was removed on a page refresh. Asked Payments & Disputes to approve a 10% partial refund.
C|A refund to my card is fine, thanks.
A|Done: the 10% difference has been refunded and should show within 5–10 business days. Enjoy your order!"),
(Topic::Coupon, "zh", "优惠码 WELCOME10 没有生效
C|你好，我下单 {order} 的时候输入了优惠码 WELCOME10，显示有效，但是最后还是按原价 {amount} 扣款了。能帮我处理一下吗？
A|您好，很抱歉！我查到优惠码已经输入，但支付时页面刷新导致没有生效。我们可以把 10% 的差价原路退回，或者以店铺余额的形式补给您，您想选哪种？
N|结账日志显示页面刷新后优惠码被清除；已请支付与争议组审批 10% 部分退款。
C|原路退回就可以，谢谢。
A|已处理，10% 的差价已经原路退回，预计 1–7 个工作日到账。祝您购物愉快！"),
(Topic::Coupon, "es", "El cupón WELCOME10 no se aplicó
C|Hola, usé el código WELCOME10 al pagar el pedido {order}, pero me cobraron el importe completo de {amount}. El código decía que era válido. ¿Me lo pueden arreglar?
A|Hola, {first}: ¡perdona las molestias! El código se introdujo, pero se perdió al recargarse la página durante el pago. Te devolvemos la diferencia del 10 %: ¿a tu método de pago original o prefieres saldo en la tienda?
N|El registro del checkout muestra que el código se perdió al recargar. Pedida aprobación a Pagos y Disputas para un reembolso parcial del 10 %.
C|Prefiero el reembolso a la tarjeta, gracias.
A|Hecho: te hemos devuelto la diferencia del 10 %; la verás en 5–10 días hábiles. ¡Que disfrutes tu pedido!"),
(Topic::Account, "en", "Account locked after password reset
C|Hi, my account got locked after I tried to reset my password a few times, and now I can't log in to check my orders. The reset email never arrives either.
A|Hi {first}, sorry for the trouble. For security, accounts lock for a while after several failed attempts. To verify it's you, could you confirm the email address on the account and the number of one of your recent orders?
C|Sure, it's the email I'm writing from, and my last order was {order}.
N|Identity verified (email + order number). Unlocked the account and cleared the reset rate limit.
A|Thanks, {first}, you're verified. I've unlocked your account and sent a fresh password reset link; it's valid for 30 minutes. If it's not in your inbox, please check the spam folder."),
(Topic::Account, "zh", "账号被锁定，无法登录
C|你好，我多次尝试重置密码之后账号被锁定了，现在登录不了，也收不到重置密码的邮件，没办法查看订单。
A|您好，很抱歉给您带来不便。为了账户安全，多次尝试失败后账号会被暂时锁定。为了核实身份，请告诉我账号绑定的邮箱，以及最近一笔订单的订单号。
C|邮箱就是我现在发邮件用的这个，最近的订单是 {order}。
N|已核实身份（邮箱 + 订单号），解除锁定并清除重置频率限制。
A|谢谢，身份已核实。账号已解锁，新的重置密码链接已发送到您的邮箱，30 分钟内有效。如果没看到，请检查一下垃圾邮件箱。"),
(Topic::Account, "es", "Mi cuenta está bloqueada
C|Hola, se me bloqueó la cuenta después de intentar restablecer la contraseña varias veces y ahora no puedo entrar para ver mis pedidos. Tampoco me llega el correo de restablecimiento.
A|Hola, {first}: siento las molestias. Por seguridad, la cuenta se bloquea temporalmente tras varios intentos fallidos. Para verificar tu identidad, ¿me confirmas el correo de la cuenta y el número de alguno de tus pedidos recientes?
C|Claro, es el correo desde el que escribo y mi último pedido es el {order}.
N|Identidad verificada (correo + número de pedido). Cuenta desbloqueada y límite de restablecimientos reiniciado.
A|Gracias, {first}; todo verificado. He desbloqueado tu cuenta y te he enviado un nuevo enlace para restablecer la contraseña, válido durante 30 minutos. Si no lo ves, revisa la carpeta de spam."),
(Topic::Dispute, "en", "Seller won't respond: item not as described
C|I bought the {item} (order {order}) and it's nothing like the listing: the colour is different and it looks used. I messaged the seller three times and got no answer. I want to open a dispute.
A|Hi {first}, I'm sorry about this. I've opened a dispute with the seller, who now has 3 days to respond. Could you send us photos showing the differences from the listing? They'll be added to the case as evidence.
N|Dispute opened against the seller, 72h deadline. Second complaint about this seller this month: flagged to marketplace quality.
C|I've emailed the photos. I'd like a full refund; I don't want a replacement from this seller.
A|Thanks, {first}. The seller didn't respond within the deadline, so we've decided the case in your favour: a full refund of {amount} is on its way, and you don't need to return the item."),
(Topic::Dispute, "zh", "商品与描述不符，卖家不回复
C|我在订单 {order} 买的 {item} 和商品页描述完全不一样，颜色不对，而且看起来是用过的。给卖家发了三次消息都没有回复，我要申请平台介入。
A|您好，非常抱歉遇到这种情况。我已经为您发起了纠纷处理，卖家需要在 3 天内回应。麻烦您提供几张能看出与描述不符的照片，我们会作为证据加入案件。
N|已对卖家发起纠纷，72 小时内需回应。本月该卖家第二次被投诉，已上报平台质量团队。
C|照片已经发到邮箱了。我希望全额退款，不想再要这个卖家的换货。
A|感谢您的耐心。卖家未在期限内回应，平台已判定支持您的请求：{amount} 将全额退款，商品无需寄回。"),
(Topic::Dispute, "es", "El artículo no es como en el anuncio y el vendedor no responde
C|Compré {item} (pedido {order}) y no se parece en nada al anuncio: el color es distinto y parece usado. Le he escrito al vendedor tres veces y no contesta. Quiero abrir una disputa.
A|Hola, {first}: lamento mucho lo ocurrido. He abierto una disputa con el vendedor, que tiene 3 días para responder. ¿Nos puedes enviar fotos que muestren las diferencias con el anuncio? Las añadiremos al caso como prueba.
N|Disputa abierta contra el vendedor, plazo de 72 h. Segunda queja este mes sobre este vendedor: avisado el equipo de calidad.
C|Ya les mandé las fotos por correo. Quiero el reembolso completo; no quiero un reemplazo de este vendedor.
A|Gracias, {first}. El vendedor no respondió en el plazo, así que hemos resuelto el caso a tu favor: te reembolsamos {amount} y no tienes que devolver el artículo."),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Customer,
    Agent,
    Note,
}

fn parse_turn(turn: &str) -> (Who, &str) {
    match turn.split_once('|') {
        Some(("A", text)) => (Who::Agent, text),
        Some(("N", text)) => (Who::Note, text),
        Some((_, text)) => (Who::Customer, text),
        None => (Who::Customer, turn),
    }
}

/// How much of a script has happened by the time a ticket is in `status`.
fn visible_turns(turns: &[&str], status: TicketStatus) -> usize {
    let first = |who| turns.iter().position(|t| parse_turn(t).0 == who);
    let last_customer = turns.iter().rposition(|t| parse_turn(t).0 == Who::Customer);
    let upto = match status {
        TicketStatus::New => Some(0),
        // The customer spoke last: the agent is to answer.
        TicketStatus::Open => last_customer,
        // The agent asked something and waits for the customer.
        TicketStatus::Pending => first(Who::Agent),
        // A note says whom the ticket waits for.
        TicketStatus::OnHold => first(Who::Note).or(first(Who::Agent)),
        TicketStatus::Solved | TicketStatus::Closed => None,
    };
    upto.map_or(turns.len(), |i| i + 1).min(turns.len())
}

/// The times of a ticket's events: the first at `wanted` but not before
/// `floor`, then one per gap, all by `end`; gaps shrink when they do not fit.
fn timeline(wanted: Millis, floor: Millis, end: Millis, gaps: &[Millis]) -> Vec<Millis> {
    let floor = floor.min(end);
    let total: Millis = gaps.iter().sum();
    let start = wanted.min(end - total).max(floor);
    let room = end - start;
    let mut times = vec![start];
    for &gap in gaps {
        let gap = if total > room {
            (i128::from(gap) * i128::from(room) / i128::from(total)) as Millis
        } else {
            gap
        };
        times.push(times[times.len() - 1] + gap);
    }
    times
}

struct Staff {
    id: i64,
    name: &'static str,
    role: Role,
    land: Land,
    teams: &'static [usize],
}

#[derive(Clone)]
struct Customer {
    id: i64,
    name: &'static str,
    land: Land,
    city: &'static str,
    phone: String,
    address: Value,
}

#[derive(Clone)]
struct Order {
    id: i64,
    number: String,
    customer: usize,
    status: OrderStatus,
    currency: &'static str,
    method: PaymentMethod,
    total: i64,
    discount: i64,
    placed_at: Millis,
    paid_at: Option<Millis>,
    cancelled_at: Option<Millis>,
    shipped_at: Option<Millis>,
    delivered_at: Option<Millis>,
    /// Cancelled after the capture, so the money went back.
    refunded: bool,
    /// Line id, quantity and unit price of each line.
    lines: Vec<(i64, i64, i64)>,
    /// The item the customer writes about: clothes or shoes when there are any.
    item: &'static str,
    /// Whether it comes in sizes.
    sized: bool,
    carrier: &'static str,
    tracking: String,
    exception: Option<&'static str>,
}

/// Time, status, location and raw text of one tracking event.
type Event = (Millis, ShipmentStatus, String, &'static str);

/// A shipment worked out before it is written.
struct Parcel {
    carrier: &'static Carrier,
    tracking: String,
    cross_border: bool,
    eta: Millis,
    events: Vec<Event>,
    exception: Option<&'static str>,
}

fn person<'a>(role: Role, email: &'a str, name: &'a str, land: Land, now: Millis) -> NewPerson<'a> {
    NewPerson {
        role,
        email,
        name,
        language: land.language,
        time_zone: land.time_zone,
        phone: None,
        password_hash: None,
        external_id: None,
        now,
    }
}

fn payment(o: &Order, kind: PaymentKind, amount: i64, at: Millis, reference: String) -> PaymentRow {
    PaymentRow {
        id: 0,
        order_id: o.id,
        kind,
        method: o.method,
        status: PaymentStatus::Succeeded,
        amount_minor: amount,
        currency: o.currency.into(),
        decline_code: None,
        provider_reference: reference,
        created_at: at,
    }
}

/// A payment provider's id, in the `pi_3N…` style.
fn reference(rng: &mut Rng, prefix: &str) -> String {
    format!("{prefix}_3N{}", rng.chars(ALNUM, 22))
}

/// The welcome code some demo buyers enter.
const DEMO_COUPON: &str = "WELCOME10";

/// "Spend and save" in each currency the demo sells in.
fn demo_thresholds() -> Vec<ThresholdOffer> {
    [
        ("USD", "Spend $150, save $15", 15_000, 1_500, 30_000, 4_000),
        (
            "EUR",
            "Gasta 150 €, ahorra 15 €",
            15_000,
            1_500,
            30_000,
            4_000,
        ),
        ("CNY", "满 1000 减 100", 100_000, 10_000, 200_000, 25_000),
        (
            "MXN",
            "Gasta $3,000, ahorra $300",
            300_000,
            30_000,
            600_000,
            80_000,
        ),
    ]
    .into_iter()
    .filter_map(|(currency, name, spend, save, spend2, save2)| {
        Some(ThresholdOffer {
            id: format!("spend-save-{}", currency.to_lowercase()),
            name: name.into(),
            rule: ThresholdRule::Ladder(vec![
                LadderStep {
                    spend_minor: spend,
                    save_minor: save,
                },
                LadderStep {
                    spend_minor: spend2,
                    save_minor: save2,
                },
            ]),
            scope: PromotionScope::All,
            stackable: true,
            currency: Some(Currency::parse(currency).ok()?),
        })
    })
    .collect()
}

/// 10 % off, combining with the spend-and-save offer.
fn demo_coupon() -> Coupon {
    Coupon {
        code: DEMO_COUPON.into(),
        kind: CouponKind::Percent {
            basis_points: 1000,
            max_off_minor: None,
        },
        valid_from: None,
        valid_until: None,
        min_spend_minor: 0,
        scope: PromotionScope::All,
        once_per_customer: false,
        usage_limit: None,
        times_used: 0,
        stacks_with_coupons: false,
        stacks_with_thresholds: true,
    }
}

#[derive(Default)]
struct Seeder {
    rng: Rng,
    now: Millis,
    auto_close: Millis,
    staff: Vec<Staff>,
    teams: Vec<i64>,
    sellers: Vec<i64>,
    customers: Vec<Customer>,
    orders: Vec<Order>,
    in_flight: usize,
    cancelled: usize,
    delivered: usize,
    returns: usize,
}

impl Seeder {
    /// A refund and a compensation coupon an agent asked for above their
    /// limit, waiting on the Approvals page — through the real action path.
    async fn approvals_waiting(&self, services: &Services) -> Result<()> {
        let Some(agent) = self.staff.iter().find(|s| s.role == Role::Agent) else {
            return Ok(());
        };
        let viewer = Viewer {
            person_id: agent.id,
            role: Role::Agent,
            scopes: Role::Agent.default_scopes(),
            order_scope: None,
        };
        // One and a half times the agent's limit, on delivered orders that
        // were paid at least twice that.
        let above_limit = |o: &Order| {
            let currency = marketdesk_domain::Currency::parse(o.currency).ok()?;
            let amount = services.policy().refund_limits(currency).agent * 3 / 2;
            (matches!(o.status, OrderStatus::Delivered | OrderStatus::Completed)
                && !o.refunded
                && amount > 0
                && o.total >= 2 * amount)
                .then_some((o.number.clone(), amount))
        };
        let mut candidates = self.orders.iter().filter_map(above_limit);
        if let Some((number, amount)) = candidates.next() {
            let refund = marketdesk_service::after_sales::NewRefund {
                amount_minor: amount,
                destination: marketdesk_service::after_sales::RefundDestination::OriginalMethod,
                reason: "Arrived damaged; the customer sent photos".into(),
                ticket_id: None,
            };
            // The showcase must never stop the demo from starting.
            if let Err(err) = services.refund(&viewer, &number, refund, None).await {
                tracing::warn!(error = %err, "demo: the refund waiting for approval was not made");
            }
        }
        if let Some((number, amount)) = candidates.next() {
            let care = marketdesk_service::after_sales::CareRequest {
                kind: "compensation".into(),
                shipment_id: None,
                amount_minor: Some(amount),
                reason: "Parcel two weeks late".into(),
                ticket_id: None,
            };
            if let Err(err) = services.care_request(&viewer, &number, care, None).await {
                tracing::warn!(error = %err, "demo: the coupon waiting for approval was not made");
            }
        }
        Ok(())
    }

    async fn staff(&mut self, conn: &mut Conn, hash: &str) -> Result<Vec<DemoLogin>> {
        let since = self.now - 180 * DAY_MS;
        for &(name, description) in TEAMS {
            let id = people::insert_team(conn, name, description, since).await?;
            self.teams.push(id);
        }
        let mut logins: Vec<DemoLogin> = Vec::new();
        for &(name, local, role, land, teams) in STAFF {
            let email = format!("{local}@{STAFF_DOMAIN}");
            let new = NewPerson {
                password_hash: Some(hash),
                ..person(role, &email, name, land, since)
            };
            let id = people::insert(conn, &new).await?;
            for &team in teams {
                people::add_team_member(conn, self.teams[team], id).await?;
            }
            // The first of each role is enough to show around.
            if !logins.iter().any(|l| l.role == role.as_str()) {
                let password = STAFF_PASSWORD;
                logins.push(DemoLogin {
                    role: role.as_str(),
                    email,
                    password,
                });
            }
            self.staff.push(Staff {
                id,
                name,
                role,
                land,
                teams,
            });
        }
        Ok(logins)
    }

    /// Skills, capacity and presence for routing, and the teams' leads.
    /// Seeded last, so the demo's own tickets keep their hand-made owners.
    async fn routing(&self, services: &Services) -> Result<()> {
        use marketdesk_domain::routing::{Presence, Skill, SkillKind};
        use marketdesk_store::routing as store;
        let mut tx = services.raw_store().begin().await?;
        for staff in &self.staff {
            let Some((_, skills, capacity, online)) = ROUTING
                .iter()
                .find(|(local, ..)| staff_local(staff.name) == *local)
            else {
                continue;
            };
            let skills: Vec<Skill> = skills
                .iter()
                .map(|&(kind, value, level)| Skill {
                    kind: SkillKind::parse(kind).unwrap_or(SkillKind::Topic),
                    value: value.into(),
                    level,
                })
                .collect();
            store::set_skills(&mut tx, staff.id, &skills).await?;
            store::set_capacity(&mut tx, staff.id, capacity).await?;
            let presence = if *online {
                Presence::Online
            } else {
                Presence::Offline
            };
            store::set_presence(&mut tx, staff.id, presence, self.now).await?;
        }
        // Supervisors lead the teams they are in; the language teams
        // overflow to English after an hour.
        let leads: Vec<(usize, i64)> = self
            .staff
            .iter()
            .filter(|s| s.role == Role::Supervisor)
            .flat_map(|s| s.teams.iter().map(move |&t| (t, s.id)))
            .collect();
        for (i, &team) in self.teams.iter().enumerate() {
            let lead = leads.iter().find(|(t, _)| *t == i).map(|(_, id)| *id);
            let overflow = matches!(i, 1 | 2).then(|| (self.teams[0], 60));
            let method = if i == 4 { "best_skill" } else { "least_loaded" };
            store::set_team_routing(&mut tx, team, method, lead, overflow).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn people(&mut self, conn: &mut Conn) -> Result<()> {
        for (i, &(name, local, land, _)) in SELLERS.iter().enumerate() {
            let email = format!("{local}@{}", land.email_domain);
            let external = format!("sel_{}", 201 + i);
            let new = NewPerson {
                external_id: Some(&external),
                ..person(Role::Seller, &email, name, land, self.now - 150 * DAY_MS)
            };
            self.sellers.push(people::insert(conn, &new).await?);
        }
        let entries = CUSTOMERS
            .iter()
            .flat_map(|&(land, names)| names.split(", ").map(move |entry| (land, entry)));
        for (i, (land, entry)) in entries.enumerate() {
            let (name, local) = match entry.split_once('=') {
                Some((name, local)) => (name, local.to_string()),
                None => (entry, email_local(entry)),
            };
            let email = format!("{local}@{}", land.email_domain);
            let external = format!("cus_{}", 10_001 + i);
            let phone = land.phone_number(&mut self.rng);
            let (city, postal_code, street) = land.places[i % land.places.len()];
            let number = self.rng.range(2, 240).to_string();
            let address = json!({
                "name": name,
                "line1": street.replace("{n}", &number),
                "city": city,
                "postal_code": postal_code,
                "country": land.code,
            });
            let since = self.now - self.rng.range(61, 460) * DAY_MS;
            let new = NewPerson {
                phone: Some(&phone),
                external_id: Some(&external),
                ..person(Role::Customer, &email, name, land, since)
            };
            let id = people::insert(conn, &new).await?;
            let customer = Customer {
                id,
                name,
                land,
                city,
                phone,
                address,
            };
            self.customers.push(customer);
        }
        Ok(())
    }

    async fn orders(&mut self, conn: &mut Conn) -> Result<()> {
        // The shop's offers first: every order's discount comes from them,
        // so "why this discount?" has a true answer for each order.
        for offer in demo_thresholds() {
            let definition = serde_json::to_string(&offer)
                .map_err(|e| marketdesk_service::ServiceError::Unexpected(e.into()))?;
            marketdesk_store::promotions::put(conn, "threshold", &offer.id, &definition, self.now)
                .await?;
        }
        let coupon = demo_coupon();
        let definition = serde_json::to_string(&coupon)
            .map_err(|e| marketdesk_service::ServiceError::Unexpected(e.into()))?;
        marketdesk_store::promotions::put(conn, "coupon", &coupon.code, &definition, self.now)
            .await?;
        let mut plan = Vec::new();
        for &(status, count, youngest, oldest) in ORDER_MIX {
            for _ in 0..count {
                let age = self.rng.minutes(youngest * 60, oldest * 60);
                plan.push((self.now - age, status));
            }
        }
        // Numbers grow with time, as a shop hands them out.
        plan.sort_by_key(|&(placed, _)| placed);
        for (index, (placed, status)) in plan.into_iter().enumerate() {
            self.order(conn, index, status, placed).await?;
        }
        Ok(())
    }

    async fn order(
        &mut self,
        conn: &mut Conn,
        index: usize,
        status: OrderStatus,
        placed: Millis,
    ) -> Result<()> {
        use OrderStatus as S;
        let customer = self.rng.below(self.customers.len());
        let buyer = self.customers[customer].clone();
        let land = buyer.land;
        // Mostly one shop per order, often one from the buyer's own country.
        let local: Vec<usize> = (0..SELLERS.len())
            .filter(|&s| SELLERS[s].2.code == land.code)
            .collect();
        let shop = if !local.is_empty() && self.rng.chance(60) {
            self.rng.pick(&local)
        } else {
            self.rng.below(SELLERS.len())
        };
        let least = if status == S::PartiallyShipped { 2 } else { 1 };
        let mut picks = Vec::new();
        for _ in 0..self.rng.pick(&[1, 1, 1, 2, 2, 3, 4]).max(least) {
            let seller = if self.rng.chance(85) {
                shop
            } else {
                self.rng.below(SELLERS.len())
            };
            let range: Vec<&Product> = PRODUCTS.iter().filter(|p| p.0 == seller).collect();
            if let Some(&product) = range.get(self.rng.below(range.len())) {
                let quantity = if self.rng.chance(80) {
                    1
                } else {
                    self.rng.range(2, 3)
                };
                picks.push((product, quantity, land.price(product.4)));
            }
        }
        let subtotal: i64 = picks
            .iter()
            .map(|&(_, quantity, unit)| quantity * unit)
            .sum();
        // One order in eight enters the welcome code; the spend-and-save
        // ladder of the buyer's currency applies by itself.
        let coupon_entered = self.rng.chance(12);
        let cart = Cart {
            currency: Currency::parse(land.currency)
                .map_err(|e| marketdesk_service::ServiceError::Unexpected(e.into()))?,
            lines: picks
                .iter()
                .enumerate()
                .map(|(i, &(product, quantity, unit))| CartLine {
                    line_id: i as i64,
                    sku: product.1.into(),
                    category: product.3.into(),
                    seller_id: Some(self.sellers[product.0]),
                    unit_price_minor: unit,
                    quantity: u32::try_from(quantity).unwrap_or(1),
                })
                .collect(),
            customer: CustomerFacts::default(),
            now: placed,
        };
        let coupons = if coupon_entered {
            vec![demo_coupon()]
        } else {
            vec![]
        };
        let discount = explain(&cart, &demo_thresholds(), &coupons, Lang::En).total_discount_minor;
        let tax = (subtotal - discount) * land.tax_percent / 100;
        let total = subtotal - discount + land.shipping + tax;

        let paid_at = (status != S::PendingPayment).then(|| placed + self.rng.minutes(2, 30));
        let cancelled_at = (status == S::Cancelled).then(|| placed + self.rng.minutes(40, 1200));
        let ships = matches!(
            status,
            S::Shipped | S::PartiallyShipped | S::Delivered | S::Completed
        );
        let shipped_at = ships.then(|| paid_at.unwrap_or(placed) + self.rng.hours(12, 36));
        let (_, _, from, shop_city) = SELLERS[shop];
        let origin = format!("{shop_city}, {}", from.code);
        let dest = format!("{}, {}", buyer.city, land.code);
        let in_flight = matches!(status, S::Shipped | S::PartiallyShipped);
        let route = ((from, origin.as_str()), (land, dest.as_str()));
        let parcel = shipped_at.map(|at| self.parcel(route, in_flight, at, index));
        let events = parcel.as_ref().map_or(&[][..], |p| &p.events[..]);
        let delivered_at = events
            .iter()
            .find(|e| e.1 == ShipmentStatus::Delivered)
            .map(|e| e.0);
        // An order completes when its return window has run out.
        let completed = delivered_at
            .filter(|_| status == S::Completed)
            .map(|d| (d + 14 * DAY_MS).min(self.now - HOUR_MS));
        let updated = [
            Some(placed),
            paid_at,
            cancelled_at,
            events.last().map(|e| e.0),
            completed,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(placed);

        let row = OrderRow {
            id: 0,
            number: format!("SO-{}", 240_101 + index),
            external_id: None,
            customer_id: buyer.id,
            status,
            currency: land.currency.into(),
            subtotal_minor: subtotal,
            discount_minor: discount,
            shipping_minor: land.shipping,
            tax_minor: tax,
            total_minor: total,
            shipping_address: buyer.address.clone(),
            phone: Some(buyer.phone.clone()),
            placed_at: placed,
            updated_at: updated,
        };
        let id = commerce::insert_order(conn, &row).await?;
        // The order's history as it happened: paid, packed, shipped,
        // delivered or cancelled, each at its time.
        let mut steps = vec![(S::PendingPayment, placed)];
        if let Some(paid) = paid_at {
            steps.push((S::Paid, paid));
            steps.push((S::Processing, paid + HOUR_MS));
        }
        if let Some(shipped) = shipped_at {
            steps.push((S::Packed, shipped - 2 * HOUR_MS));
            steps.push((S::Shipped, shipped));
        }
        if let Some(cancelled) = cancelled_at {
            steps.push((S::Cancelled, cancelled));
        }
        if let Some(delivered) = delivered_at {
            steps.push((S::Delivered, delivered));
        }
        if let Some(done) = completed {
            steps.push((S::Completed, done));
        }
        if steps.last().is_none_or(|(last, _)| *last != status) {
            steps.push((status, updated));
        }
        for (step, at) in steps {
            commerce::record_status(conn, id, step, at.min(self.now)).await?;
        }
        if coupon_entered {
            marketdesk_store::promotions::add_order_coupon(conn, id, DEMO_COUPON).await?;
        }
        let mut lines = Vec::new();
        for (n, &(product, quantity, unit)) in picks.iter().enumerate() {
            let (seller, sku, title, category, _) = *product;
            let line = OrderLineRow {
                id: 0,
                order_id: id,
                line_no: n as i64 + 1,
                sku: sku.into(),
                title: title.into(),
                variant: variant(&mut self.rng, category),
                category: category.into(),
                quantity,
                unit_price_minor: unit,
                discount_minor: 0,
                seller_id: Some(self.sellers[seller]),
                // Food cannot come back.
                final_sale: category == "tea",
                cancelled_quantity: 0,
            };
            lines.push((commerce::insert_line(conn, &line).await?, quantity, unit));
        }
        self.cancelled += usize::from(cancelled_at.is_some());
        let sized = picks.iter().find(|p| matches!(p.0.3, "apparel" | "shoes"));
        let mut order = Order {
            id,
            number: row.number,
            customer,
            status,
            currency: land.currency,
            method: self.rng.pick(land.methods),
            total,
            discount,
            placed_at: placed,
            paid_at,
            cancelled_at,
            shipped_at,
            delivered_at,
            // Every other cancellation came after the capture.
            refunded: cancelled_at.is_some() && self.cancelled.is_multiple_of(2),
            lines,
            item: sized.or(picks.first()).map_or("", |p| p.0.2),
            sized: sized.is_some(),
            carrier: "",
            tracking: String::new(),
            exception: None,
        };
        self.payments(conn, &order).await?;
        if let Some(parcel) = parcel {
            // A partial shipment leaves the last line behind.
            let keep = order
                .lines
                .len()
                .saturating_sub(usize::from(status == S::PartiallyShipped));
            let shipped: Vec<(i64, i64)> = order.lines[..keep]
                .iter()
                .map(|&(l, q, _)| (l, q))
                .collect();
            ship(conn, &order, &parcel, &shipped).await?;
            order.carrier = parcel.carrier.name;
            order.tracking = parcel.tracking;
            order.exception = parcel.exception;
        }
        self.orders.push(order);
        Ok(())
    }

    async fn payments(&mut self, conn: &mut Conn, o: &Order) -> Result<()> {
        use PaymentKind as K;
        let rng = &mut self.rng;
        let mut rows = Vec::new();
        // Some orders wait for payment after a decline; some paid on a second try.
        if rng.chance(if o.paid_at.is_some() { 4 } else { 60 }) {
            let mut failed = payment(
                o,
                K::Failure,
                o.total,
                o.placed_at + MINUTE_MS,
                reference(rng, "pi"),
            );
            failed.status = PaymentStatus::Failed;
            failed.decline_code = Some(rng.pick(DECLINES).into());
            rows.push(failed);
        }
        if let Some(paid) = o.paid_at {
            let intent = reference(rng, "pi");
            rows.push(payment(
                o,
                K::Authorization,
                o.total,
                paid - 40_000,
                intent.clone(),
            ));
            match o.cancelled_at {
                Some(at) if !o.refunded => rows.push(payment(o, K::Void, o.total, at, intent)),
                cancelled => {
                    rows.push(payment(o, K::Capture, o.total, paid, intent));
                    if o.status == OrderStatus::Delivered {
                        self.delivered += 1;
                        // The double charges a payments agent gets to untangle.
                        if matches!(self.delivered, 3 | 11) {
                            let again = reference(rng, "pi");
                            rows.push(payment(o, K::Capture, o.total, paid + 3_000, again));
                        }
                    }
                    if let Some(at) = cancelled {
                        let back = reference(rng, "re");
                        rows.push(payment(o, K::Refund, o.total, at + HOUR_MS, back));
                    }
                }
            }
        }
        for row in &rows {
            commerce::insert_payment(conn, row).await?;
        }
        Ok(())
    }

    /// Plans a parcel's journey; one still under way stops before `now`, and
    /// every fifth of those ends in an exception.
    fn parcel(
        &mut self,
        route: Route<'_>,
        in_flight: bool,
        shipped: Millis,
        index: usize,
    ) -> Parcel {
        use ShipmentStatus as T;
        let ((from, origin), (to, dest)) = route;
        let (now, rng) = (self.now, &mut self.rng);
        let carrier = carrier_for(rng, from, to);
        let cross_border = from.code != to.code;
        let days = if cross_border { 7 } else { 3 };
        let eta = shipped + days * DAY_MS;
        let mut arrive = eta + rng.hours(-20, 48);
        if in_flight {
            arrive = arrive.max(now + rng.hours(2, 40));
        }
        let mut plan = vec![
            (shipped - rng.hours(1, 6), T::InfoReceived, origin, INFO),
            (shipped, T::InTransit, origin, PICKUP),
            (shipped + rng.hours(8, 20), T::InTransit, carrier.hub, HUB),
        ];
        if cross_border {
            plan.push((arrive - rng.hours(30, 48), T::InTransit, dest, CUSTOMS));
        } else if arrive - shipped >= 3 * DAY_MS && rng.chance(30) {
            // Nobody home: a failed attempt, then the next day's round.
            plan.push((arrive - 29 * HOUR_MS, T::OutForDelivery, dest, OUT));
            plan.push((arrive - 24 * HOUR_MS, T::AttemptFailed, dest, FAILED));
        }
        plan.push((arrive - rng.hours(3, 6), T::OutForDelivery, dest, OUT));
        plan.push((arrive, T::Delivered, dest, DELIVERED));
        let mut events: Vec<Event> = plan
            .into_iter()
            .filter(|&(at, ..)| !in_flight || at < now - 30 * MINUTE_MS)
            .map(|(at, status, place, line)| (at, status, place.to_string(), carrier.text(line)))
            .collect();
        let mut exception = None;
        if in_flight {
            self.in_flight += 1;
            if self.in_flight % 5 == 1 {
                let n = self.in_flight;
                let reason = if cross_border && n.is_multiple_of(2) {
                    0
                } else {
                    1 + n / 5 % 3
                };
                let (last, place) = events
                    .last()
                    .map_or((shipped, origin.to_string()), |e| (e.0, e.2.clone()));
                let at = (last + rng.hours(3, 30))
                    .min(now - 20 * MINUTE_MS)
                    .max(last + MINUTE_MS);
                events.push((at, T::Exception, place, carrier.text(EXCEPTION + reason)));
                exception = Some(EXCEPTIONS[reason]);
            }
        }
        let digits = rng.chars(DIGITS, carrier.digits.saturating_sub(6));
        let tracking = format!("{}{digits}{index:06}", carrier.prefix);
        Parcel {
            carrier,
            tracking,
            cross_border,
            eta,
            events,
            exception,
        }
    }

    async fn tickets(&mut self, conn: &mut Conn) -> Result<usize> {
        let mut used = vec![false; self.orders.len()];
        let mut count = 0;
        for i in 0..TICKETS {
            // The offsets let every topic meet many statuses, and every status every channel.
            let topic = Topic::ALL[(i + i / 8) % Topic::ALL.len()];
            let status = TicketStatus::ALL[i % TicketStatus::ALL.len()];
            let channel = Channel::ALL[(i + i / 6) % Channel::ALL.len()];
            let fits: Vec<usize> = (0..self.orders.len())
                .filter(|&k| topic.fits(&self.orders[k], status))
                .collect();
            let fresh: Vec<usize> = fits.iter().copied().filter(|&k| !used[k]).collect();
            let pool = if fresh.is_empty() { &fits } else { &fresh };
            let Some(&pick) = pool.get(self.rng.below(pool.len())) else {
                continue;
            };
            used[pick] = true;
            let order = self.orders[pick].clone();
            let customer = self.customers[order.customer].clone();
            let language = customer.land.language;
            let found = SCRIPTS.iter().find(|s| s.0 == topic && s.1 == language);
            let Some(&(_, _, script)) = found else {
                continue;
            };
            let ticket = Ticket {
                i,
                topic,
                status,
                channel,
                script,
                order,
                customer,
            };
            self.ticket(conn, &ticket).await?;
            count += 1;
        }
        Ok(count)
    }

    async fn ticket(&mut self, conn: &mut Conn, t: &Ticket) -> Result<()> {
        let now = self.now;
        let language = t.customer.land.language;
        let (tags, team, priority) = t.topic.routing(language);
        let priority = match t.order.exception {
            _ if t.i % 13 == 5 => Priority::Urgent,
            Some("lost" | "damaged") if t.topic == Topic::Wismo => Priority::High,
            _ => priority,
        };
        let agent = match t.status {
            TicketStatus::New => None,
            _ => self.agent(team, language),
        };
        let mut lines = t.script.lines();
        let subject = lines.next().unwrap_or_default();
        let script: Vec<&str> = lines.collect();
        let turns = &script[..visible_turns(&script, t.status)];
        let done = matches!(t.status, TicketStatus::Solved | TicketStatus::Closed);

        // Chat and phone move in minutes, the rest in hours.
        let quick = matches!(t.channel, Channel::Chat | Channel::Phone);
        let (gap_min, gap_max) = if quick { (2, 9) } else { (30, 720) };
        let mut gaps: Vec<Millis> = (1..turns.len())
            .map(|_| self.rng.minutes(gap_min, gap_max))
            .collect();
        if done {
            gaps.push(self.rng.minutes(1, 10));
        }
        if t.status == TicketStatus::Closed {
            gaps.push(self.auto_close + self.rng.hours(1, 12));
        }
        // New tickets are today's; solved ones too recent to be auto-closed yet.
        let recent = match t.status {
            TicketStatus::New => DAY_MS,
            TicketStatus::Solved => self.auto_close - 6 * HOUR_MS,
            TicketStatus::Closed => 60 * DAY_MS,
            _ => 6 * DAY_MS,
        };
        let floor = (t.order.placed_at + 10 * MINUTE_MS).max(now - recent);
        let wanted = t.topic.moment(&t.order) + self.rng.hours(2, 48);
        let times = timeline(wanted, floor, now - HOUR_MS, &gaps);
        let at = |k: usize| times.get(k).copied().unwrap_or(now);
        let created = at(0);
        let agent_id = agent.map(|(id, _)| id);
        let fill = |text: &str| {
            let first = t.customer.name.split(' ').next().unwrap_or_default();
            text.replace("{first}", first)
                .replace("{order}", &t.order.number)
                .replace("{item}", t.order.item)
                .replace("{carrier}", t.order.carrier)
                .replace("{tracking}", &t.order.tracking)
                .replace("{amount}", &money(t.order.total, t.order.currency))
        };
        let row = TicketRow {
            id: 0,
            subject: fill(subject),
            requester_id: t.customer.id,
            channel: t.channel,
            status: t.status,
            priority,
            assignee_id: agent_id,
            team_id: Some(self.teams[team]),
            language: language.into(),
            custom_fields: json!({}),
            merged_into_id: None,
            follow_up_of_id: None,
            created_at: created,
            updated_at: times.last().copied().unwrap_or(created),
            first_response_at: turns
                .iter()
                .position(|x| parse_turn(x).0 == Who::Agent)
                .map(at),
            solved_at: done.then(|| at(turns.len())),
            closed_at: (t.status == TicketStatus::Closed).then(|| at(turns.len() + 1)),
            intent: None,
            sentiment: None,
            sla_clock_start: created,
            // Waiting since the last turn, as the status says.
            sla_paused_at: marketdesk_domain::sla::pauses(t.status)
                .then(|| times.last().copied().unwrap_or(created)),
            sla_policy: None,
            awaiting_since: None,
        };
        let id = tickets::insert(conn, &row).await?;
        let mut tags: Vec<String> = tags.iter().map(|tag| tag.to_string()).collect();
        if let (Topic::Wismo, Some(reason)) = (t.topic, t.order.exception) {
            tags.push(reason.into());
        }
        tickets::set_tags(conn, id, &tags).await?;
        tickets::link_order(conn, id, t.order.id).await?;
        for (k, turn) in turns.iter().enumerate() {
            let (who, text) = parse_turn(turn);
            let body = match (who, agent) {
                (Who::Agent, Some((_, signature))) => format!("{}\n\n— {signature}", fill(text)),
                _ => fill(text),
            };
            let message = MessageRow {
                email_message_id: None,
                email_addresses: None,
                id: 0,
                ticket_id: id,
                author_id: if who == Who::Customer {
                    Some(t.customer.id)
                } else {
                    agent_id
                },
                kind: if who == Who::Note {
                    MessageKind::Note
                } else {
                    MessageKind::Public
                },
                channel: t.channel,
                body_html: html::from_text(&body),
                body_text: body,
                created_at: at(k),
            };
            tickets::insert_message(conn, &message).await?;
        }
        let entry = AuditEntry {
            id: 0,
            subject_type: "ticket".into(),
            subject_id: id,
            ticket_id: Some(id),
            actor_id: Some(t.customer.id),
            action: "created".into(),
            field: None,
            old_value: None,
            new_value: Some(format!(
                "status={} priority={priority} channel={}",
                t.status, t.channel
            )),
            created_at: created,
        };
        audit::record(conn, &entry).await?;

        // The exchanges agents agreed to are returns in the system.
        if t.topic == Topic::WrongSize && t.status != TicketStatus::New && self.returns < RETURNS {
            let reason = RETURN_REASONS[t.i % 2];
            let status = match self.returns % 3 {
                _ if done => ReturnStatus::Refunded,
                0 => ReturnStatus::Requested,
                1 => ReturnStatus::LabelIssued,
                _ => ReturnStatus::InTransit,
            };
            self.add_return(conn, &t.order, (reason, status), created + HOUR_MS)
                .await?;
        }
        Ok(())
    }

    /// An agent of `team` speaking `language`, else one of the language's
    /// team: their id and how they sign.
    fn agent(&mut self, team: usize, language: &str) -> Option<(i64, &'static str)> {
        let speaks = |s: &&Staff, t: usize| {
            s.role == Role::Agent && s.land.language == language && s.teams.contains(&t)
        };
        let mut pool: Vec<&Staff> = self.staff.iter().filter(|s| speaks(s, team)).collect();
        if pool.is_empty() {
            let fallback = language_team(language);
            pool = self.staff.iter().filter(|s| speaks(s, fallback)).collect();
        }
        let agent = pool.get(self.rng.below(pool.len()))?;
        // Chinese names in full, others by first name.
        let signature = match agent.land.language {
            "zh" => agent.name,
            _ => agent.name.split(' ').next().unwrap_or(agent.name),
        };
        Some((agent.id, signature))
    }

    async fn add_return(
        &mut self,
        conn: &mut Conn,
        o: &Order,
        ((reason, note), status): ((ReturnReason, &str), ReturnStatus),
        opened: Millis,
    ) -> Result<()> {
        let Some(&(line_id, _, unit)) = o.lines.first() else {
            return Ok(());
        };
        self.returns += 1;
        let created = opened.min(self.now - 2 * HOUR_MS);
        let stage = ReturnStatus::ALL
            .iter()
            .position(|&s| s == status)
            .unwrap_or(0) as i64;
        let updated = (created + (stage + 1) * DAY_MS)
            .min(self.now - 30 * MINUTE_MS)
            .max(created);
        let row = ReturnRow {
            id: 0,
            rma: format!("RMA-{}", 20_000 + self.returns),
            order_id: o.id,
            status,
            reason,
            note: note.into(),
            created_at: created,
            updated_at: updated,
        };
        commerce::insert_return(conn, &row, &[(line_id, 1)]).await?;
        if status == ReturnStatus::Refunded {
            let back = reference(&mut self.rng, "re");
            let refund = payment(o, PaymentKind::Refund, unit, updated, back);
            commerce::insert_payment(conn, &refund).await?;
        }
        Ok(())
    }

    /// Returns opened in self-service, without a ticket, up to RETURNS.
    async fn more_returns(&mut self, conn: &mut Conn) -> Result<()> {
        let candidates: Vec<Order> = self
            .orders
            .iter()
            .filter(|o| matches!(o.status, OrderStatus::Delivered | OrderStatus::Completed))
            .step_by(5)
            .cloned()
            .collect();
        for (k, o) in candidates
            .iter()
            .enumerate()
            .take(RETURNS.saturating_sub(self.returns))
        {
            let status = ReturnStatus::ALL[(k + 3) % ReturnStatus::ALL.len()];
            let opened = o.delivered_at.unwrap_or(o.placed_at) + self.rng.range(1, 10) * DAY_MS;
            self.add_return(conn, o, (RETURN_REASONS[2 + k % 6], status), opened)
                .await?;
        }
        Ok(())
    }
}

/// Where a parcel goes: country and location text at each end.
type Route<'a> = ((Land, &'a str), (Land, &'a str));

async fn ship(conn: &mut Conn, o: &Order, p: &Parcel, lines: &[(i64, i64)]) -> Result<()> {
    let first = p.events.first().map_or(o.placed_at, |e| e.0);
    let last = p.events.last();
    let row = ShipmentRow {
        id: 0,
        order_id: o.id,
        carrier: p.carrier.name.into(),
        tracking_number: p.tracking.clone(),
        status: last.map_or(ShipmentStatus::InfoReceived, |e| e.1),
        exception_reason: p.exception.map(String::from),
        cross_border: p.cross_border,
        estimated_delivery_at: Some(p.eta),
        label_created_at: first,
        delivered_at: o.delivered_at,
        created_at: first,
        updated_at: last.map_or(first, |e| e.0),
        flagged_trouble: None,
    };
    let shipment_id = commerce::insert_shipment(conn, &row, lines).await?;
    for (at, status, location, text) in &p.events {
        let event = TrackingEventRow {
            id: 0,
            shipment_id,
            occurred_at: *at,
            status: *status,
            location: location.clone(),
            description: (*text).into(),
        };
        commerce::insert_tracking_event(conn, &event).await?;
    }
    Ok(())
}

/// Why things come back, with the warehouse's note: the first two for the
/// exchanges agents agree to, the rest for returns opened in self-service.
const RETURN_REASONS: [(ReturnReason, &str); 8] = [
    (
        ReturnReason::TooSmall,
        "Runs small; customer wants one size up.",
    ),
    (
        ReturnReason::TooLarge,
        "Too big; exchange for a smaller size.",
    ),
    (ReturnReason::Defective, "Stopped working after two days."),
    (ReturnReason::ChangedMind, "No longer needed; unopened."),
    (
        ReturnReason::NotAsDescribed,
        "Colour differs from the listing photos.",
    ),
    (
        ReturnReason::WrongItem,
        "Received a different model than ordered.",
    ),
    (ReturnReason::Damaged, "Arrived broken; photos on file."),
    (ReturnReason::Other, "Duplicate gift."),
];

/// Everything one demo ticket is made of.
struct Ticket {
    i: usize,
    topic: Topic,
    status: TicketStatus,
    channel: Channel,
    script: &'static str,
    order: Order,
    customer: Customer,
}

/// Canned replies agents start from, in the three languages.
/// "Refund issued": (language, text) with the ticket's variables.
const REFUND_MACRO: [(&str, &str); 3] = [
    (
        "en",
        "Hi {{customer.name}},\n\nI have refunded order {{order.number}}. The money reaches your original payment method within 5–10 business days; if it is not there by then, reply here and I'll send the reference for your bank.\n\n{{agent.name}}, {{shop.name}}",
    ),
    (
        "es",
        "Hola, {{customer.name}}:\n\nHe reembolsado el pedido {{order.number}}. El dinero llegará a tu método de pago original en 5–10 días hábiles; si no lo ves para entonces, responde aquí y te enviaré la referencia para tu banco.\n\n{{agent.name}}, {{shop.name}}",
    ),
    (
        "zh-CN",
        "{{customer.name}}，您好：\n\n订单 {{order.number}} 已为您退款，款项将在 5–10 个工作日内退回原支付方式；如到时仍未收到，请直接回复，我们会提供银行查询所需的参考号。\n\n{{agent.name}}，{{shop.name}}",
    ),
];

const MACROS: &[(&str, &str, &str)] = &[
    (
        "Where is my order (EN)",
        "en",
        "Hi,\n\nThanks for reaching out. I checked your order: it is on its way and the tracking shows the latest scan. I'll keep an eye on it and write again if anything changes.\n\nBest regards",
    ),
    (
        "Refund issued (EN)",
        "en",
        "Hi,\n\nI have issued your refund. It reaches your original payment method within 5–10 business days; if it does not, reply here and we'll give you the reference for your bank.\n\nBest regards",
    ),
    (
        "查询物流（中文）",
        "zh-CN",
        "您好，\n\n感谢您的耐心等待。我已查看您的订单，包裹正在运输途中，物流信息已更新。如有变化我会第一时间通知您。\n\n祝好",
    ),
    (
        "退款已处理（中文）",
        "zh-CN",
        "您好，\n\n您的退款已处理，将在 5–10 个工作日内退回原支付方式。如未收到，请回复本邮件，我们会提供银行查询编号。\n\n祝好",
    ),
    (
        "Dónde está mi pedido (ES)",
        "es",
        "Hola:\n\nGracias por escribirnos. He revisado tu pedido: va de camino y el seguimiento muestra el último escaneo. Lo vigilaré y te escribiré si algo cambia.\n\nUn saludo",
    ),
    (
        "Reembolso emitido (ES)",
        "es",
        "Hola:\n\nHe emitido tu reembolso. Llegará a tu método de pago original en 5–10 días hábiles; si no, responde aquí y te daremos la referencia para tu banco.\n\nUn saludo",
    ),
];

/// Help-center articles of the demo shop, in the three languages.
type ArticleTexts = &'static [(&'static str, &'static str, &'static str)];
const ARTICLES: &[(&str, &str, ArticleTexts)] = &[
    (
        "delivery-times",
        "shipping",
        &[
            (
                "en",
                "How long does delivery take?",
                "Orders ship within 1–2 business days. Domestic delivery takes 2–4 business days and international delivery 5–12 business days. You can follow every step of your parcel on the order page; if it stops moving for a few days we contact the carrier and let you know.",
            ),
            (
                "zh-CN",
                "配送需要多长时间？",
                "订单会在 1–2 个工作日内发货。国内配送需要 2–4 个工作日，国际配送需要 5–12 个工作日。您可以在订单页面查看包裹的每一步物流；如果包裹数日没有更新，我们会联系承运商并通知您。",
            ),
            (
                "es",
                "¿Cuánto tarda la entrega?",
                "Los pedidos se envían en 1–2 días hábiles. La entrega nacional tarda 2–4 días hábiles y la internacional 5–12 días hábiles. Puedes seguir cada paso del paquete en la página del pedido; si deja de moverse unos días, contactamos con el transportista y te avisamos.",
            ),
        ],
    ),
    (
        "change-address",
        "orders",
        &[
            (
                "en",
                "Can I change my delivery address?",
                "Yes, until your order is packed. Open your order (order number and email), choose Change the delivery address, and save. Once the order is packed the address can no longer change: you can refuse the delivery or return the item after it arrives.",
            ),
            (
                "zh-CN",
                "可以修改收货地址吗？",
                "可以，订单打包前都可以修改。打开您的订单（输入订单号和邮箱），选择“修改收货地址”并保存。订单打包后将无法修改地址：您可以拒收包裹，或在收货后申请退货。",
            ),
            (
                "es",
                "¿Puedo cambiar la dirección de entrega?",
                "Sí, hasta que tu pedido se empaquete. Abre tu pedido (número de pedido y correo), elige Cambiar la dirección de entrega y guarda. Una vez empaquetado ya no se puede cambiar: puedes rechazar la entrega o devolver el artículo cuando llegue.",
            ),
        ],
    ),
    (
        "cancel-order",
        "orders",
        &[
            (
                "en",
                "How do I cancel an order?",
                "You can cancel until the order ships, from the order page or in the chat. If your card was only authorised the hold is released at once; if it was charged, the refund starts immediately and reaches you in 5–10 business days.",
            ),
            (
                "zh-CN",
                "如何取消订单？",
                "订单发货前，您可以在订单页面或在线咨询中取消订单。如果款项仅为预授权，将立即释放；如果已扣款，退款会立即发起，并在 5–10 个工作日内到账。",
            ),
            (
                "es",
                "¿Cómo cancelo un pedido?",
                "Puedes cancelar hasta que el pedido se envíe, desde la página del pedido o en el chat. Si tu tarjeta solo estaba autorizada, la retención se libera al momento; si ya se cobró, el reembolso empieza enseguida y llega en 5–10 días hábiles.",
            ),
        ],
    ),
    (
        "return-policy",
        "returns",
        &[
            (
                "en",
                "What is the return policy?",
                "You can return items within 30 days of delivery, except final-sale items. Start the return on the order page, print the label and drop the parcel off within 28 days. We refund once the warehouse has checked the items, to your original payment method or as store credit.",
            ),
            (
                "zh-CN",
                "退货政策是什么？",
                "签收后 30 天内可以退货，最终销售商品除外。请在订单页面申请退货，打印退货标签，并在 28 天内寄出包裹。仓库质检完成后，我们会退款至原支付方式或发放店铺余额。",
            ),
            (
                "es",
                "¿Cuál es la política de devoluciones?",
                "Puedes devolver artículos en los 30 días siguientes a la entrega, salvo los de venta final. Inicia la devolución en la página del pedido, imprime la etiqueta y entrega el paquete en 28 días. Reembolsamos cuando el almacén ha revisado los artículos, a tu método de pago original o como saldo en la tienda.",
            ),
        ],
    ),
    (
        "refund-times",
        "refunds",
        &[
            (
                "en",
                "When will I get my refund?",
                "Refunds reach cards and wallets in 5–10 business days after we issue them. Your order page shows each refund and its expected date. If it has not arrived after that, contact us and we will give you the reference for your bank.",
            ),
            (
                "zh-CN",
                "退款什么时候到账？",
                "退款发起后，一般会在 5–10 个工作日内退回银行卡或钱包。订单页面会显示每笔退款及预计到账日期。如超过该时间仍未到账，请联系我们，我们会提供银行查询编号。",
            ),
            (
                "es",
                "¿Cuándo recibiré mi reembolso?",
                "Los reembolsos llegan a tarjetas y monederos en 5–10 días hábiles desde que los emitimos. La página del pedido muestra cada reembolso y su fecha prevista. Si no ha llegado pasado ese plazo, escríbenos y te daremos la referencia para tu banco.",
            ),
        ],
    ),
    (
        "coupons",
        "promotions",
        &[
            (
                "en",
                "Why did my coupon not apply?",
                "A coupon may have expired, need a minimum spend, apply only to some categories or sellers, be used once per customer, or not combine with another offer — in that case the better offer wins. Your order page explains, line by line, which discounts applied and why a coupon did not.",
            ),
            (
                "zh-CN",
                "为什么我的优惠券没有生效？",
                "优惠券可能已过期、需要满足最低消费、仅适用于部分品类或店铺、每人限用一次，或不能与其他优惠同时使用（此时会自动选择更优惠的方案）。订单页面会逐行说明哪些优惠已生效，以及优惠券未生效的原因。",
            ),
            (
                "es",
                "¿Por qué no se aplicó mi cupón?",
                "Un cupón puede haber caducado, exigir un gasto mínimo, valer solo para algunas categorías o vendedores, usarse una vez por cliente o no combinarse con otra oferta; en ese caso gana la más ventajosa. La página del pedido explica, línea a línea, qué descuentos se aplicaron y por qué un cupón no.",
            ),
        ],
    ),
    (
        "account-locked",
        "account",
        &[
            (
                "en",
                "My account is locked",
                "For your security we lock an account after unusual activity or when a charge is reported as not yours. Use Sign in with your email to get a one-time link, or chat with us: a specialist reviews locked accounts within one business day.",
            ),
            (
                "zh-CN",
                "我的账户被锁定了",
                "为保障安全，当出现异常活动或有扣款被报告为非本人操作时，我们会锁定账户。您可以使用邮箱登录获取一次性登录链接，或通过在线咨询联系我们：专员会在一个工作日内完成审核。",
            ),
            (
                "es",
                "Mi cuenta está bloqueada",
                "Por tu seguridad bloqueamos una cuenta tras actividad inusual o cuando se denuncia un cargo como no propio. Usa Entrar con tu correo para recibir un enlace de un solo uso, o escríbenos por chat: un especialista revisa las cuentas bloqueadas en un día hábil.",
            ),
        ],
    ),
    (
        "payment-methods",
        "payments",
        &[
            (
                "en",
                "Which payment methods can I use?",
                "We accept cards (Visa, Mastercard, American Express), PayPal, Alipay, WeChat Pay and Bizum, and store credit from earlier refunds. If a payment is declined, the order page tells you why in plain words.",
            ),
            (
                "zh-CN",
                "支持哪些支付方式？",
                "我们支持银行卡（Visa、Mastercard、American Express）、PayPal、支付宝、微信支付、Bizum，以及之前退款获得的店铺余额。如果付款被拒，订单页面会用通俗的语言说明原因。",
            ),
            (
                "es",
                "¿Qué métodos de pago puedo usar?",
                "Aceptamos tarjetas (Visa, Mastercard, American Express), PayPal, Alipay, WeChat Pay y Bizum, además del saldo en la tienda de reembolsos anteriores. Si un pago se rechaza, la página del pedido te explica el motivo con palabras claras.",
            ),
        ],
    ),
];

/// Two received messages held in Suspended mail, so the page shows what it
/// is for: one forged (DMARC failed at the desk's MX), one flagged as spam.
async fn held_mail(
    services: &Services,
    now: Millis,
    spanish_order: Option<(i64, String)>,
) -> Result<()> {
    use marketdesk_store::inbound::{self, Received};
    let held: [(&str, &str, &str); 2] = [
        (
            "security@bank-payments.example",
            "failed_authentication",
            "Authentication-Results: mx.demo.marketdesk.dev; dmarc=fail (p=reject) header.from=bank-payments.example\r\nFrom: Bank Security <security@bank-payments.example>\r\nTo: support@marketdesk.localhost\r\nSubject: Urgent: confirm the shop's payout account\r\nMessage-ID: <demo.forged.1@bank-payments.example>\r\n\r\nYour payouts are paused. Confirm the account at the link below within 24 hours.\r\n",
        ),
        (
            "winner@prize-draw.example",
            "spam",
            "X-Spam-Flag: YES\r\nX-Spam-Status: Yes, score=12.4\r\nFrom: Prize Desk <winner@prize-draw.example>\r\nTo: support@marketdesk.localhost\r\nSubject: You have won a gift card\r\nMessage-ID: <demo.spam.1@prize-draw.example>\r\n\r\nClick to claim your prize.\r\n",
        ),
    ];
    let mut tx = services.raw_store().begin().await?;
    for (from, reason, raw) in held {
        let id = inbound::insert(
            &mut tx,
            &Received {
                source: "smtp",
                envelope_from: from,
                envelope_to: &["support@marketdesk.localhost".to_string()],
                raw: raw.as_bytes(),
            },
            now,
        )
        .await?;
        inbound::mark_processed(&mut tx, id, &format!("suspended: {reason}"), None, now).await?;
    }
    // A customer writing about her order with her sister in copy: read
    // into a ticket by the mail worker as the server starts (From, To and
    // Cc on the message; the sister in copy on the ticket).
    let buyer = match spanish_order {
        Some((customer, number)) => marketdesk_store::people::get(&mut tx, customer)
            .await?
            .map(|p| (p.email, p.name, number)),
        None => None,
    };
    if let Some((email, name, number)) = buyer {
        let raw = format!(
            "From: {name} <{email}>\r\nTo: Soporte <support@marketdesk.localhost>\r\n\
             Cc: Marta <marta.hermana@example.es>\r\n\
             Subject: Regalo para mi hermana: ¿podéis enviarlo a su casa?\r\n\
             Message-ID: <demo.cc.1@example.es>\r\nContent-Language: es\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             Hola, el pedido {number} es un regalo para mi hermana (en copia). \
             ¿Podéis enviarlo a su dirección en Sevilla?\r\nGracias\r\n"
        );
        inbound::insert(
            &mut tx,
            &Received {
                source: "smtp",
                envelope_from: &email,
                envelope_to: &["support@marketdesk.localhost".to_string()],
                raw: raw.as_bytes(),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_repeats_itself_and_stays_in_range() {
        let (mut a, mut b) = (Rng(SEED), Rng(SEED));
        for _ in 0..1000 {
            assert_eq!(a.next(), b.next());
            assert!((-3..=7).contains(&a.range(-3, 7)));
            b.range(-3, 7);
        }
        assert_eq!(Rng(1).range(5, 5), 5);
    }

    #[test]
    fn timelines_never_start_early_nor_end_late() {
        let gaps = [10, 20, 30];
        assert_eq!(timeline(100, 0, 1_000, &gaps), vec![100, 110, 130, 160]);
        assert_eq!(timeline(990, 0, 1_000, &gaps), vec![940, 950, 970, 1_000]);
        let squeezed = timeline(0, 970, 1_000, &gaps);
        assert_eq!(squeezed[0], 970);
        assert!(squeezed.windows(2).all(|w| w[0] <= w[1]) && squeezed[3] <= 1_000);
    }

    #[test]
    fn statuses_show_the_part_of_a_conversation_that_happened() {
        let turns = [
            "C|hi",
            "A|which size?",
            "N|asked seller",
            "C|M please",
            "A|done",
        ];
        let shown = |status| visible_turns(&turns, status);
        assert_eq!(shown(TicketStatus::New), 1);
        assert_eq!(shown(TicketStatus::Pending), 2);
        assert_eq!(shown(TicketStatus::OnHold), 3);
        assert_eq!(shown(TicketStatus::Open), 4);
        assert_eq!(shown(TicketStatus::Closed), 5);
    }

    #[test]
    fn every_topic_has_a_full_script_in_every_language() {
        for topic in Topic::ALL {
            for language in ["en", "zh", "es"] {
                let script = SCRIPTS.iter().find(|s| s.0 == topic && s.1 == language);
                let turns: Vec<&str> = script.map_or("", |s| s.2).lines().skip(1).collect();
                assert!(turns.len() >= 4, "{topic:?} in {language}");
                assert_eq!(parse_turn(turns[0]).0, Who::Customer);
                for who in [Who::Agent, Who::Note] {
                    assert!(turns.iter().any(|t| parse_turn(t).0 == who));
                }
            }
        }
    }

    #[test]
    fn there_are_fifty_customers_with_plain_email_addresses() {
        let names = CUSTOMERS.iter().flat_map(|c| c.1.split(", "));
        assert_eq!(names.clone().count(), 50);
        for name in names {
            let local = name
                .split_once('=')
                .map_or(email_local(name), |n| n.1.into());
            assert!(
                local.chars().all(|c| c.is_ascii_lowercase() || c == '.'),
                "{local}"
            );
        }
    }

    #[test]
    fn local_prices_are_rounded() {
        assert_eq!(US.price(6800), 6799);
        assert_eq!(ES.price(5000), 4599);
        assert_eq!(CN.price(5000), 35_900);
        assert_eq!(money(4599, "EUR"), "45,99 €");
        assert_eq!(money(35_900, "CNY"), "¥359.00");
    }
}
