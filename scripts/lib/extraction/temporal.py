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
import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from ..periods import calendar_year, fiscal_year, period_type
from ..periods import month as month_period
from .lexicon import lexicon as _lexicon
from .lexicon import rate_after

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
    parts: tuple[tuple[str, str], ...] = ()  # the ends of a span of two ("from 2016 to 2017", "in 2015 and 2016")
    weak: bool = False  # "now", "today", "currently": used only when the sentence states no other period


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
def _relative_year_of(m: re.Match, name: str, pub: PubDate) -> int | None:
    """ "last year" / "this year" given as the year of a date range."""
    g = (m.groupdict().get(name) or "").lower()
    if "last" in g:
        return pub.ref_year - 1
    if "this" in g:
        return pub.ref_year
    return None


def _range(m: re.Match, pub: PubDate):
    ya, yb = _year_of(m, "ay"), _year_of(m, "by") or _relative_year_of(m, "by", pub)
    relative = _relative_year_of(m, "by", pub) is not None
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
    return _iso(a), _iso(b), _span_type(a, b), "explicit" if year and not relative else "relative_to_publication"


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
    if m.groupdict().get("mid"):  # "from January to mid-April": to the 15th
        b = f"{year_b:04d}-{mb:02d}-15"
    basis = "explicit" if _year_of(m, "may", "mby") else "relative_to_publication"
    return a, b, "span", basis


def _fiscal(m: re.Match, pub: PubDate):
    y = m.group("fy") or m.group("fy2") or m.group("fy3")
    fy = int(y) if len(y) == 4 else 2000 + int(y)
    if m.group("fy3b"):  # "the 2013-14 fiscal year": the fiscal year that ends in the second year
        fy = int(m.group("fy3")[:2] + m.group("fy3b"))
        if fy != int(m.group("fy3")) + 1:
            return None
    return (*fiscal_year(fy), "fiscal_year", "explicit")


def _fiscal_ended(m: re.Match, pub: PubDate):
    """ "the fiscal year that ended June 30": the twelve months up to that day (a state's or county's year)."""
    y = _year_of(m, "ey")
    end = _md(m.group("emd"), y, pub)
    if end is None:
        return None
    start = end.replace(year=end.year - 1) + timedelta(days=1)
    return _iso(start), _iso(end), _span_type(start, end), "explicit" if y else "relative_to_publication"


def _fiscal_relative(m: re.Match, pub: PubDate):
    ref = pub.ref_month
    if ref is None:
        return None
    current = ref[0] + 1 if ref[1] >= 10 else ref[0]
    which = m.group("which").lower()
    fy = current if which in ("this", "the current") else current - 1
    return (*fiscal_year(fy), "fiscal_year", "relative_to_publication")


def _year_range(m: re.Match, pub: PubDate):
    """ "between 2016 and 2020", "from early 2017 through March 2018", "during 2012 and 2013"."""
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if not 1900 < y1 <= y2 < 2100 or y2 - y1 > 30:
        return None
    start = calendar_year(y1)[0]
    end = month_period(y2, _month_number(m.group("m2")))[1] if m.group("m2") else calendar_year(y2)[1]
    parts = (calendar_year(y1), (calendar_year(y2)[0], end))
    return start, end, "span", "explicit", parts


def _fiscal_range(m: re.Match, pub: PubDate):
    """ "FY 2014 - FY 2016", "fiscal years 2014 through 2016"."""
    a, b = (int(x) if len(x) == 4 else 2000 + int(x) for x in (m.group("fa"), m.group("fb")))
    if not a <= b or b - a > 30:
        return None
    return fiscal_year(a)[0], fiscal_year(b)[1], "span", "explicit", (fiscal_year(a), fiscal_year(b))


def _days_ending(m: re.Match, pub: PubDate):
    """ "a 5-day enforcement operation ending Dec. 13": the N days up to that day."""
    n_word = m.group("n").lower()
    n = int(n_word) if n_word.isdigit() else _NUMBER_WORDS.get(n_word)
    y = _year_of(m, "ey")
    end = _md(m.group("emd"), y, pub)
    if not n or end is None:
        return None
    start = end - timedelta(days=n - 1)
    return _iso(start), _iso(end), _span_type(start, end), "explicit" if y else "relative_to_publication"


def _week_of(m: re.Match, pub: PubDate):
    """ "the week beginning January 28, 2017": seven days from that day."""
    y = _year_of(m, "wy")
    d = _md(m.group("wmd"), y, pub)
    if d is None:
        return None
    return _iso(d), _iso(d + timedelta(days=6)), "week", "explicit" if y else "relative_to_publication"


UNIT_DAYS = {"day": 1, "week": 7}


def _year_base(m: re.Match, pub: PubDate) -> tuple[date, str]:
    """The first day of the year a part of a year is of: "fiscal 2016" / "2019" (explicit), "the year" or "this
    year" (the publication year) and "last year" (the one before), relative to publication."""
    if m.group("fy"):
        fy = int(m.group("fy")) if len(m.group("fy")) == 4 else 2000 + int(m.group("fy"))
        return date.fromisoformat(fiscal_year(fy)[0]), "explicit"
    if m.group("y"):
        return date(int(m.group("y")), 1, 1), "explicit"
    back = 1 if m.group("rel").lower() == "last" else 0
    return date(pub.ref_year - back, 1, 1), "relative_to_publication"


def _first_part(m: re.Match, pub: PubDate):
    """ "the first two months of FY 2016", "the first three months of 2019" (or "of the year", "of last year"),
    "the first 100 days of 2017"; "the last three months of 2024" (the end of the year); "the first month of 2019"
    (one)."""
    n_word = (m.group("n") or "1").lower()
    n = int(n_word) if n_word.isdigit() else _NUMBER_WORDS.get(n_word)
    if not n:
        return None
    base, basis = _year_base(m, pub)
    unit = (m.group("unit") or m.group("unit1")).lower().rstrip("s")
    if m.group("end").lower() == "last":
        if unit not in ("month", "quarter") or n > 12:
            return None
        months = n * (3 if unit == "quarter" else 1)
        first = base.month - 1 + 12 - months  # months from base's year start to the first month counted
        start = date(base.year + first // 12, first % 12 + 1, 1)
        year_end = date(base.year + (base.month - 1 + 12) // 12, (base.month - 1 + 12) % 12 + 1, 1) - timedelta(days=1)
        return _iso(start), _iso(year_end), _span_type(start, year_end), basis
    if unit == "month":
        mo = base.month - 1 + n
        end = date(base.year + mo // 12, mo % 12 + 1, 1) - timedelta(days=1)
    elif unit == "quarter":
        mo = base.month - 1 + 3 * n
        end = date(base.year + mo // 12, mo % 12 + 1, 1) - timedelta(days=1)
    else:
        end = base + timedelta(days=UNIT_DAYS[unit] * n - 1)
    return _iso(base), _iso(end), _span_type(base, end), basis


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4}


def _part_of_year(m: re.Match, pub: PubDate):
    """ "the first quarter of 2019", "the second half of fiscal 2018": that quarter or half of the year."""
    which, unit = m.group("which").lower(), m.group("unit").lower()
    k = ORDINALS[which] if unit == "quarter" else (1 if which == "first" else 2)
    if unit == "half" and which not in ("first", "second", "last"):
        return None
    months = 3 if unit == "quarter" else 6
    base, basis = _year_base(m, pub)
    first = base.month - 1 + months * (k - 1)
    start = date(base.year + first // 12, first % 12 + 1, 1)
    last = first + months
    end = date(base.year + last // 12, last % 12 + 1, 1) - timedelta(days=1)
    return _iso(start), _iso(end), "span", basis


def _year_start_to_date(m: re.Match, pub: PubDate):
    """ "since the start of the year" / "since the beginning of the year": Jan. 1 to publication."""
    if not pub.reference:
        return None
    return f"{pub.ref_year:04d}-01-01", pub.reference, "span", "relative_to_publication"


def _so_far_in(m: re.Match, pub: PubDate):
    """ "so far in 2023" (the publication year): Jan. 1 to the publication day (FORMAT D15)."""
    y = int(m.group("y"))
    if y != pub.ref_year or not pub.reference:
        return None
    return f"{y:04d}-01-01", pub.reference, "span", "relative_to_publication"


PART_OF_TERM = re.compile(r"\b(?:days?|weeks?|months?|years?|quarters?|half)\s+$", re.IGNORECASE)


def _administration(m: re.Match, pub: PubDate):
    """ "during the entire Biden administration", "since the beginning of the Trump administration": the
    term (lexicon ``period_administrations``) that holds the publication date, else the latest before it."""
    if PART_OF_TERM.search(m.string, max(0, m.start() - 30), m.start()) and m.group(0)[:2].lower() == "of":
        return None  # "the second full month of the Trump administration" is a part of the term, not the term
    return _term(m.group("who"), bool(m.groupdict().get("since")) or "since" in m.group(0).lower(), pub)


def _term(who: str, since: bool, pub: PubDate):
    terms = _administrations().get(who.lower())
    if not terms:
        return None
    latest = pub.reference or pub.latest
    held = [t for t in terms if t[0] <= latest]
    if not held:
        return None
    start, end = held[-1]
    if since or not end or end > latest:
        return start, latest, "span", "relative_to_publication"
    return start, end, "span", "inferred"  # an ended term: its dates come from the lexicon, not the text


# "during his presidency", "under his administration": the term of the president named last before
HIS_TERM = re.compile(
    r"\b(?i:(?P<since>since\s+the\s+(?:start|beginning)\s+of|during|under|in)\s+(?:his|her)\s+"
    r"(?:presidency|administration|second\s+term|first\s+term|term))\b"
)
PRESIDENT_NAMED = re.compile(r"\b(?:Obama|Trump|Biden|Bush|Clinton)\b")


def _his_term(m: re.Match, text: str, pub: PubDate) -> Found | None:
    named = list(PRESIDENT_NAMED.finditer(text, max(0, m.start() - SINCE_EVENT_CHARS), m.start()))
    if not named:
        return None
    resolved = _term(named[-1].group(0), bool(m.group("since")) and "since" in m.group("since").lower(), pub)
    if resolved is None:
        return None
    return Found(m.start(), m.end(), m.group(0), resolved[0], resolved[1], resolved[2], resolved[3])


def _term_start_point(m: re.Match, pub: PubDate):
    """ "when Trump took office", "before Trump's inauguration": the day a term began (lexicon
    ``period_administrations``; the latest term begun by publication), or the day before it after "before" (a
    stock count at that point, basis ``inferred``)."""
    terms = _administrations().get(m.group("who").lower())
    latest = pub.reference or pub.latest
    held = [t for t in terms or () if t[0] <= latest]
    if not held:
        return None
    day = date.fromisoformat(held[-1][0]) - timedelta(days=1 if m.group("when").lower() == "before" else 0)
    return _iso(day), _iso(day), "day", "inferred"


def _weekday(m: re.Match, pub: PubDate):
    """ "on Wednesday", "Wednesday": the latest such day on or before publication (needs the day)."""
    ref = pub.ref_day
    if ref is None:
        return None
    back = (ref.weekday() - WEEKDAYS.index(m.group("wd").capitalize())) % 7
    d = ref - timedelta(days=back)
    return _iso(d), _iso(d), "day", "relative_to_publication"


def _year_to_date(m: re.Match, pub: PubDate):
    """ "Through Dec. 11, 2024" (a running count): from Jan. 1 of that year to that day."""
    y = int(m.group("ty"))
    d = _md(m.group("td"), y, pub)
    if d is None:
        return None
    return f"{y:04d}-01-01", _iso(d), "span", "explicit"


def _point_in_time(m: re.Match, pub: PubDate):
    """ "now", "currently", "today", "yesterday": the publication day (a stock at that day, FORMAT D15)."""
    if not pub.reference:
        return None
    d = pub.ref_date - timedelta(days=1 if m.group(0).lower() == "yesterday" else 0)
    return _iso(d), _iso(d), "day", "relative_to_publication"


def _since(m: re.Match, pub: PubDate):
    end = pub.reference or pub.latest  # up to publication (its last possible day when not known to the day)
    what = m.group("since")
    y = _year_of(m, "sy")
    start: date | None
    if re.fullmatch(YEAR, what):
        start = date(int(what), 1, 1)
    elif re.fullmatch(WEEKDAY, what):  # "since Friday": the latest such day before the publication day
        ref = pub.ref_day
        if ref is None:
            return None
        start = ref - timedelta(days=(ref.weekday() - WEEKDAYS.index(what)) % 7 or 7)
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


@lru_cache(maxsize=1)
def _administrations() -> dict[str, list[tuple[str, str]]]:
    return {k.lower(): [tuple(t) for t in v] for k, v in _lexicon()["period_administrations"].items()}


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip


def _in_year(m: re.Match, pub: PubDate):
    return (*calendar_year(int(m.group("y"))), "calendar_year", "explicit")


def _relative_year(m: re.Match, pub: PubDate):
    which = m.group("which").lower()
    y = pub.ref_year
    if which in ("last", "the previous", "the prior"):
        return (*calendar_year(y - 1), "calendar_year", "relative_to_publication")
    if which == "this":  # so far this year: to the publication day, or the end of its month (FORMAT D15)
        so_far = _publication_end(pub)
        if not so_far:
            return None
        return f"{y:04d}-01-01", so_far, period_type(f"{y:04d}-01-01", so_far), "relative_to_publication"
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
    start, end = month_period(y, mo)[0], _publication_end(pub) or month_period(y, mo)[1]  # "this month": so far
    return start, end, period_type(start, end), "relative_to_publication"


def _publication_end(pub: PubDate) -> str:
    """The day a running count ("this year", "so far") ends: the publication day, else the last day of the
    publication month when only the month is known (FORMAT D15); "" when only the year is known."""
    if pub.reference:
        return pub.reference
    return pub.latest if pub.precision == "month" else ""


UNIT_MONTHS = {"year": 12, "month": 1}
HALF = r"(?:\s*½|\s+and\s+a\s+half)"


def _past_n(m: re.Match, pub: PubDate):
    """ "over the past 2½ years", "in the last three months", "in the last week": counted back from the
    publication day."""
    if not pub.reference:
        return None
    end = pub.ref_date
    n_word = (m.group("n") or "one").lower()
    n = int(n_word) if n_word.isdigit() else _NUMBER_WORDS.get(n_word)
    if not n:
        return None
    unit = (m.group("unit") or m.group("unit1")).lower().rstrip("s")
    half = bool(m.group("half"))
    if unit in UNIT_MONTHS:
        months = n * UNIT_MONTHS[unit] + (UNIT_MONTHS[unit] // 2 if half else 0)
        k = end.year * 12 + end.month - 1 - months
        y, mo = divmod(k, 12)
        start = date(y, mo + 1, min(end.day, calendar.monthrange(y, mo + 1)[1]))
    else:
        days = UNIT_DAYS[unit] * n + (UNIT_DAYS[unit] // 2 if half else 0)
        start = end - timedelta(days=days)
    return _iso(start), _iso(end), _span_type(start, end), "relative_to_publication"


def _same_time_last_year(m: re.Match, pub: PubDate):
    """ "as of this same time last year": last year's running count, from its Jan. 1 to the day a year before
    publication (the end of that month when only the month is known)."""
    end = _publication_end(pub)
    if not end:
        return None
    y = int(end[:4]) - 1
    last = end.replace(end[:4], f"{y:04d}", 1)
    if last[5:] == "02-29":
        last = f"{y:04d}-02-28"
    if pub.precision == "month":
        last = month_period(y, int(end[5:7]))[1]
    return f"{y:04d}-01-01", last, period_type(f"{y:04d}-01-01", last), "relative_to_publication"


def _through_this_year(m: re.Match, pub: PubDate):
    """ "through June this year", "through March 18 of this year": from Jan. 1 of the publication year."""
    y = pub.ref_year
    what = m.group("td")
    if re.fullmatch(MD, what):
        d = _md(what, y, pub)
        if d is None:
            return None
        end = _iso(d)
    else:
        end = month_period(y, _month_number(what))[1]
    return f"{y:04d}-01-01", end, "span", "relative_to_publication"


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


DM = rf"{DAY}\s+{MONTH}"
# Nouns a year can modify as the period of a count ("the 2015 detainers", "its 2019 figures").
YEAR_NOUNS = r"(?:detainers?|requests?|holds?|arrests?|removals?|deportations?|figures?|data|numbers?|totals?|count)\b"
ADMIN = r"(?P<who>Obama|Trump|Biden|Bush|Clinton)"
TERM_START = _lexicon()["period_term_start"]
PERIOD_PATTERNS = [
    (
        rf"\b(?:[Ff]rom|[Bb]etween|[Dd]uring|(?i:(?:week|dates)\s+of))\s+(?P<a>{MD}|{DM})(?P<ay>,?\s+{YEAR})?,?\s*"
        rf"(?:to|through|until|and|-|–)\s*"
        rf"(?P<b>{MD}|{DM}|{DAY}\b)(?P<by>,?\s+(?:(?i:of\s+))?(?:{YEAR}|(?i:last|this)\s+year))?",
        _range,
        0,
    ),
    (
        rf"\b(?:(?i:from|between|during|in|for|over)\s+)(?:(?i:early|late|mid-?)\s*)?(?P<y1>{YEAR})\s*"
        rf"(?:to|through|until|and|-|–)\s*(?:(?i:early|late|mid-?)\s*|(?i:the\s+end\s+(?:of\s+)?))?(?:(?P<m2>{MONTH})\s+)?"
        rf"(?P<y2>{YEAR})\b",  # "between 2010 and the end of 2011"
        _year_range,
        0,
    ),
    (
        r"\b(?:(?i:the\s+)?(?:federal\s+)?fiscal\s+years?\s+|FY\s?'?)(?P<fa>(?:19|20)\d{2}|\d{2})\s*"
        r"(?:-|–|to|through|and)\s*(?:FY\s?'?)?(?P<fb>(?:19|20)\d{2}|\d{2})\b",
        _fiscal_range,
        0,
    ),
    (  # two full dates: "January 20, 2025 – February 17, 2025"
        rf"\b(?P<a>{MD}),?\s+(?P<ay>{YEAR})\s*(?:–|—|-|through|to|until)\s*(?P<b>{MD}),?\s+(?P<by>{YEAR})\b",
        _range,
        0,
    ),
    (rf"\b[Ww]eek\s+(?:beginning|starting|of)\s+(?P<wmd>{MD})(?P<wy>,?\s+{YEAR})?", _week_of, 0),
    (
        rf"\b(?P<n>\d{{1,2}}|(?i:two|three|four|five|six|seven|eight|nine|ten))-(?i:day)\s+(?:[\w-]+\s+){{0,3}}?"
        rf"(?i:ending|that\s+ended|through)\s+(?:on\s+)?(?P<emd>{MD})(?P<ey>,?\s+{YEAR})?",
        _days_ending,
        0,
    ),
    (
        rf"\b(?i:the\s+)?(?P<end>(?i:first|last))\s+(?:(?P<n>\d+|(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+"
        rf"(?P<unit>(?i:months|weeks|days|quarters))|(?P<unit1>(?i:month|week)))\s+(?i:of)\s+(?:(?:(?i:fiscal\s+(?:year\s+)?)|FY\s?'?)"
        rf"(?P<fy>{YEAR}|\d{{2}})|(?P<y>{YEAR})|(?P<rel>(?i:the|this|last))\s+(?i:year))\b",
        _first_part,
        0,
    ),
    (
        rf"\b(?i:the\s+)?(?P<which>(?i:first|second|third|fourth|last))\s+(?P<unit>(?i:quarter|half))\s+(?i:of)\s+"
        rf"(?:(?:(?i:fiscal\s+(?:year\s+)?)|FY\s?'?)(?P<fy>{YEAR}|\d{{2}})|(?P<y>{YEAR})|(?P<rel>(?i:the|this|last))"
        rf"\s+(?i:year))\b",
        _part_of_year,
        0,
    ),
    (r"\b(?i:since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year)\b", _year_start_to_date, 0),
    (rf"\b(?i:so\s+far\s+in)\s+(?P<y>{YEAR})\b", _so_far_in, 0),
    (rf"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]hat)\s+(?P<y>{YEAR})\s+(?={YEAR_NOUNS})", _in_year, 0),
    (rf"\b(?:[Tt]hrough|[Tt]hru)\s+(?P<td>{MD}),?\s+(?P<ty>{YEAR})\b", _year_to_date, 0),
    (
        rf"\b(?:(?P<since>(?i:since\s+(?:the\s+(?:beginning|start)\s+of\s+)?))|(?i:during|under|in|of)\s+)"
        rf"(?i:the\s+)?(?i:entire\s+|first\s+|second\s+)?{ADMIN}\s+(?i:administration)\b",
        _administration,
        0,
    ),
    (
        rf"\b(?i:under)\s+President\s+(?:Donald\s+|Joe\s+|Barack\s+)?{ADMIN}\b(?!\s+(?i:administration))",
        _administration,
        0,
    ),
    (
        rf"\b(?i:since)\s+(?:President\s+)?(?:Donald\s+|Joe\s+|Barack\s+)?{ADMIN}\s+(?i:{TERM_START})\b",
        _administration,
        0,
    ),
    (
        rf"\b(?P<when>(?i:when|before))\s+(?:President\s+)?(?:Donald\s+|Joe\s+|Barack\s+)?{ADMIN}"
        rf"(?:\s+(?i:first|initially|originally))?\s+(?i:{TERM_START})\b",
        _term_start_point,
        0,
    ),
    (
        rf"\b(?P<when>(?i:before))\s+(?:President\s+)?(?:Donald\s+|Joe\s+|Barack\s+)?{ADMIN}['’]s\s+"
        rf"(?i:(?:first\s+|second\s+)?inauguration)\b",
        _term_start_point,
        0,
    ),
    (
        rf"\b(?:[Ff]rom|[Bb]etween)\s+(?P<ma>{MONTH})(?P<may>\s+{YEAR})?\s+(?:to|through|until|and)\s+"
        rf"(?P<mid>(?i:mid-?))?(?P<mb>{MONTH})(?P<mby>,?\s+(?:(?i:in|of)\s+)?{YEAR})?",
        _month_range,
        0,
    ),
    (
        rf"\b(?P<ma>{MONTH})(?P<may>\s+{YEAR})?\s+(?:through|to|until|-|–)\s+(?P<mb>{MONTH})(?P<mby>,?\s+{YEAR})?(?!\s*\d)",
        _month_range,
        0,
    ),
    (
        rf"\b(?:(?i:in|during|for)\s+)?(?:the\s+)?(?:(?P<fy3>{YEAR})(?:[-–/](?P<fy3b>\d{{2}}))?\s+(?i:(?:federal\s+)?"
        rf"fiscal\s+year)|(?i:(?:federal\s+)?fiscal\s+(?:year\s+)?)(?P<fy>{YEAR}))\b"
        rf"|\b(?:(?i:in|during|for)\s+)?FY\s?'?(?P<fy2>{YEAR}|\d{{2}})\b",
        _fiscal,
        0,
    ),
    (
        rf"\b(?i:(?:during|in|for)\s+)?(?i:the\s+)?(?i:fiscal\s+year)\s+(?i:that|which)\s+(?i:ended|ends)\s+"
        rf"(?P<emd>{MD})(?P<ey>,?\s+{YEAR})?",
        _fiscal_ended,
        0,
    ),
    (
        rf"\b(?:(?:in|during|over|for|within)\s+)?the\s+(?:past|last|previous)\s+(?:(?P<n>\d+|two|three|four|five|six|"
        rf"seven|eight|nine|ten|eleven|twelve)(?P<half>{HALF})?\s+(?P<unit>years|months|weeks|days)|(?P<unit1>week|month))\b"
        rf"(?!\s+of\b)",
        _past_n,
        re.IGNORECASE,
    ),
    (
        r"\b(?:as\s+of|at|by)\s+(?:this|the)\s+(?:same\s+)?(?:time|point)\s+last\s+year\b",
        _same_time_last_year,
        re.IGNORECASE,
    ),
    (
        rf"\b(?i:through|thru|until)\s+(?P<td>{MD}|{MONTH})(?![A-Za-z])(?:,?\s+(?i:of\s+)?(?i:this\s+year))",
        _through_this_year,
        0,
    ),
    (
        r"\b(?:(?i:in|during|for)\s+)?(?P<which>last|the\s+last|the\s+previous|the\s+past|this|the\s+current)"
        r"\s+fiscal\s+year\b",
        _fiscal_relative,
        re.IGNORECASE,
    ),
    (rf"\b[Ss]ince\s+(?P<since>{MD}|{MONTH}|{YEAR}|{WEEKDAY})(?P<sy>,?\s+{YEAR})?\b", _since, 0),
    (
        rf"\b(?:(?i:in|during|for|throughout)\s+)?(?:the\s+month\s+of\s+)?(?P<mon>{MONTH})(?![A-Za-z])(?P<my>,?\s+{YEAR})?(?!\s*\d)",
        _in_month,
        0,
    ),
    (
        rf"\b(?i:in|during|for|throughout|as\s+of)\s+(?i:all\s+of\s+)?(?:calendar\s+(?:year\s+)?|the\s+year\s+)?"
        rf"(?P<y>{YEAR})\b(?!\s*[-–])",
        _in_year,
        0,
    ),
    # a fronted "By 2018," dates the clause's state to that year ("By 2018, the total had doubled"); not "by
    # 2030" inside a clause, often a deadline
    (rf"(?:(?<=^)|(?<=[.!?]\s)|(?<=\n))By\s+(?P<y>{YEAR})(?=,)", _in_year, 0),
    (
        r"\b(?:(?:in|during|over|for)\s+)?(?:so\s+far\s+)?(?P<which>last|this|the\s+previous|the\s+prior|the\s+past)"
        r"\s+(?:year|12\s+months)\b",
        _relative_year,
        re.IGNORECASE,
    ),
    (r"\b(?:(?:in|during|over)\s+)?(?P<which>last|this)\s+month\b", _relative_month, re.IGNORECASE),
    (r"\b(?:(?:in|during|over)\s+)?(?P<which>last|this)\s+week\b", _relative_week, re.IGNORECASE),
    (rf"\b(?:on\s+|between\s+)?(?P<md>{MD})(?P<dy>,?\s+{YEAR})?\b", _on_day, 0),
    (rf"\b(?:(?i:on|last)\s+)?(?P<wd>{WEEKDAY})\b(?!,?\s+{MONTH})", _weekday, 0),
    (r"\b(?:now|currently|today|yesterday|as\s+of\s+today)\b", _point_in_time, re.IGNORECASE),
]
WEAK = {_point_in_time}
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
        p_start, p_end, p_type, basis = resolved[0], resolved[1], resolved[2], resolved[3]
        parts = tuple(resolved[4]) if len(resolved) > 4 else ()
        pub_end = _publication_end(pub)
        if p_type in ("calendar_year", "month") and pub_end and p_start <= pub_end < p_end:
            # "in 2025" in an article of March 2025: the count so far, up to publication (FORMAT D15)
            p_end, p_type, basis = pub_end, period_type(p_start, pub_end), "relative_to_publication"
        # the date of the event a "since" counts from ("since the launch of the program in June 2015") is no
        # period of its own: used only when the sentence has no other, never carried
        weak = fn in WEAK or bool(
            re.match(r"(?i:in|on)\s", text[s:e]) and EVENT_OF_SINCE.search(text, max(0, s - 80), s)
        )
        found.append(Found(s, e, text[s:e], p_start, p_end, p_type, basis, parts=parts, weak=weak))
    found.sort(key=lambda f: f.start)
    found = [_first_n_since(text, f) or f for f in found]
    for m in SAME_PERIOD.finditer(text, start, end):
        same = _same_period(m, found)
        if same is not None:
            found = [f for f in found if not (m.start() <= f.start and f.end <= m.end())]
            bisect.insort(found, same, key=lambda f: f.start)
    for m in HIS_TERM.finditer(text, start, end):
        term = None if taken.overlaps(m.start(), m.end()) else _his_term(m, text, pub)
        if term is not None:
            bisect.insort(found, term, key=lambda f: f.start)
    for m in SINCE_EVENT.finditer(text, start, end):
        if taken.overlaps(m.start(), m.end()):
            continue
        since = _since_event(m, found, pub)
        if since is not None:
            bisect.insort(found, since, key=lambda f: f.start)
    return _joined(text, found)


EVENT_OF_SINCE = re.compile(r"\b(?i:since)\s+(?:the|an?|his|her|its|their|[A-Z][\w.’'-]*)\s[^,.;:\d]{0,60}$")
# "the same period in 2021", "the same months of 2016": the span stated before, in that year
SAME_PERIOD = re.compile(
    rf"\b(?i:the\s+same\s+(?:\d+\s+)?(?:period|time|months|weeks|days|time\s+frame)\s+(?:in|of|during))\s+(?P<y>{YEAR})\b"
)


def _same_period(m: re.Match, found: list[Found]) -> Found | None:
    before = [
        f for f in found if f.end <= m.start() and m.start() - f.end <= SINCE_EVENT_CHARS and not f.weak and not f.parts
    ]
    if not before or before[-1].period_type in ("calendar_year", "day"):
        return None
    p = before[-1]
    a, b = date.fromisoformat(p.period_start), date.fromisoformat(p.period_end)
    shift = int(m.group("y")) - b.year
    try:
        a, b = a.replace(year=a.year + shift), b.replace(year=b.year + shift)
    except ValueError:  # Feb. 29
        return None
    return Found(m.start(), m.end(), m.group(0), _iso(a), _iso(b), _span_type(a, b), "inferred")


# "since then", "since the law went into effect": from the latest date stated before to publication (FORMAT D15)
SINCE_EVENT = re.compile(
    r"\b(?i:since\s+(?:then|that\s+(?:day|date|time|point)|(?:the|its|that|this)\s+(?:[\w’'-]+\s+){1,3}?"
    r"(?:went\s+into\s+effect|came\s+into\s+effect|took\s+effect|became\s+law|was\s+(?:enacted|adopted|signed)|"
    r"began|started)))\b"
)
SINCE_EVENT_CHARS = 1500  # the farthest back the date of "since then" is looked for


def _since_event(m: re.Match, found: list[Found], pub: PubDate) -> Found | None:
    end = _publication_end(pub)
    dated = [f for f in found if f.end <= m.start() and m.start() - f.end <= SINCE_EVENT_CHARS and not f.weak]
    if not end or not dated or dated[-1].period_start > end:
        return None
    p = dated[-1]
    return Found(
        m.start(), m.end(), m.group(0), p.period_start, end, period_type(p.period_start, end), "relative_to_publication"
    )


# A start and an end stated apart: "from fiscal 2012 through July 21 of this year", "since Trump returned to
# office through March 18", "this year at the county jail through Nov. 21".
OPEN_START = re.compile(r"(?i:from|since)\b")
FROM_BEFORE = re.compile(r"\b(?i:from|since)\s+$")
JOIN_GAP = re.compile(r"(?:,?\s+[A-Za-z’'-]+){0,5}?,?\s+(?i:through|thru|until)\s+|\s+(?i:to)\s+|\s+")
THROUGH = re.compile(r"(?i:through|thru|until)\b")


FIRST_N_BEFORE = re.compile(
    r"\bfirst\s+(?P<n>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>days|weeks|months)\s+$",
    re.IGNORECASE,
)


def _first_n_since(text: str, f: Found) -> Found | None:
    """ "the first 29 days since Trump assumed the presidency": N days (weeks, months) from the start."""
    if not f.exact.lower().startswith("since"):
        return None
    m = FIRST_N_BEFORE.search(text, max(0, f.start - 30), f.start)
    if m is None:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else _NUMBER_WORDS[m.group("n").lower()]
    a = date.fromisoformat(f.period_start)
    unit = m.group("unit").lower()
    if unit == "months":
        k = a.year * 12 + a.month - 1 + n
        b = date(k // 12, k % 12 + 1, min(a.day, calendar.monthrange(k // 12, k % 12 + 1)[1])) - timedelta(days=1)
    else:
        b = a + timedelta(days=n * (7 if unit == "weeks" else 1) - 1)
    if b.isoformat() > f.period_end:
        return None
    return Found(m.start(), f.end, text[m.start() : f.end], f.period_start, _iso(b), _span_type(a, b), f.basis)


def _joined(text: str, found: list[Found]) -> list[Found]:
    out: list[Found] = []
    for f in found:
        a = out[-1] if out else None
        if (
            a is not None
            and not a.weak
            and not f.weak
            and (
                OPEN_START.match(a.exact)
                or FROM_BEFORE.search(text, max(0, a.start - 8), a.start)
                or re.fullmatch(r"(?i:this\s+year)", a.exact)
            )
            and (m := JOIN_GAP.fullmatch(text, a.end, f.start)) is not None
            and (m.group(0).strip() or THROUGH.match(f.exact))
            and a.period_start < f.period_end
            and not a.parts
        ):
            basis = "explicit" if a.basis == f.basis == "explicit" else "relative_to_publication"
            out[-1] = Found(
                a.start, f.end, text[a.start : f.end], a.period_start, f.period_end,
                period_type(a.period_start, f.period_end), basis,
            )  # fmt: skip
            continue
        out.append(f)
    return out


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
    r"\b(?:that|the\s+same|this|the\s+previous)\s+(?P<kind>fiscal\s+year|week|month|year|(?:time\s+)?period|day)\b"
    r"|\bduring\s+(?:the|this|that)\s+(?:[\w'’-]+\s+)?(?P<kind2>months|weeks|years|period|operation|time[- ]?frame)\b",
    re.IGNORECASE,
)
PERIOD_KIND = {
    "week": "week",
    "month": "month",
    "year": "calendar_year",
    "fiscal year": "fiscal_year",
    "period": None,
    "time period": None,  # "during the same time period"
    "day": "day",
    "months": None,
    "weeks": None,
    "years": None,
    "operation": None,  # "during this operation": the span of the operation stated before
    "timeframe": None,
    "time-frame": None,
    "time frame": None,
}


# A period right after a reporting verb is when the statement was made, not what the figure covers; after
# "that" it is inside what was said ("reported that in the first three months of the year, ...").
STATEMENT_CUE = re.compile(
    r"\b(?:reported|said|says|announced|published|released|wrote|told|stated|noted|testified|made\s+available)\s+"
    r"(?:(?!that\b)\w+\s+){0,2}$"
)
# ... and right before "found that", "said that" it dates the finding ("A Sun analysis this year found that ...").
STATEMENT_AFTER = re.compile(
    r",?\s+(?:found|finds|showed|shows|said|says|reported|reports|concluded|revealed|noted|estimated)\s+that\b",
    re.IGNORECASE,
)
# A time word that leaves the figure's period unstated: no period is carried into its sentence (FORMAT D15).
UNDATED = re.compile(r"\b(?:so\s+far|recently|in\s+recent\s+(?:days|weeks|months|years))\b", re.IGNORECASE)
POINT_IN_TIME = re.compile(r"\b(?:currently|today|as\s+of\s+now)\b", re.IGNORECASE)
CONTEXT_CHARS = 5000  # the farthest back a claim's context (its paragraph) reaches
CARRY_FAR_CHARS = 1000  # the farthest back a period is carried from, past the paragraph before
SPAN_START = re.compile(r"(?i:from|between|since|during|through|over)\b")
PRIOR_YEAR = re.compile(
    r"\b(?:a\s+year\s+(?:earlier|before)|the\s+year\s+(?:prior|before)|the\s+(?:entire\s+)?(?:prior|previous|preceding)\s+year)\b",
    re.IGNORECASE,
)
CHANGE_WORDS = re.compile(
    r"\b(?:rose|rise[sn]?|rising|fell|fall(?:en|ing|s)?|jump\w*|increas\w*|decreas\w*|drop\w*|declin\w*|grew|"
    r"grow\w*|higher|lower|doubl\w*|tripl\w*|quadrupl\w*|spik\w*|surg\w*|climb\w*|plung\w*|soar\w*)\b",
    re.IGNORECASE,
)
UP_DOWN = re.compile(
    r"\b(?:up|down)\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|roughly\s+)?$", re.IGNORECASE
)
COMPARED_CUE = re.compile(
    r"\b(?:than|compared\s+(?:to|with)|versus|vs\.|over|since|(?:double|triple|twice|times)\s+the|"
    r"from(?=\s+(?:[a-z]+\s+){0,2}(?:[$\d]|(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen)\b)|\s+$)|"
    # "up from 32 in 2024", "up from only four when ...", "from January's level" (not "data from X")
    r"as\s+(?:they|it|he|she|we|there)\s+(?:did|had|was|were))\b"
    r"(?:(?!\bto\b)(?:[^.;]|(?<=\d)\.(?=\d))){0,40}$",  # "from 1,015 in 2018 to 711 in 2019": 2019 is not the base
    re.IGNORECASE,
)
# A present perfect or "since ... to date" after a year stated earlier: from that year to publication.
SINCE_THEN = re.compile(r"\b(?:has|have)\s+(?:since\s+)?(?:been|\w+ed)\b|['’]ve\s+\w+ed\b|\bto\s+date\b", re.IGNORECASE)
# A count of places, agencies or policies right after the number: a stock, never carried from another sentence.
STOCK_AFTER = re.compile(
    r"(?:\s+[\w'’()-]+){0,3}?\s+(?:states|counties|cities|towns|jurisdictions|localities|municipalities|agencies|"
    r"sanctuar\w+|sheriffs|sheriff['’]s\s+offices|departments|jails|LEAs|agreements|policies|programs)\b",
    re.IGNORECASE,
)
MULTIPLE_OF_BASE = re.compile(_lexicon()["period_multiple_of_base"], re.IGNORECASE)
QUALIFIER_THAN = re.compile(
    r"\b(?:more|less|fewer)\s+than\s+(?:an?\s+|\$)?(?:\d|hundred|thousand|dozen)", re.IGNORECASE
)
PARENTHETICAL = re.compile(r"\s*\((?:[a-z]+\s+){0,2}$")
RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z“\"])")  # not "Jan. 20"
FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?!\d|,\d)|(?<![\w.,])\d{2,}(?!\d|,\d)")  # "for $52,000, the"


def _figure_key(words: str, after: str = "") -> str:
    """A figure's key for finding its repeats: its digits (3 or more, not a year), or a smaller number with
    the word after it ("43 states")."""
    digits = re.sub(r"[^\d]", "", words)
    if len(digits) == 4 and digits[:2] in ("19", "20") and "," not in words:
        return ""
    if len(digits) >= 3:
        return digits
    word = re.match(r"\s+([A-Za-z]+)", after)
    return f"{digits} {word.group(1).lower()}" if digits and word else ""


class ArticlePeriods:
    """The period expressions of one article, found once and looked up by position (O(log n)), and the
    choice of a claim's period among them (:meth:`for_claim`)."""

    def __init__(self, text: str, pub: PubDate, quotes=()):
        self.text = text
        self.pub = pub
        self.found = find_periods(text, 0, len(text), pub)
        self.starts = [f.start for f in self.found]
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self._figures: dict[str, list[tuple[int, Found]]] | None = None
        self.first_fiscal = next((p.start for p in self.found if p.period_type == "fiscal_year"), None)

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
        undated: str = "",
    ) -> Found | None:
        """The period of the claim whose number is text[n0:n1] in the sentence text[s0:s1]; ``others`` are
        the spans of the sentence's claim candidates (a period inside one is not a period). In order:

        1. a period of the sentence: the nearest after the number (before the next candidate), else the
           nearest before it (after the previous candidate), else the sentence's only one; "now", "today"
           only when the sentence states no other; a statement's date ("reported in September") is none;
           "the year prior" is the year before the sentence's other period (or the previous claim's);
           a change ("rose 45.7% from 2016 to 2017", "60 percent higher … than during the same period in
           2016") takes the later period, each end of "from 2016 to 2017 (409 to 596)" its own year,
           "respectively" the matching year; "last year" in an article that counts fiscal years is the
           last fiscal year; a present perfect ("there have been") after a year stated earlier runs from
           that year to publication;
        2. an anaphor ("that year", "during the eight months", "the same period") → the latest such
           period stated before (``inferred``);
        3. carried (``inferred``, FORMAT D5/D15), unless the figure is a rate ("$146 a day"): the period
           of the same figure stated elsewhere (a headline figure takes the body's), else of the claim
           before it in the paragraph, else the latest period stated earlier in the paragraph, else in the
           paragraph before, else in the CARRY_FAR_CHARS before that.
        """
        text = self.text
        stated = self.within(s0, s1)
        # a number that is part of a period ("the first three months of the year") is not another claim
        others = [(a, b) for a, b in others if not any(p.start <= a and b <= p.end for p in stated)]
        in_sentence = [
            p for p in stated if not any(a <= p.start < b for a, b in others) and not self._statement_date(p, s0)
        ]
        strong = [p for p in in_sentence if not p.weak]
        pool = strong or in_sentence
        nxt = [a for a, b in others if a > n0 and not PARENTHETICAL.match(text, n1, a)]
        right = nxt[0] if nxt else s1  # "dropping 29% (to 711) in 2019": the parenthesis does not end it
        prior = PRIOR_YEAR.search(text, n1, right)
        if prior and not [p for p in pool if n1 <= p.start < prior.start()]:
            shifted = self._year_before([p for p in strong if not (prior.start() <= p.start < prior.end())], previous)
            if shifted is not None:
                return Found(prior.start(), prior.end(), prior.group(0), *shifted, "inferred")
        chosen = self._in_sentence(in_sentence, pool, n0, n1, others, s0, right)
        if chosen is not None and form in ("fraction", "multiplier") and n1 <= chosen.start:
            base = self._base_of_multiple(chosen, in_sentence, n0, s0, s1, n1, previous, undated)
            if base is not None:
                return base
        if chosen is not None:
            return self._refine(chosen, in_sentence, n0, n1, s0, s1, others, kind, form)
        anaphor = self._anaphoric(s0, s1)
        if anaphor is not None:
            return anaphor
        if kind not in ("percent", "ratio") and rate_after(words=6).match(text, n1, min(s1, n1 + 80)):
            return None  # a rate ("$146 a day"); a share or multiple of one ("double the weekly number") is no rate
        if UNDATED.search(text, s0, s1) or (not self.pub.reference and POINT_IN_TIME.search(text, s0, s1)):
            return None  # "so far", "recently", or "currently" in an article dated only to the month (FORMAT D15)
        carried = self._carried(s0, s1, n0, n1, previous, undated)
        if carried is not None and carried.exact.lower().endswith("last year"):
            fy = self._last_fiscal_year(s0)
            if fy is not None:
                carried = Found(carried.start, carried.end, carried.exact, *fy, "fiscal_year", "inferred")
        return self._since_then(carried, s0, n0)

    def _base_of_multiple(self, chosen: Found, in_sentence, n0, s0, s1, n1, previous, undated) -> Found | None:
        """A part or multiple of another amount ("18 in 2022, less than half the total handed over in 2021",
        "half the level of March 2011"): the period after it is the base it is measured against (lexicon
        ``period_multiple_of_base``), so the figure takes the period stated before it in the sentence, else the
        one carried from before (FORMAT D15: a comparison takes the later period); None if it is no such base."""
        if not MULTIPLE_OF_BASE.search(self.text, n0, chosen.start):
            return None
        before = [p for p in in_sentence if p.end <= n0 and not p.weak]
        if before:
            return before[-1]
        return self._carried(s0, s1, n0, n1, previous, undated)

    def _since_then(self, carried: Found | None, s0: int, n0: int) -> Found | None:
        """A year carried into a present perfect ("In 2008, my office joined 287(g) ... There have been 1,753")
        runs from that year to publication."""
        if carried is not None and SINCE_THEN.search(self.text, s0, n0) and carried.period_type == "calendar_year":
            end = self.pub.reference or self.pub.latest
            if carried.period_start <= end:
                return Found(carried.start, carried.end, carried.exact, carried.period_start, end, "span", "inferred")
        return carried

    def _in_sentence(self, in_sentence, pool, n0, n1, others, s0, right) -> Found | None:
        """The nearest period after the number (before the next candidate), else before it (after the
        previous one) — "now" counts there too — else the sentence's only (strong) one."""
        prv = [b for _, b in others if b <= n0]
        left = prv[-1] if prv else s0
        before = [p for p in in_sentence if left <= p.start and p.end <= n0]
        # the base of a comparison that starts after the figure belongs to the base's own figure, stated or not ("78
        # offices across 20 states, up from just 31 in March 2017")
        after = [p for p in in_sentence if n1 <= p.start < right and not self._base_after(p, n1)]
        if after and after[0].weak and any(not p.weak for p in before):
            after = []  # "In the last week, 55 agencies have signed, which now has ...": the clause's own period
        if after:
            return after[0]
        anaphor = self._anaphoric(n1, right)
        if anaphor is not None:  # "issued 409 detainer requests in New Mexico for that year"
            return anaphor
        if before:
            return before[-1]
        # a period after the next figure that is the base of its comparison belongs to that figure ("0.02 percent,
        # down from 0.07 percent in 2021")
        pool = [p for p in pool if (p.start < right or not self._compared(p, s0)) and not self._base_after(p, n1)]
        if len(pool) == 1 or (pool and all(p.exact == pool[0].exact for p in pool)):
            return pool[0]
        if pool:
            earlier = [p for p in pool if p.end <= n0]
            if earlier:
                return earlier[-1]
            if all(p.start >= right for p in pool):  # a total before its parts ("1,757 in two years – 909 in 2019
                return self._union(pool)  # and 848 in 2020"): the span of the parts' periods
            return pool[0]
        return None

    def _union(self, parts: list[Found]) -> Found:
        a, b = parts[0], parts[-1]
        start = min(p.period_start for p in parts)
        end = max(p.period_end for p in parts)
        basis = "explicit" if all(p.basis == "explicit" for p in parts) else "inferred"
        return Found(a.start, b.end, self.text[a.start : b.end], start, end, period_type(start, end), basis)

    def _refine(self, chosen: Found, in_sentence, n0, n1, s0, s1, others, kind, form) -> Found:
        text = self.text
        pool = [p for p in in_sentence if not p.weak] or in_sentence
        change = (
            (kind in ("percent", "ratio") and form not in ("from_to", "comparison", "fraction"))
            and bool(CHANGE_WORDS.search(text, max(s0, n0 - 60), min(s1, n1 + 40)) or UP_DOWN.search(text, s0, n0))
        ) or form == "multiplier"
        if change and len(pool) > 1 and self._compared(chosen, s0):
            rest = [p for p in in_sentence if p is not chosen and not self._compared(p, s0)]
            if rest:  # "60 percent higher … than during the same period in 2016": the other period
                chosen = max(rest, key=lambda p: (p.period_end, p.period_start))
        if chosen.exact.lower().endswith("last year") and chosen.basis == "relative_to_publication":
            fy = self._last_fiscal_year(s0)
            if fy is not None:
                chosen = Found(chosen.start, chosen.end, chosen.exact, *fy, "fiscal_year", "inferred")
        if not chosen.parts:
            return chosen
        part = None
        if change:
            part = chosen.parts[-1]
        elif re.match(r"\s+to\s+[\d$]", text[n1 : n1 + 12]):
            part = chosen.parts[0]
        elif re.search(r"\bto\s+$", text[max(s0, n0 - 6) : n0]):
            part = chosen.parts[-1]
        elif RESPECTIVELY.search(text, n1, s1) or RESPECTIVELY.search(text, s0, n0):
            order = [a for a, _ in others if a > chosen.end]
            k = order.index(n0) if n0 in order else -1
            if 0 <= k < len(chosen.parts):
                part = chosen.parts[k]
        if part is None:
            return chosen
        return Found(chosen.start, chosen.end, chosen.exact, part[0], part[1], period_type(*part), chosen.basis)

    def _base_after(self, p: Found, n1: int) -> bool:
        """Is the period, after the figure, the base of a comparison that starts after the figure ("..., up from
        just 31 in March 2017")? Not "since" (a count's own start: "transferred since mid-September"), "over" but
        right before the period, nor the "than" of a qualifier ("more than a hundred detainers during FY 2019")."""
        if p.start < n1:
            return False
        m = COMPARED_CUE.search(self.text, max(n1, p.start - 45), p.start)
        cue = m.group(0).lower() if m is not None else ""
        if m is None or cue.startswith("since") or (cue.startswith("over") and cue.strip() != "over"):
            return False  # "over two years: 700 in 2016" is a span, not a base ("an increase over 2016" is)
        return not (
            m.group(0).lower().startswith("than")
            and QUALIFIER_THAN.search(self.text, max(n1, m.start() - 12), m.end() + 12)
        )

    def _compared(self, p: Found, s0: int) -> bool:
        """Is the period the base of a comparison ("than during the same period in 2016", "compared to 2016")?"""
        return bool(COMPARED_CUE.search(self.text, max(s0, p.start - 45), p.start))

    def _last_fiscal_year(self, s0: int) -> tuple[str, str] | None:
        """The last complete fiscal year before publication, when the article has counted fiscal years."""
        if self.first_fiscal is None or self.first_fiscal >= s0:
            return None
        ref = self.pub.ref_month
        if ref is None:
            return None
        current = ref[0] + 1 if ref[1] >= 10 else ref[0]
        return fiscal_year(current - 1)

    def _year_before(self, pool, previous) -> tuple[str, str, str] | None:
        """The year before the period the sentence (or the claim before) states: "up from 597 the year prior"."""
        base = next((p for p in pool if not p.weak), None)
        if base is None and previous is not None and getattr(previous, "period", None) is not None:
            base = previous.period
        if base is None:
            return None
        if base.period_type == "fiscal_year":
            a, b = date.fromisoformat(base.period_start), date.fromisoformat(base.period_end)
            return _iso(a.replace(year=a.year - 1)), _iso(b.replace(year=b.year - 1)), "fiscal_year"
        return (*calendar_year(int(base.period_start[:4]) - 1), "calendar_year")

    def _carried(self, s0: int, s1: int, n0: int, n1: int, previous, undated: str = "") -> Found | None:
        """``undated``: "outside" (the clause puts the figure outside any period: "were previously released")
        carries nothing; "present" (a state in the simple present) only a repeat's or the claim before's."""
        if undated == "outside":
            return None
        p0 = self.paragraph_start(s0)
        same = self._repeat(n0, n1, s0, s1)
        if same is not None:
            return same
        if previous is not None and getattr(previous, "period", None) is not None and previous.start >= p0:
            p = previous.period
            return Found(p.start, p.end, p.exact, p.period_start, p.period_end, p.period_type, "inferred")
        if undated or STOCK_AFTER.match(self.text, n1, min(s1, n1 + 60)):
            return None  # a count of places or policies, or a state in the present, with no time word (FORMAT D15)
        earlier = [p for p in self.within(p0, s0) if not p.weak and not self._statement_date(p, p0)]
        if earlier:
            p = earlier[-1]
            return Found(p.start, p.end, p.exact, p.period_start, p.period_end, p.period_type, "inferred")
        if p0 > 0:  # a paragraph that states no period continues the one before
            lo = self.paragraph_start(max(0, p0 - 2))
            back = [
                p
                for p in self.within(lo, p0)
                if not p.weak and p.period_type != "day" and not self._statement_date(p, lo)
            ]  # a day there is an event's or a post's date ("— ICE Alerts (@ICEAlerts) January 21, 2020")
            if back:
                p = back[-1]
                return Found(p.start, p.end, p.exact, p.period_start, p.period_end, p.period_type, "inferred")
            # further back in the article: the period its figures have been about ("In 2021, the jail ...",
            # paragraphs before)
            far = [
                p
                for p in self.within(max(0, p0 - CARRY_FAR_CHARS), lo)
                if not p.weak and p.period_type != "day" and not self._statement_date(p, max(0, p0 - CARRY_FAR_CHARS))
            ]
            if far:
                p = far[-1]
                return Found(p.start, p.end, p.exact, p.period_start, p.period_end, p.period_type, "inferred")
        return None

    def _statement_date(self, p: Found, lo: int) -> bool:
        """Is the period the date of a statement ("as the Journal reported in September")? A span after the
        verb is what the statement covers ("said from Jan. 28 through Feb. 3 ...")."""
        if p.parts or SPAN_START.match(p.exact):
            return False
        return bool(STATEMENT_CUE.search(self.text, max(lo, p.start - 40), p.start)) or bool(
            STATEMENT_AFTER.match(self.text, p.end)
        )

    def paragraph_start(self, pos: int) -> int:
        """Where the paragraph holding ``pos`` starts; at most CONTEXT_CHARS back (a text with no line
        breaks must not make every claim scan it all)."""
        i = bisect.bisect_left(self.newlines, pos)
        return max(self.newlines[i - 1] + 1 if i > 0 else 0, pos - CONTEXT_CHARS)

    def _repeat(self, n0: int, n1: int, s0: int, s1: int) -> Found | None:
        """The period stated with the same figure elsewhere ("11,800" in the headline, "about 11,800
        detainers ... from Jan. 1, 2014, to Sept. 30, 2015" in the body)."""
        digits = re.match(r"[\d,.]*\d", self.text[n0:n1])  # "60 percent": the figure, then the word after it
        n1 = n0 + digits.end() if digits else n1
        key = _figure_key(self.text[n0:n1], self.text[n1 : n1 + 30])
        if not key:
            return None
        for start, p in self.figures().get(key, []):
            if not s0 <= start < s1:
                return Found(p.start, p.end, p.exact, p.period_start, p.period_end, p.period_type, "inferred")
        return None

    def figures(self) -> dict[str, list[tuple[int, Found]]]:
        """Every figure of 3+ digits that has a period in its sentence → [(position, period)], built once."""
        if self._figures is None:
            out: dict[str, list[tuple[int, Found]]] = {}
            for m in FIGURE.finditer(self.text):
                lo, hi = max(0, m.start() - 400), min(len(self.text), m.end() + 400)  # its sentence, roughly
                stops = [x.end() for x in SENTENCE_END.finditer(self.text, lo, m.start())]
                a = max(stops[-1] if stops else lo, self.text.rfind("\n", lo, m.start()) + 1)
                stop = SENTENCE_END.search(self.text, m.end(), hi)
                ends = [x for x in (stop.start() if stop else -1, self.text.find("\n", m.end(), hi)) if x != -1]
                b = min(ends) if ends else hi
                near = [p for p in self.within(a, b) if not self._statement_date(p, a)]
                if not near:  # the period stated earlier in its paragraph ("Over the 19 months from ... . Of these,
                    p0 = self.paragraph_start(a)  # about 11,800 ...")
                    earlier = [p for p in self.within(p0, a) if not p.weak and not self._statement_date(p, p0)]
                    carried = self._since_then(earlier[-1], a, m.start()) if earlier else None
                    near = [carried] if carried is not None else []
                if near:  # the base of a comparison ("60 percent higher than during the same period in 2016") is not
                    near = [p for p in near if not self._compared(p, a)] or near  # the figure's period
                    after = [p for p in near if p.start >= m.end()]
                    key = _figure_key(m.group(0), self.text[m.end() : m.end() + 30])
                    out.setdefault(key, []).append((m.start(), after[0] if after else near[-1]))
            self._figures = out
        return self._figures

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
        now = _publication_end(self.pub) or self.pub.latest
        spans = [p for p in earlier if p.period_type in ("span", "week") and not p.weak and p.period_end < now]
        p = spans[-1] if kind is None and spans else earlier[-1]  # "the review period": the closed span stated before
        return Found(m.start(), m.end(), m.group(0), p.period_start, p.period_end, p.period_type, "inferred")
