//! Language detection for the languages the shop serves.
//!
//! Customer messages are short ("refund?", "hola", "到哪了"), which is where
//! general-purpose n-gram detectors are weakest. The languages we must tell
//! apart are easy to separate with cheap cues: Chinese by its script, Spanish
//! from English by accents, ñ/¿/¡ and very common words. Japanese (kana) and
//! Korean (hangul) are recognised by script so they are not taken for Chinese.

use crate::features::{fold, is_han};

/// Very common Spanish words, accents folded. Words shared with English
/// ("no", "me", "a") are left out.
const ES_WORDS: &[&str] = &[
    "de",
    "la",
    "que",
    "el",
    "en",
    "los",
    "se",
    "del",
    "las",
    "por",
    "un",
    "una",
    "para",
    "con",
    "mi",
    "mis",
    "es",
    "lo",
    "como",
    "pero",
    "le",
    "ya",
    "este",
    "esta",
    "esto",
    "porque",
    "cuando",
    "muy",
    "sin",
    "sobre",
    "tambien",
    "hasta",
    "hay",
    "donde",
    "desde",
    "todo",
    "nos",
    "y",
    "yo",
    "tu",
    "te",
    "su",
    "sus",
    "al",
    "pedido",
    "pedidos",
    "hola",
    "gracias",
    "quiero",
    "quisiera",
    "necesito",
    "puedo",
    "puede",
    "pueden",
    "tengo",
    "tiene",
    "llego",
    "llegado",
    "llega",
    "favor",
    "envio",
    "cuenta",
    "contrasena",
    "reembolso",
    "devolver",
    "devolucion",
    "cancelar",
    "ayuda",
    "buenas",
    "buenos",
    "dias",
    "tardes",
    "noches",
    "cual",
    "cuanto",
    "cuantos",
    "cuales",
    "estoy",
    "esta",
    "han",
    "he",
    "ha",
    "fue",
    "sido",
    "mas",
    "pero",
    "compra",
    "compre",
    "pague",
    "pago",
    "cobro",
    "cobraron",
    "factura",
    "cambiar",
    "direccion",
    "correo",
    "ningun",
    "nadie",
    "ahora",
    "todavia",
    "aun",
    "hacer",
    "tienda",
    "producto",
    "paquete",
    "quien",
    "algo",
    "vale",
    "ok",
    "si",
    "pues",
    "oye",
    "saludos",
    "adios",
    "hablar",
    "persona",
    "agente",
    "cupon",
    "descuento",
    "articulo",
    "quedan",
    "queda",
    "llegaron",
    "talla",
    "nunca",
    "roto",
    "rota",
];

/// Very common English words.
const EN_WORDS: &[&str] = &[
    "the", "is", "are", "my", "i", "to", "of", "and", "for", "it", "in", "on", "you", "your",
    "can", "how", "what", "where", "when", "do", "does", "did", "not", "have", "has", "with",
    "this", "that", "please", "order", "hi", "hello", "hey", "thanks", "thank", "want", "need",
    "would", "get", "was", "be", "account", "refund", "help", "still", "yet", "why", "will",
    "it's", "i'm", "im", "dont", "don't", "from", "been", "an", "at", "just", "got", "there",
    "they", "which", "any", "up", "out", "about", "could", "should", "password", "package", "item",
    "return", "cancel", "change", "address", "delivery", "shipping", "money", "charged", "card",
    "payment", "invoice", "email", "phone", "agent", "human", "someone", "we", "our", "if", "or",
    "but", "so", "all", "one", "days", "week", "ok", "okay", "yes", "thx", "pls", "plz", "u", "ur",
    "wrong", "never", "arrived", "received", "bye", "good", "morning",
];

/// Detects the language of `text`: `"zh"`, `"es"`, `"en"`, `"ja"`, `"ko"`, or
/// `"other"` when there is nothing to go on (only digits and symbols).
pub fn detect_language(text: &str) -> &'static str {
    let mut han = 0usize;
    let mut kana = 0usize;
    let mut hangul = 0usize;
    let mut latin_letters = 0usize;
    let mut es_marks = 0usize;
    for c in text.chars() {
        if is_han(c) {
            han += 1;
        } else if matches!(c, '\u{3040}'..='\u{30FF}') {
            kana += 1;
        } else if matches!(c, '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}') {
            hangul += 1;
        } else if c.is_alphabetic() {
            latin_letters += 1;
            if matches!(
                c,
                'ñ' | 'Ñ' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'Á' | 'É' | 'Í' | 'Ó' | 'Ú'
            ) {
                es_marks += 1;
            }
        } else if matches!(c, '¿' | '¡') {
            es_marks += 1;
        }
    }
    if kana > 0 && kana * 4 >= han {
        return "ja";
    }
    if hangul > 0 && hangul >= han {
        return "ko";
    }
    // A Chinese message often carries Latin names ("SF", "paypal", "app"):
    // one ideograph weighs like a short word.
    if han > 0 && han * 3 >= latin_letters {
        return "zh";
    }
    if latin_letters == 0 {
        return "other";
    }
    let mut es = es_marks * 2;
    let mut en = 0usize;
    // Codes are no words: the "SO" of "SO-240204" is not English "so".
    for word in text
        .split_whitespace()
        .filter(|token| !token.chars().any(|c| c.is_ascii_digit()))
        .flat_map(|token| token.split(|c: char| !(c.is_alphanumeric() || c == '\'')))
        .filter(|w| !w.is_empty())
    {
        let w: String = word.chars().map(fold).collect();
        if ES_WORDS.contains(&w.as_str()) {
            es += 1;
        }
        if EN_WORDS.contains(&w.as_str()) {
            en += 1;
        }
    }
    if es > en {
        "es"
    } else if en > 0 || es == en {
        // Latin script without Spanish cues: English is the safer default.
        "en"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::detect_language;

    #[test]
    fn samples() {
        for (text, lang) in [
            ("where is my order SO-240101?", "en"),
            ("refund?", "en"),
            ("hi", "en"),
            ("pls help", "en"),
            ("¿Dónde está mi pedido?", "es"),
            ("hola", "es"),
            ("quiero cancelar el pedido 240101", "es"),
            ("no me ha llegado nada", "es"),
            ("hola, mi order SO-240204 no llega", "es"),
            ("Leather Penny Loafers talla 44 no me quedan", "es"),
            ("Wireless Earbuds Pro no llegaron", "es"),
            ("contrasena olvidada", "es"),
            ("我的订单到哪了", "zh"),
            ("订单 SO-240101 还没发货", "zh"),
            ("我用paypal付款失败了", "zh"),
            ("谢谢", "zh"),
            ("注文はどこですか", "ja"),
            ("주문이 어디 있나요", "ko"),
            ("240101", "other"),
            ("", "other"),
        ] {
            assert_eq!(detect_language(text), lang, "{text}");
        }
    }
}
