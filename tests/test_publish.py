"""Stage, validate, then publish: the publish stage copies the staged package to its published places
only when it passed validation and is still what was validated, all files or none (scripts/publish.py).

These tests publish inside a temporary repository root holding a small package; the whole-pipeline
cases (a bad input stops `dvc repro` before publish, no published byte changes) are in
tests/test_bad_inputs.py.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, STAGED, published_files, stage_env, tree_digest
from scripts import publish
from scripts.lib.errors import InputError

OLD = {"data/processed/t.csv": "id,v\na,1\n", "data/processed/gone.csv": "id\nx\n", "metrics/gone.json": "{}\n"}
HAND_DOC = "docs/claim-checking.md"


def stage_package(root: Path, tables: dict[str, str], *, valid: bool = True) -> None:
    """A staged package under ``root``: tables, a descriptor that hashes them, docs, metrics and the
    validation result for that descriptor."""
    staging = root / STAGED
    resources = []
    for name, text in sorted(tables.items()):
        path = staging / f"data/processed/{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        data = path.read_bytes()
        resources.append(
            {
                "name": name,
                "path": f"data/processed/{name}.csv",
                "bytes": len(data),
                "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            }
        )
    descriptor = json.dumps({"name": "p", "resources": resources}, indent=2) + "\n"
    (staging / "datapackage.json").write_text(descriptor, encoding="utf-8")
    (staging / "docs").mkdir(exist_ok=True)
    (staging / "docs/codebook.md").write_text("# Codebook\n", encoding="utf-8")
    (staging / "metrics").mkdir(exist_ok=True)
    (staging / "metrics/statistics.json").write_text('{"rows": 2}\n', encoding="utf-8")
    result = {"valid": valid, "datapackage_sha256": hashlib.sha256(descriptor.encode()).hexdigest()}
    (staging / "metrics/validation.json").write_text(json.dumps(result) + "\n", encoding="utf-8")


@pytest.fixture
def root(tmp_path) -> Path:
    """A repository root with an older published package and a hand-written doc."""
    for rel, text in {**OLD, HAND_DOC: "hand-written\n"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def published(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree_digest(root).items() if not k.startswith(STAGED)}


def test_publish_copies_the_validated_package_and_removes_dropped_tables(root):
    stage_package(root, {"t": "id,v\na,2\n", "u": "k\n1\n"})
    changed = publish.publish(root)
    after = published(root)
    for rel in ("data/processed/t.csv", "data/processed/u.csv", "datapackage.json", "docs/codebook.md"):
        assert after[rel] == (root / STAGED / rel).read_bytes(), rel
    assert "data/processed/gone.csv" not in after and "metrics/gone.json" not in after
    assert after[HAND_DOC] == b"hand-written\n"  # docs/ also holds hand-written files: never removed
    assert root / "data/processed/gone.csv" in changed
    # the published package agrees with its own hashes
    package = json.loads(after["datapackage.json"])
    for r in package["resources"]:
        assert r["hash"] == f"sha256:{hashlib.sha256(after[r['path']]).hexdigest()}"
    assert not [p for p in root.rglob("*.tmp")]
    assert publish.publish(root) == []  # nothing left to change


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda s: (s / "metrics/validation.json").unlink(), "has not been validated"),
        (lambda s: stage_package(s.parents[2], {"t": "id,v\na,2\n"}, valid=False), "failed validation"),
        (
            lambda s: (s / "datapackage.json").write_text(
                (s / "datapackage.json").read_text().replace('"p"', '"q"'), encoding="utf-8"
            ),
            "changed since it was validated",
        ),
        (lambda s: (s / "data/processed/t.csv").write_text("id,v\na,3\n"), "differs from the bytes and sha256"),
        (lambda s: (s / "data/processed/extra.csv").write_text("id\n"), "not described in datapackage.json"),
    ],
    ids=["not validated", "failed validation", "descriptor changed", "table changed", "undescribed table"],
)
def test_publish_refuses_a_package_that_is_not_the_validated_one(root, spoil, message):
    stage_package(root, {"t": "id,v\na,2\n"})
    spoil(root / STAGED)
    before = published(root)
    with pytest.raises(InputError, match=message):
        publish.publish(root)
    assert published(root) == before


def test_a_failure_while_preparing_publishes_nothing(root, monkeypatch):
    """A full disk (or any error) while the new files are written leaves the published ones as they were."""
    import errno
    import os

    stage_package(root, {"t": "id,v\na,2\n", "u": "k\n1\n"})
    before = published(root)
    real_fsync, calls = os.fsync, []

    def full_disk(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(publish.os, "fsync", full_disk)
    with pytest.raises(OSError):
        publish.publish(root)
    assert published(root) == before
    assert not [p for p in root.rglob("*.tmp")]


KILL_AFTER_FIRST_RENAME = """
import os, signal, sys
from pathlib import Path
from scripts import publish
real, n = os.replace, []
def replace(src, dst):
    real(src, dst); n.append(dst)
    if len(n) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
publish.os.replace = replace
publish.publish(Path(sys.argv[1]))
"""


def test_a_hard_kill_inside_the_swap_is_completed_by_the_next_run(root):
    stage_package(root, {"t": "id,v\na,2\n", "u": "k\n1\n"})
    r = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_RENAME, str(root)], cwd=ROOT, env=stage_env(), capture_output=True
    )
    assert r.returncode == -9, r.stderr
    publish.publish(root)  # what `dvc repro` runs next: the publish stage's outputs differ from dvc.lock
    after = published(root)
    package = json.loads(after["datapackage.json"])
    for res in package["resources"]:
        assert res["hash"] == f"sha256:{hashlib.sha256(after[res['path']]).hexdigest()}"
    assert not [p for p in root.rglob("*.tmp")]


def test_publish_stage_declares_exactly_the_staged_package():
    """Every staged output of a stage is published by the publish stage, under the same relative path,
    and the publish stage publishes nothing else."""
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    staged = set()
    for name, spec in stages.items():
        for o in (spec.get("outs") or []) + (spec.get("metrics") or []):
            path = o if isinstance(o, str) else next(iter(o))
            if path.startswith(STAGED + "/"):
                staged.add(path[len(STAGED) + 1 :])
            elif name != "publish":
                published_by_stage = path.startswith(("data/processed/", "metrics/", "datapackage.json", "docs/"))
                assert not published_by_stage, f"stage {name} writes the published file {path}"
    assert set(published_files()) == staged
    assert STAGED in stages["publish"]["deps"]
