"""The package and validate stages: a broken key, enum or reconciliation fails validation naming the
table and the check; the codebook and datapackage.json are not stale; the report is deterministic and
renders offline.

Every test works on a temporary copy of data/processed/ and validation/ (never the real files). The
copy is packaged with `partial=True` so the tests run as soon as the tables they need exist; that every
table has a schema and a suite is enforced by the stages themselves (see test_package_refuses_*).
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from scripts import package, validate
from scripts.lib.errors import InputError
from scripts.lib.paths import ROOT

RUN = {"run_name": "test-run", "run_time": "2026-01-01T00:00:00+00:00"}


def _copy_repo(dest: Path) -> Path:
    shutil.copytree(ROOT / "data" / "processed", dest / "data" / "processed")
    shutil.copytree(ROOT / "validation", dest / "validation")
    shutil.copy2(ROOT / "dvc.yaml", dest / "dvc.yaml")
    return dest


@pytest.fixture(scope="module")
def base_copy(tmp_path_factory) -> Path:
    root = _copy_repo(tmp_path_factory.mktemp("repo"))
    package.run(root, allow_missing=True)
    return root


@pytest.fixture
def work(base_copy, tmp_path) -> Path:
    """A fresh copy of the packaged copy for a test to break."""
    root = tmp_path / "repo"
    shutil.copytree(base_copy, root)
    return root


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames), list(r)


def _write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _edit(root: Path, table: str, fn) -> None:
    """Apply fn(rows) to a table of the copy, then rebuild its datapackage.json (bytes and hash)."""
    path = root / "data" / "processed" / f"{table}.csv"
    header, rows = _rows(path)
    rows = fn(rows)
    _write_rows(path, header, rows)
    package.run(root, allow_missing=True)


def _validate(root: Path, only: list[str]):
    outcome, fl, docs = validate.validate_directory(root, **RUN, partial=True, only=only, progress=lambda *_: None)
    return outcome, fl, docs


def _failures_for(outcome, table: str, *needles: str) -> list[str]:
    return [f for f in outcome.failures if f.startswith(f"FAIL {table} ") and all(n in f for n in needles)]


# ----------------------------------------------------------------------------------------- baseline

def test_clean_copy_passes_for_the_reference_tables(base_copy):
    outcome, fl, _ = _validate(base_copy, ["sources", "jurisdictions"])
    assert outcome.ok, outcome.failures
    assert fl["sources"]["rows"] == len(_rows(ROOT / "data/processed/sources.csv")[1])
    assert outcome.metrics["suites"]["sources"]["failed"] == 0
    assert outcome.metrics["suites"]["jurisdictions"]["evaluated"] >= 8


# ----------------------------------------------------------------------------------------- breakage

def test_broken_foreign_key_fails_naming_table_and_check(work):
    def break_fk(rows):
        rows[0]["source_id"] = "no-such-source--anywhere"
        return rows
    _edit(work, "jurisdictions", break_fk)
    outcome, fl, _ = _validate(work, ["jurisdictions"])
    assert not outcome.ok
    assert fl["jurisdictions"]["error_types"] == {"foreign-key": 1}
    hits = _failures_for(outcome, "jurisdictions", "[frictionless foreign-key]", "no-such-source--anywhere")
    assert hits, outcome.failures


def test_duplicate_primary_key_fails_naming_table_and_check(work):
    def duplicate(rows):
        extra = dict(rows[0])
        extra["path"] = extra["path"] + ".copy"  # only the key repeats
        return rows + [extra]
    _edit(work, "sources", duplicate)
    outcome, fl, _ = _validate(work, ["sources"])
    assert not outcome.ok
    assert "primary-key" in fl["sources"]["error_types"]
    first_id = _rows(ROOT / "data/processed/sources.csv")[1][0]["source_id"]
    assert _failures_for(outcome, "sources", "[frictionless primary-key]", first_id), outcome.failures


def test_value_outside_vocabulary_fails_naming_table_and_check(work):
    def bad_enum(rows):
        rows[0]["level"] = "planet"
        return rows
    _edit(work, "jurisdictions", bad_enum)
    outcome, fl, _ = _validate(work, ["jurisdictions"])
    assert not outcome.ok
    # frictionless: the enum constraint generated from validation/vocabularies.yaml
    assert _failures_for(outcome, "jurisdictions", "[frictionless constraint-error]", '"enum"'), outcome.failures
    # GX: vocabulary membership, with the failing row's key
    gx = _failures_for(outcome, "jurisdictions", "[GX suite jurisdictions]", "vocabulary membership (jurisdiction_level)")
    assert gx and '"level": "planet"' in gx[0], outcome.failures


def test_broken_reconciliation_fails_naming_table_and_check(work):
    if not (work / "data/processed/detainer_statistics.csv").exists() or \
            not (work / "validation/schemas/detainer_statistics.yaml").exists():
        pytest.fail("data/processed/detainer_statistics.csv is committed; it must exist")
    target = "npr-ice-detainers-2007-2015--detainers-by-year-and-month"

    def add_one(rows):
        for r in rows:
            if r["source_id"] == target and r["period_start"] == "2012-03-01":
                r["value"] = str(int(float(r["value"])) + 1)
                return rows
        raise AssertionError("no NPR row for March 2012")
    _edit(work, "detainer_statistics", add_one)
    outcome, _, _ = _validate(work, ["detainer_statistics"])
    assert not outcome.ok
    # the month no longer adds up to its calendar year ...
    rollup = _failures_for(outcome, "detainer_statistics", "[GX suite detainer_statistics__rollups]",
                           "the finer periods inside a period sum to its value")
    assert rollup and "; 1 of " in rollup[0], outcome.failures
    # ... and the monthly file no longer sums to NPR's 1,814,828
    total = _failures_for(outcome, "detainer_statistics", "[GX suite detainer_statistics]", "1,814,828", "observed 1814829")
    assert total, outcome.failures


# ----------------------------------------------------------------------------------------- package stage

def test_package_refuses_table_without_schema_and_schema_without_table(tmp_path):
    root = tmp_path / "repo"
    (root / "data/processed").mkdir(parents=True)
    shutil.copytree(ROOT / "validation", root / "validation")
    shutil.copy2(ROOT / "data/processed/sources.csv", root / "data/processed/sources.csv")
    for p in (root / "validation/schemas").glob("*.yaml"):
        if p.stem != "sources":
            p.unlink()
    (root / "data/processed/orphans.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"orphans\.csv.*no schema"):
        package.build_package(package.Layout(root))
    (root / "data/processed/orphans.csv").unlink()
    shutil.copy2(ROOT / "validation/schemas/jurisdictions.yaml", root / "validation/schemas/jurisdictions.yaml")
    with pytest.raises(InputError, match=r"jurisdictions\.csv is missing"):
        package.build_package(package.Layout(root))


def test_package_refuses_header_that_differs_from_schema(tmp_path):
    root = tmp_path / "repo"
    (root / "data/processed").mkdir(parents=True)
    shutil.copytree(ROOT / "validation", root / "validation")
    for p in (root / "validation/schemas").glob("*.yaml"):
        if p.stem != "sources":
            p.unlink()
    text = (ROOT / "data/processed/sources.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    cols = header.split(",")
    cols[1], cols[2] = cols[2], cols[1]  # title <-> publisher
    (root / "data/processed/sources.csv").write_text(",".join(cols) + "\n" + rest, encoding="utf-8")
    with pytest.raises(InputError, match=r"header of table 'sources'.*different order"):
        package.build_package(package.Layout(root))


def test_vocabulary_becomes_enum_and_keys_are_kept(base_copy):
    pkg = json.loads((base_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    res = {r["name"]: r for r in pkg["resources"]}
    level = next(f for f in res["jurisdictions"]["schema"]["fields"] if f["name"] == "level")
    assert level["constraints"]["enum"] == ["state", "county", "place"]
    assert res["sources"]["schema"]["primaryKey"] == ["source_id"]
    assert {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}} in \
        res["jurisdictions"]["schema"]["foreignKeys"]
    src = base_copy / "data/processed/sources.csv"
    assert res["sources"]["bytes"] == src.stat().st_size
    assert res["sources"]["hash"].startswith("sha256:") and len(res["sources"]["hash"]) == 7 + 64


# ----------------------------------------------------------------------------------------- staleness

def test_codebook_and_datapackage_are_not_stale(tmp_path):
    """Regenerating from the committed inputs gives the committed docs/codebook.md and datapackage.json."""
    root = _copy_repo(tmp_path / "repo")
    package.run(root)  # strict, exactly as the DVC stage
    for name in ("docs/codebook.md", "datapackage.json"):
        committed = (ROOT / name).read_bytes()
        assert (root / name).read_bytes() == committed, \
            f"{name} is stale: run `python -m scripts.package` (dvc repro package)"


# ----------------------------------------------------------------------------------------- report

def test_report_is_deterministic_and_offline(base_copy):
    _, _, docs1 = _validate(base_copy, ["sources"])
    _, _, docs2 = _validate(base_copy, ["sources"])
    assert docs1 == docs2
    page = docs1["validations/sources.html"]
    assert "Expectation Validation Result" in page and "2026-01-01T00:00:00Z" in page
    for text in docs1.values():
        assert "src=\"http" not in text and "url(http" not in text and "<link rel=\"stylesheet\" href=\"http" not in text


def test_data_docs_render_in_headless_chromium(base_copy, tmp_path):
    from scripts import screenshot_data_docs as shot

    if not shot.find_chromium():
        pytest.skip("Chromium not installed (apt-get install -y chromium)")
    outcome, _, docs = _validate(base_copy, ["sources"])
    lay = validate.Layout(tmp_path)
    validate.write_outputs(lay, outcome, docs)
    png = shot.screenshot(lay.docs / "index.html", tmp_path / "index.png", width=1000, height=700)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
