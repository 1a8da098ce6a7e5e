"""A catalogue of bad inputs. Each must give ONE clear error that names the file and the row or field,
exit with status 2, and leave every published output unchanged.

Each case mutates a throw-away copy of the repository and runs the stage that reads the broken input
(that stage's staged outputs and the published package must not change). The cases of issue #13 also
run through `dvc repro` in a built copy (slow): the build stops at the stage named, the publish stage
never runs, and no published byte (nor the publish stage's entry in dvc.lock) changes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import STAGED, VENV_BIN, copy_repo, published_files, run_module, stage_env, tree_digest

NPR = "data/raw/statistics/npr-ice-detainers-2007-2015"
CURATED = "data/raw/statistics/curated-detainer-figures-from-pages"
SEED = "washex-2020-01-ice-sanctuary-campaign"
SEED_URL = (
    "https://www.washingtonexaminer.com/policy/immigration/2777694/"
    "thats-enough-ice-turns-up-the-volume-in-campaign-against-sanctuary-cities"
)


@dataclass
class Case:
    name: str
    mutate: Callable[[Path], None]
    stage: str
    expect: tuple[str, ...]  # substrings of stderr: the file, the row/field, what was expected
    prepare: tuple[str, ...] = ("scripts.verify_sources",)  # stages run before the input is broken
    after: tuple[str, ...] = ()  # stages run after it is broken, that pass it on to the stage checked
    exit: int = 2  # the stage's exit status (validate: 1)


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


def reregister(rel: str, change: Callable[[bytes], bytes]):
    """Change a raw file and update its manifest entry (sha256, bytes), as a re-registered snapshot:
    verify_sources accepts it; a later check must stop the build."""

    def f(repo: Path):
        import hashlib

        p = repo / rel
        data = change(p.read_bytes())
        assert data != p.read_bytes(), f"fixture drift: {rel} unchanged"
        p.write_bytes(data)

        def update(m):
            e = next(e for section in ("files", "articles") for e in m[section] if f"data/raw/{e['path']}" == rel)
            e.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))

        edit_manifest(update)(repo)

    return f


def hand_registered_article(text: bytes, article_id: str = "second-article-2020", **fields):
    """A second article registered by editing the manifest (not through add_article's door checks)."""

    def f(repo: Path):
        import hashlib

        (repo / f"data/raw/articles/{article_id}.txt").write_bytes(text)

        def add(m):
            entry = dict(seed_entry(m))
            entry.update(
                source_id=article_id,
                path=f"articles/{article_id}.txt",
                sha256=hashlib.sha256(text).hexdigest(),
                bytes=len(text),
                url=f"https://example.org/{article_id}",
            )
            entry.update(fields)
            m["articles"].append(entry)

        edit_manifest(add)(repo)

    return f


def seed_bytes() -> bytes:
    return (Path(__file__).resolve().parents[1] / f"data/raw/articles/{SEED}.txt").read_bytes()


def set_cell(rel: str, match: str, column: str, value: str):
    """Set one cell of a CSV, in the first row containing ``match``."""

    def f(repo: Path):
        import csv

        p = repo / rel
        rows = list(csv.reader(p.open(encoding="utf-8", newline="")))
        i = next(i for i, r in enumerate(rows) if i and match in ",".join(r))
        rows[i][rows[0].index(column)] = value
        with p.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)

    return f


FACILITY_MATCHES = "data/hand/facility_matches.csv"
CORRECTIONS = "data/hand/corrections.csv"


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

# The cases of issue #13: each stops the build at the stage named, before anything is published.
ISSUE_CASES = [
    Case(
        "article URL that is not a URL",
        edit_manifest(lambda m: seed_entry(m).update(url="washingtonexaminer dot com")),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", SEED, "field 'url'", "not an http(s) URL"),
    ),
    Case(
        "article published after it was accessed",
        edit_manifest(lambda m: seed_entry(m).update(date_published="2027-01", date_earliest="2027-01-01")),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", SEED, "date_published", "after the date the text was accessed"),
    ),
    Case(
        "the same URL registered twice",
        hand_registered_article(b"Another text about ICE detainers.\n", url=SEED_URL),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", "second-article-2020", "same URL"),
    ),
    Case(
        "the same text registered twice",
        hand_registered_article(seed_bytes()),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", "second-article-2020", "same text (sha256)"),
    ),
    Case(
        "article id with a trailing newline",
        edit_manifest(lambda m: seed_entry(m).update(source_id=SEED + "\n")),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", "field 'source_id'", "must match"),
    ),
    Case(
        "publication date in full-width digits",
        edit_manifest(lambda m: seed_entry(m).update(date_published="２０２０-01")),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", SEED, "date_published", "ASCII digits"),
    ),
    Case(
        "manifest bytes that do not match the file",
        edit_manifest(lambda m: seed_entry(m).update(bytes=999999)),
        "scripts.verify_sources",
        ("data/raw/manifest.yaml", SEED, "field 'bytes'", "999999", "4952"),
    ),
    Case(
        "a 20-digit count in a statistics file",
        reregister(f"{NPR}/detainers_by_year.csv", lambda b: b.replace(b",49653", b",12345678901234567890")),
        "scripts.statistics",
        (f"{NPR}/detainers_by_year.csv", "row 10", "'count'", "at most 999,999,999,999,999", "12345678901234567890"),
    ),
    Case(
        "re-registered NPR file with a yearly count cut 49,653 -> 496",
        reregister(f"{NPR}/detainers_by_year.csv", lambda b: b.replace(b",49653", b",496")),
        "scripts.statistics",
        ("data/hand/expected_totals.csv", "npr_yearly_total", "expected 1814828, got 1765671"),
    ),
    Case(
        "duplicated Pennsylvania record",
        reregister(
            "data/raw/statistics/npr-ice-detainers-pa-2007-2015/pa_detainers.csv",
            lambda b: b + b.splitlines(keepends=True)[1],
        ),
        "scripts.statistics",
        ("data/hand/expected_totals.csv", "reconciliation pa_records_per_year", "'2007': 546", "'2007': 547"),
    ),
    Case(
        "article whose only content is a byte-order mark",
        hand_registered_article("\ufeff".encode()),
        "scripts.articles",
        ("data/raw/articles/second-article-2020.txt", "no visible character"),
        after=("scripts.verify_sources",),
    ),
    Case(
        "NUL byte in an article",
        reregister(f"data/raw/articles/{SEED}.txt", lambda b: b.replace(b"Albence", b"Alb\x00ence", 1)),
        "scripts.articles",
        (f"data/raw/articles/{SEED}.txt", "control character", "\\x00", "line"),
    ),
    Case(
        "facility matched to a county of another state",
        set_cell(FACILITY_MATCHES, "MOSHANNON VALLEY", "jurisdiction_id", "06037"),
        "scripts.statistics",
        (FACILITY_MATCHES, "row 2", "jurisdiction_id", "06037", "not in the facility's state 'PA'"),
    ),
    Case(
        "correction whose target matches no file",
        set_cell(
            CORRECTIONS, "Grundy County", "target", "statistics/ice-287g-participating-agencies-2025/nothing.xlsx"
        ),
        "scripts.policies",
        (CORRECTIONS, "row 2", "field 'target'", "would never apply", "nothing.xlsx"),
    ),
    Case(
        "extra field on the first row of a hand-coded file",
        edit_text(FACILITY_MATCHES, "PHILIPSBURG,PA,match,42033,", "PHILIPSBURG,PA,match,42033,extra,"),
        "scripts.statistics",
        (FACILITY_MATCHES, "row 2", "expected 6 fields", "found 7"),
    ),
]


def outputs(repo: Path) -> dict:
    """The published package and the staging area (a failing stage leaves its staged outputs as well)."""
    state = {rel: (repo / rel).read_bytes() for rel in published_files(repo)}
    state.update({f"{STAGED}/{k}": v for k, v in tree_digest(repo / STAGED).items()})
    return state


@pytest.mark.parametrize("case", CASES + ISSUE_CASES, ids=[c.name for c in CASES + ISSUE_CASES])
def test_bad_input_gives_one_clear_error_and_changes_nothing(repo_copy, case):
    for stage in case.prepare:
        r = run_module(repo_copy, stage)
        assert r.returncode == 0, r.stderr
    case.mutate(repo_copy)
    for stage in case.after:
        r = run_module(repo_copy, stage)
        assert r.returncode == 0, r.stderr
    before = outputs(repo_copy)
    r = run_module(repo_copy, case.stage)
    assert r.returncode == 2, f"{case.name}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    for needle in case.expect:
        assert needle in r.stderr, f"{case.name}: {needle!r} not in {r.stderr!r}"
    assert outputs(repo_copy) == before, f"{case.name}: an output changed"


def test_catalogue_has_at_least_14_cases():
    assert len(CASES) >= 14


# --- the same cases through `dvc repro`: nothing is published ------------------------------------------------


def gold_value(value: str):
    """A gold annotation (published in place of the rule output) whose claim value is ``value``."""
    return set_cell(f"{GOLD}/claims.csv", "letting 29 people", "value", value)


def schema_maximum(table: str, field: str, maximum: int):
    """A schema constraint the staged data breaks: only the validate stage can catch it."""

    def f(repo: Path):
        p = repo / f"validation/schemas/{table}.yaml"
        s = yaml.safe_load(p.read_text(encoding="utf-8"))
        f_ = next(x for x in s["fields"] if x["name"] == field)
        f_.setdefault("constraints", {})["maximum"] = maximum
        p.write_text(yaml.safe_dump(s, sort_keys=False, allow_unicode=True), encoding="utf-8")

    return f


PIPELINE_CASES = ISSUE_CASES + [
    Case(
        "a 20-digit claim value in a gold annotation",
        gold_value("12345678901234567890"),
        "scripts.validate",
        ("claims", "12345678901234567890", "maximum"),
        exit=1,
    ),
    Case(
        "a table that breaks its schema (caught only by validate)",
        schema_maximum("sources", "bytes", 100),
        "scripts.validate",
        ("sources", "bytes", "maximum", "validation failed"),
        exit=1,
    ),
]


def dvc(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "dvc"), *args], cwd=repo, env=stage_env(), capture_output=True, text=True, timeout=1800
    )


@pytest.fixture(scope="module")
def built_pipeline(tmp_path_factory) -> Path:
    """A copy of the repository (DVC without git) in which `dvc repro publish` has run."""
    repo = copy_repo(tmp_path_factory.mktemp("pipeline") / "repo")
    assert dvc(repo, "config", "core.no_scm", "true").returncode == 0
    r = dvc(repo, "repro", "publish")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return repo


def published_state(repo: Path) -> dict:
    """Every published file, and what dvc.lock records of the publish stage."""
    state: dict = {rel: (repo / rel).read_bytes() for rel in published_files(repo)}
    state["dvc.lock: publish"] = yaml.safe_load((repo / "dvc.lock").read_text())["stages"]["publish"]
    return state


@pytest.mark.slow
@pytest.mark.parametrize("case", PIPELINE_CASES, ids=[c.name for c in PIPELINE_CASES])
def test_bad_input_stops_dvc_repro_before_anything_is_published(built_pipeline, tmp_path, case):
    repo = tmp_path / "repo"
    shutil.copytree(built_pipeline, repo, symlinks=True)
    before = published_state(repo)
    case.mutate(repo)
    r = dvc(repo, "repro", "publish")
    out = r.stdout + r.stderr
    stage = case.stage.removeprefix("scripts.")
    assert r.returncode != 0, f"{case.name}: dvc repro passed\n{out[-3000:]}"
    assert f"failed to reproduce '{stage}'" in out and f"exited with {case.exit}" in out, out[-3000:]
    for needle in case.expect:
        assert needle in out, f"{case.name}: {needle!r} not in {out[-3000:]!r}"
    assert len([ln for ln in out.splitlines() if ln.startswith("error: ")]) == 1, out[-3000:]
    assert "Running stage 'publish'" not in out
    assert published_state(repo) == before, f"{case.name}: a published file changed"


def test_a_corrections_key_with_spaces_applies_like_the_compact_one(repo_copy):
    """Spaces around `;` and `=` in a corrections key used to be a KeyError traceback; the key is read one
    way everywhere, so the correction applies."""
    p = repo_copy / CORRECTIONS
    text = p.read_text(encoding="utf-8")
    compact = "state=TENNESSEE;agency=Grundy County Sheriff's Office;support_type=Warrant Service Officer"
    assert compact in text, "fixture drift"
    p.write_text(text.replace(compact, compact.replace(";", " ; ").replace("=", " = ")), encoding="utf-8")
    r = run_module(repo_copy, "scripts.policies")
    assert r.returncode == 0, r.stderr
    import pandas as pd

    agreements = pd.read_csv(
        repo_copy / STAGED / "data/processed/agreements_287g.csv", dtype=str, keep_default_na=False
    )
    grundy = agreements[
        agreements["agency"].str.contains("Grundy County Sheriff") & (agreements["snapshot_date"] == "2025-07-18")
    ]
    assert "2025-07-07" in set(grundy["signed_date"])
