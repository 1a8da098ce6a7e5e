"""Numeric claims about immigration enforcement, found candidate-first on the spaCy parse.

1. **Candidates.** Every number of every sentence: digits ("1,757", "1.2 million"), number words
   ("thirty", "three dozen"), percentages ("72%", "37 percent"), multipliers ("doubled", "tenfold",
   "three times as many"), fractions ("about half of"), explicit zeros ("none of the detainers", "not a
   single request", "hasn't honored any"), and enforcement costs in dollars.
2. **What it counts** (kept or dropped): the counted noun is found through the parse — the noun the number
   modifies (``nummod``), the object of its "of" ("30 of them"), or, for an elliptical number ("909
   requests in 2019 and 848 in 2020"), the noun of the candidate it is coordinated with. Numbers inside
   dates, times, ordinals and names ("SB 54", "287(g)"), and numbers that count durations, ages, votes,
   officials and the like (lexicon ``not_counted``) are dropped; so is any number in a sentence that is
   not about enforcement (lexicon ``enforcement_terms``).
3. **Metric** from lexicon ``metric_rules``: the counted class plus the candidate's predicate words (the
   verb governing the counted noun, with its particle and negation; verbs modifying the noun; nouns
   governing it: "the arrest of 24 individuals"), else ``unclassified``. **Unit** from the counted class
   (people, detainers, bookings, agencies), or percent / ratio / dollars / unknown.
4. **Qualifier** from the words before the number (lexicon ``qualifiers``); **period** from the period
   expressions of the sentence (scripts/lib/extraction/temporal.py), the nearest after the number first;
   **jurisdiction** by scripts/lib/extraction/jurisdiction.py; **claimant**: the speaker of the quote
   holding the number, else the person or agency the sentence credits, else the outlet.

Nothing here can fail a row: an undeterminable field gets an allowed value (``unclassified``, ``unknown``,
an empty id with its basis).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .entities import ArticleEntities, Mention
from .jurisdiction import ArticlePlaces, Placed, place_claim
from .lexicon import lexicon
from .quotes import Quote
from .temporal import MONTH, Found, PubDate, find_periods

if TYPE_CHECKING:  # spaCy is imported when a text is parsed, not when cached rows are read
    from spacy.tokens import Doc, Span, Token

DIGITS = re.compile(
    r"(?<![\w./#@-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<mult>\s+(?i:hundred|thousand|million|billion|dozen))?(?![\w]|-(?!plus\b)|,\d|\.\d)"
)
PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
MULTIPLIER = re.compile(
    r"\b(?P<verb>doubl|tripl|quadrupl|quintupl)(?:ed|es|e|ing)\b|\b(?P<twice>twice|thrice)\b"
    r"|\b(?P<n>\w+)[-\s]?fold\b"
    r"|\b(?P<t>\w+)\s+times\s+(?:as\s+(?:many|much|high|large)|more|higher|greater|larger|the)\b",
    re.IGNORECASE,
)
NAME_NUMBER_BEFORE = re.compile(
    r"(?:\b[A-Z]{1,4}|\b(?:Section|Law|Act|Bill|No\.|Number|Proposition|Prop\.|Measure|Ordinance|Rule|Article|Form|"
    r"Chapter|Title|Amendment|Room|Route|Highway|Interstate|District|Precinct|Ward|Flight|Station|Level|Tier|Phase|"
    r"Priority)|#)\s?-?\s*$"
)


@dataclass
class Number:
    start: int
    end: int
    value: float


@dataclass
class Claim:
    start: int
    end: int
    value: float
    qualifier: str
    metric: str
    unit: str
    counted: str
    form: str
    period: Found | None
    claimant: Mention | None
    claimant_name: str
    claimant_type: str
    quote: Quote | None
    source_type: str
    place: Placed = field(default_factory=Placed)
    number_start: int = 0
    number_end: int = 0


# --- numbers ------------------------------------------------------------------------------------------
def _word_number_regex() -> re.Pattern:
    lx = lexicon()
    units = "|".join(sorted(lx["number_words"], key=len, reverse=True))
    mult = "|".join(lx["multipliers"])
    return re.compile(
        rf"(?<![\w-])(?P<num>(?:a|an|{units})(?:(?:[\s-]+|\s+and\s+)(?:{units}|{mult})(?![\w-]))*)(?![\w-])",
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


def find_numbers(text: str, start: int, end: int) -> list[Number]:
    """Numbers in digits ("1,000", "1.2 million", "2.5") and words ("nine", "three dozen") in text[start:end]."""
    out = []
    for m in DIGITS.finditer(text, start, end):
        if re.search(rf"{MONTH}\s+$", text[max(0, m.start() - 12) : m.start()]):
            continue  # a day of the month
        v = float(m.group("num").replace(",", ""))
        if m.group("mult"):
            v *= lexicon()["multipliers"].get(m.group("mult").strip().lower(), 1000000000)
        out.append(Number(m.start(), m.end(), _number(v)))  # money too: the caller classifies it
    for m in _word_number_regex().finditer(text, start, end):
        if any(n.start < m.end() and m.start() < n.end for n in out):
            continue
        w = word_value(m.group("num"))
        if w is not None:
            out.append(Number(m.start(), m.end(), w))
    return sorted(out, key=lambda n: n.start)


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


# --- candidates -----------------------------------------------------------------------------------------
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


def candidates(text: str, doc: Doc, sent: Span) -> list[Candidate]:
    lx = lexicon()
    s0, s1 = sent.start_char, sent.end_char
    out: list[Candidate] = []
    for n in find_numbers(text, s0, s1):
        tok = _token_at(doc, n.start, n.end)
        if tok is None or "http" in text[max(s0, n.start - 40) : n.start] and " " not in text[n.start - 1 : n.start]:
            continue
        before = text[max(s0, n.start - 25) : n.start]
        after = text[n.end : n.end + 12]
        if before.endswith("$") or re.search(r"\$\s*$", before):
            if lx["cost_context_re"].search(sent.text) and re.search(
                r"\b(?:hold|held|detain\w*|jail\w*|hous\w*|detention|custody|inmates?|detainees?|287\(g\))",
                sent.text,
                re.IGNORECASE,
            ):
                out.append(Candidate(n.start, n.end, n.value, "dollars", "count", tok))
            continue
        pct = PERCENT_AFTER.match(text, n.end)
        if pct:
            ptok = _token_at(doc, n.start, pct.end()) or tok
            out.append(Candidate(n.start, pct.end(), n.value, "percent", "percent", ptok))
            continue
        if NAME_NUMBER_BEFORE.search(before) or re.match(r"\s*\(g\)|[-–]\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b)", after):
            continue  # "SB 54", "Section 8", "287(g)", a range's end, a time
        if re.match(r"[-–]\s*(?:year|month|day|hour|week)", after):
            continue  # "92-year-old", "48-hour hold"
        if isinstance(n.value, int) and 1900 <= n.value <= 2099 and not re.match(r"\s+[a-z]", after):
            continue  # a year
        date_like = "," not in text[n.start : n.end] and (n.value <= 31 or 1900 <= n.value <= 2099)
        if (
            _in_entity(tok, ("DATE", "TIME", "ORDINAL"))
            and date_like
            and not re.match(r"\s+(?:[\w-]+\s+){0,2}(?:people|immigrants|inmates|detainers|requests)", after)
        ):
            continue
        words = text[n.start : n.end]
        if words.lower() in ("one", "a", "an"):
            continue  # "one county", "one of these requests": an article, not a count
        form = "count" if re.match(r"\d", words) else "number_word"
        out.append(Candidate(n.start, n.end, n.value, "count", form, tok))
    for m in MULTIPLIER.finditer(text, s0, s1):
        if m.group("twice"):
            v = 2 if m.group("twice").lower() == "twice" else 3
        elif m.group("verb"):
            v = lx["multiplier_verbs"].get((m.group("verb") + "e").lower())
        else:
            w = (m.group("n") or m.group("t")).lower()
            v = int(w) if w.isdigit() else lx["number_words"].get(w)
        tok = _token_at(doc, m.start(), m.end())
        if v and tok is not None and not any(c.start <= m.start() < c.end for c in out):
            out = [c for c in out if not (m.start() <= c.start < m.end())]
            out.append(Candidate(m.start(), m.end(), v, "ratio", "multiplier", tok))
    frac = "|".join(sorted((re.escape(f) for f in lx["fractions"]), key=len, reverse=True))
    for m in re.finditer(
        rf"(?<![\w-])(?:(?P<f>{frac})|one\s+(?:in|out\s+of)\s+(?P<d>\w+))(?![\w-])", text[s0:s1], re.IGNORECASE
    ):
        a, b = s0 + m.start(), s0 + m.end()
        tok = _token_at(doc, a, b)
        if tok is None or any(c.start < b and a < c.end for c in out):
            continue
        if m.group("d"):
            d = m.group("d").lower()
            den = int(d) if d.isdigit() else lx["number_words"].get(d)
            if not den:
                continue
            value = round(1 / den, 4)
        else:
            value = lx["fractions"][m.group("f").lower()]
        if re.match(r"\s+of\b", text[b : b + 4]) or tok.dep_ in ("nsubj", "nsubjpass") or m.group("d"):
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
    return sorted(out, key=lambda c: c.start)


# --- what a candidate counts -----------------------------------------------------------------------------
def _counted_noun(c: Candidate) -> Token | None:
    """The noun the candidate counts, by the parse."""
    tok = c.token
    if c.kind == "zero":
        if tok.dep_ in ("det", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head  # "no requests", "any detainers", "a single detainer"
        of = _of_object(tok)  # "none of the detainers"
        if of is not None:
            return of
        if tok.lower_ == "any":
            for t in tok.head.children:
                if t.dep_ in ("dobj", "nsubjpass", "nsubj") and t.pos_ == "NOUN":
                    return t
        return None
    if c.kind == "percent" or c.kind == "ratio":
        of = _of_object(tok) or _of_object(tok.head)
        if of is None:  # "arrests have tripled", "detainer requests rose 35 percent": the verb's subject
            subj = _verb_subject(tok)
            if subj is not None and subj.lemma_.lower() in MEASURE_NOUNS:
                subj = _of_object(subj) or subj
            return subj if _counted_class(subj) not in (None, "not") else None
        return of
    if tok.dep_ in ("nummod", "quantmod", "amod", "compound", "npadvmod") and tok.head.pos_ in (
        "NOUN",
        "PROPN",
        "PRON",
    ):
        head = tok.head
        while head.dep_ in ("nummod", "quantmod", "compound") and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "three dozen people"
        return head
    of = _of_object(tok)
    if of is not None:
        return of
    if tok.pos_ in ("NOUN",) and tok.lower_ not in lexicon()["number_words"]:
        return tok  # "thousands"
    return None


def _verb_subject(tok: Token) -> Token | None:
    verb = tok
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c is not tok]
    return subjects[0] if subjects and subjects[0].pos_ in ("NOUN", "PROPN") else None


def _following_class(c: Candidate, text: str) -> str | None:
    """The class of a counted word among the three words after the number, when the parse attached the
    number elsewhere ("300 ICE holds" read as "ICE" + the verb "holds")."""
    lx = lexicon()
    for w in re.findall(r"[A-Za-z][\w'’-]*", text[c.end : c.end + 40])[:3]:
        w = w.lower().rstrip("s") if w.lower() not in lx["counted_class"] else w.lower()
        if w in lx["not_counted_set"]:
            return None
        if w in lx["counted_class"]:
            return lx["counted_class"][w]
    return None


def _of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _counted_class(noun: Token | None) -> str | None:
    """people / detainers / bookings / agencies, "not" for a non-claim noun, None when unknown."""
    if noun is None:
        return None
    lx = lexicon()
    lemma = noun.lemma_.lower()
    if lemma in lx["not_counted_set"] or noun.lower_ in lx["not_counted_set"]:
        return "not"
    words = [lemma] + [c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")]
    for w in words:
        if w in lx["counted_class"]:
            return lx["counted_class"][w]
    return None


def _predicate(noun: Token | None, tok: Token) -> tuple[set[str], bool]:
    """The candidate's predicate words (lemmas; verbs with a particle also as "verb particle") and whether
    the predicate is negated."""
    lx = lexicon()
    words: set[str] = set()
    negated = False
    start = noun if noun is not None else tok
    words.add(start.lemma_.lower())
    for child in start.children:
        if child.dep_ in ("compound",):
            words.add(child.lemma_.lower())
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
            words |= _verb_words(child)
            negated |= _negated(child)
    cur = start
    for _ in range(8):
        head = cur.head
        if head is cur:
            break
        if head.pos_ in ("VERB", "AUX") and cur.dep_ not in ("prep",):
            words |= _verb_words(head)
            negated |= _negated(head)
            if noun is None or noun.pos_ == "PRON":  # an elliptical number: what the subject names counts
                for subj in head.children:
                    if subj.dep_ in ("nsubj", "nsubjpass") and subj.pos_ == "NOUN":
                        words.add(subj.lemma_.lower())
            if head.lemma_.lower() not in lx["speech_verb_set"] and head.lemma_.lower() not in ("be", "have"):
                xcomp = [c for c in head.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
                for x in xcomp:  # "refused to honor", "declined to keep"
                    words |= _verb_words(x)
                break
        elif head.pos_ in ("NOUN", "PROPN"):
            words.add(head.lemma_.lower())
        elif head.pos_ == "VERB":
            words |= _verb_words(head)
            negated |= _negated(head)
        cur = head
    return words, negated


def _verb_words(verb: Token) -> set[str]:
    lemma = verb.lemma_.lower()
    out = {lemma}
    for c in verb.children:
        if c.dep_ == "prt":
            out.add(f"{lemma} {c.lower_}")
        if c.dep_ == "xcomp" and c.pos_ == "VERB":
            out.add(f"{lemma} to {c.lemma_.lower()}")
            out.add(c.lemma_.lower())
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
        out.add(verb.head.lemma_.lower())
    return out


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children) or (
        verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children)
    )


def choose_metric(counted: str | None, words: set[str], negated: bool, clause: str, noun: str = "") -> str:
    """The metric of a candidate: its counted noun when that names the action ("removals"), else the first
    rule of lexicon ``metric_rules`` whose conditions hold, else ``unclassified``."""
    if noun in lexicon()["noun_metrics"]:
        return lexicon()["noun_metrics"][noun]
    for rule in lexicon()["metric_rules"]:
        if counted not in rule["counted"]:
            continue
        if "verbs" in rule and not words & set(rule["verbs"]):
            continue
        if "negated" in rule and bool(rule["negated"]) != negated:
            continue
        if rule["context_re"] is not None and not rule["context_re"].search(clause):
            continue
        return rule["metric"]
    return "unclassified"


UNIT_OF_CLASS = {"people": "people", "detainers": "detainers", "bookings": "bookings", "agencies": "agencies"}


# --- periods ---------------------------------------------------------------------------------------------
ANAPHORIC_PERIOD = re.compile(
    r"\b(?:that|the\s+same|this|the\s+previous)\s+(?P<kind>fiscal\s+year|week|month|year|period|day)\b"
    r"|\bduring\s+the\s+(?:\w+\s+)?(?P<kind2>months|weeks|years|period)\b",
    re.IGNORECASE,
)
PERIOD_KIND = {
    "week": "week",
    "month": "month",
    "year": "calendar_year",
    "fiscal year": "fiscal_year",
    "period": None,
    "day": "day",
    "months": None,
    "weeks": None,
    "years": None,
}


def _anaphoric_period(text: str, left: int, right: int, before: int, pub: PubDate) -> Found | None:
    """ "the same week", "that fiscal year", "that day": the latest period of that type stated before
    the sentence (basis ``inferred``)."""
    m = ANAPHORIC_PERIOD.search(text, left, right)
    if not m:
        return None
    kind = PERIOD_KIND[re.sub(r"\s+", " ", (m.group("kind") or m.group("kind2")).lower())]
    earlier = [
        p for p in find_periods(text, max(0, before - 3000), before, pub) if kind is None or p.period_type == kind
    ]
    if not earlier:
        return None
    p = earlier[-1]
    return Found(m.start(), m.end(), m.group(0), p.period_start, p.period_end, p.period_type, "inferred")


def choose_period(text: str, sent: Span, c: Candidate, cands: list[Candidate], pub: PubDate) -> Found | None:
    in_sentence = [
        p
        for p in find_periods(text, sent.start_char, sent.end_char, pub)
        if not any(x.start <= p.start < x.end for x in cands)
    ]
    nxt = [x.start for x in cands if x.start > c.start]
    right = nxt[0] if nxt else sent.end_char
    after = [p for p in in_sentence if c.end <= p.start < right]
    if after:
        return after[0]
    prv = [x.end for x in cands if x.end <= c.start]
    left = prv[-1] if prv else sent.start_char
    before = [p for p in in_sentence if left <= p.start and p.end <= c.start]
    if before:
        return before[-1]
    if len(in_sentence) == 1 or (in_sentence and all(p.exact == in_sentence[0].exact for p in in_sentence)):
        return in_sentence[0]
    if in_sentence:
        earlier = [p for p in in_sentence if p.end <= c.start]
        return earlier[-1] if earlier else in_sentence[0]
    return _anaphoric_period(text, sent.start_char, sent.end_char, sent.start_char, pub)


# --- claimant ---------------------------------------------------------------------------------------------
def _claimant(text: str, ents: ArticleEntities, sent_start: int, pos: int) -> Mention | None:
    lx = lexicon()
    gap = int(lx["claimant_gap_words"])
    for m in ents.before(pos, ("person", "agency")):
        if m.start < sent_start:
            break
        words = text[m.end : pos].split()
        head = " ".join(words[: gap + 2])
        v = lx["claimant_verb_re"].search(head)
        if v and len(head[: v.start()].split()) <= gap:
            return m
    return None


def _is_official(m: Mention | None, ents: ArticleEntities) -> bool:
    """Is the claimant an agency or a person the article gives an official role or affiliation?"""
    if m is None:
        return False
    if m.entity_type == "agency":
        return True
    for x in ents.mentions:
        if x.entity_id == m.entity_id and (
            x.affiliation_id
            or lexicon()["title_re"].search(x.role or "")
            or re.search(r"\bofficials?\b|\bspokes", x.role or "", re.IGNORECASE)
        ):
            return True
    return False


LEVEL_OF_NOUN = {"state": "state", "county": "county", "city": "place", "town": "place", "municipality": "place"}
MEASURE_NOUNS = ("number", "total", "count", "figure", "tally", "percentage", "rate", "share", "amount")


def _subject_class(tok: Token, previous: Claim | None) -> tuple[str, Claim | None] | None:
    """What an elliptical number counts, from the subject of its verb: "Detainer requests dropped from more
    than 27,000" → detainers; "The number of detainers increased from 1,422" → detainers; "That dropped 29%
    from 1,015" (a pronoun) → what the previous claim counts, with its metric."""
    verb = tok
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for subj in subjects:
        if subj.lemma_.lower() in MEASURE_NOUNS:
            subj = _of_object(subj) or subj
        cls = _counted_class(subj)
        if cls not in (None, "not"):
            return cls, None
        if subj.pos_ in ("PRON", "DET") or subj.lemma_.lower() in MEASURE_NOUNS:
            if previous is not None and previous.unit in UNIT_OF_CLASS.values():
                return previous.unit, previous
    return None


def _actor_spans(tok: Token) -> tuple[tuple[int, int], ...]:
    """Character spans of the subject and the passive agent of the verb that governs ``tok``."""
    verb = tok
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    out = []
    for c in verb.children:
        if c.dep_ == "nsubj" and c != tok:  # the subject's own words, not a prepositional tail ("Transfers to ICE")
            out.append((c.left_edge.idx, c.idx + len(c.text)))
        if c.dep_ == "agent":
            sub = list(c.subtree)
            out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    for c in tok.children:  # "detainers issued by ICE"
        if c.dep_ in ("acl", "relcl"):
            for g in c.children:
                if g.dep_ in ("agent", "nsubj"):
                    sub = list(g.subtree)
                    out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return tuple(out)


# --- spans ------------------------------------------------------------------------------------------------
def _span(text: str, c: Candidate, noun: Token | None, qstart: int, period: Found | None) -> tuple[int, int]:
    """From the metric verb (when it leads the number: "ignoring more than 1,000", "not turning nine"), or the
    qualifier, to the counted noun with its particle and "to ICE" / "back onto the streets" trail, and a
    period phrase right after."""
    start, end = min(qstart, c.start), c.end
    if noun is not None and noun.idx >= c.end:
        stop = noun.idx + len(noun.text)
        following = [t for t in noun.subtree if t.i > noun.i]
        if (
            following
            and following[0].dep_ == "acl"
            and following[0].i == noun.i + 2
            or (following and following[0].lower_ == "to" and following[0].i == noun.i + 1)
        ):  # "requests to detain people"
            for t in following[:4]:
                if t.dep_ in ("relcl", "punct", "appos", "cc", "conj") or t.text in ",;:" or t.ent_type_ == "DATE":
                    break
                stop = t.idx + len(t.text)
        end = max(end, stop)
    verb = noun.head if noun is not None else c.token.head
    if verb.pos_ == "VERB" and verb.idx < start and start - (verb.idx + len(verb.text)) <= 2:
        neg = [t for t in verb.children if t.dep_ == "neg" and t.i == verb.i - 1]
        start = neg[0].idx if neg else verb.idx
        trail = re.match(
            r"\s+(?:over(?:\s+to\s+(?:ICE|immigration\s+\w+|federal\s+\w+))?"
            r"|back\s+(?:onto|on|into)\s+the\s+(?:streets?|community|communities))\b",
            text[end : end + 60],
            re.IGNORECASE,
        )
        if trail:
            end += trail.end()
    if period is not None and period.start >= end and period.start - end <= 2:
        end = period.end
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    return start, end


# --- all claims of an article ------------------------------------------------------------------------------
def find_claims(
    text: str,
    doc: Doc,
    ents: ArticleEntities,
    quotes: list[Quote],
    pub: PubDate,
    outlet: str,
    resolver,
) -> list[Claim]:
    lx = lexicon()
    out: list[Claim] = []
    previous: Claim | None = None
    places = ArticlePlaces(ents, resolver)
    paragraph_start, paragraph_enforcement = -1, False
    for sent in doc.sents:
        p0 = text.rfind("\n", 0, sent.start_char) + 1
        if p0 != paragraph_start:
            p1 = text.find("\n", sent.start_char)
            paragraph_start = p0
            paragraph_enforcement = bool(lx["enforcement_terms_re"].search(text[p0 : len(text) if p1 == -1 else p1]))
        about_enforcement = bool(lx["enforcement_terms_re"].search(sent.text)) or paragraph_enforcement
        cands = candidates(text, doc, sent)
        sent_claims: list[tuple[Candidate, str | None]] = []
        inherited: dict[int, Candidate] = {}  # an elliptical candidate → the one whose noun it shares
        inherited_metric: dict[int, str] = {}  # an elliptical candidate → the metric of the claim it continues
        for c in cands:
            noun = _counted_noun(c)
            cls = _counted_class(noun)
            if cls == "not":
                continue
            if cls is None and c.kind == "count":
                cls = _following_class(c, text)
            if cls is None and c.kind == "count":
                # elliptical ("848 in 2020", "or 2,984", "18 remain at large"): the class of the candidate it
                # is coordinated with, else a people/detainers word the verb governs
                buddy = next(((x, k) for x, k in reversed(sent_claims) if k is not None), None)
                if buddy is not None and (
                    c.token.dep_ in ("conj", "appos")
                    or c.token.head == buddy[0].token.head
                    or (c.token.dep_ == "pobj" and c.token.head.lower_ in ("from", "than", "to", "with"))
                ):  # "909 requests in 2019 and 848 in 2020", "down from 177,147", "up from 12"
                    cls = buddy[1]
                    inherited[c.start] = buddy[0]
                elif noun is None and about_enforcement and (subject := _subject_class(c.token, previous)):
                    cls, inherited_claim = subject  # "Detainer requests dropped from 27,000 ...", "That rose to 12"
                    if inherited_claim is not None:
                        inherited_metric[c.start] = inherited_claim.metric
                elif (
                    noun is None
                    and c.token.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "appos")
                    and about_enforcement
                ):
                    cls = "people"
                elif noun is not None and noun.pos_ == "PRON" and about_enforcement:
                    cls = "people"
                else:
                    continue
            if not about_enforcement and cls not in ("detainers", "bookings"):
                continue
            sent_claims.append((c, cls))
        for c, cls in sent_claims:
            noun = _counted_noun(c)
            words, negated = _predicate(noun, c.token)
            if words & set(lx["non_claim_verbs"]):
                continue
            clause = text[max(sent.start_char, c.start - 150) : min(sent.end_char, c.end + 150)]
            if c.kind == "zero":
                negated = False
            metric = choose_metric(cls, words, negated, clause, noun.lemma_.lower() if noun is not None else "")
            if metric == "unclassified" and c.start in inherited_metric:
                metric = inherited_metric[c.start]
            if metric == "unclassified" and c.start in inherited:
                b = inherited[c.start]
                bnoun = _counted_noun(b)
                bwords, bneg = _predicate(bnoun, b.token)
                metric = choose_metric(cls, bwords, bneg, clause)
            if c.kind == "count":
                unit = UNIT_OF_CLASS.get(cls or "", "unknown")
            else:
                unit = c.kind if c.kind != "zero" else UNIT_OF_CLASS.get(cls or "", "unknown")
                if c.kind in ("percent", "ratio") and metric == "unclassified":
                    metric = choose_metric("detainers" if cls is None else cls, words, negated, clause)
            if c.kind in ("count", "zero") and cls is None:
                continue
            qualifier, qstart = qualifier_before(text, c.start - 1 if text[c.start - 1 : c.start] == "$" else c.start)
            form = c.form
            if form in ("count", "number_word") and qualifier != "exact":
                form = "bound" if form == "count" else form
            if c.token.dep_ == "pobj" and c.token.head.lower_ in ("from", "to"):
                other = "to" if c.token.head.lower_ == "from" else "from"
                siblings = [t for t in c.token.head.head.subtree if t.lower_ == other]
                if siblings:
                    form = "from_to"  # "from 410 in 2015 to 95 in 2017": each end is a claim
                elif c.token.head.lower_ == "from":
                    form = "comparison"  # "down from 140"
            period = choose_period(text, sent, c, [x for x, _ in sent_claims], pub)
            start, end = _span(text, c, noun, qstart, period)
            quote = next((q for q in quotes if q.start <= c.start and c.end <= q.end), None)
            if quote is not None and quote.mention is not None:
                claimant: Mention | None = quote.mention
                name = quote.mention.name
            else:
                claimant = _claimant(text, ents, sent.start_char, start)
                name = claimant.name if claimant else outlet
            ctype = claimant.entity_type if claimant else ""
            source_type = "official_claim_via_news" if _is_official(claimant, ents) else "news_report"
            claim = Claim(
                start,
                end,
                c.value,
                qualifier,
                metric,
                unit,
                noun.text if noun is not None else "",
                form,
                period,
                claimant,
                name or outlet or "unknown",
                ctype,
                quote,
                source_type,
                number_start=c.start,
                number_end=c.end,
            )
            phrase_end = noun.idx + len(noun.text) if noun is not None and noun.idx >= c.end else c.end
            claim.place = place_claim(
                text,
                sent.start_char,
                sent.end_char,
                c.start,
                c.end,
                places,
                quote,
                previous,
                phrase_end,
                _actor_spans(noun if noun is not None else c.token),
                LEVEL_OF_NOUN.get(noun.lemma_.lower(), "") if noun is not None and cls == "agencies" else "",
            )
            out.append(claim)
            previous = claim
    return _dedupe(out)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per span (two candidates can share a span: "none of ... any")."""
    seen: set[tuple[int, int]] = set()
    out = []
    for c in claims:
        if (c.start, c.end) in seen:
            continue
        seen.add((c.start, c.end))
        out.append(c)
    return out
