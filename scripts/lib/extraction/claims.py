"""Numeric claims about immigration enforcement, found candidate-first on the spaCy parse.

1. **Candidates** (numbers.py): every figure of every sentence.
2. **What it counts** (kept or dropped): the counted noun through the parse — the noun the number modifies,
   the object of its "of", the object of a change ("an increase in the number of detainers"), the noun of the
   candidate it is coordinated with, the subject of its verb, or the claim it continues ("That dropped 29%
   from 1,015"). Its class (lexicon ``counted_classes``) keeps it; durations, staff, sizes, thresholds, top
   lists, general jail counts and anecdotes are dropped (FORMAT D1, D2, D6), and so is any number in a
   paragraph that is not about enforcement (lexicon ``enforcement_terms``).
3. **Metric** from lexicon ``noun_metrics`` and ``metric_rules`` (the counted class, the predicate words,
   the counted noun, tense, actor, context), else ``unclassified``; a subset is ``unclassified`` (D3).
   **Unit** from the class or the form; requests for release dates are not detainers (``unknown``, D17).
4. **Qualifier**, **form** (D14), **rate** (D4, contract C8), **period** (temporal.py), **jurisdiction**
   (jurisdiction.py) and **claimant** (claimants.py).

Nothing here can fail a row: an undeterminable field gets an allowed value (``unclassified``, ``unknown``,
an empty id with its basis, an empty rate). Linear in the text: position look-ups are bisections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .claimants import MentionsByPosition, QuoteIndex, claimant_of, is_official, outlet_claimant
from .entities import ArticleEntities, Mention
from .jurisdiction import ArticlePlaces, Placed, place_claim
from .lexicon import lexicon, rate_after
from .numbers import Candidate, candidates, enforcement_costs, qualifier_before
from .quotes import Quote
from .temporal import ArticlePeriods, Found, PubDate

if TYPE_CHECKING:  # spaCy is imported when a text is parsed, not when cached rows are read
    from spacy.tokens import Doc, Span, Token


@dataclass
class Claim:
    start: int
    end: int
    value: float
    qualifier: str
    metric: str
    unit: str
    counted: str
    form: str
    period: Found | None
    claimant: Mention | None
    claimant_name: str
    claimant_type: str
    quote: Quote | None
    source_type: str
    place: Placed = field(default_factory=Placed)
    number_start: int = 0
    number_end: int = 0
    rate: str = ""  # day | week | month | year for an average or rate ("3 a day"); "" for a total


# --- numbers ------------------------------------------------------------------------------------------


# --- candidates -----------------------------------------------------------------------------------------


# --- what a candidate counts -----------------------------------------------------------------------------
def _counted_noun(c: Candidate) -> Token | None:
    """The noun the candidate counts, by the parse."""
    tok = c.token
    if c.kind == "zero":
        if tok.dep_ in ("det", "amod", "nummod") and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head  # "no requests", "any detainers", "a single detainer"
        of = _of_object(tok)  # "none of the detainers"; "none of the 15": what the figure before counts
        if of is not None:
            return None if of.like_num else of
        if tok.lower_ == "any":
            for t in tok.head.children:
                if t.dep_ in ("dobj", "nsubjpass", "nsubj") and t.pos_ == "NOUN":
                    return t
        return None
    if c.kind == "percent" or c.kind == "ratio":
        changed = _change_of(tok)
        if changed is not None:
            return changed  # "a 400 percent increase in the number of detainers lodged"
        if tok.head.pos_ == "NOUN" and _lemma(tok.head) in lexicon()["change_nouns"]:
            return None  # "..., a 30% jump over 2016": a change of the figure before (see _change_of_figure)
        if tok.head.pos_ == "NOUN" and _lemma(tok.head) in MEASURE_NOUNS and tok.dep_ in ("appos", "attr", "conj"):
            return tok.head  # "the same refusal rate - a mere 0.1 percent"
        if c.form == "fraction" and tok.dep_ in ("predet", "nummod") and tok.head.pos_ == "NOUN":
            return tok.head  # "half such requests", "about half the detainers"
        multiplied = tok.head if tok.dep_ == "nummod" and tok.head.pos_ == "NOUN" else None
        if c.form == "multiplier" and multiplied is not None and _lemma(multiplied) not in MEASURE_NOUNS:
            return multiplied  # "20 times as many immigrants" (not "double the number": what the number is of)
        if c.form == "fraction" and tok.head.pos_ == "ADJ" and tok.head.dep_ == "amod" and tok.head.head.pos_ == "NOUN":
            return tok.head.head  # "fewer than half such requests"
        changed = _changed_by(tok)
        if changed is not None and _counted_class(changed) not in (None, "not"):
            return changed  # "increased the number of detainers ... by 72%", "detainers issued jumped by 72 percent"
        of = _of_object(tok) or _of_object(tok.head)
        if of is None:  # "arrests have tripled", "detainer requests rose 35 percent": the verb's subject
            subj = _verb_subject(tok)
            if subj is not None and subj.lemma_.lower() in MEASURE_NOUNS:
                subj = _of_object(subj) or subj
            return subj if _counted_class(subj) not in (None, "not") else None
        return of
    if tok.lower_ in ("twice", "thrice"):  # "processing such inmates about twice a week": what is handled
        return next((ch for ch in _governing_verb(tok).children if ch.dep_ == "dobj"), None)
    while tok.dep_ in ("quantmod", "nummod", "compound") and tok.head.pos_ == "NUM" and tok.head != tok:
        tok = tok.head  # "409 to 596 removals": the lower figure hangs from the upper one
    if tok.dep_ in ("nummod", "quantmod", "amod", "compound", "npadvmod") and tok.head.pos_ in (
        "NOUN",
        "PROPN",
        "PRON",
    ):
        head = tok.head
        while head.dep_ in ("nummod", "quantmod", "compound", "nmod", "poss") and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "three dozen people", "four 287(g) counties", "Five County Sheriff's deputies"
        if head.dep_ == "compound" and _misparsed_noun(head.head):
            return head.head  # "honored 463 immigration holds", "holds" read as a verb in an object's place
        return _contained(head)
    of = _of_object(tok)
    if of is not None:
        return _contained(_possessed(of))
    if tok.pos_ in ("NOUN",) and tok.lower_ not in lexicon()["number_words"]:
        return tok  # "thousands"
    return None


def _changed_by(tok: Token) -> Token | None:
    """What a verb of change (lexicon ``change_verbs``) changes "by" the figure: its object ("increased the number
    of detainers sent to jails by 72%", the parser hanging "by" on the participle), else its subject, else the
    noun right before a verb the parser left without one ("... - daily detainers issued jumped by 72 percent")."""
    by = next((t for t in (tok.head, tok.head.head) if t.lower_ == "by" and t.dep_ in ("prep", "agent")), None)
    if by is None:
        return None
    verb = by.head
    for _ in range(5):  # from a participle on the changed noun up to the verb of change
        if verb.pos_ == "VERB" and verb.lemma_.lower() in lexicon()["change_verbs"]:
            break
        if verb.head == verb:
            return None
        verb = verb.head
    else:
        return None
    for dep in ("dobj", "nsubj", "nsubjpass"):
        arg = next((c for c in verb.children if c.dep_ == dep), None)
        if arg is not None:
            return _of_object(arg) or arg if _lemma(arg) in MEASURE_NOUNS else arg
    before = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    if before is not None and before.dep_ == "acl" and before.head.i < before.i:
        before = before.head  # "detainers issued jumped"
    return before if before is not None and before.pos_ == "NOUN" else None


def _misparsed_noun(tok: Token) -> bool:
    """A word of the counted classes tagged as a verb where a noun stands (an object or subject): "holds"."""
    return (
        tok.pos_ == "VERB"
        and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr")
        and tok.lemma_.lower() in lexicon()["counted_class"]
    )


def _possessed(noun: Token) -> Token:
    """ "90 of the state's 100 counties": the noun the possessor owns (counties), not the possessor (state)."""
    if noun.dep_ == "poss" and noun.head.pos_ in ("NOUN", "PROPN"):
        return noun.head
    doc = noun.doc
    if noun.i + 1 < len(doc) and doc[noun.i + 1].tag_ == "POS":
        return next((t for t in doc[noun.i + 2 : noun.i + 6] if t.pos_ == "NOUN"), noun)
    return noun


def _change_of(tok: Token) -> Token | None:
    """The noun a change is of: "a 248% increase in the number of immigrants transferred" → immigrants."""
    head = tok.head
    if head.pos_ != "NOUN" or _lemma(head) not in lexicon()["change_nouns"]:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of"):
            for g in prep.children:
                if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME"):  # not "an increase in June"
                    return _of_object(g) or g if _lemma(g) in MEASURE_NOUNS else g
    return None


def _contained(noun: Token) -> Token:
    """ "206 cases of immigrants released ...": the people the cases are of."""
    if _lemma(noun) in lexicon()["container_nouns"]:
        return _of_object(noun) or noun
    return noun


def _verb_subject(tok: Token) -> Token | None:
    verb = tok
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c != tok]
    return subjects[0] if subjects and subjects[0].pos_ in ("NOUN", "PROPN") else None


AGENCY_POSSESSIVE = re.compile(r"\s+(?:U\.S\.\s+)?(?:[A-Z][\w.]*\s+(?:and\s+)?)*[A-Z][\w.]*['’]s\s+(?:\([A-Z]+\)\s+)?")


def _following_class(c: Candidate, text: str) -> str | None:
    """The class of a counted word among the three words after the number, when the parse attached the
    number elsewhere ("300 ICE holds" read as "ICE" + the verb "holds")."""
    lx = lexicon()
    after = c.end
    owner = AGENCY_POSSESSIVE.match(text, c.end)  # "440 U.S. Immigration and Customs Enforcement's (ICE) detainer ..."
    if owner is not None:
        after = owner.end()
    for w in re.findall(r"[A-Za-z][\w'’-]*", text[after : after + 40])[:3]:
        w = w.lower().rstrip("s") if w.lower() not in lx["counted_class"] else w.lower()
        if w in lx["not_counted_set"]:
            return None
        if w in lx["counted_class"]:
            return lx["counted_class"][w]
    return None


def _of_object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _counted_class(noun: Token | None) -> str | None:
    """people / detainers / bookings / agencies, "not" for a non-claim noun, None when unknown."""
    if noun is None:
        return None
    lx = lexicon()
    lemma = _lemma(noun)
    if lemma == "time" and _governing_verb(noun).lemma_.lower() in lx["event_verbs"]:
        return "events"  # "notified ICE 84 times"
    modifiers = [_lemma(c) for c in noun.children if c.dep_ in ("compound", "amod")]
    for m in modifiers:  # "law enforcement", "gang members": a two-word name of what is counted
        if f"{m} {lemma}" in lx["counted_class"]:
            return lx["counted_class"][f"{m} {lemma}"]
    if lemma in lx["not_counted_set"] or noun.lower_ in lx["not_counted_set"]:
        return "not"
    for w in [lemma, *modifiers]:
        if w in lx["counted_class"]:
            return lx["counted_class"][w]
    return None


def _lemma(tok: Token) -> str:
    """The lower-case lemma; a capitalised noun the tagger left as a name ("Localities", "LEAs") is read as
    the common noun of the word lists when its singular is one."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "PROPN" and not (lemma == tok.lower_ and tok.text[:1].isupper()):
        return lemma
    lx = lexicon()
    low = tok.lower_
    for form in (low, low[:-3] + "y" if low.endswith("ies") else "", low[:-1] if low.endswith("s") else ""):
        if form and (form in lx["counted_class"] or form in lx["not_counted_set"]):
            return form
    return lemma


def _predicate(noun: Token | None, tok: Token) -> tuple[set[str], bool]:
    """The candidate's predicate words (lemmas; verbs with a particle also as "verb particle") and whether
    the predicate is negated."""
    lx = lexicon()
    words: set[str] = set()
    negated = False
    start = noun if noun is not None else tok
    words.add(start.lemma_.lower())
    for child in start.children:
        if child.dep_ in ("compound",) or (child.dep_ == "amod" and child.tag_ in ("VBN", "VBD")):
            words.add(child.lemma_.lower())  # "detention requests", "3,000 declined detainers"
        if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
            words |= _verb_words(child)
            negated |= _negated(child)
    cur = start
    for _ in range(8):
        head = cur.head
        if head == cur or (cur is not start and cur.pos_ == "VERB" and cur.dep_ == "conj"):
            break  # "... rose 70.3% before dropping 29% (to 711)": a coordinated verb is a predicate of its own
        if head.pos_ in ("VERB", "AUX") and cur.dep_ not in ("prep",):
            words |= _verb_words(head)
            negated |= _negated(head)
            if noun is None or noun.pos_ == "PRON":  # an elliptical number: what the subject names counts
                for subj in head.children:
                    if subj.dep_ in ("nsubj", "nsubjpass") and subj.pos_ == "NOUN":
                        words.add(subj.lemma_.lower())
            if head.lemma_.lower() in lx["speech_verb_set"] and cur.dep_ == "dobj":
                for cc in head.children:  # "reported 663 inmates ... were turned over": the parser's object of the
                    if cc.dep_ == "ccomp" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in cc.children):
                        words |= _verb_words(cc)  # reporting verb is the subject of the reported clause
                        negated |= _negated(cc)
            if head.lemma_.lower() not in lx["speech_verb_set"] and head.lemma_.lower() not in ("be", "have"):
                xcomp = [c for c in head.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
                for x in xcomp:  # "refused to honor", "declined to keep"
                    words |= _verb_words(x)
                break
        elif head.pos_ in ("NOUN", "PROPN"):
            words.add(head.lemma_.lower())
        elif head.pos_ == "VERB":
            words |= _verb_words(head)
            negated |= _negated(head)
        cur = head
    return words, negated


def _verb_words(verb: Token) -> set[str]:
    lemma = verb.lemma_.lower()
    out = {lemma}
    for c in verb.children:
        if c.dep_ == "prt":
            out.add(f"{lemma} {c.lower_}")
        if c.dep_ == "xcomp" and c.pos_ == "VERB":
            out.add(f"{lemma} to {c.lemma_.lower()}")
            out.add(c.lemma_.lower())
        if c.dep_ == "acomp" and c.pos_ == "ADJ":  # "were able to bail out"
            for x in c.children:
                if x.dep_ == "xcomp" and x.pos_ == "VERB":
                    out |= _verb_words(x)
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
        out.add(verb.head.lemma_.lower())
        out.add(f"{verb.head.lemma_.lower()} to {lemma}")  # "asked the jail to hold 500 inmates"
    if (
        verb.dep_ == "conj"
        and verb.head.pos_ == "VERB"
        and any(c.dep_ == "dobj" for c in verb.children)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.head.children)
    ):
        out.add(verb.head.lemma_.lower())  # "removed or returned 267,000": the verbs share the object
    if verb.dep_ == "ccomp" and verb.head.pos_ == "VERB":
        out.add(f"{verb.head.lemma_.lower()} to {lemma}")  # "requested the county hold 7,554 inmates"
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            # "declined more than 140 requests ... to hand over": the parser's object read as a subject
            out.add(verb.head.lemma_.lower())
    return out


def _negated(verb: Token) -> bool:
    """ "did not honor", "would not agree to hold"; and the complement of a verb that denies it (lexicon
    ``negating_verbs``: "failed to honor 206 requests" did not honor them)."""
    if _has_negation(verb):
        return True
    denying = verb.head.lemma_.lower() in lexicon()["negating_verbs"]
    return verb.dep_ == "xcomp" and (_has_negation(verb.head) or denying)


def _has_negation(verb: Token) -> bool:
    """A "not" on the verb, or an adverb of negation (lexicon ``negation_adverbs``: "never", "no longer")."""
    adverbs = lexicon()["negation_adverbs"]
    return any(
        c.dep_ == "neg" or (c.dep_ == "advmod" and " ".join(t.lower_ for t in c.subtree) in adverbs)
        for c in verb.children
    )


def choose_metric(
    counted: str | None,
    words: set[str],
    negated: bool,
    clause: str,
    noun: str = "",
    defaults: bool = True,
    past: bool = False,
    federal: bool = False,
    nouns: frozenset[str] = frozenset(),
) -> str:
    """The metric of a candidate: its counted noun when that names the action ("removals"), else the first
    rule of lexicon ``metric_rules`` whose conditions hold, else ``unclassified``. Without ``defaults`` (a
    share or a factor: "80 percent of the detainers") only rules that name a verb apply, and the counted
    noun is the share's base, not the action."""
    if defaults and noun in lexicon()["noun_metrics"]:
        return lexicon()["noun_metrics"][noun]
    for rule in lexicon()["metric_rules"]:
        if counted not in rule["counted"]:
            continue
        if "verbs" not in rule and not defaults:
            continue
        if "verbs" in rule and not words & set(rule["verbs"]):
            continue
        if "negated" in rule and bool(rule["negated"]) != negated:
            continue
        if "past" in rule and bool(rule["past"]) != past:
            continue
        if "federal" in rule and bool(rule["federal"]) != federal:
            continue
        if "nouns" in rule and not nouns & set(rule["nouns"]):
            continue
        if rule["context_re"] is not None and not rule["context_re"].search(clause):
            continue
        return rule["metric"]
    return "unclassified"


UNIT_OF_CLASS = {"people": "people", "detainers": "detainers", "bookings": "bookings", "agencies": "agencies"}
# requests for release dates, notifications, notices given: counted, but neither detainers nor people
UNKNOWN_UNIT_METRICS = ("ice_information_requests_answered",)


# --- claimant ---------------------------------------------------------------------------------------------


CONTINUATION_CHARS = 400  # an elliptical figure may continue a claim that ended this close before it
LEVEL_OF_NOUN = {"state": "state", "county": "county", "city": "place", "town": "place", "municipality": "place"}
MEASURE_NOUNS = ("number", "total", "count", "figure", "tally", "percentage", "rate", "share", "amount")


ADJUNCT_PREPOSITIONS = ("despite", "after", "before", "besides", "beyond", "unlike", "like", "than", "among")


def _metric(
    c: Candidate, cls: str | None, noun: Token | None, words: set[str], negated: bool, clause: str, share: bool
) -> str:
    """The metric of a candidate (lexicon ``noun_metrics`` and ``metric_rules``). The verbs that modify the
    counted noun itself speak first ("despite the 6,025 detainers lodged, the city honored few" → issued)."""
    lx = lexicon()
    anchor = noun if noun is not None else c.token
    verb = _governing_verb(anchor)
    past = verb.tag_ == "VBD" or (verb.dep_ == "xcomp" and verb.head.tag_ == "VBD")
    actors = " ".join(t.text for t in _actor_tokens(anchor))
    federal = bool(lx["federal_actor_re"].search(actors))
    noun_key = ""
    if noun is not None:
        noun_key = _lemma(noun)
        for ch in noun.children:  # "immigration detainees", "refusal rate"
            phrase = f"{_lemma(ch)} {noun_key}"
            if ch.dep_ == "compound" and phrase in lx["noun_metrics"]:
                noun_key = phrase
            elif ch.dep_ == "compound" and noun_key in MEASURE_NOUNS and _lemma(ch) in lx["noun_metrics"]:
                noun_key = _lemma(ch)
        action = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if action is not None and action.pos_ == "NOUN" and _lemma(action) in lx["noun_metrics"]:
            noun_key = _lemma(action)  # "the deportation of only 167 illegal aliens": the action names the metric
    rule_words = words - {_lemma(noun)} if noun is not None and noun.pos_ != "VERB" else words
    own: set[str] = set()
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ in ADJUNCT_PREPOSITIONS:
        for ch in noun.children:
            if ch.dep_ in ("acl", "relcl") and ch.pos_ == "VERB":
                own |= _verb_words(ch)
    if noun is not None and not share and _is_base(noun, c.token):
        # "44 percent of the 95,000 detainers issued", "112 of 185 people jailed at ICE's request", "Of those 370
        # inmates with detainers placed on them, ICE picked up 38": the verb of the sentence is the part's; the
        # base takes the verbs of its own phrase, else the defaults of what it counts
        for t in noun.subtree:
            if t.dep_ in ("acl", "relcl") and t.pos_ == "VERB":
                own |= _verb_words(t)
        return choose_metric(cls, own, False, clause, noun_key, past=past, federal=federal)
    if own and not share:
        metric = choose_metric(cls, own, False, clause, "", defaults=False, past=past, federal=federal)
        if metric != "unclassified":
            return metric
    described = _describing_clauses(noun) if noun is not None and not share else []
    if noun is not None and described:
        # "releasing two inmates for whom agents had issued detainers": what ICE did about the people describes
        # them; the verb done to them speaks first
        theirs = set().union(*(_verb_words(d) for d in described))
        own_name = frozenset([_lemma(noun)])
        metric = choose_metric(cls, rule_words - theirs, negated, clause, past=past, federal=federal, nouns=own_name)
        if metric != "unclassified":
            return metric
    if cls == "detainers" and (noun is None or noun.pos_ in ("PRON", "DET")):
        # "Of the 15 [detainers], only four were picked up", "53 of them were released": a detainer stands for
        # the person it is lodged on, so a verb done to people speaks when no verb of detainers does
        as_detainers = choose_metric(cls, rule_words, negated, clause, defaults=False, past=past, federal=federal)
        person = choose_metric("people", rule_words, negated, clause, defaults=False, past=past, federal=federal)
        if as_detainers == "unclassified" and person in lx["person_outcome_metrics"]:
            return person
    names: frozenset[str] = frozenset()
    if noun is not None:
        names = frozenset(
            [_lemma(noun)] + [f"{_lemma(ch)} {_lemma(noun)}" for ch in noun.children if ch.dep_ == "compound"]
        )
    metric = choose_metric(
        cls, rule_words, negated, clause, noun_key, defaults=not share, past=past, federal=federal, nouns=names
    )
    at_jail = noun is not None and bool(lx["jail_site_after_re"].match(noun.doc.text, noun.idx + len(noun)))
    if metric == "ice_arrests" and at_jail:
        return "ice_arrests_at_local_jails"  # "more than 100 arrests at the county jail"
    return metric


def _describing_clauses(noun: Token) -> list[Token]:
    """The relative clauses of a counted noun that is a verb's subject or object whose own subject is a federal actor
    (lexicon ``federal_actor``): "inmates for whom immigration agents had issued detainers", "people ICE had flagged".
    They say who the people are; what the local agency did to them ("released") is what is counted."""
    if noun.dep_ not in ("dobj", "nsubj", "nsubjpass") or noun.head.pos_ not in ("VERB", "AUX"):
        return []
    federal = lexicon()["federal_actor_re"]
    return [
        ch
        for ch in noun.children
        if ch.dep_ == "relcl"
        and ch.pos_ == "VERB"
        and any(g.dep_ == "nsubj" and federal.search(" ".join(t.text for t in g.subtree)) for g in ch.children)
    ]


def _is_base(noun: Token, tok: Token) -> bool:
    """Is ``noun``, with the figure ``tok`` in its phrase, the base of a part: "44 percent of the 95,000
    detainers", "112 of 185 people", "206 out of 3,083 requests", "Of the 1,106 inmates ..., 173 ..."?"""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or tok not in list(noun.subtree):
        return False
    part = noun.head.head
    if part.pos_ in ("VERB", "AUX"):  # the fronted "Of the 1,106 inmates, 173 ...": the part is the verb's argument
        inside = {t.i for t in noun.subtree}
        return (
            noun.head.dep_ == "prep"
            and noun.head.i < part.i
            and any(
                t.pos_ == "NUM" and t.i not in inside
                for a in part.children
                if a.dep_ in ("nsubj", "nsubjpass", "dobj")
                for t in a.subtree
            )
        )
    if part.lower_ == "out" and part.head.pos_ == "NUM":
        return True
    fractions = lexicon()["fractions"]
    return part.pos_ == "NUM" or part.lower_ in ("percent", "%", "percentage", *fractions)


def _governing_verb(tok: Token) -> Token:
    verb = tok
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    return verb


def _undated(tok: Token) -> str:
    """Does the figure's own clause keep it out of a period stated before (FORMAT D15: no time word →
    unspecified)? "outside": a counterfactual ("could have been deported"); "present": a figure in the simple
    present, a standing state or habit ("the jail is one of three that ...", "ICE picks up a third", "the agency
    has requests for 4,000 people", "$57 is paid by the county"), but not a perfect ("have declined"), a verb of
    saying ("the data shows") or a subject that points back to a figure ("That comes to ..."), or a verb marked as
    before the period ("were previously released"): these take only the period of the claim just before (a
    subset of it); else ""."""
    verb = _governing_verb(tok)
    if verb.pos_ not in ("VERB", "AUX"):
        return ""
    auxes = [a for a in verb.children if a.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in auxes) and any(_lemma(a) == "have" for a in auxes):
        return "outside"
    if any(a.dep_ == "advmod" and a.lower_ in lexicon()["period_outside_adverbs"] for a in verb.children):
        return "present"
    if _lemma(verb) in lexicon()["speech_verb_set"]:
        return ""
    if any(_lemma(a) == "have" or a.lower_ in ("'ve", "’ve") or a.tag_ in ("VBD", "MD") for a in auxes):
        return ""
    if any(_lemma(x) in ANAPHORS for x in _subjects(verb)):
        return ""
    present = verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes)
    return "present" if present else ""


def _subjects(verb: Token) -> list[Token]:
    """The subjects of ``verb``; a verb without its own ("then leveled off at 3,252", "refused to honor")
    shares the subject of the verb it continues."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or verb.dep_ not in ("conj", "dep", "xcomp", "advcl") or verb.head == verb:
            return subjects
        verb = verb.head
    return []


ANAPHORS = ("that", "this", "it", "which", "they", "these", "those", "number", "total", "figure", "tally", "count")


def _subject_class(tok: Token, previous: Claim | None) -> tuple[str, str | None] | None:
    """(class, metric to inherit) of an elliptical number, from the subject of its verb: "Detainer requests
    dropped from more than 27,000" → detainers; "The number of detainers increased from 1,422" → detainers;
    "That dropped 29% from 1,015" (an anaphor) → what the claim just before counts, with its metric, else the
    enforcement action the sentence before names ("a decline in removals. That dropped ..." → removals); "The
    jail's population dropped 19 percent" → ("not", None), a subject that is never counted."""
    verb = _governing_verb(tok)
    if any(ch.dep_ == "dobj" and ch != tok for ch in verb.children):
        return None  # "Officers arrested 143,099 people, a decrease of 10 percent": the subject is the actor
    for subj in _subjects(verb):
        if subj == tok:
            continue
        if subj.lemma_.lower() in MEASURE_NOUNS:
            subj = _of_object(subj) or subj
        cls = _counted_class(subj)
        if cls == "not" and subj.lemma_.lower() not in MEASURE_NOUNS:
            return "not", None
        if cls not in (None, "not"):  # "Removals ... rose 45.7%": a subject that names the action gives its metric
            return cls, lexicon()["noun_metrics"].get(_lemma(subj))
        if subj.lemma_.lower() in ANAPHORS or subj.lower_ in ANAPHORS:
            if previous is not None and previous.unit in UNIT_OF_CLASS.values():
                return previous.unit, previous.metric
            if previous is not None and previous.unit == "percent" and tok.lower_ in ("percent", "%"):
                return "percent", previous.metric  # "... was 70 percent. It is now below 40 percent."
            return _action_before(subj)
    return None


def _action_before(tok: Token) -> tuple[str, str | None] | None:
    """The enforcement action (lexicon ``noun_metrics``) named in the sentence before ``tok``'s sentence."""
    sent = tok.sent
    if sent.start == 0:
        return None
    before = tok.doc[sent.start - 1].sent
    lx = lexicon()
    for t in before:
        if t.pos_ == "NOUN" and _lemma(t) in lx["noun_metrics"]:
            return lx["counted_class"].get(_lemma(t), "people"), lx["noun_metrics"][_lemma(t)]
    return None


CHANGE_BEFORE = re.compile(
    r"\b(?:up|down|an?\s+(?:increase|rise|jump|drop|decline|decrease|reduction)\s+of|(?:rising|falling|dropping|"
    r"jumping|climbing|increasing|decreasing))\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|roughly\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)


def _colon_antecedent(c: Candidate, sent: Span, text: str) -> Token | None:
    """ "ICE placed the most detainers in Chesterfield: 370": for a bare figure right after a colon, the last
    noun before the colon that names what claims count (people, detainers, bookings)."""
    if not re.search(r":\s*$", text[sent.start_char : c.start]):
        return None
    colon = text.rfind(":", sent.start_char, c.start)
    for tok in reversed([t for t in sent if t.idx < colon]):
        if tok.pos_ == "NOUN" and _counted_class(tok) in ("people", "detainers", "bookings"):
            return tok
    return None


def _change_of_figure(c: Candidate, text: str) -> bool:
    """Is the share a change of the figure before it: ", up 20 percent", ", a 30% jump"?"""
    if CHANGE_BEFORE.search(text[max(0, c.start - 40) : c.start]):
        return True
    head = c.token.head
    return head.pos_ == "NOUN" and _lemma(head) in lexicon()["change_nouns"] and not _change_of(c.token)


def _coordinated(c: Candidate, other: Candidate) -> bool:
    """Does ``c`` continue ``other`` elliptically: "909 requests in 2019 and 848 in 2020", "down from
    177,147", "then leveled off at 3,252", "Ten percent of the charges were ... and 7 percent were ..."?"""
    if c.token.dep_ in ("conj", "appos") or c.token.head == other.token.head:
        return True
    if c.token.dep_ == "pobj" and c.token.head.lower_ in ("from", "than", "to", "with", "at"):
        return True
    verb, other_verb = _governing_verb(c.token), _governing_verb(other.token)
    if verb != other_verb and verb.dep_ == "conj" and verb.head == other_verb:
        return True
    # "Maryland declined 384 detainers, while the District declined 14": the same verb again
    return verb != other_verb and verb.pos_ == "VERB" and verb.lemma_ == other_verb.lemma_


def _fronted_base(
    c: Candidate, kept: list[tuple[Candidate, str | None]], buddy: tuple[Candidate, str | None] | None
) -> tuple[Candidate, str | None] | None:
    """The counted figure of the "of" phrase that opens the sentence of the subject ``c`` ("Of the 18 immigrants
    transferred, 14 had ..., one was ..."); for a zero, the figure before."""
    if c.kind == "zero" and buddy is not None:
        return buddy
    first = c.token.sent[0]
    if first.lower_ != "of" or first.dep_ != "prep":
        return None
    inside = {t.i for t in first.subtree}
    if c.token.i <= max(inside):
        return None
    return next(((x, k) for x, k in kept if k is not None and x.token.i in inside), None)


def _enforcement_verb(tok: Token) -> bool:
    """Is the verb governing a bare number one of the metric rules' verbs ("deported 40", "declined 14")?"""
    verb = _governing_verb(tok)
    return verb.pos_ == "VERB" and bool(_verb_words(verb) & lexicon()["metric_verb_set"])


def _is_subject(noun: Token) -> bool:
    if noun.dep_ in ("nsubj", "nsubjpass"):
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ in ("nsubj", "nsubjpass")


def _not_counted(
    c: Candidate, noun: Token | None, cands: list[Candidate], index: MentionsByPosition, text: str
) -> bool:
    """Numbers that define or size a group rather than count what happened (FORMAT D2): a threshold ("5 or
    more per day"; "A third of these agencies received no more than three requests"), the size of a set
    named by its owner ("the state's eight prisons", "Denver's two jail facilities") or just listed ("the
    three states" after three states were named)."""
    if c.kind not in ("count", "zero"):
        return False
    if re.match(r"\s*(?:or|and)\s+(?:more|fewer|less|greater|higher|above|over|up)\b", text[c.end : c.end + 24]):
        return True
    verb = _governing_verb(c.token)
    if verb is not c.token and c.token.dep_ not in ("nsubj", "nsubjpass"):
        for subj in _subjects(verb):
            a, b = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
            if a <= c.start < b:
                continue  # "Sixty percent, or 244, of the detainers": the figure restates the share
            if any(x is not c and x.kind in ("percent", "ratio") and a <= x.start < b for x in cands):
                return True
    if noun is None or c.kind != "count":
        return False
    if _counted_class(noun) in ("people", "bookings") and _is_base(noun, c.token):
        own = " ".join(t.text for t in noun.subtree)  # "1,831 of the 120,000 inmates held in the jail", "157 of the
        if not lexicon()["enforcement_base_re"].search(own):  # 19,794 bookings": everyone the jail holds (D6)
            return True
    owner = noun.head.head if noun.head.lower_ == "of" else None
    if owner is not None and _lemma(owner) in lexicon()["sizes"]:
        return True  # "a population of about 240,000 people"
    if _counted_class(noun) == "people" and _population_count(noun):
        return True  # "an estimated 55,000 unauthorized immigrants live in the state"
    if _counted_class(noun) != "agencies":
        return False
    definite = any(ch.dep_ == "det" and ch.lower_ in ("the", "these", "those") for ch in noun.children)
    if definite and any(t.lower_ in ("most", "top") or t.tag_ == "JJS" for t in noun.subtree):
        return True  # "the 25 counties with the most requests", "the ten agencies receiving the most": a top list
    part = noun.head.head if noun.head.lower_ == "of" else None
    if part is not None and part.pos_ == "NUM" and part != c.token and part.lower_ != "one":
        return True  # "three of Maryland's four largest jurisdictions": the base of a part; "one of just
        # three jails that house ICE detainees" counts the three
    whole = re.search(
        r"(\S+)\s+of\s+(?:the\s+|its\s+|their\s+|[A-Z][\w.]*['’]s\s+)?$", text[max(0, c.start - 40) : c.start]
    )
    if whole and any(x.end == c.start - len(whole.group(0)) + len(whole.group(1)) for x in cands if x is not c):
        return True  # the same, when the parser hangs both figures on the noun
    if part == c.token:
        return False  # "Over 90 of the state's 100 counties": a part of a whole, whoever owns the whole
    if definite and c.value <= 2:
        return True  # "the two agencies": the ones just named
    if _is_subject(noun):
        return False
    if any(ch.dep_ == "poss" and c.token not in ch.subtree for ch in noun.children):
        return True  # (not "15 sheriff's offices", where the number is inside the possessive)
    if definite:
        named = {m.entity_id for m in index.between(c.start - 300, c.start, ("jurisdiction", "agency"))}
        return len(named) >= c.value
    return False


def _population_count(noun: Token) -> bool:
    """Is a count of people a population figure: its verb is one of lexicon ``population_verbs`` ("55,000
    immigrants live in the state"), or it is an existential count a verb of estimating governs ("a study
    estimated there were 55,000 immigrants in the state") with no verb describing the people?"""
    lx = lexicon()
    verb = noun.head
    if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lx["population_verbs"]:
        return True
    existential = verb.lemma_.lower() == "be" and any(ch.dep_ == "expl" for ch in verb.children)
    described = any(ch.dep_ in ("acl", "relcl") or ch.tag_ in ("VBN", "VBG") for ch in noun.children)
    return (
        existential
        and not described
        and verb.dep_ in ("ccomp", "xcomp")
        and verb.head.lemma_.lower() in lx["estimate_verbs"]
    )


def _general_jail_count(noun: Token | None, tok: Token) -> bool:
    """ "books 70 inmates per day", "admitted 30,000 people", "7,845 inmates that were processed": a general
    jail count (FORMAT D6), unless the verb's own clause speaks of detainers or ICE ("processed out before ICE
    could come", "served and placed in ICE custody"). A clause with its own subject joined to it ("..., and ICE
    made five requests") or an absolute phrase ("..., with 355 having been checked with ICE") is not its own."""
    verbs = [noun.head if noun is not None else _governing_verb(tok)]
    part = noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and tok not in list(noun.subtree)
    if noun is not None and not part:  # the noun's own relative clause ("inmates that were processed at the jail"),
        # unless the figure is a part of it ("1,520 of the 77,000 inmates booked": the clause describes the whole)
        verbs += [ch for ch in noun.children if ch.dep_ in ("relcl", "acl") and ch.pos_ in ("VERB", "AUX")]
    for verb in verbs:
        if verb.lemma_.lower() not in lexicon()["general_jail_verbs"]:
            continue  # (the tagger may read "DSD books 70 inmates" with "books" as a noun)
        counted = noun if noun is not None else tok
        if counted.dep_ == "nsubj" and counted.head == verb:
            continue  # the people are the ones acting ("14 were serving time"): the jail books, admits, serves them
        side = {
            t.i
            for ch in verb.children
            if (ch.dep_ in ("conj", "parataxis") and any(g.dep_ in ("nsubj", "nsubjpass") for g in ch.children))
            or (ch.dep_ == "prep" and any(g.pos_ == "VERB" for g in ch.subtree))
            for t in ch.subtree
        }
        own = [t for t in verb.subtree if t.i not in side]
        if noun is not None and verb.head == noun:
            own += [t for t in noun.subtree if t.i < noun.i]  # "ICE detainees who were booked"
        if not re.search(r"detainer|\bICE\b|\bholds?\b|immigra", " ".join(t.text for t in own), re.IGNORECASE):
            return True
    return False


def _clause_words(c: Candidate, noun: Token | None) -> str:
    """The words of the clause that holds the candidate: its verb's subtree without the clauses coordinated
    or subordinated to it that do not hold the candidate."""
    anchor = noun if noun is not None else c.token
    verb = _governing_verb(anchor)
    inside = {t.i for t in anchor.subtree} | {c.token.i}
    skip: set[int] = set()
    for ch in verb.children:
        own_subject = any(g.dep_ in ("nsubj", "nsubjpass") for g in ch.children)
        if (ch.dep_ in ("advcl", "ccomp", "parataxis") or (ch.dep_ == "conj" and own_subject)) and not (
            {t.i for t in ch.subtree} & inside
        ):
            skip |= {t.i for t in ch.subtree}
    for ch in anchor.children:  # "immigrants, of whom 280,000 have convictions": a relative clause describes
        if ch.dep_ in ("relcl", "acl"):
            skip |= {t.i for t in ch.subtree}
    for t in anchor.subtree:  # "7,554 inmates -- 30 of them for murder": the words after the part are the part's
        if t.i > anchor.i and t.pos_ == "NUM" and t.dep_ in ("appos", "conj") and t.ent_type_ not in ("DATE", "TIME"):
            skip |= {u.i for u in anchor.subtree if u.i >= t.i}
            break
    return " ".join(t.text for t in verb.subtree if t.i not in skip)


def _restates(other: Candidate, noun: Token | None) -> bool:
    """Is ``other`` an appositive of the counted noun that restates the figure ("2,733 people — 14% — were taken
    into ICE custody")? The clause of the figure goes on past it."""
    if noun is None:
        return False
    tok = other.token.head if other.token.dep_ == "nummod" else other.token
    return tok.dep_ == "appos" and tok.head == noun


def _is_subset(c: Candidate, noun: Token | None, sent: Span) -> bool:
    """A count or share of a subset defined by criminal history, nationality or re-arrest (FORMAT D3)."""
    if noun is not None and _is_base(noun, c.token):  # "Of the 1,106 released, 173 were re-arrested": the part is
        return bool(lexicon()["subset_terms_re"].search(" ".join(t.text for t in noun.subtree)))
    return bool(lexicon()["subset_terms_re"].search(_clause_words(c, noun)))


def _form(c: Candidate, qualifier: str, text: str, noun: Token | None = None) -> str:
    """The claim form (FORMAT D14: zero > from_to > comparison > percent > multiplier > fraction > range >
    number_word > bound > count)."""
    if c.kind == "zero":
        return "zero"
    if re.search(r"\ba\s+(?:high|low)\s+of\s+$", text[max(0, c.start - 14) : c.start]):
        return c.form  # "ranged from a high of 86.9 percent ... to a low of 29.4": a spread, not a change (D14)
    if re.search(r"\b(?:twice|double|triple|(?:\w+)\s+times)\s+the\s+$", text[max(0, c.start - 20) : c.start]):
        return "comparison"  # "more than twice the 258 who were sent"
    holder = noun if noun is not None and noun.dep_ == "pobj" else c.token
    if holder.dep_ == "pobj" and holder.head.lower_ == "from" and c.kind == "count":
        if not any(t.lower_ == "to" for t in holder.head.head.subtree):
            return "comparison"  # "up from 597 similar requests"
    if c.token.dep_ == "pobj" and c.token.head.lower_ in ("from", "to"):
        other = "to" if c.token.head.lower_ == "from" else "from"
        if any(t.lower_ == other for t in c.token.head.head.subtree):
            return "from_to"  # "from 410 in 2015 to 95 in 2017": each end is a claim
        if c.token.head.lower_ == "from":
            return "comparison"  # "down from 140"
    if c.form in ("count", "number_word") and (
        re.match(r"\s+to\s+[0-9]", text[c.end : c.end + 12])
        or re.search(r"[0-9]\s+to\s+$", text[c.start - 12 : c.start])
    ):
        return "from_to"  # "(409 to 596 removals)"
    if c.form in ("count", "number_word") and qualifier != "exact" and c.form != "range":
        return "bound" if c.form == "count" else c.form
    return c.form


def _rate(text: str, c: Candidate, end: int, sent: Span) -> str:
    """day / week / month / year when the figure is an average or rate (FORMAT D4): "3 a day", "$125 a
    night", "32 requests per month", "29 each year", "a weekly average of 1,863"; "" for a total."""
    for pos in (c.end, end):
        m = rate_after().match(text, pos, sent.end_char)
        if m:
            return lexicon()["rate_unit"][(m.group("unit") or m.group("adverb")).lower()]
    m = re.search(
        r"\b(?P<adverb>daily|weekly|monthly|yearly|annual)\s+average\s+of\s+(?:about\s+|nearly\s+|roughly\s+)?$",
        text[max(sent.start_char, c.start - 40) : c.start],
        re.IGNORECASE,
    )
    if m:
        return lexicon()["rate_unit"].get(m.group("adverb").lower(), "year")
    return ""


def _is_table_row(line: str) -> bool:
    """A line of a table ("1 to 10 59% 4.8%"): figures with fewer than three words between them."""
    words = re.findall(r"[A-Za-z]{2,}", line)
    figures = re.findall(r"[0-9][0-9,.]*%?", line)
    return len(figures) >= 3 and len(words) < len(figures)


def _actor_tokens(tok: Token) -> list[Token]:
    """The tokens of the subject and the passive agent of the verb that governs ``tok`` (see _actor_spans)."""
    spans = _actor_spans(tok)
    return [t for t in tok.sent if any(a <= t.idx < b for a, b in spans)]


def _actor_spans(tok: Token) -> tuple[tuple[int, int], ...]:
    """Character spans of the subject and the passive agent of the verb that governs ``tok``."""
    verb = tok
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    out = []
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head  # "ICE removed or returned 267,000": the subject of the first verb
    for c in verb.children:
        if c.dep_ == "nsubj" and c != tok:  # the subject's own words, not a prepositional tail ("Transfers to ICE")
            out.append((c.left_edge.idx, c.idx + len(c.text)))
        if c.dep_ == "agent":
            sub = list(c.subtree)
            out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    for c in tok.children:  # "detainers issued by ICE"
        if c.dep_ in ("acl", "relcl"):
            for g in c.children:
                if g.dep_ in ("agent", "nsubj"):
                    sub = list(g.subtree)
                    out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return tuple(out)


# --- spans ------------------------------------------------------------------------------------------------
def _span(text: str, c: Candidate, noun: Token | None, qstart: int, period: Found | None) -> tuple[int, int]:
    """From the metric verb (when it leads the number: "ignoring more than 1,000", "not turning nine"), or the
    qualifier, to the counted noun with its particle and "to ICE" / "back onto the streets" trail, and a
    period phrase right after."""
    start, end = min(qstart, c.start), c.end
    if noun is not None and noun.idx >= c.end:
        stop = noun.idx + len(noun.text)
        following = [t for t in noun.subtree if t.i > noun.i]
        if (
            following
            and following[0].dep_ == "acl"
            and following[0].i == noun.i + 2
            or (following and following[0].lower_ == "to" and following[0].i == noun.i + 1)
        ):  # "requests to detain people"
            for t in following[:4]:
                if t.dep_ in ("relcl", "punct", "appos", "cc", "conj") or t.text in ",;:" or t.ent_type_ == "DATE":
                    break
                stop = t.idx + len(t.text)
        end = max(end, stop)
    verb = noun.head if noun is not None else c.token.head
    if verb.pos_ == "VERB" and verb.idx < start and start - (verb.idx + len(verb.text)) <= 2:
        neg = [t for t in verb.children if t.dep_ == "neg" and t.i == verb.i - 1]
        start = neg[0].idx if neg else verb.idx
        trail = re.match(
            r"\s+(?:over(?:\s+to\s+(?:ICE|immigration\s+\w+|federal\s+\w+))?"
            r"|back\s+(?:onto|on|into)\s+the\s+(?:streets?|community|communities))\b",
            text[end : end + 60],
            re.IGNORECASE,
        )
        if trail:
            end += trail.end()
    if period is not None and period.start >= end and period.start - end <= 2 and "\n" not in text[end : period.start]:
        end = period.end
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    return start, end


# --- all claims of an article ------------------------------------------------------------------------------
def find_claims(
    text: str,
    doc: Doc,
    ents: ArticleEntities,
    quotes: list[Quote],
    pub: PubDate,
    outlet: str,
    resolver,
) -> list[Claim]:
    lx = lexicon()
    out: list[Claim] = []
    previous: Claim | None = None
    places = ArticlePlaces(ents, resolver)
    periods = ArticlePeriods(text, pub, quotes)
    outlet_name = outlet_claimant(outlet, text)
    index = MentionsByPosition(ents, doc)
    quote_at = QuoteIndex(quotes).holding
    costs = frozenset(n.value for sent in doc.sents for n in enforcement_costs(text, sent))
    paragraph_start, paragraph_enforcement, previous_enforcement = -1, False, False
    for sent in doc.sents:
        p0 = text.rfind("\n", 0, sent.start_char) + 1
        if p0 != paragraph_start:
            p1 = text.find("\n", sent.start_char)
            paragraph_start = p0
            paragraph_enforcement = bool(lx["enforcement_terms_re"].search(text[p0 : len(text) if p1 == -1 else p1]))
            # a paragraph that opens on a pronoun ("It was largely gutted ..., and there were 32 agencies") goes on
            # with the sentence before it
            paragraph_enforcement |= (
                previous_enforcement and sent[0].pos_ == "PRON" and sent[0].dep_ in ("nsubj", "nsubjpass")
            )
        if _is_table_row(sent.text):
            continue
        sent_enforcement = bool(lx["enforcement_terms_re"].search(sent.text))
        # a claim just before (this or the previous sentence) lets an elliptical figure continue it
        recent = previous if previous is not None and sent.start_char - previous.end <= CONTINUATION_CHARS else None
        cands = candidates(text, doc, sent, costs)
        # an enforcement cost makes its sentence one about enforcement ("spending a quarter of that, $163,000")
        about_enforcement = sent_enforcement or paragraph_enforcement or any(c.kind == "dollars" for c in cands)
        previous_enforcement = sent_enforcement
        stated = periods.within(sent.start_char, sent.end_char)
        sent_claims, links = _counted_candidates(text, sent, cands, stated, index, recent, out, about_enforcement)
        kept = [x for x, _ in sent_claims]
        metric_of: dict[int, str] = {}  # candidate start → its metric, for the elliptical ones after it
        form_of: dict[int, str] = {}
        for i, (c, cls) in enumerate(sent_claims):
            noun = _counted_noun(c)
            words, negated = _predicate(noun, c.token)
            blocked = words & lx["non_claim_verb_set"]
            if blocked and blocked <= set(lx["federal_enforcement_verbs"]) and lx["federal_actor_re"].search(sent.text):
                blocked = set()  # "let ICE agents interview 51 people": an enforcement count
            if blocked or _general_jail_count(noun, c.token):
                continue
            own_phrase = {t.i for t in c.token.subtree}  # "600 of the 40,000 people ... to ICE": the base is its own
            after = [x for x in kept[i + 1 :] if x.token.i not in own_phrase and not _restates(x, noun)]
            right = after[0].start if after else sent.end_char
            left = sent.start_char if cls == "agencies" else max(sent.start_char, c.start - 150)
            clause = text[left : right if cls == "agencies" else min(right, c.end + 150)]
            if c.kind == "zero":
                negated = False
            # a share ("80 percent of the detainers") takes a metric only from a verb; a count, or the change of
            # a whole ("detainer requests doubled"), also from the defaults of its counted class
            share = c.kind in ("percent", "ratio") and (noun is None or noun.head.lower_ == "of")
            link = links.get(c.start)
            metric = _resolved_metric(c, cls, noun, words, negated, clause, share, link, metric_of, previous)
            metric_of[c.start] = metric
            subset = _is_subset(c, noun, sent)
            if subset:
                metric = "unclassified"  # FORMAT D3: a subset by criminal history, nationality, re-arrest
            if c.kind == "count":
                unit = UNIT_OF_CLASS.get(cls or "", "unknown")
            else:
                unit = c.kind if c.kind != "zero" else UNIT_OF_CLASS.get(cls or "", "unknown")
            elliptical = noun is None or noun.pos_ in ("PRON", "DET")
            described = subset and c.token.dep_ in ("nsubj", "nsubjpass")  # "one was facing drug charges"
            if unit == "detainers" and elliptical and (described or metric in lx["person_outcome_metrics"]):
                # "Of the 15 requests, four were picked up", "one was facing drug charges": a figure that continues a
                # count of detainers counts the people they were lodged on when its verb says what a person did or
                # what happened to one (not "244 of the detainers were for people with no record")
                unit = "people"
            named_detainers = (noun is not None and _lemma(noun) in lx["named_detainer_nouns"]) or bool(
                lx["hold_request_re"].search(clause)
            )  # counted by name, or requests to hold people
            if unit == "detainers" and (
                metric in UNKNOWN_UNIT_METRICS or (lx["information_requests_re"].search(clause) and not named_detainers)
            ):
                unit = "unknown"  # FORMAT D17: requests for release dates are not detainers
            if c.kind in ("count", "zero") and cls is None:
                continue
            qualifier, qstart = qualifier_before(text, c.start - 1 if text[c.start - 1 : c.start] == "$" else c.start)
            if qualifier == "exact" and re.match(r"-?plus\b|\+", text[c.end : c.end + 5]):
                qualifier = "more_than"  # "43,000-plus requests"
            if c.form == "range":
                qualifier = "at_least"  # FORMAT D16: the lower end of a range
            form = _form(c, qualifier, text, noun)
            endpoint = c.token.dep_ == "pobj" and c.token.head.lower_ in ("to", "at")
            partner = link is not None and link.partner is not None
            if form == "count" and (partner or endpoint) and "from_to" in form_of.values():
                form = "from_to"  # "then leveled off at 3,252", "(to 711)": a later point of the same series
            form_of[c.start] = form
            quote = quote_at(c.start, c.end)
            period = periods.for_claim(
                sent.start_char,
                sent.end_char,
                c.start,
                c.end,
                [(x.start, x.end) for x in kept],
                quote=quote,
                previous=previous,
                kind=c.kind,
                form=form,
                undated=_undated(noun if noun is not None else c.token),
            )
            if partner and link is not None and link.partner is not None and _change_of_figure(c, text):
                base = next((x for x in reversed(out) if x.number_start == link.partner.start), None)
                if base is not None and period is not None and period.end <= base.number_start:
                    period = base.period  # "..., which now has 510 partners, a 280% increase": the changed figure's
            start, end = _span(text, c, noun, qstart, period)
            rate = _rate(text, c, end, sent)
            rate_words = rate_after().match(text, end) if rate else None
            if rate_words:
                end = rate_words.end()
            claimant, name, ctype = claimant_of(doc, index, sent, start, c.token, quote, outlet_name)
            source_type = "official_claim_via_news" if is_official(claimant, ents) else "news_report"
            claim = Claim(
                start,
                end,
                c.value,
                qualifier,
                metric,
                unit,
                noun.text if noun is not None else "",
                form,
                period,
                claimant,
                name,
                ctype,
                quote,
                source_type,
                number_start=c.start,
                number_end=c.end,
                rate=rate,
            )
            phrase_end = noun.idx + len(noun.text) if noun is not None and noun.idx >= c.end else c.end
            claim.place = place_claim(
                text,
                sent.start_char,
                sent.end_char,
                c.start,
                c.end,
                places,
                quote,
                previous,
                phrase_end,
                _actor_spans(noun if noun is not None else c.token),
                LEVEL_OF_NOUN.get(noun.lemma_.lower(), "") if noun is not None and cls == "agencies" else "",
            )
            out.append(claim)
            previous = claim
    return _dedupe(out)


@dataclass
class Continuation:
    """What a figure continues when it names no counted noun of its own (FORMAT D5): found by the first pass over
    a sentence (_counted_candidates), used by the second to give its metric (_resolved_metric) and form."""

    partner: Candidate | None = None  # the figure it is coordinated with, whose noun it shares ("or 2,984")
    metric: str | None = None  # the metric of the claim it continues ("319 of them", "Nearly a third were ...")
    repeated: str | None = None  # the metric of the claim whose figure it repeats ("Of the 15, ...")
    colon_noun: Token | None = None  # the counted noun before a colon ("the most detainers in X County: 370")


def _counted_candidates(
    text: str,
    sent: Span,
    cands: list[Candidate],
    stated: list[Found],
    index: MentionsByPosition,
    recent: Claim | None,
    before: list[Claim],
    about_enforcement: bool,
) -> tuple[list[tuple[Candidate, str | None]], dict[int, Continuation]]:
    """The candidates of a sentence that count something (each with its counted class, None for a share or
    change of something unnamed) and, for the elliptical ones, what they continue (by candidate start).
    ``stated`` are the sentence's period expressions, ``recent`` the claim just before (this or the previous
    sentence), ``before`` the article's claims so far."""
    sent_claims: list[tuple[Candidate, str | None]] = []
    dropped: list[Candidate] = []  # candidates that count something else ("ten percent of the charges")
    links: dict[int, Continuation] = {}

    def link(c: Candidate) -> Continuation:
        return links.setdefault(c.start, Continuation())

    for c in cands:
        if any(p.start <= c.start and c.end <= p.end for p in stated):
            continue  # part of a period: "the first half of 2024", "the first three months of the year"
        noun = _counted_noun(c)
        cls = _counted_class(noun)
        if c.kind == "dollars" and noun is not None and _lemma(noun) in lexicon()["cost_nouns"]:
            cls = None  # "$88 of the daily cost": the amount is the cost itself
        if cls == "not" or _not_counted(c, noun, cands, index, text):
            dropped.append(c)
            continue
        if cls is None and c.kind == "count":
            cls = _following_class(c, text)
            if cls is not None and noun is None and recent is not None and c.token.dep_ in ("nsubj", "nsubjpass"):
                about_enforcement = True  # "383 immigrants were booked ... 128 are convicted criminals"
        if noun is not None and noun.pos_ in ("PRON", "DET") and c.kind in ("count", "zero"):
            # "319 of them", "186 of whom", "none of those": what the figure before counts
            antecedent = next((k for x, k in reversed(sent_claims) if k is not None), None)
            if antecedent is None and recent is not None and recent.unit in UNIT_OF_CLASS.values():
                antecedent = recent.unit
                link(c).metric = recent.metric
            cls = antecedent or (cls if cls not in (None, "not") else None) or "people"
            about_enforcement = about_enforcement or recent is not None
        if cls is None and c.kind == "count" and (named := _colon_antecedent(c, sent, text)) is not None:
            cls, link(c).colon_noun = _counted_class(named), named  # "the most detainers in X County: 370"
        if cls is None and c.kind == "zero" and noun is not None and noun.pos_ in ("NOUN", "PROPN"):
            continue  # "the order has had no effect": a zero of a noun that is not counted
        if cls is None and c.kind != "dollars":
            # elliptical ("848 in 2020", "or 2,984", "18 remain at large", "Nearly a third were from ..."):
            # the class of the candidate it is coordinated with, else what its verb's subject counts, else
            # the claim just before when the figure stands as the subject
            buddy = next(((x, k) for x, k in reversed(sent_claims) if k is not None), None)
            gone = next((x for x in reversed(dropped) if x.end <= c.start), None)
            if buddy is not None and _coordinated(c, buddy[0]):
                cls = buddy[1]
                link(c).partner = buddy[0]
            elif gone is not None and _coordinated(c, gone) and (buddy is None or buddy[0].start < gone.start):
                continue  # "Ten percent of the charges ... and 7 percent were": what the dropped one counts
            elif noun is None and (subject := _subject_class(c.token, recent)):
                if subject[0] == "not":
                    continue  # "the jail's population dropped 19 percent"
                cls, metric_before = subject  # "Detainer requests dropped from 27,000 ...", "That rose to 12"
                if metric_before is not None:
                    link(c).metric = metric_before
                    about_enforcement = True
            elif noun is None and (same := _repeated(c, before)) is not None:
                cls = same.unit  # "ICE served 15 detainer requests. Of the 15, only four ...": a repeat (D5)
                link(c).repeated = same.metric  # the same figure: its metric, whatever the verbs around it
                about_enforcement = True
            elif (
                noun is None
                and recent is not None
                and c.token.dep_ in ("nsubj", "nsubjpass")
                and recent.unit in UNIT_OF_CLASS.values()
            ):
                cls = recent.unit  # "Nearly a third were from Travis County", "none were from Connecticut"
                link(c).metric = recent.metric
                about_enforcement = True
            elif (
                noun is None
                and c.token.dep_ in ("nsubj", "nsubjpass")
                and (base := _fronted_base(c, sent_claims, buddy)) is not None
            ):  # "Of 15 inmates held for ICE, none were convicted", "Of the 18 ..., 14 had ..., one was ...": the
                cls = base[1]  # figure of the "of" phrase (a zero: the figure before)
                link(c).partner = base[0]
            elif c.kind in ("percent", "ratio") and buddy is not None and _change_of_figure(c, text):
                cls = buddy[1]  # "1,200 detainers ..., up 20 percent", "6,000 people ..., a 30% jump"
                link(c).partner = buddy[0]
            elif c.kind in ("percent", "ratio") and buddy is not None and _enforcement_verb(c.token):
                cls = buddy[1]  # "About half of detainers were issued to county jails, with about 8 percent
                # being sent to city jails": a share by an enforcement verb of what the sentence counted before
            elif c.kind in ("percent", "ratio"):
                pass  # a share or change of something unnamed: kept, unit percent / ratio
            elif (
                noun is None
                and c.token.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "appos")
                and (about_enforcement or recent is not None)
                and _enforcement_verb(c.token)
            ):  # "the program lodged 29 each year": what the claim before counted, else people
                continuing = recent is not None and recent.unit in UNIT_OF_CLASS.values()
                cls = recent.unit if continuing and recent is not None else "people"
                about_enforcement = True
            else:
                continue
        if not about_enforcement and cls not in ("detainers", "bookings"):
            continue
        sent_claims.append((c, cls))
    return sent_claims, links


def _resolved_metric(
    c: Candidate,
    cls: str | None,
    noun: Token | None,
    words: set[str],
    negated: bool,
    clause: str,
    share: bool,
    link: Continuation | None,
    metric_of: dict[int, str],
    previous: Claim | None,
) -> str:
    """A claim's metric: from its own verbs and counted class (_metric), else from what it continues (``link``;
    ``metric_of``: the metrics of the sentence's figures before it); "597 similar requests" takes the metric of
    the claim before, and a repeated figure always takes the repeated claim's."""
    metric = _metric(c, cls, noun, words, negated, clause, share)
    link = link or Continuation()
    if link.partner is not None and noun is None and not share:
        # "1,526 requests in 2017, up from just 80 in 2016": a bare figure that continues another takes
        # its metric unless a verb of its own names one (not the defaults of the class)
        own = _metric(c, cls, noun, words, negated, clause, True)
        metric = own if own != "unclassified" else metric_of.get(link.partner.start, metric)
    if metric == "unclassified" and link.colon_noun is not None:
        named = link.colon_noun
        metric = _metric(c, cls, named, _predicate(named, named)[0], False, clause, share)
    if metric == "unclassified" and link.metric is not None:
        metric = link.metric
    if metric == "unclassified" and link.partner is not None:
        metric = metric_of.get(link.partner.start, "unclassified")
    if (
        noun is not None
        and previous is not None
        and c.start - previous.end <= CONTINUATION_CHARS
        and any(ch.lower_ in ("such", "similar") for ch in noun.children)
    ):
        metric = previous.metric  # "597 similar requests": what the claim before counted
    return link.repeated if link.repeated is not None else metric


def _repeated(c: Candidate, before: list[Claim]) -> Claim | None:
    """The claim a bare figure repeats: a count in digits of at least 10 whose value a claim of people,
    detainers, bookings or agencies stated just before ("ICE served 15 detainer requests. Of the 15, ...")."""
    if c.kind != "count" or c.form != "count" or c.value < 10:
        return None
    for claim in reversed(before):
        if c.start - claim.end > CONTINUATION_CHARS:
            return None
        if claim.value == c.value and claim.unit in UNIT_OF_CLASS.values() and not claim.rate:
            return claim
    return None


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per span (two candidates can share a span: "none of ... any")."""
    seen: set[tuple[int, int]] = set()
    out = []
    for c in claims:
        if (c.start, c.end) in seen:
            continue
        seen.add((c.start, c.end))
        out.append(c)
    return out
