"""Benchmark of issue #12 item 5 end to end: one more article on a 500-article corpus, through the real door.

    .venv/bin/python bench/add_article_500.py [--articles 500] [--paragraphs 6] [--source clone|worktree] [--keep]

In a throw-away ``git clone`` of this repository (``--source worktree`` copies the working tree instead,
uncommitted files included), with this checkout's .venv first on PATH (what ``make repro`` runs):

1. registers ``--articles`` synthetic articles (bench/extract_cache.py ``synthetic_article``, fixed seed:
   sentences in the field's forms, no third-party text) with scripts/add_article.py's ``add_article``, in one
   process (the door's own function, so the manifest entries are exactly what the CLI writes);
2. cold ``dvc repro``: every stage, the 500 articles extracted;
3. ``python -m scripts.add_article`` (the CLI) for one more synthetic article, then ``dvc repro`` (run as
   ``dvc repro publish`` then ``dvc repro``, so the tables and the report notebooks are timed apart): the time
   of each, which stages ran with the time of each, and how many articles the extract stage extracted (its
   progress line on stderr: it must be 1);
4. a no-op ``dvc repro`` after it.

Prints the figures against the issue's target (add_article + ``dvc repro`` within 15 s on 2 cores) and
the machine's core count and load; never asserts a time (a shared machine's load moves every figure).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract_cache import synthetic_article
from run import VENV_BIN, make_repo, sh, timed_repro

TARGET_S = 15.0
ACCESSED = "2026-01-15"  # a fixed access date: the registered manifest entries are the same on every run

REGISTER = """
import json, sys
from pathlib import Path
from scripts.add_article import add_article
for a in json.load(open(sys.argv[1])):
    add_article(a["id"], Path(a["path"]), a["headline"], a["outlet"], a["url"], a["published"], accessed=a["accessed"])
"""


def write_corpus(n: int, paragraphs: int, folder: Path) -> list[dict]:
    out = []
    for i in range(n + 1):
        article, text = synthetic_article(i, paragraphs)
        path = folder / f"{article['article_id']}.txt"
        path.write_text(text, encoding="utf-8")
        out.append(
            {
                "id": article["article_id"],
                "path": str(path),
                "headline": f"Synthetic detainer report {i}",
                "outlet": article["outlet"],
                "url": f"https://bench.invalid/{article['article_id']}",
                "published": article["date_published"],
                "accessed": ACCESSED,
            }
        )
    return out


def extracted_count(run: dict) -> str:
    """What the extract stage says it did, from its last progress line (its stderr, in dvc's output)."""
    lines = [line for line in run.get("lines", []) if line.startswith("extract: ")]
    return lines[-1] if lines else "(no progress line: the extract stage did not run)"


def timed(cmd: list[str], repo: Path) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    r = sh(cmd, repo)
    return time.perf_counter() - t, r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--paragraphs", type=int, default=6)
    ap.add_argument("--source", choices=["clone", "worktree"], default="clone")
    ap.add_argument("--keep", action="store_true", help="keep the throw-away repository (its path is printed)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-500-"))
    try:
        repo = make_repo(args.source, work)
        texts = work / "texts"
        texts.mkdir()
        corpus = write_corpus(args.articles, args.paragraphs, texts)
        listing = work / "register.json"
        listing.write_text(json.dumps(corpus[:-1]), encoding="utf-8")
        t_reg, r = timed([str(VENV_BIN / "python"), "-c", REGISTER, str(listing)], repo)
        if r.returncode:
            sys.exit(f"registering the corpus failed: {r.stderr.strip()[-800:]}")
        print(f"registered {args.articles} synthetic articles in {t_reg:.1f} s", flush=True)

        cold = timed_repro(repo)
        print(f"cold dvc repro: {cold['seconds']:.1f} s, rc {cold['rc']}", flush=True)
        if cold["rc"]:
            sys.exit("cold dvc repro failed:\n" + "\n".join(cold["tail"]))

        one = corpus[-1]
        add_cmd = [str(VENV_BIN / "python"), "-m", "scripts.add_article", "--id", one["id"], "--text", one["path"]]
        add_cmd += ["--headline", one["headline"], "--outlet", one["outlet"], "--url", one["url"]]
        add_cmd += ["--published", one["published"], "--accessed", one["accessed"]]
        t_add, r = timed(add_cmd, repo)
        if r.returncode:
            sys.exit(f"add_article failed: {r.stderr.strip()[-800:]}")
        data = timed_repro(repo, "publish", keep_lines=True)  # the tables, up to publish
        reports = timed_repro(repo, keep_lines=True)  # the report_* notebooks that read them
        plus = {
            "seconds": data["seconds"] + reports["seconds"],
            "rc": data["rc"] or reports["rc"],
            "ran": {**data["ran"], **reports["ran"]},
            "lines": data["lines"] + reports["lines"],
        }
        noop = timed_repro(repo)
        total = t_add + plus["seconds"]
        print()
        print(f"corpus: {args.articles} synthetic articles ({args.paragraphs} paragraphs each) + 1")
        print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"add_article (CLI):        {t_add:6.1f} s")
        print(f"dvc repro after it:       {plus['seconds']:6.1f} s  (rc {plus['rc']})")
        up_to_publish = t_add + data["seconds"]
        print(f"  of which up to publish: {data['seconds']:6.1f} s  (add_article + these: {up_to_publish:.1f} s)")
        print(f"  of which report_* only: {reports['seconds']:6.1f} s")
        verdict = "MET" if total <= TARGET_S else "MISSED"
        print(f"add_article + dvc repro:  {total:6.1f} s  target <= {TARGET_S:.0f} s: {verdict}")
        print(f"no-op dvc repro:          {noop['seconds']:6.1f} s  (stages run: {len(noop['ran'])})")
        print("stages run after add_article (approximate seconds each):")
        for stage, s in sorted(plus["ran"].items(), key=lambda kv: -kv[1]):
            print(f"  {stage:32s} {s:6.1f}")
        print(f"extract stage: {extracted_count(plus)}")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
