"""Incremental extraction: one cached result per article, keyed by what the result depends on.

The key of an article is the sha256 of
- the **extractor version**: the bytes of every module and word list of scripts/lib/extraction/, the spaCy
  pipeline's name and version, the jurisdiction resolver's inputs (data/processed/jurisdictions.csv,
  data/hand/jurisdiction_aliases.csv) and the stage's params;
- the article's text (its sha256) and the articles.csv fields the extractor reads (id, outlet, dates).

A hit is the stored rows of that article, exactly as extraction wrote them (JSON, sorted keys), so a run
with every article cached never loads spaCy. After a run the folder holds exactly the entries of the
current articles (stale ones are removed), so it is a deterministic function of the inputs; dvc.yaml
declares it as an output of `extract` (``persist: true``: DVC keeps it between runs).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..io import atomic_write_text

SOURCE_DIR = Path(__file__).parent
ARTICLE_FIELDS = (
    "article_id",
    "outlet",
    "date_published",
    "date_precision",
    "date_earliest",
    "date_latest",
    "reference_date",
)


def extractor_version(inputs: list[Path], params: dict, model: str) -> str:
    h = hashlib.sha256()
    for path in sorted(SOURCE_DIR.glob("*.py")) + sorted(SOURCE_DIR.glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in inputs:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(json.dumps(params, sort_keys=True, default=str).encode() + b"\0" + model.encode())
    return h.hexdigest()


class ExtractionCache:
    def __init__(self, folder: Path, version: str):
        self.folder = folder
        self.version = version
        self.used: set[str] = set()
        self.hits = 0

    def key(self, article: dict, text_sha256: str) -> str:
        fields = {k: str(article.get(k, "")) for k in ARTICLE_FIELDS}
        payload = json.dumps({"v": self.version, "text": text_sha256, "article": fields}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> dict | None:
        self.used.add(key)
        path = self._path(key)
        if not path.exists():
            return None
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # a damaged entry is recomputed
        self.hits += 1
        return value

    def put(self, key: str, value: dict) -> None:
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self._path(key), json.dumps(value, sort_keys=True, ensure_ascii=False) + "\n")

    def prune(self) -> None:
        """Remove entries no article of this run used."""
        if not self.folder.exists():
            return
        for path in self.folder.glob("*.json"):
            if path.stem not in self.used:
                path.unlink()
