"""Scores 0–100 of a candidate for a query, and the match rule.

A name scores by the best of the candidate's forms against the query (words folded, order free):

* 100 the same name; 96 the same words in another order or romanisation ("Gromyko, Andrei"), or split
  otherwise ("Mao Tsetung");
* 92 a person's family name and given name, a patronymic or middle name left out ("Andrei Gromyko"); 30
  when the name is family-first, whose given name is whole or another's ("Pak Song" is not Pak Seong-cheol);
* 92 or 86 a given name and family name we hold with middle names we do not ("Jacques René Chirac");
* 88 a family name with the initials of the person's given names ("A. Gromyko", "Gromyko, A. A.");
* up to 90 the same words spelt near each other (difflib ratio ≥ 0.8 a word: "Andrei Gromiko");
* a family name alone: 75 when one person only bears it, 50 when several do — never a match: a surname
  names a family, not a person; an initial that none of the person's given names has: at most 20;
* another given name beside the same family name ("Yuri Gromyko"): 25; a given name that is the other's
  shortened ("Theo Waigel" for "Theodor Waigel"): 80, a candidate but never a match alone;
* bodies, places, records: 100 the same name (words run together or apart), else by the words in common
  (stop words aside): 70 × the share of the query's words the name has + 30 × the share of all words
  ("Journal of Puzanov" is most of a record's title, and little of it); a nationality adjective read as its
  country ("Polish Embassy" is Poland's), and two bodies posted to places that share no word ("Embassy of the
  USSR in the DPRK", "DPRK Embassy in the USSR") at most 30.

Evidence then moves it: a title written before the name that one of the person's offices has
("Ambassador Puzanov") +10; a property of the query (``date``, ``office``, ``country``, ``archive``) that our
evidence bears out +5 (+10 an office, as a title), one it contradicts −20 (a date outside the years of the records
naming the entity, by more than five years; an archive not holding them: an archive is its id, or three
quarters of the words of its name). Clipped to 0–100.

**Match**: the best candidate scores 85 or more and is 10 or more ahead of the second.

>>> from lod.reconcile.candidates import Form
>>> name_score(parse("A. Gromyko"), [parse("Andrei Gromyko")], Person({"gromyko"}, {"a"}), 1)
88.0
>>> is_match([90.0, 70.0]), is_match([90.0, 85.0]), is_match([75.0])
(True, False, False)
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from lod.names.index import SAME_INITIAL
from lod.names.lexicon import table
from lod.names.normalise import fold_token, years
from lod.reconcile.candidates import FUZZY, Form, Person, parse
from lod.reconcile.catalogue import Catalogue, Fact

MATCH = 85.0  # the least score of a match
LEAD = 10.0  # how far a match must be ahead of the second candidate
SLACK = 5  # years either side of an entity's evidence a query's date may fall
_STOP = frozenset(fold_token(w) for w in """of the to in and for de des du la le at on by a an comrade mr mrs
    ms dr sir""".split())


_POSTED = frozenset(fold_token(w) for w in ("in", "to", "at"))


def is_match(scores: list[float]) -> bool:
    """Whether the first of these scores (best first) is a match: high, and clearly ahead of the second."""
    return bool(scores) and scores[0] >= MATCH and (len(scores) == 1 or scores[0] - scores[1] >= LEAD)


def _initials_fit(q: Form, person: Person) -> bool:
    return all(i in person.initials or any(frozenset((i, k)) in SAME_INITIAL for k in person.initials)
               for i in q.initials)


def _near(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def name_score(q: Form, forms: list[Form], person: Person | None, namesakes: int) -> float:
    """The best score of ``q`` against one entity's ``forms`` (``person``: its name parts, when a person;
    ``namesakes``: how many persons bear the family name ``q`` gives alone)."""
    if not q.names:
        return 0.0
    if person is None:
        return max((_thing(q, f) for f in forms), default=0.0)
    qs = set(q.names)
    if len(qs) == 1 and not q.initials and qs <= person.families:
        return 75.0 if namesakes <= 1 else 50.0
    if not _initials_fit(q, person):
        return 20.0 if qs & person.families else 0.0
    best = 0.0
    for f in forms:
        fs = set(f.names)
        if not fs:
            continue
        if q.names == f.names and q.initials == f.initials:
            best = 100.0  # a form we hold, as written ("A. A. Gromyko")
        elif qs == fs:
            best = max(best, 88.0 if q.initials and len(qs) == 1 else 96.0)
        elif q.key == f.key:  # the same words split otherwise ("Mao Tsetung", "Mao Tse-tung")
            best = max(best, 96.0)
        elif (middle := _middle(q, f, person)) is not None:
            best = max(best, middle)
        elif qs < fs and qs & person.families:
            # a patronymic or middle name left out; a family-first name's given name is whole or not his
            # ("Pak Song" is not Pak Seong-cheol, "Kim Il" not Kim Il Sung)
            best = max(best, (30.0 if person.family_first else 92.0) if len(qs) >= 2 else 88.0 if q.initials else 0.0)
        else:
            ratios = _aligned(sorted(qs), sorted(fs))
            fam = any(_near(w, x) >= FUZZY for w in qs for x in person.families)
            if fam and min(ratios) >= FUZZY and (len(qs) >= 2 or q.initials):
                best = max(best, round(90.0 * sum(ratios) / len(ratios), 1))
            elif fam and len(qs) >= 2:
                best = max(best, 80.0 if _shortened(qs, fs, person) else 25.0)
    return best


def _shortened(qs: set[str], fs: set[str], person: Person) -> bool:
    """Whether the query's given name and the form's differ only as a name and its shortening ("Theodor" and
    "Theo", three letters at least), beside the same family name: a candidate to show, never a match alone
    ("Jan" and "Janusz" are two names).

    >>> _shortened({"theodor", "waigel"}, {"theo", "waigel"}, Person({"waigel"}, {"t"}))
    True
    >>> _shortened({"yuri", "gromyko"}, {"andrei", "gromyko"}, Person({"gromyko"}, {"a"}))
    False
    """
    a, b = qs - fs - person.families, fs - qs - person.families
    if len(a) != 1 or len(b) != 1 or not (qs & fs & person.families):
        return False
    short, long = sorted((next(iter(a)), next(iter(b))), key=len)
    return len(short) >= 3 and long.startswith(short)


def _aligned(qs: list[str], fs: list[str]) -> list[float]:
    """How near each query word is to its own word of the form (one each, the nearest pairs first; 0 for a
    query word left without one): "Chiang Ching" is not two spellings of "Chiang".

    >>> _aligned(["chiang", "ching"], ["chiang"]), _aligned(["gromiko"], ["andrei", "gromyko"])
    ([1.0, 0.0], [0.857])
    """
    pairs = sorted(((_near(w, x), w, x) for w in qs for x in fs), reverse=True)
    got: dict[str, float] = {}
    used: set[str] = set()
    for r, w, x in pairs:
        if w not in got and x not in used:
            got[w] = round(r, 3)
            used.add(x)
    return [got.get(w, 0.0) for w in qs]


def _middle(q: Form, f: Form, person: Person) -> float | None:
    """A given-name-first form written with middle names we do not hold ("Jacques René Chirac" for
    "Jacques Chirac"): 92 when the form's initials are theirs ("William J. Clinton"), else 86; None when
    ``q`` is not that. A family-first form ("Kim Il") never takes words inside it: "Kim Jong Il" is not he."""
    if len(f.names) < 2 or len(q.names) <= len(f.names) or f.names[-1] not in person.families \
            or f.names[0] in person.families or (q.names[0], q.names[-1]) != (f.names[0], f.names[-1]) \
            or not set(f.names) <= set(q.names):
        return None
    inner = [w for w in q.names[1:-1] if w not in f.names]
    return 92.0 if f.initials and [w[0] for w in inner] == list(f.initials) else 86.0


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Nationality adjectives (folded words) -> their country's: ``("polish",)`` -> ``("poland",)``."""
    return {tuple(parse(adjective).names): parse(country).names for adjective, country in table("demonyms").items()}


def _country_words(names: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words with each nationality adjective written as its country ("Polish Embassy" as "Poland
    Embassy"), two-word adjectives first.

    >>> _country_words(parse("Polish Embassy in Canada").names), _country_words(parse("North Korean army").names)
    (('poland', 'embasi', 'in', 'canada'), ('north', 'korea', 'armi'))
    """
    out, i, table_ = [], 0, _demonyms()
    while i < len(names):
        two, one = tuple(names[i:i + 2]), (names[i],)
        if len(two) == 2 and two in table_:
            out += table_[two]
            i += 2
        else:
            out += table_.get(one, one)
            i += 1
    return tuple(out)


def _posted_in(names: tuple[str, ...]) -> set[str]:
    """The words after a body's last "in" or "to", stop words aside: where an embassy or mission is ("Embassy
    of the USSR in the DPRK" is in the DPRK; "DPRK Embassy in the USSR" is another)."""
    cut = max((i for i, w in enumerate(names) if w in _POSTED), default=None)
    return set() if cut is None else set(names[cut + 1:]) - _STOP


def _thing(q: Form, f: Form) -> float:
    """A body's, place's or record's name against one of ours: the same words, the share in common; two
    bodies posted to other places (their "in …" share no word) at most 30, whatever else they share.

    >>> _thing(parse("Polish Embassy in Canada"), parse("Embassy of Poland in Canada"))
    100.0
    >>> _thing(parse("Embassy of the USSR in the DPRK"), parse("DPRK Embassy in the USSR"))
    30.0
    """
    if q.key == f.key:
        return 100.0
    qn, fn = _country_words(q.names), _country_words(f.names)
    a, b = (set(n) | set(x.initials) for n, x in ((qn, q), (fn, f)))
    a, b = (x - _STOP or x for x in (a, b))  # "of", "the" count only in a name of nothing else
    if not a or not b:
        return 0.0
    common = len(a & b)
    found = round(100.0 * (0.7 * common / len(a) + 0.3 * common / len(a | b)), 1)
    there, here = _posted_in(qn), _posted_in(fn)
    return min(found, 30.0) if there and here and not there & here else found


@dataclass
class Evidence:
    """A query property checked against our evidence: ``held`` True (borne out), False (contradicted)."""

    pid: str
    held: bool
    detail: str = ""


@dataclass
class Scored:
    fact: Fact
    name: float
    score: float
    evidence: list[Evidence] = field(default_factory=list)


def _words(text: str) -> set[str]:
    return {k for k in parse(text).names if k not in _STOP and len(k) >= 3}


def _offices_text(fact: Fact) -> str:
    return " ".join([fact.note, *(label for _, label in fact.offices)])


def check(pid: str, values: list[str], fact: Fact, catalogue: Catalogue) -> Evidence | None:
    """What our evidence says of one query property (None: it says nothing, or we do not know ``pid``)."""
    text = " ".join(values)
    if pid == "date":
        asked = years(text)
        held = fact.years(catalogue)
        if not asked or not held:
            return None
        fits = any(held[0] - SLACK <= y <= held[-1] + SLACK for y in asked)
        return Evidence(pid, fits, f"{held[0]}–{held[-1]}" if held[0] != held[-1] else str(held[0]))
    if pid in ("office", "country"):
        ours = _offices_text(fact)
        if not ours.strip():
            return None
        common = _words(text) & _words(ours)
        hit = next((label for _, label in fact.offices if _words(label) & common), fact.note)
        return Evidence(pid, True, hit) if common else (Evidence(pid, False) if pid == "office" else None)
    if pid == "archive":  # an archive's id, or most of the words of its name ("Archive of Foreign Policy")
        if not fact.archives:
            return None
        if any(v.strip() in fact.archive_ids for v in values):
            return Evidence(pid, True, ", ".join(fact.archives))
        asked = [w for v in values if (w := _words(v))]
        hit = next((a for a in fact.archives for w in asked if len(w & _words(a)) >= 0.75 * len(w)), "")
        return Evidence(pid, bool(hit), hit)
    return None


BONUS = {"date": 5.0, "office": 10.0, "country": 5.0, "archive": 5.0}


def score(q: Form, forms: list[Form], fact: Fact, person: Person | None, namesakes: int,
          properties: list[tuple[str, list[str]]], catalogue: Catalogue) -> Scored:
    """The candidate's name score moved by the evidence (see the module's rules)."""
    name = name_score(q, forms, person, namesakes)
    s, found = name, []
    if person is not None and q.titles and name > 0:
        common = {t for t in q.titles if t not in _STOP} & _words(_offices_text(fact))
        if common:
            label = next((lb for _, lb in fact.offices if _words(lb) & common), fact.note)
            found.append(Evidence("title", True, label))
            s += 10.0
    for pid, values in properties:
        if (ev := check(pid, values, fact, catalogue)) is not None:
            found.append(ev)
            s += BONUS.get(pid, 5.0) if ev.held else -20.0
    return Scored(fact, name, max(0.0, min(100.0, round(s, 1))), found)
