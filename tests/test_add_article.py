"""add_article: the documented interface, its round trip, and each rejection (nothing written on error)."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from conftest import STAGED, run_module, stage_env, tree_digest
from scripts.lib.limits import MAX_ARTICLE_CHARS

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
        # issue #13: everything the pipeline would reject later is refused here
        ("id with a trailing newline", {"article_id": "test-sheriff-article\n"}, [], "must match"),
        ("full-width digits in the date", {"published": "２０２０"}, [], "ASCII digits"),
        ("published after accessed", {"published": "2021-03-11"}, [], "after --accessed 2021-03-10"),
        ("only a byte-order mark", {"text": "\ufeff".encode()}, [], "no visible character"),
        ("only invisible characters", {"text": "\u200b \n\t".encode()}, [], "no visible character"),
        ("a NUL byte", {"text": b"ICE said\x00 14 detainers.\n"}, [], "control character '\\x00'"),
        ("an escape sequence", {"text": b"ICE said \x1b[31m14\n"}, [], "control character '\\x1b'"),
        ("larger than the limit", {"text": b"x" * (MAX_ARTICLE_CHARS + 1)}, [], "limits.py MAX_ARTICLE_CHARS"),
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


def add_with(repo, *, article_id="test-sheriff-article", **override):
    """add_article with one argument replaced (or removed with None)."""
    f = repo / "incoming.txt"
    if not f.exists():
        f.write_text(TEXT, encoding="utf-8")
    args = {
        "--id": article_id,
        "--text": str(f),
        "--headline": "A headline",
        "--outlet": "Example Gazette",
        "--url": "https://example.org/a",
        "--published": "2021-03-09",
        "--accessed": "2021-03-10",
    }
    args.update({k.replace("_", "-"): v for k, v in override.items()})
    argv = [x for k, v in args.items() if v is not None for x in (k, v)]
    return run_module(repo, "scripts.add_article", *argv)


SEED = "washex-2020-01-ice-sanctuary-campaign"


@pytest.mark.parametrize(
    "case,override,message",
    [
        ("not a URL", {"--url": "washingtonexaminer dot com"}, "not an http(s) URL"),
        ("ftp URL", {"--url": "ftp://example.org/a.txt"}, "not an http(s) URL"),
        ("URL without a host", {"--url": "https:///a"}, "not an http(s) URL"),
        ("headline with a line break", {"--headline": "Two\nlines"}, "--headline holds a control character"),
        ("empty outlet", {"--outlet": "  "}, "--outlet must be non-empty text"),
        ("text is a directory", {"--text": "data"}, "is a directory"),
        ("basis with a control character", {"--published-basis": "inferred: \x07"}, "control character"),
    ],
)
def test_door_refuses_bad_metadata(repo_copy, case, override, message):
    if override.get("--text") == "data":
        override["--text"] = str(repo_copy / "data")
    before = raw_state(repo_copy)
    r = add_with(repo_copy, **override)
    assert r.returncode == 2, (case, r.stdout, r.stderr)
    assert message in r.stderr and r.stderr.startswith("error: ") and len(r.stderr.splitlines()) == 1, r.stderr
    assert raw_state(repo_copy) == before


def test_door_refuses_a_headline_that_is_not_utf8(repo_copy):
    """A Latin-1 byte on the command line arrives as an undecodable character: refused, not stored (it
    used to break every later build with a UnicodeEncodeError)."""
    import os
    import subprocess
    import sys

    before = raw_state(repo_copy)
    (repo_copy / "incoming.txt").write_text(TEXT, encoding="utf-8")
    argv = [sys.executable.encode(), b"-m", b"scripts.add_article", b"--id", b"test-latin1", b"--text", b"incoming.txt"]
    argv += [b"--headline", b"Caf\xe9 raid", b"--outlet", b"Gazette", b"--url", b"https://example.org/b"]
    argv += [b"--published", b"2021-03-09", b"--accessed", b"2021-03-10"]
    env = {k.encode(): v.encode() for k, v in stage_env(LC_ALL="C.UTF-8").items()}
    r = subprocess.run(argv, cwd=os.fsencode(repo_copy), env=env, capture_output=True)
    assert r.returncode == 2, r.stderr
    assert b"--headline is not valid UTF-8 text" in r.stderr
    assert raw_state(repo_copy) == before


@pytest.mark.parametrize("what", ["url", "text"])
def test_door_refuses_an_article_registered_twice(repo_copy, what):
    seed_text = repo_copy / f"data/raw/articles/{SEED}.txt"
    m = yaml.safe_load((repo_copy / "data/raw/manifest.yaml").read_text())
    seed_url = {a["source_id"]: a for a in m["articles"]}[SEED]["url"]
    before = raw_state(repo_copy)
    if what == "url":
        r = add_with(repo_copy, **{"--url": seed_url, "--published": "2020-01"})
        message = "same URL"
    else:
        r = add_with(repo_copy, **{"--text": str(seed_text), "--published": "2020-01"})
        message = "same text (sha256)"
    assert r.returncode == 2, r.stderr
    assert message in r.stderr and SEED in r.stderr
    assert raw_state(repo_copy) == before


def test_six_concurrent_runs_register_six_articles(repo_copy):
    """Registration holds a file lock and the atomic writer leaves other writers' temporary files alone:
    six add_article runs started together all land (they used to lose five of six)."""
    import subprocess
    import sys

    procs = []
    for i in range(6):
        text = repo_copy / f"incoming-{i}.txt"
        text.write_text(f"Sheriff {i} said her office declined {i + 10} ICE detainers last year.\n", encoding="utf-8")
        argv = ["--id", f"concurrent-article-{i}", "--text", str(text), "--headline", f"Headline {i}"]
        argv += ["--outlet", "Example Gazette", "--url", f"https://example.org/{i}"]
        argv += ["--published", "2021-03-09", "--accessed", "2021-03-10"]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "scripts.add_article", *argv],
                cwd=repo_copy,
                env=stage_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    assert [code for code, _, _ in results] == [0] * 6, results
    m = yaml.safe_load((repo_copy / "data/raw/manifest.yaml").read_text())
    ids = {a["source_id"] for a in m["articles"]}
    assert {f"concurrent-article-{i}" for i in range(6)} <= ids
    assert not list((repo_copy / "data/raw").rglob("*.tmp"))
    assert run_module(repo_copy, "scripts.verify_sources").returncode == 0
