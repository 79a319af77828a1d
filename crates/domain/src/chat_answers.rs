//! Reading a customer's short answers in the chat (English, Spanish,
//! Chinese): a country as a two-letter code or by its name, and the
//! phrases that leave whatever the assistant was asking.

/// Countries by the names people type, in the three languages.
const COUNTRY_NAMES: &[(&str, &[&str])] = &[
    ("ES", &["spain", "españa", "espana", "西班牙"]),
    ("CN", &["china", "中国", "中國", "中华人民共和国"]),
    (
        "US",
        &[
            "united states",
            "usa",
            "u.s.",
            "u.s.a.",
            "america",
            "estados unidos",
            "eeuu",
            "ee.uu.",
            "美国",
            "美國",
        ],
    ),
    (
        "GB",
        &[
            "united kingdom",
            "uk",
            "u.k.",
            "great britain",
            "england",
            "reino unido",
            "inglaterra",
            "英国",
            "英國",
        ],
    ),
    ("FR", &["france", "francia", "法国", "法國"]),
    (
        "DE",
        &["germany", "alemania", "deutschland", "德国", "德國"],
    ),
    ("IT", &["italy", "italia", "意大利"]),
    ("PT", &["portugal", "葡萄牙"]),
    (
        "NL",
        &[
            "netherlands",
            "holland",
            "países bajos",
            "paises bajos",
            "holanda",
            "荷兰",
        ],
    ),
    ("MX", &["mexico", "méxico", "墨西哥"]),
    ("AR", &["argentina", "阿根廷"]),
    ("CO", &["colombia", "哥伦比亚"]),
    ("CL", &["chile", "智利"]),
    ("PE", &["peru", "perú", "秘鲁"]),
    ("CA", &["canada", "canadá", "加拿大"]),
    ("JP", &["japan", "japón", "japon", "日本"]),
    (
        "KR",
        &["south korea", "korea", "corea del sur", "corea", "韩国"],
    ),
    ("HK", &["hong kong", "香港"]),
    ("TW", &["taiwan", "taiwán", "台湾", "台灣"]),
    ("SG", &["singapore", "singapur", "新加坡"]),
    ("AU", &["australia", "澳大利亚", "澳洲"]),
    ("IE", &["ireland", "irlanda", "爱尔兰"]),
    ("BE", &["belgium", "bélgica", "belgica", "比利时"]),
    ("CH", &["switzerland", "suiza", "瑞士"]),
    ("AT", &["austria", "奥地利"]),
    ("PL", &["poland", "polonia", "波兰"]),
    ("SE", &["sweden", "suecia", "瑞典"]),
    ("BR", &["brazil", "brasil", "巴西"]),
];

/// Two-letter codes people use for countries (ISO 3166-1 alpha-2 of the
/// table above, plus the common ones of the shop's markets).
fn known_code(code: &str) -> bool {
    COUNTRY_NAMES.iter().any(|(c, _)| *c == code)
}

/// The two-letter country code an answer names, if it names one.
pub fn country_code(answer: &str) -> Option<String> {
    let text = answer
        .trim()
        .trim_end_matches(['.', '。', '!', '！'])
        .trim();
    if text.chars().count() == 2 && text.chars().all(|c| c.is_ascii_alphabetic()) {
        let code = text.to_ascii_uppercase();
        // "UK" is what people write for GB.
        let code = if code == "UK" { "GB".to_owned() } else { code };
        return known_code(&code).then_some(code);
    }
    let lower = text.to_lowercase();
    COUNTRY_NAMES
        .iter()
        .find(|(_, names)| names.iter().any(|n| lower == *n))
        .map(|(code, _)| (*code).to_owned())
}

/// Whether the customer wants to stop what the assistant was asking.
pub fn leaves_the_flow(answer: &str) -> bool {
    let text = answer
        .trim()
        .trim_end_matches(['.', '。', '!', '！', '?', '？'])
        .trim()
        .to_lowercase();
    const PHRASES: &[&str] = &[
        "never mind",
        "nevermind",
        "nvm",
        "forget it",
        "forget about it",
        "stop",
        "cancel that",
        "leave it",
        "no thanks",
        "no thank you",
        "not anymore",
        "skip it",
        "déjalo",
        "dejalo",
        "olvídalo",
        "olvidalo",
        "da igual",
        "no importa",
        "nada",
        "ya no",
        "déjalo así",
        "mejor no",
        "算了",
        "不用了",
        "没事了",
        "没事",
        "不要了",
        "取消吧",
        "算了吧",
    ];
    PHRASES.contains(&text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_by_code_or_name_in_three_languages() {
        assert_eq!(country_code("es").as_deref(), Some("ES"));
        assert_eq!(country_code(" ES. ").as_deref(), Some("ES"));
        assert_eq!(country_code("España").as_deref(), Some("ES"));
        assert_eq!(country_code("西班牙").as_deref(), Some("ES"));
        assert_eq!(country_code("中国").as_deref(), Some("CN"));
        assert_eq!(country_code("Estados Unidos").as_deref(), Some("US"));
        assert_eq!(country_code("uk").as_deref(), Some("GB"));
        assert_eq!(country_code("是的"), None);
        assert_eq!(country_code("yes"), None);
        assert_eq!(country_code("ZZ"), None);
        assert_eq!(country_code("Calle Mayor 3"), None);
    }

    #[test]
    fn leaving_a_flow_in_three_languages() {
        for phrase in [
            "never mind",
            "Never mind.",
            "算了",
            "déjalo",
            "Olvídalo",
            "forget it",
        ] {
            assert!(leaves_the_flow(phrase), "{phrase}");
        }
        for answer in ["28013", "Madrid", "yes", "no", "是的", "cancel my order"] {
            assert!(!leaves_the_flow(answer), "{answer}");
        }
    }
}
