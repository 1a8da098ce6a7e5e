"""Matching article claims to detainer statistics, and the verdict on each claim (stage check_claims).

Pure functions over DataFrames: no file is read here, so tests can call them on small fixtures. The rules
(which statistics are candidates, how they are scored, the value tolerances) come from the ``check_claims``
block of params.yaml through :func:`rules_from_params`; docs/claim-checking.md states them in prose.

A claim is checked only when it can be: it needs a metric the statistics count (not ``unclassified``), a
count (not a percent, a ratio or dollars), a period, and a jurisdiction. A claim whose place was not
resolved (``jurisdiction_id`` empty) is never compared with national figures: national means the text
says so, ``jurisdiction_id == "US"`` (contract C1 on the coordination board).

A claim's candidates are the statistics that
  * cover the same jurisdiction, or a related one (county <-> place in it, or a link declared in params);
    statistics whose place is unknown (empty jurisdiction_id) are never candidates;
  * cover a period that overlaps the claim's period, or (only when none does) lies within
    ``period_window_days`` of it;
  * count the same metric, or a comparable one (params ``comparable_metrics``, each pair with a named
    mismatch);
  * are totals (empty category), unless the category defines the metric (params ``category_metrics``);
  * have a value kind that is compared with claims (params ``value_kinds``: counts).
Candidates are scored without looking at their values (the checker never picks the figure that makes the
claim look right) and ranked by score, ties broken by stat_id. The score prefers the most specific figure
the claim's wording supports: a facility the claim names (or the jail a sheriff's office runs) over the
jurisdiction's total, the total over any other facility. The best candidate is checked: every difference
becomes a reason, and the verdict follows a fixed precedence (value, then metric, then period, then a
close value).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .errors import InputError
from .io import row_dicts
from .periods import length_days, overlap_days, period_type
from .schema import columns

# The verdict vocabulary (validation/vocabularies.yaml `verdict`), in the order reports list it.
VERDICTS = (
    "consistent",
    "close",
    "overstated",
    "understated",
    "period_mismatch",
    "metric_mismatch",
    "unverifiable",
)
QUALIFIERS = ("exact", "more_than", "at_least", "fewer_than", "at_most", "about")
# The reason codes, in the order they appear in `reasons` (docs/claim-checking.md defines each).
REASON_CODES = (
    "no_metric",
    "metric_unclassified",
    "unit_not_count",
    "no_value",
    "period_unspecified",
    "jurisdiction_unknown",
    "several_jurisdictions",
    "no_statistic",
    "value_consistent",
    "value_close",
    "value_overstated",
    "value_understated",
    "metric_mismatch",
    "unit_mismatch",
    "period_mismatch",
    "period_minor_difference",
    "jurisdiction_related",
    "jurisdiction_basis",
    "facility_named",
    "facility_ambiguous",
    "facility_only",
    "category_defines_metric",
    "statistic_flagged",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# How a candidate statistic's scope relates to what the claim's wording supports (score.scope in params).
SCOPES = ("facility_named", "jurisdiction_wide", "other_facility")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARAMS_FILE = "params.yaml"


# --------------------------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class FacilityOffice:
    """Words in a claim naming an office (``sheriff``) that runs facilities whose names hold other words
    (``jail``): the claim speaks for that facility (params check_claims.facility_scope.offices)."""

    words: tuple[str, ...]
    facility_words: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Rules:
    period_window_days: int
    period_slack_days: int
    period_slack_share: float
    exact_tolerance: float
    about_tolerance: float
    close_tolerance: float
    bound_max_factor: float | None
    comparable: dict  # frozenset({metric_a, metric_b}) -> named mismatch
    category_metrics: dict  # (stat metric, category) -> metric the row counts
    links: dict  # jurisdiction_id -> {other_id: reason}, symmetric
    value_kinds: frozenset  # statistic value kinds compared with claims
    aggregation_levels: dict  # detainer_statistics.aggregation_level -> compared with claims (bool)
    unchecked_metrics: dict  # claim metric -> why it is never compared (unverifiable)
    unit_class: dict  # claim unit -> what it counts (detainers / people / bookings / agencies)
    metric_unit_class: dict  # metric -> what it counts
    units_not_counts: dict  # claim unit -> why it is not compared with counts (percent, ratio, dollars)
    jurisdiction_bases_shown: dict  # claims.jurisdiction_basis -> how the reasons describe it
    name_abbreviations: dict  # facility-name token -> spelled out (DEPT -> DEPARTMENT)
    offices: tuple  # FacilityOffice, in params order
    w_metric: dict  # same / comparable
    w_overlap: float
    w_period_type: float
    w_jurisdiction: dict  # relation -> weight; a relation without a weight is not a candidate
    w_scope: dict  # facility_named / jurisdiction_wide / other_facility
    w_source_type: dict
    source_type_default: float = 0.0


def _need(p: dict, key: str):
    if key not in p:
        raise InputError(PARAMS_FILE, "missing parameter", where=f"check_claims.{key}")
    return p[key]


def _number(p: dict, key: str, *, minimum: float = 0.0, allow_none: bool = False):
    v = _need(p, key)
    if v is None and allow_none:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < minimum:
        raise InputError(
            PARAMS_FILE,
            f"expected a number >= {minimum}{' or null' if allow_none else ''}, got {v!r}",
            where=f"check_claims.{key}",
        )
    return v


def rules_from_params(p: dict, metric_vocabulary=None) -> Rules:
    """Parse and check the check_claims block of params.yaml (errors name the parameter)."""
    if not isinstance(p, dict) or not p:
        raise InputError(PARAMS_FILE, "expected a mapping of matching rules", where="check_claims")
    known = set(metric_vocabulary) if metric_vocabulary is not None else None

    def check_metric(m, where):
        if known is not None and m not in known:
            raise InputError(PARAMS_FILE, f"metric {m!r} is not in validation/vocabularies.yaml", where=where)

    comparable = {}
    for i, e in enumerate(_need(p, "comparable_metrics")):
        where = f"check_claims.comparable_metrics[{i}]"
        if (
            not isinstance(e, dict)
            or not isinstance(e.get("metrics"), list)
            or len(e["metrics"]) != 2
            or not e.get("mismatch")
        ):
            raise InputError(PARAMS_FILE, "expected {metrics: [a, b], mismatch: text}", where=where)
        for m in e["metrics"]:
            check_metric(m, where)
        comparable[frozenset(e["metrics"])] = str(e["mismatch"])
    category_metrics = {}
    for i, e in enumerate(_need(p, "category_metrics")):
        where = f"check_claims.category_metrics[{i}]"
        if not isinstance(e, dict) or not all(e.get(k) for k in ("metric", "category")):
            raise InputError(PARAMS_FILE, "expected {metric, category[, as_metric]}", where=where)
        check_metric(e["metric"], where)
        check_metric(e.get("as_metric") or e["metric"], where)
        category_metrics[(e["metric"], e["category"])] = e.get("as_metric") or e["metric"]
    links: dict = defaultdict(dict)
    for i, e in enumerate(_need(p, "jurisdiction_links")):
        where = f"check_claims.jurisdiction_links[{i}]"
        if (
            not isinstance(e, dict)
            or not e.get("jurisdiction_id")
            or not isinstance(e.get("linked"), list)
            or not e.get("reason")
        ):
            raise InputError(PARAMS_FILE, "expected {jurisdiction_id, linked: [ids], reason}", where=where)
        for other in e["linked"]:
            links[str(e["jurisdiction_id"])][str(other)] = e["reason"]
            links[str(other)][str(e["jurisdiction_id"])] = e["reason"]
    score = _need(p, "score")
    w_metric = _need(score, "metric")
    if set(w_metric) != {"same", "comparable"}:
        raise InputError(PARAMS_FILE, "expected weights for same and comparable", where="check_claims.score.metric")
    w_scope = _need(score, "scope")
    if not isinstance(w_scope, dict) or set(w_scope) != set(SCOPES):
        raise InputError(PARAMS_FILE, f"expected weights for {', '.join(SCOPES)}", where="check_claims.score.scope")
    units = _need(p, "units")
    unchecked = _need(p, "unchecked_metrics")
    for m in unchecked:
        check_metric(m, "check_claims.unchecked_metrics")
    scope = _need(p, "facility_scope")
    offices = []
    for i, e in enumerate(_need(scope, "offices")):
        where = f"check_claims.facility_scope.offices[{i}]"
        if not isinstance(e, dict) or not e.get("words") or not e.get("facility_words") or not e.get("reason"):
            raise InputError(PARAMS_FILE, "expected {words: [...], facility_words: [...], reason}", where=where)
        offices.append(
            FacilityOffice(
                tuple(normalize_name(w) for w in e["words"]),
                tuple(normalize_name(w) for w in e["facility_words"]),
                str(e["reason"]),
            )
        )
    return Rules(
        period_window_days=int(_number(p, "period_window_days")),
        period_slack_days=int(_number(p, "period_slack_days")),
        period_slack_share=float(_number(p, "period_slack_share")),
        exact_tolerance=float(_number(p, "exact_tolerance")),
        about_tolerance=float(_number(p, "about_tolerance")),
        close_tolerance=float(_number(p, "close_tolerance")),
        bound_max_factor=_number(p, "bound_max_factor", minimum=1.0, allow_none=True),
        comparable=comparable,
        category_metrics=category_metrics,
        links={k: dict(v) for k, v in links.items()},
        value_kinds=frozenset(_need(p, "value_kinds")),
        aggregation_levels={str(k): bool(v) for k, v in _need(p, "aggregation_levels").items()},
        unchecked_metrics={str(k): str(v) for k, v in unchecked.items()},
        unit_class=dict(_need(units, "unit_class")),
        metric_unit_class=dict(_need(units, "metric_unit_class")),
        units_not_counts={str(k): str(v) for k, v in _need(units, "not_counts").items()},
        jurisdiction_bases_shown={str(k): str(v) for k, v in _need(p, "jurisdiction_bases_shown").items()},
        name_abbreviations={
            normalize_name(k): normalize_name(v) for k, v in _need(scope, "name_abbreviations").items()
        },
        offices=tuple(offices),
        w_metric={k: float(v) for k, v in w_metric.items()},
        w_overlap=float(_number(score, "period_overlap")),
        w_period_type=float(_number(score, "same_period_type")),
        w_jurisdiction={k: float(v) for k, v in _need(score, "jurisdiction").items()},
        w_scope={k: float(v) for k, v in w_scope.items()},
        w_source_type={k: float(v) for k, v in _need(score, "source_type").items()},
    )


# ------------------------------------------------------------------------------------------- inputs
CLAIM_REQUIRED = (
    "claim_id",
    "article_id",
    "jurisdiction_id",
    "metric",
    "value",
    "qualifier",
    "period_start",
    "period_end",
)
STAT_REQUIRED = (
    "stat_id",
    "jurisdiction_id",
    "period_start",
    "period_end",
    "metric",
    "value",
    "source_id",
    "source_type",
)


def _check_date(v: str, path, row: int, col: str) -> None:
    if not ISO_DATE.match(v):
        raise InputError(path, f"expected a date YYYY-MM-DD, got {v!r}", where=f"row {row}, field {col!r}")
    try:
        date.fromisoformat(v)
    except ValueError:
        raise InputError(path, f"not a calendar date: {v!r}", where=f"row {row}, field {col!r}") from None


def prepare_claims(df: pd.DataFrame, path="claims.csv", metric_vocabulary=None) -> pd.DataFrame:
    """Check the claim columns this stage uses; add ``value_num`` (float or NaN when no value)."""
    missing = [c for c in CLAIM_REQUIRED if c not in df.columns]
    if missing:
        raise InputError(path, f"expected column(s) {missing}; found {list(df.columns)}", where="header")
    df = df.copy()
    optional = ("unit", "period_type", "period_basis", "source_id", "start", "end", "exact", "claimant")
    for c in (*optional, "jurisdiction_exact", "jurisdiction_basis", "jurisdiction_ids", "quote_id", "rate"):
        if c not in df.columns:
            df[c] = ""
    # one place listed in jurisdiction_ids is the claim's place (a national claim is "US" there before the
    # jurisdictions table has the "US" row); several places stay jurisdiction_id "" (never summed)
    single = df["jurisdiction_ids"].str.split().map(len).eq(1)
    df.loc[df["jurisdiction_id"].eq("") & single, "jurisdiction_id"] = df["jurisdiction_ids"].str.strip()
    if df["claim_id"].duplicated().any():
        dup = df.loc[df["claim_id"].duplicated(), "claim_id"].iloc[0]
        raise InputError(path, f"duplicate claim_id {dup!r}", where="field 'claim_id'")
    values = []
    for i, r in enumerate(df.itertuples(index=False), start=2):
        if r.qualifier not in QUALIFIERS:
            raise InputError(
                path, f"qualifier {r.qualifier!r} not one of {QUALIFIERS}", where=f"row {i}, field 'qualifier'"
            )
        if r.metric and metric_vocabulary is not None and r.metric not in metric_vocabulary:
            raise InputError(
                path, f"metric {r.metric!r} is not in validation/vocabularies.yaml", where=f"row {i}, field 'metric'"
            )
        v = r.value.strip()
        if v and not NUMBER.match(v):
            raise InputError(path, f"expected a number, got {r.value!r}", where=f"row {i}, field 'value'")
        values.append(float(v) if v else float("nan"))
        if bool(r.period_start) != bool(r.period_end):
            raise InputError(
                path,
                "period_start and period_end must both be given or both be empty",
                where=f"row {i}, field 'period_start'",
            )
        for col in ("period_start", "period_end"):
            if getattr(r, col):
                _check_date(getattr(r, col), path, i, col)
        if r.period_start and r.period_start > r.period_end:
            raise InputError(
                path,
                f"period_start {r.period_start} is after period_end {r.period_end}",
                where=f"row {i}, field 'period_start'",
            )
    df["value_num"] = values
    return df


def prepare_statistics(df: pd.DataFrame, path="detainer_statistics.csv", levels: dict | None = None) -> pd.DataFrame:
    """Check the statistic columns this stage uses; add ``value_num``. With ``levels`` (params
    check_claims.aggregation_levels), every row's aggregation_level must be one of them."""
    missing = [c for c in STAT_REQUIRED if c not in df.columns]
    if missing:
        raise InputError(path, f"expected column(s) {missing}; found {list(df.columns)}", where="header")
    df = df.copy()
    if levels is not None and "aggregation_level" in df.columns:
        unknown = sorted(set(df["aggregation_level"]) - set(levels))
        if unknown:
            row = int(df.index[df["aggregation_level"].isin(unknown)][0]) + 2
            raise InputError(
                path,
                f"aggregation_level {unknown[0]!r} is not in params check_claims.aggregation_levels "
                f"({', '.join(levels)}); say whether claims may be compared with it",
                where=f"row {row}, field 'aggregation_level'",
            )
    for c in ("facility_id", "category", "period_type", "flags", "aggregation_level"):
        if c not in df.columns:
            df[c] = ""
    if "value_kind" not in df.columns:
        df["value_kind"] = "count"
    values = []
    for i, r in enumerate(df.itertuples(index=False), start=2):
        v = r.value.strip()
        if not NUMBER.match(v):
            raise InputError(path, f"expected a number, got {r.value!r}", where=f"row {i}, field 'value'")
        values.append(float(v))
        for col in ("period_start", "period_end"):
            _check_date(getattr(r, col), path, i, col)
        if r.period_start > r.period_end:
            raise InputError(
                path,
                f"period_start {r.period_start} is after period_end {r.period_end}",
                where=f"row {i}, field 'period_start'",
            )
    df["value_num"] = values
    return df


FACILITY_REQUIRED = ("facility_id", "name", "jurisdiction_id")


def prepare_facilities(df: pd.DataFrame | None, path="facilities.csv") -> pd.DataFrame:
    """Check the facility columns this stage uses (None → no facilities: no claim names one)."""
    if df is None:
        return pd.DataFrame(columns=list(FACILITY_REQUIRED))
    missing = [c for c in FACILITY_REQUIRED if c not in df.columns]
    if missing:
        raise InputError(path, f"expected column(s) {missing}; found {list(df.columns)}", where="header")
    return df


LEVEL_OF_LENGTH = {2: "state", 5: "county", 7: "place"}  # Census GEOID lengths
RELATION_NAMES = {
    ("place", "county"): ("county_of_place", "place_in_county"),
    ("county", "state"): ("state_of_county", "county_in_state"),
    ("place", "state"): ("state_of_place", "place_in_state"),
}


def jurisdiction_relations(jurisdictions: pd.DataFrame, rules: Rules) -> dict:
    """{jurisdiction_id: {other_id: (relation, note)}} from the jurisdictions table and params links.

    A jurisdiction's parents are its ``parent_ids`` (``;``-separated: a place's counties, every one a
    place spans, e.g. New York city's five boroughs; a county's state), else its principal county
    (``county_fips``) and state (``state_fips``). Relations are named from the claim's side: a claim about
    a place reaching a statistic of its county is ``county_of_place``, the reverse ``place_in_county``;
    likewise ``state_of_county`` / ``county_in_state`` / ``state_of_place`` / ``place_in_state``; params
    links are ``linked``. Only relations with a weight in params (score.jurisdiction) give candidates.
    """
    rel: dict = defaultdict(dict)

    def add(a, b, forward, backward, note=""):
        if a and b and a != b:
            rel[a].setdefault(b, (forward, note))
            rel[b].setdefault(a, (backward, note))

    for r in row_dicts(jurisdictions):
        jid, level = r["jurisdiction_id"], r["level"]
        parents = [x for x in re.split(r"[;|,\s]+", str(r.get("parent_ids", "") or "")) if x]
        if not parents:
            state, county = str(r.get("state_fips", "") or ""), str(r.get("county_fips", "") or "")
            county = f"{state}{county}" if len(county) == 3 else county
            parents = [p for p in (county if level == "place" else "", state) if p]
        for parent in parents:
            names = RELATION_NAMES.get((level, LEVEL_OF_LENGTH.get(len(parent), "")))
            if names:
                add(jid, parent, *names)
    for a, others in rules.links.items():
        for b, reason in others.items():
            add(a, b, "linked", "linked", reason)
    return {k: dict(v) for k, v in rel.items()}


# ------------------------------------------------------------------------------------------ periods
def describe_period(start: str, end: str, ptype: str) -> str:
    """E.g. 'calendar 2019 (2019-01-01..2019-12-31)', 'FY2019 (2018-10-01..2019-09-30)'."""
    s, e = date.fromisoformat(start), date.fromisoformat(end)
    label = {
        "calendar_year": f"calendar {s.year}",
        "fiscal_year": f"FY{e.year}",
        "month": f"{MONTHS[s.month - 1]} {s.year}",
    }.get(ptype, ptype or "span")
    return f"{label} ({start}..{end})"


def gap_days(a: tuple[str, str], b: tuple[str, str]) -> int:
    """Days strictly between two disjoint periods (0 if they overlap or touch)."""
    first, second = sorted([a, b])
    return max(0, (date.fromisoformat(second[0]) - date.fromisoformat(first[1])).days - 1)


# ---------------------------------------------------------------------------------------- formatting
def fmt_num(x: float) -> str:
    if x != x:  # NaN
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:.6g}"


def _clean(text: str) -> str:
    """Reason details may not contain the list separator."""
    return str(text).replace(";", ",").strip()


# ----------------------------------------------------------------------------------------- matching
def metric_relation(claim_metric: str, stat_metric: str, rules: Rules) -> tuple[str, str]:
    """('same', '') / ('comparable', named mismatch) / ('', '') for not comparable."""
    if claim_metric == stat_metric:
        return "same", ""
    key = frozenset((claim_metric, stat_metric))
    if key in rules.comparable:
        return "comparable", rules.comparable[key]
    return "", ""


def _stat_counts(stat: dict, rules: Rules) -> tuple[str, bool]:
    """The metric a statistic row counts, and whether it may be compared at all (totals only, unless the
    category defines the metric)."""
    if not stat["category"]:
        return stat["metric"], True
    as_metric = rules.category_metrics.get((stat["metric"], stat["category"]))
    return (as_metric, True) if as_metric else (stat["metric"], False)


def index_statistics(stats: list[dict]) -> dict:
    """Statistic rows by jurisdiction_id, in stat_id order (candidates are looked up per jurisdiction)."""
    by_jurisdiction: dict = defaultdict(list)
    for s in sorted(stats, key=lambda s: s["stat_id"]):
        by_jurisdiction[s["jurisdiction_id"]].append(s)
    return dict(by_jurisdiction)


def _near_ids(claim: dict, relations: dict, rules: Rules) -> list[str]:
    """The claim's jurisdiction and the related ones that give candidates (never the unknown place "")."""
    jid = claim["jurisdiction_id"]
    related = [j for j, (relation, _) in relations.get(jid, {}).items() if relation in rules.w_jurisdiction]
    return sorted({jid, *related} - {""})


def _stats_near(claim: dict, stats, relations: dict, rules: Rules) -> list[dict]:
    if not isinstance(stats, dict):  # a plain list of rows
        return list(stats)
    return [s for j in _near_ids(claim, relations, rules) for s in stats.get(j, [])]


# -------------------------------------------------------------------------------------- facility scope
@dataclass(frozen=True)
class Scope:
    """The facility a claim's wording points at (facility_id empty: none, the jurisdiction as a whole)."""

    facility_id: str = ""
    how: str = ""  # for the reasons: what in the wording points at the facility
    ambiguous: str = ""  # the wording points at a kind of facility the jurisdiction has several of


def normalize_name(text: str, abbreviations: dict | None = None) -> str:
    """Upper-case words of letters and digits, accents and punctuation dropped, abbreviations spelled out:
    "Cook County Sheriff’s Office" → "COOK COUNTY SHERIFF S OFFICE", "PALATINE POLICE DEPT." → "PALATINE
    POLICE DEPARTMENT" (with DEPT: DEPARTMENT)."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.sub(r"[^0-9A-Za-z]+", " ", text).upper().split()
    if abbreviations:
        words = [abbreviations.get(w, w) for w in words]
    return " ".join(words)


def _has_phrase(words: str, phrase: str) -> bool:
    return bool(phrase) and f" {phrase} " in f" {words} "


def index_facilities(facilities: pd.DataFrame, rules: Rules) -> dict:
    """{jurisdiction_id: [(facility_id, name, normalized core name)]} in facility_id order. The core name
    is the name before its first comma ("RIKERS ISLAND, QUEENS, NY" → "RIKERS ISLAND")."""
    out: dict = defaultdict(list)
    for r in sorted(row_dicts(facilities), key=lambda r: r["facility_id"]):
        core = normalize_name(str(r["name"]).split(",")[0], rules.name_abbreviations)
        out[r["jurisdiction_id"]].append((r["facility_id"], r["name"], core))
    return dict(out)


# The parts of a claim's wording, in the order they are searched, with how the reasons name each.
WORDING_PARTS = (
    ("exact", "the claim's text"),
    ("jurisdiction_exact", "the place as written"),
    ("speaker_role", "the speaker's role"),
)


def facility_scope(claim: dict, facilities: dict, relations: dict, rules: Rules) -> Scope:
    """The facility the claim's wording supports, among the facilities of its jurisdiction and of the
    related ones that give candidates. The wording is the claim's text, the words that gave its
    jurisdiction (``jurisdiction_exact``: "Cook County Jail") and, for a claim inside a quote, the
    speaker's role ("Cook County Sheriff": "we declined ..." speaks for the sheriff's office).

    1. A facility named in the wording (its core name, two words or more) is the claim's facility.
    2. Else an office named in the wording (params facility_scope.offices: "sheriff") points at the one
       facility whose name holds the office's facility words ("jail"); if there are several, the scope
       is ambiguous and the claim is about the jurisdiction as a whole.
    """
    parts = [
        (
            f"{where} ({str(claim.get(key, '') or '')!r})",
            normalize_name(claim.get(key, "") or "", rules.name_abbreviations),
        )
        for key, where in WORDING_PARTS
    ]
    near = [f for j in _near_ids(claim, relations, rules) for f in facilities.get(j, [])]
    named = [(f, where) for f in near if len(f[2].split()) >= 2 for where, words in parts if _has_phrase(words, f[2])]
    if named:
        longest = max(len(f[2]) for f, _ in named)
        ids = sorted({f[0] for f, _ in named if len(f[2]) == longest})
        if len(ids) == 1:
            f, where = next((f, where) for f, where in named if f[0] == ids[0])
            return Scope(f[0], f"{where} names {f[1]}")
        names = sorted({f[1] for f, _ in named if f[0] in ids})
        return Scope(ambiguous=f"the claim's wording names {len(names)} facilities ({', '.join(names)})")
    for office in rules.offices:
        found = next(((w, where) for where, words in parts for w in office.words if _has_phrase(words, w)), None)
        if not found:
            continue
        word, where = found
        fits = [f for f in near if any(_has_phrase(f[2], w) for w in office.facility_words)]
        if len(fits) == 1:
            return Scope(fits[0][0], f'{where} says "{word.lower()}" ({office.reason}): {fits[0][1]}')
        if fits:
            return Scope(
                ambiguous=f'{where} says "{word.lower()}", which fits {len(fits)} facilities '
                f"({', '.join(f[1] for f in fits)}), so the claim is taken as about the whole jurisdiction"
            )
    return Scope()


def scope_of(stat: dict, scope: Scope) -> str:
    """facility_named / jurisdiction_wide / other_facility: a statistic's scope against the claim's."""
    if not stat["facility_id"]:
        return "jurisdiction_wide"
    return "facility_named" if stat["facility_id"] == scope.facility_id else "other_facility"


def find_candidates(claim: dict, stats, relations: dict, rules: Rules, scope: Scope | None = None) -> list[dict]:
    """Every statistic the claim can be compared with, scored and ranked (rank 1 = best).

    ``stats`` is a list of statistic rows, or the output of :func:`index_statistics`; ``scope`` the facility
    the claim's wording supports (:func:`facility_scope`).
    """
    if not claim["metric"] or not claim["period_start"] or not claim["jurisdiction_id"]:
        return []
    scope = scope or Scope()
    stats = _stats_near(claim, stats, relations, rules)
    claim_period = (claim["period_start"], claim["period_end"])
    claim_ptype = claim.get("period_type") or period_type(*claim_period)  # declared, else what the dates show
    out = []
    for s in stats:
        # jurisdiction (a statistic whose place is unknown is never a candidate)
        if not s["jurisdiction_id"]:
            continue
        if s["jurisdiction_id"] == claim["jurisdiction_id"]:
            relation, note = "same", ""
        else:
            relation, note = relations.get(claim["jurisdiction_id"], {}).get(s["jurisdiction_id"], ("", ""))
        if relation not in rules.w_jurisdiction:
            continue
        # metric (and category)
        counted, comparable_row = _stat_counts(s, rules)
        if not comparable_row:
            continue
        metric_match, mismatch = metric_relation(claim["metric"], counted, rules)
        if not metric_match:
            continue
        # value kind and aggregation level (a table without levels: every row)
        if s["value_kind"] not in rules.value_kinds:
            continue
        if s["aggregation_level"] and not rules.aggregation_levels.get(s["aggregation_level"], False):
            continue
        # period
        stat_period = (s["period_start"], s["period_end"])
        shared = overlap_days(claim_period, stat_period)
        gap = gap_days(claim_period, stat_period) if shared == 0 else 0
        if shared == 0 and gap > rules.period_window_days:
            continue
        union = length_days(claim_period) + length_days(stat_period) - shared
        share = shared / union
        stat_ptype = s["period_type"] or period_type(*stat_period)
        stat_scope = scope_of(s, scope)
        components = {
            "score_metric": rules.w_metric[metric_match],
            "score_period": round(rules.w_overlap * share, 3),
            "score_period_type": rules.w_period_type if stat_ptype == claim_ptype else 0.0,
            "score_jurisdiction": rules.w_jurisdiction[relation],
            "score_scope": rules.w_scope[stat_scope],
            "score_source": rules.w_source_type.get(s["source_type"], rules.source_type_default),
        }
        out.append(
            {
                "stat": s,
                "stat_id": s["stat_id"],
                "counted_metric": counted,
                "metric_match": metric_match,
                "metric_mismatch_name": mismatch,
                "jurisdiction_match": relation,
                "jurisdiction_note": note,
                "scope": stat_scope,
                "scope_how": scope.how if stat_scope == "facility_named" else "",
                "scope_ambiguous": scope.ambiguous,
                "overlap_days": shared,
                "gap_days": gap,
                "union_days": union,
                "overlap_share": round(share, 6),
                "claim_period_type": claim_ptype,
                "stat_period_type": stat_ptype,
                **components,
                "score": round(sum(components.values()), 3),
            }
        )
    if any(c["overlap_days"] for c in out):  # near misses are a fallback, not competitors
        out = [c for c in out if c["overlap_days"]]
    out.sort(key=lambda c: (-c["score"], c["stat_id"]))
    for rank, c in enumerate(out, start=1):
        c["rank"] = rank
    return out


# ------------------------------------------------------------------------------------------ verdict
def fmt_ratio(c: float, s: float) -> str:
    """ ", ratio 0.995" (claim / statistic, three significant digits); "" when equal or undefined."""
    if s == 0 or c == s:
        return ""
    return f", ratio {c / s:.3g}"


def assess_value(qualifier: str, c: float, s: float, rules: Rules) -> tuple[str, str]:
    """('consistent' | 'close' | 'overstated' | 'understated', detail) for claim value c against statistic s.

    A claim outside what its qualifier and tolerance allow, but by no more than ``close_tolerance`` of the
    statistic (a bound missed by as little, an exact figure off by as little), is ``close``: a rounding or
    a near miss, not a wrong number. The detail shows the ratio claim / statistic whenever they differ.
    """
    ratio = fmt_ratio(c, s)
    base = f"{qualifier} {fmt_num(c)} vs {fmt_num(s)}"
    near = s != 0 and abs(c / s - 1) <= rules.close_tolerance
    close_note = f" (within {fmt_num(rules.close_tolerance * 100)}%)"

    def off(verdict: str, note: str = "") -> tuple[str, str]:
        if near:
            return "close", f"{base}{ratio}{close_note}"
        return verdict, f"{base}{ratio}{note}"

    if qualifier == "exact":
        if abs(c - s) <= rules.exact_tolerance * abs(s):
            return "consistent", f"{base}{ratio}"
        return off("overstated" if c > s else "understated")
    if qualifier == "about":
        pct = fmt_num(rules.about_tolerance * 100)
        if (s == 0 and c == 0) or (s != 0 and abs(c / s - 1) <= rules.about_tolerance):
            return "consistent", f"{base}{ratio} (within {pct}%)"
        return off("overstated" if c > s else "understated", f" (beyond {pct}%)")
    factor = rules.bound_max_factor
    if qualifier in ("more_than", "at_least"):  # a lower bound: the statistic must reach it
        if (s > c) if qualifier == "more_than" else (s >= c):
            if factor is not None and c > 0 and s > factor * c:
                return "understated", (
                    f"{base}{ratio} (true as a bound, but the statistic is more than {fmt_num(factor)}x the claim)"
                )
            return "consistent", f"{base}{ratio}"
        return off("overstated")
    # an upper bound ("fewer than", "at most"): the statistic must stay under it
    if (s < c) if qualifier == "fewer_than" else (s <= c):
        if factor is not None and s > 0 and c > factor * s:
            return "overstated", (
                f"{base}{ratio} (true as a bound, but the claim is more than {fmt_num(factor)}x the statistic)"
            )
        return "consistent", f"{base}{ratio}"
    return off("understated")


def jurisdiction_basis_reasons(claim: dict, rules: Rules) -> list[str]:
    """The basis of the claim's jurisdiction, when params ask for it to be shown (the speaker's office)."""
    basis = str(claim.get("jurisdiction_basis", "") or "")
    if not claim["jurisdiction_id"] or basis not in rules.jurisdiction_bases_shown:
        return []
    name = str(claim.get("jurisdiction_name", "") or "")
    words = str(claim.get("jurisdiction_exact", "") or "")
    return [
        f"jurisdiction_basis: {claim['jurisdiction_id']}{f' ({name})' if name else ''} "
        f"{rules.jurisdiction_bases_shown[basis]}{f' ({words!r})' if words else ''}"
    ]


def check_against(claim: dict, cand: dict, rules: Rules) -> tuple[str, list[str], float]:
    """Verdict, every reason (code: detail), and value_ratio for a claim against one candidate."""
    s = cand["stat"]
    reasons: list[str] = []
    value_verdict, detail = assess_value(claim["qualifier"], claim["value_num"], s["value_num"], rules)
    reasons.append(f"value_{value_verdict}: {detail}")
    metric_problem = False
    if cand["metric_match"] == "comparable":
        metric_problem = True
        reasons.append(
            f"metric_mismatch: {claim['metric']} vs {cand['counted_metric']} ({cand['metric_mismatch_name']})"
        )
    claim_unit = rules.unit_class.get(claim.get("unit", ""), "")
    # the statistic's own unit when the table gives one (NPR's transferred_to_ice counts detainers, a
    # curated transferred_to_ice people), else what its metric counts (params units.metric_unit_class)
    own_unit = str(s.get("unit", "") or "")
    stat_unit = rules.unit_class.get(own_unit, own_unit) or rules.metric_unit_class.get(cand["counted_metric"], "")
    if claim_unit and stat_unit and claim_unit != stat_unit:
        metric_problem = True
        unit = str(claim.get("unit", "")) + (f" ({claim_unit})" if claim_unit != claim.get("unit") else "")
        reasons.append(f"unit_mismatch: {unit} vs {cand['counted_metric']} ({stat_unit})")
    claim_period = (claim["period_start"], claim["period_end"])
    stat_period = (s["period_start"], s["period_end"])
    period_problem = False
    if claim_period != stat_period:
        differing = cand["union_days"] - cand["overlap_days"]
        overlap = (
            f"overlap {cand['overlap_days']} of {cand['union_days']} days"
            if cand["overlap_days"]
            else f"no overlap, {cand['gap_days']} days apart"
        )
        text = (
            f"{describe_period(*claim_period, cand['claim_period_type'])} vs "
            f"{describe_period(*stat_period, cand['stat_period_type'])}, {overlap}"
        )
        allowed = max(rules.period_slack_days, rules.period_slack_share * cand["union_days"])
        if differing > allowed:
            period_problem = True
            reasons.append(f"period_mismatch: {text}")
        else:
            reasons.append(f"period_minor_difference: {text}")
    if cand["jurisdiction_match"] != "same":
        note = f" ({cand['jurisdiction_note']})" if cand["jurisdiction_note"] else ""
        reasons.append(
            f"jurisdiction_related: {claim['jurisdiction_id']} vs {s['jurisdiction_id']}, "
            f"{cand['jurisdiction_match']}{note}"
        )
    reasons += jurisdiction_basis_reasons(claim, rules)
    if cand["scope"] == "facility_named":
        reasons.append(f"facility_named: the statistic counts facility {s['facility_id']}, {cand['scope_how']}")
    elif cand["scope_ambiguous"] and cand["scope"] == "jurisdiction_wide":
        reasons.append(f"facility_ambiguous: {cand['scope_ambiguous']}")
    if cand["scope"] == "other_facility":
        reasons.append(f"facility_only: the statistic counts facility {s['facility_id']} only")
    if s["category"]:
        counted = f" counted as {cand['counted_metric']}" if cand["counted_metric"] != s["metric"] else ""
        reasons.append(f"category_defines_metric: {s['metric']} / {s['category']}{counted}")
    if s["flags"]:
        reasons.append(f"statistic_flagged: {s['flags'].replace(';', ', ')}")
    # Verdict precedence (docs/claim-checking.md): a wrong value, then metric, then period, then a close value.
    if value_verdict in ("overstated", "understated"):
        verdict = value_verdict
    elif metric_problem:
        verdict = "metric_mismatch"
    elif period_problem:
        verdict = "period_mismatch"
    else:
        verdict = value_verdict  # consistent or close
    ratio = claim["value_num"] / s["value_num"] if s["value_num"] != 0 else float("nan")
    return verdict, [_clean(r) for r in reasons], ratio


# ------------------------------------------------------------------------------------------- tables
CHECK_COLUMNS = columns("claim_checks")  # validation/schemas/claim_checks.yaml
CANDIDATE_COLUMNS = columns("claim_candidates")  # validation/schemas/claim_candidates.yaml


def check_id_for(claim_id: str) -> str:
    return f"check:{claim_id}"


def unchecked_reasons(claim: dict, rules: Rules) -> list[str]:
    """What keeps a claim from being compared with any statistic (empty: it can be checked)."""
    reasons = []
    metric, unit = claim["metric"], str(claim.get("unit", "") or "")
    if not metric:
        reasons.append("no_metric: the claim has no metric from the vocabulary")
    elif metric in rules.unchecked_metrics:
        reasons.append(f"metric_unclassified: {metric}, {rules.unchecked_metrics[metric]}")
    if unit in rules.units_not_counts:
        reasons.append(f"unit_not_count: the claim's number is {unit}, {rules.units_not_counts[unit]}")
    rate = str(claim.get("rate", "") or "")
    if rate:
        reasons.append(f"unit_not_count: the claim's number is a rate per {rate}, not a count for its period")
    if claim["value_num"] != claim["value_num"]:
        reasons.append("no_value: the claim states no number")
    if not claim["period_start"]:
        reasons.append("period_unspecified: the claim states no period")
    places = str(claim.get("jurisdiction_ids", "") or "").split()
    if not claim["jurisdiction_id"] and len(places) > 1:
        reasons.append(
            f"several_jurisdictions: the claim is about {len(places)} places ({' '.join(places)}), and no statistic "
            "is compared with a sum of places"
        )
    elif not claim["jurisdiction_id"]:
        reasons.append(
            "jurisdiction_unknown: no place was resolved for the claim and its text does not say it is "
            "national, so it is compared with no statistic (national figures included)"
        )
    return [_clean(r) for r in reasons]


def check_claim(
    claim: dict, stats: dict, relations: dict, rules: Rules, facilities: dict | None = None
) -> tuple[dict, list[dict]]:
    """One claim_checks row and its claim_candidates rows."""
    blockers = unchecked_reasons(claim, rules)
    scope = facility_scope(claim, facilities or {}, relations, rules) if not blockers else Scope()
    cands = [] if blockers else find_candidates(claim, stats, relations, rules, scope)
    row = {
        "check_id": check_id_for(claim["claim_id"]),
        "claim_id": claim["claim_id"],
        **{
            k: claim.get(k, "")
            for k in (
                "article_id",
                "start",
                "end",
                "exact",
                "source_id",
                "claimant",
                "jurisdiction_id",
                "jurisdiction_basis",
                "metric",
                "qualifier",
                "unit",
            )
        },
        "claim_value": fmt_num(claim["value_num"]),
        "claim_period_start": claim["period_start"],
        "claim_period_end": claim["period_end"],
        "n_candidates": len(cands),
    }
    cand_rows = []
    for c in cands:
        verdict, reasons, ratio = check_against(claim, c, rules)
        s = c["stat"]
        cand_rows.append(
            {
                "claim_id": claim["claim_id"],
                "rank": c["rank"],
                "stat_id": c["stat_id"],
                "selected": c["rank"] == 1,
                **{k: c[k] for k in CANDIDATE_COLUMNS if k.startswith("score")},
                "metric_match": c["metric_match"],
                "jurisdiction_match": c["jurisdiction_match"],
                "scope": c["scope"],
                "overlap_days": c["overlap_days"],
                "gap_days": c["gap_days"],
                "overlap_share": c["overlap_share"],
                "stat_jurisdiction_id": s["jurisdiction_id"],
                "stat_metric": s["metric"],
                "stat_category": s["category"],
                "stat_value": s["value_num"],
                "stat_period_start": s["period_start"],
                "stat_period_end": s["period_end"],
                "stat_source_type": s["source_type"],
                "verdict_if_selected": verdict,
                "reasons_if_selected": "; ".join(reasons),
                "value_ratio": ratio,
            }
        )
    if cands:
        best, s = cand_rows[0], cands[0]["stat"]
        row.update(
            {
                "stat_id": s["stat_id"],
                "stat_jurisdiction_id": s["jurisdiction_id"],
                "stat_facility_id": s["facility_id"],
                "stat_metric": s["metric"],
                "stat_category": s["category"],
                "stat_value": fmt_num(s["value_num"]),
                "stat_period_start": s["period_start"],
                "stat_period_end": s["period_end"],
                "stat_period_type": cands[0]["stat_period_type"],
                "stat_source_id": s["source_id"],
                "stat_source_type": s["source_type"],
                "stat_flags": s["flags"],
                "verdict": best["verdict_if_selected"],
                "reasons": best["reasons_if_selected"],
                "value_ratio": best["value_ratio"],
                "score": best["score"],
            }
        )
    else:
        row.update({k: "" for k in CHECK_COLUMNS if k.startswith("stat_")})
        row.update(
            {
                "stat_id": "",
                "verdict": "unverifiable",
                "reasons": "; ".join(
                    (
                        blockers
                        or [
                            f"no_statistic: no statistic for {claim['jurisdiction_id']} (or a related "
                            "jurisdiction) with a comparable metric and period"
                        ]
                    )
                    + jurisdiction_basis_reasons(claim, rules)
                ),
                "value_ratio": float("nan"),
                "score": float("nan"),
            }
        )
    return row, cand_rows


def check_all(
    claims: pd.DataFrame,
    stats: pd.DataFrame,
    jurisdictions: pd.DataFrame,
    rules: Rules,
    facilities: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """claim_checks (one row per claim) and claim_candidates (one row per claim x candidate).

    ``claims``, ``stats`` and ``facilities`` are the outputs of :func:`prepare_claims`,
    :func:`prepare_statistics` and :func:`prepare_facilities` (no facilities: no claim names one);
    ``quotes`` (quote_id, speaker_role) gives the speaker's role of a claim inside a quote.
    """
    relations = jurisdiction_relations(jurisdictions, rules)
    stat_rows = index_statistics(row_dicts(stats))
    facility_rows = index_facilities(prepare_facilities(facilities), rules)
    roles = {} if quotes is None else dict(zip(quotes["quote_id"], quotes["speaker_role"]))
    checks, candidates = [], []
    for claim in row_dicts(claims.sort_values("claim_id", kind="mergesort")):
        claim["speaker_role"] = roles.get(claim.get("quote_id", ""), "") if claim.get("quote_id") else ""
        row, cand_rows = check_claim(claim, stat_rows, relations, rules, facility_rows)
        checks.append(row)
        candidates.extend(cand_rows)
    checks_df = pd.DataFrame(checks, columns=CHECK_COLUMNS)
    cands_df = pd.DataFrame(candidates, columns=CANDIDATE_COLUMNS)
    for col in ("n_candidates",):
        checks_df[col] = checks_df[col].astype("int64")
    for col in ("rank", "overlap_days", "gap_days"):
        cands_df[col] = cands_df[col].astype("int64")
    cands_df["selected"] = cands_df["selected"].map({True: "true", False: "false"})
    cands_df["stat_value"] = [fmt_num(v) for v in cands_df["stat_value"]]
    return checks_df, cands_df


def summarize(checks: pd.DataFrame, article_ids=()) -> dict:
    """Per article: number of claims and verdict counts; and the totals (all verdicts listed, zeros kept).
    Every id in ``article_ids`` is listed, so an article in which no claim was found shows n_claims 0."""

    def counts(df):
        vc = df["verdict"].value_counts()
        return {
            "n_claims": int(len(df)),
            "n_matched": int((df["stat_id"] != "").sum()),
            "verdicts": {v: int(vc.get(v, 0)) for v in VERDICTS},
        }

    ids = sorted(set(article_ids) | set(checks["article_id"]))
    per_article = {a: counts(checks[checks["article_id"] == a]) for a in ids}
    return {"articles": per_article, "total": {**counts(checks), "n_articles": len(per_article)}}
