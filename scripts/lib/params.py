"""params.yaml: every tunable of the pipeline, read in one place and checked on load.

Each top-level key of params.yaml belongs to the stage of the same name and is parsed into that stage's
dataclass below (:data:`STAGES`). A key the dataclass does not declare, a missing key, or a value of
the wrong type or out of range stops the stage with one line naming the key and what was expected
(exit 2), so a typo can never fall back to a default. The meaning of each parameter is documented next
to it in params.yaml; its type and range are declared here, once.

    p = stage_params("statistics")        # a StatisticsParams
    p.fuzzy_facility_min_score            # 90

A stage that hands its parameters on as a mapping (check_claims to its rules, report to the notebooks)
uses :func:`params_for`, the checked dataclass as a dict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

from .errors import InputError
from .io import read_yaml
from .paths import PARAMS


@dataclass(frozen=True)
class Range:
    """Annotated[int | float, Range(lo, hi)]: the number must lie in [lo, hi]."""

    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Check:
    """Annotated[str, Check(f)]: f(value) says what was expected, or None when the value is fine."""

    problem: Callable[[str], str | None]


def _iso_datetime(value: str) -> str | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return "an ISO 8601 date-time with a UTC offset, e.g. 2026-01-01T00:00:00+00:00"
    return None if parsed.tzinfo is not None else "an ISO 8601 date-time with a UTC offset (+00:00)"


def _geoid(value: str) -> str | None:
    ok = value.isascii() and value.isdigit() and len(value) in (2, 5, 7)
    return None if ok else "a Census GEOID: 2 (state), 5 (county) or 7 (place) ASCII digits"


NonNegative = Annotated[float, Range(0)]
Count = Annotated[int, Range(0)]
GeoId = Annotated[str, Check(_geoid)]


# ------------------------------------------------------------------------------------- the stages


@dataclass(frozen=True)
class JurisdictionsParams:
    required_places: list[GeoId]


@dataclass(frozen=True)
class StatisticsParams:
    fuzzy_facility_min_score: Annotated[float, Range(0, 100)]


@dataclass(frozen=True)
class LesaParams:
    na_values: list[str]
    block_size_mb: Annotated[int, Range(1, 1024)]
    workers: Annotated[int, Range(1, 64)]
    parquet_compression: str
    min_landmark_coverage: Annotated[float, Range(0, 1)]
    landmark_coverage_metrics: list[str]


@dataclass(frozen=True)
class ExtractParams:
    place_min_population: Count
    use_gold: bool


@dataclass(frozen=True)
class ComparableMetrics:
    metrics: list[str]
    mismatch: str


@dataclass(frozen=True)
class CategoryMetric:
    metric: str
    category: str
    as_metric: str | None = None  # optional: count the row as another metric (default: its own)


@dataclass(frozen=True)
class JurisdictionLink:
    jurisdiction_id: GeoId
    linked: list[GeoId]
    reason: str


@dataclass(frozen=True)
class Units:
    unit_class: dict[str, str]
    metric_unit_class: dict[str, str]
    not_counts: dict[str, str]  # claim unit → why it is not a count


@dataclass(frozen=True)
class FacilityOffice:
    words: list[str]
    facility_words: list[str]
    reason: str


@dataclass(frozen=True)
class FacilityScope:
    name_abbreviations: dict[str, str]
    offices: list[FacilityOffice]


@dataclass(frozen=True)
class MetricWeights:
    same: float
    comparable: float


@dataclass(frozen=True)
class ScopeWeights:
    facility_named: NonNegative
    jurisdiction_wide: NonNegative
    other_facility: NonNegative


@dataclass(frozen=True)
class Score:
    metric: MetricWeights
    period_overlap: NonNegative
    same_period_type: NonNegative
    jurisdiction: dict[str, float]
    scope: ScopeWeights
    source_type: dict[str, float]


@dataclass(frozen=True)
class CheckClaimsParams:
    period_window_days: Count
    period_slack_days: Count
    period_slack_share: Annotated[float, Range(0, 1)]
    exact_tolerance: NonNegative
    about_tolerance: NonNegative
    close_tolerance: NonNegative
    bound_max_factor: Annotated[float, Range(1)] | None
    jurisdiction_bases_shown: dict[str, str]
    comparable_metrics: list[ComparableMetrics]
    unchecked_metrics: dict[str, str]
    category_metrics: list[CategoryMetric]
    jurisdiction_links: list[JurisdictionLink]
    facility_scope: FacilityScope
    value_kinds: list[str]
    aggregation_levels: dict[str, bool]
    units: Units
    score: Score


@dataclass(frozen=True)
class ValidateParams:
    run_name: str
    run_time: Annotated[str, Check(_iso_datetime)]


@dataclass(frozen=True)
class FacilityName:
    name: str
    city: str


@dataclass(frozen=True)
class ReportParams:
    figure_dpi: Annotated[int, Range(20, 1200)]
    cell_timeout_s: Annotated[int, Range(1)]
    notebooks_at_once: Annotated[int, Range(1, 16)]
    national_metric: str
    facilities: list[FacilityName]
    decline_metric: str
    state_jurisdiction_id: GeoId
    state_metric: str
    label_chars: Annotated[int, Range(10)]
    claim_chart_rows: Annotated[int, Range(1)]
    top_states: Annotated[int, Range(1)]
    jail_metric: str
    jail_counties: Annotated[int, Range(1)]
    jail_counties_always: list[GeoId]


STAGES: dict[str, type] = {
    "jurisdictions": JurisdictionsParams,
    "statistics": StatisticsParams,
    "lesa": LesaParams,
    "extract": ExtractParams,
    "check_claims": CheckClaimsParams,
    "validate": ValidateParams,
    "report": ReportParams,
}

# ------------------------------------------------------------------------------------- the parser

T = TypeVar("T")


def describe(tp: Any) -> str:
    """A type as a reader of params.yaml would say it."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Annotated:
        base, *marks = args
        text = describe(base)
        for m in marks:
            if isinstance(m, Range):
                text += "".join(
                    [f" >= {m.min:g}" if m.min is not None else "", " and" if None not in (m.min, m.max) else ""]
                ) + (f" <= {m.max:g}" if m.max is not None else "")
        return text
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return " or ".join(describe(a) for a in inner) + (" or null" if len(inner) < len(args) else "")
    if origin is list:
        return f"a list, each {describe(args[0])}"
    if origin is dict:
        return f"a mapping, each value {describe(args[1])}"
    if dataclasses.is_dataclass(tp):
        return "a mapping with keys " + ", ".join(f.name for f in dataclasses.fields(tp))
    return {int: "a whole number", float: "a number", bool: "true or false", str: "a text"}.get(tp, str(tp))


def _fail(where: str, message: str) -> InputError:
    return InputError(PARAMS, message, where=where)


def _convert(value: Any, tp: Any, where: str) -> Any:
    wanted = describe(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Annotated:
        base, *marks = args
        try:
            out = _convert(value, base, where)
        except InputError:
            raise _fail(where, f"expected {wanted}, got {value!r}") from None
        for m in marks:
            bad = (
                (m.min is not None and out < m.min) or (m.max is not None and out > m.max)
                if isinstance(m, Range)
                else bool(isinstance(m, Check) and m.problem(out))
            )
            if bad:
                expected = wanted if isinstance(m, Range) else m.problem(out)
                raise _fail(where, f"expected {expected}, got {value!r}")
        return out
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (tp,) = [a for a in args if a is not type(None)]
        try:
            return _convert(value, tp, where)
        except InputError:
            raise _fail(where, f"expected {wanted}, got {value!r}") from None
    if dataclasses.is_dataclass(tp):
        return parse(typing.cast(type, tp), value, where)
    if origin is list:
        if not isinstance(value, list):
            raise _fail(where, f"expected {wanted}, got {value!r}")
        return [_convert(v, args[0], f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise _fail(where, f"expected {wanted}, got {value!r}")
        return {k: _convert(v, args[1], f"{where}.{k}") for k, v in value.items()}
    ok = {
        bool: isinstance(value, bool),
        int: isinstance(value, int) and not isinstance(value, bool),
        float: isinstance(value, (int, float)) and not isinstance(value, bool),
        str: isinstance(value, str),
    }[tp]
    if not ok:
        raise _fail(where, f"expected {wanted}, got {value!r}")
    return value  # as written (an int where a number is expected stays an int, as YAML gives it)


def parse(cls: type[T], data: Any, where: str) -> T:
    """``data`` (a mapping from params.yaml) as an instance of the dataclass ``cls``: every declared key
    present (unless it has a default), no other key, each value of its declared type and range."""
    if not isinstance(data, dict):
        raise _fail(where, f"expected {describe(cls)}, got {data!r}")
    fields = {f.name: f for f in dataclasses.fields(typing.cast(Any, cls))}
    unknown = sorted(str(k) for k in data if k not in fields)
    if unknown:
        raise _fail(
            f"{where}.{unknown[0]}",
            f"unknown parameter; {where} takes {', '.join(fields)} (parameters are declared in scripts/lib/params.py)",
        )
    hints = typing.get_type_hints(cls, include_extras=True)
    values = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is not dataclasses.MISSING:
                continue
            raise _fail(f"{where}.{name}", f"missing parameter; expected {describe(hints[name])}")
        values[name] = _convert(data[name], hints[name], f"{where}.{name}")
    return cls(**values)


@lru_cache(maxsize=1)
def load_params(path: Path = PARAMS) -> dict:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(path, "expected a mapping of stage name to parameters")
    return data


def stage_params(stage: str, path: Path = PARAMS) -> Any:
    """The checked parameters of one stage (its dataclass in :data:`STAGES`)."""
    data = load_params(path)
    if stage not in data:
        raise InputError(path, f"missing the parameters of stage {stage!r}", where=stage)
    return parse(STAGES[stage], data[stage], stage)


def params_for(stage: str, path: Path = PARAMS) -> dict:
    """The checked parameters of one stage as a mapping (for code that takes a dict)."""
    return dataclasses.asdict(stage_params(stage, path))


def check_all(path: Path = PARAMS) -> None:
    """Every section of params.yaml: each a known stage, each parseable (tests and `make lint`)."""
    data = load_params(path)
    unknown = sorted(set(data) - set(STAGES))
    if unknown:
        raise InputError(path, f"unknown section; the stages with parameters are {sorted(STAGES)}", where=unknown[0])
    for stage in STAGES:
        stage_params(stage, path)
