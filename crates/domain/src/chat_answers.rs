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

/// Said around an answer without changing it: "yes, please", "算了，谢谢".
const POLITE: &[&str] = &[
    "please",
    "pls",
    "plz",
    "thanks",
    "thank you",
    "thx",
    "ty",
    "por favor",
    "porfa",
    "gracias",
    "muchas gracias",
    "谢谢",
    "谢谢你",
    "谢了",
    "麻烦了",
    "请",
];

/// A clear yes, and only that: "ok wait, let me ask my wife first", "好，我再想想"
/// or "si cancelo, ¿me cobran algo?" begin with a yes-word but are not one.
const YES: &[&str] = &[
    "yes",
    "y",
    "yeah",
    "yep",
    "yup",
    "ya",
    "ok",
    "okay",
    "k",
    "sure",
    "confirm",
    "confirmed",
    "correct",
    "right",
    "that's right",
    "thats right",
    "go ahead",
    "do it",
    "please do",
    "sounds good",
    "absolutely",
    "of course",
    "👍",
    "sí",
    "si",
    "vale",
    "claro",
    "claro que sí",
    "claro que si",
    "de acuerdo",
    "correcto",
    "adelante",
    "hazlo",
    "dale",
    "perfecto",
    "está bien",
    "esta bien",
    "confirmo",
    "por supuesto",
    "是",
    "是的",
    "好",
    "好的",
    "对",
    "对的",
    "确认",
    "确定",
    "可以",
    "可以的",
    "没错",
    "行",
    "好吧",
    "没问题",
];

/// A clear no.
const NO: &[&str] = &[
    "no",
    "n",
    "nope",
    "nah",
    "no way",
    "not me",
    "not really",
    "of course not",
    "definitely not",
    "absolutely not",
    "no it was not me",
    "it wasn't me",
    "it was not me",
    "it wasnt me",
    "no fui yo",
    "no era yo",
    "claro que no",
    "por supuesto que no",
    "para nada",
    "de ninguna manera",
    "tampoco",
    "不",
    "不是",
    "不是我",
    "没有",
    "不对",
    "当然不是",
    "绝对不是",
    "不是我操作的",
    "不行",
];

/// Phrases that leave whatever the assistant was asking.
const LEAVE: &[&str] = &[
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
    "dejalo asi",
    "mejor no",
    "算了",
    "不用了",
    "没事了",
    "没事",
    "不要了",
    "取消吧",
    "算了吧",
    "不用",
];

/// Whether `answer` is nothing but phrases of `wanted` (at least one) and
/// polite words, in any case, with any punctuation between them.
fn only(answer: &str, wanted: &[&str]) -> bool {
    let text = answer.trim().to_lowercase();
    let mut rest = text.as_str();
    let mut found = false;
    loop {
        rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace()
                || (c.is_ascii_punctuation() && c != '\'')
                || "。！？，、…～~¿¡".contains(c)
        });
        if rest.is_empty() {
            return found;
        }
        // The longest phrase first, so "claro que no" is not read as "claro".
        let best = wanted
            .iter()
            .map(|p| (p, true))
            .chain(POLITE.iter().map(|p| (p, false)))
            .filter(|(p, _)| {
                rest.starts_with(**p)
                    && rest[p.len()..].chars().next().is_none_or(|next| {
                        // A Latin word ends at a non-letter: "si" is not "sin".
                        !next.is_alphanumeric()
                            || !p.chars().last().is_some_and(|c| c.is_ascii_alphabetic())
                    })
            })
            .max_by_key(|(p, _)| p.len());
        match best {
            Some((phrase, is_wanted)) => {
                found |= is_wanted;
                rest = &rest[phrase.len()..];
            }
            None => return false,
        }
    }
}

/// A clear "yes" ("yes, please", "Sí.", "是的。", "好的谢谢"), and nothing else.
pub fn clear_yes(answer: &str) -> bool {
    // "yes?", "¿sí?", "是？" ask back; they do not agree.
    !answer.contains(['?', '？']) && only(answer, YES)
}

/// A clear "no" ("no", "nope", "claro que no", "不是", "no fui yo").
pub fn clear_no(answer: &str) -> bool {
    only(answer, NO)
}

/// Whether the customer wants to stop what the assistant was asking:
/// "never mind", "forget it, thanks", "olvídalo por favor", "算了，不用了".
pub fn leaves_the_flow(answer: &str) -> bool {
    only(answer, LEAVE)
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
        // With polite words and punctuation around, or two at once.
        for phrase in [
            "never mind, thanks",
            "forget it please",
            "算了，不用了",
            "算了吧谢谢",
            "不用了谢谢",
            "olvídalo, gracias",
            "déjalo por favor",
        ] {
            assert!(leaves_the_flow(phrase), "{phrase}");
        }
        assert!(!leaves_the_flow("never mind the colour, change the size"));
    }

    #[test]
    fn a_yes_is_only_a_yes() {
        for y in [
            "yes",
            "Yes!",
            "yes, please",
            "Sí.",
            "si",
            "claro que sí",
            "是的。",
            "好的谢谢",
            "ok",
            "👍",
            "vale, gracias",
        ] {
            assert!(clear_yes(y), "{y}");
        }
        for not_yes in [
            "ok wait, let me ask my wife first",
            "si cancelo, ¿me cobran algo?",
            "claro que no",
            "好，我再想想",
            "好的，但是我不太确定",
            "sure, but how long does the refund take?",
            "y si mejor el sábado?",
            "sin prisa",
            "yes?",
            "¿sí?",
            "是？",
            "嗯",
            "no",
            "maybe",
            "取消",
        ] {
            assert!(!clear_yes(not_yes), "{not_yes}");
        }
        for n in [
            "no",
            "No.",
            "nope",
            "claro que no",
            "不是",
            "不是我",
            "no fui yo",
            "of course not",
        ] {
            assert!(clear_no(n), "{n}");
        }
        for not_no in ["yes", "no idea, what do you think", "不是很清楚"] {
            assert!(!clear_no(not_no), "{not_no}");
        }
    }
}
