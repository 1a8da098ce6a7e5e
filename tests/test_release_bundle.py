"""`make release`: a bundle that validates on its own, holds no article text, and lists what it leaves out."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

import pytest
import yaml
from frictionless import Package

from conftest import ROOT, run_module
from scripts import release
from scripts.lib.errors import InputError


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> tuple[zipfile.ZipFile, str]:
    out = tmp_path_factory.mktemp("dist")
    path = release.build(out)
    return zipfile.ZipFile(path), path.read_bytes().hex()


def _manifest() -> dict:
    return yaml.safe_load((ROOT / "data/raw/manifest.yaml").read_text(encoding="utf-8"))


def test_bundle_holds_no_article_text(bundle):
    z, _ = bundle
    names = z.namelist()
    manifest = _manifest()
    for a in manifest["articles"]:
        assert not any(n.endswith(a["path"]) for n in names), a["path"]
    article_hashes = {a["sha256"] for a in manifest["articles"]}
    assert not {hashlib.sha256(z.read(n)).hexdigest() for n in names} & article_hashes


def test_bundle_lists_every_excluded_file_by_url_and_sha256(bundle):
    z, _ = bundle
    prefix = z.namelist()[0].split("/")[0]
    rows = list(csv.DictReader(io.StringIO(z.read(f"{prefix}/NOT-INCLUDED.csv").decode("utf-8"))))
    manifest = _manifest()
    expected = {f"data/raw/{a['path']}": a for a in manifest["articles"] if not a["redistribute"]}
    assert expected, "the seed article must be listed"
    listed = {r["path"]: r for r in rows}
    for path, a in expected.items():
        assert listed[path]["sha256"] == a["sha256"] and listed[path]["url"] == a["url"]


def test_bundle_validates_with_frictionless(bundle, tmp_path):
    z, _ = bundle
    z.extractall(tmp_path)
    (root,) = list(tmp_path.iterdir())
    report = Package(str(root / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_bundle_carries_docs_licences_and_redistributable_raw_files(bundle):
    z, _ = bundle
    names = {n.split("/", 1)[1] for n in z.namelist()}
    assert {"README.md", "CITATION.cff", "LICENSE", "DATA-LICENSE", "datapackage.json", "docs/codebook.md"} <= names
    assert "data/annotations/CODEBOOK.md" in names
    assert "data/raw/statistics/npr-ice-detainers-2007-2015/detainers_by_year.csv" in names


def test_bundle_is_byte_identical_when_rebuilt(bundle, tmp_path):
    _, first = bundle
    assert release.build(tmp_path).read_bytes().hex() == first


def test_a_collection_without_a_redistribution_flag_stops_the_build():
    manifest = _manifest()
    name = next(iter(manifest["collections"]))
    del manifest["collections"][name]["redistribute"]
    with pytest.raises(InputError, match=rf"collections\.{name}.*redistribute"):
        release.raw_files(manifest)


def test_release_cli_writes_into_the_given_folder(tmp_path):
    r = run_module(ROOT, "scripts.release", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert [p.suffix for p in tmp_path.iterdir()] == [".zip"]
