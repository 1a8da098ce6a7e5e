"""add_article: the documented interface, its round trip, and each rejection (nothing written on error)."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from conftest import STAGED, run_module, tree_digest

TEXT = (
    "Sheriff Dana Ortiz said Tuesday that her office declined 14 ICE detainers last year.\n"
    "“We follow state law,” Ortiz told reporters.\n"
)


def add(repo, *extra, article_id="test-sheriff-article", text=None, published="2021-03-09"):
    f = repo / "incoming.txt"
    if text is not None:
        f.write_bytes(text)
    elif not f.exists():
        f.write_text(TEXT, encoding="utf-8")
    return run_module(
        repo,
        "scripts.add_article",
        "--id",
        article_id,
        "--text",
        str(f),
        "--headline",
        "A headline",
        "--outlet",
        "Example Gazette",
        "--url",
        "https://example.org/a",
        "--published",
        published,
        "--accessed",
        "2021-03-10",
        *extra,
    )


def raw_state(repo):
    return tree_digest(repo / "data/raw")


def test_round_trip_registers_and_verifies(repo_copy):
    r = add(repo_copy)
    assert r.returncode == 0, r.stderr
    stored = repo_copy / "data/raw/articles/test-sheriff-article.txt"
    assert stored.read_text(encoding="utf-8") == TEXT
    m = yaml.safe_load((repo_copy / "data/raw/manifest.yaml").read_text())
    e = {a["source_id"]: a for a in m["articles"]}["test-sheriff-article"]
    assert e["sha256"] == hashlib.sha256(TEXT.encode()).hexdigest()
    assert (e["date_published"], e["date_precision"], e["date_basis"]) == ("2021-03-09", "day", "explicit")
    v = run_module(repo_copy, "scripts.verify_sources")
    assert v.returncode == 0, v.stderr
    assert "test-sheriff-article" in (repo_copy / STAGED / "data/processed/sources.csv").read_text()


@pytest.mark.parametrize(
    "published,extra,expected",
    [
        ("2020-01", [], ("2020-01", "month")),
        ("2020", [], ("2020", "year")),
        ("2020-01-21", ["--published-precision", "month"], ("2020-01", "month")),
    ],
)
def test_precision_follows_the_form_unless_given(repo_copy, published, extra, expected):
    r = add(repo_copy, *extra, published=published)
    assert r.returncode == 0, r.stderr
    m = yaml.safe_load((repo_copy / "data/raw/manifest.yaml").read_text())
    e = {a["source_id"]: a for a in m["articles"]}["test-sheriff-article"]
    assert (e["date_published"], e["date_precision"]) == expected


def test_basis_term_and_explanation(repo_copy):
    r = add(
        repo_copy,
        "--published-basis",
        "inferred: dateline missing; the text cites a Jan. 21 tweet",
        published="2020-01",
    )
    assert r.returncode == 0, r.stderr
    m = yaml.safe_load((repo_copy / "data/raw/manifest.yaml").read_text())
    e = {a["source_id"]: a for a in m["articles"]}["test-sheriff-article"]
    assert e["date_basis"] == "inferred" and e["date_note"].startswith("dateline missing")


@pytest.mark.parametrize(
    "case,kwargs,extra,message",
    [
        ("existing id", {"article_id": "washex-2020-01-ice-sanctuary-campaign"}, [], "already exists"),
        ("bad id", {"article_id": "Bad_ID!"}, [], "must match"),
        ("short id", {"article_id": "ab"}, [], "must match"),
        ("not utf-8", {"text": "Caf\xe9 con ICE".encode("latin-1")}, [], "not UTF-8"),
        ("empty text", {"text": b"  \n\n"}, [], "empty"),
        ("impossible date", {"published": "2020-02-30"}, [], "not a real date"),
        ("malformed date", {"published": "Jan 2020"}, [], "YYYY"),
        ("finer precision than the date", {"published": "2020-01"}, ["--published-precision", "day"], "finer"),
    ],
)
def test_rejections_write_nothing(repo_copy, case, kwargs, extra, message):
    if "text" in kwargs:
        (repo_copy / "incoming.txt").write_bytes(kwargs.pop("text"))
    before = raw_state(repo_copy)
    r = add(repo_copy, *extra, **kwargs)
    assert r.returncode == 2, (case, r.stdout, r.stderr)
    assert message in r.stderr, (case, r.stderr)
    assert r.stderr.startswith("error: ")
    assert raw_state(repo_copy) == before
