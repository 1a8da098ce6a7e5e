"""Candidate figures of a sentence, for the claim rules (scripts/lib/extraction/claims.py).

Every number is a candidate: digits ("1,757", "1.2 million", "2 Dozen"; ASCII digits, whole numbers parsed
without a float round trip), number words ("twenty-five", "one thousand two hundred thirty-four"),
percentages, multipliers ("doubled", "tenfold", "four times the", "twice as many"), fractions ("about half
of", "one in six"), explicit zeros ("none of", "not a single", "hasn't honored any"), ranges ("an estimated
100 to 150": one candidate, the lower end) and dollar amounts that are enforcement costs (FORMAT D7, D5 for
their repeats). Dates, times, years, durations, names ("SB 54", "287(g)", "Table 1"), "twice" as a
frequency and the digits that repeat a number word ("eight (8)") are not candidates. Whether a candidate is
a claim is decided by what it counts (claims.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from ..limits import MAX_COUNT
from .lexicon import lexicon, rate_after
from .temporal import MONTH

if TYPE_CHECKING:  # spaCy is imported when a text is parsed
    from spacy.tokens import Doc, Span, Token


DIGITS = re.compile(
    r"(?<![\w./#@-])(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"(?P<mult>\s+(?i:hundred|thousand|million|billion|dozen))?(?![\w]|-(?!plus\b)|,[0-9]|\.[0-9])"
)


PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)


MULTIPLIER = re.compile(
    r"\b(?P<verb>doubl|tripl|quadrupl|quintupl)(?:ed|es|e|ing)\b|\b(?P<twice>twice|thrice)\b"
    r"|\b(?P<n>\w+)[-\s]?fold\b"
    r"|\b(?P<t>\w+)\s+times\s+(?:as\s+(?:many|much|high|large)|more|higher|greater|larger|the)\b",
    re.IGNORECASE,
)


YEAR_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|through|thru|of|from|to|during|before|after|the|its|their|this|that|"
    r"between|and|early|late|mid|fiscal|FY|calendar)\s*$|['’]s\s*$",
    re.IGNORECASE,
)


NAME_NUMBER_BEFORE = re.compile(
    r"(?:\b[A-Z]{1,4}|\b(?:Table|Figure|Fig\.|Chart|Graph|Exhibit|Appendix|Page|Footnote|Note|Part|Section|Law|Act|Bill|No\.|Number|Proposition|Prop\.|Measure|Ordinance|Rule|Article|Form|"
    r"Chapter|Title|Amendment|Room|Route|Highway|Interstate|District|Precinct|Ward|Flight|Station|Level|Tier|Phase|"
    r"Priority|Order|Directive|Resolution|Policy|Memo|Memorandum)|#)\s?-?\s*$"
)


@dataclass
class Number:
    start: int
    end: int
    value: float


UNIVERSAL_DETERMINERS = ("every", "each", "any", "single", "no")


@lru_cache(maxsize=1)
def _one_counted(doc, tok) -> bool:
    """Is "one" a count of one, not an article or a pronoun?
    - right before a person or a detainer noun (lexicon counted_classes) that is the subject of a verb: "One
      inmate was transferred", "only one detainer was honored";
    - "one each" (one for each of the places named);
    - the subject with such a noun after "of": "One of the detainers was dropped";
    - one item of a series of counts: "four were picked up, one was moved, six were freed" (another number
      is the subject of a verb of the sentence), "two with sheriffs and one with a police department" (a
      number coordinated with it)."""
    if tok is None or tok.i + 1 >= len(doc):
        return False
    if any(ch.lower_ in UNIVERSAL_DETERMINERS and ch.dep_ in ("det", "amod") for ch in tok.children):
        return False  # "every single one of these requests": a universal, not a count (FORMAT D1)
    nxt = doc[tok.i + 1]
    classes = lexicon()["counted_classes"]
    nouns = set(classes["people"]) | set(classes["detainers"])
    if nxt.pos_ == "NOUN" and nxt.lemma_.lower() in nouns and nxt.dep_ in ("nsubj", "nsubjpass"):
        return True
    if nxt.lower_ == "each":
        return True
    if tok.dep_ in ("nsubj", "nsubjpass"):
        of = [g for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "of" for g in ch.children]
        if any(g.dep_ == "pobj" and g.pos_ == "NOUN" and g.lemma_.lower() in nouns for g in of):
            return True
        if any(t != tok and t.like_num and t.dep_ in ("nsubj", "nsubjpass") for t in tok.sent):
            return True
    return (tok.dep_ == "conj" and tok.head.like_num) or any(ch.dep_ == "conj" and ch.like_num for ch in tok.children)


def _word_number_regex() -> re.Pattern:
    """Number words: "nine", "twenty-five", "three dozen", "One thousand two hundred thirty-four"."""
    lx = lexicon()
    units = "|".join(sorted(lx["number_words"], key=len, reverse=True))
    mult = "|".join(lx["multipliers"])
    word = rf"(?:{units}|{mult})(?:-(?:{units}))?\b"
    return re.compile(
        rf"(?<![\w-])(?P<num>(?:an?\b|{word})(?:(?:\s+and\s+|\s+|-){word})*)(?![\w-])",
        re.IGNORECASE,
    )


def word_value(words: str) -> int | None:
    """ "nine" → 9, "two dozen" → 24, "twenty-five" → 25, "three hundred" → 300; "a"/"an" alone → None."""
    lx = lexicon()
    total, current = 0, 0
    tokens = re.split(r"[\s-]+", words.lower().strip())
    if all(t in ("a", "an") for t in tokens):
        return None
    for t in tokens:
        if t == "and":
            continue
        if t in ("a", "an"):
            current = max(current, 1)
        elif t in lx["number_words"]:
            current += lx["number_words"][t]
        elif t in lx["multipliers"]:
            m = lx["multipliers"][t]
            current = max(current, 1) * m
            if m >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def _number(v: float) -> float:
    return int(v) if float(v).is_integer() else v


def _digits_value(num: str, mult: str | None) -> float:
    """ "1,757" → 1757, "2.5" → 2.5, "1.2 million" → 1200000: ASCII digits, parsed without a float round trip
    for whole numbers."""
    whole, _, frac = num.replace(",", "").partition(".")
    factor = lexicon()["multipliers"].get(mult.strip().lower(), 1_000_000_000) if mult else 1
    if not frac.strip("0"):
        return int(whole) * factor
    return _number(float(Decimal(f"{whole}.{frac}") * factor))


def find_numbers(text: str, start: int, end: int) -> list[Number]:
    """Numbers in digits ("1,000", "1.2 million", "2.5") and words ("nine", "three dozen") in text[start:end]."""
    out = []
    for m in DIGITS.finditer(text, start, end):
        if re.search(rf"{MONTH}\s+$", text[max(0, m.start() - 12) : m.start()]):
            continue  # a day of the month
        out.append(Number(m.start(), m.end(), _digits_value(m.group("num"), m.group("mult"))))  # money too
    for m in _word_number_regex().finditer(text, start, end):
        if any(n.start < m.end() and m.start() < n.end for n in out):
            continue
        w = word_value(m.group("num"))
        if w is not None:
            out.append(Number(m.start(), m.end(), w))
    # a figure above the package's largest count is not a claim (limits.MAX_COUNT; an ID, a phone number)
    return sorted((n for n in out if n.value <= MAX_COUNT), key=lambda n: n.start)


def qualifier_before(text: str, pos: int) -> tuple[str, int]:
    """(qualifier term, start) of a qualifier phrase ending right before ``pos``; ("exact", pos) if none."""
    window = text[max(0, pos - 30) : pos]
    if re.search(r"\b(?:turn|hand|handed|turned|turning|handing|turns|hands)\s+over\s+$", window, re.IGNORECASE):
        return "exact", pos  # "turned over 1,542 inmates": a particle, not "more than"
    for phrase, term in lexicon()["qualifier_list"]:
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        m = re.search(rf"(?<![\w])({body})\s+(?:an?\s+)?$", window, re.IGNORECASE)
        if m:
            return term, pos - len(window) + m.start(1)
    return "exact", pos


def _names_a_thing(before: str) -> bool:
    """Is the number part of a name ("SB 54", "Section 8", "#3")? An agency acronym before a count is not a
    name: "notified ICE 84 times"."""
    m = NAME_NUMBER_BEFORE.search(before)
    if m is None:
        return False
    word = re.search(r"([A-Z]{1,4})\s?-?\s*$", before)
    return not (word and word.group(1) in _agency_acronyms())


@lru_cache(maxsize=1)
def _agency_acronyms() -> frozenset[str]:
    lx = lexicon()
    return frozenset(a for x in lx["agencies"].values() for a in x["aliases"] if re.fullmatch(r"[A-Z]{2,5}", a))


def _is_year(text: str, n: Number, before: str, after: str) -> bool:
    """A year: four digits without a comma between 1900 and 2099, unless a plural counted word follows
    and nothing before it reads as a date ("in 2015", "the 2015 detainers", "since 2014")."""
    if not (isinstance(n.value, int) and 1900 <= n.value <= 2099 and "," not in text[n.start : n.end]):
        return False
    return bool(YEAR_BEFORE.search(before)) or not re.match(r"\s+[a-z]", after)


@dataclass
class Candidate:
    start: int
    end: int
    value: float
    kind: str  # count / percent / ratio / zero / dollars
    form: str
    token: Token  # the token the candidate hangs from in the parse


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _in_entity(tok: Token, labels: tuple[str, ...]) -> bool:
    return tok.ent_type_ in labels


def _age_after_name(tok: Token) -> bool:
    """A number set off by commas right after a person's name ("Jane Doe, 33, a Honduran national"): an age."""
    doc = tok.doc
    if tok.i < 2 or tok.i + 1 >= len(doc):
        return False
    return doc[tok.i - 1].text == "," and doc[tok.i + 1].text == "," and doc[tok.i - 2].ent_type_ == "PERSON"


def _lone_day_number(tok: Token, n: Number) -> bool:
    """A small number the tagger read as a DATE all by itself, with no month, weekday or year in its entity
    ("Of the 18 ..., 14 had committed", "up from just 31 in March 2017"): a day needs a month, so a count."""
    doc = tok.doc
    alone = tok.ent_iob_ == "B" and (tok.i + 1 >= len(doc) or doc[tok.i + 1].ent_iob_ != "I")
    return tok.ent_type_ == "DATE" and alone and isinstance(n.value, int) and n.value <= 31


def enforcement_costs(text: str, sent: Span) -> list[Number]:
    """Dollar amounts of ``sent`` that its words make enforcement costs (FORMAT D7: the cost of holding
    people for ICE, of honoring detainers, of a 287(g) program; never grants, budgets or fines). What is paid
    for may be named in the sentence before ("... spending $600,000 in jail costs related to holding people.
    The year before, it spent $163,000.")."""
    lx = lexicon()
    if not lx["cost_context_re"].search(sent.text) or lx["cost_excluded_re"].search(sent.text):
        return []
    before = sent.doc[sent.start - 1].sent.text if sent.start > 0 else ""
    if not (lx["cost_object_re"].search(sent.text) or lx["cost_object_re"].search(before)):
        return []
    return [n for n in find_numbers(text, sent.start_char, sent.end_char) if _is_dollars(text, n, sent.start_char)]


def _is_dollars(text: str, n: Number, s0: int) -> bool:
    return bool(re.search(r"\$\s*$", text[max(s0, n.start - 3) : n.start]))


def candidates(text: str, doc: Doc, sent: Span, costs: frozenset[float] = frozenset()) -> list[Candidate]:
    """Every figure of the sentence that may be a claim. ``costs``: the values of the article's enforcement
    costs, so that a repeat of one ("a $52,000 issue") is a candidate too (FORMAT D5)."""
    lx = lexicon()
    s0, s1 = sent.start_char, sent.end_char
    out: list[Candidate] = []
    sentence_costs = {(n.start, n.end) for n in enforcement_costs(text, sent)}
    for n in find_numbers(text, s0, s1):
        tok = _token_at(doc, n.start, n.end)
        if tok is None or "http" in text[max(s0, n.start - 40) : n.start] and " " not in text[n.start - 1 : n.start]:
            continue
        before = text[max(s0, n.start - 25) : n.start]
        after = text[n.end : n.end + 12]
        if _is_dollars(text, n, s0):
            if (n.start, n.end) in sentence_costs or n.value in costs:
                out.append(Candidate(n.start, n.end, n.value, "dollars", "count", tok))
            continue
        pct = PERCENT_AFTER.match(text, n.end)
        if pct:
            ptok = _token_at(doc, n.start, pct.end()) or tok
            out.append(Candidate(n.start, pct.end(), n.value, "percent", "percent", ptok))
            continue
        if lx["rank_before_re"].search(before):
            continue  # "a top 10 jurisdiction", "in the top 30 nationally": a rank or list size, not a count
        if _names_a_thing(before) or re.match(r"\s*\(g\)|[-–]\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b)", after):
            continue  # "SB 54", "Section 8", "287(g)", a range's end, a time
        if re.search(r"\S\[$", before) and re.match(r"\]|$", after):
            continue  # a footnote mark: "… the report.[3]", "… 63 percent of the time,[3"
        if re.match(r"(?:[-–]\s*|\s+)(?:year|month|day|hour|week|minute)\b", after) and n.value != 1:
            continue  # "92-year-old", "48-hour hold", "48 hour detainer requests": a duration modifying a noun
        if _is_year(text, n, before, after):
            continue
        if _age_after_name(tok):
            continue  # "Ariana Juarez, 2, joins a protest": a person's age set off after the name
        if re.search(r"\(\s*$", before) and any(c.value == n.value and 0 <= n.start - c.end <= 3 for c in out):
            continue  # "eight (8) agencies": the digits in parentheses repeat the figure in words
        date_like = "," not in text[n.start : n.end] and (n.value <= 31 or 1900 <= n.value <= 2099)
        after_verb = tok.i > 0 and doc[tok.i - 1].pos_ == "VERB" and doc[tok.i - 1].lemma_ in lx["metric_verb_set"]
        if (
            _in_entity(tok, ("DATE", "TIME", "ORDINAL"))
            and date_like
            and not after_verb  # "the District declined 14": a count the tagger read as a date
            and not _lone_day_number(tok, n)  # "14 had committed ...", "up from 31 in March": no month with it
            and not re.match(r"\s+(?:[\w-]+\s+){0,2}(?:people|immigrants|inmates|detainers|requests)", after)
        ):
            continue
        words = text[n.start : n.end]
        if words.lower() in ("one", "a", "an") and not (words.lower() == "one" and _one_counted(doc, tok)):
            continue  # "one county", "one of these requests": an article, not a count
        form = "count" if re.match(r"\d", words) else "number_word"
        out.append(Candidate(n.start, n.end, n.value, "count", form, tok))
    for m in MULTIPLIER.finditer(text, s0, s1):
        kind, form = "ratio", "multiplier"
        if m.group("twice"):
            v = 2 if m.group("twice").lower() == "twice" else 3
            follow = text[m.end() : m.end() + 24]
            if rate_after().match(follow):
                kind, form = "count", "number_word"  # "about twice a week": a rate of events
            elif not re.match(r"\s+(?:as|the|that|its|their|his|her|what|than)\b", follow, re.IGNORECASE):
                continue  # "released at least twice": how often, not a factor
        elif m.group("verb"):
            v = lx["multiplier_verbs"].get((m.group("verb") + "e").lower())
        else:
            w = (m.group("n") or m.group("t")).lower()
            v = int(w) if w.isascii() and w.isdigit() else lx["number_words"].get(w)
        tok = _token_at(doc, m.start(), m.end())
        if v and tok is not None and not any(c.start <= m.start() < c.end and c.kind != "count" for c in out):
            out = [c for c in out if not (m.start() <= c.start < m.end())]
            out.append(Candidate(m.start(), m.end(), v, kind, form, tok))
    for m in _fraction_regex().finditer(text[s0:s1]):
        a, b = s0 + m.start(), s0 + m.end()
        tok = _token_at(doc, a, b)
        if tok is None or any(c.start < b and a < c.end and not (a <= c.start and c.end <= b) for c in out):
            continue
        if m.group("d"):  # "one in six", "four out of ten", "1 in 10": a share; "5 out of 33" stays a count
            d, k = m.group("d").lower(), m.group("n").lower()
            den = int(d) if d.isascii() and d.isdigit() else lx["number_words"].get(d)
            num = int(k) if k.isascii() and k.isdigit() else lx["number_words"].get(k)
            if not den or not num or num >= den or den > 10:
                continue
            value = round(num / den, 4)
        else:
            if re.search(r"\band\s+(?:an?\s+|one\s+)?$", text[max(s0, a - 8) : a], re.IGNORECASE):
                continue  # "a year and a half", "two and a half": part of a mixed number, not a share
            value = lx["fractions"][m.group("f").lower()]
        by_change = re.search(r"\bby\s+$", text[max(s0, a - 4) : a])  # "fell by a third"
        predeterminer = re.match(r"\s+(?:the|such|those|these|its|their|all)\s", text[b : b + 8])  # "half such"
        if (
            re.match(r"\s+of\b", text[b : b + 4])
            or tok.dep_ in ("nsubj", "nsubjpass")
            or m.group("d")
            or by_change
            or predeterminer
        ):
            out = [c for c in out if not (a <= c.start < b)]
            out.append(Candidate(a, b, value, "ratio", "fraction", tok))
    for rx in (lx["zero_re"], lx["zero_any_re"]):
        for m in rx.finditer(text, s0, s1):
            last = re.search(r"(\w+)$", m.group(0))
            tok = _token_at(doc, m.start() + last.start(1), m.end()) if last else None
            if tok is None or any(c.start < m.end() and m.start() < c.end for c in out):
                continue
            if rx is lx["zero_re"] and m.group(0).lower() == "no" and tok.dep_ != "det":
                continue
            out.append(Candidate(m.start(), m.end(), 0, "zero", "zero", tok))
    return _ranges(text, sorted(out, key=lambda c: c.start), s0)


@lru_cache(maxsize=1)
def _fraction_regex() -> re.Pattern:
    frac = "|".join(sorted((re.escape(f) for f in lexicon()["fractions"]), key=len, reverse=True))
    small = "|".join(w for w, v in lexicon()["number_words"].items() if 1 <= v <= 9) + r"|[1-9]"
    return re.compile(
        rf"(?<![\w-])(?:(?P<f>{frac})|(?P<n>{small})\s+(?:in|out\s+of)\s+(?P<d>\w+))(?![\w-])", re.IGNORECASE
    )


def _ranges(text: str, cands: list[Candidate], s0: int) -> list[Candidate]:
    """ "an estimated 100 to 150 inmates", "between 20 and 30": one candidate, the lower end, spanning both
    (FORMAT D16); "from 12 to 30" and "(409 to 596 removals)" stay two (from_to)."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == c.kind and c.kind in ("count", "dollars") and prev.value < c.value:
            between = text[prev.end : c.start]
            lead = text[max(s0, prev.start - 40) : prev.start]
            estimate = bool(re.search(rf"\b(?:{lexicon()['approximation_re']}|between)\s+$", lead, re.IGNORECASE))
            if c.kind == "dollars":  # "is paid $60 to $80 a day": a range of a cost unless it is a change ("from")
                between = re.sub(r"\$\s*$", "", between)
                estimate = estimate or not re.search(r"\bfrom\s+\$?\s*$", lead, re.IGNORECASE)
            dash_or_to = re.fullmatch(r"\s*(?:to|-|–)\s*", between) and estimate
            if dash_or_to or (re.fullmatch(r"\s+and\s+", between) and re.search(r"\bbetween\s+$", lead)):
                prev.end, prev.form, prev.token = c.end, "range", c.token  # the upper end hangs from the noun
                continue
        out.append(c)
    return out
