"""Places a text names that no list of the collection holds: states and cities of a general gazetteer (the
ISO 3166 names from pycountry, and the common, historic and abbreviated forms and the cities of the
lexicon), wherever written as a name of their own, and after "in" or "near" a capitalised word followed by a
place word ("in Kangso County") that is nothing else (no month, language, nationality, office or body word).
A single capitalised word after "in" is not enough: it is as often a common noun of a heading ("in Exile",
"in Section") as a place, and on the measured pages it found no place the gazetteer did not.

Each form is proposed as ``State (form)`` when the gazetteer knows the state it names, so that "DPRK" and
"North Korea" are one place; a form inside a longer name is none ("Warsaw Pact", "Radio Moscow").

>>> place_forms("The DPRK delegation flew from Pyongyang to Vienna, not to the Warsaw Pact meeting in Zorbina.")
['North Korea (DPRK)', 'Pyongyang', 'Vienna']
>>> place_forms("A camp in Zorbina Province, a government in Exile.")
['Zorbina Province']
>>> place_forms("Talks in June in Russian with Soviet comrades in Comrade Petrov's office.")
[]
"""
from __future__ import annotations

import functools
import re

import pycountry

from lod.names import lexicon
from lod.names.normalise import (
    HONORIFICS, NOT_NAMES, ORG_WORDS, PLACE_WORDS, is_generic, is_title_only,
)

_FUNCTION = frozenset("the in to from at of and for with by on between near via into a an".split())
_MONTHS = frozenset("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split())


@functools.lru_cache(maxsize=None)
def gazetteer() -> dict[str, str]:
    """Every place form the gazetteer knows, as written, with the place it names (itself for a city).

    >>> g = gazetteer()
    >>> g["GDR"], g["Austria"], g["Peking"], g["Sofia"]
    ('East Germany', 'Austria', 'Beijing', 'Sofia')
    """
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)):
            if name and "," not in name and "(" not in name:
                out.setdefault(name, getattr(c, "common_name", None) or c.name)
    for name in ("state_forms", "capitals"):
        for entry in lexicon.entries(name):
            form, _, place = entry.partition("=")
            out[form.strip()] = place.strip() or form.strip()
    return out


@functools.lru_cache(maxsize=None)
def _gazetteer_pattern() -> re.Pattern[str]:
    forms = sorted(gazetteer(), key=len, reverse=True)
    return re.compile(r"(?<![\w.\-])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w\-]|\.\w)")


@functools.lru_cache(maxsize=None)
def _not_places() -> frozenset[str]:
    """Lower-case words that are never a place by themselves after "in": months, languages, nationalities,
    offices, forms of address, body words."""
    langs = {lang.name.lower() for lang in pycountry.languages}
    return frozenset(_MONTHS | langs | set(lexicon.table("demonyms")) | lexicon.role_words() | ORG_WORDS
                     | {w.lower() for w in lexicon.entries("body_words")} | {h.lower() for h in HONORIFICS}
                     | NOT_NAMES | _FUNCTION)


_CAPWORD = r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff\u0100-\u017f'’]+"
_IN = re.compile(rf"(?<![\w])(?:in|near)[ \t]+(?P<name>{_CAPWORD}(?:[ \t]+{_CAPWORD})?)(?![\w'’\-])")


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """True when a capitalised word or a hyphen joins the span to a longer name on either side."""
    after = re.match(r"[ \t]*(?:-|[ \t]?(\S+))", text[end:end + 40])
    if text[end:end + 1] == "-" or (after and after.group(1) and after.group(1)[:1].isupper()
                                    and after.group(1).strip(".,;:)").lower() not in _FUNCTION):
        return True
    if text[end:end + 2] in ("'s", "’s"):
        return False  # "Beijing's position": the place itself
    before = re.search(r"(\S+)[ \t]$", text[max(0, start - 40):start])
    if before is None:
        return False
    word = before.group(1)
    return word[:1].isupper() and word.strip(".,;:(").lower() not in _FUNCTION and not word.endswith((".", ",", ":", ";"))


def place_forms(text: str) -> list[str]:
    """Place forms a text proposes, in text order, each once (see the module's doc)."""
    g = gazetteer()
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _gazetteer_pattern().finditer(text):
        if _inside_longer_name(text, m.start(), m.end()):
            continue
        form, place = m.group(), g[m.group()]
        found.append((m.start(), form if form == place else f"{place} ({form})"))
        taken.append(m.span())
    bad = _not_places()
    for m in _IN.finditer(text):
        name = m.group("name")
        if any(s <= m.start("name") < e for s, e in taken) or _inside_longer_name(text, m.start("name"), m.end("name")):
            continue
        if "'" in name or "’" in name:
            continue  # "in Orlov's view": a possessive is a person's as often as a place's
        ws = [w.lower() for w in name.split()]
        if ws[0] in ("eastern", "western", "northern", "southern", "central"):
            continue  # a region's adjective alone ("in Eastern"), cut from a longer name
        if any(w in bad for w in ws) or is_generic(name) or is_title_only(name):
            continue
        if len(ws) == 1:
            continue  # one capitalised word: as often a heading's noun ("in Exile") as a place
        if len(ws) == 2 and ws[-1] not in PLACE_WORDS:
            continue  # two capitalised words are as often a person's name ("in Kim Il") as a place's
        found.append((m.start("name"), name))
    return list(dict.fromkeys(form for _, form in sorted(found)))
