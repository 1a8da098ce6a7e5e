"""The rule vocabulary (lexicon.yaml beside this module), loaded once and compiled."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from ..io import read_yaml

LEXICON = Path(__file__).with_name("lexicon.yaml")
APOSTROPHE = "['’]"


def widen(pattern: str) -> str:
    """Let a straight apostrophe in a pattern match a curly one in the text (inside a character class
    the curly one is added to the class)."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
            out.append(ch)
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        elif ch == "'":
            out.append("'’" if in_class else APOSTROPHE)
        else:
            out.append(ch)
    return "".join(out)


def phrase_regex(phrases, *, flags: int = re.IGNORECASE) -> re.Pattern:
    """One alternation of literal phrases, longest first, on word boundaries."""
    alts = sorted({p for p in phrases}, key=lambda p: (-len(p), p))
    body = "|".join(widen(re.escape(p).replace("\\ ", r"\s+")) for p in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", flags)


@lru_cache(maxsize=1)
def lexicon() -> dict:
    lx = read_yaml(LEXICON)
    lx["cue_verb_re"] = phrase_regex(lx["cue_verbs"])
    lx["quote_text_metadata_re"] = re.compile(lx["quote_text_metadata"])
    lx["quote_block_announcers_re"] = re.compile(lx["quote_block_announcers"], re.IGNORECASE)
    lx["quote_label_terms_re"] = re.compile(lx["quote_label_terms"], re.IGNORECASE)
    lx["quote_label_before_re"] = re.compile(lx["quote_label_before"], re.IGNORECASE)
    lx["media_re"] = {k: re.compile(widen(v), re.IGNORECASE) for k, v in lx["media"].items()}
    lx["title_re"] = phrase_regex(lx["titles"])
    lx["role_head_re"] = phrase_regex(lx["role_heads"])
    lx["qualifier_list"] = sorted(
        ((p, q) for q, ps in lx["qualifiers"].items() for p in ps), key=lambda t: (-len(t[0]), t[0])
    )
    lx["approximation_re"] = "|".join(
        r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(lx["qualifiers"]["about"], key=len, reverse=True)
    )
    lx["counted_class"] = {w: cls for cls, words in lx["counted_classes"].items() for w in words}
    lx["not_counted_set"] = frozenset(lx["not_counted"])
    lx["speech_verb_set"] = frozenset(lx["speech_verbs"])
    lx["national_actor_set"] = frozenset(lx["national_actors"])
    lx["non_claim_verb_set"] = frozenset(lx["non_claim_verbs"])
    for key in (
        "enforcement_terms",
        "zero",
        "zero_any",
        "national_terms",
        "cost_context",
        "cost_object",
        "cost_excluded",
        "enforcement_base",
        "subset_terms",
        "information_requests",
        "federal_actor",
        "jail_site_after",
        "hold_request",
        "rank_before",
    ):
        lx[f"{key}_re"] = re.compile(widen(lx[key]), re.IGNORECASE)
    for rule in lx["metric_rules"]:
        rule["context_re"] = re.compile(widen(rule["context"]), re.IGNORECASE) if rule.get("context") else None
    lx["metric_verb_set"] = frozenset(v for rule in lx["metric_rules"] for v in rule.get("verbs", ()))
    lx["claimant_verb_re"] = re.compile(widen(lx["claimant_verbs"]), re.IGNORECASE)
    lx["police_acronym_re"] = re.compile(lx["police_acronym"])
    lx["rate_unit"] = {**lx["rate_nouns"], **lx["rate_adverbs"]}
    return lx


@cache
def rate_after(words: int = 0) -> re.Pattern[str]:
    """The rate words of the lexicon (rate_nouns after a/an/per/each/every, or rate_adverbs) right after a figure
    (``words`` = 0: "3 a day") or after up to ``words`` other words ("$146 for each inmate a day"); the group
    ``unit`` or ``adverb`` is the word, lexicon()["rate_unit"] its unit."""
    lx = lexicon()
    gap = r"\s*" if words == 0 else rf"(?:\s+[\w$,.'’-]+){{0,{words}}}?\s+"
    nouns, adverbs = ("|".join(sorted(lx[k], key=lambda w: (-len(w), w))) for k in ("rate_nouns", "rate_adverbs"))
    return re.compile(rf"{gap}(?:(?:a|an|per|each|every)\s+(?P<unit>{nouns})\b|(?P<adverb>{adverbs})\b)", re.I)
