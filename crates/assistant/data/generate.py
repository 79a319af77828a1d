#!/usr/bin/env python3
"""Builds the assistant's training and development data from intents/*.toml.

Each intent has one file, intents/<intent>.toml, with a table per language
(en, zh, es) holding `templates` (training messages; {slot} is filled from
slots.toml) and `dev` (the development split, for tuning). This script:

- writes train.jsonl: every template once as written, then variants with the
  slots drawn again and the noise real customers add (case, punctuation, a
  typo, missing accents, a greeting or thanks around the message) until the
  cell has MIN_PER_CELL messages or VARIANT_PASSES passes are done;
- writes dev.jsonl: the `dev` phrases, as written;
- checks the frozen test split (frozen/test.jsonl) against its recorded
  SHA-256, and drops any training line equal to a test or dev message (case,
  accents and punctuation aside) so both stay held out. See frozen/README.md.

Deterministic: each (intent, language) has its own seeded random generator, so
editing one intent's phrases does not redraw the slots and noise of the others.
Python 3.11+ standard library only.

    python3 crates/assistant/data/generate.py           # write train.jsonl and dev.jsonl
    python3 crates/assistant/data/generate.py --check   # fail if they are stale or the frozen split changed
"""
import hashlib
import json
import random
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGUAGES = ("en", "zh", "es")
SEED = 20240101
MIN_PER_CELL = 48
VARIANT_PASSES = 4
SLOT = re.compile(r"\{([a-z_]+)\}")

# Said around a message by customers who are not greeting or thanking.
GREET = {
    "en": ["hi ", "hello, ", "hey, ", "Hi there, ", "good morning, ", "Good afternoon, "],
    "zh": ["你好，", "您好，", "在吗？", "亲，", "客服你好，", "hello "],
    "es": ["hola ", "Hola, ", "buenas, ", "buenos días, ", "Oye, ", "Hola buenas, "],
}
THANK = {
    "en": [" thanks", " thank you", " thx", ". Thanks in advance", " pls"],
    "zh": ["，谢谢", " 谢谢", "，麻烦了", "，辛苦了", "，急"],
    "es": [" gracias", ". Gracias", " muchas gracias", " por favor", ", saludos"],
}
# What people put before the point ("I need help with", "can you tell me").
FILLER = {
    "en": ["I need help with this: ", "can you tell me ", "could you help me, ", "I'd like to know ",
           "help me ", "I have a question, ", "can u help me ", "i wanna know ", "quick question: ",
           "hey i need some help ", "I need assistance. ", "hello, i was wondering "],
    "zh": ["我想问一下，", "请帮我看看", "能不能帮我", "想咨询一下", "我有个问题，", "客服，", "帮忙看下"],
    "es": ["necesito ayuda, ", "me puedes decir ", "quisiera saber ", "ayudame, ", "tengo una duda: ",
           "una pregunta, ", "me podrias ayudar? ", "hola, necesito saber "],
}
# Text-speak, each swap taken or not on its own.
TEXTSPEAK = {
    "en": [(r"\byou\b", ["u"]), (r"\byour\b", ["ur"]), (r"\bplease\b", ["pls", "plz"]),
           (r"\bwant to\b", ["wanna"]), (r"\bgoing to\b", ["gonna"]), (r"\b(I am|I'm)\b", ["im", "i'm"]),
           (r"\bwhat is\b", ["whats"]), (r"\bwhere is\b", ["wheres"]), (r"\bdon't\b", ["dont"]),
           (r"\bcan't\b", ["cant"]), (r"\bare\b", ["r"]), (r"\bthanks\b", ["thx", "ty"]),
           (r"\bbecause\b", ["cuz", "bc"]), (r"\bhave to\b", ["gotta"]), (r"\bwhy\b", ["y"])],
    "es": [(r"\bque\b", ["q", "k"]), (r"\bpor favor\b", ["porfa", "xfa", "pf"]), (r"\bpor qu[eé]\b", ["xq"]),
           (r"\bporque\b", ["pq", "xq"]), (r"\btambi[eé]n\b", ["tb"]), (r"\bquiero\b", ["kiero"]),
           (r"\bestoy\b", ["toy"]), (r"\bpara\b", ["pa"]), (r"\bde\b", ["d"]), (r"\bmucho\b", ["mxo"])],
}
CURSE = {
    "en": ["damn ", "wtf ", "ffs ", "seriously, "],
    "zh": ["靠，", "真是的，", "搞什么，"],
    "es": ["joder, ", "hostia, ", "en serio, "],
}
# Words customers use for the same thing: a template with one gets
# variants with the others (longest phrases first).
SYNONYMS = {
    "en": [
        ["cancellation fee", "termination fee", "early termination penalty", "early exit fee",
         "cancellation penalty", "exit fee", "cancellation charge", "early termination fee", "withdrawal fee",
         "withdrawal penalty"],
        ["refund", "reimbursement", "restitution", "money back", "repayment", "compensation"],
        ["cancel", "call off", "annul", "revoke"],
        ["complaint", "grievance", "formal complaint", "consumer claim"],
        ["invoice", "bill", "receipt"],
        ["password", "pass", "passcode", "login password", "access key", "PIN", "credentials"],
        ["delivery options", "shipping methods", "shipping options", "delivery methods", "ways to ship",
         "shipment methods", "shipping modes"],
        ["payment methods", "payment options", "ways to pay", "payment modalities"],
        ["newsletter", "mailing list", "promo emails", "marketing emails"],
        ["customer service", "customer support", "the support team", "your helpdesk"],
        ["a human", "a real person", "a live agent", "an actual person", "a representative"],
        ["account", "profile", "user account"],
    ],
    "es": [
        ["gastos de cancelación", "penalización por cancelar", "comisión de cancelación", "cargo por cancelar",
         "penalización por baja anticipada"],
        ["reembolso", "reintegro", "devolución del dinero"],
        ["reclamación", "queja", "reclamo", "reclamación formal"],
        ["factura", "recibo", "comprobante"],
        ["contraseña", "clave", "password"],
        ["métodos de pago", "formas de pago", "maneras de pagar"],
        ["una persona", "un humano", "un agente", "alguien de verdad"],
        ["cuenta", "perfil", "usuario"],
    ],
    "zh": [
        ["违约金", "取消费", "手续费", "提前解约费"],
        ["退款", "退钱", "退费", "返款"],
        ["发票", "收据", "票据"],
        ["密码", "登录密码"],
        ["付款方式", "支付方式"],
        ["人工", "真人客服", "人工客服"],
        ["账号", "账户"],
    ],
}
SYNONYM_VARIANTS = 2
# Everyday words, swapped wherever they occur: one variant per template, so
# they widen the vocabulary without outweighing the intent's own words.
GENERIC_SYNONYMS = {
    "en": [
        ["order", "purchase"],
        ["change", "modify", "alter", "update", "amend"],
        ["see", "check", "view", "look at", "consult"],
        ["sign up", "register", "enroll", "enrol"],
        ["problem", "issue", "trouble"],
        ["package", "parcel", "shipment"],
        ["delete my account", "remove my account", "close my account", "terminate my account",
         "deactivate my account"],
    ],
    "es": [
        ["pedido", "compra", "orden"],
        ["cambiar", "modificar", "actualizar"],
        ["ver", "consultar", "revisar"],
        ["registrarme", "darme de alta", "inscribirme"],
        ["problema", "fallo", "inconveniente"],
        ["paquete", "envío", "bulto"],
    ],
    "zh": [
        ["订单", "单子"],
        ["修改", "更改"],
        ["查看", "查询", "看看"],
        ["包裹", "快递", "件"],
    ],
}
# The ways customers wrap what they want: an intent's `actions` (verb
# phrases) and `topics` (noun phrases) are each put into a few of these, so
# the model learns the request apart from the words around it.
ACTION_FRAMES = {
    "en": ["I want to {a}", "i wanna {a}", "I need to {a}", "I'd like to {a}", "can you help me {a}?",
           "could you help me to {a}", "help me {a}", "how do I {a}?", "how can i {a}", "how to {a}",
           "where can I {a}?", "I need assistance to {a}", "I need help to {a}", "is it possible to {a}?",
           "what do I have to do to {a}?", "I'm trying to {a}", "I have got to {a}", "I don't know how to {a}",
           "would it be possible to {a}", "tell me how to {a}", "I want help to {a}", "can I {a}?"],
    "zh": ["我想{a}", "我要{a}", "想{a}", "怎么{a}", "怎么{a}啊", "如何{a}", "帮我{a}", "能帮我{a}吗", "我需要{a}",
           "请问在哪里可以{a}", "在哪{a}", "我该怎么{a}", "{a}要怎么操作", "请问怎么{a}", "可以{a}吗", "亲，我想{a}"],
    "es": ["quiero {a}", "kiero {a}", "necesito {a}", "me gustaría {a}", "¿cómo puedo {a}?", "como {a}",
           "¿me ayudas a {a}?", "ayúdame a {a}", "¿me pueden ayudar a {a}?", "¿dónde puedo {a}?",
           "¿qué tengo que hacer para {a}?", "no sé cómo {a}", "¿es posible {a}?", "¿se puede {a}?",
           "estoy intentando {a}", "necesito ayuda para {a}", "tengo que {a}", "quisiera {a}"],
}
TOPIC_FRAMES = {
    "en": ["{t}", "information about {t}", "I need information about {t}", "I have a question about {t}",
           "help with {t}", "I need help with {t}", "I need info on {t}", "tell me about {t}",
           "can you give me some information about {t}?", "question about {t}", "i want to know about {t}",
           "info about {t} pls", "can you tell me about {t}"],
    "zh": ["{t}", "关于{t}", "我想了解一下{t}", "想咨询{t}", "{t}的问题", "咨询一下{t}", "请问{t}", "问下{t}"],
    "es": ["{t}", "información sobre {t}", "info sobre {t}", "tengo una duda sobre {t}", "ayuda con {t}",
           "consulta sobre {t}", "quiero información sobre {t}", "una pregunta sobre {t}",
           "necesito ayuda con {t}"],
}
FRAMES_PER_ACTION = 3
FRAMES_PER_TOPIC = 2
ZH_ENDINGS = ["呢", "啊", "呀", "？", "？？", "。", "!", "哈", "~"]
ZH_OPENINGS = ["请问", "麻烦问下，", "那个", "亲 ", "问一下"]
SOCIAL = ("greeting", "thanks", "other")


class DataError(Exception):
    pass


def normalized(text):
    """The text as the held-out checks compare it: lower case, no accents or punctuation."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if c.isalnum())


def strip_accents(text, rng):
    out = []
    for ch in text:
        if ch in "¿¡":
            continue
        if ch in "ñÑ":
            out.append(ch if rng.random() < 0.5 else ("n" if ch == "ñ" else "N"))
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in decomposed if unicodedata.category(c) != "Mn"))
    return "".join(out)


def typo(text, rng):
    """Swaps, drops or doubles one letter of one longer word."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    k = rng.randrange(1, len(w) - 2)
    r = rng.random()
    if r < 0.4:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    elif r < 0.7:
        w = w[:k] + w[k + 1:]
    else:
        w = w[:k] + w[k] + w[k:]
    words[i] = w
    return " ".join(words)


def noisy(text, lang, intent, rng):
    if lang == "zh":
        if rng.random() < 0.35:
            text = text.rstrip("。？！?!，")
        if rng.random() < 0.1:
            text = text.replace("，", " ").replace("。", " ")
        if rng.random() < 0.3:
            text = text.rstrip("。？！?!") + rng.choice(ZH_ENDINGS)
        if rng.random() < 0.12 and intent not in SOCIAL:
            text = rng.choice(ZH_OPENINGS) + text
    else:
        r = rng.random()
        if r < 0.4:
            text = text.lower()
        elif r < 0.45:
            text = text.upper()
        elif r < 0.7:
            text = text[:1].upper() + text[1:]
        if rng.random() < 0.35:
            text = text.rstrip(".?!")
        if rng.random() < 0.2:
            text = typo(text, rng)
        if lang == "es" and rng.random() < 0.4:
            text = strip_accents(text, rng)
    if lang in TEXTSPEAK and rng.random() < 0.3:
        for pattern, swaps in TEXTSPEAK[lang]:
            if rng.random() < 0.6:
                text = re.sub(pattern, lambda m: rng.choice(swaps), text, flags=re.IGNORECASE)
    if intent not in SOCIAL:
        if rng.random() < 0.15:
            text = rng.choice(FILLER[lang]) + (text[:1].lower() + text[1:] if lang != "zh" else text)
        if rng.random() < 0.04:
            text = rng.choice(CURSE[lang]) + text
        if rng.random() < 0.1:
            text = rng.choice(GREET[lang]) + text
        if rng.random() < 0.08:
            text = text + rng.choice(THANK[lang])
    return text.strip()


def synonym_variants(template, lang, rng):
    """The template with one of its words swapped for another customers use."""
    out = []
    groups = [(g, SYNONYM_VARIANTS) for g in SYNONYMS.get(lang, [])]
    groups += [(g, 1) for g in GENERIC_SYNONYMS.get(lang, [])]
    for group, variants in groups:
        for word in sorted(group, key=len, reverse=True):
            if lang == "zh":
                found = word in template
                pattern = re.escape(word)
            else:
                pattern = r"(?<!\{)\b" + re.escape(word) + r"\b(?!\})"
                found = re.search(pattern, template, flags=re.IGNORECASE) is not None
            if found:
                others = [w for w in group if w != word]
                for other in rng.sample(others, min(variants, len(others))):
                    out.append(re.sub(pattern, other, template, count=1, flags=re.IGNORECASE))
                break
    return out


def slot_values(slots, name, lang):
    values = slots[name]
    return values[lang] if isinstance(values, dict) else values


def fill(template, lang, slots, rng):
    return SLOT.sub(lambda m: rng.choice(slot_values(slots, m.group(1), lang)), template)


def load_intents():
    """{intent: {lang: {"templates": [...], "dev": [...]}}}, checked, in file-name order."""
    intents = {}
    for path in sorted((HERE / "intents").glob("*.toml")):
        with path.open("rb") as f:
            table = tomllib.load(f)
        if sorted(table) != sorted(LANGUAGES):
            raise DataError(f"{path.name}: needs exactly the tables {LANGUAGES}, has {sorted(table)}")
        for lang, cell in table.items():
            if not {"dev", "templates"} <= set(cell) <= {"dev", "templates", "actions", "topics"} \
                    or not cell["templates"]:
                raise DataError(
                    f"{path.name} [{lang}]: needs non-empty `templates` and `dev` lists "
                    "(and may have `actions` and `topics`)"
                )
        intents[path.stem] = table
    if not intents:
        raise DataError("no intents/*.toml")
    return intents


def load_slots():
    with (HERE / "slots.toml").open("rb") as f:
        slots = tomllib.load(f)
    for name, values in slots.items():
        for lang in LANGUAGES:
            vals = values.get(lang) if isinstance(values, dict) else values
            if not vals:
                raise DataError(f"slots.toml: `{name}` has no values for {lang}")
    return slots


def check_slots(intents, slots):
    for intent, table in intents.items():
        for lang, cell in table.items():
            for template in cell["templates"] + cell.get("actions", []) + cell.get("topics", []):
                for name in SLOT.findall(template):
                    if name not in slots:
                        raise DataError(f"{intent} [{lang}]: unknown slot {{{name}}} in {template!r}")
                if "{" in SLOT.sub("", template) or "}" in SLOT.sub("", template):
                    raise DataError(f"{intent} [{lang}]: stray brace in {template!r}")


def frozen_test():
    """The frozen test split's text, after checking it against its recorded checksum."""
    data = (HERE / "frozen" / "test.jsonl").read_bytes()
    recorded = (HERE / "frozen" / "test.jsonl.sha256").read_text().split()[0]
    actual = hashlib.sha256(data).hexdigest()
    if actual != recorded:
        raise DataError(
            "frozen/test.jsonl no longer matches its recorded SHA-256: the frozen test split "
            "is never edited (see frozen/README.md)"
        )
    return data.decode("utf-8")


def line(text, intent, lang):
    return json.dumps({"text": text, "intent": intent, "language": lang}, ensure_ascii=False) + "\n"


def dev_jsonl(intents):
    return "".join(
        line(text, intent, lang)
        for intent, table in intents.items()
        for lang in LANGUAGES
        for text in table[lang]["dev"]
    )


def train_jsonl(intents, slots, held_out):
    seen = set(held_out)
    out = []
    for intent, table in intents.items():
        for lang in LANGUAGES:
            rng = random.Random(f"{SEED}/{intent}/{lang}")
            templates = list(table[lang]["templates"])
            templates += [v for t in table[lang]["templates"] for v in synonym_variants(t, lang, rng)]
            count = 0
            for variant in range(1 + VARIANT_PASSES):
                if variant > 1 and count >= MIN_PER_CELL:
                    break
                for template in templates:
                    text = fill(template, lang, slots, rng)
                    if variant > 0:
                        text = noisy(text, lang, intent, rng)
                    key = normalized(text)
                    if not key or key in seen:
                        continue
                    seen.add(key)
                    out.append(line(text, intent, lang))
                    count += 1
            for text in framed(table[lang], lang, slots, rng):
                text = noisy(text, lang, intent, rng) if rng.random() < 0.5 else text
                key = normalized(text)
                if key and key not in seen:
                    seen.add(key)
                    out.append(line(text, intent, lang))
    return "".join(out)


def framed(cell, lang, slots, rng):
    """The cell's actions and topics (and their synonym variants), each in a few frames."""
    for kind, frames, per, slot in (
        ("actions", ACTION_FRAMES[lang], FRAMES_PER_ACTION, "{a}"),
        ("topics", TOPIC_FRAMES[lang], FRAMES_PER_TOPIC, "{t}"),
    ):
        phrases = list(cell.get(kind, []))
        phrases += [v for p in cell.get(kind, []) for v in synonym_variants(p, lang, rng)[:1]]
        for phrase in phrases:
            for frame in rng.sample(frames, per):
                yield fill(frame.replace(slot, phrase), lang, slots, rng)


def build():
    """{file name: content} of the generated files."""
    intents = load_intents()
    slots = load_slots()
    check_slots(intents, slots)
    dev = dev_jsonl(intents)
    holdout = "".join(
        path.read_text(encoding="utf-8") for path in sorted((HERE / "holdout").glob("*.jsonl"))
    )
    held_out = {
        normalized(json.loads(l)["text"])
        for l in (dev + frozen_test() + holdout).splitlines()
        if l.strip()
    }
    return {"train.jsonl": train_jsonl(intents, slots, held_out), "dev.jsonl": dev}


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), 1):
        if x != y:
            return f"line {i}: committed {x!r}, generated {y!r}"
    return f"committed {len(a.splitlines())} lines, generated {len(b.splitlines())}"


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        files = build()
    except (DataError, OSError, tomllib.TOMLDecodeError) as e:
        print(f"generate.py: {e}", file=sys.stderr)
        return 1
    stale = []
    for name, content in files.items():
        path = HERE / name
        if check:
            committed = path.read_text(encoding="utf-8") if path.exists() else ""
            if committed != content:
                stale.append(f"{name} is stale ({first_difference(committed, content)})")
        else:
            path.write_text(content, encoding="utf-8")
            print(f"{name}: {content.count(chr(10))} examples")
    if stale:
        for s in stale:
            print(f"generate.py --check: {s}", file=sys.stderr)
        print("run python3 crates/assistant/data/generate.py and commit the result", file=sys.stderr)
        return 1
    if check:
        print("generate.py --check: train.jsonl and dev.jsonl are up to date; frozen split unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
