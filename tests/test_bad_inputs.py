"""A catalogue of bad inputs. Each must give ONE clear error that names the file and the row or field,
exit with status 2, and leave every published output unchanged.

Each case mutates a throw-away copy of the repository and runs the stage that reads the broken input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import STAGED, published_files, run_module, tree_digest

NPR = "data/raw/statistics/npr-ice-detainers-2007-2015"
CURATED = "data/raw/statistics/curated-detainer-figures-from-pages"
SEED = "washex-2020-01-ice-sanctuary-campaign"


@dataclass
class Case:
    name: str
    mutate: Callable[[Path], None]
    stage: str
    expect: tuple[str, ...]  # substrings of stderr: the file, the row/field, what was expected
    prepare: tuple[str, ...] = ("scripts.verify_sources",)  # stages run before the input is broken


def edit_text(rel: str, old: str, new: str, count: int = 1):
    def f(repo: Path):
        p = repo / rel
        s = p.read_text(encoding="utf-8")
        assert old in s, f"fixture drift: {old!r} not in {rel}"
        p.write_text(s.replace(old, new, count), encoding="utf-8")

    return f


def edit_manifest(change: Callable[[dict], None]):
    def f(repo: Path):
        p = repo / "data/raw/manifest.yaml"
        m = yaml.safe_load(p.read_text())
        change(m)
        p.write_text(yaml.safe_dump(m, sort_keys=False, allow_unicode=True))

    return f


def seed_entry(m):
    return next(a for a in m["articles"] if a["source_id"] == SEED)


def tamper(repo: Path):
    p = repo / NPR / "detainers_by_year.csv"
    p.write_bytes(p.read_bytes().replace(b"228077", b"228078"))


def unregistered(repo: Path):
    (repo / "data/raw/statistics/stray.csv").write_text("year,count\n2020,1\n")


def missing_file(repo: Path):
    (repo / NPR / "americans_by_year.csv").unlink()


def article_not_utf8(repo: Path):
    """A registered article whose bytes are Latin-1 (the manifest hash matches, so verify passes)."""
    import hashlib

    p = repo / f"data/raw/articles/{SEED}.txt"
    data = p.read_text(encoding="utf-8").replace("’", "'").replace("“", '"').replace("”", '"')
    data = data.replace("—", "-").encode("utf-8").replace(b"Albence", "Alb\xe9nce".encode("latin-1"))
    p.write_bytes(data)
    edit_manifest(lambda m: seed_entry(m).update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data)))(repo)


GOLD = f"data/annotations/{SEED}"


def duplicate_gold_row(repo: Path):
    p = repo / GOLD / "claims.csv"
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    p.write_text("".join(lines + [lines[1]]), encoding="utf-8")


def escaping_path(m):
    m["files"][0]["path"] = "../../../etc/passwd"


CASES = [
    Case("tampered raw file", tamper, "scripts.verify_sources", (f"{NPR}/detainers_by_year.csv", "sha256 mismatch")),
    Case(
        "unregistered raw file",
        unregistered,
        "scripts.verify_sources",
        ("data/raw/statistics/stray.csv", "not registered", "register_source"),
    ),
    Case(
        "manifest entry without a file",
        missing_file,
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", "americans_by_year.csv", "does not exist"),
    ),
    Case(
        "manifest path escaping data/raw",
        edit_manifest(escaping_path),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", "files[0]", "escapes data/raw/"),
    ),
    Case(
        "unsafe YAML tag",
        edit_text(
            "data/raw/manifest.yaml", "manifest_version: 1", "manifest_version: !!python/object/apply:os.getcwd []"
        ),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", "line 1", "not safe YAML"),
    ),
    Case(
        "article metadata missing a field",
        edit_manifest(lambda m: seed_entry(m).pop("outlet")),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", SEED, "missing field 'outlet'"),
    ),
    Case(
        "impossible publication date",
        edit_manifest(lambda m: seed_entry(m).update(date_published="2020-02-30")),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", SEED, "date_published", "not a real date"),
    ),
    Case(
        "article not UTF-8",
        article_not_utf8,
        "scripts.articles",
        (f"data/raw/articles/{SEED}.txt", "offset", "not UTF-8"),
    ),
    Case(
        "statistics CSV with a renamed column",
        edit_text(f"{NPR}/detainers_by_year.csv", "year,count", "year,total"),
        "scripts.statistics",
        (f"{NPR}/detainers_by_year.csv", "header", "'count'"),
    ),
    Case(
        "statistics CSV with a missing column",
        edit_text(f"{NPR}/detainers_by_year_and_month.csv", "year_month,count", "year_month"),
        "scripts.statistics",
        (f"{NPR}/detainers_by_year_and_month.csv", "count"),
    ),
    Case(
        "a count that is not a number",
        edit_text(f"{NPR}/detainers_by_year.csv", ",228077", ",22807x"),
        "scripts.statistics",
        (f"{NPR}/detainers_by_year.csv", "row 3", "'count'", "whole number", "22807x"),
    ),
    Case(
        "jurisdiction name that resolves to nothing",
        edit_text(f"{CURATED}/jurisdiction_detainer_claims.csv", "\nCook County,IL,", "\nAtlantis County,IL,"),
        "scripts.statistics",
        (
            f"{CURATED}/jurisdiction_detainer_claims.csv",
            "row 2",
            "'jurisdiction'",
            "Atlantis County",
            "jurisdiction_aliases.csv",
        ),
    ),
    Case(
        "annotation span that does not match the text",
        edit_text(f"{GOLD}/claims.csv", f"{SEED},4731,4782,", f"{SEED},4732,4783,"),
        "scripts.extract",
        (f"{GOLD}/claims.csv", "row", "not the annotated exact"),
        prepare=("scripts.verify_sources", "scripts.articles"),
    ),
    Case(
        "duplicated annotation id",
        duplicate_gold_row,
        "scripts.extract",
        (f"{GOLD}/claims.csv", "row", "duplicate id"),
        prepare=("scripts.verify_sources", "scripts.articles"),
    ),
    Case(
        "correction whose old value no longer matches",
        edit_text("data/hand/corrections.csv", ",5025-07-07,", ",5025-07-08,"),
        "scripts.policies",
        ("data/hand/corrections.csv", "5025-07-08"),
    ),
]


def outputs(repo: Path) -> dict:
    """The published package and the staging area (a failing stage leaves its staged outputs as well)."""
    state = {rel: (repo / rel).read_bytes() for rel in published_files(repo)}
    state.update({f"{STAGED}/{k}": v for k, v in tree_digest(repo / STAGED).items()})
    return state


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gives_one_clear_error_and_changes_nothing(repo_copy, case):
    for stage in case.prepare:
        r = run_module(repo_copy, stage)
        assert r.returncode == 0, r.stderr
    before = outputs(repo_copy)
    case.mutate(repo_copy)
    r = run_module(repo_copy, case.stage)
    assert r.returncode == 2, f"{case.name}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    for needle in case.expect:
        assert needle in r.stderr, f"{case.name}: {needle!r} not in {r.stderr!r}"
    assert outputs(repo_copy) == before, f"{case.name}: an output changed"


def test_catalogue_has_at_least_14_cases():
    assert len(CASES) >= 14
