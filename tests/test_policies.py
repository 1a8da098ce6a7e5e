"""policies stage: DOJ list and policy events → GEOIDs; 287(g) spreadsheets and their defects."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
import yaml

from scripts import policies as P
from scripts.lib.corrections import apply_corrections, load_corrections
from scripts.lib.errors import InputError
from scripts.lib.geo import load_resolver
from scripts.lib.io import read_csv_text
from scripts.lib.paths import PROCESSED, VALIDATION

JULY = P.ICE_287G / "participatingAgencies07182025pm.xlsx"
JULY_TARGET = "statistics/ice-287g-participating-agencies-2025/participatingAgencies07182025pm.xlsx"


@pytest.fixture(scope="module")
def resolver():
    return load_resolver()


@pytest.fixture(scope="module")
def policies(resolver):
    return P.build_policies(resolver, P.load_vocab_map())


@pytest.fixture(scope="module")
def agreements(resolver):
    return P.build_agreements(resolver, load_corrections())


def test_all_35_doj_jurisdictions_resolve(policies):
    doj = policies[policies["event_type"] == "listed_by_doj"]
    assert len(doj) == 35 and doj["jurisdiction_id"].is_unique
    levels = doj["jurisdiction_id"].str.len().value_counts().to_dict()
    assert levels == {2: 13, 5: 4, 7: 18}  # 13 "states" incl. DC, 4 counties, 18 cities
    ids = dict(zip(doj["jurisdiction_name"], doj["jurisdiction_id"]))
    assert ids["New York City"] == "3651000" and ids["Cook County"] == "17031" and ids["Chicago"] == "1714000"
    assert ids["District of Columbia"] == "11" and ids["San Francisco County"] == "06075"
    assert ids["San Francisco"] == "0667000" and ids["Baltimore County"] == "24005"
    assert set(doj["event_date"]) == {"2025-08-05"} and set(doj["date_precision"]) == {"day"}
    assert set(doj["source_url"]) == {"https://security.mil-osi.com/page/304"}


def test_policy_events(policies):
    vocab = yaml.safe_load((VALIDATION / "vocabularies.yaml").read_text())
    assert set(policies["event_type"]) <= set(vocab["policy_event_type"])
    assert set(policies["source_type"]) <= set(vocab["source_type"])
    assert policies["policy_id"].is_unique
    federal = policies[policies["jurisdiction_name"] == "United States"]
    assert len(federal) == 5 and (federal["jurisdiction_id"] == "").all()
    cook = policies[(policies["jurisdiction_id"] == "17031") & (policies["event_type"] == "ordinance_passed")]
    assert cook[["event_date", "date_precision"]].values.tolist() == [["2011-09-07", "day"]]
    court = policies[policies["jurisdiction_name"] == "Cook County (Circuit Court)"]
    assert court["jurisdiction_id"].tolist() == ["17031"]
    unknown = policies[policies["date_precision"] == "unknown"]
    assert unknown["event_date"].tolist() == [""]
    sources = set(read_csv_text(PROCESSED / "sources.csv")["source_id"])
    assert set(policies["source_id"]) <= sources


def test_unmapped_policy_source_type_is_an_error(resolver):
    with pytest.raises(InputError, match="source_type 'official_legislative_text' has no row"):
        P.build_policies(resolver, {})


# --- 287(g) -----------------------------------------------------------------------------------------
def test_excel_serial_dates():
    # the cell holds a serial number with a date format: <v>45833</v> = 2025-06-25
    xml = zipfile.ZipFile(JULY).read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="F2" s="3"><v>45833</v></c>' in xml
    assert P.excel_date(45833) == "2025-06-25" and P.excel_date(45833.0) == "2025-06-25"
    df = P.read_287g(JULY)
    assert df.loc[df["sheet_row"] == "2", "signed_raw"].item() == "2025-06-25"
    assert P.excel_date(None) == "" and P.excel_date(" 7/72025 ") == "7/72025"


def test_trailing_spaces_and_blank_rows():
    df = P.read_287g(JULY)
    assert len(df) == 832  # 905 sheet rows less 73 blank ones
    assert set(df["support_type"]) == {"Task Force Model", "Warrant Service Officer", "Jail Enforcement Model"}
    assert (df["agency"] == df["agency"].str.strip()).all()
    assert (df["support_type"] == "Task Force Model").sum() == 415  # 407 + 8 written with a trailing space


def test_5025_and_text_dates_need_corrections(resolver, tmp_path):
    raw = P.read_287g(JULY)
    assert raw.loc[raw["agency"] == "Grundy County Sheriff's Office", "signed_raw"].tolist() == ["5025-07-07"]
    empty = tmp_path / "c.csv"
    empty.write_text("target,key,field,old,new,reason,evidence\n")
    with pytest.raises(InputError, match="row 545, field 'SIGNED': cannot read the signing date '05/082025'"):
        P.build_agreements(resolver, load_corrections(empty))
    only_text = tmp_path / "c2.csv"
    rows = read_csv_text(P.CORRECTIONS)
    rows[rows["old"] != "5025-07-07"].to_csv(only_text, index=False)
    with pytest.raises(InputError, match="row 639.*5025-07-07 lies outside 2000-01-01..2025-07-18"):
        P.build_agreements(resolver, load_corrections(only_text))


def test_corrections_applied(agreements):
    df, applied = agreements
    assert len(applied) == 6  # 4 signing dates + Okeechobee PD's agency type in both lists
    okee = df[df["agency"] == "Okeechobee Police Department"]
    assert set(okee["jurisdiction_id"]) == {"1251200"} and set(okee["agency_type"]) == {"Municipality"}
    grundy = df[(df["agency"] == "Grundy County Sheriff's Office") & (df["snapshot_date"] == "2025-07-18")]
    assert grundy[["signed_date", "jurisdiction_id"]].values.tolist() == [["2025-07-07", "47061"]]
    assert "5025-07-07" in grundy["correction"].item()
    signed = df.loc[df["list"] == "participating", "signed_date"]
    assert signed.ne("").all() and signed.between("2019-01-01", "2025-07-18").all()


def test_correction_must_still_match(tmp_path):
    df = pd.DataFrame({"state": ["TENNESSEE"], "agency": ["A"], "support_type": ["X"], "signed_raw": ["2025-07-07"]})
    f = tmp_path / "c.csv"
    f.write_text(
        "target,key,field,old,new,reason,evidence\n"
        "t.xlsx,state=TENNESSEE;agency=A;support_type=X,signed_raw,5025-07-07,2025-07-07,typo,e\n"
    )
    with pytest.raises(InputError, match="row 2.*not the expected old value '5025-07-07'"):
        apply_corrections(df, "t.xlsx", load_corrections(f))
    f.write_text(
        "target,key,field,old,new,reason,evidence\n"
        "t.xlsx,state=TENNESSEE;agency=B,signed_raw,5025-07-07,2025-07-07,typo,e\n"
    )
    with pytest.raises(InputError, match="picks 0 rows"):
        apply_corrections(df, "t.xlsx", load_corrections(f))


def test_agreements_table(agreements):
    df, _ = agreements
    assert len(df) == 571 + 832 + 92 + 26
    assert df["agreement_id"].is_unique
    assert df.groupby(["snapshot_date", "list"]).size().to_dict() == {
        ("2025-05-15", "pending"): 92,
        ("2025-05-16", "participating"): 571,
        ("2025-07-18", "participating"): 832,
        ("2025-07-18", "pending"): 26,
    }
    assert set(df["agency_type"]) == {"County", "Municipality", "State Agency"}  # "County " stripped
    county = df[df["agency_type"] == "County"]
    assert (county["jurisdiction_id"].str.len().isin([0, 5])).all()
    assert (county["jurisdiction_id"] != "").mean() > 0.99
    assert (df["jurisdiction_id"] != "").mean() > 0.97
    colbert = df[(df["agency"] == "Colbert County Sheriff's Office")]
    assert set(colbert["jurisdiction_id"]) == {"01033"}
    state = df[df["agency_type"] == "State Agency"]
    assert (state["jurisdiction_id"].str.len() == 2).all()
    juris = set(read_csv_text(PROCESSED / "jurisdictions.csv")["jurisdiction_id"])
    assert set(df["jurisdiction_id"]) - {""} <= juris


def test_snapshots_are_read_from_ice_file_names():
    found = [(p.name, kind, snap) for p, kind, snap in P.snapshots()]
    assert found == [
        ("participatingAgencies05162025am.xlsx", "participating", "2025-05-16"),
        ("participatingAgencies07182025pm.xlsx", "participating", "2025-07-18"),
        ("pendingAgencies05152025am.xlsx", "pending", "2025-05-15"),
        ("pendingAgencies07182025pm.xlsx", "pending", "2025-07-18"),
    ]


def test_a_spreadsheet_not_named_like_ice_is_refused(tmp_path):
    (tmp_path / "participatingAgencies13452025am.xlsx").write_bytes(b"")
    with pytest.raises(InputError, match="not a real date"):
        P.snapshots(tmp_path)
    (tmp_path / "participatingAgencies13452025am.xlsx").unlink()
    (tmp_path / "agencies-latest.xlsx").write_bytes(b"")
    with pytest.raises(InputError, match="expected ICE's file name"):
        P.snapshots(tmp_path)


def test_vocabulary_map_rows_need_a_reason_and_missing_terms_are_named(tmp_path):
    f = tmp_path / "map.csv"
    f.write_text("field,source_value,value,reason\nsource_type,x,official_report,because\nsource_type,y,news_report,\n")
    with pytest.raises(InputError, match=r"row 3, field 'reason'"):
        P.load_vocab_map(f)
    vmap = P.load_vocab_map(P.VOCAB_MAP)
    with pytest.raises(InputError, match="no mapping for source_type = 'nonexistent'"):
        P.mapped_term(vmap, "source_type", "nonexistent")


def test_an_empty_spreadsheet_is_refused(tmp_path):
    import openpyxl

    f = tmp_path / "participatingAgencies01012025am.xlsx"
    openpyxl.Workbook().save(f)
    with pytest.raises(InputError, match="first sheet is empty"):
        P.read_287g(f)
