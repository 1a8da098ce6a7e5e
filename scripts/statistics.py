"""Stage statistics: public detainer statistics in one long table, and the facility crosswalk.

Writes data/processed/facilities.csv, data/processed/detainer_statistics.csv and metrics/statistics.json.

Sources (each row of detainer_statistics names the raw file it comes from in ``source_id``):
- NPR national aggregates (FOIA 15-87693), by calendar year (2007 = Oct-Dec, 2015 = Jan 1-Jul 19),
  month, lift reason and detainer type; U.S. citizens by year and state.
- NPR declines vs other outcomes by facility x year: the duplicated column names are repaired; the
  second count comes from a join on facility name and year only, so it is kept as ``upper_bound`` and
  rows where the bug shows (one name, one year, several cities) are flagged.
- the Pennsylvania record-level file, aggregated (vectorized, :func:`aggregate_records`) to county x
  month, county x year x lift reason and state x year, through the facility crosswalk.
- Minnesota (Deportation Data Project via alyssc) by month and by day, and "Metro Surge" outcomes by
  facility.
- the curated national and jurisdiction figures (TRAC, ICE, NYPD via news, the 2017 DDOR), mapped to
  the shared metric and source_type vocabularies by data/hand/metric_map.csv and
  data/hand/curated_national_periods.csv.

Facilities are matched to counties in this order: manual (data/hand/facility_matches.csv, match or
reject, with a reason) → exact (the name names a county of its state) → alias (the aliases file) →
city (the city is a Census place; its principal county) → fuzzy (rapidfuzz ratio ≥ params
``fuzzy_facility_min_score`` on the county named in the name, then on the city) → unmatched.
A facility row whose county is unknown is attributed to its state (jurisdiction_id = state GEOID)
and flagged ``facility_unmatched``; with no usable state either, jurisdiction_id is empty and the row
is flagged ``location_unknown`` (so an empty jurisdiction_id with an empty facility_id means national).

What each source covers (its state, first and last day: NPR 2007-10-01..2015-07-19, MN through
2026-03-10, the "Metro Surge" window) comes from data/hand/source_coverage.csv; a period not wholly
inside its source's span is flagged ``partial_period``.

Reconciliations (NPR months = years = the PROVENANCE total; lift reasons = lifted; U.S. citizens by year =
the lift reason; PA records per year = their own lift-reason and county sums, and = NPR's aggregates for
PA; MN days = months; MN surge parts = totals) are written to metrics/statistics.json; the expected
totals quoted from the PROVENANCE files are in data/hand/expected_totals.csv.
"""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import us
from rapidfuzz import fuzz, process

from scripts.lib.coverage import check_reconciliations, coverage, expected, is_partial, npr_span
from scripts.lib.errors import InputError, run_stage
from scripts.lib.geo import load_resolver, norm, place_keys, state_fips
from scripts.lib.io import read_csv_text, to_int, write_json
from scripts.lib.manifest import source_id_for
from scripts.lib.params import StatisticsParams, stage_params
from scripts.lib.paths import HAND, METRICS, RAW
from scripts.lib.periods import calendar_year, fiscal_year, month, period_type
from scripts.lib.records import aggregate_records_arrow, read_records, validate_records
from scripts.lib.schema import columns, write_processed

NPR = RAW / "statistics" / "npr-ice-detainers-2007-2015"
PA = RAW / "statistics" / "npr-ice-detainers-pa-2007-2015" / "pa_detainers.csv"
MN = RAW / "statistics" / "mn-ddp-detainers-2022-2026"
CURATED = RAW / "statistics" / "curated-detainer-figures-from-pages"
FACILITY_MATCHES = HAND / "facility_matches.csv"
METRIC_MAP = HAND / "metric_map.csv"
NATIONAL_PERIODS = HAND / "curated_national_periods.csv"
OUT_METRICS = METRICS / "statistics.json"

STAT_COLUMNS = columns("detainer_statistics")  # validation/schemas/detainer_statistics.yaml
FACILITY_COLUMNS = columns("facilities")  # validation/schemas/facilities.yaml


def sid(path: Path) -> str:
    """source_id of a raw file, as registered in data/raw/manifest.yaml (collection--slug)."""
    return source_id_for(path.parent.name, path.name)


def rel_raw(path: Path) -> str:
    return path.relative_to(RAW).as_posix()


def source_file(source_id: str) -> Path | None:
    """The raw file a source_id names (for error messages), or None."""
    collection = source_id.split("--")[0]
    for folder in sorted(RAW.glob(f"*/{collection}")):
        for f in sorted(folder.iterdir()):
            if f.is_file() and sid(f) == source_id:
                return f
    return None


def year_month(value: str, path, where: str) -> tuple[int, int]:
    """ "YYYY-MM" → (year, month), or InputError naming the file and row/field."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError(path, f"expected a month YYYY-MM, got {value!r}", where=where)
    return int(m.group(1)), int(m.group(2))


def check_day(value: str, span: tuple[str, str], path, where: str) -> str:
    """A calendar day YYYY-MM-DD inside the source's coverage span, or InputError."""
    try:
        ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and date.fromisoformat(value).isoformat() == value
    except ValueError:  # 2023-02-30
        ok = False
    if not ok or not span[0] <= value <= span[1]:
        raise InputError(
            path,
            f"expected a date YYYY-MM-DD from {span[0]} to {span[1]} (data/hand/source_coverage.csv), got {value!r}",
            where=where,
        )
    return value


# ------------------------------------------------------------------------------------------------
# hand-coded maps
# ------------------------------------------------------------------------------------------------
def load_metric_map(path=METRIC_MAP) -> dict[tuple[str, str], str]:
    df = read_csv_text(path, required=("source", "source_value", "metric", "reason"))
    out = {}
    for i, r in enumerate(df.to_dict("records"), start=2):
        if not r["reason"].strip() or not r["metric"].strip():
            raise InputError(path, "metric and reason are required", where=f"row {i}")
        out[(r["source"], r["source_value"])] = r["metric"]
    return out


def mapped(mm: dict, source: str, value: str, file, where: str) -> str:
    try:
        return mm[(source, value)]
    except KeyError:
        raise InputError(
            file,
            f"{source} {value!r} has no row in data/hand/metric_map.csv; add one "
            "(source, source_value, metric, reason)",
            where=where,
        ) from None


# ------------------------------------------------------------------------------------------------
# facility crosswalk
# ------------------------------------------------------------------------------------------------
ABBREV = [(r"\bCNTY\b", "COUNTY"), (r"\bCO\b", "COUNTY"), (r"\bCTY\b", "COUNTY")]


def county_phrase(name: str) -> str | None:
    """The "X County" a facility name names ("LACKAWANA CNTY JAIL, PA" → "lackawana county")."""
    s = re.sub(r"\s+", " ", name.upper().replace(".", " ").replace(",", " ")).strip()
    for pat, rep in ABBREV:
        s = re.sub(pat, rep, s)
    m = re.search(r"([A-Z][A-Z' \-]*?)\s+(COUNTY|PARISH)\b", s)
    if not m:
        return None
    words = re.sub(r"\s+", " ", m.group(1)).strip()
    return norm(f"{words} {m.group(2)}")


def facility_id(name: str, city: str, state: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", f"{state} {city} {name}".lower()).strip("-")[:60].strip("-")
    h = hashlib.sha1(f"{name}|{city}|{state}".encode()).hexdigest()[:6]
    return f"{slug}-{h}"


def load_facility_matches(path=FACILITY_MATCHES) -> dict[tuple[str, str, str], dict]:
    df = read_csv_text(path, required=("name", "city", "state", "decision", "jurisdiction_id", "reason"))
    out = {}
    for i, r in enumerate(df.to_dict("records"), start=2):
        where = f"row {i}"
        if r["decision"] not in ("match", "reject"):
            raise InputError(path, f"decision must be match or reject, got {r['decision']!r}", where=where)
        if not r["reason"].strip():
            raise InputError(path, "reason is required", where=where)
        if r["decision"] == "match" and not re.fullmatch(r"[0-9]{5}", r["jurisdiction_id"]):
            raise InputError(path, "a match needs a 5-digit county jurisdiction_id", where=where)
        if r["decision"] == "match" and state_fips(r["state"]) != r["jurisdiction_id"][:2]:
            raise InputError(
                path,
                f"county {r['jurisdiction_id']} is not in the facility's state {r['state']!r} (state FIPS "
                f"{state_fips(r['state'])}); expected a county GEOID of that state",
                where=f"{where}, field 'jurisdiction_id'",
            )
        key = (r["name"], r["city"], r["state"])
        if key in out:
            raise InputError(path, f"duplicate row for {key}", where=where)
        out[key] = {**r, "_row": i}
    return out


class FacilityMatcher:
    def __init__(self, resolver, manual: dict, min_score: float):
        self.r = resolver
        self.manual = manual
        self.min_score = float(min_score)
        self.counties: dict[str, dict[str, str]] = {}
        self.places: dict[str, dict[str, str]] = {}
        for g, row in resolver.rows.items():
            if row["level"] == "county" and row.get("current", "true") == "true":
                self.counties.setdefault(row["state_fips"], {})[norm(row["name"])] = g
            elif row["level"] == "place" and row.get("county_fips"):
                for key in sorted(place_keys(row["name"])):
                    self.places.setdefault(row["state_fips"], {}).setdefault(key.replace("-", " "), g)
        self.used_manual: set = set()

    def match(self, name: str, city: str, state: str) -> dict:
        st = state_fips(state)
        out = {"jurisdiction_id": "", "match_method": "unmatched", "match_score": "", "matched_name": ""}
        key = (name, city, state)
        if key in self.manual:
            m = self.manual[key]
            self.used_manual.add(key)
            if m["decision"] == "reject":
                return {**out, "match_method": "manual", "matched_name": f"rejected: {m['reason']}"}
            if self.r.get(m["jurisdiction_id"]) is None:
                raise InputError(
                    FACILITY_MATCHES,
                    f"jurisdiction_id {m['jurisdiction_id']!r} is not in jurisdictions.csv",
                    where=f"row {m['_row']}",
                )
            return {
                "jurisdiction_id": m["jurisdiction_id"],
                "match_method": "manual",
                "match_score": "",
                "matched_name": self.r.get(m["jurisdiction_id"])["name"],
            }
        if st is None or st not in self.counties:
            return out
        phrase = county_phrase(name)
        if phrase:
            g = self.r.resolve(phrase, st, level="county")
            if g is not None:
                return {
                    "jurisdiction_id": g,
                    "match_method": "exact",
                    "match_score": "100",
                    "matched_name": self.r.get(g)["name"],
                }
        g = self.r.resolve(name, st) if norm(name) in self.r.aliases else None
        if g is not None:
            county = g if len(g) == 5 else self.r.principal_county(g)
            if county:
                return {
                    "jurisdiction_id": county,
                    "match_method": "alias",
                    "match_score": "100",
                    "matched_name": self.r.get(county)["name"],
                }
        c = norm(city).replace("-", " ")
        if c and c in self.places.get(st, {}):
            p = self.places[st][c]
            return {
                "jurisdiction_id": self.r.principal_county(p),
                "match_method": "city",
                "match_score": "100",
                "matched_name": self.r.get(p)["name"],
            }
        p = self.r.resolve(name, st, level="place")  # "BLOOMINGTON POLICE DEPT." → Bloomington city
        if p is not None and self.r.principal_county(p):
            return {
                "jurisdiction_id": self.r.principal_county(p),
                "match_method": "city",
                "match_score": "100",
                "matched_name": self.r.get(p)["name"],
            }
        if phrase:
            hit = process.extractOne(phrase, list(self.counties[st]), scorer=fuzz.ratio, score_cutoff=self.min_score)
            if hit:
                g = self.counties[st][hit[0]]
                return {
                    "jurisdiction_id": g,
                    "match_method": "fuzzy",
                    "match_score": f"{hit[1]:.1f}",
                    "matched_name": self.r.get(g)["name"],
                }
        if c:
            hit = process.extractOne(c, list(self.places.get(st, {})), scorer=fuzz.ratio, score_cutoff=self.min_score)
            if hit:
                p = self.places[st][hit[0]]
                return {
                    "jurisdiction_id": self.r.principal_county(p),
                    "match_method": "fuzzy",
                    "match_score": f"{hit[1]:.1f}",
                    "matched_name": self.r.get(p)["name"],
                }
        return out


def build_facilities(keys: pd.DataFrame, matcher: FacilityMatcher) -> pd.DataFrame:
    """keys: name, city, state (USPS), source_id, detainers_in_records → one row per facility."""
    agg = (
        keys.groupby(["name", "city", "state"], sort=True)
        .agg(
            source_ids=("source_id", lambda s: ";".join(sorted(set(s)))),
            detainers_in_records=("detainers_in_records", "sum"),
        )
        .reset_index()
    )
    rows = []
    for r in agg.to_dict("records"):
        m = matcher.match(r["name"], r["city"], r["state"])
        rows.append(
            {
                **r,
                **m,
                "facility_id": facility_id(r["name"], r["city"], r["state"]),
                "source_id": r["source_ids"].split(";")[0],
            }
        )
    df = pd.DataFrame(rows, columns=FACILITY_COLUMNS)
    dup = df["facility_id"][df["facility_id"].duplicated()]
    if not dup.empty:
        raise InputError(FACILITY_MATCHES, f"facility_id collision {dup.iloc[0]!r}")
    unused = sorted(set(matcher.manual) - matcher.used_manual)
    if unused:
        raise InputError(
            FACILITY_MATCHES,
            f"manual row for a facility no source names: {unused[0]}; fix the name/city/state or delete the row",
            where=f"row {matcher.manual[unused[0]]['_row']}",
        )
    return df


# ------------------------------------------------------------------------------------------------
# readers
# ------------------------------------------------------------------------------------------------
def read_declined_vs(path=NPR / "declined_vs_everythingelse.csv") -> pd.DataFrame:
    """NPR's export has duplicated column names (year, det_facility, city, state, count, det_facility,
    year, count). Read it by position with the repaired names and check the repeated keys agree."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f), None)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid utf-8 text (byte {exc.start})") from None
    if header is None:
        raise InputError(path, "empty file, expected a header row", where="row 1")
    expected = ["year", "det_facility", "city", "state", "count", "det_facility", "year", "count"]
    if header != expected:
        raise InputError(path, f"expected header {expected}, got {header}", where="header")
    names = [
        "year",
        "det_facility",
        "city",
        "state",
        "declined_count",
        "other_det_facility",
        "other_year",
        "other_outcome_count",
    ]
    df = read_csv_text(path, header=0, names=names)
    joined = df["other_det_facility"] != ""
    bad = joined & ((df["other_det_facility"] != df["det_facility"]) | (df["other_year"] != df["year"]))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(path, "the repeated det_facility/year do not match the first ones", where=f"row {i + 2}")
    df["declined_count"] = to_int(df, "declined_count", path)
    df["other_outcome_count"] = to_int(
        df.assign(other_outcome_count=df["other_outcome_count"].replace("", "0")), "other_outcome_count", path
    )
    df["year"] = to_int(df, "year", path)
    df["joined"] = joined
    # join bug visible: one facility name in one year under several (city, state)
    locs = df.drop_duplicates(["year", "det_facility", "city", "state"]).groupby(["year", "det_facility"]).size()
    df["join_bug_visible"] = pd.MultiIndex.from_frame(df[["year", "det_facility"]]).map(locs).to_numpy() > 1
    return df


def read_year_count(path: Path, year_col="year") -> pd.DataFrame:
    df = read_csv_text(path, required=(year_col, "count"))
    df[year_col] = to_int(df, year_col, path)
    df["count"] = to_int(df, "count", path)
    return df


def read_mn(path: Path, date_col: str) -> pd.DataFrame:
    """MN files: the first column is an unnamed R row index (header "")."""
    df = read_csv_text(path)
    if df.columns[0] not in ("", "Unnamed: 0"):
        raise InputError(path, f"expected an unnamed R row index first, got {df.columns[0]!r}", where="header")
    df = df.drop(columns=df.columns[0])
    if date_col not in df.columns:
        raise InputError(path, f"expected column {date_col!r}", where="header")
    return df


def read_pa(path=PA, collection: str = PA.parent.name) -> pa.Table:
    """The Pennsylvania record-level file as an Arrow table (every cell text), validated row-wise in
    vectorized form (dates, lift reasons, facility, state: see :mod:`scripts.lib.records`); every record
    must be in the state data/hand/source_coverage.csv gives the collection."""
    records = read_records(path)
    validate_records(records, path)
    check_record_state(records, path, coverage(collection).state)
    return records


def check_record_state(records: pa.Table, path, state: str) -> None:
    """Every record is in the state its collection covers (data/hand/source_coverage.csv)."""
    col = records.column("state")
    bad = [v for v in col.unique().to_pylist() if state_fips(v) != state]
    if bad:
        row = pc.index(pc.is_in(col, value_set=pa.array(bad, pa.string())), True).as_py()
        raise InputError(
            path,
            f"expected every record in state {state} (data/hand/source_coverage.csv), got {col[row].as_py()!r}",
            where=f"row {row + 2}, field 'state'",
        )


# ------------------------------------------------------------------------------------------------
# PA record-level aggregation (vectorized; benchmarked on synthetic 2M-row files, see bench/run.py)
# ------------------------------------------------------------------------------------------------
def aggregate_records(
    records: pa.Table | pd.DataFrame | str | Path, facilities: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Aggregate detainer records (one row per detainer: date, lift_reason, det_facility, city, state)
    through a facility crosswalk (name, city, state [USPS or full name as in the records],
    jurisdiction_id, facility_id) into:

    - ``county_month``: jurisdiction_id, month ("YYYY-MM"), count (matched records only)
    - ``county_year_reason``: jurisdiction_id, year, lift_reason ("" = none), count
    - ``state_year_reason``: year, lift_reason, count (every record)
    - ``facility_year_reason``: facility_id, year, lift_reason, count
    - ``matched``: one row: records, matched (records whose facility has a county)

    A path is read and validated first. Records are counted per facility x month x lift reason in
    pyarrow, and the crosswalk is joined to those groups, not to every record.
    """
    if not isinstance(records, (pa.Table, pd.DataFrame)):
        records = read_pa(records)
    return aggregate_records_arrow(records, facilities)


def record_facilities(records: pa.Table) -> pd.DataFrame:
    """det_facility, city, state, n: the distinct facilities of a record-level table and their counts."""
    key = ["det_facility", "city", "state"]
    counts = records.select(key).group_by(key).aggregate([([], "count_all")]).to_pandas()
    return counts.rename(columns={"count_all": "n"}).sort_values(key, kind="mergesort").reset_index(drop=True)


# ------------------------------------------------------------------------------------------------
# rows
# ------------------------------------------------------------------------------------------------
def stat(**kw) -> dict:
    row = {c: "" for c in STAT_COLUMNS}
    row.update({k: ("" if v is None else v) for k, v in kw.items()})
    row["value_kind"] = row["value_kind"] or "count"
    return row


def year_period(year: int, span: tuple[str, str] | None = None) -> tuple[str, str, str, str]:
    """NPR years are calendar years; one not wholly inside the source's span (default NPR's, from
    data/hand/source_coverage.csv: 2007 and 2015) is partial (flag)."""
    s, e = calendar_year(year)
    flag = "partial_period" if is_partial((s, e), npr_span() if span is None else span) else ""
    return s, e, "calendar_year", flag


def npr_rows(mm: dict) -> tuple[list[dict], dict]:
    rows: list[dict] = []
    span = npr_span()
    note_years = f"calendar year of ICE prepare date; data cover {span[0]}..{span[1]}"
    by_year = read_year_count(NPR / "detainers_by_year.csv")
    lifted = read_year_count(NPR / "lifted_detainers_by_year.csv")
    usc = read_year_count(NPR / "americans_by_year.csv")
    for df, path, metric in (
        (by_year, NPR / "detainers_by_year.csv", "detainers_issued"),
        (lifted, NPR / "lifted_detainers_by_year.csv", "detainers_lifted"),
        (usc, NPR / "americans_by_year.csv", "us_citizens_detained"),
    ):
        for r in df.to_dict("records"):
            s, e, pt, flag = year_period(r["year"])
            rows.append(
                stat(
                    period_start=s,
                    period_end=e,
                    period_type=pt,
                    metric=metric,
                    value=r["count"],
                    source_id=sid(path),
                    source_type="foia_data",
                    evidence=f"{rel_raw(path)}: year={r['year']}, count={r['count']}",
                    flags=flag,
                    note=note_years,
                )
            )
    mpath = NPR / "detainers_by_year_and_month.csv"
    monthly = read_csv_text(mpath, required=("year_month", "count"))
    monthly["count"] = to_int(monthly, "count", mpath)
    monthly["year"] = [
        year_month(v, mpath, f"row {i}, field 'year_month'")[0] for i, v in enumerate(monthly["year_month"], start=2)
    ]
    for i, r in enumerate(monthly.to_dict("records"), start=2):
        s, e = month(*year_month(r["year_month"], mpath, f"row {i}, field 'year_month'"))
        partial = is_partial((s, e), span)
        rows.append(
            stat(
                period_start=s,
                period_end=e,
                period_type="month",
                metric="detainers_issued",
                value=r["count"],
                source_id=sid(mpath),
                source_type="foia_data",
                flags="partial_period" if partial else "",
                evidence=f"{rel_raw(mpath)}: year_month={r['year_month']}",
                note="month of ICE prepare date"
                + (f"; data end {span[1]}" if partial and e > span[1] else "")
                + (f"; data start {span[0]}" if partial and s < span[0] else ""),
            )
        )
    reasons_path = NPR / "detainers_by_lift_reason_and_year.csv"
    reasons = read_csv_text(reasons_path, required=("year", "lift_reason", "count"))
    reasons["count"] = to_int(reasons, "count", reasons_path)
    reasons["year"] = to_int(reasons, "year", reasons_path)
    for i, r in enumerate(reasons.to_dict("records"), start=2):
        s, e, pt, flag = year_period(r["year"])
        rows.append(
            stat(
                period_start=s,
                period_end=e,
                period_type=pt,
                metric=mapped(mm, "lift_reason", r["lift_reason"], reasons_path, f"row {i}"),
                category=r["lift_reason"],
                value=r["count"],
                source_id=sid(reasons_path),
                source_type="foia_data",
                flags=flag,
                evidence=f"{rel_raw(reasons_path)}: year={r['year']}, lift_reason={r['lift_reason']}",
                note="breakdown of detainers_lifted by ICE lift reason; " + note_years,
            )
        )
    types_path = NPR / "detainers_by_type_and_year.csv"
    types = read_csv_text(types_path, required=("year", "detainer_type", "count"))
    types["count"] = to_int(types, "count", types_path)
    types["year"] = to_int(types, "year", types_path)
    for r in types.to_dict("records"):
        s, e, pt, flag = year_period(r["year"])
        rows.append(
            stat(
                period_start=s,
                period_end=e,
                period_type=pt,
                metric="detainers_issued",
                category=r["detainer_type"],
                value=r["count"],
                source_id=sid(types_path),
                source_type="foia_data",
                flags=flag,
                evidence=f"{rel_raw(types_path)}: year={r['year']}, detainer_type={r['detainer_type']}",
                note="breakdown by detainer form; detainer_type is recorded for only part of the "
                "2014-2015 detainers, so the parts do not sum to the year's total",
            )
        )
    by_state_path = NPR / "americans_by_state.csv"
    by_state = read_csv_text(by_state_path, required=("state", "count"))
    by_state["count"] = to_int(by_state, "count", by_state_path)
    for i, r in enumerate(by_state.to_dict("records"), start=2):
        st = state_fips(r["state"])
        if r["state"] and st is None:
            raise InputError(by_state_path, f"unknown state {r['state']!r}", where=f"row {i}, field 'state'")
        rows.append(
            stat(
                jurisdiction_id=st or "",
                period_start=span[0],
                period_end=span[1],
                period_type="span",
                metric="us_citizens_detained",
                value=r["count"],
                category="" if st else "state not recorded",
                source_id=sid(by_state_path),
                source_type="foia_data",
                flags="" if st else "location_unknown",
                evidence=f"{rel_raw(by_state_path)}: state={r['state'] or '(blank)'}",
                note="detainers lifted because the person was a U.S. citizen, whole extract"
                + ("" if st else "; the state is blank in the source (not a national total)"),
            )
        )
    recon = {
        "by_year": by_year,
        "lifted": lifted,
        "usc": usc,
        "monthly": monthly,
        "reasons": reasons,
        "by_state": by_state,
        "types": types,
    }
    return rows, recon


def declined_rows(dv: pd.DataFrame, fac_index: dict, known: set[str]) -> list[dict]:
    path = NPR / "declined_vs_everythingelse.csv"
    rows = []
    for i, r in enumerate(dv.to_dict("records"), start=2):
        f = fac_index[(r["det_facility"], r["city"], r["_state"])]
        jid = f["jurisdiction_id"] or state_fips(r["_state"]) or ""
        jid = jid if jid in known else ""  # e.g. a territory without a jurisdictions row
        s, e, pt, partial = year_period(r["year"])
        base_flags = [partial] if partial else []
        if not f["jurisdiction_id"]:
            base_flags.append("facility_unmatched" if jid else "location_unknown")
        common = dict(
            jurisdiction_id=jid,
            facility_id=f["facility_id"],
            period_start=s,
            period_end=e,
            period_type=pt,
            source_id=sid(path),
            source_type="foia_data",
        )
        rows.append(
            stat(
                **common,
                metric="detainers_declined",
                category="Detainer Declined by LEA",
                value=r["declined_count"],
                flags=";".join(base_flags),
                evidence=f"{rel_raw(path)} row {i}: declined count (first 'count' column)",
                note=f"facility {r['det_facility']}, {r['city']}, {r['state']}",
            )
        )
        flags = base_flags + (["npr_join_bug_visible"] if r["join_bug_visible"] else [])
        rows.append(
            stat(
                **common,
                metric="detainers_lifted",
                category="lift reason other than Detainer Declined by LEA",
                value=r["other_outcome_count"],
                value_kind="upper_bound",
                flags=";".join(flags),
                evidence=f"{rel_raw(path)} row {i}: other outcomes (second 'count' column)"
                + ("" if r["joined"] else "; empty join = 0"),
                note="NPR joined on facility name and year only: counts of every facility with this "
                "name nationwide, so an upper bound",
            )
        )
    # county x year declines: the sum over every facility matched to the county (declines are exact per
    # facility; the other-outcome upper bounds are not summed)
    df = pd.DataFrame(rows)
    dec = df[(df["metric"] == "detainers_declined") & (df["jurisdiction_id"].str.len() == 5)]
    for (jid, s, e), g in dec.groupby(["jurisdiction_id", "period_start", "period_end"], sort=True):
        year = int(s[:4])
        out_flags = year_period(year)[3]
        rows.append(
            stat(
                jurisdiction_id=jid,
                period_start=s,
                period_end=e,
                period_type="calendar_year",
                metric="detainers_declined",
                category="Detainer Declined by LEA",
                value=int(g["value"].astype(int).sum()),
                source_id=sid(path),
                source_type="foia_data",
                flags=out_flags,
                evidence=f"computed from {rel_raw(path)}: sum of the declined counts of "
                f"the {len(g)} facilities matched to this county in {year}",
                note="county total over facilities; only facility-years with at least one decline are in the source",
            )
        )
    return rows


def pa_rows(agg: dict, mm: dict) -> list[dict]:
    path = PA
    state = coverage(PA.parent.name).state
    rows = []
    ev = f"computed from {rel_raw(path)}:"
    for r in agg["county_month"].to_dict("records"):
        s, e = month(*year_month(r["month"], path, f"month {r['month']!r} of the records' dates"))
        rows.append(
            stat(
                jurisdiction_id=r["jurisdiction_id"],
                period_start=s,
                period_end=e,
                period_type="month",
                metric="detainers_issued",
                value=r["count"],
                source_id=sid(path),
                source_type="foia_data",
                evidence=f"{ev} records with month(date)={r['month']} at facilities matched to this county",
                note="record-level Pennsylvania extract; month of ICE prepare date",
            )
        )
    cyr = agg["county_year_reason"]
    for level, frame, jid_col in (
        ("county", cyr, "jurisdiction_id"),
        ("state", agg["state_year_reason"].assign(jurisdiction_id=state), "jurisdiction_id"),
    ):
        where = "at facilities matched to this county" if level == "county" else "all Pennsylvania records"
        totals = frame.groupby([jid_col, "year"], sort=True)["count"].sum().reset_index()
        lifted = frame[frame["lift_reason"] != ""].groupby([jid_col, "year"], sort=True)["count"].sum().reset_index()
        for metric, t in (("detainers_issued", totals), ("detainers_lifted", lifted)):
            for r in t.to_dict("records"):
                s, e, pt, flag = year_period(int(r["year"]))  # int64 from the aggregation
                rows.append(
                    stat(
                        jurisdiction_id=r[jid_col],
                        period_start=s,
                        period_end=e,
                        period_type=pt,
                        metric=metric,
                        value=int(r["count"]),
                        source_id=sid(path),
                        source_type="foia_data",
                        flags=flag,
                        evidence=f"{ev} count of records, year={r['year']}, {where}"
                        + (", lift_reason not blank" if metric == "detainers_lifted" else ""),
                        note="calendar year of ICE prepare date",
                    )
                )
        for r in frame.to_dict("records"):
            s, e, pt, flag = year_period(int(r["year"]))
            metric = mapped(mm, "lift_reason", r["lift_reason"], path, f"lift_reason {r['lift_reason']!r}")
            rows.append(
                stat(
                    jurisdiction_id=r[jid_col],
                    period_start=s,
                    period_end=e,
                    period_type=pt,
                    metric=metric,
                    category=r["lift_reason"] or "no lift reason recorded",
                    value=int(r["count"]),
                    source_id=sid(path),
                    source_type="foia_data",
                    flags=flag,
                    evidence=f"{ev} records with lift_reason={r['lift_reason']!r}, year={r['year']}, {where}",
                    note="breakdown by ICE lift reason",
                )
            )
    return rows


def mn_rows(mm: dict, fac_index: dict) -> tuple[list[dict], dict]:
    rows = []
    mpath, dpath, spath = (
        MN / "mn_detainers_by_month.csv",
        MN / "mn_detainers_over_time.csv",
        MN / "surge_detainers_by_liftreason.csv",
    )
    cov, surge_cov = coverage(MN.name), coverage(sid(spath))
    monthly = read_mn(mpath, "month_year")
    monthly["count"] = to_int(monthly, "count", mpath)
    for i, r in enumerate(monthly.to_dict("records"), start=2):
        s, e = month(*year_month(r["month_year"], mpath, f"row {i}, field 'month_year'"))
        partial = is_partial((s, e), cov.span)
        rows.append(
            stat(
                jurisdiction_id=cov.state,
                period_start=s,
                period_end=e,
                period_type="month",
                metric="detainers_issued",
                value=r["count"],
                source_id=sid(mpath),
                source_type="foia_data",
                flags="partial_period" if partial else "",
                evidence=f"{rel_raw(mpath)}: month_year={r['month_year']}",
                note="detainers at Minnesota facilities by ICE prepare date (DDP, deduplicated)"
                + (f"; data end {cov.last_day}" if partial and e > cov.last_day else "")
                + (f"; data start {cov.first_day}" if partial and s < cov.first_day else ""),
            )
        )
    daily = read_mn(dpath, "detainer_prepare_date")
    daily["count"] = to_int(daily, "count", dpath)
    for i, r in enumerate(daily.to_dict("records"), start=2):
        d = check_day(r["detainer_prepare_date"], cov.span, dpath, f"row {i}, field 'detainer_prepare_date'")
        rows.append(
            stat(
                jurisdiction_id=cov.state,
                period_start=d,
                period_end=d,
                period_type="day",
                metric="detainers_issued",
                value=r["count"],
                source_id=sid(dpath),
                source_type="foia_data",
                evidence=f"{rel_raw(dpath)}: detainer_prepare_date={d}",
                note="days without detainers are absent from the source",
            )
        )
    surge = read_mn(spath, "detention_facility")
    parts = [
        "Booked into Detention",
        "Detainer Declined by LEA",
        "No longer in State, Local, or Federal Custody",
        "NA",
        "other",
    ]
    for c in parts + ["total"]:
        if c not in surge.columns:
            raise InputError(spath, f"expected column {c!r}", where="header")
    values = {}
    for c in parts + ["total"]:
        # R wrote NA for a reason with no detainers at a facility (pivot fill); it counts 0. Checked below.
        values[c] = to_int(surge.assign(**{c: surge[c].replace("NA", "0")}), c, spath)
    surge_recon = []
    for i, r in enumerate(surge.to_dict("records")):
        f = fac_index[(r["detention_facility"], "", cov.state_abbr)]
        jid = f["jurisdiction_id"] or cov.state
        flags = ["period_start_unverified"] + ([] if f["jurisdiction_id"] else ["facility_unmatched"])
        total = int(values["total"].iloc[i])
        psum = int(sum(values[c].iloc[i] for c in parts))
        surge_recon.append((r["detention_facility"], total, psum))
        common = dict(
            jurisdiction_id=jid,
            facility_id=f["facility_id"],
            period_start=surge_cov.first_day,
            period_end=surge_cov.last_day,
            period_type="span",
            source_id=sid(spath),
            source_type="foia_data",
            flags=";".join(flags),
        )
        note = (
            f"'Metro Surge' detainers; the window start {surge_cov.first_day} is the analyst's likely choice, "
            f"unverified; facility {r['detention_facility']}"
        )
        rows.append(
            stat(
                **common,
                metric="detainers_issued",
                value=total,
                evidence=f"{rel_raw(spath)} row {i + 2}: total",
                note=note,
            )
        )
        for c in parts:
            v = int(values[c].iloc[i])
            rows.append(
                stat(
                    **common,
                    metric=mapped(mm, "lift_reason", c, spath, f"column {c!r}"),
                    category={"NA": "no lift reason recorded", "other": "other (less frequent lift reasons)"}.get(c, c),
                    value=v,
                    evidence=f"{rel_raw(spath)} row {i + 2}: {c}={r[c]}",
                    note=note,
                )
            )
    return rows, {"monthly": monthly, "daily": daily, "surge": surge_recon}


def period_of(start: str, end: str) -> tuple[str, str, str]:
    """Curated periods: YYYY-MM-DD or YYYY-MM (a month: first / last day)."""

    def one(v: str, last: bool) -> str:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return v
        if re.fullmatch(r"\d{4}-\d{2}", v):
            s, e = month(int(v[:4]), int(v[5:]))
            return e if last else s
        raise ValueError(v)

    s, e = one(start, False), one(end, True)
    return s, e, period_type(s, e)


def curated_rows(mm: dict, resolver) -> list[dict]:
    rows = []
    path = CURATED / "jurisdiction_detainer_claims.csv"
    df = read_csv_text(
        path,
        required=(
            "jurisdiction",
            "state",
            "agency_or_facility",
            "period_start",
            "period_end",
            "metric",
            "value",
            "source_url",
            "source_type",
            "quote_snippet_under_25_words",
        ),
    )
    df["value"] = to_int(df, "value", path)
    for i, r in enumerate(df.to_dict("records"), start=2):
        where = f"row {i}"
        jid = resolver.resolve_strict(
            r["jurisdiction"], r["state"] or None, file=path, where=f"{where}, field 'jurisdiction'"
        )
        try:
            s, e, pt = period_of(r["period_start"], r["period_end"])
        except ValueError as exc:
            raise InputError(path, f"expected a date YYYY-MM-DD or YYYY-MM, got {exc}", where=where) from None
        rows.append(
            stat(
                jurisdiction_id=jid,
                agency=r["agency_or_facility"],
                period_start=s,
                period_end=e,
                period_type=pt,
                metric=mapped(mm, "curated_metric", r["metric"], path, f"{where}, field 'metric'"),
                value=r["value"],
                source_id=sid(path),
                source_type=mapped(mm, "curated_source_type", r["source_type"], path, f"{where}, field 'source_type'"),
                source_url=r["source_url"],
                evidence=r["quote_snippet_under_25_words"],
                note=f"{r['agency_or_facility']}; claimant: {r['claimant']}; outlet: {r['outlet']}"
                + (f" ({r['published_date']})" if r["published_date"] else "")
                + f"; source metric: {r['metric']}",
            )
        )
    npath = CURATED / "national_detainer_figures.csv"
    nat = read_csv_text(
        npath, required=("fiscal_year", "metric", "value", "source_title", "source_url", "quote_snippet_under_25_words")
    )
    nat["value"] = to_int(nat, "value", npath)
    periods = read_csv_text(
        NATIONAL_PERIODS,
        required=(
            "fiscal_year",
            "source_metric",
            "metric",
            "value_kind",
            "period_type",
            "period_start",
            "period_end",
            "source_type",
            "reason",
        ),
    )
    pmap = {(p["fiscal_year"], p["source_metric"]): p for p in periods.to_dict("records")}
    for i, r in enumerate(nat.to_dict("records"), start=2):
        p = pmap.get((r["fiscal_year"], r["metric"]))
        if p is None:
            raise InputError(
                npath,
                f"no row for fiscal_year={r['fiscal_year']}, metric={r['metric']!r} in "
                "data/hand/curated_national_periods.csv",
                where=f"row {i}",
            )
        if not re.fullmatch(r"\d{4}", r["fiscal_year"]):
            raise InputError(
                npath, f"expected a year YYYY, got {r['fiscal_year']!r}", where=f"row {i}, field 'fiscal_year'"
            )
        if p["period_type"] == "fiscal_year" and (p["period_start"], p["period_end"]) != fiscal_year(
            int(r["fiscal_year"])
        ):
            raise InputError(
                NATIONAL_PERIODS,
                f"fiscal_year period for FY{r['fiscal_year']} is not Oct-Sep",
                where=f"fiscal_year={r['fiscal_year']}, source_metric={r['metric']}",
            )
        rows.append(
            stat(
                period_start=p["period_start"],
                period_end=p["period_end"],
                period_type=p["period_type"],
                metric=p["metric"],
                value=r["value"],
                value_kind=p["value_kind"],
                source_id=sid(npath),
                source_type=p["source_type"],
                source_url=r["source_url"],
                evidence=r["quote_snippet_under_25_words"],
                note=f"{r['source_title']}; {r['page_or_table']}; source metric: {r['metric']}",
            )
        )
    return rows


def assign_ids(df: pd.DataFrame) -> pd.DataFrame:
    """stat_id = <source_id>:<hash of what the figure is about> (not of its value or wording), so a corrected
    value or snippet keeps its id and a diff between versions shows it as a changed row."""
    key_cols = [
        "source_id",
        "jurisdiction_id",
        "facility_id",
        "agency",
        "period_start",
        "period_end",
        "metric",
        "category",
        "value_kind",
        "source_url",
    ]
    keys = df[key_cols].astype(str).agg("|".join, axis=1)
    df = df.copy()
    df["stat_id"] = df["source_id"] + ":" + keys.map(lambda k: hashlib.sha1(k.encode("utf-8")).hexdigest()[:12])
    dup = df["stat_id"].duplicated(keep=False)
    if dup.any():
        first = df[dup].iloc[0]
        raise InputError(
            source_file(first["source_id"]) or first["source_id"],
            f"two statistics rows share the key {keys[dup].iloc[0]!r}",
            where=first["evidence"] or None,
        )
    return df


# ------------------------------------------------------------------------------------------------
# reconciliations
# ------------------------------------------------------------------------------------------------
def check(name: str, expected, actual, detail: str = "", known_difference=None) -> dict:
    ok = expected == actual
    out = {"name": name, "expected": expected, "actual": actual, "ok": bool(ok), "detail": detail}
    if known_difference is not None:
        out["known_difference"] = known_difference
        out["ok"] = bool(actual - expected == known_difference) if isinstance(actual, int) else False
    return out


def check_expected(name: str, actual, detail: str = "", computed=None) -> dict:
    """A check whose expected value (or accepted difference from ``computed``) is a row of
    data/hand/expected_totals.csv."""
    e = expected(name)
    return check(
        name,
        computed if e["expected"] is None else e["expected"],
        actual,
        detail,
        known_difference=e["known_difference"],
    )


def reconciliations(npr: dict, dv: pd.DataFrame, pa_agg: dict, mn: dict) -> list[dict]:
    out = []
    pa_state = coverage(PA.parent.name).state
    by_year = dict(zip(npr["by_year"]["year"], npr["by_year"]["count"]))
    monthly = npr["monthly"]
    month_sums = monthly.groupby("year")["count"].sum().to_dict()
    out.append(check_expected("npr_yearly_total", int(sum(by_year.values())), "sum of detainers_by_year.csv"))
    out.append(
        check_expected("npr_monthly_total", int(monthly["count"].sum()), "sum of detainers_by_year_and_month.csv")
    )
    out.append(
        check(
            "npr_monthly_equals_yearly_each_year",
            {str(k): int(v) for k, v in sorted(by_year.items())},
            {str(k): int(v) for k, v in sorted(month_sums.items())},
        )
    )
    lifted = dict(zip(npr["lifted"]["year"], npr["lifted"]["count"]))
    reason_sums = npr["reasons"].groupby("year")["count"].sum().to_dict()
    out.append(
        check(
            "npr_lift_reasons_equal_lifted_each_year",
            {str(k): int(v) for k, v in sorted(lifted.items())},
            {str(k): int(v) for k, v in sorted(reason_sums.items())},
        )
    )
    usc = dict(zip(npr["usc"]["year"], npr["usc"]["count"]))
    usc_reason = npr["reasons"][npr["reasons"]["lift_reason"] == "United States Citizen Interviewed"]
    out.append(
        check(
            "npr_us_citizens_by_year_equal_lift_reason",
            {str(k): int(v) for k, v in sorted(usc.items())},
            {str(k): int(v) for k, v in sorted(zip(usc_reason["year"], usc_reason["count"]))},
        )
    )
    out.append(
        check(
            "npr_us_citizens_by_state_equal_total",
            int(sum(usc.values())),
            int(npr["by_state"]["count"].sum()),
            "americans_by_state (incl. the blank state) vs by year",
        )
    )
    declined_reason = npr["reasons"][npr["reasons"]["lift_reason"] == "Detainer Declined by LEA"]["count"].sum()
    out.append(
        check_expected(
            "npr_facility_declines_vs_lift_reason",
            int(dv["declined_count"].sum()),
            "declined_vs_everythingelse has one decline fewer than the lift-reason file (2014: "
            "13,594 vs 13,595), presumably a record without a facility",
            computed=int(declined_reason),
        )
    )
    out.append(
        check_expected(
            "npr_join_bug_rows_visible",
            int(dv["join_bug_visible"].sum()),
            "rows whose facility name appears under several cities in one year",
        )
    )
    # Pennsylvania: records per year; lift reasons sum to the year; counties + unmatched = state
    syr = pa_agg["state_year_reason"]
    per_year = syr.groupby("year")["count"].sum()
    out.append(
        check_expected(
            "pa_records_per_year",
            {str(k): int(v) for k, v in per_year.items()},
            "records per calendar year (PROVENANCE figures)",
        )
    )
    out.append(check_expected("pa_records_total", int(per_year.sum())))
    cm = pa_agg["county_month"].assign(year=pa_agg["county_month"]["month"].str[:4].astype(int))
    county_year = cm.groupby("year")["count"].sum()
    cyr = pa_agg["county_year_reason"].groupby("year")["count"].sum()
    unmatched = per_year - county_year.reindex(per_year.index, fill_value=0)
    out.append(
        check(
            "pa_county_months_equal_county_year_reasons",
            {str(k): int(v) for k, v in cyr.items()},
            {str(k): int(v) for k, v in county_year.items()},
        )
    )
    out.append(
        check(
            "pa_counties_plus_unmatched_equal_state",
            {str(k): int(v) for k, v in per_year.items()},
            {str(k): int(county_year.get(k, 0) + unmatched[k]) for k in per_year.index},
            f"unmatched records: {int(unmatched.sum())}",
        )
    )
    pa_usc = int(syr[syr["lift_reason"] == "United States Citizen Interviewed"]["count"].sum())
    npr_pa = npr["by_state"][npr["by_state"]["state"].map(state_fips) == pa_state]["count"]
    out.append(
        check(
            "pa_us_citizens_equal_npr_americans_by_state",
            int(npr_pa.iloc[0]) if len(npr_pa) else None,
            pa_usc,
            "record-level PA vs NPR's americans_by_state.csv PENNSYLVANIA",
        )
    )
    pa_dv = dv[dv["state"].map(state_fips) == pa_state]
    fyr = pa_agg["facility_year_reason_named"]
    declines = fyr[fyr["lift_reason"] == "Detainer Declined by LEA"].groupby(["det_facility", "year"])["count"].sum()
    exp = {f"{r['det_facility']}|{r['year']}": int(r["declined_count"]) for r in pa_dv.to_dict("records")}
    act = {k: int(declines.get((k.split("|")[0], int(k.split("|")[1])), 0)) for k in exp}
    out.append(
        check(
            "pa_record_declines_equal_npr_facility_declines",
            exp,
            act,
            "declines per PA facility-year: record-level vs NPR declined_vs_everythingelse",
        )
    )
    # Minnesota
    d = mn["daily"].assign(month=mn["daily"]["detainer_prepare_date"].str[:7]).groupby("month")["count"].sum()
    m = dict(zip(mn["monthly"]["month_year"], mn["monthly"]["count"]))
    out.append(
        check(
            "mn_daily_sums_equal_monthly",
            {k: int(v) for k, v in sorted(m.items())},
            {k: int(d.get(k, 0)) for k in sorted(m)},
        )
    )
    out.append(check_expected("mn_total", int(mn["monthly"]["count"].sum())))
    out.append(
        check(
            "mn_surge_parts_equal_totals",
            {f: t for f, t, _ in mn["surge"]},
            {f: p for f, _, p in mn["surge"]},
            "per facility: Booked + Declined + No longer in custody + NA + other = total (R NA read as 0)",
        )
    )
    out.append(check_expected("mn_surge_total", sum(t for _, t, _ in mn["surge"])))
    return out


# ------------------------------------------------------------------------------------------------
def state_abbr(name: str) -> str:
    st = state_fips(name)
    return getattr(us.states.lookup(st), "abbr", "") if st else ""


def build_all(params: StatisticsParams | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Everything the stage computes: (facilities, detainer_statistics, metrics); nothing is written."""
    params = stage_params("statistics") if params is None else params
    resolver = load_resolver()
    known = set(resolver.rows)
    mm = load_metric_map()
    matcher = FacilityMatcher(resolver, load_facility_matches(), params.fuzzy_facility_min_score)

    dv = read_declined_vs()
    dv["_state"] = dv["state"].map(state_abbr)
    pa_records = read_pa()
    pa_keys = record_facilities(pa_records)
    mn_surge = read_mn(MN / "surge_detainers_by_liftreason.csv", "detention_facility")
    pa_keys["_state"] = pa_keys["state"].map(state_abbr)  # as the records spell it → USPS
    mn_state = coverage(MN.name).state_abbr  # the MN surge file has no state column
    keys = pd.concat(
        [
            pd.DataFrame(
                {
                    "name": dv["det_facility"],
                    "city": dv["city"],
                    "state": dv["_state"],
                    "source_id": sid(NPR / "declined_vs_everythingelse.csv"),
                    "detainers_in_records": 0,
                }
            ),
            pd.DataFrame(
                {
                    "name": pa_keys["det_facility"],
                    "city": pa_keys["city"],
                    "state": pa_keys["_state"],
                    "source_id": sid(PA),
                    "detainers_in_records": pa_keys["n"],
                }
            ),
            pd.DataFrame(
                {
                    "name": mn_surge["detention_facility"],
                    "city": "",
                    "state": mn_state,
                    "source_id": sid(MN / "surge_detainers_by_liftreason.csv"),
                    "detainers_in_records": 0,
                }
            ),
        ],
        ignore_index=True,
    )
    facilities = build_facilities(keys, matcher)
    fac_index = {(r["name"], r["city"], r["state"]): r for r in facilities.to_dict("records")}

    # the crosswalk for the records, with the state as the records spell it
    pa_fac = (
        pa_keys[["det_facility", "city", "state", "_state"]]
        .merge(
            facilities.rename(columns={"name": "det_facility", "state": "_state"}),
            on=["det_facility", "city", "_state"],
            how="left",
            validate="one_to_one",
        )
        .rename(columns={"det_facility": "name"})
    )
    agg = aggregate_records(pa_records, pa_fac)
    fid_name = dict(zip(pa_fac["facility_id"], pa_fac["name"]))
    agg["facility_year_reason_named"] = agg["facility_year_reason"].assign(
        det_facility=agg["facility_year_reason"]["facility_id"].map(fid_name)
    )

    npr, npr_recon = npr_rows(mm)
    mn, mn_recon = mn_rows(mm, fac_index)
    rows = npr + declined_rows(dv, fac_index, known) + pa_rows(agg, mm) + mn + curated_rows(mm, resolver)
    stats = assign_ids(pd.DataFrame(rows, columns=STAT_COLUMNS))
    bad = stats[(stats["jurisdiction_id"] != "") & ~stats["jurisdiction_id"].isin(known)]
    if not bad.empty:
        first = bad.iloc[0]
        raise InputError(
            source_file(first["source_id"]) or first["source_id"],
            f"jurisdiction_id {first['jurisdiction_id']!r} not in data/processed/jurisdictions.csv",
            where=first["evidence"] or None,
        )

    recon = reconciliations(npr_recon, dv, agg, mn_recon)
    m = agg["matched"].iloc[0]
    dv_matched = dv.assign(
        j=[fac_index[(a, b, c)]["jurisdiction_id"] for a, b, c in zip(dv["det_facility"], dv["city"], dv["_state"])]
    )
    metrics = {
        "facilities": int(len(facilities)),
        "facilities_by_match_method": {
            k: int(v) for k, v in facilities["match_method"].value_counts().sort_index().items()
        },
        "pa_records": int(m["records"]),
        "pa_records_matched_to_county": int(m["matched"]),
        "pa_share_matched": round(float(m["matched"]) / float(m["records"]), 4),
        "pa_records_by_match_method": {
            k: int(v)
            for k, v in facilities[facilities["source_ids"].str.contains(sid(PA), regex=False)]
            .groupby("match_method")["detainers_in_records"]
            .sum()
            .sort_index()
            .items()
        },
        "npr_declines": int(dv["declined_count"].sum()),
        "npr_declines_matched_to_county": int(dv_matched.loc[dv_matched["j"] != "", "declined_count"].sum()),
        "npr_share_declines_matched": round(
            float(dv_matched.loc[dv_matched["j"] != "", "declined_count"].sum()) / float(dv["declined_count"].sum()), 4
        ),
        "statistics_rows": int(len(stats)),
        "statistics_rows_by_source": {k: int(v) for k, v in stats["source_id"].value_counts().sort_index().items()},
        "reconciliations": recon,
        "reconciliations_ok": all(r["ok"] for r in recon),
    }
    return facilities, stats, metrics


def main() -> None:
    facilities, stats, metrics = build_all()
    check_reconciliations(metrics["reconciliations"])
    write_processed(facilities, "facilities")
    write_processed(stats, "detainer_statistics")
    write_json(OUT_METRICS, metrics)


if __name__ == "__main__":
    run_stage(main)
