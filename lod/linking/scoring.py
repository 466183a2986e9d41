"""Scoring a remote authority's candidates for one of our entities with the evidence we hold.

Evidence, and what it is worth (a score is a sum, clipped to -1…1; every reason is reported):

* **names** — the candidate carries our preferred form (+0.35) or only a variant (+0.2); its own label is
  our preferred form (+0.1); case, diacritics and hyphens aside;
* **kind** — a person must be an instance of human (Q5), a place or body must not be (else -1);
* **dates** — the years of the records that name the entity, and the years our note gives (``1948-1950``):
  a person born after a record was written, or after the years of our note, cannot be its subject (-1); one alive through the note's years
  and adult at the first record fits (+0.2); one dead before the note's years does not (-0.5). A body or
  place founded after a record (-0.6), or dissolved before the note's years (-0.3), does not fit;
* **offices and descriptions** — words shared by the candidate's positions held (P39) and description with
  our note, countries and their adjectives folded to one word (+0.05 each, at most +0.25);
* **countries** — the candidate's citizenship or country (P27, P17) is a country our note names, as its
  confirmed Wikidata link says (+0.15).

>>> from lod.linking.lookup import Candidate
>>> e = Entity("person", "stalin-iosif", "Joseph Stalin", "en", set(), "Soviet leader 1941-1953")
>>> ev = Evidence(e, record_years=(1949, 1950))
>>> score(ev, Candidate("Q855", "Joseph Stalin", matched={"Joseph Stalin"}, types={"Q5"}, birth=1878, death=1953)).value
0.65
>>> score(ev, Candidate("Q9", "Joseph Stalin", matched={"Joseph Stalin"}, types={"Q5"}, birth=1990)).value
-0.55
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lod.linking.lookup import Candidate
from lod.names.authority import Entity

HUMAN = "Q5"
ADULT = 16  # years: younger than this at the first record is not the official a record names
_YEARS = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_WORD = re.compile(r"[a-z]+")
STOPWORDS = frozenset("""a an and as at by de del der des di du for from in into of on or the to with von van
    la le les el al also later who was is""".split())
# Country adjectives and short names as our notes use them, folded to the key of the place in entities.tsv.
ADJECTIVES = {
    "soviet": "soviet-union", "ussr": "soviet-union", "russian": "russia", "dprk": "north-korea",
    "rok": "south-korea", "chinese": "china", "prc": "china", "hungarian": "hungary", "polish": "poland",
    "romanian": "romania", "czechoslovak": "czechoslovakia", "japanese": "japan", "indian": "india",
    "irish": "ireland", "german": "germany", "british": "great-britain", "french": "france",
    "portuguese": "portugal", "kazakh": "kazakhstan", "iranian": "iran", "afghan": "afghanistan",
    "turkish": "turkey", "ukrainian": "ukraine", "american": "united-states", "us": "united-states",
    "canadian": "canada", "vietnamese": "vietnam", "cuban": "cuba", "brazilian": "brazil",
}
# Country names of several words, folded to one word before words are compared.
PHRASES = {"soviet union": "soviet", "north korean": "dprk", "north korea": "dprk", "south korean": "rok",
           "south korea": "rok", "democratic people's republic of korea": "dprk", "republic of korea": "rok",
           "people's republic of china": "prc", "united states": "us", "united kingdom": "british"}


@dataclass
class Evidence:
    """What we know of one of our entities, besides its names."""

    entity: Entity
    record_years: tuple[int, int] | None = None  # first and last year of the records naming it
    countries: set[str] = field(default_factory=set)  # Wikidata QIDs of the countries its note names

    @property
    def note_years(self) -> list[int]:
        return sorted(int(y) for y in _YEARS.findall(self.entity.note))


@dataclass(frozen=True)
class Score:
    value: float
    reasons: tuple[str, ...]


def score(ev: Evidence, c: Candidate) -> Score:
    """How well candidate ``c`` fits our entity, and why."""
    e = ev.entity
    points: list[tuple[float, str]] = []
    preferred = name_key(e.label)
    if preferred in {name_key(m) for m in c.matched}:
        points.append((0.35, f"carries our preferred form {e.label!r}"))
    elif c.matched:
        points.append((0.2, "carries our variant " + ", ".join(repr(m) for m in sorted(c.matched))))
    if c.label and name_key(c.label) == preferred:
        points.append((0.1, "its label is our preferred form"))
    if e.kind == "person":
        if HUMAN not in c.types:
            points.append((-1.0, "not an instance of human (Q5)"))
        points.extend(_life(ev, c))
    else:
        if HUMAN in c.types:
            points.append((-1.0, f"a person, but ours is a {'place' if e.kind == 'place' else 'body'}"))
        points.extend(_existence(ev, c))
    points.extend(_words(ev, c))
    if ev.countries and c.countries & ev.countries:
        points.append((0.15, "country " + ", ".join(sorted(c.countries & ev.countries)) + " as our note"))
    value = round(max(-1.0, min(1.0, sum(p for p, _ in points))), 3)
    return Score(value, tuple(f"{p:+.2f} {why}" for p, why in points))


def _life(ev: Evidence, c: Candidate) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    first = ev.record_years[0] if ev.record_years else None
    years = ev.note_years
    span = f"born {c.birth if c.birth is not None else '?'}, died {c.death if c.death is not None else '?'}"
    if c.birth is not None and first is not None and c.birth > first:
        return [(-1.0, f"{span}: born after our first record ({first})")]
    if c.birth is not None and years and c.birth > years[0]:
        return [(-1.0, f"{span}: born after the years of our note ({years[0]})")]
    if c.death is not None and years and c.death < years[0]:
        return [(-0.5, f"{span}: dead before the years of our note ({years[0]}-{years[-1]})")]
    start = min([y for y in (first, *years) if y is not None], default=None)
    end = max([y for y in years] + ([first] if first is not None else []), default=None)
    if c.birth is not None and start is not None and c.birth + ADULT <= start \
            and (c.death is None or end is None or c.death >= end):
        out.append((0.2, f"{span}: alive and adult in {start}" + (f"-{end}" if end != start else "")))
    return out


def _existence(ev: Evidence, c: Candidate) -> list[tuple[float, str]]:
    first = ev.record_years[0] if ev.record_years else None
    years = ev.note_years
    if c.inception is not None and first is not None and c.inception > first:
        return [(-0.6, f"founded {c.inception}, after our first record ({first})")]
    if c.dissolved is not None and years and c.dissolved < years[0]:
        return [(-0.3, f"dissolved {c.dissolved}, before the years of our note ({years[0]})")]
    return []


def _words(ev: Evidence, c: Candidate) -> list[tuple[float, str]]:
    ours = _content_words(ev.entity.note)
    if not ours:
        return []
    theirs = _content_words(" ".join([c.description, *sorted(c.offices)]))
    shared = sorted(ours & theirs)
    if not shared:
        return []
    return [(min(0.25, 0.05 * len(shared)), "offices/description share " + ", ".join(shared))]


def _content_words(text: str) -> set[str]:
    folded = fold(text)
    for phrase, word in PHRASES.items():
        folded = re.sub(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", word, folded)
    words = {ADJECTIVES.get(w, w) for w in _WORD.findall(folded)}
    return {w for w in words if w not in STOPWORDS and (len(w) > 2 or "-" in w)}


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: ``"Kwaśniewski"`` → ``"kwasniewski"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


def name_key(name: str) -> str:
    """A name as compared with another: folded, hyphens as spaces (``"Kim Il-sung"`` = ``"KIM IL SUNG"``)."""
    return " ".join(fold(name).replace("-", " ").split())


def country_keys(note: str, places: dict[str, str] | None = None) -> set[str]:
    """The keys of the places a note names, by adjective (``"Soviet diplomat"`` → soviet-union) or by one of
    the names in ``places`` (folded name → key, e.g. ``{"japan": "japan"}``).

    >>> sorted(country_keys("Prime Minister of Japan; DPRK ambassador", {"japan": "japan"}))
    ['japan', 'north-korea']
    """
    folded = fold(note)
    keys = {ADJECTIVES[w] for w in _WORD.findall(folded) if w in ADJECTIVES}
    for name, key in (places or {}).items():
        if re.search(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", folded):
            keys.add(key)
    return keys
