"""Dates and periods in article text, resolved against the publication date — never the clock.

Two uses:
- :func:`find_statement_date` — the day a statement was made ("said on Jan. 17", "wrote in an email
  Tuesday", an embedded tweet's "January 21, 2020");
- :func:`find_periods` — the period a number refers to ("last year", "in November", "fiscal 2019",
  "from Jan. 28 to Feb. 3", "since November", "since Jan. 1").

The publication date may be known only to the month or year (:class:`PubDate`). An expression is resolved
only when the publication date is precise enough for it: "last year" needs the year, "in November" and
"last month" the month, "Tuesday" and "last week" a day (the ``reference_date`` of articles.csv: the day
of publication, or the earliest possible day when the metadata gives one). Basis: ``explicit`` when the
text states the full date or year ("fiscal 2019", "Feb. 3, 2017", "in 2019"); ``relative_to_publication``
when any part comes from the publication date ("last year", "in November", "Jan. 17", "Tuesday").
Month names and month-day expressions are parsed with dateparser (RELATIVE_BASE = the last possible day
of publication, PREFER_DATES_FROM = past); weekdays and week arithmetic use the standard library.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from ..periods import calendar_year, fiscal_year, period_type
from ..periods import month as month_period

MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sept(?:ember|\.)?|Sep\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
MD = rf"{MONTH}\s+{DAY}"
YEAR = r"(?:19|20)\d{2}"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class PubDate:
    """An article's publication date as articles.csv records it."""

    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # day / month / year
    earliest: str  # first possible day
    latest: str  # last possible day
    reference: str = ""  # the day relative expressions are resolved against ("" = none)

    @property
    def ref_day(self) -> date | None:
        return date.fromisoformat(self.reference) if self.reference else None

    @property
    def ref_date(self) -> date:
        """The reference day; only for callers that checked ``reference`` is set."""
        if not self.reference:
            raise ValueError("no reference date")
        return date.fromisoformat(self.reference)

    @property
    def ref_month(self) -> tuple[int, int] | None:
        if self.reference:
            d = self.ref_date
            return d.year, d.month
        if self.precision in ("day", "month"):
            return int(self.value[:4]), int(self.value[5:7])
        return None

    @property
    def ref_year(self) -> int:
        return self.ref_date.year if self.reference else int(self.value[:4])

    @property
    def parse_base(self) -> datetime:
        """The latest possible day of publication: a month-day without a year is the last such day on
        or before it."""
        d = date.fromisoformat(self.latest)
        return datetime(d.year, d.month, d.day)


@dataclass(frozen=True)
class Found:
    """A resolved date or period expression at text[start:end]."""

    start: int
    end: int
    exact: str
    period_start: str
    period_end: str
    period_type: str
    basis: str


@lru_cache(maxsize=4096)
def _parse(expr: str, base: datetime) -> date | None:
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "TIMEZONE": "UTC",
    }
    d = dateparser.parse(expr.replace("Sept.", "Sep."), languages=["en"], settings=settings)
    return d.date() if d is not None else None


def _month_number(name: str) -> int:
    d = _parse(name, datetime(2001, 12, 31))
    if d is None:
        raise ValueError(f"not a month name: {name!r}")
    return d.month


def _md(expr: str, year: int | None, pub: PubDate) -> date | None:
    """A month-day, in the given year or (no year) the last such day on or before the latest day of
    publication."""
    expr = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", expr)
    if year is not None:
        return _parse(f"{expr}, {year}", pub.parse_base)
    return _parse(expr, pub.parse_base)


def _year_of(m: re.Match, *names: str) -> int | None:
    for n in names:
        g = m.groupdict().get(n)
        if g:
            found = re.search(r"\d{4}", g)
            if found:
                return int(found.group(0))
    return None


def _recent_month(mo: int, pub: PubDate) -> tuple[int, int] | None:
    """The most recent month ``mo`` on or before the publication month."""
    ref = pub.ref_month
    if ref is None:
        return None
    y, m = ref
    return (y if mo <= m else y - 1), mo


def _iso(d: date) -> str:
    return d.isoformat()


def _span_type(a: date, b: date) -> str:
    return period_type(a.isoformat(), b.isoformat())


# --- periods -------------------------------------------------------------------------------------------
def _range(m: re.Match, pub: PubDate):
    ya, yb = _year_of(m, "ay"), _year_of(m, "by")
    year = ya or yb
    a = _md(m.group("a"), year, pub)
    b_expr = m.group("b")
    if re.fullmatch(DAY, b_expr):  # "Jan. 28-31"
        month_a = re.match(MONTH, m.group("a"))
        b_expr = f"{month_a.group(0) if month_a else ''} {b_expr}"
    b = _md(b_expr, yb or year, pub)
    if a is None or b is None:
        return None
    if b < a and not yb:
        b = b.replace(year=b.year + 1)
    if b < a and not ya:
        a = a.replace(year=a.year - 1)
    if b < a:
        return None
    if not year and b > pub.parse_base.date():  # a past span: move it back a year
        a, b = a.replace(year=a.year - 1), b.replace(year=b.year - 1)
    return _iso(a), _iso(b), _span_type(a, b), "explicit" if year else "relative_to_publication"


def _month_range(m: re.Match, pub: PubDate):
    ma, mb = _month_number(m.group("ma")), _month_number(m.group("mb"))
    ya, yb = _year_of(m, "may"), _year_of(m, "mby")
    if yb is None and ya is None:
        r = _recent_month(mb, pub)
        if r is None:
            return None
        yb = r[0]
    year_b: int = yb or ya or 0
    year_a: int = ya or (year_b if ma <= mb else year_b - 1)
    a, b = month_period(year_a, ma)[0], month_period(year_b, mb)[1]
    basis = "explicit" if _year_of(m, "may", "mby") else "relative_to_publication"
    return a, b, "span", basis


def _fiscal(m: re.Match, pub: PubDate):
    y = m.group("fy") or m.group("fy2")
    fy = int(y) if len(y) == 4 else 2000 + int(y)
    return (*fiscal_year(fy), "fiscal_year", "explicit")


def _fiscal_relative(m: re.Match, pub: PubDate):
    ref = pub.ref_month
    if ref is None:
        return None
    current = ref[0] + 1 if ref[1] >= 10 else ref[0]
    which = m.group("which").lower()
    fy = current if which in ("this", "the current") else current - 1
    return (*fiscal_year(fy), "fiscal_year", "relative_to_publication")


def _since(m: re.Match, pub: PubDate):
    end = pub.reference or pub.latest  # up to publication (its last possible day when not known to the day)
    what = m.group("since")
    y = _year_of(m, "sy")
    start: date | None
    if re.fullmatch(YEAR, what):
        start = date(int(what), 1, 1)
    elif re.fullmatch(MD, what):
        start = _md(what, y, pub)
    else:
        mo = _month_number(what)
        if y:
            start = date(y, mo, 1)
        else:
            r = _recent_month(mo, pub)
            if r is None:
                return None
            start = date(r[0], r[1], 1)
    if start is None or _iso(start) > end:
        return None
    return _iso(start), end, "span", "relative_to_publication"  # the end is the publication date


def _in_month(m: re.Match, pub: PubDate):
    mo = _month_number(m.group("mon"))
    y = _year_of(m, "my")
    if y:
        return (*month_period(y, mo), "month", "explicit")
    r = _recent_month(mo, pub)
    if r is None:
        return None
    return (*month_period(*r), "month", "relative_to_publication")


def _in_year(m: re.Match, pub: PubDate):
    return (*calendar_year(int(m.group("y"))), "calendar_year", "explicit")


def _relative_year(m: re.Match, pub: PubDate):
    which = m.group("which").lower()
    y = pub.ref_year
    if which in ("last", "the previous", "the prior"):
        return (*calendar_year(y - 1), "calendar_year", "relative_to_publication")
    if which == "this":  # so far this year
        if not pub.reference:
            return None
        return f"{y:04d}-01-01", pub.reference, "span", "relative_to_publication"
    if not pub.reference:  # "the past year": the 12 months before publication
        return None
    end = pub.ref_date
    start = end.replace(year=end.year - 1) + timedelta(days=1)
    return _iso(start), _iso(end), "span", "relative_to_publication"


def _relative_month(m: re.Match, pub: PubDate):
    ref = pub.ref_month
    if ref is None:
        return None
    y, mo = ref
    if m.group("which").lower() == "last":
        y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    return (*month_period(y, mo), "month", "relative_to_publication")


def _relative_week(m: re.Match, pub: PubDate):
    ref = pub.ref_day
    if ref is None:
        return None
    monday = ref - timedelta(days=ref.weekday())
    if m.group("which").lower() == "last":
        monday -= timedelta(days=7)
        return _iso(monday), _iso(monday + timedelta(days=6)), "week", "relative_to_publication"
    return _iso(monday), _iso(ref), "span", "relative_to_publication"


def _on_day(m: re.Match, pub: PubDate):
    y = _year_of(m, "dy")
    d = _md(m.group("md"), y, pub)
    if d is None:
        return None
    return _iso(d), _iso(d), "day", "explicit" if y else "relative_to_publication"


PERIOD_PATTERNS = [
    (
        rf"\b(?:[Ff]rom|[Bb]etween)\s+(?P<a>{MD})(?P<ay>,?\s+{YEAR})?\s*(?:to|through|until|and|-|–)\s*"
        rf"(?P<b>{MD}|{DAY}\b)(?P<by>,?\s+{YEAR})?",
        _range,
        0,
    ),
    (
        rf"\b(?:[Ff]rom|[Bb]etween)\s+(?P<ma>{MONTH})(?P<may>\s+{YEAR})?\s+(?:to|through|until|and)\s+"
        rf"(?P<mb>{MONTH})(?P<mby>,?\s+{YEAR})?",
        _month_range,
        0,
    ),
    (
        rf"\b(?:(?i:in|during|for)\s+)?(?:the\s+)?(?:federal\s+)?fiscal\s+(?:year\s+)?(?P<fy>{YEAR})\b"
        rf"|\b(?:(?i:in|during|for)\s+)?FY\s?'?(?P<fy2>{YEAR}|\d{{2}})\b",
        _fiscal,
        0,
    ),
    (
        r"\b(?:(?i:in|during|for)\s+)?(?P<which>last|the\s+last|the\s+previous|the\s+past|this|the\s+current)"
        r"\s+fiscal\s+year\b",
        _fiscal_relative,
        re.IGNORECASE,
    ),
    (rf"\b[Ss]ince\s+(?P<since>{MD}|{MONTH}|{YEAR})(?P<sy>,?\s+{YEAR})?\b", _since, 0),
    (
        rf"\b(?:(?i:in|during|for|throughout)\s+)?(?:the\s+month\s+of\s+)?(?P<mon>{MONTH})(?![A-Za-z])(?P<my>,?\s+{YEAR})?(?!\s*\d)",
        _in_month,
        0,
    ),
    (
        rf"\b(?i:in|during|for|throughout)\s+(?:calendar\s+(?:year\s+)?|the\s+year\s+)?(?P<y>{YEAR})\b(?!\s*[-–])",
        _in_year,
        0,
    ),
    (
        r"\b(?:(?:in|during|over|for)\s+)?(?:so\s+far\s+)?(?P<which>last|this|the\s+previous|the\s+prior|the\s+past)"
        r"\s+(?:year|12\s+months)\b",
        _relative_year,
        re.IGNORECASE,
    ),
    (r"\b(?:(?:in|during|over)\s+)?(?P<which>last|this)\s+month\b", _relative_month, re.IGNORECASE),
    (r"\b(?:(?:in|during|over)\s+)?(?P<which>last|this)\s+week\b", _relative_week, re.IGNORECASE),
    (rf"\b(?:on\s+|between\s+)?(?P<md>{MD})(?P<dy>,?\s+{YEAR})?\b", _on_day, 0),
]
_COMPILED = [(re.compile(p, f), fn) for p, fn, f in PERIOD_PATTERNS]


class _Taken:
    """Disjoint spans, sorted, for overlap tests in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)  # spans starting before e
        return i > 0 and self.ends[i - 1] > s

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def find_periods(text: str, start: int, end: int, pub: PubDate) -> list[Found]:
    """Every resolvable period expression in text[start:end], longest first where they overlap."""
    found: list[Found] = []
    taken = _Taken()
    cands = []
    for rx, fn in _COMPILED:
        for m in rx.finditer(text, start, end):
            cands.append((m.start(), -(m.end() - m.start()), m, fn))
    for s, negl, m, fn in sorted(cands, key=lambda c: (c[1], c[0])):
        e = s - negl
        if taken.overlaps(s, e):
            continue
        if fn is _in_month and m.group("mon") == "May" and not re.match(r"(?i:in|during|for|throughout)\s", m.group(0)):
            continue  # a bare "May" is more often the verb
        resolved = fn(m, pub)
        if resolved is None:
            continue
        taken.add(s, e)
        found.append(Found(s, e, text[s:e], *resolved))
    return sorted(found, key=lambda f: f.start)


# --- statement dates -------------------------------------------------------------------------------
STATEMENT_DATE = re.compile(
    rf"\b(?:on\s+)?(?:(?P<wd>{WEEKDAY})(?:,\s+(?P<wmd>{MD})(?P<wy>,?\s+{YEAR})?)?|(?P<md>{MD})(?P<y>,?\s+{YEAR})?"
    rf"|(?P<rel>today|yesterday|this\s+morning|last\s+night))\b"
)


def find_statement_date(text: str, start: int, end: int, pub: PubDate) -> Found | None:
    """The first statement date in text[start:end] (the attribution), or None."""
    for m in STATEMENT_DATE.finditer(text, start, end):
        s, e = m.start(), m.end()
        d, basis = None, "relative_to_publication"
        if m.group("md") or m.group("wmd"):
            y = _year_of(m, "y", "wy")
            d = _md(m.group("md") or m.group("wmd"), y, pub)
            basis = "explicit" if y else "relative_to_publication"
        elif m.group("wd"):
            ref = pub.ref_day
            if ref is not None:
                back = (ref.weekday() - WEEKDAYS.index(m.group("wd"))) % 7
                d = ref - timedelta(days=back)
        elif pub.ref_day is not None:
            rel = m.group("rel").lower()
            d = pub.ref_day - timedelta(days=1 if rel in ("yesterday", "last night") else 0)
        if d is not None:
            return Found(s, e, text[s:e], _iso(d), _iso(d), "day", basis)
    return None


# --- the period of a claim --------------------------------------------------------------------------------
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


class ArticlePeriods:
    """The period expressions of one article, found once and looked up by position (O(log n)), and the
    choice of a claim's period among them (:meth:`for_claim`)."""

    def __init__(self, text: str, pub: PubDate, quotes=()):
        self.text = text
        self.pub = pub
        self.found = find_periods(text, 0, len(text), pub)
        self.starts = [f.start for f in self.found]

    def within(self, start: int, end: int) -> list[Found]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.found) and self.found[i].start < end:
            if self.found[i].end <= end:
                out.append(self.found[i])
            i += 1
        return out

    def for_claim(
        self,
        s0: int,
        s1: int,
        n0: int,
        n1: int,
        others: list[tuple[int, int]],
        *,
        quote=None,
        previous=None,
        kind: str = "count",
        form: str = "count",
    ) -> Found | None:
        """The period of the claim whose number is text[n0:n1] in the sentence text[s0:s1]; ``others`` are
        the spans of the sentence's claim candidates (a period inside one is not a period)."""
        in_sentence = [p for p in self.within(s0, s1) if not any(a <= p.start < b for a, b in others)]
        nxt = [a for a, _ in others if a > n0]
        right = nxt[0] if nxt else s1
        after = [p for p in in_sentence if n1 <= p.start < right]
        if after:
            return after[0]
        prv = [b for _, b in others if b <= n0]
        left = prv[-1] if prv else s0
        before = [p for p in in_sentence if left <= p.start and p.end <= n0]
        if before:
            return before[-1]
        if len(in_sentence) == 1 or (in_sentence and all(p.exact == in_sentence[0].exact for p in in_sentence)):
            return in_sentence[0]
        if in_sentence:
            earlier = [p for p in in_sentence if p.end <= n0]
            return earlier[-1] if earlier else in_sentence[0]
        return self._anaphoric(s0, s1)

    def _anaphoric(self, s0: int, s1: int) -> Found | None:
        """ "the same week", "that fiscal year", "that day": the latest period of that type stated before
        the sentence (basis ``inferred``)."""
        m = ANAPHORIC_PERIOD.search(self.text, s0, s1)
        if not m:
            return None
        kind = PERIOD_KIND[re.sub(r"\s+", " ", (m.group("kind") or m.group("kind2")).lower())]
        earlier = [p for p in self.within(max(0, s0 - 3000), s0) if kind is None or p.period_type == kind]
        if not earlier:
            return None
        p = earlier[-1]
        return Found(m.start(), m.end(), m.group(0), p.period_start, p.period_end, p.period_type, "inferred")
