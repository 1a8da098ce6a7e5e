"""Release plumbing: citation files, licences, version agreement, JSON-LD, `dvc get --rev`, table diffs.

The CFF schema is vendored as validation/cff-schema.json: the file `cffconvert/schemas/1.2.0/schema.json`
of the cffconvert 2.0.0 wheel from PyPI (wheel sha256 573c825e…f5373bb), byte-identical; it is the
Citation File Format 1.2.0 schema (citation-file-format/citation-file-format, CC-BY-4.0). cffconvert
itself cannot be installed beside frictionless (dependency conflict), so the file is validated here
with jsonschema.

The `dvc get` and diff tests build their own small git repositories in a temporary folder: no network,
no dependence on this repository's history.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from scripts import citation as jl
from scripts import diff_tables as dt
from scripts.lib.io import sha256_file
from scripts.lib.paths import ROOT

CFF_SCHEMA = ROOT / "validation" / "cff-schema.json"
CFF_SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
VENV_BIN = Path(sys.executable).parent
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@invalid",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "DVC_NO_ANALYTICS": "1",
    "DVC_NO_UPDATER": "1",
}


def norm(s: str) -> str:
    return " ".join(str(s).split())


def citation() -> dict:
    return jl.load_citation(ROOT / "CITATION.cff")


def changelog_releases() -> list[tuple[str, str]]:
    """(version, date-or-note) of every release heading in CHANGELOG.md, newest first."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (.+)$", text, flags=re.M)


# --- citation metadata ------------------------------------------------------------------------------


def test_vendored_cff_schema_is_the_published_one():
    assert sha256_file(CFF_SCHEMA) == CFF_SCHEMA_SHA256
    schema = json.loads(CFF_SCHEMA.read_text())
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"


def test_citation_cff_validates_against_cff_1_2_0():
    data = citation()
    schema = json.loads(CFF_SCHEMA.read_text())
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["cff-version"] == "1.2.0"
    assert data["type"] == "dataset"
    assert data["authors"] == [{"name": "ICE Detainers Data Package contributors"}]
    assert "doi" not in data, "no DOI has been minted yet; add it only once a deposit exists"


def test_cff_schema_rejects_a_broken_citation():
    """The validation can fail: a CFF without authors, or with a bad licence id, is refused."""
    schema = json.loads(CFF_SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)
    bad = {k: v for k, v in citation().items() if k != "authors"}
    assert not validator.is_valid(bad)
    assert not validator.is_valid({**citation(), "license": "CC-BY-4"})


def test_versions_agree_everywhere():
    package = yaml.safe_load((ROOT / "validation" / "package.yaml").read_text())
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    versions = {
        "validation/package.yaml": str(package["version"]),
        "CITATION.cff": str(citation()["version"]),
        ".zenodo.json": zenodo["version"],
        "CHANGELOG.md": changelog_releases()[0][0],
    }
    if (ROOT / "datapackage.json").exists():
        versions["datapackage.json"] = json.loads((ROOT / "datapackage.json").read_text())["version"]
    assert len(set(versions.values())) == 1, versions
    assert SEMVER.match(versions["CITATION.cff"])
    assert versions["CITATION.cff"] == "0.1.0"  # the first release; bump with CHANGELOG.md


def test_titles_and_licences_agree():
    package = yaml.safe_load((ROOT / "validation" / "package.yaml").read_text())
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    assert citation()["title"] == zenodo["title"] == package["title"]
    assert zenodo["upload_type"] == "dataset" and zenodo["license"] == "cc-by-4.0"
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in citation()["authors"]]
    assert "CC-BY-4.0" in citation()["license"] and "MIT" in citation()["license"]
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]
    assert "MIT License" in (ROOT / "LICENSE").read_text()


def test_release_date_is_the_same_in_changelog_and_citation():
    version, note = changelog_releases()[0]
    date = re.fullmatch(r"\d{4}-\d{2}-\d{2}", note.strip())
    if date:  # tagged: CITATION.cff must carry the same date
        assert citation().get("date-released") == note.strip()
    else:  # not tagged yet: no release date anywhere
        assert "date-released" not in citation()


def test_changelog_states_the_semver_rules_for_data():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    policy = text.split("## Versioning policy for data releases", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"\*\*MAJOR\*\*.*field removed", policy, flags=re.S)
    assert re.search(r"\*\*MINOR\*\*.*published value changed", policy, flags=re.S)
    assert "**PATCH**" in policy


def test_data_licence_quotes_the_terms_of_every_source():
    manifest = yaml.safe_load((ROOT / "data" / "raw" / "manifest.yaml").read_text())
    text = norm((ROOT / "DATA-LICENSE").read_text(encoding="utf-8"))
    assert "CC-BY-4.0" in text and "creativecommons.org/licenses/by/4.0" in text
    for name, coll in manifest["collections"].items():
        assert name in text, f"DATA-LICENSE does not name collection {name}"
        assert norm(coll["license"]) in text, f"DATA-LICENSE lacks the terms of {name}: {coll['license']!r}"
    for art in manifest["articles"]:
        assert norm(art["license"]) in text, f"DATA-LICENSE lacks the terms of article {art['source_id']}"


def test_citation_credits_every_external_collection():
    manifest = yaml.safe_load((ROOT / "data" / "raw" / "manifest.yaml").read_text())
    external = {
        c["title"]
        for c in manifest["collections"].values()
        if "this project" not in c["publisher"] and c["url"] != "none"
    }
    assert external <= {r["title"] for r in citation()["references"]}


# --- schema.org JSON-LD -------------------------------------------------------------------------------


def test_jsonld_is_built_from_datapackage(tmp_path):
    path = ROOT / "datapackage.json"
    package = (
        jl.load_package(path)
        if path.exists()
        else {
            "name": "t",
            "title": "T",
            "version": "0.1.0",
            "licenses": [{"name": "CC-BY-4.0"}],
            "homepage": "https://example.org/x",
            "resources": [
                {
                    "name": "sources",
                    "path": "data/processed/sources.csv",
                    "title": "Sources",
                    "bytes": 1,
                    "hash": "sha256:" + "0" * 64,
                    "schema": {"fields": [{"name": "source_id"}]},
                }
            ],
        }
    )
    doc = jl.build_jsonld(package, citation())
    assert doc["@type"] == "Dataset" and doc["version"] == package["version"]
    assert doc["name"] == package["title"]
    assert "https://creativecommons.org/licenses/by/4.0/" in doc["license"]
    assert "example.org" not in json.dumps(doc), "placeholder homepage published as the dataset url"
    assert len(doc["distribution"]) == len(package["resources"])
    for d in doc["distribution"]:
        res = next(r for r in package["resources"] if r["name"] == d["name"])
        assert d["contentUrl"] == "../" + res["path"]
        assert d["sha256"] == res["hash"].removeprefix("sha256:")
        if path.exists():  # the relative address resolves, from docs/, to the published table
            assert (ROOT / "docs" / d["contentUrl"]).resolve() == (ROOT / res["path"]).resolve()
            assert (ROOT / res["path"]).exists()
    assert {r["title"] for r in citation()["references"]} == {w["name"] for w in doc["isBasedOn"]}
    assert any(v["name"] == "sources.source_id" for v in doc["variableMeasured"])


def test_jsonld_refuses_a_version_mismatch():
    with pytest.raises(jl.InputError, match="version"):
        jl.check_versions({"version": "9.9.9"}, citation())


def test_citation_stage_is_declared_after_package():
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    st = stages["citation"]
    assert st["cmd"] == "python -m scripts.citation"
    assert {"data/interim/staging/datapackage.json", "CITATION.cff"} <= set(st["deps"])
    assert [o if isinstance(o, str) else next(iter(o)) for o in st["outs"]] == [
        "data/interim/staging/docs/dataset.jsonld",
        "data/interim/staging/docs/citation.bib",
    ]
    package_outs = [next(iter(o)) if isinstance(o, dict) else o for o in stages["package"]["outs"]]
    assert "data/interim/staging/datapackage.json" in package_outs
    publish_outs = [next(iter(o)) if isinstance(o, dict) else o for o in stages["publish"]["outs"]]
    assert {"datapackage.json", "docs/dataset.jsonld", "docs/citation.bib"} <= set(publish_outs)


# --- temporary git repositories -------------------------------------------------------------------------


def run(cmd: list[str], cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def commit(repo: Path, files: dict[str, str], message: str, tag: str | None = None, remove=()) -> None:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    for rel in remove:
        run(["git", "rm", "-q", rel], repo)
    run(["git", "add", "-A"], repo)
    run(["git", "commit", "-q", "-m", message], repo)
    if tag:
        run(["git", "tag", tag], repo)


@pytest.fixture
def git_repo(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    run(["git", "init", "-q", "-b", "main"], repo)
    return repo


V1 = "id,v\na,1\nb,2\n"
V2 = "id,v\na,1\nb,3\nc,4\n"


def test_dvc_get_fetches_a_table_at_a_tag(git_repo, tmp_path):
    """The documented `dvc get <repo> data/processed/<table>.csv --rev <tag>` returns that release's bytes."""
    repo = git_repo
    run([str(VENV_BIN / "dvc"), "init", "-q"], repo)
    run([str(VENV_BIN / "dvc"), "config", "core.analytics", "false"], repo)
    stage = {
        "stages": {
            "build": {
                "cmd": "python build.py",
                "deps": ["src.csv", "build.py"],
                "outs": [{"data/processed/t.csv": {"cache": False}}],
            }
        }
    }
    build = "import shutil\nshutil.copyfile('src.csv', 'data/processed/t.csv')\n"
    commit(
        repo,
        {"dvc.yaml": yaml.safe_dump(stage), "build.py": build, "src.csv": V1, "data/processed/.keep": ""},
        "pipeline",
    )
    run([str(VENV_BIN / "dvc"), "repro", "-q"], repo)
    commit(repo, {}, "release", tag="v0.0.1-test")
    (repo / "src.csv").write_text(V2)
    run([str(VENV_BIN / "dvc"), "repro", "-q"], repo)
    commit(repo, {}, "next")
    assert (repo / "data/processed/t.csv").read_text() == V2

    out = tmp_path / "got"
    out.mkdir()
    run(
        [
            str(VENV_BIN / "dvc"),
            "get",
            str(repo),
            "data/processed/t.csv",
            "--rev",
            "v0.0.1-test",
            "-o",
            str(out / "t.csv"),
        ],
        out,
    )
    assert (out / "t.csv").read_bytes() == V1.encode()
    run(
        [str(VENV_BIN / "dvc"), "get", str(repo), "data/processed/t.csv", "--rev", "main", "-o", str(out / "t2.csv")],
        out,
    )
    assert (out / "t2.csv").read_bytes() == V2.encode()


SCHEMA_T = "primaryKey: [id]\nfields:\n  - {name: id, type: string}\n  - {name: v, type: string}\n"


def test_diff_tables_lists_added_removed_and_changed_rows(git_repo):
    repo = git_repo
    commit(
        repo,
        {
            "validation/schemas/t.yaml": SCHEMA_T,
            "data/processed/t.csv": "id,v,note\na,1,x\nb,2,y\nd,5,z\n",
            "data/processed/u.csv": "k,w\n1,NA\n",
        },
        "one",
        tag="v1",
    )
    commit(
        repo,
        {"data/processed/t.csv": "id,v,note\na,1,x\nb,3,y\nc,4,w\n", "data/processed/u.csv": "k,w\n1,NA\n"},
        "two",
        tag="v2",
    )
    diffs = {d.table: d for d in dt.diff_revisions("v1", "v2", repo=repo)}
    t = diffs["t"]
    assert t.key == ["id"]
    assert [r["id"] for r in t.added] == ["c"]
    assert [r["id"] for r in t.removed] == ["d"]
    assert t.changed == [({"id": "b"}, {"v": ("2", "3")})]
    assert t.bump == "minor"
    u = diffs["u"]
    assert u.key == [] and not u.added and not u.removed and u.bump == "patch"  # "NA" stays text

    out = run([sys.executable, "-m", "scripts.diff_tables", "v1", "v2", "--repo", str(repo), "--table", "t"], ROOT)
    assert "== t (key: id)" in out
    assert "  + id='c': v='4'; note='w'" in out
    assert "  - id='d': v='5'; note='z'" in out
    assert "  ~ id='b': v: '2' -> '3'" in out
    assert "t: 1 added, 1 removed, 1 changed, 1 unchanged (3 -> 3 rows)" in out
    assert out.rstrip().endswith("see CHANGELOG.md)") and "suggested version bump: minor" in out
    assert "== u" not in out


def test_diff_tables_reads_keys_from_datapackage_and_flags_major_changes(git_repo):
    repo = git_repo
    package = {
        "resources": [
            {"name": "t", "path": "data/processed/t.csv", "schema": {"primaryKey": ["id", "y"], "fields": []}}
        ]
    }
    commit(
        repo,
        {
            "datapackage.json": json.dumps(package),
            "data/processed/t.csv": "id,y,v\na,1,1\na,2,2\n",
            "data/processed/gone.csv": "id\nx\n",
        },
        "one",
    )
    commit(repo, {"data/processed/t.csv": "id,y\na,1\na,2\n"}, "two", remove=["data/processed/gone.csv"])
    diffs = {d.table: d for d in dt.diff_revisions("HEAD~1", "HEAD", repo=repo)}
    assert diffs["t"].key == ["id", "y"] and diffs["t"].columns_removed == ["v"]
    assert diffs["t"].bump == "major" and not diffs["t"].changed
    assert diffs["gone"].status == "removed" and diffs["gone"].bump == "major"
    text = dt.format_diff(list(diffs.values()), "HEAD~1", "HEAD")
    assert "fields removed: v" in text and "table removed in HEAD" in text
    assert "suggested version bump: major" in text


def test_diff_tables_rejects_bad_revisions_and_duplicate_keys(git_repo):
    repo = git_repo
    commit(repo, {"validation/schemas/t.yaml": SCHEMA_T, "data/processed/t.csv": "id,v\na,1\n"}, "one")
    commit(repo, {"data/processed/t.csv": "id,v\na,1\na,2\n"}, "two")
    with pytest.raises(dt.InputError, match="not a commit"):
        dt.diff_revisions("no-such-tag", "HEAD", repo=repo)
    with pytest.raises(dt.InputError, match="not unique"):
        dt.diff_revisions("HEAD~1", "HEAD", repo=repo)
    with pytest.raises(dt.InputError, match="no table"):
        dt.diff_revisions("HEAD~1", "HEAD", repo=repo, tables=["nope"])
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.diff_tables", "nope", "HEAD", "--repo", str(repo)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "revision 'nope' is not a commit" in proc.stderr


def test_diff_tables_calls_re_derived_ids_a_major_change(git_repo):
    """#16: every id re-derived (same rows, new keys) is MAJOR, as CHANGELOG.md says, not 'rows added and removed'."""
    repo = git_repo
    commit(
        repo,
        {"validation/schemas/t.yaml": SCHEMA_T, "data/processed/t.csv": "id,v,note\na,1,x\nb,2,y\nd,5,z\n"},
        "one",
        tag="v1",
    )
    commit(repo, {"data/processed/t.csv": "id,v,note\nA,1,x\nB,2,y\nd,5,z\ne,6,w\n"}, "two", tag="v2")
    (t,) = dt.diff_revisions("v1", "v2", repo=repo)
    assert t.rekeyed == [({"id": "a"}, {"id": "A"}), ({"id": "b"}, {"id": "B"})]
    assert [r["id"] for r in t.added] == ["e"] and not t.removed and not t.changed
    assert t.bump == "major"
    out = dt.format_diff([t], "v1", "v2")
    assert "  = id='a' -> id='A' (same row, new key)" in out
    assert "t: 1 added, 0 removed, 0 changed, 2 re-keyed, 1 unchanged (3 -> 4 rows)" in out
    assert "suggested version bump: major" in out


# --- issue 15.8: honest citation fields, a version cut with its date and address, README examples that run ---

from scripts import cut_version as cv  # noqa: E402
from scripts.lib import citation as lib_citation  # noqa: E402

URL_RE = re.compile(r"https?://[^\s\"'<>)\]}]+")
CITATION_FILES = ("CITATION.cff", ".zenodo.json", "validation/package.yaml", "datapackage.json", "docs/dataset.jsonld")


def test_no_placeholder_address_in_any_citation_file():
    for rel in (*CITATION_FILES, "docs/citation.bib", "README.md"):
        text = (ROOT / rel).read_text(encoding="utf-8")
        placeholders = [u for u in URL_RE.findall(text) if lib_citation.is_placeholder(u)]
        assert not placeholders, f"{rel} holds placeholder address(es) {placeholders}"
    package = json.loads((ROOT / "datapackage.json").read_text())
    assert "homepage" not in package or not lib_citation.is_placeholder(package["homepage"])


def test_a_package_without_a_public_address_says_so_where_the_url_would_go():
    data = citation()
    if lib_citation.citation_url(data):  # a version was cut with its address: nothing left to say
        assert not lib_citation.is_placeholder(lib_citation.citation_url(data))
        return
    assert "homepage" not in json.loads((ROOT / "datapackage.json").read_text())
    assert "# homepage: none yet" in (ROOT / "validation/package.yaml").read_text()
    assert "# url: none yet" in (ROOT / "CITATION.cff").read_text()
    bib = (ROOT / "docs/citation.bib").read_text(encoding="utf-8")
    assert bib == lib_citation.bibtex(data), "docs/citation.bib is stale (run the citation stage)"
    assert f"note    = {{{lib_citation.NO_PUBLIC_ADDRESS}}}" in bib and "url " not in bib
    assert f"version = {{{data['version']}}}" in bib
    assert "**Address:** none yet" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_bibtex_follows_cffconverts_fields_and_adds_the_version():
    cff = {
        "cff-version": "1.2.0",
        "title": "T",
        "version": "1.2.3",
        "authors": [{"name": "A Team"}, {"family-names": "Eads", "given-names": "David"}],
        "date-released": "2026-03-09",
        "repository-code": "https://git.test.invalid/r",
        "url": "https://data.test.invalid/p",
        "doi": "10.5281/zenodo.1",
    }
    bib = lib_citation.bibtex(cff)
    assert "author  = {{A Team} and Eads, David}" in bib
    assert "year    = {2026}" in bib and "month   = {3}" in bib and "version = {1.2.3}" in bib
    assert "url     = {https://git.test.invalid/r}" in bib  # cffconvert: repository-code before url
    assert "doi     = {10.5281/zenodo.1}" in bib
    placeholder = lib_citation.bibtex({**cff, "repository-code": "https://example.org/x", "url": ""})
    assert "url " not in placeholder and lib_citation.NO_PUBLIC_ADDRESS in placeholder


README_SECTION = "## Getting a specific version"


def readme_commands() -> list[str]:
    """The shell commands of the README's version section, as written (comments dropped)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(README_SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    lines = [ln.split("  #", 1)[0].strip() for b in blocks for ln in b.splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("pip install")]


@pytest.mark.slow
def test_cut_version_then_the_readme_version_examples_work_as_written(tmp_path):
    """In a temporary clone: cut 0.1.0 with a date and an address, tag it, change a table after the tag, and
    run every command of the README's version section as written (<repo-url> = the clone)."""
    if not shutil.which("git"):
        pytest.skip("git not installed")
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", str(ROOT), str(clone)], tmp_path)
    address = "https://git.test.invalid/ice-detainers"
    cv.main(["0.1.0", "--date", "2026-12-01", "--url", address, "--repo", str(clone)])

    cff = lib_citation.load_citation(clone / "CITATION.cff")
    assert (cff["version"], cff["date-released"], cff["url"]) == ("0.1.0", "2026-12-01", address)
    jsonschema.Draft7Validator(json.loads(CFF_SCHEMA.read_text())).validate(cff)
    bib = lib_citation.bibtex(cff)
    assert "year    = {2026}" in bib and "version = {0.1.0}" in bib and f"url     = {{{address}}}" in bib
    assert "## [0.1.0] - 2026-12-01" in (clone / "CHANGELOG.md").read_text()
    assert f"homepage: {address}" in (clone / "validation/package.yaml").read_text()
    assert json.loads((clone / ".zenodo.json").read_text())["publication_date"] == "2026-12-01"

    run(["git", "commit", "-q", "-am", "Release v0.1.0"], clone)
    run(["git", "tag", "v0.1.0"], clone)
    claims = (clone / "data/processed/claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (clone / "data/processed/claims.csv").write_text("".join(claims[:-1]), encoding="utf-8")
    run(["git", "commit", "-q", "-am", "a claim withdrawn after the release"], clone)

    commands = readme_commands()
    assert len(commands) == 6, commands
    got = tmp_path / "got"
    got.mkdir()
    for command in commands:
        argv = command.replace("<repo-url>", str(clone)).split()
        if argv[0] == "dvc":
            run([str(VENV_BIN / "dvc"), *argv[1:]], got)
        else:
            assert argv[:3] == ["python", "-m", "scripts.diff_tables"], command
            out = run([sys.executable, *argv[1:]], clone)
            assert "== claims (key: claim_id)" in out and "  - claim_id=" in out, command
    tagged = {p: run(["git", "show", f"v0.1.0:{p}"], clone) for p in ("data/processed/claims.csv", "datapackage.json")}
    assert (got / "claims.csv").read_text(encoding="utf-8") == tagged["data/processed/claims.csv"]
    assert (got / "datapackage.json").read_text(encoding="utf-8") == tagged["datapackage.json"]
    assert (got / "stats-v0.1.0.csv").stat().st_size == (
        clone / "data/processed/detainer_statistics.csv"
    ).stat().st_size


@pytest.mark.parametrize(
    "args, message",
    [
        (["0.1", "--date", "2026-12-01", "--url", "https://git.test.invalid/r"], "not MAJOR.MINOR.PATCH"),
        (["0.1.0", "--date", "2026-13-01", "--url", "https://git.test.invalid/r"], "not a calendar date"),
        (["0.1.0", "--date", "2026-12-01", "--url", "https://example.org/r"], "not a public http(s) address"),
        (["0.0.9", "--date", "2026-12-01", "--url", "https://git.test.invalid/r"], "lower than the current version"),
    ],
)
def test_cut_version_refuses_bad_arguments_and_writes_nothing(tmp_path, args, message):
    for rel in ("CITATION.cff", ".zenodo.json", "validation/package.yaml", "CHANGELOG.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, tmp_path / rel)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(cv.InputError, match=re.escape(message)):
        cv.main([*args, "--repo", str(tmp_path)])
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    # and a version already released is not cut again
    cv.main(["0.1.0", "--date", "2026-12-01", "--url", "https://git.test.invalid/r", "--repo", str(tmp_path)])
    with pytest.raises(cv.InputError, match="already released on 2026-12-01"):
        cv.main(["0.1.0", "--date", "2026-12-02", "--url", "https://git.test.invalid/r", "--repo", str(tmp_path)])
