//! The support number's greeting (docs/POLICY.md, "Business hours"): what a
//! caller hears, in their language, from the hours of the team the number
//! belongs to — at work now (and put through to `phone_forward_to` when
//! set), or when people are back, with the ways to reach us meanwhile.

use std::net::IpAddr;

use marketdesk_domain::i18n::Lang;
use marketdesk_messages::tr;

use crate::chat::{back_at_work, opening_hours};
use crate::kernel::limits;
use crate::{Recovery, Result, Services, now_ms};

/// What the phone line says and does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneGreeting {
    /// Spoken first.
    pub greeting: String,
    /// Where the call is put through, while people are at work.
    pub forward_to: Option<String>,
    /// Spoken when nobody takes the forwarded call, or after the greeting.
    pub farewell: String,
}

impl Services {
    /// The greeting for a call to a number of `team` (none: the default
    /// hours), in `lang`; anonymous, counted per client across nodes.
    pub async fn phone_greeting(
        &self,
        lang: Lang,
        team: Option<i64>,
        client: Option<IpAddr>,
    ) -> Result<PhoneGreeting> {
        if let Some(client) = client {
            let key = limits::client_key(client);
            self.take_limit(limits::PHONE_CALLS, &key, Recovery::Wait)
                .await?;
        }
        let contact = &self.policy().contact;
        let shop = self.policy().shop.name.clone();
        let hours = self.hours_of_team(team).await?;
        let zone = hours.hours.time_zone.clone();
        let words = opening_hours(&hours.hours, lang);
        let farewell = tr!(lang, "phone-alternatives", email = contact.email.clone()).to_string();
        let now = now_ms();
        if let Some((day, time)) = back_at_work(&hours.schedule, now, lang) {
            let greeting = tr!(
                lang,
                "phone-greeting-closed",
                shop = shop,
                day = day,
                time = time,
                zone = zone.clone(),
            );
            let hours = tr!(lang, "phone-hours", hours = words, zone = zone);
            return Ok(PhoneGreeting {
                greeting: format!("{greeting} {hours}"),
                forward_to: None,
                farewell,
            });
        }
        let forward_to = contact.phone_forward_to.clone();
        let greeting = if forward_to.is_some() {
            tr!(lang, "phone-greeting-connecting", shop = shop)
        } else {
            let open = tr!(lang, "phone-greeting-open", shop = shop);
            let hours = tr!(lang, "phone-hours", hours = words, zone = zone);
            format!("{open} {hours}")
        };
        Ok(PhoneGreeting {
            greeting: greeting.to_string(),
            forward_to,
            farewell,
        })
    }
}
