"""Trustworthy sums and places in the published detainer_statistics (contracts C1/C2): every row says what it is
the total of, national is "US" (never ""), no level double-counts, facilities sit in the county they are in,
units and coverage are what the sources count. Each test reads the committed tables (data/processed/) and
failed on the tables before these fixes."""

from __future__ import annotations

import pandas as pd
import pytest

from scripts.lib.geo import load_resolver
from scripts.lib.io import read_csv_text
from scripts.lib.paths import PROCESSED
from scripts.lib.statistics import facilities as F

NPR = "npr-ice-detainers-2007-2015"
DECLINED = f"{NPR}--declined-vs-everythingelse"
LIFT_REASONS = f"{NPR}--detainers-by-lift-reason-and-year"
PA = "npr-ice-detainers-pa-2007-2015--pa-detainers"


@pytest.fixture(scope="module")
def stats() -> pd.DataFrame:
    return read_csv_text(PROCESSED / "detainer_statistics.csv")


@pytest.fixture(scope="module")
def fac() -> pd.DataFrame:
    return read_csv_text(PROCESSED / "facilities.csv")


def pick(df: pd.DataFrame, **kw) -> pd.DataFrame:
    m = pd.Series(True, index=df.index)
    for k, v in kw.items():
        m &= df[k] == v
    return df[m]


def total(df: pd.DataFrame) -> int:
    return int(df["value"].astype(int).sum())


# --- item 3: aggregation levels, national vs unknown ---------------------------------------------------
def test_every_row_has_an_aggregation_level_and_national_is_us(stats):
    assert set(stats["aggregation_level"]) <= {
        "nation",
        "ice_aor",
        "state",
        "county",
        "place",
        "facility",
        "agency",
        "unplaced",
    }
    assert (stats["aggregation_level"] != "").all()
    nation = stats[stats["aggregation_level"] == "nation"]
    assert set(nation["jurisdiction_id"]) == {"US"} and (nation["facility_id"] == "").all()
    # an empty jurisdiction_id is never a national or jurisdiction total
    unknown = stats[stats["jurisdiction_id"] == ""]
    assert set(unknown["aggregation_level"]) <= {"facility", "unplaced", "ice_aor"}
    # the national 2014 declines and the "OTHER-OTHER FACILITY" row are told apart by their ids
    nat14 = pick(stats, source_id=LIFT_REASONS, category="Detainer Declined by LEA", period_start="2014-01-01")
    assert nat14[["jurisdiction_id", "aggregation_level", "value"]].values.tolist() == [["US", "nation", "13595"]]


def test_cook_county_2014_declines_summed_at_one_level_do_not_double_count(stats, fac):
    rows = pick(stats, source_id=DECLINED, metric="detainers_declined", period_start="2014-01-01")
    cook_county = pick(rows, jurisdiction_id="17031")
    by_level = {lvl: total(g) for lvl, g in cook_county.groupby("aggregation_level")}
    assert by_level == {"county": 441, "facility": 441}  # was 882 when both were summed
    jail = fac[(fac["name"] == "COOK COUNTY JAIL") & (fac["city"] == "CHICAGO")]["facility_id"].iloc[0]
    assert pick(cook_county, facility_id=jail)["value"].tolist() == ["439"]
    # NPR's facility file: the facility level sums to its 20,240 declines (37,566 with the county rows)
    assert total(pick(stats, source_id=DECLINED, metric="detainers_declined", aggregation_level="facility")) == 20_240


def test_no_two_rows_of_one_level_count_the_same_thing(stats):
    key = ["aggregation_level", "source_id", "source_url", "metric", "category", "value_kind"]
    key += ["period_start", "period_end", "jurisdiction_id", "facility_id"]
    summable = stats[stats["aggregation_level"] != "agency"]
    assert not summable.duplicated(key).any()


def test_the_national_2014_us_citizen_figure_is_published_once(stats):
    usc = pick(stats, metric="us_citizens_detained", jurisdiction_id="US", period_type="calendar_year")
    assert pick(usc, period_start="2014-01-01")["value"].tolist() == ["76"]  # was 76 twice (two files)
    assert total(usc) == 693
    assert f"{NPR}--americans-by-year" not in set(stats["source_id"])


def test_levels_roll_up_county_facilities_and_state_counties(stats):
    """What the GX suite detainer_statistics__levels holds, recomputed: county = its facilities; state = its
    counties + unplaced (Pennsylvania)."""
    key = ["source_id", "source_url", "metric", "category", "value_kind", "period_start", "period_end"]
    df = stats.assign(value=stats["value"].astype(float))
    fac_rows = df[df["aggregation_level"] == "facility"]
    counties = df[df["aggregation_level"] == "county"]
    sums = fac_rows.groupby([*key, "jurisdiction_id"])["value"].sum()
    both = counties.join(sums.rename("child_sum"), on=[*key, "jurisdiction_id"], how="inner")
    assert len(both) > 1000 and (both["child_sum"] == both["value"]).all()
    pa = df[df["source_id"] == PA]
    state = pa[pa["aggregation_level"] == "state"].set_index(key)["value"]
    parts = pa[pa["aggregation_level"].isin(["county", "unplaced"])].groupby(key)["value"].sum()
    joined = state.to_frame().join(parts.rename("child_sum"), how="inner")
    assert len(joined) > 100 and (joined["child_sum"] == joined["value"]).all()


# --- item 4: facilities in the county they are in --------------------------------------------------
def test_manhattan_facilities_are_in_new_york_county_and_nypd_is_the_city(stats, fac):
    def where(name):
        return fac.loc[fac["name"] == name, "jurisdiction_id"].tolist()

    for name in ("MANHATTEN DET COMPLEX, NY", "NEW YORK MCC", "NYC FIELD OFFICE", "VARICK STREET SPC"):
        assert where(name) == ["36061"], name
    assert where("NYC POLICE DEPARTMENT") == ["3651000"]
    assert where("ENGLEWOOD FED.CORR.INST.") == ["08059"]
    county = pick(stats, source_id=DECLINED, aggregation_level="county", metric="detainers_declined")
    kings = dict(
        zip(
            pick(county, jurisdiction_id="36047")["period_start"].str[:4],
            pick(county, jurisdiction_id="36047")["value"],
        )
    )
    assert "2009" not in kings and kings["2012"] == "56"  # were 3 and 85
    assert pick(county, jurisdiction_id="36061", period_start="2009-01-01")["value"].tolist() == ["3"]


def test_okeechobee_police_department_is_the_city():
    agreements = read_csv_text(PROCESSED / "agreements_287g.csv")
    pd_rows = agreements[agreements["agency"] == "Okeechobee Police Department"]
    assert len(pd_rows) >= 1 and set(pd_rows["jurisdiction_id"]) == {"1251200"}


def test_no_facility_is_placed_by_its_city_in_a_county_the_city_only_partly_covers(fac):
    """Every multi-county place: city matching keeps the facility at the place; and every published facility
    placed by a city (match_method city/fuzzy/alias) in a county is in a place that lies wholly in it."""
    r = load_resolver()
    matcher = F.FacilityMatcher(r, {}, 90)
    multi = [g for g, row in r.rows.items() if row["level"] == "place" and ";" in row.get("parent_ids", "")]
    assert len(multi) > 1000
    assert all(matcher.county_or_place(g) == g for g in multi)
    jur = read_csv_text(PROCESSED / "jurisdictions.csv")
    places = jur[jur["level"] == "place"]
    parents = {(a, n): p for a, n, p in zip(places["state_abbr"], places["name"], places["parent_ids"])}
    by_city = fac[fac["match_method"].isin(["city", "fuzzy", "alias"]) & (fac["jurisdiction_id"].str.len() == 5)]
    checked = 0
    for f in by_city.to_dict("records"):
        p = parents.get((f["state"], f["matched_name"]))
        if p is None:  # matched on a county name (exact/fuzzy county phrase), not a city
            continue
        assert p == f["jurisdiction_id"], (f["name"], f["city"], p)
        checked += 1
    assert checked > 50


# --- item 5: units and coverage ---------------------------------------------------------------------
def test_record_sources_count_detainers_and_curated_people_are_people(stats):
    records = stats[stats["source_type"] == "foia_data"]
    assert set(records["unit"]) == {"detainers"}
    assert {"transferred_to_ice", "us_citizens_detained"} <= set(records["metric"])
    handed = pick(stats, metric="transferred_to_ice", source_type="official_claim_via_news")
    assert len(handed) and set(handed["unit"]) == {"people"}


def test_npr_other_outcomes_are_not_called_a_bound(stats):
    other = pick(stats, source_id=DECLINED, metric="detainers_lifted")
    assert len(other) == 1370 and set(other["value_kind"]) == {"same_name_total"}
    assert "upper_bound" not in set(stats.loc[stats["source_type"] == "foia_data", "value_kind"])


def test_partial_periods_carry_their_real_coverage(stats):
    years = pick(stats, source_id=f"{NPR}--detainers-by-year")
    spans = dict(zip(years["period_start"].str[:4], zip(years["period_start"], years["period_end"], years["flags"])))
    assert spans["2007"] == ("2007-10-01", "2007-12-31", "partial_period")
    assert spans["2015"] == ("2015-01-01", "2015-07-19", "partial_period")
    assert spans["2010"] == ("2010-01-01", "2010-12-31", "")
    pa_july = pick(stats, source_id=PA, period_type="month", period_start="2015-07-01")
    assert (
        len(pa_july) > 0
        and set(pa_july["flags"]) == {"partial_period"}
        and set(pa_july["period_end"]) == {"2015-07-19"}
    )
    mn_march = pick(stats, source_id="mn-ddp-detainers-2022-2026--mn-detainers-by-month", period_start="2026-03-01")
    assert mn_march[["period_end", "flags"]].values.tolist() == [["2026-03-10", "partial_period"]]
