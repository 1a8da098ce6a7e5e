"""What each statistics source covers (state, first and last day) and the totals it is expected to hold.

Both are hand-coded from the sources' PROVENANCE.md files, one row each with a ``reason`` and an
``evidence`` quote, so no script carries a date, a state or a total of its own:

- ``data/hand/source_coverage.csv`` (source, part_of, state, first_day, last_day, reason, evidence):
  ``source`` is a collection or a raw file's source_id; a blank ``state`` / ``first_day`` / ``last_day``
  is inherited from the ``part_of`` row (so the NPR span is written once, and the Pennsylvania subset
  and the statistics stage both read it from there). :func:`is_partial` says whether a period is not
  wholly inside a span.
- ``data/hand/expected_totals.csv`` (check, key, expected, known_difference, reason, evidence): the
  expected value of a reconciliation check (several rows with a ``key`` make a dict, e.g. records per
  year), and the accepted difference ``actual - expected`` where a source is known to be off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .geo import state_fips
from .io import read_csv_text, row_dicts
from .paths import HAND

SOURCE_COVERAGE = HAND / "source_coverage.csv"
EXPECTED_TOTALS = HAND / "expected_totals.csv"
NPR = "npr-ice-detainers-2007-2015"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Coverage:
    source: str
    state: str  # 2-digit state FIPS; "" = nationwide
    first_day: str
    last_day: str

    @property
    def span(self) -> tuple[str, str]:
        return self.first_day, self.last_day

    @property
    def state_abbr(self) -> str:
        import us

        return getattr(us.states.lookup(self.state), "abbr", "") if self.state else ""


def _required(path: Path, df, columns) -> None:
    for i, r in enumerate(row_dicts(df), start=2):
        for c in columns:
            if not r[c].strip():
                raise InputError(path, f"{c} is required", where=f"row {i}, field {c!r}")


@lru_cache(maxsize=4)
def load_coverage(path: Path = SOURCE_COVERAGE) -> dict[str, Coverage]:
    """source → Coverage, with blank fields taken from the ``part_of`` row."""
    path = Path(path)
    df = read_csv_text(path, required=("source", "part_of", "state", "first_day", "last_day", "reason", "evidence"))
    _required(path, df, ("source", "reason", "evidence"))
    raw: dict[str, tuple[int, dict]] = {}
    for i, r in enumerate(row_dicts(df), start=2):
        if r["source"] in raw:
            raise InputError(path, f"duplicate row for {r['source']!r}", where=f"row {i}, field 'source'")
        if r["state"] and state_fips(r["state"]) is None:
            raise InputError(path, f"expected a USPS state code, got {r['state']!r}", where=f"row {i}, field 'state'")
        for c in ("first_day", "last_day"):
            if r[c] and not DAY.fullmatch(r[c]):
                raise InputError(path, f"expected a date YYYY-MM-DD, got {r[c]!r}", where=f"row {i}, field {c!r}")
        raw[r["source"]] = (i, r)

    def field(source: str, col: str, seen: tuple = ()) -> str:
        i, r = raw[source]
        if r[col] or not r["part_of"]:
            return r[col]
        if r["part_of"] not in raw or r["part_of"] in seen:
            raise InputError(
                path,
                f"part_of {r['part_of']!r} is not another row's source (or is circular)",
                where=f"row {i}, field 'part_of'",
            )
        return field(r["part_of"], col, seen + (source,))

    out = {}
    for source, (i, _) in raw.items():
        first, last = field(source, "first_day"), field(source, "last_day")
        if not first or not last or first > last:
            raise InputError(
                path, f"expected first_day <= last_day (own or inherited), got {first!r}..{last!r}", where=f"row {i}"
            )
        out[source] = Coverage(source, state_fips(field(source, "state")) or "", first, last)
    return out


def coverage(source: str, path: Path = SOURCE_COVERAGE) -> Coverage:
    try:
        return load_coverage(Path(path))[source]
    except KeyError:
        raise InputError(
            path,
            f"no row for source {source!r}; add one (source, part_of, state, first_day, last_day, reason, evidence)",
        ) from None


def npr_span(path: Path = SOURCE_COVERAGE) -> tuple[str, str]:
    """The one definition of NPR's FOIA 15-87693 span (detainer prepare dates), used by the statistics
    stage and by :func:`scripts.lib.records.validate_records`."""
    return coverage(NPR, path).span


def is_partial(period: tuple[str, str], span: tuple[str, str]) -> bool:
    """A period not wholly inside the span is partial."""
    return period[0] < span[0] or period[1] > span[1]


@lru_cache(maxsize=4)
def load_expected(path: Path = EXPECTED_TOTALS) -> dict[str, dict]:
    """check → {"expected": int | {key: int} | None, "known_difference": int | None}."""
    path = Path(path)
    df = read_csv_text(path, required=("check", "key", "expected", "known_difference", "reason", "evidence"))
    _required(path, df, ("check", "reason", "evidence"))
    out: dict[str, dict] = {}
    for i, r in enumerate(row_dicts(df), start=2):
        vals = {}
        for c in ("expected", "known_difference"):
            if r[c] and not re.fullmatch(r"-?\d+", r[c].strip()):
                raise InputError(path, f"expected a whole number, got {r[c]!r}", where=f"row {i}, field {c!r}")
            vals[c] = int(r[c]) if r[c] else None
        if vals["expected"] is None and vals["known_difference"] is None:
            raise InputError(path, "expected or known_difference is required", where=f"row {i}")
        entry = out.setdefault(r["check"], {"expected": None, "known_difference": None, "_keyed": bool(r["key"])})
        if entry["_keyed"] != bool(r["key"]):
            raise InputError(path, f"check {r['check']!r} mixes rows with and without a key", where=f"row {i}")
        if r["key"]:
            entry["expected"] = entry["expected"] or {}
            if r["key"] in entry["expected"]:
                raise InputError(path, f"duplicate key {r['key']!r} for {r['check']!r}", where=f"row {i}")
            entry["expected"][r["key"]] = vals["expected"]
        else:
            if entry.get("_seen"):
                raise InputError(path, f"duplicate row for {r['check']!r}", where=f"row {i}")
            entry.update(expected=vals["expected"], known_difference=vals["known_difference"], _seen=True)
    return {k: {"expected": v["expected"], "known_difference": v["known_difference"]} for k, v in out.items()}


def expected(check: str, path: Path = EXPECTED_TOTALS) -> dict:
    try:
        return load_expected(Path(path))[check]
    except KeyError:
        raise InputError(path, f"no row for check {check!r}") from None
