"""Shared fixtures: a throw-away copy of the repository to break things in, and a way to run stages.

Stages write into the staging area (data/interim/staging/, scripts/lib/paths.py) and read earlier
stages' tables from there; only the publish stage writes the published package. A fresh clone has no
staging area, so the tests fill it from the published package (the bytes a successful build leaves in
both places): in the working tree when it is missing, and in every copy always (so a copy does not
depend on what an earlier, possibly failed, build left in this tree's staging area).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
STAGED = "data/interim/staging"  # the staging area, relative to a repository root
VENV_BIN = Path(sys.executable).parent
IGNORE = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", "reports", "cache", "tmp")


def stage_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        GX_ANALYTICS_ENABLED="false",
        DVC_NO_ANALYTICS="1",
        DVC_NO_UPDATER="1",
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    env.update(extra)
    return env


def run_module(repo: Path, module: str, *args: str, **env) -> subprocess.CompletedProcess:
    """Run `python -m <module> args` inside ``repo`` (a copy), capturing output."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=repo,
        env=stage_env(**env),
        capture_output=True,
        text=True,
        timeout=900,
    )


def published_files(repo: Path = ROOT) -> list[str]:
    """The published package: the outputs of the publish stage in dvc.yaml (relative paths)."""
    spec = yaml.safe_load((repo / "dvc.yaml").read_text(encoding="utf-8"))["stages"]["publish"]
    return sorted(o if isinstance(o, str) else next(iter(o)) for o in spec["outs"] + spec.get("metrics", []))


def seed_staging(repo: Path, *, replace: bool) -> None:
    """Fill ``repo``'s staging area from its published package: every file (replace=True, after removing
    what was there) or only the missing ones."""
    staging = repo / STAGED
    if replace and staging.exists():
        shutil.rmtree(staging)
    for rel in published_files(repo):
        src, dst = repo / rel, staging / rel
        if src.is_file() and not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def copy_repo(dest: Path) -> Path:
    """A copy of the working tree (without .venv, .git, caches, reports), its staging area filled from
    its published package."""
    shutil.copytree(ROOT, dest, ignore=IGNORE, symlinks=True)
    seed_staging(dest, replace=True)
    return dest


@pytest.fixture(scope="session", autouse=True)
def staging_area() -> None:
    """Tests that call stage code in-process read earlier stages' tables from the staging area."""
    seed_staging(ROOT, replace=False)


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    """A copy of the working tree (without .venv, .git, caches, reports) whose stages can be run and broken."""
    return copy_repo(tmp_path / "repo")


def tree_digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
