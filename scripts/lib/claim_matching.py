"""Matching article claims to detainer statistics, and the verdict on each claim (stage check_claims).

Pure functions over DataFrames: no file is read here, so tests can call them on small fixtures. The rules
(which statistics are candidates, how they are scored, the value tolerances) come from the ``check_claims``
block of params.yaml through :func:`rules_from_params`; docs/claim-checking.md states them in prose.

A claim's candidates are the statistics that
  * cover the same jurisdiction, a related one (county <-> place in it, or a link declared in params), or
    are national when the claim is national;
  * cover a period that overlaps the claim's period, or (only when none does) lies within
    ``period_window_days`` of it;
  * count the same metric, or a comparable one (params ``comparable_metrics``, each pair with a named
    mismatch);
  * are totals (empty category), unless the category defines the metric (params ``category_metrics``);
  * have a value kind that is compared with claims (params ``value_kinds``: counts).
Candidates are scored without looking at their values (the checker never picks the figure that makes the
claim look right) and ranked by score, ties broken by stat_id. The best one is checked: every difference
becomes a reason, and the verdict follows a fixed precedence (value, then metric, then period).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .errors import InputError
from .periods import length_days, overlap_days, period_type
from .schema import columns

VERDICTS = ("consistent", "overstated", "understated", "period_mismatch", "metric_mismatch", "unverifiable")
QUALIFIERS = ("exact", "more_than", "at_least", "fewer_than", "at_most", "about")
# The reason codes, in the order they appear in `reasons` (docs/claim-checking.md defines each).
REASON_CODES = (
    "no_metric",
    "no_value",
    "period_unspecified",
    "no_statistic",
    "value_consistent",
    "value_overstated",
    "value_understated",
    "metric_mismatch",
    "unit_mismatch",
    "period_mismatch",
    "period_minor_difference",
    "jurisdiction_related",
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
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARAMS_FILE = "params.yaml"


# --------------------------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class Rules:
    period_window_days: int
    period_slack_days: int
    period_slack_share: float
    exact_tolerance: float
    about_tolerance: float
    bound_max_factor: float | None
    national_ids: frozenset
    comparable: dict  # frozenset({metric_a, metric_b}) -> named mismatch
    category_metrics: dict  # (stat metric, category) -> metric the row counts
    links: dict  # jurisdiction_id -> {other_id: reason}, symmetric
    value_kinds: frozenset  # statistic value kinds compared with claims
    unit_class: dict  # claim unit -> what it counts (detainers / people)
    metric_unit_class: dict  # metric -> what it counts
    w_metric: dict  # same / comparable
    w_overlap: float
    w_period_type: float
    w_jurisdiction: dict  # relation -> weight; a relation without a weight is not a candidate
    w_jurisdiction_wide: float
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
    for i, e in enumerate(p["category_metrics"]):
        where = f"check_claims.category_metrics[{i}]"
        if not isinstance(e, dict) or not all(e.get(k) for k in ("metric", "category")):
            raise InputError(PARAMS_FILE, "expected {metric, category[, as_metric]}", where=where)
        check_metric(e["metric"], where)
        check_metric(e.get("as_metric") or e["metric"], where)
        category_metrics[(e["metric"], e["category"])] = e.get("as_metric") or e["metric"]
    links: dict = defaultdict(dict)
    for i, e in enumerate(p["jurisdiction_links"]):
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
    units = _need(p, "units")
    return Rules(
        period_window_days=int(_number(p, "period_window_days")),
        period_slack_days=int(_number(p, "period_slack_days")),
        period_slack_share=float(_number(p, "period_slack_share")),
        exact_tolerance=float(_number(p, "exact_tolerance")),
        about_tolerance=float(_number(p, "about_tolerance")),
        bound_max_factor=_number(p, "bound_max_factor", minimum=1.0, allow_none=True),
        national_ids=frozenset(str(x) for x in _need(p, "national_ids")),
        comparable=comparable,
        category_metrics=category_metrics,
        links={k: dict(v) for k, v in links.items()},
        value_kinds=frozenset(_need(p, "value_kinds")),
        unit_class=dict(_need(units, "unit_class")),
        metric_unit_class=dict(_need(units, "metric_unit_class")),
        w_metric={k: float(v) for k, v in w_metric.items()},
        w_overlap=float(_number(score, "period_overlap")),
        w_period_type=float(_number(score, "same_period_type")),
        w_jurisdiction={k: float(v) for k, v in _need(score, "jurisdiction").items()},
        w_jurisdiction_wide=float(_number(score, "jurisdiction_wide")),
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
JURISDICTION_REQUIRED = ("jurisdiction_id", "level", "state_fips", "county_fips")


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
    for c in ("unit", "period_type", "period_basis", "source_id", "start", "end", "exact", "claimant"):
        if c not in df.columns:
            df[c] = ""
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


def prepare_statistics(df: pd.DataFrame, path="detainer_statistics.csv") -> pd.DataFrame:
    """Check the statistic columns this stage uses; add ``value_num``."""
    missing = [c for c in STAT_REQUIRED if c not in df.columns]
    if missing:
        raise InputError(path, f"expected column(s) {missing}; found {list(df.columns)}", where="header")
    df = df.copy()
    for c in ("facility_id", "category", "period_type", "flags"):
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

    for r in jurisdictions.to_dict("records"):
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
def period_type_of(start: str, end: str, declared: str = "") -> str:
    """The declared period type, or the one the dates show (calendar_year, fiscal_year, month, day, span)."""
    if declared:
        return declared
    return period_type(start, end)


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


def _stats_near(claim: dict, stats, relations: dict, rules: Rules) -> list[dict]:
    if not isinstance(stats, dict):  # a plain list of rows
        return list(stats)
    ids = (
        set(rules.national_ids)
        if claim["jurisdiction_id"] in rules.national_ids
        else {claim["jurisdiction_id"], *relations.get(claim["jurisdiction_id"], {})}
    )
    return [s for j in sorted(ids) for s in stats.get(j, [])]


def find_candidates(claim: dict, stats, relations: dict, rules: Rules) -> list[dict]:
    """Every statistic the claim can be compared with, scored and ranked (rank 1 = best).

    ``stats`` is a list of statistic rows, or the output of :func:`index_statistics`.
    """
    if not claim["metric"] or not claim["period_start"]:
        return []
    stats = _stats_near(claim, stats, relations, rules)
    claim_period = (claim["period_start"], claim["period_end"])
    claim_ptype = period_type_of(*claim_period, claim.get("period_type", ""))
    claim_national = claim["jurisdiction_id"] in rules.national_ids
    out = []
    for s in stats:
        # jurisdiction
        stat_national = s["jurisdiction_id"] in rules.national_ids and not s["facility_id"]
        if claim_national or stat_national:
            if not (claim_national and stat_national):
                continue
            relation, note = "national", ""
        elif s["jurisdiction_id"] == claim["jurisdiction_id"]:
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
        # value kind
        if s["value_kind"] not in rules.value_kinds:
            continue
        # period
        stat_period = (s["period_start"], s["period_end"])
        shared = overlap_days(claim_period, stat_period)
        gap = gap_days(claim_period, stat_period) if shared == 0 else 0
        if shared == 0 and gap > rules.period_window_days:
            continue
        union = length_days(claim_period) + length_days(stat_period) - shared
        share = shared / union
        stat_ptype = period_type_of(*stat_period, s["period_type"])
        components = {
            "score_metric": rules.w_metric[metric_match],
            "score_period": round(rules.w_overlap * share, 3),
            "score_period_type": rules.w_period_type if stat_ptype == claim_ptype else 0.0,
            "score_jurisdiction": rules.w_jurisdiction[relation],
            "score_scope": 0.0 if s["facility_id"] else rules.w_jurisdiction_wide,
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
def assess_value(qualifier: str, c: float, s: float, rules: Rules) -> tuple[str, str]:
    """('consistent' | 'overstated' | 'understated', detail) for claim value c against statistic s."""
    base = f"{qualifier} {fmt_num(c)} vs {fmt_num(s)}"
    if qualifier == "exact":
        if abs(c - s) <= rules.exact_tolerance * abs(s):
            return "consistent", base
        return ("overstated" if c > s else "understated"), base
    if qualifier == "about":
        if (s == 0 and c == 0) or (s != 0 and abs(c / s - 1) <= rules.about_tolerance):
            return "consistent", f"{base} (within {fmt_num(rules.about_tolerance * 100)}%)"
        return ("overstated" if c > s else "understated"), f"{base} (beyond {fmt_num(rules.about_tolerance * 100)}%)"
    factor = rules.bound_max_factor
    if qualifier in ("more_than", "at_least"):  # a lower bound: the statistic must reach it
        if (s > c) if qualifier == "more_than" else (s >= c):
            if factor is not None and c > 0 and s > factor * c:
                return "understated", (
                    f"{base} (true as a bound, but the statistic is more than {fmt_num(factor)}x the claim)"
                )
            return "consistent", base
        return "overstated", base
    # an upper bound ("fewer than", "at most"): the statistic must stay under it
    if (s < c) if qualifier == "fewer_than" else (s <= c):
        if factor is not None and s > 0 and c > factor * s:
            return "overstated", (
                f"{base} (true as a bound, but the claim is more than {fmt_num(factor)}x the statistic)"
            )
        return "consistent", base
    return "understated", base


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
    stat_unit = rules.metric_unit_class.get(cand["counted_metric"], "")
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
    if cand["jurisdiction_match"] not in ("same", "national"):
        note = f" ({cand['jurisdiction_note']})" if cand["jurisdiction_note"] else ""
        reasons.append(
            f"jurisdiction_related: {claim['jurisdiction_id']} vs {s['jurisdiction_id']}, "
            f"{cand['jurisdiction_match']}{note}"
        )
    if s["facility_id"]:
        reasons.append(f"facility_only: the statistic counts facility {s['facility_id']} only")
    if s["category"]:
        counted = f" counted as {cand['counted_metric']}" if cand["counted_metric"] != s["metric"] else ""
        reasons.append(f"category_defines_metric: {s['metric']} / {s['category']}{counted}")
    if s["flags"]:
        reasons.append(f"statistic_flagged: {s['flags'].replace(';', ', ')}")
    # Verdict precedence (docs/claim-checking.md): value problems, then metric, then period.
    if value_verdict != "consistent":
        verdict = value_verdict
    elif metric_problem:
        verdict = "metric_mismatch"
    elif period_problem:
        verdict = "period_mismatch"
    else:
        verdict = "consistent"
    ratio = claim["value_num"] / s["value_num"] if s["value_num"] != 0 else float("nan")
    return verdict, [_clean(r) for r in reasons], ratio


# ------------------------------------------------------------------------------------------- tables
CHECK_COLUMNS = columns("claim_checks")  # validation/schemas/claim_checks.yaml
CANDIDATE_COLUMNS = columns("claim_candidates")  # validation/schemas/claim_candidates.yaml


def check_id_for(claim_id: str) -> str:
    return f"check:{claim_id}"


def unverifiable_reasons(claim: dict) -> list[str]:
    reasons = []
    if not claim["metric"]:
        reasons.append("no_metric: the claim has no metric from the vocabulary")
    if claim["value_num"] != claim["value_num"]:
        reasons.append("no_value: the claim states no number")
    if not claim["period_start"]:
        reasons.append("period_unspecified: the claim states no period")
    where = claim["jurisdiction_id"] or "national"
    reasons.append(f"no_statistic: no statistic for {where} with a comparable metric and period")
    return reasons


def check_claim(claim: dict, stats: dict, relations: dict, rules: Rules) -> tuple[dict, list[dict]]:
    """One claim_checks row and its claim_candidates rows."""
    has_value = claim["value_num"] == claim["value_num"]
    cands = find_candidates(claim, stats, relations, rules) if has_value else []
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
                "reasons": "; ".join(unverifiable_reasons(claim)),
                "value_ratio": float("nan"),
                "score": float("nan"),
            }
        )
    return row, cand_rows


def check_all(
    claims: pd.DataFrame, stats: pd.DataFrame, jurisdictions: pd.DataFrame, rules: Rules
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """claim_checks (one row per claim) and claim_candidates (one row per claim x candidate).

    ``claims`` and ``stats`` are the outputs of :func:`prepare_claims` / :func:`prepare_statistics`.
    """
    relations = jurisdiction_relations(jurisdictions, rules)
    stat_rows = index_statistics(stats.to_dict("records"))
    checks, candidates = [], []
    for claim in claims.sort_values("claim_id", kind="mergesort").to_dict("records"):
        row, cand_rows = check_claim(claim, stat_rows, relations, rules)
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
