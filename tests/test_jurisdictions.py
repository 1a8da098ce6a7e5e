"""jurisdictions stage and the name resolver (scripts/lib/geo.py), on the real reference files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from scripts import jurisdictions as J
from scripts.lib.errors import InputError
from scripts.lib.geo import load_resolver, norm, resolver_from_rows, state_fips
from scripts.lib.io import read_csv_text


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return J.build_table()


@pytest.fixture(scope="module")
def resolver(table):
    rows = {r["jurisdiction_id"]: r for r in table.astype(str).to_dict("records")}
    return resolver_from_rows(rows)


def row(table, geoid):
    return table.set_index("jurisdiction_id").loc[geoid]


def test_ids_are_geoids_of_the_right_length(table):
    lengths = table["jurisdiction_id"].str.len()
    assert dict(table.groupby("level")["jurisdiction_id"].apply(lambda s: set(s.str.len()))) == {
        "nation": {2},
        "state": {2},
        "county": {5},
        "place": {7},
    }
    assert table["jurisdiction_id"].is_unique
    assert (table["level"] == "state").sum() == 55  # 50 states + DC + PR (Gazetteer) + GU, MP, VI (DDP offices)
    assert (lengths == 2).sum() == 56  # and "US"
    assert (table["level"] == "county").sum() == 3222 + 8  # Gazetteer 2025 + 8 old CT counties
    assert (table["level"] == "place").sum() == 32350


def test_the_nation_is_one_row_us_distinct_from_unknown(table):
    """Contract C1: "US" is the whole United States; "" (place unknown) is never a jurisdiction."""
    nation = table[table["level"] == "nation"]
    assert nation[["jurisdiction_id", "name"]].values.tolist() == [["US", "United States"]]
    states = table[(table["level"] == "state") & table["population"].ne("")]
    # PEP V2023: the 50 states and DC (the states with a PEP population) sum to the national 334,914,895
    assert len(states) == 51
    assert int(nation["population"].iloc[0]) == states["population"].astype(int).sum() == 334_914_895
    assert "" not in set(table["jurisdiction_id"])


def test_key_rows(table):
    cook = row(table, "17031")
    assert (cook["name"], cook["ice_aor"], cook["population"]) == ("Cook County", "CHI", "5087072")
    assert row(table, "39049")["ice_aor"] == "DET"
    nyc = row(table, "3651000")
    assert nyc["name"] == "New York city"
    assert nyc["parent_ids"].split(";") == ["36047", "36081", "36061", "36005", "36085"]
    assert nyc["ice_aor"] == "NYC" and nyc["population"] == "8516202"
    assert row(table, "1714000")["parent_ids"] == "17031"  # the DuPage part has 0 population
    col = row(table, "3918000")
    assert col["county_fips"] == "39049" and col["principal_county_share"] == "0.9719"
    assert set(col["parent_ids"].split(";")) == {"39049", "39041", "39045"}


def test_pep_v2023_is_unpadded_and_v2019_is_padded_latin1():
    # defect: V2023 writes STATE=17, COUNTY=31; zero-padding builds the GEOID
    p23 = J.read_pep(J.PEP_2023, 2023, "utf-8").set_index("geoid")
    assert p23.loc["17031", "population"] == "5087072"
    assert p23.loc["35013", "name"] == "Doña Ana County"  # UTF-8
    p19 = J.read_pep(J.PEP_2019, 2019, "latin-1").set_index("geoid")
    assert p19.loc["35013", "name"] == "Doña Ana County"  # Latin-1 byte 0xF1
    assert p19.loc["09003", "name"] == "Hartford County"
    with pytest.raises(InputError, match="not valid utf-8"):
        J.read_pep(J.PEP_2019, 2019, "utf-8")


def test_geocorr_label_row_latin1_and_trailing_spaces():
    g = J.read_geocorr()
    assert not g["county"].str.startswith("County").any()  # label row dropped
    assert "La Cañada Flintridge city, CA" in set(g["PlaceName"])  # Latin-1 decoded
    nyc = g[g["place_geoid"] == "3651000"]
    assert nyc["pop20"].sum() == 8804190
    assert abs(nyc["afact2"].sum() - 1) < 1e-3
    assert g["afact2"].dtype.kind == "f"  # "0.0135 " parsed despite the space


def test_geocorr_without_label_row_is_refused(tmp_path):
    src = J.GEOCORR.read_bytes().decode("latin-1").splitlines()
    bad = tmp_path / "geocorr.csv"
    bad.write_text("\n".join([src[0]] + src[2:5]) + "\n", encoding="latin-1")
    with pytest.raises(InputError, match="label row"):
        J.read_geocorr(bad)


def test_ddp_aor_needs_skipinitialspace():
    raw = pd.read_csv(J.DDP_AOR, dtype=str)
    assert ' "state_name"' in raw.columns  # the defect
    d = J.read_ddp_aor()
    assert list(d.columns[:3]) == ["office_name", "state_name", "county_name"]
    assert (d["office_name"] == "Harlingen").sum() == 15


def test_field_office_2025_and_aor(table):
    assert row(table, "48061")["ice_field_office_2025"] == "Harlingen"  # Cameron County TX
    assert row(table, "48061")["ice_aor"] == "SNA"  # UWCHR 2024: San Antonio
    assert row(table, "36")["ice_aor"] == ""  # NY is split
    assert row(table, "09003")["ice_aor"] == "BOS"  # old CT county: whole-state AOR


@pytest.mark.parametrize(
    "name,state,expected",
    [
        ("Cook County", "IL", "17031"),
        ("Cook County", "Illinois", "17031"),
        ("Cook County", "17", "17031"),
        ("Chicago\u2019s Cook County", None, "17031"),
        ("Cook County Sheriff's Office", None, "17031"),
        ("NYC", None, "3651000"),
        ("New York City", None, "3651000"),
        ("the NYPD", None, "3651000"),
        ("NYPD", "NY", "3651000"),
        ("Rikers", None, "3651000"),
        ("New York", None, "36"),
        ("Franklin County Sheriff\u2019s Office", None, "39049"),
        ("Franklin County", "OH", "39049"),
        ("Franklin County", None, None),
        ("Springfield", None, None),
        ("Chicago", "IL", "1714000"),
        ("Chicago city", "Illinois", "1714000"),
        ("City of Chicago", None, "1714000"),
        ("Columbus", "OH", "3918000"),
        ("Columbus", None, None),
        ("Illinois", None, "17"),
        ("DC", None, "11"),
        ("Washington", None, "53"),
        ("Washington", "DC", "1150000"),
        ("Harris County jail", "TX", "48201"),
        ("St. Louis", "MO", "2965000"),
        ("Saint Louis", "MO", "2965000"),
        ("Hartford County", "CT", "09003"),
        ("in", None, None),
        ("Cook County", "XX", None),
        ("", None, None),
    ],
)
def test_resolve(resolver, name, state, expected):
    assert resolver.resolve(name, state) == expected


def test_resolve_level(resolver):
    assert resolver.resolve("Baltimore", "MD") == "2404000"
    assert resolver.resolve("Baltimore County", "MD") == "24005"
    assert resolver.resolve("New York", "NY", level="place") == "3651000"
    assert resolver.resolve("Cook", "IL", level="county") == "17031"


def test_resolve_strict_names_the_file(resolver):
    with pytest.raises(InputError, match="x.csv: row 3.*cannot resolve jurisdiction 'Gotham'"):
        resolver.resolve_strict("Gotham", "NY", file="x.csv", where="row 3")


def test_relations(resolver):
    assert resolver.counties_of("3651000") == ["36047", "36081", "36061", "36005", "36085"]
    assert resolver.principal_county("3918000") == "39049"
    assert "1714000" in resolver.places_in("17031")
    assert {"17031", "17", "1714000"} <= resolver.related("17031")
    assert resolver.counties_of("17031") == ["17031"] and resolver.counties_of("17") == []


def test_all_35_doj_jurisdictions_resolve(resolver):
    doj = read_csv_text(J.CURATED / "doj_sanctuary_jurisdictions_2025-08-05.csv")
    assert len(doj) == 35
    ids = [resolver.resolve(r["jurisdiction_name"], r["state_abbr"]) for r in doj.to_dict("records")]
    lengths = {"state": 2, "federal_district (listed under STATES)": 2, "county": 5, "city": 7}
    for r, g in zip(doj.to_dict("records"), ids):
        assert g is not None and len(g) == lengths[r["jurisdiction_type"]], r
    assert ids[doj.index[doj["jurisdiction_name"] == "New York City"][0]] == "3651000"
    assert ids[doj.index[doj["jurisdiction_name"] == "San Francisco County"][0]] == "06075"
    assert len(set(ids)) == 35


def test_aliases_must_point_to_known_ids(table, tmp_path):
    bad = tmp_path / "aliases.csv"
    bad.write_text("alias,state,jurisdiction_id,reason\nGotham,NY,3699999,test\n")
    rows = {r["jurisdiction_id"]: r for r in table.astype(str).to_dict("records")}
    with pytest.raises(InputError, match="row 2, field 'jurisdiction_id'"):
        resolver_from_rows(rows, bad)
    bad.write_text("alias,state,jurisdiction_id,reason\nGotham,NY,3651000,\n")
    with pytest.raises(InputError, match="reason are required"):
        resolver_from_rows(rows, bad)


def test_helpers():
    assert norm("  The Cook County Sheriff\u2019s Office ") == "cook county sheriff's office"
    assert state_fips("IL") == state_fips("Illinois") == state_fips("17") == "17"
    assert state_fips("NA") is None


def test_published_table_loads_as_resolver():
    r = load_resolver()
    assert r.resolve("Cook County", "IL") == "17031"


def test_geocorr_bad_population_names_row_and_field(tmp_path):
    src = J.GEOCORR.read_bytes().decode("latin-1").splitlines()
    assert src[4].endswith('"Marbury CDP, AL",1427,1,0.0243 ')  # pop20, afact2, afact
    bad = tmp_path / "geocorr.csv"
    bad.write_text("\n".join(src[:4] + [src[4].replace(",1427,", ",12x,")]) + "\n", encoding="latin-1")
    with pytest.raises(InputError, match=r"geocorr.csv: row 5, field 'pop20': expected a whole number, got '12x'"):
        J.read_geocorr(bad)


def test_acs_short_row_and_bad_value_name_the_row(tmp_path):
    f = tmp_path / "acs.json"
    head = ["NAME", "B01003_001E", "B25001_001E", "state", "county"]
    f.write_text(
        json.dumps(
            [
                head,
                ["Autauga County, Alabama", "59285", "24731", "01", "001"],
                ["Baldwin County, Alabama", "253507", "01"],
            ]
        )
    )
    with pytest.raises(InputError, match=r"acs.json: row 2: expected 5 text fields"):
        J.read_acs(f, "county")
    f.write_text(json.dumps([head, ["Autauga County, Alabama", "n/a", "24731", "01", "001"]]))
    with pytest.raises(InputError, match=r"row 1, field 'B01003_001E': expected a whole number, got 'n/a'"):
        J.read_acs(f, "county")
    f.write_text("[]")
    with pytest.raises(InputError, match="expected a JSON array of rows"):
        J.read_acs(f, "county")
    assert J.read_acs(J.ACS_COUNTIES, "county")["01001"] == "59285"


def test_dc_names_come_from_the_aliases_file(tmp_path, table):
    import scripts.lib.geo as G

    src = open(G.__file__, encoding="utf-8").read()
    assert "washington dc" not in src and '"d c"' not in src  # no hard-coded aliases left
    aliases = read_csv_text(G.ALIASES)
    dc = aliases[aliases["jurisdiction_id"] == "11"]
    assert {norm(a) for a in dc["alias"]} >= {"washington dc", "washington d c", "d c"}
    assert (dc["reason"].str.strip() != "").all()
    for name in ("Washington DC", "Washington, D.C.", "D.C.", "d.c."):
        assert state_fips(name) == "11"
