"""Benchmark of the build: rebuild times and record-level throughput, with targets.

    make bench                                  # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py [--rows 2000000] [--repeats 5] [--source clone|worktree]
                                  [--skip-repro] [--skip-records] [--json bench/results.json] [--keep]

Rebuild figures, in a throw-away ``git clone`` of this repository (``--source worktree`` copies the
working tree instead, uncommitted files included, for trying changes before they are committed). The
environment must exist (``make env``); every DVC command runs with this checkout's ``.venv/bin`` first
on PATH, exactly what ``make repro`` runs once its environment stamp is up to date:

1. cold ``dvc repro``: the first run in the fresh clone (which stages ran, the time of each);
2. ``dvc status`` right after it (must be clean) and a no-op ``dvc repro``;
3. ``python -m scripts.add_article`` with bench/fixtures/bench-pa-county-detainers.txt, then
   ``dvc repro``: its time, and which stages ran; they must all depend on the ``articles`` stage
   (``verify_sources`` always re-checks the raw files);
4. ``dvc repro --force`` (info): every stage, with the time of each.
A stage that fails is reported by name with the end of its output; the benchmark carries on.

Record-level figures, on a synthetic file shaped like the Pennsylvania records (bench/synthetic.py,
fixed seed): each measurement runs in a fresh interpreter (``--child``), ``--repeats`` times,
interleaved; the median time is reported, and the child's peak resident memory (VmHWM; ru_maxrss
where /proc is missing):

- ``bare``: ``pyarrow.csv.read_csv(path)``, default options: the baseline;
- ``stage``: what the statistics stage does (scripts/lib/statistics/pa.py): ``read_pa`` (which calls
  ``validate_records``) + ``aggregate_records``, through the PA facility crosswalk;
- ``arrow``: scripts/lib/records.py: ``read_records`` + ``validate_records`` + ``aggregate_records_arrow``;
- ``frictionless`` (once, info): the same checks as a Frictionless schema, validated row by row on the
  first 200,000 rows, to show why record-level files are checked with pyarrow instead.
Ratio = median(path) / median(bare); the target must hold for the ratio of the best runs as well,
since background load can inflate either side. Interpreter start-up and imports are not timed; reading the
crosswalk is not timed (it is not record-level work).

Prints a table with targets and PASS/MISS, writes ``--json`` (default bench/results.json, not a DVC
output), and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics as stats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin" / "dvc").exists() else Path(sys.executable).parent
FIXTURE = BENCH / "fixtures" / "bench-pa-county-detainers"
FACILITIES = ROOT / "data" / "processed" / "facilities.csv"
PA_SOURCE_ID = "npr-ice-detainers-pa-2007-2015--pa-detainers"  # the PA file's source_id (manifest)
FRICTIONLESS_ROWS = 200_000
TARGETS = {"cold_s": 60.0, "noop_s": 3.0, "ratio": 3.0, "peak_mb": 2048.0}
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", ".pytest_cache", "reports", "interim", "cache", "tmp", "results.json"
)


# ------------------------------------------------------------------------------------------------
# child: one record-level measurement in a fresh interpreter; prints one JSON line
# ------------------------------------------------------------------------------------------------
def child(mode: str, path: str) -> None:
    import resource

    sys.path.insert(0, str(ROOT))
    import pyarrow.csv as pacsv

    out: dict = {"mode": mode}
    if mode == "frictionless":  # the same checks as validate_records, row by row (a slice of the file)
        from frictionless import Resource, Schema

        from scripts.lib.records import DATE_PATTERN, known_lift_reasons

        schema = Schema.from_descriptor(
            {
                "fields": [  # missingValues [""]: "" is null, so `required` = non-blank
                    {
                        "name": "date",
                        "type": "string",
                        "constraints": {"required": True, "pattern": DATE_PATTERN[1:-1]},
                    },
                    {
                        "name": "lift_reason",
                        "type": "string",
                        "constraints": {"enum": sorted(r for r in known_lift_reasons() if r)},
                    },
                    {"name": "det_facility", "type": "string", "constraints": {"required": True}},
                    {"name": "city", "type": "string"},
                    {"name": "state", "type": "string", "constraints": {"required": True}},
                    {"name": "detainer_type", "type": "string"},
                ]
            }
        )
        t0 = time.perf_counter()
        report = Resource(path=Path(path).name, basepath=str(Path(path).parent), schema=schema).validate()
        out.update(seconds=time.perf_counter() - t0, rows=report.tasks[0].stats["rows"], valid=report.valid)
    elif mode == "bare":
        t0 = time.perf_counter()
        table = pacsv.read_csv(path)
        out["seconds"] = time.perf_counter() - t0
        out["rows"] = table.num_rows
    else:
        import pandas as pd

        from scripts.lib.records import aggregate_records_arrow, read_records, validate_records

        fac = pd.read_csv(FACILITIES, dtype=str, keep_default_na=False, na_filter=False)
        fac = fac[fac["source_ids"].str.contains(PA_SOURCE_ID, regex=False)].assign(state="PENNSYLVANIA")
        if mode == "arrow":
            read, validate, aggregate = read_records, validate_records, aggregate_records_arrow
        else:
            from scripts.lib.statistics import pa as st

            # read_pa validates the records itself, so its validate_s is ~0 and read_s holds both
            read, validate, aggregate = st.read_pa, (lambda records, p: None), st.aggregate_records
        t0 = time.perf_counter()
        records = read(path)
        t1 = time.perf_counter()
        validate(records, path)
        t2 = time.perf_counter()
        agg = aggregate(records, fac)
        t3 = time.perf_counter()
        out.update(
            seconds=t3 - t0,
            read_s=t1 - t0,
            validate_s=t2 - t1,
            aggregate_s=t3 - t2,
            rows=int(agg["matched"]["records"].iloc[0]),
            matched=int(agg["matched"]["matched"].iloc[0]),
            county_month_rows=len(agg["county_month"]),
        )
    out["peak_mb"] = peak_rss_mb(resource)
    print(json.dumps(out))


def peak_rss_mb(resource) -> float:
    """Peak resident memory of this process. Linux: VmHWM of /proc/self/status, because ru_maxrss
    also counts the parent's memory at fork time (the kernel carries it across exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        m = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), flags=re.M)
        if m:
            return int(m.group(1)) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, bytes on macOS


def measure(mode: str, path: Path) -> dict:
    r = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--file", str(path)],
        cwd=ROOT,
        env=env_vars(),
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        return {"mode": mode, "error": (r.stderr or r.stdout).strip().splitlines()[-1:]}
    return json.loads(r.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------
# rebuild figures
# ------------------------------------------------------------------------------------------------
def env_vars() -> dict:
    env = dict(os.environ)
    env.update(
        GX_ANALYTICS_ENABLED="false",
        DVC_NO_ANALYTICS="1",
        DVC_NO_UPDATER="1",
        PYTHONUNBUFFERED="1",
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def sh(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env_vars(), capture_output=True, text=True)


def timed_repro(repo: Path, *args: str, keep_lines: bool = False) -> dict:
    """`dvc repro`, streamed: wall time, the stages that ran with their approximate times, failures (and, with
    ``keep_lines``, every output line)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(
        [str(VENV_BIN / "dvc"), "repro", *args],
        cwd=repo,
        env=env_vars(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = [(time.perf_counter() - t0, line.rstrip("\n")) for line in p.stdout]
    rc = p.wait()
    wall = time.perf_counter() - t0
    ran, current = {}, None
    for t, line in lines:
        m = re.match(r"Running stage '([^']+)'", line)
        if current and (m or re.match(r"(Stage '|Updating lock file|ERROR)", line)):
            ran[current[0]] = round(t - current[1], 2)
            current = None
        if m:
            current = (m.group(1), t)
    if current:
        ran[current[0]] = round(wall - current[1], 2)
    failed = sorted(set(re.findall(r"failed to reproduce '([^']+)'", "\n".join(l for _, l in lines))))
    return {
        "seconds": round(wall, 2),
        "rc": rc,
        "ran": ran,
        "failed": failed,
        "tail": [l for _, l in lines][-40:] if rc else [],
        **({"lines": [l for _, l in lines]} if keep_lines else {}),
    }


def stage_graph(repo: Path) -> dict[str, set[str]]:
    """stage -> the stages it reads from (a dep equal to, inside or containing one of their outs)."""
    import yaml

    spec = yaml.safe_load((repo / "dvc.yaml").read_text(encoding="utf-8"))["stages"]

    def paths(items):
        return [next(iter(i)) if isinstance(i, dict) else i for i in items or []]

    outs = {s: paths(v.get("outs")) + paths(v.get("metrics")) + paths(v.get("plots")) for s, v in spec.items()}
    touch = lambda a, b: a == b or a.startswith(b + "/") or b.startswith(a + "/")
    return {
        s: {o for o in spec if o != s and any(touch(d, x) for d in paths(v.get("deps")) for x in outs[o])}
        for s, v in spec.items()
    }


def article_dependent(repo: Path) -> set[str]:
    """`articles` and every stage downstream of it, plus verify_sources (it re-checks every raw file)."""
    up = stage_graph(repo)
    keep = {"articles"}
    while True:
        more = {s for s, ups in up.items() if ups & keep} - keep
        if not more:
            return keep | {"verify_sources"}
        keep |= more


def make_repo(source: str, workdir: Path) -> Path:
    repo = workdir / "repo"
    if source == "clone":
        subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    else:
        shutil.copytree(ROOT, repo, ignore=IGNORE, symlinks=True)
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench snapshot"]):
            subprocess.run(git + cmd, cwd=repo, check=True)
    return repo


def rebuild_figures(source: str, workdir: Path) -> tuple[list[dict], dict]:
    import yaml

    repo = make_repo(source, workdir)
    rev = sh(["git", "rev-parse", "--short", "HEAD"], repo).stdout.strip()
    detail: dict = {"source": source, "rev": rev}
    rows = []

    cold = detail["cold"] = timed_repro(repo)
    rows.append(
        fig(
            "cold `dvc repro` (fresh checkout)",
            cold["seconds"],
            "s",
            f"<= {TARGETS['cold_s']:.0f} s",
            cold["rc"] == 0 and cold["seconds"] <= TARGETS["cold_s"],
            failure_note(cold),
        )
    )
    status = sh([str(VENV_BIN / "dvc"), "status"], repo)
    clean = status.returncode == 0 and "up to date" in status.stdout
    rows.append(
        fig(
            "`dvc status` after it",
            "clean" if clean else "changed",
            "",
            "clean",
            clean,
            "" if clean else " ".join(status.stdout.split())[:300],
        )
    )
    noop = detail["noop"] = timed_repro(repo)
    rows.append(
        fig(
            "no-op `dvc repro`",
            noop["seconds"],
            "s",
            f"<= {TARGETS['noop_s']:.0f} s",
            noop["rc"] == 0 and not noop["ran"] and noop["seconds"] <= TARGETS["noop_s"],
            (f"ran: {', '.join(noop['ran'])}; " if noop["ran"] else "") + failure_note(noop),
        )
    )

    meta = yaml.safe_load(FIXTURE.with_suffix(".yaml").read_text(encoding="utf-8"))
    add = sh(
        [
            str(VENV_BIN / "python"),
            "-m",
            "scripts.add_article",
            "--id",
            meta["id"],
            "--text",
            str(FIXTURE.with_suffix(".txt")),
            "--headline",
            meta["headline"],
            "--outlet",
            meta["outlet"],
            "--url",
            meta["url"],
            "--published",
            meta["published"],
            "--accessed",
            meta["accessed"],
        ],
        repo,
    )
    if add.returncode != 0:
        rows.append(
            fig(
                "add_article + `dvc repro`",
                None,
                "s",
                "article stages only",
                False,
                f"add_article failed: {(add.stderr or add.stdout).strip()[-300:]}",
            )
        )
        return rows, detail
    inc = detail["add_article"] = timed_repro(repo)
    allowed = article_dependent(repo)
    extra = sorted(set(inc["ran"]) - allowed)
    ok = inc["rc"] == 0 and not extra and "articles" in inc["ran"]
    note = "ran: " + ", ".join(f"{s} {t:.1f}s" for s, t in inc["ran"].items())
    note += f"; NOT article-dependent: {', '.join(extra)}" if extra else ""
    note += "; the articles stage did not run" if "articles" not in inc["ran"] else ""
    rows.append(
        fig(
            "add_article + `dvc repro`",
            inc["seconds"],
            "s",
            "article stages only",
            ok,
            note + ("; " + failure_note(inc) if inc["rc"] else ""),
        )
    )
    detail["article_dependent"] = sorted(allowed)
    full = detail["forced"] = timed_repro(repo, "--force")
    rows.append(
        fig(
            "full rebuild, every stage (`dvc repro --force`)",
            full["seconds"],
            "s",
            "info",
            None,
            ", ".join(f"{s} {t:.1f}s" for s, t in sorted(full["ran"].items(), key=lambda x: -x[1]))
            + ("; " + failure_note(full) if full["rc"] else ""),
        )
    )
    return rows, detail


def failure_note(run: dict) -> str:
    if run["rc"] == 0:
        return ""
    lines = [l for l in run["tail"] if l.strip() and not l.startswith(("Updating lock", "Generating lock"))]
    starts = [i for i, l in enumerate(lines) if l.startswith("Running stage")]
    tail = " | ".join(lines[starts[-1] :] if starts else lines)[-600:]  # the failing stage's own output
    return f"FAILED stage(s): {', '.join(run['failed']) or '?'} (exit {run['rc']}): {tail}"


# ------------------------------------------------------------------------------------------------
# record-level figures
# ------------------------------------------------------------------------------------------------
def record_figures(rows_n: int, seed: int, repeats: int, workdir: Path) -> tuple[list[dict], dict]:
    path = workdir / "synthetic_pa_detainers.csv"
    t0 = time.perf_counter()  # generated in its own process, so this one stays small for the children
    subprocess.run(
        [sys.executable, str(BENCH / "synthetic.py"), str(path), "--rows", str(rows_n), "--seed", str(seed)],
        cwd=ROOT,
        env=env_vars(),
        check=True,
    )
    detail: dict = {
        "file": {
            "rows": rows_n,
            "seed": seed,
            "mb": round(path.stat().st_size / 1e6, 1),
            "generate_s": round(time.perf_counter() - t0, 1),
        }
    }
    runs: dict[str, list[dict]] = {"bare": [], "stage": [], "arrow": []}
    if not FACILITIES.exists():
        runs.pop("stage"), runs.pop("arrow")
        detail["error"] = f"{FACILITIES.relative_to(ROOT)} is missing: run the statistics stage first"
    for _ in range(repeats):  # interleaved, so background load hits every mode alike
        for mode in runs:
            runs[mode].append(measure(mode, path))
    detail["runs"] = runs
    sample = workdir / "sample.csv"  # frictionless, once, on the first FRICTIONLESS_ROWS records
    with open(path, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as dst:
        dst.writelines(line for _, line in zip(range(min(rows_n, FRICTIONLESS_ROWS) + 1), src))
    fl = detail["frictionless"] = measure("frictionless", sample)
    med = {m: stats.median(r["seconds"] for r in rs) for m, rs in runs.items() if rs and "error" not in rs[0]}
    peak = {m: max(r["peak_mb"] for r in rs) for m, rs in runs.items() if m in med}
    out = [
        fig(
            f"bare pyarrow read, {rows_n:,} rows ({detail['file']['mb']} MB)",
            med.get("bare"),
            "s",
            "baseline",
            None,
            f"peak {peak.get('bare', 0):.0f} MB; runs "
            + ", ".join(f"{r['seconds']:.2f}" for r in runs["bare"] if "seconds" in r),
        )
    ]
    if "error" in fl:
        out.append(fig("frictionless, same checks, row by row", None, "s", "info", None, f"error: {fl['error']}"))
    else:
        per_m = fl["seconds"] / fl["rows"] * 1e6
        note = f"{fl['seconds']:.2f} s on the first {fl['rows']:,} rows, valid={fl['valid']}"
        if "arrow" in med:
            split = stats.median(r["validate_s"] for r in runs["arrow"]) / rows_n * 1e6
            note += f"; validate_records: {split:.3f} s per M rows ({per_m / split:.0f}x faster)"
        out.append(fig("frictionless, same checks, row by row, per M rows", round(per_m, 1), "s", "info", None, note))
    labels = {
        "stage": "statistics stage: read_pa + validate + aggregate_records",
        "arrow": "records.py: read_records + validate + aggregate_records_arrow",
    }
    for mode, label in labels.items():
        if mode not in runs:
            out.append(fig(label, None, "x", f"<= {TARGETS['ratio']:.0f}x read", False, detail.get("error", "")))
            continue
        if mode not in med:
            out.append(
                fig(label, None, "x", f"<= {TARGETS['ratio']:.0f}x read", False, f"error: {runs[mode][0]['error']}")
            )
            continue
        ratio = med[mode] / med["bare"]
        best = min(r["seconds"] for r in runs[mode]) / min(r["seconds"] for r in runs["bare"])
        split = {k: stats.median(r[k] for r in runs[mode]) for k in ("read_s", "validate_s", "aggregate_s")}
        note = (
            f"{med[mode]:.2f} s = read {split['read_s']:.2f} + validate {split['validate_s']:.2f} + aggregate "
            f"{split['aggregate_s']:.2f}; {rows_n / med[mode] / 1e6:.1f} M rows/s; best run / best bare read = "
            f"{best:.2f}x (must hold too)"
        )
        out.append(
            fig(
                label,
                round(ratio, 2),
                "x",
                f"<= {TARGETS['ratio']:.0f}x read",
                max(ratio, best) <= TARGETS["ratio"],
                note,
            )
        )
        out.append(
            fig(
                f"  peak memory ({mode})",
                round(peak[mode]),
                "MB",
                f"<= {TARGETS['peak_mb']:.0f} MB",
                peak[mode] <= TARGETS["peak_mb"],
                f"max peak RSS over {repeats} runs",
            )
        )
    return out, detail


# ------------------------------------------------------------------------------------------------
def fig(name, value, unit, target, ok, note="") -> dict:
    return {
        "figure": name,
        "value": value,
        "unit": unit,
        "target": target,
        "status": "info" if ok is None else ("PASS" if ok else "MISS"),
        "note": note,
    }


def machine() -> dict:
    import pandas
    import pyarrow

    cpu = (
        next(
            (
                l.split(":", 1)[1].strip()
                for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
    }


def print_table(rows: list[dict]) -> None:
    w = max(len(r["figure"]) for r in rows)
    print(f"\n{'figure':<{w}}  {'value':>10}  {'target':<22} status")
    print("-" * (w + 44))
    for r in rows:
        v = (
            "-"
            if r["value"] is None
            else (f"{r['value']:.2f} {r['unit']}" if isinstance(r["value"], float) else f"{r['value']} {r['unit']}")
        )
        print(f"{r['figure']:<{w}}  {v:>10}  {r['target']:<22} {r['status']}")
        if r["note"]:
            print(f"{'':<{w}}    {r['note']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark of the build.")
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=20150726)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--source", choices=["clone", "worktree"], default="clone")
    ap.add_argument("--skip-repro", action="store_true")
    ap.add_argument("--skip-records", action="store_true")
    ap.add_argument("--json", type=Path, default=BENCH / "results.json")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (clone, synthetic file)")
    ap.add_argument("--child", choices=["bare", "stage", "arrow", "frictionless"], help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(a.child, a.file)
        return 0

    info = machine()
    print(
        f"bench: {info['cores']} cores ({info['cpu']}), load average {info['load_average_at_start']}, "
        f"python {info['python']}, pandas {info['pandas']}, pyarrow {info['pyarrow']}",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    rows, detail = [], {"machine": info}
    try:
        if not a.skip_repro:
            print(f"rebuild figures in a {a.source} of {ROOT} under {workdir} ...", flush=True)
            r, detail["rebuild"] = rebuild_figures(a.source, workdir)
            rows += r
        if not a.skip_records:
            print(f"record-level figures: {a.rows:,} synthetic rows, {a.repeats} runs of each ...", flush=True)
            r, detail["records"] = record_figures(a.rows, a.seed, a.repeats, workdir)
            rows += r
    finally:
        if a.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print_table(rows)
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps({"figures": rows, **detail}, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {a.json}")
    missed = [r["figure"] for r in rows if r["status"] == "MISS"]
    print("all targets met" if not missed else f"targets missed: {len(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
