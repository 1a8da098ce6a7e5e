"""verify_sources: the raw snapshots are exactly the registered ones, or the build stops."""

from __future__ import annotations

import hashlib

import pandas as pd
import yaml

from conftest import ROOT, STAGED, run_module, tree_digest

SEED_ID = "washex-2020-01-ice-sanctuary-campaign"
SEED_SHA = "8eb6ab224483528854899a9140228423975707483315d1ec943f68ad5a396e72"


def test_every_raw_file_matches_its_manifest_entry():
    """Each registered file exists under data/raw/ with the recorded sha256 and size (in-repository only)."""
    manifest = yaml.safe_load((ROOT / "data/raw/manifest.yaml").read_text())
    entries = manifest["files"] + manifest["articles"]
    assert len(entries) >= 40
    for e in entries:
        data = (ROOT / "data/raw" / e["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"], e["path"]
        assert len(data) == int(e["bytes"]), e["path"]


def test_seed_article_registered_with_month_precision():
    manifest = yaml.safe_load((ROOT / "data/raw/manifest.yaml").read_text())
    seed = {a["source_id"]: a for a in manifest["articles"]}[SEED_ID]
    assert seed["sha256"] == SEED_SHA
    assert (seed["date_published"], seed["date_precision"], seed["date_basis"]) == ("2020-01", "month", "inferred")
    assert "2020-01-21" in seed["date_note"]


def test_sources_table_lists_every_registered_file(repo_copy):
    r = run_module(repo_copy, "scripts.verify_sources")
    assert r.returncode == 0, r.stderr
    sources = pd.read_csv(repo_copy / STAGED / "data/processed/sources.csv", dtype=str, keep_default_na=False)
    assert sources["source_id"].is_unique
    seed = sources.set_index("source_id").loc[SEED_ID]
    assert (seed["kind"], seed["sha256"]) == ("article", SEED_SHA)
    pa = sources.set_index("source_id").loc["npr-ice-detainers-pa-2007-2015--pa-detainers"]
    assert pa["upstream"].startswith("eads/geocode-pa-detainers@ecc87ce3bda4eb3d7bc5cfa9cb943eb319d405d2")
    for path, sha in zip(sources["path"], sources["sha256"]):
        assert hashlib.sha256((repo_copy / path).read_bytes()).hexdigest() == sha


def _flip_one_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_tampered_raw_file_stops_the_build_naming_both_hashes(repo_copy):
    assert run_module(repo_copy, "scripts.verify_sources").returncode == 0
    before = tree_digest(repo_copy / STAGED / "data/processed")
    target = repo_copy / "data/raw/statistics/npr-ice-detainers-2007-2015/detainers_by_year.csv"
    old = hashlib.sha256(target.read_bytes()).hexdigest()
    _flip_one_byte(target)
    new = hashlib.sha256(target.read_bytes()).hexdigest()
    r = run_module(repo_copy, "scripts.verify_sources")
    assert r.returncode == 2
    assert "data/raw/statistics/npr-ice-detainers-2007-2015/detainers_by_year.csv" in r.stderr
    assert old in r.stderr and new in r.stderr
    assert tree_digest(repo_copy / STAGED / "data/processed") == before


def test_unregistered_file_is_refused_with_how_to_register(repo_copy):
    extra = repo_copy / "data/raw/statistics/new.csv"
    extra.write_text("a,b\n1,2\n")
    r = run_module(repo_copy, "scripts.verify_sources")
    assert r.returncode == 2
    assert "data/raw/statistics/new.csv" in r.stderr and "scripts.register_source" in r.stderr


def test_register_source_then_verify_passes(repo_copy):
    (repo_copy / "data/raw/statistics/mn-ddp-detainers-2022-2026/extra.csv").write_text("a,b\n1,2\n")
    r = run_module(
        repo_copy,
        "scripts.register_source",
        "--path",
        "statistics/mn-ddp-detainers-2022-2026/extra.csv",
        "--collection",
        "mn-ddp-detainers-2022-2026",
        "--title",
        "An extra file",
    )
    assert r.returncode == 0, r.stderr
    assert run_module(repo_copy, "scripts.verify_sources").returncode == 0
    stamp = (repo_copy / "data/interim/verified/mn-ddp-detainers-2022-2026.sha256").read_text()
    assert "extra.csv" in stamp


def test_manifest_entry_without_file_is_refused(repo_copy):
    (repo_copy / "data/raw/statistics/mn-ddp-detainers-2022-2026/mn_detainers_by_month.csv").unlink()
    r = run_module(repo_copy, "scripts.verify_sources")
    assert r.returncode == 2
    assert "mn_detainers_by_month.csv" in r.stderr and "does not exist" in r.stderr


def test_manifest_path_escaping_raw_is_refused(repo_copy):
    mpath = repo_copy / "data/raw/manifest.yaml"
    m = yaml.safe_load(mpath.read_text())
    m["files"][0]["path"] = "../../README.md"
    mpath.write_text(yaml.safe_dump(m, sort_keys=False))
    r = run_module(repo_copy, "scripts.verify_sources")
    assert r.returncode == 2
    assert "data/raw/manifest.yaml" in r.stderr and "escapes data/raw/" in r.stderr


def test_unsafe_yaml_tag_is_refused(repo_copy):
    mpath = repo_copy / "data/raw/manifest.yaml"
    mpath.write_text("!!python/object/apply:os.system ['echo pwned']\n" + mpath.read_text())
    r = run_module(repo_copy, "scripts.verify_sources")
    assert r.returncode == 2
    assert "data/raw/manifest.yaml" in r.stderr and "not safe YAML" in r.stderr
    assert "pwned" not in r.stdout
