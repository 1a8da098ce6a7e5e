"""The package and validate stages: a broken key, enum or reconciliation fails validation naming the
table and the check; the codebook and datapackage.json are not stale; the report is deterministic and
renders offline.

Every test works on a temporary copy of data/processed/ and validation/ (never the real files). The
copy is packaged with `partial=True` so the tests run as soon as the tables they need exist; that every
table has a schema and a suite is enforced by the stages themselves (see test_package_refuses_*).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from scripts import package, validate
from scripts.lib.errors import InputError
from scripts.lib.paths import ROOT

RUN = {"run_name": "test-run", "run_time": "2026-01-01T00:00:00+00:00"}


def _copy_repo(dest: Path) -> Path:
    shutil.copytree(ROOT / "data" / "processed", dest / "data" / "processed")
    shutil.copytree(ROOT / "validation", dest / "validation")
    (dest / "data" / "hand").mkdir(parents=True)
    shutil.copy2(ROOT / "data" / "hand" / "expected_totals.csv", dest / "data" / "hand" / "expected_totals.csv")
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


def test_foreign_keys_into_one_referenced_table_are_each_checked(work):
    """Several tables referring to the same table, and a table referring to itself, each get their own
    foreign-key errors."""

    def bad(column, value):
        def fn(rows):
            rows[0][column] = value
            return rows

        return fn

    _edit(work, "facilities", bad("jurisdiction_id", "99999"))
    _edit(work, "sanctuary_policies", bad("jurisdiction_id", "99998"))
    _edit(work, "entities", bad("affiliation_id", "no-such-entity"))
    outcome, fl, _ = _validate(work, ["facilities", "sanctuary_policies", "entities", "jurisdictions"])
    for table, value in (("facilities", "99999"), ("sanctuary_policies", "99998"), ("entities", "no-such-entity")):
        assert fl[table]["error_types"] == {"foreign-key": 1}, (table, fl[table])
        assert _failures_for(outcome, table, "[frictionless foreign-key]", value), outcome.failures
    assert fl["jurisdictions"]["valid"]


def test_shared_key_sets_give_frictionless_own_results_reading_each_table_once(work, monkeypatch):
    """validate reads each table a foreign key points to once (shared_key_sets) instead of once per pointing
    table; with broken keys in tables pointing to jurisdictions and in one pointing to itself, the results
    equal Frictionless' own (its lookup builder restored), and jurisdictions' key set was read once."""

    def bad(column, value):
        def fn(rows):
            rows[0][column] = value
            return rows

        return fn

    _edit(work, "facilities", bad("jurisdiction_id", "99999"))
    _edit(work, "claims", bad("jurisdiction_id", "99997"))
    _edit(work, "entities", bad("affiliation_id", "no-such-entity"))
    lay = validate.Layout(work)
    tables = ["claims", "entities", "facilities", "sanctuary_policies"]
    reads: list[tuple] = []
    key_set = validate.key_set
    monkeypatch.setattr(validate, "key_set", lambda pkg, t, f: reads.append((t, f)) or key_set(pkg, t, f))
    shared = validate.frictionless_check(lay, tables)
    assert reads.count(("jurisdictions", ("jurisdiction_id",))) == 1, reads
    monkeypatch.setattr(validate, "shared_key_sets", lambda package: contextlib.nullcontext())
    assert shared == validate.frictionless_check(lay, tables)
    assert {t: shared[t]["error_types"] for t in tables} == {
        "claims": {"foreign-key": 1},
        "entities": {"foreign-key": 1},
        "facilities": {"foreign-key": 1},
        "sanctuary_policies": {},
    }


def _period_rollups_row_by_row(st: pd.DataFrame, source_types: list[str]) -> pd.DataFrame:
    """The definition, one parent at a time (the former implementation), as the oracle."""

    st = st[st["source_type"].isin(source_types)].copy()
    st["collection"] = st["source_id"].astype(str).str.split("--").str[0]
    dims = ["collection", "metric", "category", "value_kind", "jurisdiction_id", "facility_id", "agency"]
    dims += ["aggregation_level"]
    st = validate._series_text(st, dims)
    rank = {"day": 0, "week": 1, "month": 2, "calendar_year": 3, "fiscal_year": 3, "span": 4}
    rows = []
    for key, g in st.groupby(dims, sort=True):
        for child_type in ("day", "month"):
            children = g[g["period_type"] == child_type]
            if children.empty:
                continue
            for p in g[g["period_type"].map(rank).fillna(9) > rank[child_type]].itertuples(index=False):
                inside = children[
                    (children["period_start"] >= p.period_start) & (children["period_end"] <= p.period_end)
                ]
                if not inside.empty:
                    rows.append(
                        {
                            **dict(zip(dims, key)),
                            "series": " | ".join(key),
                            "parent_stat_id": p.stat_id,
                            "parent_period_type": p.period_type,
                            "child_period_type": child_type,
                            "period_start": p.period_start,
                            "period_end": p.period_end,
                            "value": p.value,
                            "child_sum": inside["value"].sum(),
                            "n_children": len(inside),
                        }
                    )
    cols = dims + [
        "series",
        "parent_stat_id",
        "parent_period_type",
        "child_period_type",
        "period_start",
        "period_end",
        "value",
        "child_sum",
        "n_children",
    ]
    return (
        pd.DataFrame(rows, columns=cols)
        .sort_values(["parent_stat_id", "child_period_type"], kind="mergesort")
        .reset_index(drop=True)
    )


def test_period_rollups_matches_the_row_by_row_definition(base_copy):
    import pandas as pd

    pkg = json.loads((base_copy / "datapackage.json").read_text())
    res = next(r for r in pkg["resources"] if r["name"] == "detainer_statistics")
    frames = {"detainer_statistics": validate.typed_frame(validate.Layout(base_copy), res)}
    for types in (["foia_data"], sorted(set(frames["detainer_statistics"]["source_type"].dropna()))):
        got = validate.period_rollups(frames, {"source_types": types})
        pd.testing.assert_frame_equal(
            got, _period_rollups_row_by_row(frames["detainer_statistics"], types), check_exact=True
        )
    got = validate.period_rollups(frames, {})
    assert len(got) > 400 and set(got["collection"]) >= {"npr-ice-detainers-2007-2015", "mn-ddp-detainers-2022-2026"}
    assert (got["child_sum"] == got["value"]).all()  # the published series reconcile


def test_validate_stage_depends_on_the_lib_modules_it_imports():
    import subprocess
    import sys

    import yaml

    code = "import sys, scripts.validate; print(' '.join(m for m in sys.modules if m.startswith('scripts.lib')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    imported = {"scripts/lib/__init__.py" if m == "scripts.lib" else m.replace(".", "/") + ".py" for m in out.split()}
    deps = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]["validate"]["deps"]
    assert {d for d in deps if d.startswith("scripts/lib")} == imported


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
    gx = _failures_for(
        outcome, "jurisdictions", "[GX suite jurisdictions]", "vocabulary membership (jurisdiction_level)"
    )
    assert gx and '"level": "planet"' in gx[0], outcome.failures


def test_entity_mention_counts_hold_for_mentioned_entities_only(work):
    """n_mentions >= n_articles for an entity with mention rows; 0 mentions is a speaker or claimant named
    only as such (a role the rules gave as the speaker), which passes."""

    def speaker_only(rows):
        extra = dict(rows[0], entity_id="person:the-jail-spokesperson", name="the jail spokesperson")
        extra.update(type="person", n_articles="2", n_mentions="0", method="rule", jurisdiction_id="")
        return rows + [extra]

    _edit(work, "entities", speaker_only)
    outcome, _, _ = _validate(work, ["entities"])
    assert outcome.ok, outcome.failures

    def undercounted(rows):
        rows[0]["n_articles"], rows[0]["n_mentions"] = "3", "1"
        return rows

    _edit(work, "entities", undercounted)
    outcome, _, _ = _validate(work, ["entities"])
    assert _failures_for(outcome, "entities", "at least one per article"), outcome.failures


def test_broken_reconciliation_fails_naming_table_and_check(work):
    if (
        not (work / "data/processed/detainer_statistics.csv").exists()
        or not (work / "validation/schemas/detainer_statistics.yaml").exists()
    ):
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
    rollup = _failures_for(
        outcome,
        "detainer_statistics",
        "[GX suite detainer_statistics__rollups]",
        "the finer periods inside a period sum to its value",
    )
    assert rollup and "; 1 of " in rollup[0], outcome.failures
    # ... and the monthly file no longer sums to NPR's 1,814,828
    total = _failures_for(
        outcome, "detainer_statistics", "[GX suite detainer_statistics]", "1,814,828", "observed 1814829"
    )
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
    assert level["constraints"]["enum"] == ["nation", "state", "county", "place"]
    assert res["sources"]["schema"]["primaryKey"] == ["source_id"]
    assert {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}} in res[
        "jurisdictions"
    ]["schema"]["foreignKeys"]
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
        assert (root / name).read_bytes() == committed, (
            f"{name} is stale: run `python -m scripts.package` (dvc repro package)"
        )


# ----------------------------------------------------------------------------------------- report


def test_report_is_deterministic_and_offline(base_copy):
    _, _, docs1 = _validate(base_copy, ["sources"])
    _, _, docs2 = _validate(base_copy, ["sources"])
    assert docs1 == docs2
    page = docs1["validations/sources.html"]
    assert "Expectation Validation Result" in page and "2026-01-01T00:00:00Z" in page
    for text in docs1.values():
        assert 'src="http' not in text and "url(http" not in text and '<link rel="stylesheet" href="http' not in text


def test_result_cache_gives_the_outputs_of_a_full_run(work):
    """The stage keeps each table's and suite's result with the sha256 of its inputs and reuses it while they are
    unchanged: after a table changes, a cached run re-checks that table, the tables whose foreign keys point to it
    (unless it is a small table whose key set only grew, as `sources` when an article is added) and the suites that
    read it, and its outputs are those of a run without the cache."""
    lay = validate.Layout(work)

    def run(cache: bool):
        said: list[str] = []
        outcome, fl, docs = validate.validate_directory(work, **RUN, progress=said.append, cache=cache)
        if cache:
            validate.write_outputs(lay, outcome, docs)
        return (outcome, fl, docs), said

    def same_as_full_run(got) -> None:
        want, _ = run(cache=False)
        assert got[0].failures == want[0].failures
        assert got[0].metrics == want[0].metrics and got[0].results == want[0].results
        assert got[1] == want[1] and got[2] == want[2]

    run(cache=True)  # fills the cache
    cached = {p.relative_to(lay.cache).as_posix() for p in lay.cache.rglob("*.json")}
    assert "frictionless/claims.json" in cached and "gx/detainer_statistics__levels.json" in cached
    files = {p: (lay.cache / p).read_bytes() for p in cached}

    # a new source (what adding an article does): every table points to sources, whose key set only grew
    _edit(work, "sources", lambda rows: rows + [{**rows[-1], "source_id": "zz-added-source"}])
    got, said = run(cache=True)
    rewritten = {p for p in cached if (lay.cache / p).read_bytes() != files[p]}
    assert {"frictionless/sources.json", "gx/sources.json", "frictionless/detainer_statistics.json"} <= rewritten
    assert "gx/detainer_statistics__levels.json" not in rewritten
    hits = int(next(x for x in said if "validation cache" in x).split(": ")[1].split(" of ")[0])
    assert hits >= 20, said  # all but sources' own results (and suites that join it)
    same_as_full_run(got)

    def break_fk(rows):
        rows[0]["source_id"] = "no-such-source--anywhere"
        return rows

    _edit(work, "claims", break_fk)
    keys = {p: json.loads((lay.cache / p).read_text())["key"] for p in cached}
    got, _ = run(cache=True)
    changed = {p for p in cached if json.loads((lay.cache / p).read_text())["key"] != keys[p]}
    assert changed == {"frictionless/claims.json", "gx/claims.json"}  # claims is small: its key set is compared
    assert not got[0].ok and _failures_for(got[0], "claims", "no-such-source--anywhere")
    same_as_full_run(got)


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


def test_each_schema_names_the_dvc_stage_that_writes_its_table():
    """The codebook's "written by" comes from each schema's `stage` key (the package stage cannot depend
    on dvc.yaml); this keeps the two in step."""
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    writer = {
        (o if isinstance(o, str) else next(iter(o))): name
        for name, spec in stages.items()
        for o in spec.get("outs") or []
    }
    for path in sorted((ROOT / "validation" / "schemas").glob("*.yaml")):
        stage = yaml.safe_load(path.read_text())["stage"]
        assert writer[f"data/interim/staging/data/processed/{path.stem}.csv"] == stage, path.name
        assert writer[f"data/processed/{path.stem}.csv"] == "publish", path.name
        assert stages[stage]["cmd"] == f"python -m scripts.{stage}", stage
