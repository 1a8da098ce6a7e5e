"""Reliability: atomic outputs under a kill, and no network from inside the test process."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import STAGED, stage_env

KILL_AT_RENAME = """
import os, runpy, signal, sys
_replace = os.replace
def killed_replace(src, dst):
    # the temporary file is fully written; die before it replaces the published file
    os.kill(os.getpid(), signal.SIGKILL)
os.replace = killed_replace
sys.argv = ["scripts.verify_sources"]
runpy.run_module("scripts.verify_sources", run_name="__main__")
"""

KILL_MID_WRITE = """
import os, runpy, signal, sys, tempfile
_fdopen = os.fdopen
class Dying:
    def __init__(self, f): self.f = f
    def __enter__(self): return self
    def __exit__(self, *a): return False
    def write(self, data):
        self.f.write(data[: len(data) // 2]); self.f.flush()
        os.kill(os.getpid(), signal.SIGKILL)
os.fdopen = lambda fd, *a, **k: Dying(_fdopen(fd, *a, **k))
sys.argv = ["scripts.verify_sources"]
runpy.run_module("scripts.verify_sources", run_name="__main__")
"""


@pytest.mark.parametrize("killer", [KILL_AT_RENAME, KILL_MID_WRITE], ids=["before-rename", "mid-write"])
def test_killed_stage_leaves_previous_output_and_rerun_is_correct(repo_copy, killer):
    run = lambda *a: subprocess.run(
        [sys.executable, *a], cwd=repo_copy, env=stage_env(), capture_output=True, text=True, timeout=300
    )
    assert run("-m", "scripts.verify_sources").returncode == 0
    out = repo_copy / STAGED / "data/processed/sources.csv"
    before = out.read_bytes()
    # change an origin field so that the next build must produce different bytes
    mpath = repo_copy / "data/raw/manifest.yaml"
    m = yaml.safe_load(mpath.read_text())
    m["collections"]["census-reference"]["publisher"] = "U.S. Census Bureau (checked)"
    mpath.write_text(yaml.safe_dump(m, sort_keys=False, allow_unicode=True))
    killed = run("-c", killer)
    assert killed.returncode == -9, killed.stderr
    assert out.read_bytes() == before, "a killed run changed the published file"
    again = run("-m", "scripts.verify_sources")
    assert again.returncode == 0, again.stderr
    assert "U.S. Census Bureau (checked)" in out.read_text()
    leftovers = [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_sockets_to_the_outside_are_blocked():
    """pytest-socket (configured in pytest.ini) lets the notebook kernel use loopback only."""
    with pytest.raises(Exception) as exc:
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1, never routed
    assert "SocketConnectBlockedError" in type(exc.value).__name__ or "blocked" in str(exc.value).lower()


# --- the machine refuses: one line and what to do, nothing published --------------------------------------

REFUSING_DISK = """
import errno, os, runpy, sys
real = os.fdopen
class Full:
    def __init__(self, f): self.f = f
    def __enter__(self): return self
    def __exit__(self, *a): self.f.close(); return False
    def write(self, data): raise OSError({errno}, os.strerror({errno}))
os.fdopen = lambda fd, *a, **k: Full(real(fd, *a, **k))
sys.argv = [sys.argv[1]]
runpy.run_module(sys.argv[0], run_name="__main__")
"""


@pytest.mark.parametrize("module", ["scripts.verify_sources", "scripts.publish"])
@pytest.mark.parametrize("code, advice", [("ENOSPC", "free some space"), ("EROFS", "writable copy")])
def test_a_full_disk_or_read_only_output_is_one_line_and_publishes_nothing(repo_copy, module, code, advice):
    """Every write goes through a temporary file; when the disk is full or the file system read-only the
    stage says so in one line (exit 3), and the published package and staged files are unchanged."""
    import errno

    from conftest import published_files, tree_digest

    def state():
        return {r: (repo_copy / r).read_bytes() for r in published_files(repo_copy)} | tree_digest(repo_copy / STAGED)

    if module == "scripts.publish":  # something to publish: a published file differs from the staged one
        (repo_copy / "docs/codebook.md").write_text("an older codebook\n", encoding="utf-8")
    before = state()
    script = REFUSING_DISK.replace("{errno}", str(getattr(errno, code)))
    r = subprocess.run(
        [sys.executable, "-c", script, module], cwd=repo_copy, env=stage_env(), capture_output=True, text=True
    )
    assert r.returncode == 3, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and advice in lines[0], r.stderr
    assert "nothing published was changed" in lines[0]
    assert state() == before
    assert not [p for p in repo_copy.rglob("*.tmp") if ".venv" not in p.parts]


def test_a_bare_python_without_the_environment_says_what_to_do(repo_copy):
    """`dvc repro` runs `python -m scripts.<stage>` with the first python on the PATH. Without the pinned
    packages (here: -S, no site-packages) and without .venv, the stage says what to do in one line."""
    r = subprocess.run(
        [sys.executable, "-S", "-m", "scripts.verify_sources"],
        cwd=repo_copy,
        env=stage_env(),
        capture_output=True,
        text=True,
    )
    assert r.returncode == 3, r.stderr
    assert r.stderr.count("\n") == 1 and "make env" in r.stderr and "source .venv/bin/activate" in r.stderr


def test_a_bare_python_uses_the_repository_environment(repo_copy):
    """With .venv in place, a stage started by an interpreter that lacks the packages re-runs itself with
    .venv/bin/python: a bare `dvc repro` works without activating the environment."""
    from conftest import ROOT

    (repo_copy / ".venv").symlink_to(ROOT / ".venv")
    base = Path(getattr(sys, "_base_executable", sys.executable))
    r = subprocess.run(
        [str(base), "-m", "scripts.verify_sources"], cwd=repo_copy, env=stage_env(), capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert (repo_copy / STAGED / "data/processed/sources.csv").exists()
