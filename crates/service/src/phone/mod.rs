//! The support number (docs/POLICY.md, "The phone line"): the check that
//! a webhook came from the telephony provider (Twilio's
//! `X-Twilio-Signature`, once: a replay is refused), the greeting that
//! knows the hours of the number's team, the menus, queue and voicemail of
//! a call (`calls`), and the tickets calls leave behind (`tickets`).

mod calls;
mod tickets;

pub use calls::{CallParams, CallStep, PhoneReply, Verb};
pub use tickets::{CallView, CallbackRequest};

use base64::Engine;
use hmac::{Hmac, Mac};

use marketdesk_domain::i18n::Lang;
use marketdesk_messages::tr;

use crate::chat::{back_at_work, opening_hours};
use crate::{Result, Services, now_ms};

/// Twilio's request signature: HMAC-SHA1 with the account's auth token
/// over the URL it requested, then each POST parameter's name and value
/// in the order of their names; base64.
pub fn twilio_signature(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let mut mac = match Hmac::<sha1::Sha1>::new_from_slice(auth_token.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The URL with and without the scheme's default port: the provider signs
/// the one it was given, and proxies may add or drop the port.
fn url_variants(url: &str) -> Vec<String> {
    let mut variants = vec![url.to_owned()];
    for (scheme, port) in [("https://", ":443"), ("http://", ":80")] {
        let Some(rest) = url.strip_prefix(scheme) else {
            continue;
        };
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if let Some(bare) = host.strip_suffix(port) {
            variants.push(format!("{scheme}{bare}{path}"));
        } else if !host.contains(':') {
            variants.push(format!("{scheme}{host}{port}{path}"));
        }
    }
    variants
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What the signature check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookCheck {
    Accepted,
    /// Not signed with the account's token.
    Forged,
    /// Signed, and answered before.
    Replayed,
}

/// Compares two signatures in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

impl Services {
    /// Whether a webhook request for `path_and_query` (as received) with
    /// its POST `params` carries the provider's signature for this shop's
    /// public URL. Without an auth token configured nothing is accepted.
    pub fn twilio_request_valid(
        &self,
        host: Option<&str>,
        path_and_query: &str,
        params: &[(String, String)],
        signature: &str,
    ) -> bool {
        let Some(token) = self.settings.twilio_auth_token.as_deref() else {
            return false;
        };
        // The provider signs the URL it requested: the shop's public URL,
        // or the host the request names when it reached us directly.
        let mut bases = vec![self.settings.public_url.trim_end_matches('/').to_owned()];
        if let Some(host) = host.filter(|h| !h.is_empty() && !h.contains(['/', ' '])) {
            bases.push(format!("https://{host}"));
            bases.push(format!("http://{host}"));
        }
        bases
            .iter()
            .flat_map(|base| url_variants(&format!("{base}{path_and_query}")))
            .any(|url| same(&twilio_signature(token, &url, params), signature))
    }

    /// Whether a webhook is the provider's (signed with the account's
    /// token) and new: the same signed request a second time is a replay.
    /// Remembered across nodes for a day.
    pub async fn accept_twilio_request(
        &self,
        host: Option<&str>,
        path_and_query: &str,
        params: &[(String, String)],
        signature: &str,
    ) -> Result<WebhookCheck> {
        if !self.twilio_request_valid(host, path_and_query, params, signature) {
            return Ok(WebhookCheck::Forged);
        }
        let now = now_ms();
        let mut tx = self.store.begin().await?;
        let first =
            marketdesk_store::calls::first_time_signed(&mut tx, signature, now, now - DAY_MS)
                .await?;
        tx.commit().await?;
        Ok(if first {
            WebhookCheck::Accepted
        } else {
            WebhookCheck::Replayed
        })
    }

    /// What a caller hears first, in `lang`, from the hours of `team`
    /// (none: the default hours): thanks, and while people are away when
    /// they are back (or the holiday that closes today) with the hours.
    pub(crate) async fn hours_greeting(
        &self,
        lang: Lang,
        team: Option<i64>,
    ) -> Result<HoursGreeting> {
        let shop = self.spoken_shop_name();
        let hours = self.hours_of_team(team).await?;
        let zone = hours.hours.time_zone.clone();
        let now = now_ms();
        let Some((day, time)) = back_at_work(&hours.schedule, now, lang) else {
            return Ok(HoursGreeting {
                text: tr!(lang, "phone-thanks", shop = shop).to_string(),
                open: true,
            });
        };
        // Closed all day for a holiday: its name says why.
        let holiday = hours
            .schedule
            .upcoming_holidays(now, 0)
            .into_iter()
            .map(|(_, name)| name)
            .find(|name| !name.is_empty());
        let greeting = match holiday {
            Some(holiday) => tr!(
                lang,
                "phone-greeting-holiday",
                shop = shop,
                holiday = holiday,
                day = day,
                time = time,
                zone = zone.clone(),
            ),
            None => tr!(
                lang,
                "phone-greeting-closed",
                shop = shop,
                day = day,
                time = time,
                zone = zone.clone(),
            ),
        };
        let words = opening_hours(&hours.hours, lang);
        let hours = tr!(lang, "phone-hours", hours = words, zone = zone);
        Ok(HoursGreeting {
            text: format!("{greeting} {hours}"),
            open: false,
        })
    }
}

impl Services {
    /// The shop's name as said before a full stop ("… S.L." not "… S.L..").
    pub(crate) fn spoken_shop_name(&self) -> String {
        self.policy().shop.name.trim_end_matches('.').to_owned()
    }
}

/// The first words of a call, and whether people are at work.
pub(crate) struct HoursGreeting {
    pub text: String,
    pub open: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_signature_is_twilios_documented_example() {
        // Twilio's security documentation: token 12345, this URL and these
        // parameters sign to GvWf1cFY/Q7PnoempGyD5oXAezc=.
        let params = pairs(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675310"),
            ("Digits", "1234"),
            ("From", "+14158675310"),
            ("To", "+18005551212"),
        ]);
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            twilio_signature("12345", url, &params),
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        );
        // The order parameters arrive in does not matter; their values do.
        let mut shuffled = params.clone();
        shuffled.reverse();
        assert_eq!(
            twilio_signature("12345", url, &shuffled),
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        );
        shuffled[0].1 = "+18005551213".into();
        assert_ne!(
            twilio_signature("12345", url, &shuffled),
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        );
    }

    #[test]
    fn ports_are_tried_with_and_without() {
        assert_eq!(
            url_variants("https://desk.example/webhooks/twilio/voice"),
            [
                "https://desk.example/webhooks/twilio/voice",
                "https://desk.example:443/webhooks/twilio/voice"
            ]
        );
        assert_eq!(
            url_variants("http://desk.example:80/v?x=1"),
            ["http://desk.example:80/v?x=1", "http://desk.example/v?x=1"]
        );
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
