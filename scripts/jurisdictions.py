"""Stage jurisdictions: every state, county and Census place on its GEOID → data/processed/jurisdictions.csv.

Inputs (data/raw/reference/): the 2025 Gazetteer (places and counties), Geocorr 2022 (which counties each
place lies in, by 2020 population), PEP county estimates V2023 (V2019 for the 8 Connecticut counties
the 2025 geography replaced), ACS 2019-2023 (places; Puerto Rico municipios), UWCHR county → ICE AOR
and the Deportation Data Project's 2025 field-office lookup. The hand-coded aliases
(data/hand/jurisdiction_aliases.csv) are checked against the table, and every jurisdiction named by the
curated sources (DOJ list, jurisdiction claims, policy events) must resolve, or the stage fails.

Rows:
- nation: one row, jurisdiction_id "US", the whole United States (national figures; "" elsewhere means the
  place is unknown).
- state (2-digit GEOID): the 50 states, DC and Puerto Rico (those in the Gazetteer), plus Guam, the
  Northern Mariana Islands and the Virgin Islands (listed by the DDP field-office file); names from `us`.
- county (5 digits): every 2025 Gazetteer county, plus the 8 pre-2022 Connecticut counties that the
  2020-geography sources (Geocorr, NPR-era facilities) use, marked ``current = false``.
- place (7 digits): every 2025 Gazetteer place. ``county_fips`` is the principal county (largest share
  of the place's 2020 population, Geocorr afact2) and ``parent_ids`` lists every county the place
  touches, largest share first (New York city → its five boroughs). Places absent from Geocorr (post-2020
  places) have both empty.
"""

from __future__ import annotations

import json

import pandas as pd
import us

from scripts.lib.errors import InputError, run_stage
from scripts.lib.geo import ALIASES, norm, resolver_from_rows
from scripts.lib.io import check_columns, read_csv_text, row_dicts
from scripts.lib.manifest import sid
from scripts.lib.params import stage_params
from scripts.lib.paths import RAW
from scripts.lib.schema import columns, write_processed

CENSUS = RAW / "reference" / "census-reference"
GAZ_PLACES = CENSUS / "2025_Gaz_place_national.txt"
GAZ_COUNTIES = CENSUS / "2025_Gaz_counties_national.txt"
GEOCORR = CENSUS / "geocorr2022_county_place_2020pop.csv"
PEP_2023 = CENSUS / "co-est2023-alldata.csv"
PEP_2019 = CENSUS / "co-est2019-alldata.csv"
ACS_PLACES = CENSUS / "acs5_2023_place_population.json"
ACS_COUNTIES = CENSUS / "acs5_2023_county_population.json"
UWCHR_AOR = RAW / "reference" / "uwchr-ice-aor-reference" / "county_aor.csv"
DDP_AOR = RAW / "reference" / "deportationdata-ice-aor-offices" / "ice-areas-of-responsibility.csv"
CURATED = RAW / "statistics" / "curated-detainer-figures-from-pages"
NATION_ID = "US"  # the whole United States (contract C1: "" means the place is unknown, never national)


# --- readers (each one knows its file's defects) -----------------------------------------------------
def read_gazetteer(path) -> pd.DataFrame:
    return read_csv_text(path, required=("USPS", "GEOID", "NAME"), sep="|")


def read_geocorr(path=GEOCORR) -> pd.DataFrame:
    """Geocorr 2022: Latin-1, a second header row of labels (dropped after checking it), afact fields
    with a trailing space. Returns county, place GEOID (7 digits), pop20, afact2 (float)."""
    df = read_csv_text(path, encoding="latin-1", required=("county", "state", "place", "pop20", "afact2"))
    if df.empty or not df.iloc[0]["county"].startswith("County code"):
        raise InputError(path, "expected the second row to be Geocorr's label row ('County code', ...)", where="row 2")
    df = df.iloc[1:]
    df = df[df["place"].str.strip() != "99999"].copy()  # county remainder outside any place
    df["place_geoid"] = df["state"].str.zfill(2) + df["place"].str.zfill(5)
    df["county"] = df["county"].str.zfill(5)
    df["afact2"] = pd.to_numeric(df["afact2"].str.strip().replace("", "0"), errors="coerce")
    if df["afact2"].isna().any():
        i = int(df["afact2"].isna().to_numpy().nonzero()[0][0])
        raise InputError(
            path, f"expected a number, got {df['afact2'].iloc[i]!r}", where=f"row {df.index[i] + 2}, field 'afact2'"
        )
    pop = df["pop20"].str.strip()
    bad = ~pop.str.fullmatch(r"\d+")
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(
            path, f"expected a whole number, got {df['pop20'].iloc[i]!r}", where=f"row {df.index[i] + 2}, field 'pop20'"
        )
    df["pop20"] = pop.astype("int64")
    return df[["county", "place_geoid", "pop20", "afact2", "CountyName", "PlaceName"]]


def read_pep(path, year: int, encoding: str) -> pd.DataFrame:
    """PEP county totals. V2023 is unpadded UTF-8; V2019/V2009 are zero-padded Latin-1 with CRLF.
    Returns geoid (2 digits for states, 5 for counties), name, population."""
    col = f"POPESTIMATE{year}"
    df = read_csv_text(path, encoding=encoding, required=("SUMLEV", "STATE", "COUNTY", "CTYNAME", col))
    sumlev = df["SUMLEV"].str.zfill(3)
    st = df["STATE"].str.zfill(2)
    geoid = st.where(sumlev == "040", st + df["COUNTY"].str.zfill(3))
    return pd.DataFrame({"geoid": geoid, "name": df["CTYNAME"], "population": df[col].str.strip(), "sumlev": sumlev})


def read_acs(path, geo: str) -> dict[str, str]:
    """Census API JSON (array of arrays, header first) → {GEOID: population}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read Census API JSON: {exc}") from None
    if not isinstance(data, list) or not data or not isinstance(data[0], list):
        raise InputError(path, "expected a JSON array of rows, header first", where="row 0")
    header = data[0]
    if header[:2] != ["NAME", "B01003_001E"] or header[-1] != geo or len(header) < 5:
        raise InputError(
            path,
            f"unexpected header {header}; expected NAME, B01003_001E, ..., {geo} (at least 5 fields)",
            where="row 0",
        )
    out = {}
    for i, r in enumerate(data[1:], start=1):  # row 0 is the header
        if not isinstance(r, list) or len(r) != len(header) or not all(isinstance(v, str) for v in r):
            raise InputError(path, f"expected {len(header)} text fields like the header, got {r!r}", where=f"row {i}")
        if not r[1].isdigit():
            raise InputError(path, f"expected a whole number, got {r[1]!r}", where=f"row {i}, field 'B01003_001E'")
        out[r[3] + r[4]] = r[1]
    return out


def read_ddp_aor(path=DDP_AOR) -> pd.DataFrame:
    """DDP field offices: header and values written `"a", "b"` → read with skipinitialspace."""
    df = read_csv_text(path, skipinitialspace=True)
    check_columns(df, path, ("office_name", "state_name", "county_name"))
    return df


# --- builders -------------------------------------------------------------------------------------
def build_nation(pep23: pd.DataFrame) -> pd.DataFrame:
    """One row for the whole United States (jurisdiction_id "US", level nation), so that national figures
    have a jurisdiction distinct from "" (place unknown). Population: the sum of PEP V2023's state rows
    (the 50 states and DC; Puerto Rico is not in PEP's county file)."""
    states = pep23[pep23["sumlev"] == "040"]
    return pd.DataFrame(
        [
            {
                "jurisdiction_id": NATION_ID,
                "name": "United States",
                "level": "nation",
                "state_fips": "",
                "county_fips": "",
                "state_abbr": "",
                "parent_ids": "",
                "principal_county_share": "",
                "population": str(states["population"].astype("int64").sum()) if len(states) else "",
                "population_year": "2023" if len(states) else "",
                "population_source": sid(PEP_2023) if len(states) else "",
                "funcstat": "",
                "current": "true",
                "source_id": sid(PEP_2023),
            }
        ]
    )


def build_states(gaz_counties: pd.DataFrame, pep23: pd.DataFrame) -> pd.DataFrame:
    usps = sorted(set(gaz_counties["USPS"]))
    rows = []
    pop = dict(zip(pep23.loc[pep23.sumlev == "040", "geoid"], pep23.loc[pep23.sumlev == "040", "population"]))
    for abbr in usps:
        s = us.states.lookup(abbr)
        if s is None or s.abbr != abbr:
            raise InputError(GAZ_COUNTIES, f"unknown USPS state code {abbr!r}", where="field 'USPS'")
        rows.append(
            {
                "jurisdiction_id": s.fips,
                "name": s.name,
                "level": "state",
                "state_fips": s.fips,
                "county_fips": "",
                "state_abbr": abbr,
                "parent_ids": "",
                "principal_county_share": "",
                "population": pop.get(s.fips, ""),
                "population_year": "2023" if s.fips in pop else "",
                "population_source": sid(PEP_2023) if s.fips in pop else "",
                "funcstat": "",
                "current": "true",
                "source_id": sid(GAZ_COUNTIES),
            }
        )
    return pd.DataFrame(rows)


def build_territories(ddp: pd.DataFrame, have: set[str]) -> pd.DataFrame:
    """Territories without Gazetteer rows (Guam, CNMI, USVI) that the DDP field-office file lists as
    states: state-level rows, so FOIA figures located there keep a jurisdiction. Matched by name
    ending (DDP writes "Commonwealth of the Northern Mariana Islands")."""
    names = {norm(n) for n in ddp["state_name"]}
    rows = []
    for t in us.states.TERRITORIES:
        if t.fips in have or not any(n == norm(t.name) or n.endswith(" " + norm(t.name)) for n in names):
            continue
        rows.append(
            {
                "jurisdiction_id": t.fips,
                "name": t.name,
                "level": "state",
                "state_fips": t.fips,
                "county_fips": "",
                "state_abbr": t.abbr,
                "parent_ids": "",
                "principal_county_share": "",
                "population": "",
                "population_year": "",
                "population_source": "",
                "funcstat": "",
                "current": "true",
                "source_id": sid(DDP_AOR),
            }
        )
    return pd.DataFrame(rows)


def build_counties(
    gaz: pd.DataFrame, geocorr: pd.DataFrame, pep23: pd.DataFrame, pep19: pd.DataFrame, acs: dict[str, str]
) -> pd.DataFrame:
    pop23 = dict(zip(pep23["geoid"], pep23["population"]))
    cur = pd.DataFrame(
        {
            "jurisdiction_id": gaz["GEOID"],
            "name": gaz["NAME"],
            "state_abbr": gaz["USPS"],
            "current": "true",
            "source_id": sid(GAZ_COUNTIES),
        }
    )
    cur["population"] = cur["jurisdiction_id"].map(lambda g: pop23.get(g, acs.get(g, "")))
    cur["population_year"] = cur["jurisdiction_id"].map(
        lambda g: "2023" if g in pop23 else ("2019-2023" if g in acs else "")
    )
    cur["population_source"] = cur["jurisdiction_id"].map(
        lambda g: sid(PEP_2023) if g in pop23 else (sid(ACS_COUNTIES) if g in acs else "")
    )
    # counties of the 2020 geography that the 2025 Gazetteer no longer has (Connecticut's 8 counties)
    old_ids = sorted(set(geocorr["county"]) - set(gaz["GEOID"]))
    p19 = pep19.set_index("geoid")
    missing = [g for g in old_ids if g not in p19.index]
    if missing:
        raise InputError(PEP_2019, f"no PEP V2019 row for Geocorr counties {missing}")
    old = pd.DataFrame(
        {
            "jurisdiction_id": old_ids,
            "name": [p19.loc[g, "name"] for g in old_ids],
            "state_abbr": [getattr(us.states.lookup(g[:2]), "abbr", "") for g in old_ids],
            "current": "false",
            "source_id": sid(GEOCORR),
            "population": [p19.loc[g, "population"] for g in old_ids],
            "population_year": "2019",
            "population_source": sid(PEP_2019),
        }
    )
    out = pd.concat([cur, old], ignore_index=True)
    out["level"] = "county"
    out["state_fips"] = out["jurisdiction_id"].str[:2]
    out["county_fips"] = out["jurisdiction_id"]
    out["parent_ids"] = out["state_fips"]
    out["principal_county_share"] = ""
    out["funcstat"] = ""
    return out


def build_places(gaz: pd.DataFrame, geocorr: pd.DataFrame, acs: dict[str, str]) -> pd.DataFrame:
    parts = geocorr[geocorr["afact2"] > 0].sort_values(
        ["place_geoid", "afact2", "county"], ascending=[True, False, True], kind="mergesort"
    )
    parents = parts.groupby("place_geoid", sort=True).agg(
        parent_ids=("county", ";".join), county_fips=("county", "first"), share=("afact2", "first")
    )
    out = pd.DataFrame(
        {
            "jurisdiction_id": gaz["GEOID"],
            "name": gaz["NAME"],
            "state_abbr": gaz["USPS"],
            "funcstat": gaz["FUNCSTAT"],
            "level": "place",
            "current": "true",
            "source_id": sid(GAZ_PLACES),
        }
    )
    out = out.join(parents, on="jurisdiction_id")
    out["parent_ids"] = out["parent_ids"].fillna("")
    out["county_fips"] = out["county_fips"].fillna("")
    out["principal_county_share"] = out["share"].map(lambda x: "" if pd.isna(x) else f"{x:.4f}")
    out["state_fips"] = out["jurisdiction_id"].str[:2]
    out["population"] = out["jurisdiction_id"].map(lambda g: acs.get(g, ""))
    out["population_year"] = out["population"].map(lambda p: "2019-2023" if p else "")
    out["population_source"] = out["population"].map(lambda p: sid(ACS_PLACES) if p else "")
    return out.drop(columns=["share"])


def assign_aor(df: pd.DataFrame, uwchr: pd.DataFrame, ddp: pd.DataFrame) -> pd.DataFrame:
    """ICE AOR (UWCHR 2024 code) per county; a place takes its principal county's, a state the single
    AOR of all its counties (empty when split). Same for the DDP 2025 field office name."""
    aor = dict(zip(uwchr["geoid"].str.zfill(5), uwchr["aor"]))
    office = field_offices_2025(df, ddp)
    df = df.copy()
    for col, lookup in (("ice_aor", aor), ("ice_field_office_2025", office)):
        county_val = df["county_fips"].map(lambda c, lookup=lookup: lookup.get(c, "") if c else "")
        by_state = {}
        for st, vals in county_val[df["level"] == "county"].groupby(df["state_fips"]):
            distinct = set(vals) - {""}
            by_state[st] = distinct.pop() if len(distinct) == 1 else ""
        df[col] = county_val
        # counties of a whole-state AOR that the AOR file lacks (old CT counties) take the state's AOR
        fill = (df[col] == "") & (df["level"].isin(["county", "state"]))
        df.loc[fill, col] = df.loc[fill, "state_fips"].map(lambda s, by_state=by_state: by_state.get(s, ""))
        places = df["level"] == "place"
        df.loc[places & (df["county_fips"] == ""), col] = df.loc[places & (df["county_fips"] == ""), "state_fips"].map(
            lambda s, by_state=by_state: by_state.get(s, "")
        )
    return df


def field_offices_2025(df: pd.DataFrame, ddp: pd.DataFrame) -> dict[str, str]:
    """County GEOID → DDP 2025 field office. Whole-state rows apply to every county of the state;
    county rows (TX, NY, CA) are matched to GEOIDs by name within the state."""
    counties = df[df["level"] == "county"]
    out: dict[str, str] = {}
    by_name = {}
    for g, name in zip(counties["jurisdiction_id"], counties["name"]):
        by_name[(g[:2], name.casefold())] = g
    states = {r["name"]: r["jurisdiction_id"] for r in row_dicts(df[df["level"] == "state"])}
    for i, r in enumerate(row_dicts(ddp), start=2):
        st = states.get(r["state_name"])
        if st is None:
            continue  # territories the Gazetteer lacks (Guam, USVI, CNMI); completeness is checked below
        if r["county_name"] == "":
            for g in counties.loc[counties["state_fips"] == st, "jurisdiction_id"]:
                out.setdefault(g, r["office_name"])
        else:
            g = by_name.get((st, f"{r['county_name']} county".casefold()))
            if g is None:
                raise InputError(
                    DDP_AOR,
                    f"county {r['county_name']!r} not found in {r['state_name']}",
                    where=f"row {i}, field 'county_name'",
                )
            out[g] = r["office_name"]
    lacking = sorted(set(counties.loc[counties["current"] == "true", "jurisdiction_id"]) - set(out))
    if lacking:
        raise InputError(
            DDP_AOR,
            f"{len(lacking)} counties have no field office, e.g. {lacking[:3]}; "
            "expected a whole-state row or a county row for each",
        )
    return out


def build_table() -> pd.DataFrame:
    gaz_p, gaz_c = read_gazetteer(GAZ_PLACES), read_gazetteer(GAZ_COUNTIES)
    geocorr = read_geocorr()
    pep23 = read_pep(PEP_2023, 2023, "utf-8")
    pep19 = read_pep(PEP_2019, 2019, "latin-1")
    acs_c, acs_p = read_acs(ACS_COUNTIES, "county"), read_acs(ACS_PLACES, "place")
    ddp = read_ddp_aor()
    states = build_states(gaz_c, pep23)
    df = pd.concat(
        [
            build_nation(pep23),
            states,
            build_territories(ddp, set(states["jurisdiction_id"])),
            build_counties(gaz_c, geocorr, pep23, pep19, acs_c),
            build_places(gaz_p, geocorr, acs_p),
        ],
        ignore_index=True,
    )
    dup = df["jurisdiction_id"][df["jurisdiction_id"].duplicated()]
    if not dup.empty:
        raise InputError(GAZ_PLACES, f"duplicate GEOID {dup.iloc[0]!r}")
    uwchr = read_csv_text(UWCHR_AOR, required=("geoid", "aor"))
    df = assign_aor(df, uwchr, ddp)
    # territories have no counties here: take the field office of their whole-territory DDP row
    whole = {norm(r["state_name"]): r["office_name"] for r in row_dicts(ddp[ddp["county_name"] == ""])}
    terr = df["source_id"] == sid(DDP_AOR)
    df.loc[terr, "ice_field_office_2025"] = df.loc[terr, "name"].map(
        lambda n: next((o for k, o in sorted(whole.items()) if k == norm(n) or k.endswith(" " + norm(n))), "")
    )
    return df[columns("jurisdictions")]


def check_names(resolver, required_places: list[str]) -> None:
    """Every jurisdiction the curated sources name must resolve; the params' extra places must exist."""
    for g in required_places:
        if resolver.get(str(g)) is None:
            raise InputError(
                "params.yaml", f"extra place {g!r} is not a Census place GEOID", where="jurisdictions.required_places"
            )
    checks = [
        ("doj_sanctuary_jurisdictions_2025-08-05.csv", "jurisdiction_name", "state_abbr"),
        ("jurisdiction_detainer_claims.csv", "jurisdiction", "state"),
        ("sanctuary_policy_events.csv", "jurisdiction", "state"),
    ]
    for fname, ncol, scol in checks:
        path = CURATED / fname
        df = read_csv_text(path, required=(ncol, scol))
        for i, r in enumerate(row_dicts(df), start=2):
            if r[scol] == "" and r.get("jurisdiction_type") == "federal":
                continue  # national rows ("United States")
            resolver.resolve_strict(r[ncol], r[scol] or None, file=path, where=f"row {i}, field {ncol!r}")


def main() -> None:
    params = stage_params("jurisdictions")
    df = build_table()
    rows = {r["jurisdiction_id"]: r for r in row_dicts(df.astype(str))}
    resolver = resolver_from_rows(rows, ALIASES)
    check_names(resolver, params.required_places)
    write_processed(df, "jurisdictions")


if __name__ == "__main__":
    run_stage(main)
