"""Numeric claims about immigration enforcement.

A number (digits "1,000", "1.2 million"; words "nine", "two dozen") is an enforcement claim only when
1. it counts something enforcement counts — a counted noun of lexicon.yaml `counted_nouns` follows it,
   after at most `max_modifiers` words ("nine criminal immigrants", "1,000 requests to detain people");
   so ages ("92-year-old"), durations ("more than five years", "a year and a half") and counts of
   officials ("two senior administration officials") are never claims; and
2. a metric cue of lexicon.yaml `metrics` surrounds it ("ignoring more than 1,000 requests" →
   detainers_declined; "letting 29 people back onto the streets" → released_despite_detainer; "not
   turning nine criminal immigrants over" → people_not_turned_over).

Each number owns a clause of its sentence: from the previous number (or the sentence start, or the last
"and" / ";" / ", but" before it) to the next number (or the first such boundary after it). Within it:
- qualifier: the phrase right before the number (lexicon `qualifiers`), else ``exact``;
- period: the first period expression after the number in the clause, else before it, else anywhere in
  the sentence (scripts/lib/extraction/temporal.py), else none (``unspecified``);
- jurisdiction: the nearest jurisdiction (or local agency) mention before the number in the clause,
  else after it in the clause, else before the clause in the sentence, else none (a national or
  unplaced claim);
- claimant: the speaker of the quote containing the claim; else the nearest person or agency in the
  sentence that is the subject of a claimant verb ("ICE has called out", "Albence attempted to further
  castigate"); else the outlet (a news report).
The claim's span runs from the metric cue (or the qualifier) to the end of the counted phrase, the
cue's trailing part ("back onto the streets", "over to ICE") and a period expression that follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .entities import ArticleEntities, Mention
from .lexicon import lexicon
from .quotes import Quote
from .temporal import MONTH, Found, PubDate, find_periods
from .text import Sentence, sentences

DIGITS = re.compile(
    r"(?<![\w.$/#@-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<mult>\s+(?:hundred|thousand|million))?(?![\w%-]|,\d|\.\d)"
)
BOUNDARY = re.compile(r";|\s+and\s+|,\s+but\s+|,\s+while\s+|\s+—\s+|,\s+whereas\s+")


@dataclass
class Number:
    start: int
    end: int
    value: int


@dataclass
class Claim:
    start: int
    end: int
    value: int
    qualifier: str
    metric: str
    unit: str
    counted: str
    jurisdiction: Mention | None
    period: Found | None
    claimant: Mention | None
    claimant_name: str
    quote: Quote | None
    source_type: str


def _word_number_regex() -> re.Pattern:
    lx = lexicon()
    units = "|".join(sorted(lx["number_words"], key=len, reverse=True))
    mult = "|".join(lx["multipliers"])
    return re.compile(
        rf"(?<![\w-])(?P<num>(?:(?:a|an|{units})(?:[\s-](?:{units}))?)(?:\s+(?:{mult}))*)(?![\w-])", re.IGNORECASE
    )


def word_value(words: str) -> int | None:
    """ "nine" → 9, "two dozen" → 24, "twenty-five" → 25, "three hundred" → 300; "a"/"an" alone → None."""
    lx = lexicon()
    total, current = 0, 0
    tokens = re.split(r"[\s-]+", words.lower().strip())
    if all(t in ("a", "an") for t in tokens):
        return None
    for t in tokens:
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


def find_numbers(text: str, start: int, end: int) -> list[Number]:
    out = []
    for m in DIGITS.finditer(text, start, end):
        if re.search(rf"{MONTH}\s+$", text[max(0, m.start() - 12) : m.start()]):
            continue  # a day of the month
        v = float(m.group("num").replace(",", ""))
        if m.group("mult"):
            v *= lexicon()["multipliers"][m.group("mult").strip().lower()]
        if v != int(v):
            continue
        out.append(Number(m.start(), m.end(), int(v)))
    for m in _word_number_regex().finditer(text, start, end):
        if any(n.start < m.end() and m.start() < n.end for n in out):
            continue
        v = word_value(m.group("num"))
        if v is not None:
            out.append(Number(m.start(), m.end(), v))
    return sorted(out, key=lambda n: n.start)


def counted_phrase(text: str, pos: int, limit: int) -> tuple[str, int, int] | None:
    """(unit class, start, end) of the counted noun after a number at ``pos``, skipping up to
    `max_modifiers` modifier words."""
    lx = lexicon()
    rest = text[pos:limit]
    for skip in range(int(lx["max_modifiers"]) + 1):
        m = re.match(rf"\s+(?:[A-Za-z][\w’'\-]*\s+){{{skip}}}", rest) if skip else re.match(r"\s+", rest)
        if not m:
            break
        if skip and re.search(r"\b(?:of|the|a|an|and|or|to|in|for|were|was|are|is|have|has|had)\s+$", m.group(0)):
            break
        for unit, rx in lx["counted_re"].items():
            c = rx.match(rest, m.end())
            if c:
                lead = len(rest) - len(rest.lstrip())
                return unit, pos + lead, pos + c.end()
    return None


def qualifier_before(text: str, pos: int) -> tuple[str, int]:
    """(qualifier term, start) of a qualifier phrase ending right before ``pos``; ("exact", pos) if none."""
    window = text[max(0, pos - 30) : pos]
    if re.search(r"\b(?:turn|hand|handed|turned|turning|handing|turns|hands)\s+over\s+$", window, re.IGNORECASE):
        return "exact", pos  # "turned over 1,542 inmates": a particle, not "more than"
    for phrase, term in lexicon()["qualifier_list"]:
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        m = re.search(rf"(?<![\w])({body})\s+$", window, re.IGNORECASE)
        if m:
            return term, pos - len(window) + m.start(1)
    return "exact", pos


def _clause(text: str, sent: Sentence, numbers: list[Number], i: int) -> tuple[int, int]:
    n = numbers[i]
    left = max([sent.start] + [x.end for x in numbers[:i] if x.start >= sent.start])
    right = min([sent.end] + [x.start for x in numbers[i + 1 :] if x.start < sent.end])
    before = [m.end() for m in BOUNDARY.finditer(text, left, n.start)]
    after = [m.start() for m in BOUNDARY.finditer(text, n.end, right)]
    return (before[-1] if before else left), (after[0] if after else right)


def _metric(text: str, qstart: int, count_end: int, unit: str, left: int, right: int):
    """(rule, cue start, extended end) of the first metric rule that fires, or None."""
    lx = lexicon()
    words = list(re.finditer(r"\S+", text[left:qstart]))
    window_start = left + words[-int(lx["cue_window"])].start() if len(words) >= int(lx["cue_window"]) else left
    before_text = text[window_start:qstart]
    after_text = text[count_end:right]
    for rule in lx["metrics"]:
        if rule["unit"] != unit:
            continue
        b = list(rule["before_re"].finditer(before_text)) if rule["before_re"] is not None else []
        a = rule["after_re"].match(after_text) if rule["after_re"] is not None else None
        if (rule.get("require_before") and not b) or (rule.get("require_after") and not a):
            continue
        if b or a:
            cue_start = window_start + b[-1].start() if b else qstart
            return rule, cue_start, count_end + (a.end() if a else 0)
    return None


ANAPHORIC_PERIOD = re.compile(
    r"\b(?:that|the\s+same|this|the\s+previous)\s+(?P<kind>fiscal\s+year|week|month|year|period)\b", re.IGNORECASE
)
PERIOD_KIND = {"week": "week", "month": "month", "year": "calendar_year", "fiscal year": "fiscal_year", "period": None}


def _anaphoric_period(text: str, left: int, right: int, sent: Sentence, pub: PubDate) -> Found | None:
    """ "the same week", "that fiscal year": the latest period of that type stated before the sentence
    (basis ``inferred``)."""
    m = ANAPHORIC_PERIOD.search(text, left, right)
    if not m:
        return None
    kind = PERIOD_KIND[re.sub(r"\s+", " ", m.group("kind").lower())]
    earlier = [p for p in find_periods(text, 0, sent.start, pub) if kind is None or p.period_type == kind]
    if not earlier:
        return None
    p = earlier[-1]
    return Found(m.start(), m.end(), m.group(0), p.period_start, p.period_end, p.period_type, "inferred")


def _nearest(mentions: list[Mention], pos: int, before: bool) -> Mention | None:
    if not mentions:
        return None
    if before:
        return max(mentions, key=lambda m: (m.end, m.end - m.start))
    return min(mentions, key=lambda m: (m.start, -(m.end - m.start)))


def _jurisdiction(ents: ArticleEntities, sent: Sentence, left: int, right: int, n: Number) -> Mention | None:
    def placed(a, b):
        return [
            m
            for m in ents.mentions
            if a <= m.start and m.end <= b and m.jurisdiction_id and m.entity_type in ("jurisdiction", "agency")
        ]

    return (
        _nearest(placed(left, n.start), n.start, True)
        or _nearest(placed(n.end, right), n.end, False)
        or _nearest(placed(sent.start, left), left, True)
    )


def _claimant(text: str, ents: ArticleEntities, sent: Sentence, pos: int) -> Mention | None:
    lx = lexicon()
    gap = int(lx["claimant_gap_words"])
    for m in ents.before(pos, ("person", "agency")):
        if m.start < sent.start:
            break
        follow = text[m.end : pos]
        words = follow.split()
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


def find_claims(text: str, ents: ArticleEntities, quotes: list[Quote], pub: PubDate, outlet: str) -> list[Claim]:
    out = []
    for sent in sentences(text):
        numbers = find_numbers(text, sent.start, sent.end)
        for i, n in enumerate(numbers):
            left, right = _clause(text, sent, numbers, i)
            counted = counted_phrase(text, n.end, right)
            if counted is None:
                continue
            unit, _, count_end = counted
            qualifier, qstart = qualifier_before(text, n.start)
            found = _metric(text, qstart, count_end, unit, left, right)
            if found is None:
                continue
            rule, cue_start, ext_end = found
            in_sentence = find_periods(text, sent.start, sent.end, pub)  # may run past the clause ("between X and Y")
            periods_after = [p for p in in_sentence if ext_end - 1 <= p.start < right]
            periods_before = [p for p in in_sentence if left <= p.start and p.end <= qstart]
            period = periods_after[0] if periods_after else periods_before[-1] if periods_before else None
            if period is None:
                whole = [
                    p
                    for p in find_periods(text, sent.start, sent.end, pub)
                    if not any(x.start <= p.start < x.end for x in numbers)
                ]
                period = whole[0] if len(whole) == 1 else None
            if period is None:
                period = _anaphoric_period(text, left, right, sent, pub)
            start = min(cue_start, qstart)
            end = max(
                ext_end,
                period.end
                if period is not None and period.start >= ext_end - 1 and period.start - ext_end <= 40
                else ext_end,
            )
            quote = next((q for q in quotes if q.start <= n.start and n.end <= q.end), None)
            if quote is not None:
                claimant = quote.mention
                name = quote.mention.name if quote.mention else quote.speaker
            else:
                claimant = _claimant(text, ents, sent, start)
                name = claimant.name if claimant else outlet
            source_type = "official_claim_via_news" if _is_official(claimant, ents) else "news_report"
            out.append(
                Claim(
                    start,
                    end,
                    n.value,
                    qualifier,
                    rule["metric"],
                    unit,
                    text[counted[1] : count_end],
                    _jurisdiction(ents, sent, left, right, n),
                    period,
                    claimant,
                    name,
                    quote,
                    source_type,
                )
            )
    return out
