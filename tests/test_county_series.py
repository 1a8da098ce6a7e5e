"""Counties' own series beside ICE's: Travis County's detainer bookings (2006-2016), Pierce County's ICE holds
(2016-2018), and the 2017 weekly DDOR figures by jurisdiction (as reported)."""

from __future__ import annotations

import pandas as pd
import pytest

from scripts.lib.errors import InputError
from scripts.lib.io import read_csv_text
from scripts.lib.paths import PROCESSED
from scripts.lib.statistics import ddor, pierce, travis


@pytest.fixture(scope="module")
def stats() -> pd.DataFrame:
    df = read_csv_text(PROCESSED / "detainer_statistics.csv")
    df["value"] = df["value"].astype(int)
    return df


def rows_of(stats, prefix):
    return stats[stats["source_id"].str.startswith(prefix)]


def test_travis_months_cover_2006_to_october_4_2016_with_absent_months_as_zero(stats):
    t = rows_of(stats, "statesman-travis-county")
    months = t[(t["period_type"] == "month") & (t["category"] == "")]
    assert len(months) == 130  # Jan 2006 .. Oct 2016, every month
    assert months["value"].sum() == 9489  # PROVENANCE.md
    assert set(t["jurisdiction_id"]) == {"48453"} and set(t["unit"]) == {"bookings"}
    assert set(t["metric"]) == {"bookings_with_detainer"} and set(t["aggregation_level"]) == {"county"}
    jan06 = months[months["period_start"] == "2006-01-01"]
    assert jan06["value"].tolist() == [0] and "absent (0)" in jan06["evidence"].iloc[0]
    octo = months[months["period_start"] == "2016-10-01"]
    assert octo[["period_end", "value", "flags"]].values.tolist() == [["2016-10-04", 6, "partial_period"]]


def test_travis_fiscal_years_sit_beside_ice_figures_for_the_same_county(stats):
    t = rows_of(stats, "statesman-travis-county")
    fy16 = t[(t["period_type"] == "fiscal_year") & (t["period_start"] == "2015-10-01") & (t["category"] == "")]
    assert fy16["value"].tolist() == [353]  # Oct 2015 - Sep 2016 (summary_table.csv)
    ice = stats[(stats["jurisdiction_id"] == "48453") & (stats["period_start"] == "2015-10-01")]
    ice = ice[ice["source_id"].str.startswith("uwchr-ice-lesa") & (ice["period_type"] == "fiscal_year")]
    assert {"ice_arrests_at_local_jails", "detainer_encounters"} <= set(ice["metric"])
    assert t.loc[t["period_type"] == "fiscal_year", "period_end"].max() == "2016-09-30"  # FY2017 not covered


def test_travis_breakdowns_are_subsets_of_the_total(stats):
    t = rows_of(stats, "statesman-travis-county")
    m = t[t["period_type"] == "month"].pivot_table(index="period_start", columns="category", values="value")
    for c in travis.CATEGORIES.values():
        assert (m[c] <= m[""]).all()


def test_pierce_holds_and_their_race_breakdown(stats):
    p = rows_of(stats, "uwchr-pierce-county")
    total = p[p["category"] == ""]
    assert total[["jurisdiction_id", "period_start", "period_end", "value"]].values.tolist() == [
        ["53053", "2016-10-01", "2018-07-31", 188]
    ]
    groups = p[p["category"] != ""]
    assert groups["value"].sum() == 188
    assert set(groups["category"]) >= {"race: Hispanic", "race: Asian/Pacific Islander"}  # "\cr" markup removed
    assert groups.loc[groups["category"] == "race: Hispanic", "value"].tolist() == [152]


def test_ddor_figures_keep_each_outlet_and_url(stats):
    d = rows_of(stats, "curated-ddor-2017")
    travis_week1 = d[(d["jurisdiction_id"] == "48453") & (d["period_start"] == "2017-01-28")]
    assert sorted(travis_week1["value"]) == [142, 142, 143]
    assert travis_week1["source_url"].is_unique and (travis_week1["period_type"] == "week").all()
    assert set(d["aggregation_level"]) == {"agency", "nation"}
    clark = d[d["jurisdiction_id"] == "32003"]
    assert clark[["metric", "value"]].values.tolist() == [["detainers_issued", 51]]


def test_a_bad_travis_month_is_named(tmp_path):
    p = tmp_path / "summary_table.csv"
    p.write_text("month,total,has_at_least_one_felony,has_at_least_one_violent_crime\n2016-13,5,1,1\n")
    with pytest.raises(InputError, match=r"summary_table.csv: row 2, field 'month'"):
        travis.read(p)
    p.write_text("month,total,has_at_least_one_felony,has_at_least_one_violent_crime\n2016-09,5,6,1\n")
    with pytest.raises(InputError, match=r"has_at_least_one_felony exceeds total"):
        travis.read(p)


def test_a_ddor_row_outside_the_vocabulary_is_named(tmp_path):
    p = tmp_path / "ddor.csv"
    p.write_text(
        ",".join(ddor.COLUMNS) + "\n"
        "48453,Travis County,TX,2017-01-28,2017-02-03,detainers_refused,142,detainers,,KUT,2017-03-20,http://x,"
        "official_data_via_news,\n"
    )
    with pytest.raises(InputError, match=r"row 2, field 'metric'"):
        ddor.read(p)


def test_pierce_dates_come_from_the_report_figures():
    data = pierce.read()
    assert (data.start, data.end) == ("2016-10-01", "2018-07-31")


def test_texas_policy_events_of_2017_are_in_the_policies_table():
    pol = read_csv_text(PROCESSED / "sanctuary_policies.csv")
    tx = pol[pol["source_id"].str.startswith("curated-texas-detainer-policy-2017")]
    got = set(zip(tx["jurisdiction_id"], tx["event_date"], tx["event_type"], strict=True))
    assert got == {
        ("48453", "2017-02-01", "agency_policy_in_effect"),
        ("48", "2017-05-07", "state_law_signed"),
        ("48", "2017-09-01", "law_in_effect"),
    }
    assert tx["source_url"].str.startswith("http").all() and tx["evidence"].ne("").all()
