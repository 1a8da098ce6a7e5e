"""Stage statistics: public detainer statistics in one long table, and the facility crosswalk.

Writes data/processed/facilities.csv, data/processed/detainer_statistics.csv and metrics/statistics.json.

Each source is a module of scripts/lib/statistics/ (its reader, its rows, its own checks; the package
docstring says how to add one): ``npr`` (NPR's FOIA 15-87693 aggregates, national and by facility), ``pa``
(the Pennsylvania record-level file), ``mn`` (Minnesota, DDP) and ``curated`` (figures from pages).

This stage only assembles: read every source; build one facility crosswalk (scripts/lib/statistics/
facilities.py) from the facilities they name, plus those other stages placed (data/interim/facilities/);
build each source's rows, checks and metrics; append the interim tables other stages wrote
(data/interim/statistics/); assign stat_ids; write the tables and the reconciliations.
"""

from __future__ import annotations

import pandas as pd

from scripts.lib.coverage import EXPECTED_TOTALS
from scripts.lib.errors import InputError, run_stage
from scripts.lib.geo import load_resolver
from scripts.lib.io import write_json
from scripts.lib.params import StatisticsParams, stage_params
from scripts.lib.paths import METRICS
from scripts.lib.schema import write_processed
from scripts.lib.statistics import curated, mn, npr, pa
from scripts.lib.statistics.common import (
    FACILITY_KEY_COLUMNS,
    STAT_COLUMNS,
    Context,
    assign_ids,
    check_jurisdictions,
    load_metric_map,
)
from scripts.lib.statistics.facilities import (
    FacilityMatcher,
    build_facilities,
    facility_index,
    load_facility_matches,
)
from scripts.lib.statistics.interim import append_facilities, read_interim_facilities, read_interim_tables

OUT_METRICS = METRICS / "statistics.json"

# The source modules, in the order their reconciliations are reported.
SOURCES = (npr, pa, mn, curated)


def build_all(params: StatisticsParams | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Everything the stage computes: (facilities, detainer_statistics, metrics); nothing is written."""
    params = stage_params("statistics") if params is None else params
    resolver = load_resolver()
    data = {source.NAME: source.read() for source in SOURCES}
    keys = [source.facility_keys(data[source.NAME]) for source in SOURCES]
    matcher = FacilityMatcher(resolver, load_facility_matches(), params.fuzzy_facility_min_score)
    known = set(resolver.rows)
    facilities = append_facilities(
        build_facilities(
            pd.concat([k[FACILITY_KEY_COLUMNS] for k in keys if k is not None], ignore_index=True), matcher
        ),
        read_interim_facilities(),
        known,
    )
    ctx = Context(
        resolver=resolver,
        known=known,
        metric_map=load_metric_map(),
        facilities=facilities,
        fac_index=facility_index(facilities),
        params=params,
        data=data,
    )
    built = [source.build(data[source.NAME], ctx) for source in SOURCES]
    rows = pd.DataFrame([row for b in built for row in b.rows], columns=STAT_COLUMNS)
    stats = assign_ids(pd.concat([rows, *read_interim_tables()], ignore_index=True))
    check_jurisdictions(stats, ctx.known)
    recon = [c for b in built for c in b.checks]
    fail_broken_reconciliation(recon)
    metrics = {
        "facilities": int(len(facilities)),
        "facilities_by_match_method": {
            k: int(v) for k, v in facilities["match_method"].value_counts().sort_index().items()
        },
        **{k: v for b in built for k, v in b.metrics.items()},
        "statistics_rows": int(len(stats)),
        "statistics_rows_by_source": {k: int(v) for k, v in stats["source_id"].value_counts().sort_index().items()},
        "reconciliations": recon,
    }
    return facilities, stats, metrics


def fail_broken_reconciliation(checks: list[dict]) -> None:
    """A reconciliation that does not hold stops the stage (InputError, exit 2; nothing is written): the raw
    files, a hand file or the code changed, and the published tables would be wrong."""
    for c in checks:
        if not c["ok"]:
            extra = f", accepted difference {c['known_difference']}" if "known_difference" in c else ""
            raise InputError(
                EXPECTED_TOTALS,
                f"reconciliation {c['name']} broke: expected {c['expected']!r}{extra}, got {c['actual']!r}"
                + (f" ({c['detail']})" if c["detail"] else ""),
                where=f"check {c['name']}",
            )


def main() -> None:
    facilities, stats, metrics = build_all()
    write_processed(facilities, "facilities")
    write_processed(stats, "detainer_statistics")
    write_json(OUT_METRICS, metrics)


if __name__ == "__main__":
    run_stage(main)
