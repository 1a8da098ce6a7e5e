"""Where things live. Every path is relative to the repository root, whatever the working directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = DATA / "raw"
MANIFEST = RAW / "manifest.yaml"
ARTICLES_RAW = RAW / "articles"
HAND = DATA / "hand"
ANNOTATIONS = DATA / "annotations"
INTERIM = DATA / "interim"
PROCESSED = DATA / "processed"
VALIDATION = ROOT / "validation"
METRICS = ROOT / "metrics"
REPORTS = ROOT / "reports"
PARAMS = ROOT / "params.yaml"


def rel(path: Path | str) -> str:
    """A path as the user should see it in messages and tables: relative to the repository root."""
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
