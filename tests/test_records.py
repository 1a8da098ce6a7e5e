"""scripts/lib/records.py: vectorized validation and aggregation of record-level detainer files.

Small frames for each kind of bad row (file, row and field named), the real Pennsylvania file for what
must pass, and the arrow aggregation checked equal to the statistics stage's on the real file.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from scripts.lib.errors import InputError
from scripts.lib.paths import PROCESSED, RAW
from scripts.lib.records import aggregate_records_arrow, known_lift_reasons, read_records, validate_records

PA = RAW / "statistics" / "npr-ice-detainers-pa-2007-2015" / "pa_detainers.csv"
FACILITIES = PROCESSED / "facilities.csv"
PA_SOURCE_ID = "npr-ice-detainers-pa-2007-2015--pa-detainers"
GOOD = {
    "date": "2014-03-05 00:00:00",
    "lift_reason": "Detainer Declined by LEA",
    "det_facility": "BUCKS CNTY JAIL, PA",
    "city": "DOYLESTOWN",
    "state": "PENNSYLVANIA",
    "detainer_type": "",
}


def frame(n: int = 5, **bad_rows) -> pd.DataFrame:
    """n good records; bad_rows maps 'i' (0-based record index, as '_3') to {field: value}."""
    rows = [dict(GOOD) for _ in range(n)]
    for key, change in bad_rows.items():
        rows[int(key.lstrip("_"))].update(change)
    return pd.DataFrame(rows)


def error_of(df, **kw) -> InputError:
    with pytest.raises(InputError) as e:
        validate_records(df, PA, **kw)
    return e.value


def test_known_lift_reasons_come_from_the_metric_map():
    reasons = known_lift_reasons()
    assert {"", "Booked into Detention", "Detainer Declined by LEA", "Case Closed", "Lifted - Lack of Space"} <= reasons
    assert "Declined" not in reasons


@pytest.mark.parametrize("as_arrow", [False, True])
def test_good_records_pass(as_arrow):
    df = frame()
    validate_records(pa.Table.from_pandas(df) if as_arrow else df, PA)


def test_bad_calendar_date_names_file_row_and_field():
    e = error_of(frame(_2={"date": "2013-02-30 00:00:00"}))
    assert e.file == "data/raw/statistics/npr-ice-detainers-pa-2007-2015/pa_detainers.csv"
    assert e.where == "row 4, field 'date'"  # header is row 1: record index 2 is row 4
    assert "'2013-02-30 00:00:00'" in e.message


@pytest.mark.parametrize("value", ["2014-3-05", "03/05/2014", "2014-03-05 12:30:00", "", "2014-03-05x"])
def test_malformed_dates_are_rejected(value):
    assert error_of(frame(_1={"date": value})).where == "row 3, field 'date'"


def test_dates_outside_the_range_are_rejected():
    assert error_of(frame(_0={"date": "2007-09-30 00:00:00"})).where == "row 2, field 'date'"
    assert error_of(frame(_4={"date": "2015-07-20"})).where == "row 6, field 'date'"
    validate_records(frame(_0={"date": "2007-10-01"}, _1={"date": "2015-07-19 00:00:00"}), PA)
    validate_records(frame(_0={"date": "2016-01-01"}), PA, date_range=("2007-10-01", "2016-12-31"))


def test_unknown_lift_reason_is_rejected():
    e = error_of(frame(_3={"lift_reason": "Declined by Sheriff"}))
    assert e.where == "row 5, field 'lift_reason'"
    assert "'Declined by Sheriff'" in e.message and "metric_map.csv" in e.message


def test_lift_reasons_can_be_given():
    validate_records(
        frame(_1={"lift_reason": "Declined by Sheriff"}),
        PA,
        lift_reasons={"Declined by Sheriff", "Detainer Declined by LEA"},
    )


def test_blank_facility_and_unknown_state_are_rejected():
    assert error_of(frame(_2={"det_facility": "  "})).where == "row 4, field 'det_facility'"
    assert error_of(frame(_1={"state": "PENSYLVANIA"})).where == "row 3, field 'state'"
    validate_records(frame(_1={"state": "PA"}, _2={"city": ""}), PA)  # USPS code; blank city allowed


def test_first_bad_row_wins_whatever_the_field():
    df = frame(8, _6={"date": "2015-13-01"}, _3={"lift_reason": "?"}, _5={"det_facility": ""})
    assert error_of(df).where == "row 5, field 'lift_reason'"
    df = frame(8, _3={"date": "2015-13-01", "lift_reason": "?"})  # same row: first column first
    assert error_of(df).where == "row 5, field 'date'"


def test_missing_column_and_guessed_na_are_rejected(tmp_path):
    assert error_of(frame().drop(columns="lift_reason")).where == "header"
    f = tmp_path / "r.csv"
    frame(_2={"lift_reason": ""}).to_csv(f, index=False)
    guessed = pd.read_csv(f, dtype=str)  # pandas' default NA guessing: "" -> NaN
    e = error_of(guessed)
    assert e.where == "row 4, field 'lift_reason'" and "keep_default_na=False" in e.message


def test_read_records_keeps_text_as_text(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text('date,lift_reason,det_facility,city,state\n2014-03-05,NA,"A, PA",,PA\n', encoding="utf-8")
    t = read_records(f)
    assert t.to_pylist() == [
        {"date": "2014-03-05", "lift_reason": "NA", "det_facility": "A, PA", "city": "", "state": "PA"}
    ]
    f.write_text("date,lift_reason\n2014-03-05,x,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse CSV"):
        read_records(f)


def test_the_real_pennsylvania_file_passes():
    t = read_records(PA)
    assert t.num_rows == 32757
    validate_records(t, PA)
    validate_records(pd.read_csv(PA, dtype=str, keep_default_na=False), PA)


def reference_aggregation(records: pd.DataFrame, facilities: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Test oracle: the straightforward pandas version (merge every record, then group). The stage uses
    the faster arrow path; both must agree exactly on the real file."""
    df = records[["date", "lift_reason", "det_facility", "city", "state"]]
    key = ["det_facility", "city", "state"]
    fac = facilities.rename(columns={"name": "det_facility"})[[*key, "jurisdiction_id", "facility_id"]]
    merged = df.merge(fac, on=key, how="left", validate="many_to_one")
    assert not merged["facility_id"].isna().any()
    merged["month"] = merged["date"].str.slice(0, 7)
    merged["year"] = merged["date"].str.slice(0, 4).astype("int64")
    merged["jurisdiction_id"] = merged["jurisdiction_id"].fillna("")
    matched = merged[merged["jurisdiction_id"] != ""]

    def count(frame, by):
        return frame.groupby(by, sort=True, observed=True).size().rename("count").reset_index()

    return {
        "county_month": count(matched, ["jurisdiction_id", "month"]),
        "county_year_reason": count(matched, ["jurisdiction_id", "year", "lift_reason"]),
        "state_year_reason": count(merged, ["year", "lift_reason"]),
        "facility_year_reason": count(merged, ["facility_id", "year", "lift_reason"]),
        "matched": pd.DataFrame([{"records": len(merged), "matched": len(matched)}]),
    }


@pytest.fixture(scope="module")
def pa_facilities():
    fac = pd.read_csv(FACILITIES, dtype=str, keep_default_na=False)
    return fac[fac["source_ids"].str.contains(PA_SOURCE_ID, regex=False)].assign(state="PENNSYLVANIA")


def test_arrow_aggregation_equals_the_stage_on_the_real_file(pa_facilities):
    from scripts.lib.statistics import pa as S

    expected = reference_aggregation(pd.read_csv(PA, dtype=str, keep_default_na=False), pa_facilities)
    got = S.aggregate_records(S.read_pa(PA), pa_facilities)
    assert set(got) == set(expected)
    for name in expected:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)
    # real figures (PROVENANCE.md): 32,757 records; 5,326 in 2008; 169 of the 225 declines in 2014
    syr = got["state_year_reason"].set_index(["year", "lift_reason"])["count"]
    assert int(got["matched"]["records"].iloc[0]) == 32757
    assert int(syr.loc[2008].sum()) == 5326
    assert int(syr.loc[(2014, "Detainer Declined by LEA")]) == 169
    assert int(syr.xs("Detainer Declined by LEA", level="lift_reason").sum()) == 225
    # Chester County (42029) has one facility in the file, CHESTER CNTY JAIL, PA: 1,385 records
    by_county = got["county_month"].groupby("jurisdiction_id")["count"].sum()
    assert int(by_county["42029"]) == 1385
    assert int(by_county.sum()) == int(got["matched"]["matched"].iloc[0])


def test_arrow_aggregation_accepts_a_dataframe_and_rejects_unknown_facilities(pa_facilities):
    df = pd.read_csv(PA, dtype=str, keep_default_na=False)
    from_table = aggregate_records_arrow(read_records(PA), pa_facilities)
    from_frame = aggregate_records_arrow(df, pa_facilities)
    for name in from_table:
        pd.testing.assert_frame_equal(from_frame[name], from_table[name], obj=name)
    df.loc[7, "det_facility"] = "NO SUCH JAIL"
    with pytest.raises(ValueError, match="NO SUCH JAIL"):
        aggregate_records_arrow(df, pa_facilities)
