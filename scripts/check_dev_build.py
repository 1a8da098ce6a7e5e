"""`make check-dev-build`: every development-corpus article goes through the real door and the real build.

In a throw-away `git clone` of this repository (HEAD, committed files only), with this checkout's .venv:
``python -m scripts.add_article`` for every article of data/annotations/dev/ whose text is present in
data/external/articles/, then ``dvc repro`` (every stage, validation included). Passes when every
add_article and the build succeed; then checks that no stored text reached git in the clone (the texts
live in data/raw/articles/ of the clone, which is never committed here) and that no published table
holds a whole article text. Prints one line per failure and exits 1 on any; the clone is removed.

    python -m scripts.check_dev_build [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.eval_extraction import GOLD_DIR, TEXTS_DIR
from scripts.lib.extraction.devcorpus import load_dev_corpus
from scripts.lib.io import read_yaml
from scripts.lib.paths import ROOT, VALIDATION


def run(cmd: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    args = ap.parse_args()
    corpus = [a for a in load_dev_corpus(GOLD_DIR, TEXTS_DIR, read_yaml(VALIDATION / "vocabularies.yaml")) if a.text]
    tmp = Path(tempfile.mkdtemp(prefix="dev-build-"))
    repo = tmp / "repo"
    env = dict(os.environ, PATH=f"{ROOT / '.venv/bin'}:{os.environ.get('PATH', '')}", DVC_NO_ANALYTICS="1")
    env.update(GX_ANALYTICS_ENABLED="false", DVC_NO_UPDATER="1")
    failures: list[str] = []
    try:
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(repo)], check=True)
        for a in corpus:
            m = a.meta
            cmd = [sys.executable, "-m", "scripts.add_article", "--id", a.article_id]
            cmd += [
                "--text",
                str(TEXTS_DIR / f"{a.article_id}.txt"),
                "--headline",
                str(m.get("headline") or a.article_id),
            ]
            cmd += ["--outlet", str(m.get("outlet") or "unknown"), "--url", str(m.get("url") or "")]
            cmd += ["--published", str(m["date_published"]), "--published-precision", str(m.get("date_precision", ""))]
            r = run(cmd, repo, env)
            if r.returncode != 0:
                failures.append(f"add_article {a.article_id}: {r.stderr.strip()[-300:]}")
        print(f"added {len(corpus) - len(failures)} of {len(corpus)} development articles", flush=True)
        r = run(["dvc", "repro"], repo, env)
        if r.returncode != 0:
            failures.append(f"dvc repro failed: {(r.stderr or r.stdout).strip()[-2000:]}")
        tracked = run(["git", "ls-files"], repo, env).stdout.split()
        for a in corpus:
            if any(a.article_id in p and p.endswith(".txt") for p in tracked):
                failures.append(f"{a.article_id}: its text is tracked by git in the clone")
        for table in (repo / "data/processed").glob("*.csv"):
            content = table.read_text(encoding="utf-8")
            for a in corpus:
                body = (a.text or "").strip()
                if len(body) > 400 and body in content:
                    failures.append(f"{table.name} holds the whole text of {a.article_id}")
        if r.returncode == 0:
            claims = (repo / "data/processed/claims.csv").read_text(encoding="utf-8").count("\n") - 1
            print(f"dvc repro passed; claims.csv has {claims} rows")
    finally:
        if args.keep:
            print(f"clone kept at {repo}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print(f"FAIL {f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
