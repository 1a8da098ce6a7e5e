"""ICE's weekly Declined Detainer Outcome Reports of 2017, per jurisdiction, as stored pages report them
(data/raw/statistics/curated-ddor-2017-from-pages/ddor_2017_jurisdiction_figures.csv, hand-recorded facts with
their URLs; the DDOR tables themselves were not readable in the stored copies).

One row per recorded figure: level ``agency`` (a figure as a publication reports it for a jurisdiction; never
summed), or ``nation`` for a national one; the file's metric, unit and source type must be vocabulary terms.
Two outlets giving different figures for the same week (Travis 142 vs 143) are two rows, each with its URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..errors import InputError
from ..io import read_csv_text, row_dicts, to_int
from ..paths import RAW, VALIDATION
from ..periods import period_type
from .common import NATION, Built, Context, rel_raw, sid, stat

NAME = "ddor"
FILE = RAW / "statistics" / "curated-ddor-2017-from-pages" / "ddor_2017_jurisdiction_figures.csv"
COLUMNS = (
    "jurisdiction_id",
    "jurisdiction",
    "state",
    "period_start",
    "period_end",
    "metric",
    "value",
    "unit",
    "report_section",
    "outlet",
    "published_date",
    "source_url",
    "source_type",
    "note",
)


@dataclass
class DdorData:
    path: Path
    figures: pd.DataFrame


def read(path: Path = FILE) -> DdorData:
    df = read_csv_text(path, required=COLUMNS)
    df["value"] = to_int(df, "value", path)
    vocab = yaml.safe_load((VALIDATION / "vocabularies.yaml").read_text(encoding="utf-8"))
    for col, voc in (("metric", "metric"), ("unit", "claim_unit"), ("source_type", "source_type")):
        bad = ~df[col].isin(set(vocab[voc]))
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(path, f"{df[col].iloc[i]!r} is not a {voc} term", where=f"row {i + 2}, field {col!r}")
    for c in ("source_url", "outlet"):
        blank = df[c].str.strip() == ""
        if blank.any():
            raise InputError(path, f"{c} is required", where=f"row {int(blank.to_numpy().nonzero()[0][0]) + 2}")
    return DdorData(path, df)


def facility_keys(data: DdorData) -> None:
    return None


def build(data: DdorData, ctx: Context) -> Built:
    rows = []
    for i, r in enumerate(row_dicts(data.figures), start=2):
        if r["jurisdiction_id"] not in ctx.known:
            raise InputError(
                data.path,
                f"{r['jurisdiction_id']!r} is not in data/processed/jurisdictions.csv",
                where=f"row {i}, field 'jurisdiction_id'",
            )
        section = f"; DDOR {r['report_section']}" if r["report_section"] else ""
        rows.append(
            stat(
                jurisdiction_id=r["jurisdiction_id"],
                aggregation_level="nation" if r["jurisdiction_id"] == NATION else "agency",
                agency=r["jurisdiction"],
                period_start=r["period_start"],
                period_end=r["period_end"],
                period_type=period_type(r["period_start"], r["period_end"]),
                metric=r["metric"],
                value=r["value"],
                unit=r["unit"],
                source_id=sid(data.path),
                source_type=r["source_type"],
                source_url=r["source_url"],
                evidence=f"{rel_raw(data.path)} row {i}: {r['outlet']} ({r['published_date']}){section}",
                note=r["note"],
            )
        )
    return Built(rows=rows, metrics={"ddor_figures": len(rows)})
