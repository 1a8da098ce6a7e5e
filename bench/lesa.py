"""Benchmark of the lesa stage's record path: the 11 ICE ERO-LESA files (2.7 M rows), and a
synthetic 50 M-row LESA-shaped file (``--scale``).

    .venv/bin/python bench/lesa.py [--repeats 3] [--json bench/lesa-results.json]      # part of `make bench`
    .venv/bin/python bench/lesa.py --scale 50000000 [--keep]                           # `make bench-scale`

Each measurement runs in a fresh interpreter (imports not timed), ``--repeats`` times, interleaved; the median
and the best time are reported, with the child's peak resident memory (VmHWM):

- ``bare``: a bare decompress-and-parse of the same files: ``pyarrow.csv.open_csv`` streaming every file, every
  column plain text, one file after another (no dictionary encoding, no checks, nothing kept) — the baseline;
- ``stage``: what the stage does before writing its CSVs (scripts/lib/lesa/): every file read once, normalized,
  validated, written to Parquet (zstd) and counted, two files at a time (params lesa.workers), then the rows
  built by nation, area and facility with every reconciliation;
- ``stage_1worker``: the same, one file at a time (the CPU cost without the second core);
- ``duckdb`` (info, once): DuckDB's ``read_csv`` of the gzip files with the same NA values, ``COPY`` to Parquet
  (zstd), then the same counts as SQL ``GROUP BY`` over the Parquet files: the alternative engine, measured.

Targets: the record path (read + validate + count, Parquet included) ≤ 1.5 x bare (median; must
hold for the best runs too); peak ≤ 1 GB. Reported besides: the CPU-time ratio (all threads), and the whole
stage (+ building the rows and checking the reconciliations, not record-level work).
``--scale N``: writes a synthetic arrests file of N rows (rows resampled from the real FY2017 arrests file,
fixed seed) and runs the stage's ``process_file`` on it (Parquet included): target peak ≤ 2 GB; rows/s
reported. Results go to ``--json`` (default bench/lesa-results.json, not a DVC output). Exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics as stats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"ratio": 1.5, "peak_mb": 1024.0, "scale_peak_mb": 2048.0}


def peak_mb() -> float:
    import re

    m = re.search(r"^VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text(), flags=re.M)
    if m:
        return int(m.group(1)) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, workdir: str, extra: str) -> None:
    sys.path.insert(0, str(ROOT))
    import dataclasses

    import pyarrow as pa
    import pyarrow.csv as pacsv

    from scripts.lib.lesa import records as R
    from scripts.lib.params import stage_params

    params = stage_params("lesa")
    files = [lf for lf in R.load_files() if lf.path is not None]
    out: dict = {"mode": mode}
    cpu0 = time.process_time()
    if mode == "bare":
        t0 = time.perf_counter()
        n = 0
        for lf in files:
            reader = pacsv.open_csv(
                lf.path,
                read_options=pacsv.ReadOptions(
                    skip_rows=R.PREAMBLE_LINES + 1,
                    column_names=list(lf.kind.columns),
                    block_size=int(params.block_size_mb) << 20,
                ),
                parse_options=pacsv.ParseOptions(delimiter="|"),
                convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in lf.kind.columns}),
            )
            for batch in reader:
                n += batch.num_rows
        out.update(seconds=time.perf_counter() - t0, rows=n)
    elif mode in ("stage", "stage_1worker"):
        import scripts.lesa as stage
        from scripts.lib.io import read_csv_text
        from scripts.lib.lesa.landmarks import load_landmarks
        from scripts.lib.lesa.rows import build, fail_broken, lesa_metrics
        from scripts.lib.statistics.common import load_metric_map

        stage.PARQUET = Path(workdir) / "parquet"
        if mode == "stage_1worker":
            params = dataclasses.replace(params, workers=1)
        t0 = time.perf_counter()
        all_files = R.load_files()
        codes = R.aor_codes()
        names = {c: n for n, c in codes.items()} | {R.AOR_NOT_RECORDED: "not recorded"}
        metrics = lesa_metrics(load_metric_map())
        jur = read_csv_text(stage.JURISDICTIONS, required=("jurisdiction_id", "level", "state_abbr", "parent_ids"))
        cw = load_landmarks(jur, set(codes.values()) | {R.AOR_NOT_RECORDED})
        t1 = time.perf_counter()
        c1 = time.process_time()
        results = stage.read_all(all_files, params, frozenset(m.category for m in metrics if m.category))
        t2 = time.perf_counter()
        out["record_cpu_s"] = time.process_time() - c1
        built = build(results, all_files, metrics, codes, names, cw)
        fail_broken(built.checks)
        t3 = time.perf_counter()
        out.update(
            seconds=t3 - t0,
            setup_s=t1 - t0,
            read_validate_count_parquet_s=t2 - t1,
            rows_and_checks_s=t3 - t2,
            rows=sum(r.rows for _, r in results),
            statistics_rows=len(built.rows),
        )
    elif mode == "duckdb":
        import duckdb

        na = ", ".join("'" + v.replace("'", "''") + "'" for v in params.na_values)
        con = duckdb.connect()
        con.execute("SET threads TO 2")
        t0 = time.perf_counter()
        n = 0
        for lf in files:
            pq = Path(workdir) / f"{lf.stem}.parquet"
            cols = ", ".join(f"'{c}': 'VARCHAR'" for c in lf.kind.columns)
            con.execute(
                f"COPY (SELECT * FROM read_csv('{lf.path}', skip={R.PREAMBLE_LINES}, header=true, delim='|', "
                f"quote='\"', escape='\"', columns={{{cols}}}, nullstr=[{na}, ''])) "
                f"TO '{pq}' (FORMAT parquet, COMPRESSION zstd)"
            )
            date = lf.kind.period_date
            q = (
                f"SELECT strftime(strptime(\"{date}\", '%m/%d/%Y'), '%Y%m') AS month, \"{lf.kind.aor}\" AS aor, "
                + (f'"{lf.kind.category}"' if lf.kind.category else "NULL")
                + " AS category, "
                + (f'trim("{lf.kind.landmark}")' if lf.kind.landmark else "NULL")
                + f" AS landmark, count(*) AS n FROM read_parquet('{pq}') GROUP BY ALL"
            )
            counts = con.sql(q).to_arrow_table()
            n += int(pa.compute.sum(counts.column("n")).as_py())
        out.update(seconds=time.perf_counter() - t0, rows=n)
    elif mode == "scale":
        lf = R.LesaFile(R.KINDS["arrests"], 2017, Path(extra), "2016-10-01", "2017-09-30", "synthetic")
        t0 = time.perf_counter()
        res = R.process_file(
            lf,
            Path(workdir) / "scale.parquet",
            na_values=frozenset(params.na_values),
            known_aors=frozenset(R.aor_codes()),
            block_size=int(params.block_size_mb) << 20,
            detail=frozenset({"CAP Local Incarceration", "287(g) Program"}),
            compression=params.parquet_compression,
        )
        out.update(seconds=time.perf_counter() - t0, rows=res.rows, count_groups=res.counts.num_rows)
    out["cpu_s"] = time.process_time() - cpu0  # every thread of the process
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))


def measure(mode: str, workdir: Path, extra: str = "") -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--workdir", str(workdir), "--extra", extra]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if r.returncode != 0:
        return {"mode": mode, "error": (r.stderr or r.stdout).strip().splitlines()[-3:]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def write_synthetic(path: Path, rows: int, seed: int = 20191217) -> None:
    """A LESA-shaped arrests file: the preamble, the header, and ``rows`` records resampled with replacement
    (a bootstrap, fixed seed) from the real FY2017 arrests file, so that areas, methods, landmarks and dates
    keep their joint distribution; written 1 M rows at a time, gzip level 1."""
    sys.path.insert(0, str(ROOT))
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from scripts.lib.lesa import records as R

    real = next(lf for lf in R.load_files() if lf.path and lf.path.name == "EROArrests_FY2017.csv.gz")
    table = pa.Table.from_batches(list(R.read_batches(real.path, real.kind, 1 << 24)))
    table = table.cast(pa.schema([(c, pa.string()) for c in real.kind.columns]))
    rng = np.random.default_rng(seed)
    pad = "|" * 8
    head = [
        '"ERO-LESA Statistical Tracking Unit"' + pad,
        '"For Official Use Only (FOUO)/Pre-decisional"' + pad,
        '"2019-ICFO-53623"' + pad,
        pad,
        '"ERO Administrative Arrests for FY2017 (synthetic)"' + pad,
        "|".join(f'"{c}"' for c in real.kind.columns),
    ]
    options = pacsv.WriteOptions(include_header=False, delimiter="|", quoting_style="needed")
    with pa.CompressedOutputStream(pa.OSFile(str(path), "wb"), "gzip") as out:
        out.write(("\n".join(head) + "\n").encode())
        done = 0
        while done < rows:
            n = min(1_000_000, rows - done)
            pacsv.write_csv(table.take(pa.array(rng.integers(0, table.num_rows, size=n))), out, write_options=options)
            done += n


def machine() -> dict:
    import pyarrow

    return {
        "python": platform.python_version(),
        "pyarrow": pyarrow.__version__,
        "cpus": os.cpu_count(),
        "load_1min": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--extra", default="", help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--scale", type=int, default=0, help="rows of the synthetic file (bench-scale: 50000000)")
    ap.add_argument("--keep", action="store_true", help="keep the synthetic file and Parquet")
    ap.add_argument("--json", default=str(ROOT / "bench" / "lesa-results.json"))
    a = ap.parse_args(argv)
    if a.child:
        child(a.child, a.workdir, a.extra)
        return 0
    results: dict = {"machine": machine(), "targets": TARGETS}
    ok = True
    with tempfile.TemporaryDirectory(prefix="lesa-bench-") as tmp:
        work = Path(tmp)
        if a.scale:
            src = work / "synthetic.csv.gz"
            t0 = time.perf_counter()
            write_synthetic(src, a.scale)
            gen = time.perf_counter() - t0
            r = measure("scale", work, str(src))
            if "error" in r:
                print("scale failed:", r["error"])
                return 1
            r.update(rows_per_s=r["rows"] / r["seconds"], file_mb=src.stat().st_size / 2**20, generate_s=gen)
            ok = r["peak_mb"] <= TARGETS["scale_peak_mb"]
            results["scale"] = r
            print(
                f"synthetic {r['rows']:,} rows ({r['file_mb']:.0f} MB gzip, written in {gen:.0f} s): "
                f"{r['seconds']:.1f} s, {r['rows_per_s']:,.0f} rows/s, peak {r['peak_mb']:.0f} MB "
                f"(target <= {TARGETS['scale_peak_mb']:.0f}) {'PASS' if ok else 'MISS'}"
            )
            if a.keep:
                import shutil

                shutil.copy(src, ROOT / "tmp-lesa-synthetic.csv.gz")
        else:
            runs: dict[str, list[dict]] = {"bare": [], "stage": [], "stage_1worker": []}
            for _ in range(a.repeats):
                for mode in runs:
                    r = measure(mode, work)
                    if "error" in r:
                        print(mode, "failed:", r["error"])
                        return 1
                    runs[mode].append(r)
            runs["duckdb"] = [measure("duckdb", work)]
            summary = {}
            for mode, rs in runs.items():
                if rs and "error" not in rs[0]:
                    secs = [r["seconds"] for r in rs]
                    summary[mode] = {
                        "median_s": stats.median(secs),
                        "best_s": min(secs),
                        "peak_mb": max(r["peak_mb"] for r in rs),
                        "runs": rs,
                    }
            bare, stage = summary["bare"], summary["stage"]
            rec = [r["read_validate_count_parquet_s"] for r in stage["runs"]]
            ratio = stats.median(rec) / bare["median_s"]
            best_ratio = min(rec) / bare["best_s"]
            whole = stage["median_s"] / bare["median_s"]
            cpu = stats.median(r["record_cpu_s"] for r in stage["runs"]) / stats.median(
                r["cpu_s"] for r in bare["runs"]
            )
            ok = max(ratio, best_ratio) <= TARGETS["ratio"] and stage["peak_mb"] <= TARGETS["peak_mb"]
            results.update(summary=summary, ratio=ratio, best_ratio=best_ratio, whole_stage_ratio=whole, cpu_ratio=cpu)
            for mode, s in summary.items():
                print(
                    f"{mode:14} median {s['median_s']:6.2f} s  best {s['best_s']:6.2f} s  peak {s['peak_mb']:6.0f} MB"
                )
            one = summary["stage_1worker"]
            print(
                f"record path (read + validate + count + Parquet) / bare: median {ratio:.2f}, best {best_ratio:.2f} "
                f"(target <= {TARGETS['ratio']}); CPU time {cpu:.2f}; whole stage (+ rows, checks) {whole:.2f}; "
                f"one worker {one['median_s'] / bare['median_s']:.2f}; peak {stage['peak_mb']:.0f} MB "
                f"(target <= {TARGETS['peak_mb']:.0f}) {'PASS' if ok else 'MISS'}"
            )
    Path(a.json).write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
