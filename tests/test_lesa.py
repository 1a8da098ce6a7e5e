"""The lesa stage: ICE ERO-LESA FY2016-2019 records → Parquet, counts, rows; the landmark crosswalk; bad input.

Real-data tests read the published tables (data/processed/) and metrics/details/lesa.json; the record path is tested
on small files written in the LESA format (5 preamble lines, pipe-delimited, gzip) and on one real file.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from scripts.lib.errors import InputError
from scripts.lib.io import read_csv_text, sha256_file
from scripts.lib.lesa import landmarks as L
from scripts.lib.lesa import records as R
from scripts.lib.lesa import rows as W
from scripts.lib.paths import METRICS, PROCESSED
from scripts.lib.statistics.common import load_metric_map

NA = frozenset({"(B)(6);(B)(7)(C) ", "(B)(7)(E) "})
DETAIL = frozenset({"CAP Local Incarceration", "287(g) Program", "Detainer"})
SRC = "uwchr-ice-lesa-fy2016-2019--"


@pytest.fixture(scope="module")
def stats() -> pd.DataFrame:
    df = read_csv_text(PROCESSED / "detainer_statistics.csv")
    df = df[df["source_id"].str.startswith(SRC)].copy()
    df["value"] = df["value"].astype(int)
    return df


def national(stats, metric):
    sel = stats[(stats["aggregation_level"] == "nation") & (stats["metric"] == metric)]
    sel = sel[sel["period_type"] == "fiscal_year"]
    return dict(zip(sel["period_start"].str[:4].astype(int) + 1, sel["value"], strict=True))


# ------------------------------------------------------------------------------------------------
# published figures (data/processed/detainer_statistics.csv)
# ------------------------------------------------------------------------------------------------
def test_national_fiscal_years_equal_ice_published_totals(stats):
    assert national(stats, "ice_arrests") == {2016: 110104, 2017: 143470, 2018: 158581, 2019: 131904}
    assert {k: v for k, v in national(stats, "removals").items() if k in (2017, 2018)} == {2017: 226119, 2018: 256085}
    assert national(stats, "ice_arrests_at_local_jails") == {2016: 36514, 2017: 56887, 2018: 65374, 2019: 55177}


def test_detainer_encounters_have_a_gap_in_fy2018_and_say_they_are_not_all_detainers(stats):
    assert national(stats, "detainer_encounters") == {2016: 45099, 2017: 72502, 2019: 95182}
    enc = stats[stats["metric"] == "detainer_encounters"]
    assert not ((enc["period_start"] >= "2017-10-01") & (enc["period_end"] <= "2018-09-30")).any()  # no zeros
    assert enc["flags"].str.contains("not_all_detainers").all()
    assert enc["unit"].eq("detainers").all()


def test_fy2019_carries_its_real_last_day_and_the_partial_flag(stats):
    fy19 = stats[(stats["aggregation_level"] == "nation") & (stats["period_start"] == "2018-10-01")]
    fy19 = fy19[fy19["period_type"] == "fiscal_year"]
    assert set(fy19["period_end"]) == {"2019-09-01"} and fy19["flags"].str.contains("partial_period").all()
    sep = stats[(stats["period_type"] == "month") & (stats["period_start"] == "2019-09-01")]
    assert set(sep["period_end"]) == {"2019-09-01"}
    arrests = sep[(sep["metric"] == "ice_arrests") & (sep["aggregation_level"] == "nation")]
    assert arrests["value"].tolist() == [4]  # 9/1/2019: the 4 arrest rows PROVENANCE.md names


@pytest.mark.parametrize("county,name", [("48453", "TRAVIS COUNTY JAIL"), ("48201", "HARRIS COUNTY JAIL")])
def test_travis_and_harris_jails_have_a_row_every_fiscal_year(stats, county, name):
    fac = read_csv_text(PROCESSED / "facilities.csv")
    fac = fac[fac["source_ids"].str.contains(SRC)]  # NPR names a HARRIS COUNTY JAIL in Houston too
    fid = fac[(fac["name"] == name) & (fac["jurisdiction_id"] == county)]["facility_id"]
    assert len(fid) == 1
    rows = stats[(stats["facility_id"] == fid.iloc[0]) & (stats["metric"] == "ice_arrests_at_local_jails")]
    assert sorted(rows["period_start"].str[:4].astype(int) + 1) == [2016, 2017, 2018, 2019]
    assert set(rows["aggregation_level"]) == {"facility"} and set(rows["jurisdiction_id"]) == {county}


def test_travis_jail_arrests_fell_in_fy2017(stats):
    """Travis County's February 2017 detainer policy: CAP arrests at its jail fell from 597 (FY2016) to 172
    (FY2017) and rose again after SB4 took effect (FY2018 522)."""
    fac = read_csv_text(PROCESSED / "facilities.csv")
    fid = fac[(fac["name"] == "TRAVIS COUNTY JAIL") & fac["source_ids"].str.contains(SRC)]["facility_id"].iloc[0]
    rows = stats[(stats["facility_id"] == fid) & (stats["metric"] == "ice_arrests_at_local_jails")]
    by_fy = dict(zip(rows["period_start"].str[:4].astype(int) + 1, rows["value"], strict=True))
    assert by_fy[2017] < by_fy[2016] / 2 and by_fy[2018] > 2 * by_fy[2017]


def test_placed_plus_unplaced_equal_nation_for_every_fiscal_year_and_metric(stats):
    fy = stats[stats["period_type"] == "fiscal_year"]
    nation = fy[fy["aggregation_level"] == "nation"].groupby(["metric", "period_start"])["value"].sum()
    parts = fy[fy["aggregation_level"].isin(["facility", "unplaced"])].groupby(["metric", "period_start"])["value"]
    parts = parts.sum()
    assert set(parts.index.get_level_values(0)) == {
        "ice_arrests_at_local_jails",
        "ice_arrests_287g",
        "detainer_encounters",
    }
    assert len(parts) == 11
    assert (nation.loc[parts.index] == parts).all()


def test_areas_of_responsibility_sum_to_the_nation_each_month(stats):
    mo = stats[stats["period_type"] == "month"]
    nation = mo[mo["aggregation_level"] == "nation"].groupby(["metric", "period_start"])["value"].sum()
    aor = mo[mo["aggregation_level"] == "ice_aor"].groupby(["metric", "period_start"])["value"].sum()
    assert nation.equals(aor)
    areas = set(mo.loc[mo["aggregation_level"] == "ice_aor", "agency"])
    assert {"DAL", "HOU", "SNA", "HQ", "not_recorded"} <= areas and len(areas) == 26
    assert (mo.loc[mo["aggregation_level"] == "ice_aor", "jurisdiction_id"] == "").all()


def test_crosswalk_covers_ninety_percent_of_jail_arrests_and_detainer_encounters():
    m = json.loads((METRICS / "lesa.json").read_text())
    cov = m["landmark_crosswalk_coverage"]
    assert cov["ice_arrests_at_local_jails"] >= 0.90 and cov["detainer_encounters"] >= 0.90
    assert all(c["ok"] for c in m["reconciliations"])
    assert m["coverage_gaps"] == [
        {"kind": "encounters", "fiscal_year": 2018, "reason": m["coverage_gaps"][0]["reason"]}
    ]


# ------------------------------------------------------------------------------------------------
# the crosswalk (data/hand/lesa_landmarks.csv)
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def jurisdictions() -> pd.DataFrame:
    return read_csv_text(PROCESSED / "jurisdictions.csv")


AORS = {"DAL", "HOU", "SNA", "ATL", "NEW", "NOL", "SEA", "not_recorded"}


def test_real_crosswalk_loads_and_never_places_a_multi_county_city(jurisdictions):
    cw = L.load_landmarks(jurisdictions, set(R.aor_codes().values()) | {"not_recorded"})
    rows = cw.rows
    assert {"place", "generic", "ambiguous"} == set(rows["decision"])
    assert rows["reason"].str.strip().ne("").all()
    harris = rows[rows["landmark"] == "HARRIS COUNTY JAIL, HOUSTON, TX"].iloc[0]
    assert (harris["decision"], harris["jurisdiction_id"], harris["facility"]) == (
        "place",
        "48201",
        "HARRIS COUNTY JAIL",
    )
    assert rows.loc[rows["landmark"] == "SC INTEROPERABILITY LAFO", "decision"].tolist() == ["generic"]
    plano = rows[rows["landmark"] == "PLANO POLICE DEPARTMENT"]  # Plano spans Collin and Denton counties
    assert set(plano["decision"]) == {"ambiguous"}


def crosswalk_csv(tmp_path: Path, *rows: str) -> Path:
    p = tmp_path / "lesa_landmarks.csv"
    p.write_text(",".join(L.COLUMNS) + "\n" + "".join(r + "\n" for r in rows))
    return p


def test_a_city_spanning_several_counties_is_refused(tmp_path, jurisdictions):
    p = crosswalk_csv(
        tmp_path,
        "PLANO POLICE DEPARTMENT,,place,city_in_one_county,PLANO PD,police,TX,4858016,48085,Plano is in Collin County",
    )
    with pytest.raises(InputError, match=r"row 2, field 'place_id'.*never placed by its name"):
        L.load_landmarks(jurisdictions, AORS, p)


@pytest.mark.parametrize(
    "row,where",
    [
        ("X JAIL,,place,names_county,X JAIL,county_jail,TX,,48453,", "field 'reason'"),
        ("X JAIL,,generic,,,,,,48453,an office", "field 'jurisdiction_id'"),
        ("X JAIL,,place,names_county,X JAIL,county_jail,CA,,48453,names Travis", "field 'state'"),
        ("X JAIL,ZZZ,generic,,,,,,,an office", "field 'aor'"),
        ("X JAIL,,place,names_county,X JAIL,jail,TX,,48453,names Travis", "field 'facility_kind'"),
    ],
)
def test_bad_crosswalk_rows_are_named(tmp_path, jurisdictions, row, where):
    with pytest.raises(InputError, match=rf"lesa_landmarks.csv: row 2, {where}"):
        L.load_landmarks(jurisdictions, AORS, crosswalk_csv(tmp_path, row))


def test_a_row_for_the_records_area_wins_over_a_row_for_any_area(tmp_path, jurisdictions):
    p = crosswalk_csv(
        tmp_path,
        "UNION COUNTY JAIL,,ambiguous,,,,,,,several Union counties",
        "UNION COUNTY JAIL,NEW,place,names_county,UNION COUNTY JAIL,county_jail,NJ,,34039,Union County NJ",
    )
    cw = L.load_landmarks(jurisdictions, AORS, p)
    counts = pd.DataFrame(
        {
            "landmark": ["UNION COUNTY JAIL", "UNION COUNTY JAIL", None, "NOWHERE"],
            "aor": ["NEW", "ATL", "NEW", "NEW"],
            "n": [5, 3, 2, 1],
        }
    )
    got = L.place(counts, cw)
    assert got["jurisdiction_id"].tolist() == ["34039", "", "", ""]
    assert got["unplaced_reason"].tolist() == ["", "ambiguous", "blank", "not_coded"]


# ------------------------------------------------------------------------------------------------
# the record path, on small files in the LESA format
# ------------------------------------------------------------------------------------------------
HEADER = "|".join(f'"{c}"' for c in R.KINDS["arrests"].columns)
RECORDS = [
    '"Dallas Area of Responsibility"|10/1/2016|"CAP Local Incarceration"|" DAL COUNTY JAIL"|"(B)(7)(E) "|"Warrant"|'
    '"(B)(6);(B)(7)(C) "|"MEXICO"|"Male"',
    '"Dallas Area of Responsibility"|10/2/2016|"CAP Local Incarceration"|"DAL COUNTY JAIL"||"Warrant"|'
    '"(B)(6);(B)(7)(C) "|"MEXICO"|"Male"',
    '|11/30/2016|"Located"|""||"Warrant"|"(B)(6);(B)(7)(C) "|"HONDURAS"|"Female"',
    '"HQ Area of Responsibility"|9/30/2017|"287(g) Program"|"TRAVIS CO"||"Warrant"|"(B)(6);(B)(7)(C) "|"MEXICO"|"Male"',
]


def lesa_file(tmp_path: Path, records: list[str], fy: int = 2017, header: str = HEADER, request="2019-ICFO-53623"):
    pad = "|" * 8
    lines = [
        f'"ERO-LESA Statistical Tracking Unit"{pad}',
        f'"For Official Use Only (FOUO)/Pre-decisional"{pad}',
        f'"{request}"{pad}',
        pad,
        f'"ERO Administrative Arrests for FY{fy}"{pad}',
        header,
        *records,
    ]
    path = tmp_path / f"EROArrests_FY{fy}.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")
    return R.LesaFile(R.KINDS["arrests"], fy, path, f"{fy - 1}-10-01", f"{fy}-09-30", "test")


def run(lf, parquet=None, block_size=1 << 20):
    return R.process_file(
        lf, parquet, na_values=NA, known_aors=frozenset(R.aor_codes()), block_size=block_size, detail=DETAIL
    )


def test_records_become_parquet_with_na_as_null_and_dates_as_dates(tmp_path):
    res = run(lesa_file(tmp_path, RECORDS), tmp_path / "out.parquet")
    assert res.rows == 4
    t = pq.read_table(tmp_path / "out.parquet")
    assert t.column("Birth Date").null_count == 4  # "(B)(6);(B)(7)(C) " is NA
    assert t.column("Operation").null_count == 4  # "(B)(7)(E) " and blank are NA
    assert str(t.schema.field("Apprehension Date").type) == "date32[day]"
    assert t.column("Area of Responsibility").null_count == 1
    counts = res.counts.to_pandas()
    cap = counts[counts["category"] == "CAP Local Incarceration"]
    assert cap[["month", "landmark", "n"]].values.tolist() == [[201610, "DAL COUNTY JAIL", 2]]  # spellings trimmed
    assert counts.loc[counts["category"] == "Located", "landmark"].isna().all()  # not counted by jail
    assert counts["n"].sum() == 4


def test_parquet_and_counts_are_the_same_whatever_the_run_or_batch_size(tmp_path):
    lf = lesa_file(tmp_path, RECORDS * 500)
    a = run(lf, tmp_path / "a.parquet", block_size=1 << 20)
    b = run(lf, tmp_path / "b.parquet", block_size=1 << 20)
    c = run(lf, None, block_size=4096)  # many batches
    assert sha256_file(tmp_path / "a.parquet") == sha256_file(tmp_path / "b.parquet")
    assert a.counts.equals(b.counts) and a.counts.equals(c.counts)


def test_a_real_file_counts_the_same_in_one_batch_or_many():
    lf = next(f for f in R.load_files() if f.path and f.path.name == "EROArrests_FY2016.csv.gz")
    one, many = run(lf, block_size=1 << 26), run(lf, block_size=1 << 20)
    assert one.rows == many.rows == 110104
    assert one.counts.equals(many.counts)


@pytest.mark.parametrize(
    "record,where,what",
    [
        (
            '"Dallas Area of Responsibility"|2/30/2017|"Located"|""||""|""|""|""',
            "line 8, field 'Apprehension Date'",
            "calendar day",
        ),
        (
            '"Dallas Area of Responsibility"|10/1/2015|"Located"|""||""|""|""|""',
            "line 8, field 'Apprehension Date'",
            "outside the file's span",
        ),
        (
            '"Gotham Area of Responsibility"|10/1/2016|"Located"|""||""|""|""|""',
            "line 8, field 'Area of Responsibility'",
            "unknown area",
        ),
        (
            '"Dallas Area of Responsibility"|10/1/2016|""|""||""|""|""|""',
            "line 8, field 'Apprehension Method'",
            "blank or redacted",
        ),
        (
            '"Dallas Area of Responsibility"|10/1/2016|"Located"|""||""|"1984-13-01"|""|""',
            "line 8, field 'Birth Date'",
            "calendar day",
        ),
    ],
)
def test_a_bad_value_is_named_by_file_line_and_field(tmp_path, record, where, what):
    lf = lesa_file(tmp_path, [RECORDS[0], record])
    with pytest.raises(InputError, match=rf"EROArrests_FY2017.csv.gz: {where}: .*{what}"):
        run(lf, tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists() and not (tmp_path / "out.parquet.tmp").exists()


def test_a_wrong_preamble_or_header_is_named(tmp_path):
    with pytest.raises(InputError, match="line 3: expected the FOIA request"):
        run(lesa_file(tmp_path, RECORDS, request="2020-ICFO-00001"))
    with pytest.raises(InputError, match="line 6: expected the arrests header"):
        run(lesa_file(tmp_path, RECORDS, header=HEADER.replace("Gender", "Sex")))
    with pytest.raises(InputError, match="line 5: expected a title naming FY2018"):
        lf = lesa_file(tmp_path, RECORDS)
        run(R.LesaFile(lf.kind, 2018, lf.path, "2017-10-01", "2018-09-30", "test"))


def test_a_ragged_row_is_refused(tmp_path):
    with pytest.raises(InputError, match="cannot parse the pipe-delimited records"):
        run(lesa_file(tmp_path, [RECORDS[0], '"Dallas Area of Responsibility"|10/1/2016|"Located"']))


# ------------------------------------------------------------------------------------------------
# the reconciliation that fails the build
# ------------------------------------------------------------------------------------------------
def test_placed_plus_unplaced_breaks_when_the_crosswalk_loses_a_facility(tmp_path, jurisdictions):
    """A crosswalk whose facility list misses a facility its rows name (a bug the merge would hide by dropping
    the facility's records) breaks placed + unplaced = nation, and the stage refuses to write."""
    lf = lesa_file(tmp_path, RECORDS)
    cw = L.load_landmarks(
        jurisdictions,
        set(R.aor_codes().values()) | {"not_recorded"},
        crosswalk_csv(tmp_path, "DAL COUNTY JAIL,,place,names_county,DALLAS COUNTY JAIL,county_jail,TX,,48113,DAL"),
    )
    results = [(lf, run(lf))]
    metrics = W.lesa_metrics(load_metric_map())
    codes = R.aor_codes()
    names = {c: n for n, c in codes.items()}
    ok = W.build(results, [lf], metrics, codes, names, cw)
    W.fail_broken([c for c in ok.checks if "equal" in c["name"]])
    assert ok.rows.loc[ok.rows["aggregation_level"] == "facility", "value"].tolist() == [2]
    broken = L.Crosswalk(cw.rows, cw.facilities.iloc[0:0])
    bad = W.build(results, [lf], metrics, codes, names, broken)
    with pytest.raises(InputError, match="lesa_placed_plus_unplaced_equal_nation broke"):
        W.fail_broken([c for c in bad.checks if "equal" in c["name"]])


# ------------------------------------------------------------------------------------------------
# post-2015 claims find these rows (the claim checker, on the published tables)
# ------------------------------------------------------------------------------------------------
def check_claims_on_published(rows: list[tuple]) -> pd.DataFrame:
    import yaml

    from scripts.lib import claim_matching as cm
    from scripts.lib.params import params_for
    from scripts.lib.paths import VALIDATION

    metrics = set(yaml.safe_load((VALIDATION / "vocabularies.yaml").read_text())["metric"])
    cols = ["claim_id", "article_id", "start", "end", "exact", "jurisdiction_id", "metric", "value", "qualifier"]
    cols += ["unit", "period_start", "period_end", "period_type", "source_id"]
    claims = cm.prepare_claims(pd.DataFrame(rows, columns=cols), metric_vocabulary=metrics)
    stats = cm.prepare_statistics(read_csv_text(PROCESSED / "detainer_statistics.csv"))
    rules = cm.rules_from_params(params_for("check_claims"), metrics)
    checks, _ = cm.check_all(claims, stats, read_csv_text(PROCESSED / "jurisdictions.csv"), rules)
    return checks.set_index("claim_id")


def test_a_travis_county_fy2017_claim_is_checked_against_ice_records_and_the_countys_own_count():
    article = "washex-2020-01-ice-sanctuary-campaign"
    rows = [
        # "ICE arrested 180 people at Travis County's jails in fiscal 2017" (an illustrative claim)
        (
            "c-arrests",
            article,
            "0",
            "3",
            "180",
            "48453",
            "ice_arrests_at_local_jails",
            "180",
            "exact",
            "people",
            "2016-10-01",
            "2017-09-30",
            "fiscal_year",
            article,
        ),
        # "353 people booked into the Travis County jail in fiscal 2016 had ICE detainers"
        (
            "c-bookings",
            article,
            "0",
            "3",
            "353",
            "48453",
            "bookings_with_detainer",
            "353",
            "exact",
            "bookings",
            "2015-10-01",
            "2016-09-30",
            "fiscal_year",
            article,
        ),
    ]
    checks = check_claims_on_published(rows)
    arrests, bookings = checks.loc["c-arrests"], checks.loc["c-bookings"]
    assert arrests["stat_id"].startswith(SRC + "eroarrests-fy2017") and arrests["verdict"] == "consistent"
    stats = read_csv_text(PROCESSED / "detainer_statistics.csv").set_index("stat_id")
    assert stats.loc[arrests["stat_id"], "aggregation_level"] == "county"  # the county's placed jails, not one
    assert bookings["stat_id"].startswith("statesman-travis-county") and bookings["verdict"] == "consistent"


def test_county_rows_are_the_sum_of_their_facility_rows(stats):
    fy = stats[stats["period_type"] == "fiscal_year"]
    fac = fy[fy["aggregation_level"] == "facility"].groupby(["metric", "period_start", "jurisdiction_id"])["value"]
    county = fy[fy["aggregation_level"] == "county"].set_index(["metric", "period_start", "jurisdiction_id"])["value"]
    assert county.sort_index().equals(fac.sum().sort_index())
    travis = county.xs(("ice_arrests_at_local_jails", "48453"), level=("metric", "jurisdiction_id"))
    assert travis.tolist() == [602, 180, 536, 673]  # PROVENANCE.md: 603 / 180 / 539 / 677 with "TRAVIS" in it


def test_a_jail_another_source_names_the_same_way_is_one_facility():
    """LESA's HARRIS COUNTY JAIL (TX, 48201) and COOK COUNTY JAIL (IL, 17031) are NPR's facilities of the same
    name in the same county: one row each, with both sources, and the LESA rows use its id."""
    fac = read_csv_text(PROCESSED / "facilities.csv")
    for name, county, city in (("HARRIS COUNTY JAIL", "48201", "HOUSTON"), ("COOK COUNTY JAIL", "17031", "CHICAGO")):
        rows = fac[(fac["name"] == name) & (fac["jurisdiction_id"] == county)]
        assert rows[["city"]].values.tolist() == [[city]]
        assert SRC in rows["source_ids"].iloc[0] and "npr-ice-detainers-2007-2015" in rows["source_ids"].iloc[0]
