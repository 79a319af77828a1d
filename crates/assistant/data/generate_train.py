#!/usr/bin/env python3
"""Builds data/train.jsonl from the templates and slot values below.

Every template and slot value was written for marketdesk. The generator fills
slots, then adds the noise real customers add (lower case, missing
punctuation, a typo, missing accents, a greeting in front). Deterministic:
fixed seed. Run from anywhere: python3 crates/assistant/data/generate_train.py
The held-out evaluation set (eval.jsonl) is written by hand, not generated.
"""
import json, os, random, unicodedata

from templates_train import T, SLOTS
from templates_train2 import T2

for _intent, _by_lang in T2.items():
    for _lang, _text in _by_lang.items():
        T[_intent][_lang] = T[_intent][_lang] + _text

PER = 36  # target examples per intent and language

rng = random.Random(20240101)

def strip_accents(s):
    out = []
    for ch in s:
        if ch in "¿¡":
            continue
        if ch in "ñÑ":
            out.append(ch if rng.random() < 0.5 else ("n" if ch == "ñ" else "N"))
            continue
        d = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in d if unicodedata.category(c) != "Mn"))
    return "".join(out)

def typo(s):
    words = s.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not idx:
        return s
    i = rng.choice(idx)
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

GREET = {"en": ["hi ", "hello, ", "hey ", "Hi there, ", "good morning, "],
         "es": ["hola ", "Hola, ", "buenas, ", "buenos días, ", "Buenas tardes. "],
         "zh": ["你好，", "您好，", "在吗？", "亲，", "客服你好，"]}
THANK = {"en": [" thanks", " thank you", " thx", ". Thanks in advance"],
         "es": [" gracias", ". Gracias", " muchas gracias", ", gracias de antemano"],
         "zh": ["，谢谢", " 谢谢", "，麻烦了", "，辛苦了"]}

def noisy(text, lang, intent):
    if lang == "zh":
        if rng.random() < 0.35:
            text = text.rstrip("。？！?!，")
        if rng.random() < 0.15:
            text = text.replace("，", " ").replace("。", " ")
        if rng.random() < 0.35:
            text = text.rstrip("。？！?!") + rng.choice(["呢", "啊", "呀", "？", "？？", "。", "!", "哈"])
        if rng.random() < 0.12 and intent not in ("greeting", "thanks"):
            text = rng.choice(["请问", "麻烦问下，", "那个", "亲 "]) + text
    else:
        if rng.random() < 0.35:
            text = text.lower()
        elif rng.random() < 0.08:
            text = text.upper()
        if rng.random() < 0.35:
            text = text.rstrip(".?!")
        if rng.random() < 0.15:
            text = typo(text)
        if lang == "es" and rng.random() < 0.4:
            text = strip_accents(text)
    if intent not in ("greeting", "thanks", "other"):
        if rng.random() < 0.1:
            text = rng.choice(GREET[lang]) + text
        if rng.random() < 0.07:
            text = text + rng.choice(THANK[lang])
    return text.strip()

def fill(t, lang):
    out = t
    for _ in range(4):
        if "{" not in out:
            break
        for key, values in SLOTS.items():
            token = "{" + key + "}"
            while token in out:
                vals = values[lang] if isinstance(values, dict) else values
                out = out.replace(token, rng.choice(vals), 1)
    return out

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    lines = []
    for intent, by_lang in T.items():
        for lang in ("en", "zh", "es"):
            templates = [t.strip() for t in by_lang[lang].strip().split("\n") if t.strip()]
            seen = set()
            rounds = 0
            while len(seen) < PER and rounds < 12:
                rounds += 1
                for t in templates:
                    text = fill(t, lang)
                    if rounds > 1 or rng.random() < 0.5:
                        text = noisy(text, lang, intent)
                    if text not in seen:
                        seen.add(text)
                        lines.append({"text": text, "intent": intent, "language": lang})
                    if len(seen) >= PER and rounds > 1:
                        break
    with open(os.path.join(here, "train.jsonl"), "w", encoding="utf-8") as f:
        for l in lines:
            f.write(json.dumps(l, ensure_ascii=False) + "\n")
    print(len(lines), "examples")

if __name__ == "__main__":
    main()
