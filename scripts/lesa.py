"""Stage lesa: ICE ERO-LESA record-level arrests, encounters and removals FY2016-FY2019 → statistics rows.

Reads each gzip file listed in data/hand/lesa_files.csv once (streaming, in parallel over files): checks it,
stores it as Parquet in data/interim/lesa/ (the DVC-cached record store: NA as nulls, dates as dates) and
counts it (scripts/lib/lesa/records.py). The counts become detainer_statistics rows by nation, area of
responsibility and facility, with the records no landmark places counted as unplaced
(scripts/lib/lesa/rows.py, crosswalk data/hand/lesa_landmarks.csv). Writes the interim tables the statistics
stage appends (data/interim/statistics/lesa.csv, data/interim/facilities/lesa.csv) and metrics/details/lesa.json.

The Parquet record store is written as the files are read (each file atomically); the interim tables and the
metrics are written only if every reconciliation holds: rows per file and national totals equal
data/hand/expected_totals.csv, months sum to years, areas to the nation, facilities plus unplaced records to the
nation; and the crosswalk covers at least params ``lesa.min_landmark_coverage`` of the records of each metric in
``lesa.landmark_coverage_metrics``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import read_csv_text, write_json, write_table
from scripts.lib.lesa.landmarks import LANDMARKS, load_landmarks
from scripts.lib.lesa.records import AOR_NOT_RECORDED, LESA, FileResult, LesaFile, aor_codes, load_files, process_file
from scripts.lib.lesa.rows import build, fail_broken, lesa_metrics
from scripts.lib.params import LesaParams, stage_params
from scripts.lib.paths import INTERIM, METRICS, PROCESSED
from scripts.lib.statistics.common import load_metric_map
from scripts.lib.statistics.facilities import FACILITY_COLUMNS
from scripts.lib.statistics.interim import INTERIM_COLUMNS, INTERIM_FACILITIES, INTERIM_STATISTICS

PARQUET = INTERIM / "lesa"
OUT_ROWS = INTERIM_STATISTICS / "lesa.csv"
OUT_FACILITIES = INTERIM_FACILITIES / "lesa.csv"
OUT_METRICS = METRICS / "lesa.json"
JURISDICTIONS = PROCESSED / "jurisdictions.csv"


def read_all(files: list[LesaFile], params: LesaParams, detail: frozenset[str]) -> list[tuple[LesaFile, FileResult]]:
    """Every obtained file read once, ``params.workers`` at a time, largest first (each file streams in
    batches, so memory is bounded by workers x batch size; with several workers each file is parsed on its
    own thread); results in file order."""
    present = [lf for lf in files if lf.path is not None]
    known = frozenset(aor_codes())
    workers = int(params.workers)

    def one(lf: LesaFile) -> FileResult:
        return process_file(
            lf,
            PARQUET / f"{lf.stem}.parquet",
            na_values=frozenset(params.na_values),
            known_aors=known,
            block_size=int(params.block_size_mb) << 20,
            detail=detail,
            compression=params.parquet_compression,
            use_threads=workers == 1,
        )

    largest_first = sorted(present, key=lambda lf: (-lf.path.stat().st_size, lf.path.name))  # type: ignore[union-attr]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = dict(zip(largest_first, pool.map(one, largest_first), strict=True))
    return [(lf, done[lf]) for lf in present]


def check_coverage(coverage: dict[str, float], metrics: list[str], minimum: float) -> None:
    for metric in metrics:
        share = coverage[metric]
        if share < minimum:
            raise InputError(
                LANDMARKS,
                f"the crosswalk covers {share:.1%} of the {metric} records, less than the {minimum:.0%} required "
                "(params lesa.min_landmark_coverage): add rows for the most frequent uncoded landmarks "
                "(metrics/details/lesa.json lists the shares)",
            )


def main() -> None:
    params = stage_params("lesa")
    files = load_files()
    codes = aor_codes()
    names = {c: n for n, c in codes.items()} | {AOR_NOT_RECORDED: "area of responsibility not recorded"}
    metrics = lesa_metrics(load_metric_map())
    jurisdictions = read_csv_text(JURISDICTIONS, required=("jurisdiction_id", "level", "state_abbr", "parent_ids"))
    crosswalk = load_landmarks(jurisdictions, set(codes.values()) | {AOR_NOT_RECORDED})
    detail = frozenset(m.category for m in metrics if m.category)
    results = read_all(files, params, detail)
    built = build(results, files, metrics, codes, names, crosswalk)
    fail_broken(built.checks)
    check_coverage(
        built.metrics["landmark_crosswalk_coverage"],
        list(params.landmark_coverage_metrics),
        float(params.min_landmark_coverage),
    )
    write_table(built.rows, OUT_ROWS, INTERIM_COLUMNS, INTERIM_COLUMNS)
    write_table(built.facilities, OUT_FACILITIES, FACILITY_COLUMNS, ["facility_id"])
    write_json(OUT_METRICS, {"source": LESA.name, **built.metrics, "reconciliations": built.checks})


if __name__ == "__main__":
    run_stage(main)
