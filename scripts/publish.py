"""Stage publish: the validated package in the staging area → its published places (committed to git).

Every other stage writes into data/interim/staging/ (laid out like the repository root, see
scripts/lib/paths.py); this one, the last before the notebooks, copies that tree to the root:
data/processed/*.csv, datapackage.json, the generated docs (docs/codebook.md, docs/dataset.jsonld,
docs/citation.bib) and metrics/*.json.

1. Check. The staged metrics/validation.json must say the package is valid and name the sha256 of
   the staged datapackage.json (so what is published is exactly what was validated), and every table
   must have the bytes and sha256 the descriptor records. Anything else: exit 2, nothing published.
2. Prepare. Each changed file is copied to a temporary file next to its published place and synced to
   disk. A full disk or a read-only folder stops the stage here, with nothing published.
3. Swap. The temporary files are renamed over the published ones, one rename each, with Ctrl-C and
   SIGTERM held off until the last one is done; published tables and metrics no longer in the package
   are removed. Only a hard kill (SIGKILL, power loss) inside this loop of renames can interrupt it;
   `dvc repro` then sees the publish stage changed and runs it again, which completes the swap.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import tempfile
from pathlib import Path

from scripts.lib.errors import InputError, run_stage
from scripts.lib.io import remove_stale_temporaries, sha256_file
from scripts.lib.paths import (
    DATAPACKAGE,
    METRICS,
    PUBLISHED_METRICS,
    PUBLISHED_PROCESSED,
    ROOT,
    STAGING,
    rel,
)

# Relative to a repository root (tests publish inside a temporary one).
STAGED = STAGING.relative_to(ROOT)
VALIDATION_METRICS = METRICS.relative_to(STAGING) / "validation.json"
DESCRIPTOR = DATAPACKAGE.relative_to(STAGING)
# Published folders that hold only generated files: a file there that the package no longer has goes.
GENERATED_ONLY = ((PUBLISHED_PROCESSED.relative_to(ROOT), "*.csv"), (PUBLISHED_METRICS.relative_to(ROOT), "*.json"))


def staged_files(staging: Path) -> list[Path]:
    """Every file of the staged package (not the atomic writer's hidden temporary files)."""
    if not staging.is_dir():
        raise InputError(staging, "no staged package; run `dvc repro` (the stages write it, validate checks it)")
    return sorted(p for p in staging.rglob("*") if p.is_file() and not p.name.startswith("."))


def check_validated(staging: Path) -> None:
    """The staged package passed validate, and is still the package validate checked."""
    metrics, descriptor = staging / VALIDATION_METRICS, staging / DESCRIPTOR
    if not metrics.is_file():
        raise InputError(metrics, "not found: the staged package has not been validated; run `dvc repro`")
    try:
        result = json.loads(metrics.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(metrics, f"not valid JSON ({exc})") from None
    if result.get("valid") is not True:
        raise InputError(metrics, "the staged package failed validation; nothing is published (see reports/validation)")
    if not descriptor.is_file():
        raise InputError(descriptor, "not found; run `dvc repro`")
    if result.get("datapackage_sha256") != sha256_file(descriptor):
        raise InputError(
            descriptor,
            "changed since it was validated (its sha256 differs from metrics/validation.json); run `dvc repro`",
        )
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    for r in package["resources"]:
        path = staging / r["path"]
        if not path.is_file():
            raise InputError(path, f"table {r['name']!r} of datapackage.json is not staged; run `dvc repro`")
        if path.stat().st_size != r["bytes"] or f"sha256:{sha256_file(path)}" != r["hash"]:
            raise InputError(path, f"differs from the bytes and sha256 datapackage.json records for {r['name']!r}")
    tables = {(staging / r["path"]).resolve() for r in package["resources"]}
    for path in sorted((staging / GENERATED_ONLY[0][0]).glob("*.csv")):
        if path.resolve() not in tables:
            raise InputError(path, "staged table is not described in datapackage.json; run `dvc repro`")


def prepare(pairs: list[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    """Copy each staged file to a synced temporary file next to its target; (temporary, target) pairs of
    the files that change. On any error the temporary files are removed and nothing is published."""
    prepared: list[tuple[Path, Path]] = []
    current = None
    try:
        for staged, target in pairs:
            current = target
            data = staged.read_bytes()
            if target.is_file() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(target)
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
            tmp = Path(name)
            prepared.append((tmp, target))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
    except BaseException as exc:
        for tmp, _ in prepared:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno is not None and current:  # name the file, not its temporary
            raise OSError(exc.errno, exc.strerror, str(current)) from exc
        raise
    return prepared


@contextlib.contextmanager
def signals_held():
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done (then take effect as usual)."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def swap(prepared: list[tuple[Path, Path]], stale: list[Path]) -> None:
    with signals_held():
        for tmp, target in prepared:
            os.replace(tmp, target)
        for path in stale:
            path.unlink(missing_ok=True)
        for folder in {target.parent for _, target in prepared}:
            with contextlib.suppress(OSError):  # make the renames durable (not every filesystem allows it)
                fd = os.open(folder, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)


def publish(root: Path = ROOT) -> list[Path]:
    """Check, prepare and swap in the package staged under ``root``; return the published files that
    changed (written or removed)."""
    staging = root / STAGED
    check_validated(staging)
    pairs = [(f, root / f.relative_to(staging)) for f in staged_files(staging)]
    targets = {t for _, t in pairs}
    stale = [p for folder, pattern in GENERATED_ONLY for p in sorted((root / folder).glob(pattern)) if p not in targets]
    prepared = prepare(pairs)
    swap(prepared, stale)
    return [t for _, t in prepared] + stale


def main() -> None:
    changed = publish()
    if changed:
        print(f"publish: {len(changed)} file(s) published: " + ", ".join(rel(p) for p in changed))
    else:
        print("publish: the published package is already identical to the validated one")


if __name__ == "__main__":
    run_stage(main)
