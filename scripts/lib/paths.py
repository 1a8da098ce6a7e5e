"""Where things live. Every path is relative to the repository root, whatever the working directory.

Stage, validate, then publish. The package a build makes is first written to a staging area,
``data/interim/staging/``, laid out like the repository root (``data/processed/*.csv``,
``datapackage.json``, ``docs/``, ``metrics/``). Every stage writes its tables and metrics there, and a
later stage reads an earlier one's table from there too: ``PROCESSED``, ``METRICS``, ``DATAPACKAGE`` and
``GENERATED_DOCS`` below are the staged places. The ``validate`` stage checks the staged package; only
then does the ``publish`` stage (scripts/publish.py) copy it, file for file, to the published places
(``PUBLISHED_*``, committed to git). A build that fails at any stage leaves every published byte as it was.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = DATA / "raw"
MANIFEST = RAW / "manifest.yaml"
ARTICLES_RAW = RAW / "articles"
HAND = DATA / "hand"
ANNOTATIONS = DATA / "annotations"
INTERIM = DATA / "interim"
VALIDATION = ROOT / "validation"
REPORTS = ROOT / "reports"
PARAMS = ROOT / "params.yaml"

# The staged (candidate) package: what every stage writes and reads; mirrors the repository root.
STAGING = INTERIM / "staging"
PROCESSED = STAGING / "data" / "processed"
METRICS = STAGING / "metrics"
DATAPACKAGE = STAGING / "datapackage.json"
GENERATED_DOCS = STAGING / "docs"

# The published package (committed to git): only scripts/publish.py writes here; the notebooks and
# users read it.
PUBLISHED_PROCESSED = DATA / "processed"
PUBLISHED_METRICS = ROOT / "metrics"
PUBLISHED_DATAPACKAGE = ROOT / "datapackage.json"
PUBLISHED_DOCS = ROOT / "docs"


def rel(path: Path | str) -> str:
    """A path as the user should see it in messages and tables: relative to the repository root."""
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
