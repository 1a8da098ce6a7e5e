"""articles stage: the stored text is normalized once, hashed, split into paragraphs; dates keep their precision."""

from __future__ import annotations

import hashlib
import json
import unicodedata

import pandas as pd
import pytest

from conftest import STAGED, run_module, tree_digest
from scripts.lib.articletext import date_basis, normalize_text, paragraphs, publication_dates

SEED = "washex-2020-01-ice-sanctuary-campaign"
SEED_SHA = "8eb6ab224483528854899a9140228423975707483315d1ec943f68ad5a396e72"


def read_csv(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# --- unit ---------------------------------------------------------------------------------------------
def test_normalize_text_nfc_line_ends_and_bom():
    raw = "\ufeffCafe\u0301 said:\r\n“Hi.”\rEnd"
    text = normalize_text(raw)
    assert text == "Café said:\n“Hi.”\nEnd"
    assert unicodedata.is_normalized("NFC", text)
    assert len("Café") == 4  # code points, after NFC


def test_paragraphs_lines_or_blank_line_blocks():
    lines = "First para.\nSecond para.\n\n"
    assert [lines[s:e] for s, e in paragraphs(lines)] == ["First para.", "Second para."]
    blocks = "A hard-wrapped\nparagraph.\n\n  Next one.  \n"
    assert [blocks[s:e] for s, e in paragraphs(blocks)] == ["A hard-wrapped\nparagraph.", "Next one."]


def test_publication_dates_keep_precision_and_reference():
    seed = publication_dates(
        {
            "date_published": "2020-01",
            "date_precision": "month",
            "date_earliest": "2020-01-21",
            "date_basis": "inferred",
            "date_note": "tweet",
        }
    )
    assert (seed["date_earliest"], seed["date_latest"], seed["reference_date"]) == (
        "2020-01-21",
        "2020-01-31",
        "2020-01-21",
    )
    day = publication_dates({"date_published": "2017-03-22", "date_precision": "day"})
    assert (day["reference_date"], day["date_basis"]) == ("2017-03-22", "explicit")
    year = publication_dates({"date_published": "2019", "date_precision": "year"})
    assert (year["date_earliest"], year["date_latest"], year["reference_date"]) == ("2019-01-01", "2019-12-31", "")
    with pytest.raises(ValueError, match="outside"):
        publication_dates({"date_published": "2020-01", "date_precision": "month", "date_earliest": "2020-02-01"})
    with pytest.raises(ValueError, match="does not match"):
        publication_dates({"date_published": "2020-01", "date_precision": "day"})


def test_date_basis_terms_and_free_text():
    assert date_basis({"date_basis": "inferred", "date_note": "x"}) == ("inferred", "x")
    assert date_basis({"date_basis": "explicit: dateline"}) == ("explicit", "dateline")
    assert date_basis({"date_basis": "January 2020, from a tweet"}) == ("inferred", "January 2020, from a tweet")


# --- stage --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import copy_repo

    repo = copy_repo(tmp_path_factory.mktemp("articles") / "repo")
    for module in ("scripts.verify_sources", "scripts.articles"):
        r = run_module(repo, module)
        assert r.returncode == 0, r.stderr
    return repo


def test_seed_article_row(built):
    articles = read_csv(built / STAGED / "data/processed/articles.csv").set_index("article_id")
    a = articles.loc[SEED]
    stored = (built / f"data/interim/articles/{SEED}.txt").read_text(encoding="utf-8")
    raw = (built / f"data/raw/articles/{SEED}.txt").read_bytes()
    assert a["raw_sha256"] == SEED_SHA == hashlib.sha256(raw).hexdigest()
    assert stored == unicodedata.normalize("NFC", raw.decode("utf-8"))
    assert a["text_sha256"] == hashlib.sha256(stored.encode("utf-8")).hexdigest()
    assert int(a["n_chars"]) == len(stored) == 4874
    assert (a["date_published"], a["date_precision"], a["date_basis"]) == ("2020-01", "month", "inferred")
    assert (a["date_earliest"], a["date_latest"], a["reference_date"]) == ("2020-01-21", "2020-01-31", "2020-01-21")
    assert "2020-01-21" in a["date_note"]
    assert a["outlet"] == "Washington Examiner" and a["source_id"] == SEED


def test_paragraph_offsets_hold_the_text(built):
    paras = read_csv(built / "data/interim/articles/paragraphs.csv")
    seed = paras[paras["article_id"] == SEED]
    text = (built / f"data/interim/articles/{SEED}.txt").read_text(encoding="utf-8")
    assert len(seed) == 17
    articles = read_csv(built / STAGED / "data/processed/articles.csv").set_index("article_id")
    assert int(articles.loc[SEED, "n_paragraphs"]) == 17
    first = seed.iloc[0]
    assert text[int(first["start"]) : int(first["end"])].startswith("Immigration and Customs Enforcement has ramped up")
    for r in seed.itertuples():
        chunk = text[int(r.start) : int(r.end)]
        assert chunk == chunk.strip() and "\n" not in chunk


def test_bad_publication_metadata_fails_and_keeps_outputs(built, tmp_path):
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(built, repo, symlinks=True)
    before = tree_digest(repo / STAGED / "data/processed")
    meta_path = repo / "data/interim/verified/articles.json"
    meta = json.loads(meta_path.read_text())
    (seed,) = [a for a in meta["articles"] if a["source_id"] == SEED]
    seed["date_earliest"] = "2020-02-03"
    meta_path.write_text(json.dumps(meta))
    r = run_module(repo, "scripts.articles")
    assert r.returncode == 2
    assert "data/interim/verified/articles.json" in r.stderr and "outside the published date 2020-01" in r.stderr
    assert tree_digest(repo / STAGED / "data/processed") == before
