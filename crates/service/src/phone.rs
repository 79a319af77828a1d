//! The support number's greeting (docs/POLICY.md, "Business hours"): what a
//! caller hears, in their language, from the hours of the team the number
//! belongs to — at work now (and put through to `phone_forward_to` when
//! set), or when people are back, with the ways to reach us meanwhile —
//! and the check that a webhook came from the telephony provider
//! (Twilio's `X-Twilio-Signature`).

use std::net::IpAddr;

use base64::Engine;
use hmac::{Hmac, Mac};

use marketdesk_domain::i18n::Lang;
use marketdesk_messages::tr;

use crate::chat::{back_at_work, opening_hours};
use crate::kernel::limits;
use crate::{Recovery, Result, Services, now_ms};

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

/// Compares two signatures in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

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
    /// Whether a webhook request for `path_and_query` (as received) with
    /// its POST `params` carries the provider's signature for this shop's
    /// public URL. Without an auth token configured nothing is accepted.
    pub fn twilio_request_valid(
        &self,
        path_and_query: &str,
        params: &[(String, String)],
        signature: &str,
    ) -> bool {
        let Some(token) = self.settings.twilio_auth_token.as_deref() else {
            return false;
        };
        let url = format!(
            "{}{path_and_query}",
            self.settings.public_url.trim_end_matches('/')
        );
        url_variants(&url)
            .iter()
            .any(|url| same(&twilio_signature(token, url, params), signature))
    }

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
