"""Stage policies: sanctuary policy events and 287(g) agreements, on jurisdiction GEOIDs.

Writes data/processed/sanctuary_policies.csv, data/processed/agreements_287g.csv and metrics/details/policies.json.

- sanctuary_policies: the curated policy events (ordinances, executive orders, laws, the DDOR, the DOJ
  list's publication) and one ``listed_by_doj`` row per jurisdiction of the DOJ list of 2025-08-05.
  Federal events ("United States") have an empty jurisdiction_id (national). The curated source types
  are mapped to the shared vocabulary by data/hand/policy_vocabulary_map.csv.
- agreements_287g: one row per agreement in each of ICE's four spreadsheets (participating and pending,
  May and July 2025). Reading repairs the known defects: ``Signed`` is an Excel serial date (openpyxl
  turns date-formatted serials into datetimes; a bare number is converted from the 1899-12-30 epoch),
  text cells carry trailing spaces ("Task Force Model "), the July file ends in ~70 blank rows, and a few
  signing dates are typos ("5025-07-07", "7/72025", "05/082025") fixed by rows of
  data/hand/corrections.csv (the stage fails if a signing date cannot be read or lies outside 2000 ..
  the snapshot date, naming the cell). County agencies are matched to county GEOIDs through their
  COUNTY cell (then the agency name), municipal agencies to Census places through the agency name,
  state agencies to the state; unresolved agencies keep an empty jurisdiction_id and are counted and
  listed in metrics/details/policies.json.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import us

from scripts.lib.corrections import CORRECTIONS, apply_corrections, check_targets, load_corrections, parse_key
from scripts.lib.errors import InputError, run_stage
from scripts.lib.geo import load_resolver, state_fips
from scripts.lib.io import read_csv_text, row_dicts, write_json
from scripts.lib.manifest import sid
from scripts.lib.paths import HAND, METRICS, RAW
from scripts.lib.schema import columns, write_processed

CURATED = RAW / "statistics" / "curated-detainer-figures-from-pages"
EVENTS = CURATED / "sanctuary_policy_events.csv"
# Policy event files read one after the other (same columns; the last says how the fact was read:
# a snippet of 25 words or fewer, or, where no page text was copied, an ``evidence`` note).
EVENT_FILES = (EVENTS, RAW / "statistics" / "curated-texas-detainer-policy-2017" / "policy_events.csv")
DOJ = CURATED / "doj_sanctuary_jurisdictions_2025-08-05.csv"
ICE_287G = RAW / "statistics" / "ice-287g-participating-agencies-2025"
# ICE names each list by kind and as-of date: participatingAgencies07182025pm.xlsx = participating, 2025-07-18.
SNAPSHOT_NAME = re.compile(r"^(participating|pending)Agencies(\d{2})(\d{2})(\d{4})(am|pm)\.xlsx$")
VOCAB_MAP = HAND / "policy_vocabulary_map.csv"
OUT_METRICS = METRICS / "policies.json"

POLICY_COLUMNS = columns("sanctuary_policies")  # validation/schemas/sanctuary_policies.yaml
AGREEMENT_COLUMNS = columns("agreements_287g")  # validation/schemas/agreements_287g.yaml
EXCEL_EPOCH = date(1899, 12, 30)
HEADER = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE"]


def short_hash(*parts) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


# ------------------------------------------------------------------------------------------------
# 287(g)
# ------------------------------------------------------------------------------------------------
def excel_date(value) -> str:
    """A SIGNED cell as ISO text: datetime (a date-formatted serial) → its date; a number → serial days
    since 1899-12-30; text is kept as written (parsed after corrections); empty → ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
    return str(value).strip()


def parse_signed(text: str) -> str | None:
    """ISO date from corrected SIGNED text (YYYY-MM-DD or M/D/YYYY); None if not a date."""
    if text == "":
        return ""
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    return None


def read_287g(path: Path) -> pd.DataFrame:
    """One ICE spreadsheet → text frame (stripped), blank rows dropped, with each row's sheet row number."""
    try:
        ws = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise InputError(path, f"cannot open as an Excel workbook: {exc}") from None
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        raise InputError(path, f"the first sheet is empty; expected the columns {HEADER}", where="row 1")
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    if header[:5] != HEADER:
        raise InputError(path, f"expected the columns {HEADER} first, got {header[:5]}", where="row 1")
    has_signed = "SIGNED" in header
    out = []
    for n, r in enumerate(rows[1:], start=2):
        cells = ["" if v is None else v for v in r]
        if all(str(v).strip() == "" for v in cells):
            continue  # trailing blank rows
        rec = {
            k: str(cells[i]).strip() for i, k in enumerate(["state", "agency", "agency_type", "county", "support_type"])
        }
        rec["signed_raw"] = excel_date(r[header.index("SIGNED")]) if has_signed else ""
        rec["sheet_row"] = str(n)
        out.append(rec)
    return pd.DataFrame(out)


def usps(state: str) -> str:
    """ICE writes states in capitals ("TENNESSEE") → USPS code; unknown text is kept as written."""
    f = state_fips(state)
    return getattr(us.states.lookup(f), "abbr", state) if f else state


def resolve_agency(r: dict, resolver) -> tuple[str, str]:
    st = state_fips(r["state"])
    if st is None:
        return "", "state not recognised"
    county = "" if r["county"].upper() in ("#N/A", "N/A", "#NA", "") else r["county"]
    kind = r["agency_type"].lower()
    if kind == "state agency":
        return st, "state agency"
    if kind == "county":
        for name, how in ((county, "county cell"), (r["agency"], "agency name")):
            g = resolver.resolve(name, st, level="county") if name else None
            if g:
                return g, how
        return "", "county not resolved"
    if kind == "municipality":
        g = resolver.resolve(r["agency"], st, level="place")
        if g:
            return g, "agency name (place)"
        g = resolver.resolve(county, st, level="county") if county else None
        if g:
            return g, "county cell (municipal agency, place not resolved)"
        return "", "place not resolved"
    return "", f"unknown agency type {r['agency_type']!r}"


def snapshots(folder: Path = ICE_287G) -> list[tuple[Path, str, str]]:
    """(path, list, snapshot date) of every ICE 287(g) spreadsheet in the folder, read from ICE's file names,
    so that a newer snapshot registered in the folder is picked up without a code change."""
    found = []
    for path in sorted(folder.glob("*.xlsx")):
        m = SNAPSHOT_NAME.match(path.name)
        if not m:
            raise InputError(
                path,
                "expected ICE's file name <participating|pending>Agencies<MMDDYYYY><am|pm>.xlsx "
                "(the list and its as-of date are read from it)",
            )
        kind, mm, dd, yyyy, _ = m.groups()
        try:
            snap = date(int(yyyy), int(mm), int(dd)).isoformat()
        except ValueError:
            raise InputError(path, f"the file name's date {mm}/{dd}/{yyyy} is not a real date") from None
        found.append((path, kind, snap))
    if not found:
        raise InputError(folder, "no 287(g) spreadsheets (*.xlsx) found")
    return found


def build_agreements(resolver, corrections: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    frames, applied = [], []
    files = snapshots()
    check_targets(corrections, {path.relative_to(RAW).as_posix() for path, _, _ in files})
    for path, lst, snap in files:
        df = read_287g(path)
        target = path.relative_to(RAW).as_posix()
        df["correction"] = ""
        before = df["signed_raw"].copy()
        df, done = apply_corrections(df, target, corrections)
        for d in done:
            mask = pd.Series(True, index=df.index)
            for k, v in parse_key(d["key"], CORRECTIONS, "").items():
                mask &= df[k].astype(str) == v
            df.loc[mask, "correction"] = f"{d['field']}: {d['old']!r} → {d['new']!r} ({d['reason']})"
        applied += done
        parsed = [parse_signed(v) for v in df["signed_raw"]]
        for i, value in zip(df.index, parsed):
            where = f"row {df.at[i, 'sheet_row']}, field 'SIGNED'"
            if value is None:
                raise InputError(
                    path,
                    f"cannot read the signing date {before[i]!r}; expected a date, or add a "
                    "row to data/hand/corrections.csv",
                    where=where,
                )
            if value and not ("2000-01-01" <= value <= snap):
                raise InputError(
                    path,
                    f"signing date {value} lies outside 2000-01-01..{snap} (the snapshot); "
                    "add a row to data/hand/corrections.csv",
                    where=where,
                )
        df["signed_date"] = parsed
        df["snapshot_date"], df["list"], df["source_id"] = snap, lst, sid(path)
        df["cell"] = path.name + ":" + df["sheet_row"]
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    res = [resolve_agency(r, resolver) for r in row_dicts(df)]
    df["jurisdiction_id"] = [g for g, _ in res]
    df["jurisdiction_match"] = [how for _, how in res]
    df["state"] = df["state"].map(usps)
    df["agency_type"] = df["agency_type"].str.strip()
    keys = df[["snapshot_date", "list", "state", "agency", "support_type", "signed_date"]].astype(str)
    df["agreement_id"] = (
        df["snapshot_date"]
        + ":"
        + df["list"]
        + ":"
        + keys.agg("|".join, axis=1).map(lambda k: hashlib.sha1(k.encode()).hexdigest()[:12])
    )
    dup = df["agreement_id"].duplicated(keep=False)
    if dup.any():
        r = df[dup].iloc[0]
        raise InputError(
            ICE_287G / r["cell"].split(":")[0],
            f"two rows describe the same agreement ({r['agency']}, {r['support_type']}, {r['signed_date']})",
            where=f"row {r['sheet_row']}",
        )
    return df, applied


# ------------------------------------------------------------------------------------------------
# sanctuary policies
# ------------------------------------------------------------------------------------------------
def load_vocab_map(path=VOCAB_MAP) -> dict[tuple[str, str], str]:
    """(field, source value) → vocabulary term; every row must give its reason."""
    df = read_csv_text(path, required=("field", "source_value", "value", "reason"))
    blank = df["reason"].str.strip() == ""
    if blank.any():
        raise InputError(
            path,
            "every mapping needs a reason",
            where=f"row {int(blank.to_numpy().nonzero()[0][0]) + 2}, field 'reason'",
        )
    return {(r["field"], r["source_value"]): r["value"] for r in row_dicts(df)}


def mapped_term(vmap: dict, field: str, source_value: str) -> str:
    """The vocabulary term data/hand/policy_vocabulary_map.csv gives a source value, or a clear error."""
    try:
        return vmap[(field, source_value)]
    except KeyError:
        raise InputError(
            VOCAB_MAP, f"no mapping for {field} = {source_value!r}; add a row (field, source_value, value, reason)"
        ) from None


def read_events(path: Path) -> pd.DataFrame:
    ev = read_csv_text(
        path,
        required=(
            "jurisdiction",
            "jurisdiction_type",
            "state",
            "event_date",
            "date_precision",
            "event_type",
            "instrument",
            "description_short",
            "source_url",
            "source_type",
        ),
    )
    evidence = [c for c in ("quote_snippet_under_25_words", "evidence") if c in ev.columns]
    if len(evidence) != 1:
        raise InputError(path, "expected one of the columns quote_snippet_under_25_words or evidence", where="header")
    return ev.rename(columns={evidence[0]: "evidence"})


def event_rows(path: Path, resolver, vmap: dict) -> list[dict]:
    """The rows of one policy event file (federal events have an empty jurisdiction_id)."""
    rows = []
    ev = read_events(path)
    for i, r in enumerate(row_dicts(ev), start=2):
        where = f"row {i}"
        if r["jurisdiction_type"] == "federal":
            jid = ""
        else:
            jid = resolver.resolve_strict(
                r["jurisdiction"], r["state"] or None, file=path, where=f"{where}, field 'jurisdiction'"
            )
        st = vmap.get(("source_type", r["source_type"]))
        if st is None:
            raise InputError(
                path,
                f"source_type {r['source_type']!r} has no row in {VOCAB_MAP.name}",
                where=f"{where}, field 'source_type'",
            )
        if r["date_precision"] not in ("day", "month", "year", "unknown"):
            raise InputError(path, f"unknown date_precision {r['date_precision']!r}", where=where)
        rows.append(
            {
                "jurisdiction_id": jid,
                "jurisdiction_name": r["jurisdiction"],
                "event_date": r["event_date"],
                "date_precision": r["date_precision"],
                "event_type": r["event_type"],
                "instrument": r["instrument"],
                "description": r["description_short"],
                "source_id": sid(path),
                "source_type": st,
                "source_url": r["source_url"],
                "evidence": r["evidence"],
            }
        )
    return rows


def build_policies(resolver, vmap: dict) -> pd.DataFrame:
    rows = []
    for path in EVENT_FILES:
        rows += event_rows(path, resolver, vmap)
    ev = read_events(EVENTS)
    doj = read_csv_text(
        DOJ, required=("list_date", "publisher", "jurisdiction_name", "jurisdiction_type", "state_abbr", "notes")
    )
    published = ev[ev["event_type"] == "list_published"]
    for i, r in enumerate(row_dicts(doj), start=2):
        jid = resolver.resolve_strict(
            r["jurisdiction_name"], r["state_abbr"], file=DOJ, where=f"row {i}, field 'jurisdiction_name'"
        )
        url = published.loc[published["event_date"] == r["list_date"], "source_url"]
        rows.append(
            {
                "jurisdiction_id": jid,
                "jurisdiction_name": r["jurisdiction_name"],
                "event_date": r["list_date"],
                "date_precision": "day",
                "event_type": "listed_by_doj",
                "instrument": f"{r['publisher']} list of sanctuary jurisdictions ({r['list_date']})",
                "description": f"listed as {r['jurisdiction_type']}" + (f"; {r['notes']}" if r["notes"] else ""),
                "source_id": sid(DOJ),
                "source_type": mapped_term(vmap, "source_type", "official_text_via_mirror"),
                "source_url": url.iloc[0] if len(url) == 1 else "",
                "evidence": (
                    f"{DOJ.name} row {i}: {r['jurisdiction_name']}, {r['state_abbr']} ({r['jurisdiction_type']})"
                ),
            }
        )
    df = pd.DataFrame(rows, columns=POLICY_COLUMNS[1:])
    df["policy_id"] = (
        df["source_id"]
        + ":"
        + [
            short_hash(a, b, c, d, e)
            for a, b, c, d, e in zip(
                df["jurisdiction_id"], df["jurisdiction_name"], df["event_date"], df["event_type"], df["instrument"]
            )
        ]
    )
    if df["policy_id"].duplicated().any():
        raise InputError(
            EVENTS, f"duplicate policy event {df.loc[df['policy_id'].duplicated(), 'jurisdiction_name'].iloc[0]!r}"
        )
    return df[POLICY_COLUMNS]


def main() -> None:
    resolver = load_resolver()
    policies = build_policies(resolver, load_vocab_map())
    agreements, applied = build_agreements(resolver, load_corrections(CORRECTIONS))
    unresolved = agreements[agreements["jurisdiction_id"] == ""]
    doj = policies[policies["event_type"] == "listed_by_doj"]
    metrics = {
        "sanctuary_policies": int(len(policies)),
        "doj_listed": int(len(doj)),
        "doj_listed_by_level": {
            str(k): int(v)
            for k, v in doj["jurisdiction_id"]
            .str.len()
            .map({2: "state", 5: "county", 7: "place"})
            .value_counts()
            .sort_index()
            .items()
        },
        "agreements_287g": int(len(agreements)),
        "agreements_by_snapshot": {
            f"{s}:{l}": int(n) for (s, l), n in agreements.groupby(["snapshot_date", "list"]).size().items()
        },
        "agreements_with_jurisdiction": int((agreements["jurisdiction_id"] != "").sum()),
        "agreements_unresolved": int(len(unresolved)),
        "agreements_unresolved_list": sorted(
            {f"{r['state']}: {r['agency']} ({r['agency_type']}; county {r['county']!r})" for r in row_dicts(unresolved)}
        ),
        "corrections_applied": applied,
    }
    write_processed(policies, "sanctuary_policies")
    write_processed(agreements, "agreements_287g")
    write_json(OUT_METRICS, metrics)


if __name__ == "__main__":
    run_stage(main)
