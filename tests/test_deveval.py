"""The development-corpus scorer: names compared as the lead decided (FORMAT D11), values, rate and form, and
`make eval` on another gold/texts folder (a held-out set)."""

import hashlib
import json

import yaml

from scripts import eval_extraction
from scripts.lib.articletext import text_sha256
from scripts.lib.extraction.deveval import same_name


def test_agency_names_compare_through_lexicon_aliases():
    assert same_name("Department of Homeland Security", "U.S. Department of Homeland Security")
    assert same_name("DHS", "U.S. Department of Homeland Security")
    assert same_name("ICE", "U.S. Immigration and Customs Enforcement")
    assert not same_name("ICE", "U.S. Department of Homeland Security")


def test_case_apostrophes_and_leading_article_are_ignored():
    assert same_name("a spokesperson", "spokesperson")
    assert same_name("The Sheriff’s Office", "sheriff's office")
    assert same_name("an ICE spokeswoman", "ICE  spokeswoman")
    assert not same_name("a spokesperson", "a DSD spokesperson")
    assert not same_name("Anna Lopez", "Lopez")


def test_values_compare_as_gold_writes_them():
    from scripts.lib.extraction.deveval import same_value

    assert same_value({"value": 0.333}, {"value": "0.3333"})  # "a third", to three decimals as gold writes it
    assert same_value({"value": 1000}, {"value": "1000"})
    assert not same_value({"value": 0.333}, {"value": "0.5"})
    assert not same_value({"value": 1000}, {"value": "1001"})


def test_rate_and_form_compare_with_their_defaults():
    from scripts.lib.extraction.deveval import field_agrees

    assert field_agrees("rate", {}, {"rate": ""})  # a total: no rate on either side
    assert not field_agrees("rate", {"rate": "day"}, {"rate": ""})
    assert field_agrees("form", {}, {"form": "count"})  # gold's form defaults to count
    assert not field_agrees("form", {"form": "bound"}, {"form": "count"})


def _gold_file(folder, article_id, text, claims, quotes):
    def span(s, e):
        return {"start": s, "end": e, "span_sha256": hashlib.sha256(text[s:e].encode()).hexdigest()[:16]}

    g = {
        "article_id": article_id,
        "outlet": "Example News",
        "date_published": "2018-01-10",
        "date_precision": "day",
        "date_basis": "explicit",
        "text_sha256": text_sha256(text),
        "claims": [dict(span(s, e), **c) for s, e, c in claims],
        "quotes": [dict(span(s, e), **q) for s, e, q in quotes],
    }
    (folder / f"{article_id}.yaml").write_text(yaml.safe_dump(g, sort_keys=False), encoding="utf-8")


def _travis_claim(**changes) -> dict:
    """A gold row for "declined 142 detainer requests ... in 2017" in Travis County (48453)."""
    return {
        "form": "count",
        "value": 142,
        "qualifier": "exact",
        "unit": "detainers",
        "metric": "detainers_declined",
        "jurisdiction_ids": ["48453"],
        "period_start": "2017-01-01",
        "period_end": "2017-12-31",
        "period_basis": "explicit",
        "claimant": "Travis County",
        "in_quote": False,
        **changes,
    }


def test_make_eval_scores_another_gold_and_texts_folder(tmp_path, monkeypatch, capsys):
    """`make eval EVAL_ARGS="--gold DIR --texts DIR"`: a held-out set kept elsewhere is scored the same way;
    a gold file whose text is absent is counted, not scored."""
    gold, texts = tmp_path / "gold", tmp_path / "texts"
    gold.mkdir(), texts.mkdir()
    text = (
        "The Travis County Sheriff's Office declined 142 detainer requests from Immigration and Customs "
        'Enforcement in 2017, the county said.\n\n"We follow the law," Sheriff Sally Hernandez said.\n'
    )
    claim = _travis_claim()
    quote = {"kind": "direct", "attribution": "cue_after", "speaker": "Sally Hernandez", "speaker_type": "person"}
    n = text.index("142")
    q = text.index("We follow")
    _gold_file(gold, "heldout-a", text, [(n, n + 3, claim)], [(q, q + len("We follow the law"), quote)])
    _gold_file(gold, "heldout-b", text, [], [])  # its text is not in the texts folder
    (texts / "heldout-a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "eval.json"
    monkeypatch.setattr("sys.argv", ["eval", "--gold", str(gold), "--texts", str(texts), "--json", str(out)])
    eval_extraction.main()
    printed = capsys.readouterr().out
    assert "articles scored: 1; gold files without text: 1" in printed
    assert "without text: heldout-b" in printed
    m = json.loads(out.read_text())
    assert (m["claims"]["gold"], m["claims"]["found"]) == (1, 1)
    assert m["claims"]["field_accuracy_by_form"]["count"]["metric"] == 1.0
    assert m["claims"]["field_accuracy_by_form"]["count"]["period"] == 1.0
    assert (m["quotes"]["gold"], m["quotes"]["found"], m["quotes"]["speaker_accuracy_of_found"]) == (1, 1, 1.0)
    assert any(line.strip().startswith("count ") for line in printed.splitlines())


def test_misses_list_found_claims_with_another_metric_or_period(tmp_path, monkeypatch, capsys):
    """`make eval EVAL_ARGS=--misses` names each found claim whose metric or period differs from gold."""
    gold, texts = tmp_path / "gold", tmp_path / "texts"
    gold.mkdir(), texts.mkdir()
    text = "The Travis County Sheriff's Office declined 142 detainer requests from ICE in 2017, the county said.\n"
    claim = _travis_claim(metric="detainers_honored")  # the coder's metric differs from the rule's (declined)
    n = text.index("142")
    _gold_file(gold, "a", text, [(n, n + 3, claim)], [])
    (texts / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "eval.json"
    monkeypatch.setattr(
        "sys.argv", ["eval", "--gold", str(gold), "--texts", str(texts), "--misses", "--json", str(out)]
    )
    eval_extraction.main()
    printed = capsys.readouterr().out
    m = json.loads(out.read_text())
    assert m["claims"]["found"] == 1
    assert [(e["wrong"], e["gold_metric"], e["rule_metric"]) for e in m["field_errors"]] == [
        (["metric"], "detainers_honored", "detainers_declined")
    ]
    assert "[metric] metric detainers_honored | detainers_declined; period 2017-01-01..2017-12-31" in printed


def test_a_canonical_name_that_ends_with_golds_name_is_the_same_name():
    """CODEBOOK D11: gold names an organisation as the article writes it, the rule its canonical form."""
    assert same_name("Sheriff's Department", "San Diego County Sheriff's Department")
    assert same_name("sheriff’s office", "Travis County Sheriff's Office")
    assert same_name("Hernandez", "Sally Hernandez")
    assert not same_name("Las Cruces Sun-News", "Sun-News")  # a shorter rule name is another name
    assert not same_name("iff's Office", "Sheriff's Office")  # whole words only
    assert not same_name("", "Sheriff's Office")
    assert not same_name("a spokesperson", "a DSD spokesperson")  # a role is not widened
