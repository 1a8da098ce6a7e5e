"""statistics stage: facility crosswalk, long-format statistics, reconciliations, known source defects."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from scripts import statistics as S
from scripts.lib.errors import InputError
from scripts.lib.geo import load_resolver
from scripts.lib.io import read_csv_text
from scripts.lib.params import StatisticsParams
from scripts.lib.paths import PROCESSED, VALIDATION
from scripts.lib.statistics import common
from scripts.lib.statistics import curated as CUR
from scripts.lib.statistics import facilities as F
from scripts.lib.statistics import mn as MNS
from scripts.lib.statistics import npr as NPRS
from scripts.lib.statistics import pa as PAS


@pytest.fixture(scope="module")
def built():
    return S.build_all(StatisticsParams(fuzzy_facility_min_score=90))


@pytest.fixture(scope="module")
def fac(built):
    return built[0]


@pytest.fixture(scope="module")
def stats(built):
    return built[1].astype(str)  # as written: every cell text


@pytest.fixture(scope="module")
def metrics(built):
    return built[2]


@pytest.fixture(scope="module")
def matcher():
    return F.FacilityMatcher(load_resolver(), F.load_facility_matches(), 90)


def rows(stats, **kw):
    m = pd.Series(True, index=stats.index)
    for k, v in kw.items():
        m &= stats[k] == v
    return stats[m]


def recon(metrics, name):
    return next(r for r in metrics["reconciliations"] if r["name"] == name)


# --- integrity -------------------------------------------------------------------------------------
def test_keys_sources_jurisdictions_vocabularies(stats):
    vocab = yaml.safe_load((VALIDATION / "vocabularies.yaml").read_text())
    assert stats["stat_id"].is_unique
    sources = set(read_csv_text(PROCESSED / "sources.csv")["source_id"])
    assert set(stats["source_id"]) <= sources
    juris = set(read_csv_text(PROCESSED / "jurisdictions.csv")["jurisdiction_id"])
    assert set(stats["jurisdiction_id"]) - {""} <= juris
    for col, voc in (
        ("metric", "metric"),
        ("source_type", "source_type"),
        ("period_type", "period_type"),
        ("value_kind", "value_kind"),
    ):
        assert set(stats[col]) <= set(vocab[voc]), col
    assert (stats["period_start"] <= stats["period_end"]).all()
    assert stats["evidence"].ne("").all()


def test_empty_jurisdiction_means_national_or_flagged(stats):
    empty = stats[stats["jurisdiction_id"] == ""]
    unflagged = empty[~empty["flags"].str.contains("location_unknown")]
    assert (unflagged["facility_id"] == "").all()
    assert set(unflagged["source_id"]) <= {
        common.sid(NPRS.NPR / f)
        for f in (
            "detainers_by_year.csv",
            "detainers_by_year_and_month.csv",
            "lifted_detainers_by_year.csv",
            "detainers_by_lift_reason_and_year.csv",
            "detainers_by_type_and_year.csv",
            "americans_by_year.csv",
        )
    } | {common.sid(CUR.CURATED / "national_detainer_figures.csv")}


def test_fiscal_years_run_october_to_september(stats):
    fy = stats[stats["period_type"] == "fiscal_year"]
    assert len(fy) > 10
    assert (fy["period_start"].str[5:] == "10-01").all() and (fy["period_end"].str[5:] == "09-30").all()
    assert (fy["period_end"].str[:4].astype(int) - fy["period_start"].str[:4].astype(int) == 1).all()


# --- NPR national -----------------------------------------------------------------------------------
def test_npr_years_are_calendar_years_summing_to_total(stats):
    years = rows(stats, source_id=common.sid(NPRS.NPR / "detainers_by_year.csv"))
    assert set(years["period_type"]) == {"calendar_year"}
    assert years["value"].astype(int).sum() == 1_814_828
    assert set(years.loc[years["flags"] == "partial_period", "period_start"]) == {"2007-10-01", "2015-01-01"}
    months = rows(stats, source_id=common.sid(NPRS.NPR / "detainers_by_year_and_month.csv"))
    assert len(months) == 94 and months["value"].astype(int).sum() == 1_814_828
    assert set(months["period_type"]) == {"month"}


def test_npr_reconciliations(metrics):
    for name in (
        "npr_yearly_total",
        "npr_monthly_total",
        "npr_monthly_equals_yearly_each_year",
        "npr_lift_reasons_equal_lifted_each_year",
        "npr_us_citizens_by_year_equal_lift_reason",
        "npr_us_citizens_by_state_equal_total",
    ):
        assert recon(metrics, name)["ok"], name
    assert recon(metrics, "npr_yearly_total")["actual"] == 1_814_828
    assert recon(metrics, "npr_lift_reasons_equal_lifted_each_year")["actual"]["2014"] == 75_480
    d = recon(metrics, "npr_facility_declines_vs_lift_reason")
    assert (d["expected"], d["actual"], d["ok"]) == (20_241, 20_240, True)
    assert all(r["ok"] for r in metrics["reconciliations"])


def test_lift_reasons_map_to_metrics_and_keep_the_category(stats):
    r = rows(stats, source_id=common.sid(NPRS.NPR / "detainers_by_lift_reason_and_year.csv"), period_start="2014-01-01")
    by_cat = dict(zip(r["category"], zip(r["metric"], r["value"].astype(int))))
    assert by_cat["Detainer Declined by LEA"] == ("detainers_declined", 13_595)
    assert by_cat["Booked into Detention"][0] == "transferred_to_ice"
    assert by_cat["United States Citizen Interviewed"] == ("us_citizens_detained", 76)
    assert by_cat["Case Closed"][0] == "detainers_lifted"
    assert r["value"].astype(int).sum() == 75_480


def test_unmapped_lift_reason_is_an_error():
    with pytest.raises(InputError, match="metric_map.csv"):
        common.mapped({}, "lift_reason", "Escaped", "x.csv", "row 2")


# --- NPR declines by facility: duplicate columns, join bug -----------------------------------------
def test_declined_vs_duplicate_columns_repaired():
    naive = pd.read_csv(NPRS.NPR / "declined_vs_everythingelse.csv", dtype=str)
    assert "count.1" in naive.columns  # the defect: pandas mangles repeated names
    dv = NPRS.read_declined_vs()
    assert {"declined_count", "other_outcome_count", "other_det_facility"} <= set(dv.columns)
    assert len(dv) == 1370 and dv["declined_count"].sum() == 20_240
    assert (~dv["joined"]).sum() == 79  # empty join: no other outcome under that name


def test_declined_vs_bad_header_refused(tmp_path):
    bad = tmp_path / "d.csv"
    bad.write_text("year,det_facility,city,state,count\n2014,X,Y,OHIO,1\n")
    with pytest.raises(InputError, match="expected header"):
        NPRS.read_declined_vs(bad)


def test_join_bug_flagged_and_upper_bound(stats, fac):
    dv = NPRS.read_declined_vs()
    assert dv["join_bug_visible"].sum() == 43
    fr = dv[(dv["det_facility"] == "FRANKLIN COUNTY JAIL") & (dv["year"] == 2014)]
    assert set(fr["city"]) == {"COLUMBUS", "ROCKY MOUNT"} and set(fr["other_outcome_count"]) == {148}
    assert fr["join_bug_visible"].all()
    other = rows(stats, source_id=common.sid(NPRS.NPR / "declined_vs_everythingelse.csv"), metric="detainers_lifted")
    assert set(other["value_kind"]) == {"same_name_total"}
    col = fac[(fac["name"] == "FRANKLIN COUNTY JAIL") & (fac["city"] == "COLUMBUS")]["facility_id"].iloc[0]
    oh = other[(other["facility_id"] == col) & (other["period_start"] == "2014-01-01")]
    assert list(oh["value"]) == ["148"] and "npr_join_bug_visible" in oh["flags"].iloc[0]


def test_cook_county_npr_facility_declines(stats, fac):
    cook = fac[(fac["name"] == "COOK COUNTY JAIL") & (fac["city"] == "CHICAGO")].iloc[0]
    assert (cook["jurisdiction_id"], cook["match_method"]) == ("17031", "exact")
    d = rows(stats, facility_id=cook["facility_id"], metric="detainers_declined")
    assert dict(zip(d["period_start"].str[:4], d["value"].astype(int))) == {
        "2009": 2,
        "2010": 2,
        "2011": 1,
        "2013": 8,
        "2014": 439,
        "2015": 4,
    }
    assert set(d["period_type"]) == {"calendar_year"} and set(d["jurisdiction_id"]) == {"17031"}
    county = rows(
        stats,
        jurisdiction_id="17031",
        facility_id="",
        metric="detainers_declined",
        period_start="2014-01-01",
        source_id=common.sid(NPRS.NPR / "declined_vs_everythingelse.csv"),
    )
    assert list(county["value"]) == ["441"]  # Cook County Jail 439 + Palatine 1 + Des Plaines 1


# --- facility matching ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name,city,state,jid,method",
    [
        ("COOK COUNTY JAIL", "CHICAGO", "IL", "17031", "exact"),
        ("COOK COUNTY SHERIFF", "ADEL", "GA", "13075", "exact"),
        ("FRANKLIN COUNTY JAIL", "COLUMBUS", "OH", "39049", "exact"),
        ("FRANKLIN COUNTY JAIL", "ROCKY MOUNT", "VA", "51067", "exact"),
        ("HENNEPIN COUNTY ADC", "", "MN", "27053", "exact"),
        ("MONTGOMERY CNTY JAIL, PA", "NORRISTOWN", "PA", "42091", "exact"),
        ("ST. LOUIS CO. JAIL", "", "MN", "27137", "exact"),
        ("PHILADELPHIA DETENTION CT", "PHILADELPHIA", "PA", "42101", "city"),
        ("BLOOMINGTON POLICE DEPT.", "", "MN", "27053", "city"),
        ("STERNS CO. JAIL", "", "MN", "27145", "fuzzy"),
        ("S.C.I. CAMBRIDGE SPRINGS", "CAMBRIDGE SPRING", "PA", "42039", "fuzzy"),
        ("MOSHANNON VALLEY CORRECTIONAL", "PHILIPSBURG", "PA", "42033", "manual"),
        ("OTHER-OTHER FACILITY", "", "", "", "unmatched"),
    ],
)
def test_match(matcher, name, city, state, jid, method):
    m = matcher.match(name, city, state)
    assert (m["jurisdiction_id"], m["match_method"]) == (jid, method)


def test_county_phrase():
    assert F.county_phrase("LACKAWANA CNTY JAIL, PA") == "lackawana county"
    assert F.county_phrase("DOUGLAS CO. MN") == "douglas county"
    assert F.county_phrase("ST. LOUIS CO. JAIL") == "st louis county"
    assert F.county_phrase("PHILADELPHIA DETENTION CT") is None


def test_manual_reject_and_unknown_rows(tmp_path):
    f = tmp_path / "m.csv"
    f.write_text(
        "name,city,state,decision,jurisdiction_id,reason\nCOOK COUNTY JAIL,CHICAGO,IL,reject,,test rejection\n"
    )
    m = F.FacilityMatcher(load_resolver(), F.load_facility_matches(f), 90)
    assert m.match("COOK COUNTY JAIL", "CHICAGO", "IL")["jurisdiction_id"] == ""
    f.write_text("name,city,state,decision,jurisdiction_id,reason\nX,Y,IL,maybe,,r\n")
    with pytest.raises(InputError, match="row 2.*match or reject"):
        F.load_facility_matches(f)
    f.write_text("name,city,state,decision,jurisdiction_id,reason\nNOT A JAIL,NOWHERE,IL,match,17031,r\n")
    m = F.FacilityMatcher(load_resolver(), F.load_facility_matches(f), 90)
    keys = pd.DataFrame(
        {
            "name": ["COOK COUNTY JAIL"],
            "city": ["CHICAGO"],
            "state": ["IL"],
            "source_id": ["s"],
            "detainers_in_records": [0],
        }
    )
    with pytest.raises(InputError, match="no source names"):
        F.build_facilities(keys, m)


def test_every_manual_row_has_a_reason():
    df = read_csv_text(F.FACILITY_MATCHES)
    assert (df["reason"].str.len() > 20).all()


# --- Pennsylvania record level ----------------------------------------------------------------------
def test_pa_share_matched_at_least_95_percent(metrics):
    assert metrics["pa_records"] == 32_757
    assert metrics["pa_share_matched"] >= 0.95
    assert metrics["pa_records_matched_to_county"] == sum(metrics["pa_records_by_match_method"].values())


def test_pa_reconciliations(metrics):
    for name in (
        "pa_records_per_year",
        "pa_records_total",
        "pa_county_months_equal_county_year_reasons",
        "pa_us_citizens_equal_npr_americans_by_state",
        "pa_record_declines_equal_npr_facility_declines",
    ):
        assert recon(metrics, name)["ok"], name
    assert recon(metrics, "pa_us_citizens_equal_npr_americans_by_state")["actual"] == 61


def test_pa_rows(stats):
    pa = rows(stats, source_id=common.sid(PAS.PA))
    state_years = pa[(pa["jurisdiction_id"] == "42") & (pa["metric"] == "detainers_issued") & (pa["category"] == "")]
    assert dict(zip(state_years["period_start"].str[:4], state_years["value"].astype(int)))["2014"] == 2751
    declined = pa[(pa["jurisdiction_id"] == "42") & (pa["metric"] == "detainers_declined")]
    assert declined["value"].astype(int).sum() == 225
    assert int(declined.loc[declined["period_start"] == "2014-01-01", "value"].iloc[0]) == 169
    months = pa[(pa["period_type"] == "month")]
    assert months["value"].astype(int).sum() == 32_757 and (months["jurisdiction_id"].str.len() == 5).all()
    pending = pa[(pa["jurisdiction_id"] == "42") & (pa["metric"] == "detainers_pending")]
    assert pending["value"].astype(int).sum() == 11_229


def test_aggregate_records_is_correct_on_a_small_frame():
    recs = pd.DataFrame(
        {
            "date": ["2014-01-05 00:00:00", "2014-01-20 00:00:00", "2014-02-01 00:00:00", "2015-03-03 00:00:00"],
            "lift_reason": ["Detainer Declined by LEA", "", "Booked into Detention", ""],
            "det_facility": ["A JAIL", "A JAIL", "B JAIL", "C JAIL"],
            "city": ["X", "X", "Y", "Z"],
            "state": ["PENNSYLVANIA"] * 4,
            "detainer_type": [""] * 4,
        }
    )
    facs = pd.DataFrame(
        {
            "name": ["A JAIL", "B JAIL", "C JAIL"],
            "city": ["X", "Y", "Z"],
            "state": ["PENNSYLVANIA"] * 3,
            "jurisdiction_id": ["42001", "42003", ""],
            "facility_id": ["a", "b", "c"],
        }
    )
    out = PAS.aggregate_records(recs, facs)
    assert out["county_month"].values.tolist() == [["42001", "2014-01", 2], ["42003", "2014-02", 1]]
    assert out["matched"].iloc[0].tolist() == [4, 3]
    syr = out["state_year_reason"]
    assert syr["count"].sum() == 4 and syr[syr["year"] == 2015]["count"].tolist() == [1]
    with pytest.raises(ValueError, match="not in the facility crosswalk"):
        PAS.aggregate_records(recs, facs.iloc[:2])


def test_pa_bad_date_is_refused(tmp_path):
    f = tmp_path / "pa.csv"
    f.write_text("date,lift_reason,det_facility,city,state,detainer_type\n07/04/2014,,A,B,PENNSYLVANIA,\n")
    with pytest.raises(InputError, match="row 2, field 'date'"):
        PAS.read_pa(f)


# --- Minnesota --------------------------------------------------------------------------------------
def test_mn_reconciliations_and_rows(metrics, stats):
    for name in ("mn_daily_sums_equal_monthly", "mn_total", "mn_surge_parts_equal_totals", "mn_surge_total"):
        assert recon(metrics, name)["ok"], name
    months = rows(stats, source_id=common.sid(MNS.MN / "mn_detainers_by_month.csv"))
    assert months["value"].astype(int).sum() == 6232 and set(months["jurisdiction_id"]) == {"27"}
    assert months.loc[months["period_start"] == "2026-02-01", "value"].tolist() == ["493"]
    assert months.loc[months["period_start"] == "2026-03-01", "flags"].tolist() == ["partial_period"]
    days = rows(stats, source_id=common.sid(MNS.MN / "mn_detainers_over_time.csv"))
    assert len(days) == 1227 and set(days["period_type"]) == {"day"}


def test_mn_r_index_column_dropped_and_na_counts_zero(stats, fac):
    df = MNS.read_mn(MNS.MN / "mn_detainers_by_month.csv", "month_year")
    assert list(df.columns) == ["month_year", "count"]
    hen = fac[(fac["name"] == "HENNEPIN COUNTY ADC") & (fac["city"] == "")].iloc[0]
    r = rows(stats, facility_id=hen["facility_id"])
    by = dict(zip(r["metric"] + "|" + r["category"], r["value"].astype(int)))
    assert by["detainers_issued|"] == 186 and by["detainers_declined|Detainer Declined by LEA"] == 119
    ramsey = fac[(fac["name"] == "RAMSEY COUNTY JAIL") & (fac["city"] == "")].iloc[0]
    r = rows(stats, facility_id=ramsey["facility_id"], metric="detainers_pending")
    assert r["value"].tolist() == ["0"]  # R wrote NA; parts still sum to the total 49
    assert set(
        rows(stats, source_id=common.sid(MNS.MN / "surge_detainers_by_liftreason.csv"))["flags"].str.split(";").sum()
    ) >= {"period_start_unverified"}


# --- curated ----------------------------------------------------------------------------------------
def test_seed_article_figures(stats):
    cook = rows(stats, jurisdiction_id="17031", metric="released_despite_detainer", value="1070")
    assert cook[["period_start", "period_end", "period_type", "source_type"]].values.tolist() == [
        ["2018-10-01", "2019-09-30", "fiscal_year", "official_claim_via_news"]
    ]
    assert cook["source_url"].iloc[0].startswith("https://www.hstoday.us/")
    ddor = rows(stats, jurisdiction_id="17031", metric="detainers_declined", period_type="week")
    assert ddor[["period_start", "period_end", "value"]].values.tolist() == [["2017-01-28", "2017-02-03", "13"]]
    fr = rows(stats, jurisdiction_id="39049", metric="released_despite_detainer")
    assert fr[["period_start", "period_end", "value"]].values.tolist() == [["2019-11-01", "2020-01-16", "29"]]
    nyc = rows(stats, jurisdiction_id="3651000", source_id=common.sid(CUR.CURATED / "jurisdiction_detainer_claims.csv"))
    assert len(nyc) == 13  # every New York City row of the curated file
    assert set(nyc.loc[nyc["metric"] == "detainers_received", "value"]) >= {"2916", "1526", "80", "79"}
    assert "NYPD" in " ".join(nyc["note"])


def test_conflicting_figures_both_kept(stats):
    trac = rows(
        stats,
        jurisdiction_id="US",
        metric="detainers_issued",
        period_type="fiscal_year",
        period_start="2011-10-01",
        value_kind="count",
    )
    assert sorted(trac["value"].astype(int)) == [273_982, 276_181]
    nyc16 = rows(stats, jurisdiction_id="3651000", metric="detainers_received", period_start="2016-01-01")
    assert sorted(nyc16["value"].astype(int)) == [79, 80]


def test_curated_periods_and_kinds(stats):
    nat = rows(stats, source_id=common.sid(CUR.CURATED / "national_detainer_figures.csv"))
    assert len(nat) == 28
    oig = nat[nat["value"] == "29269"].iloc[0]
    assert (oig["value_kind"], oig["period_start"], oig["period_end"]) == ("lower_bound", "2014-01-01", "2017-05-31")
    avg = nat[nat["value"] == "13898"]
    assert set(avg["value_kind"]) == {"monthly_average"} and set(avg["period_type"]) == {"span"}


def test_period_of():
    assert CUR.period_of("2018-10-01", "2019-09-30") == ("2018-10-01", "2019-09-30", "fiscal_year")
    assert CUR.period_of("2017-01-01", "2017-12-31")[2] == "calendar_year"
    assert CUR.period_of("2011-09-07", "2012-02") == ("2011-09-07", "2012-02-29", "span")
    assert CUR.period_of("2017-01-28", "2017-02-03")[2] == "week"
    with pytest.raises(ValueError):
        CUR.period_of("Jan 2017", "2017-12-31")


def test_aggregate_records_reads_a_path_without_na_guessing(tmp_path):
    f = tmp_path / "records.csv"
    f.write_text(
        "date,lift_reason,det_facility,city,state,detainer_type\n"
        "2014-01-05 00:00:00,,NA,NA,PENNSYLVANIA,\n2014-02-05 00:00:00,Lifted,NA,NA,PENNSYLVANIA,\n"
    )
    facs = pd.DataFrame(
        {"name": ["NA"], "city": ["NA"], "state": ["PENNSYLVANIA"], "jurisdiction_id": ["42001"], "facility_id": ["na"]}
    )
    out = PAS.aggregate_records(f, facs)
    assert out["county_year_reason"].values.tolist() == [["42001", 2014, "", 1], ["42001", 2014, "Lifted", 1]]


# --- hand-coded coverage and expected totals; malformed inputs ---------------------------------------
def test_coverage_and_expected_totals_come_from_data_files(stats, metrics):
    from scripts.lib import coverage as C

    assert C.npr_span() == ("2007-10-01", "2015-07-19")
    pa_cov = C.coverage("npr-ice-detainers-pa-2007-2015")
    assert (pa_cov.state, pa_cov.span) == ("42", C.npr_span())  # inherited from the NPR row
    surge = C.coverage("mn-ddp-detainers-2022-2026--surge-detainers-by-liftreason")
    assert (surge.state, surge.span) == ("27", ("2025-12-01", "2026-03-10"))
    # partial periods follow from the span: NPR 2007 and 2015 only, the month 2015-07 only
    years = rows(stats, source_id="npr-ice-detainers-2007-2015--detainers-by-year")
    assert set(years.loc[years["flags"] == "partial_period", "period_start"]) == {"2007-10-01", "2015-01-01"}
    months = rows(stats, source_id="npr-ice-detainers-2007-2015--detainers-by-year-and-month")
    assert months.loc[months["flags"] == "partial_period", "period_start"].tolist() == ["2015-07-01"]
    assert C.is_partial(("2007-10-01", "2007-10-31"), C.npr_span()) is False
    assert recon(metrics, "pa_records_per_year")["expected"]["2008"] == 5326
    assert C.expected("npr_facility_declines_vs_lift_reason") == {"expected": None, "known_difference": -1}


def test_coverage_file_errors_name_row_and_field(tmp_path):
    from scripts.lib import coverage as C

    f = tmp_path / "cov.csv"
    f.write_text(
        "source,part_of,state,first_day,last_day,reason,evidence\n"
        "a,,,2020-01-01,2020-12-31,r,e\nb,a,PA,,,r,e\nc,zz,,,,r,e\n"
    )
    with pytest.raises(InputError, match=r"cov.csv: row 4, field 'part_of'"):
        C.load_coverage(f)
    f.write_text("source,part_of,state,first_day,last_day,reason,evidence\na,,,2020-1-1,2020-12-31,r,e\n")
    with pytest.raises(InputError, match=r"row 2, field 'first_day': expected a date YYYY-MM-DD, got '2020-1-1'"):
        C.load_coverage(f)
    g = tmp_path / "exp.csv"
    g.write_text("check,key,expected,known_difference,reason,evidence\nx,,1.5e3,,r,e\n")
    with pytest.raises(InputError, match=r"exp.csv: row 2, field 'expected': expected a whole number"):
        C.load_expected(g)


def test_declined_vs_missing_or_empty_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        NPRS.read_declined_vs(tmp_path / "nope.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match=r"empty.csv: row 1: empty file"):
        NPRS.read_declined_vs(empty)


def _copy_collection(tmp_path, monkeypatch, folder):
    """A copy of a raw collection under a temporary RAW (the stage names files relative to RAW)."""
    import shutil

    dst = tmp_path / "statistics" / folder.name
    shutil.copytree(folder, dst)
    monkeypatch.setattr(common, "RAW", tmp_path)
    return dst


def test_npr_bad_year_month_names_row_and_field(tmp_path, monkeypatch):
    folder = _copy_collection(tmp_path, monkeypatch, NPRS.NPR)
    f = folder / "detainers_by_year_and_month.csv"
    f.write_text(f.read_text().replace("2015-07,", "2015-7,"))
    with pytest.raises(InputError, match=r"row \d+, field 'year_month': expected a month YYYY-MM, got '2015-7'"):
        NPRS.read(folder)


@pytest.mark.parametrize("bad", ["2026-02-30", "03/01/2026", "2026-03-11"])
def test_mn_bad_or_uncovered_day_names_row_and_field(tmp_path, monkeypatch, bad):
    folder = _copy_collection(tmp_path, monkeypatch, MNS.MN)
    f = folder / "mn_detainers_over_time.csv"
    lines = f.read_text().splitlines()
    cells = lines[3].split(",")
    cells[1] = f'"{bad}"'
    lines[3] = ",".join(cells)
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        InputError,
        match=rf"row 4, field 'detainer_prepare_date': expected a date YYYY-MM-DD "
        rf"from 2022-10-01 to 2026-03-10 .*got '{bad}'",
    ):
        MNS.mn_rows(MNS.read(folder), common.load_metric_map(), {})


def test_pa_records_outside_the_covered_state_are_refused(tmp_path):
    f = tmp_path / "pa.csv"
    f.write_text(
        "date,lift_reason,det_facility,city,state,detainer_type\n"
        "2014-01-05 00:00:00,,A,B,PENNSYLVANIA,\n2014-01-06 00:00:00,,A,B,OHIO,\n"
    )
    with pytest.raises(InputError, match=r"row 3, field 'state': expected every record in state 42"):
        PAS.read_pa(f)


# --- assembly: source modules and interim tables -------------------------------------------------------
def test_every_source_module_has_the_contract():
    for source in S.SOURCES:
        assert isinstance(source.NAME, str) and source.NAME
        for fn in ("read", "facility_keys", "build"):
            assert callable(getattr(source, fn)), (source.NAME, fn)
    assert [s.NAME for s in S.SOURCES] == ["npr", "pa", "mn", "curated"]


def test_interim_table_rows_are_appended_with_ids(tmp_path, monkeypatch):
    from scripts.lib.statistics import interim

    folder = tmp_path / "statistics"
    folder.mkdir()
    row = {c: "" for c in interim.INTERIM_COLUMNS}
    row.update(
        jurisdiction_id="48453",
        period_start="2017-01-01",
        period_end="2017-01-31",
        period_type="month",
        metric="detainers_issued",
        value="12",
        source_id="npr-ice-detainers-2007-2015--detainers-by-year",
        source_type="foia_data",
        evidence="test row",
        aggregation_level="county",
        unit="detainers",
    )
    pd.DataFrame([row]).to_csv(folder / "x.csv", index=False)
    monkeypatch.setattr(S, "read_interim_tables", lambda: interim.read_interim_tables(folder))
    _, stats, _ = S.build_all(StatisticsParams(fuzzy_facility_min_score=90))
    got = stats[(stats["jurisdiction_id"] == "48453") & (stats["evidence"] == "test row")]
    assert got["value"].tolist() == [12] and got["value_kind"].tolist() == ["count"]
    assert got["stat_id"].iloc[0].startswith("npr-ice-detainers-2007-2015--detainers-by-year:")
    pd.DataFrame([{**row, "extra": "1"}]).to_csv(folder / "x.csv", index=False)
    with pytest.raises(InputError, match=r"x.csv: header: unexpected column\(s\) \['extra'\]"):
        interim.read_interim_tables(folder)
    pd.DataFrame([{**row, "evidence": ""}]).to_csv(folder / "x.csv", index=False)
    with pytest.raises(InputError, match=r"x.csv: row 2: evidence is required"):
        interim.read_interim_tables(folder)


def test_interim_facilities_are_appended_and_collisions_refused(tmp_path, fac):
    from scripts.lib.statistics import interim

    row = {c: "" for c in F.FACILITY_COLUMNS}
    row.update(
        facility_id="tx-austin-travis-county-jail-test",
        name="TRAVIS COUNTY JAIL",
        city="AUSTIN",
        state="TX",
        jurisdiction_id="48453",
        match_method="manual",
        detainers_in_records="0",
        source_id="s",
        source_ids="s",
    )
    pd.DataFrame([row]).to_csv(tmp_path / "x.csv", index=False)
    known = set(read_csv_text(PROCESSED / "jurisdictions.csv")["jurisdiction_id"])
    out = interim.append_facilities(fac, interim.read_interim_facilities(tmp_path), known)
    assert len(out) == len(fac) + 1 and out["facility_id"].is_unique
    taken = {**row, "facility_id": fac["facility_id"].iloc[0]}
    pd.DataFrame([taken]).to_csv(tmp_path / "x.csv", index=False)
    with pytest.raises(InputError, match="already in the facility crosswalk"):
        interim.append_facilities(fac, interim.read_interim_facilities(tmp_path), known)
    pd.DataFrame([{**row, "jurisdiction_id": "99999"}]).to_csv(tmp_path / "x.csv", index=False)
    with pytest.raises(InputError, match="'99999' is not in data/processed/jurisdictions.csv"):
        interim.append_facilities(fac, interim.read_interim_facilities(tmp_path), known)


# --- one declaration per fact; checks that can fail ----------------------------------------------------
def test_a_broken_reconciliation_stops_the_stage(monkeypatch):
    """The stage raises InputError (exit 2, nothing written) instead of publishing reconciliations_ok: false."""
    real = common.expected

    def off_by_one(name, *a, **kw):
        e = dict(real(name, *a, **kw))
        if name == "npr_yearly_total":
            e["expected"] += 1
        return e

    monkeypatch.setattr(common, "expected", off_by_one)
    with pytest.raises(InputError, match=r"expected_totals.csv: check npr_yearly_total: reconciliation .* broke"):
        S.build_all(StatisticsParams(fuzzy_facility_min_score=90))


def test_the_stage_checks_no_tautology(metrics):
    assert "pa_counties_plus_unmatched_equal_state" not in {r["name"] for r in metrics["reconciliations"]}


def test_curated_rows_read_only_declared_columns(tmp_path):
    src = CUR.CURATED / "jurisdiction_detainer_claims.csv"
    df = read_csv_text(src).drop(columns=["claimant"])
    folder = tmp_path / CUR.CURATED.name
    folder.mkdir()
    df.to_csv(folder / "jurisdiction_detainer_claims.csv", index=False)
    with pytest.raises(
        InputError, match=r"jurisdiction_detainer_claims.csv: header: expected column\(s\) \['claimant'\]"
    ):
        CUR.curated_rows(common.load_metric_map(), load_resolver(), folder)


def test_source_ids_come_from_one_helper():
    from scripts.lib.paths import ROOT

    defs = [p for p in sorted((ROOT / "scripts").rglob("*.py")) if "\ndef sid(" in p.read_text()]
    assert [p.relative_to(ROOT).as_posix() for p in defs] == ["scripts/lib/manifest.py"]
    assert "census-reference--" not in (ROOT / "scripts" / "jurisdictions.py").read_text()


def test_expected_totals_are_written_once():
    """The published totals live in data/hand/expected_totals.csv only: no suite's expectation arguments nor any
    script repeat them (suites use {"$PARAMETER": "expected_<check>"})."""
    import json
    import re

    from scripts.lib.coverage import load_expected
    from scripts.lib.paths import ROOT

    values = set()
    for e in load_expected().values():
        vals = e["expected"].values() if isinstance(e["expected"], dict) else [e["expected"]]
        values |= {v for v in vals if v is not None and v >= 100}
    assert {1_814_828, 32_757, 6_232, 882, 20_240, 693} <= values

    def numbers(obj):
        if isinstance(obj, dict):
            for v in obj.values():
                yield from numbers(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from numbers(v)
        elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
            yield obj

    for path in sorted((ROOT / "validation" / "expectations").glob("*.json")):
        suite = json.loads(path.read_text())
        used = {n for x in suite["expectations"] for n in numbers(x["kwargs"])}
        used |= set(numbers(suite["meta"]["batch"]))
        assert not used & values, (path.name, used & values)
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        found = {v for v in values if re.search(rf"\b{v:_}\b|\b{v}\b|\b{v:,}\b", path.read_text())}
        assert not found, (path.name, found)
