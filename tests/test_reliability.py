"""Reliability: atomic outputs under a kill, and no network from inside the test process."""

from __future__ import annotations

import socket
import subprocess
import sys

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
