//! Twelve weeks of past conversations, so the reports have something to
//! compare: each written change by change with its own time (a new
//! ticket, its assignment, the customer's and the agent's messages, the
//! waits, the solve, a reopening now and then, a rating), as the desk
//! would have written them — the reports' triggers record every change.

use marketdesk_domain::{
    Channel, DAY_MS, HOUR_MS, MINUTE_MS, MessageKind, Millis, Priority, Role, TicketStatus,
};
use marketdesk_service::kernel::html;
use marketdesk_store::Conn;
use marketdesk_store::tickets::{self, MessageRow, TicketRow};

use super::{Rng, SEED, Seeder, language_team};
use marketdesk_service::Result;

/// Past tickets per week, before the ones of the demo's stories.
const PER_WEEK: usize = 45;
const WEEKS: i64 = 12;

/// What past customers wrote about: (intent, subject per language).
const TOPICS: &[(&str, [&str; 3])] = &[
    (
        "track_order",
        [
            "Where is my order?",
            "我的订单到哪里了？",
            "¿Dónde está mi pedido?",
        ],
    ),
    (
        "return_item",
        [
            "I want to return an item",
            "我想退货",
            "Quiero devolver un artículo",
        ],
    ),
    (
        "get_refund",
        [
            "Refund not received yet",
            "还没收到退款",
            "Todavía no he recibido el reembolso",
        ],
    ),
    (
        "change_shipping_address",
        [
            "Please change my delivery address",
            "请修改收货地址",
            "Cambiad la dirección de entrega, por favor",
        ],
    ),
    (
        "cancel_order",
        ["Cancel my order", "取消订单", "Cancelar mi pedido"],
    ),
    (
        "item_damaged",
        [
            "The parcel arrived damaged",
            "包裹到货时已损坏",
            "El paquete llegó dañado",
        ],
    ),
    (
        "payment_issue",
        [
            "My payment was declined",
            "付款被拒绝了",
            "Me rechazaron el pago",
        ],
    ),
    (
        "recover_password",
        [
            "I cannot sign in",
            "无法登录账户",
            "No puedo iniciar sesión",
        ],
    ),
];

const BODIES: [&str; 3] = [
    "Hello, could you help me with this? Thanks.",
    "你好，能帮我处理一下吗？谢谢。",
    "Hola, ¿me podéis ayudar con esto? Gracias.",
];
const ANSWERS: [&str; 3] = [
    "Thanks for writing — I have looked into it and sorted it out.",
    "感谢您的来信，我已经查看并处理好了。",
    "Gracias por escribirnos: ya lo he revisado y está resuelto.",
];

impl Seeder {
    pub(super) async fn history(&mut self, conn: &mut Conn) -> Result<usize> {
        // A generator of its own: the rest of the demo stays as it was.
        let saved = std::mem::replace(&mut self.rng, Rng(SEED.rotate_left(17)));
        let start = self.now - WEEKS * 7 * DAY_MS;
        let mut written = 0;
        for n in 0..PER_WEEK * WEEKS as usize {
            // Weekdays are busier: a weekend day keeps one ticket in three.
            let created = start + self.rng.range(0, WEEKS * 7 * 24 * 60 - 3 * 24 * 60) * MINUTE_MS;
            let weekday = (created / DAY_MS + 3).rem_euclid(7);
            if weekday >= 5 && !self.rng.chance(33) {
                continue;
            }
            self.past_ticket(conn, n, created).await?;
            written += 1;
        }
        self.rng = saved;
        Ok(written)
    }

    async fn past_ticket(&mut self, conn: &mut Conn, n: usize, created: Millis) -> Result<()> {
        // Every conversation is about one of the customer's orders, placed
        // before they wrote.
        let placed: Vec<usize> = (0..self.orders.len())
            .filter(|&k| self.orders[k].placed_at < created)
            .collect();
        if placed.is_empty() {
            return Ok(());
        }
        let order = &self.orders[placed[self.rng.below(placed.len())]];
        let order_id = order.id;
        let customer = &self.customers[order.customer];
        let (customer_id, language) = (customer.id, customer.land.language);
        let l = match language {
            "zh" => 1,
            "es" => 2,
            _ => 0,
        };
        let (intent, subjects) = TOPICS[self.rng.below(TOPICS.len())];
        let team = match intent {
            "track_order" | "item_damaged" if self.rng.chance(40) => 3,
            "payment_issue" | "get_refund" if self.rng.chance(40) => 4,
            _ => language_team(language),
        };
        let channel = [Channel::Email, Channel::Chat, Channel::Web, Channel::Phone][n % 4];
        let agents: Vec<i64> = self
            .staff
            .iter()
            .filter(|s| s.role == Role::Agent && s.teams.contains(&team))
            .map(|s| s.id)
            .collect();
        let agent = match agents.len() {
            0 => self
                .staff
                .iter()
                .find(|s| s.role == Role::Agent)
                .map(|s| s.id),
            k => Some(agents[self.rng.below(k)]),
        };
        let quick = matches!(channel, Channel::Chat | Channel::Phone);
        let mut row = TicketRow {
            id: 0,
            subject: subjects[l].to_string(),
            requester_id: customer_id,
            channel,
            status: TicketStatus::New,
            priority: Priority::Normal,
            assignee_id: None,
            team_id: Some(self.teams[team]),
            language: language.into(),
            custom_fields: serde_json::json!({}),
            merged_into_id: None,
            follow_up_of_id: None,
            created_at: created,
            updated_at: created,
            first_response_at: None,
            solved_at: None,
            closed_at: None,
            intent: Some(intent.into()),
            sentiment: None,
            sla_clock_start: created,
            sla_paused_at: None,
            sla_policy: None,
            awaiting_since: None,
        };
        row.id = tickets::insert(conn, &row).await?;
        tickets::link_order(conn, row.id, order_id).await?;
        self.past_message(conn, &row, customer_id, BODIES[l], created)
            .await?;
        let Some(agent) = agent else {
            return Ok(());
        };
        let mut at = created
            + self
                .rng
                .minutes(if quick { 1 } else { 10 }, if quick { 20 } else { 240 });
        self.change(conn, &mut row, at, |r| r.assignee_id = Some(agent))
            .await?;
        at += if quick {
            self.rng.minutes(1, 15)
        } else {
            self.rng.minutes(20, 26 * 60)
        };
        self.past_message(conn, &row, agent, ANSWERS[l], at).await?;
        self.change(conn, &mut row, at, |r| {
            r.first_response_at = Some(at);
            r.status = TicketStatus::Open;
        })
        .await?;
        if self.rng.chance(45) {
            at += self.rng.minutes(10, 8 * 60);
            self.past_message(conn, &row, customer_id, BODIES[l], at)
                .await?;
            at += self.rng.minutes(15, 20 * 60);
            self.past_message(conn, &row, agent, ANSWERS[l], at).await?;
        }
        if self.rng.chance(35) {
            self.change(conn, &mut row, at, |r| r.status = TicketStatus::Pending)
                .await?;
            at += self.rng.hours(1, 30);
        }
        // A few are still open; the rest were solved.
        if at > self.now - HOUR_MS || self.rng.chance(6) {
            return Ok(());
        }
        at += self.rng.minutes(5, 120);
        self.change(conn, &mut row, at, |r| {
            r.status = TicketStatus::Solved;
            r.solved_at = Some(at);
        })
        .await?;
        if self.rng.chance(12) {
            at += self.rng.hours(2, 40);
            if at < self.now - HOUR_MS {
                self.past_message(conn, &row, customer_id, BODIES[l], at)
                    .await?;
                self.change(conn, &mut row, at, |r| {
                    r.status = TicketStatus::Open;
                    r.solved_at = None;
                })
                .await?;
                at += self.rng.minutes(20, 6 * 60);
                self.past_message(conn, &row, agent, ANSWERS[l], at).await?;
                self.change(conn, &mut row, at, |r| {
                    r.status = TicketStatus::Solved;
                    r.solved_at = Some(at);
                })
                .await?;
            }
        }
        if self.rng.chance(55) {
            let rating = [5, 5, 5, 4, 4, 4, 3, 2, 1, 5][self.rng.below(10)];
            marketdesk_store::surveys::insert_answered(
                conn,
                row.id,
                channel.as_str(),
                language,
                at,
                rating,
                at + 3 * HOUR_MS,
            )
            .await?;
        }
        Ok(())
    }

    async fn change(
        &mut self,
        conn: &mut Conn,
        row: &mut TicketRow,
        at: Millis,
        edit: impl FnOnce(&mut TicketRow),
    ) -> Result<()> {
        edit(row);
        row.updated_at = at;
        tickets::update(conn, row).await?;
        Ok(())
    }

    async fn past_message(
        &mut self,
        conn: &mut Conn,
        row: &TicketRow,
        author: i64,
        body: &str,
        at: Millis,
    ) -> Result<()> {
        let message = MessageRow {
            email_message_id: None,
            email_addresses: None,
            id: 0,
            ticket_id: row.id,
            author_id: Some(author),
            kind: MessageKind::Public,
            channel: row.channel,
            body_html: html::from_text(body),
            body_text: body.to_string(),
            created_at: at,
        };
        tickets::insert_message(conn, &message).await?;
        Ok(())
    }

    /// Last week's quality sample, two thirds of it scored by the
    /// supervisors with a word for the agent.
    pub(super) async fn quality_reviews(
        &self,
        services: &marketdesk_service::Services,
    ) -> Result<()> {
        use marketdesk_service::reports::{CriterionRating, ReviewScores};
        services.refresh_all_report_facts().await?;
        services.draw_quality_sample(self.now).await?;
        let reviewers: Vec<marketdesk_service::Viewer> = self
            .staff
            .iter()
            .filter(|s| s.role == Role::Supervisor)
            .map(|s| marketdesk_service::Viewer {
                person_id: s.id,
                role: Role::Supervisor,
                scopes: Role::Supervisor.default_scopes(),
                order_scope: None,
            })
            .collect();
        let Some(first) = reviewers.first() else {
            return Ok(());
        };
        let criteria = services.quality_criteria(first).await?;
        let pending = services.quality_reviews(first, Some(false), None).await?;
        const COMMENTS: [&str; 3] = [
            "Clear and kind; next time link the return policy article.",
            "Right solution, but the customer had to ask twice for the tracking link.",
            "Great tone and a complete answer in one reply.",
        ];
        for (k, review) in pending.iter().enumerate() {
            if k % 3 == 2 {
                continue;
            }
            let reviewer = &reviewers[k % reviewers.len()];
            let ratings = criteria
                .iter()
                .enumerate()
                .map(|(i, c)| CriterionRating {
                    criterion_id: c.id,
                    rating: [5, 4, 5, 3, 4][(k + i) % 5],
                })
                .collect();
            let scores = ReviewScores {
                ratings,
                comment: COMMENTS[k % 3].into(),
            };
            // A supervisor does not score their own conversation.
            let _ = services.score_review(reviewer, review.id, scores).await;
        }
        Ok(())
    }
}
