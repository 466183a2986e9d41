"""Bodies a text names that no list of the collection holds, found by how body names are built: capitalised
words around a body word ("Ministry of Foreign Affairs of Ruritania", "Ruritanian News Agency", "RWP Central
Committee"), a nationality and a state's organ ("the Ruritanian government"), and acronyms written as
bodies ("of the RWP", "the RCP CC").

A body is proposed only when its name says whose it is (a nationality, a state, a city or an acronym of its
own): an unqualified "the Ministry of Foreign Affairs", "the Central Committee" or "the MFA" names a
different body in each state's records, and is a body of the record that names it
(:mod:`lod.names.record_bodies`). A position is no body
("Ambassador of Ruritania", "Chairman of the Council" gives only the council); "the X" and "X" are one.

>>> body_forms("Envoys of the Finnish Embassy and the Ministry of Foreign Affairs met the FZP Central Committee.")
['Embassy of Finland [Finnish Embassy]', 'FZP Central Committee']
>>> body_forms("The Chairman of the Council of Ministers of Finland told the Swedish government and the FZP.")
['Council of Ministers of Finland', 'Swedish government', 'FZP']
"""
from __future__ import annotations

import functools
import re

import pycountry

from lod.names import lexicon
from lod.names.normalise import HONORIFICS, ORG_WORDS
from lod.names.places import gazetteer
from lod.names.markings import marking_key

_JOINERS = frozenset(("of", "the", "for", "and", "on"))
_ACRONYM = re.compile(r"[A-Z]{2,6}|(?:[A-Z]\.){2,6}")  # "TASS", "R.C.P."
_ROMAN = re.compile(r"[IVXLC]+")
_DOTTED = re.compile(r"(?:[A-Z]\.){2,6}")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,6}(?![\w])|[^\W\d_][\w'’.\-]*[\w'’]|[^\W\d_]\.?|[^\s\w]+|\d\w*")
_ACR = r"(?:[A-Z]{2,6}|(?:[A-Z]\.){2,6})"  # an acronym in a pattern
_ORDINAL = re.compile(r"(?:\d+(?:st|nd|rd|th)|[IVXL]+|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|"
                      r"Tenth|Eleventh|Twelfth|\w+teenth|\w+tieth)[ \t]+$")


@functools.lru_cache(maxsize=None)
def _body_words() -> frozenset[str]:
    return ORG_WORDS | frozenset(w.lower() for w in lexicon.entries("body_words"))


@functools.lru_cache(maxsize=None)
def _heads() -> frozenset[str]:
    """Words of an office or a form of address: what precedes them in a run is a position, not a body.
    "General" and "Chief" are left out: they begin bodies' names too ("General Staff")."""
    words = {h.split()[-1].lower() for h in lexicon.displays("heads") if len(h) > 2}
    words |= {h.lower().rstrip(".") for h in HONORIFICS}
    return frozenset(words - {"general", "chief", "head", "member"})


@functools.lru_cache(maxsize=None)
def _demonyms() -> dict[str, str]:
    return lexicon.table("demonyms")


@functools.lru_cache(maxsize=None)
def divided() -> frozenset[str]:
    return frozenset(lexicon.entries("divided_states"))


@functools.lru_cache(maxsize=None)
def _generic_acronyms() -> frozenset[str]:
    return frozenset(lexicon.entries("generic_acronyms"))


@functools.lru_cache(maxsize=65_536)  # every capitalised word of every text is asked
def _is_acronym(word: str) -> bool:
    return bool(_ACRONYM.fullmatch(word)) and not _ROMAN.fullmatch(word.replace(".", ""))


def qualifier(word: str, caps: bool) -> str | None:
    """What a word says of whose a body is: 'state' (a nationality or a gazetteer name, with the state it
    names), 'acronym' (a body's own), or None."""
    bare = word.rstrip("'’s") if word.endswith(("'s", "’s")) else word
    low = bare.lower()
    if low in _demonyms():
        return _demonyms()[low]
    g = gazetteer()
    if bare in g or (caps and bare.title() in g):
        return g.get(bare) or g[bare.title()]
    if not caps and _is_acronym(bare) and bare.replace(".", "") not in _generic_acronyms():
        return "acronym"
    return None


def _runs(text: str) -> list[list[str]]:
    """Runs of capitalised words and acronyms, with the joiners between them, on one line, unbroken by
    punctuation."""
    runs: list[list[str]] = []
    cur: list[str] = []
    last_end = 0
    for m in _TOKEN.finditer(text):
        w = m.group()
        gap = text[last_end:m.start()]
        last_end = m.end()
        if cur and (gap not in (" ", "") or "\n" in gap):
            runs.append(cur)
            cur = []
        if w[:1].isupper():
            acronym = _is_acronym(w) or bool(_DOTTED.fullmatch(w))  # "C.C." too
            cur.append(w if acronym else w.rstrip("."))
            if w.endswith(".") and not acronym and len(w) > 2:
                runs.append(cur)  # a sentence ends
                cur = []
        elif w.lower() in _JOINERS and cur:
            cur.append(w)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _phrases(run: list[str]) -> list[list[str]]:
    """The body phrases of one run: from the first segment (between "of"s) that holds a body word, through
    the "of …" segments after it; a run split at each "and"; positions cut off."""
    while run and run[-1].lower() in _JOINERS:
        run = run[:-1]
    out: list[list[str]] = []
    start = 0
    for i, w in enumerate(run):
        if w.lower() == "and" and not _one_name(run[start:i], run[i + 1:]):
            out.extend(_phrase(run[start:i]))
            start = i + 1
    out.extend(_phrase(run[start:]))
    return out


def _one_name(left: list[str], right: list[str]) -> bool:
    """Whether "and" joins two words of one name ("[Director of] Organization and Guidance Department"): one
    word before it, and after it words ending in a body word, without a "the" of their own."""
    last = left[max((i for i, w in enumerate(left) if w.lower() in _JOINERS), default=-1) + 1:]
    return (len(last) == 1 and len(right) >= 2 and right[0].lower() not in _JOINERS
            and right[-1].lower() in _body_words())


@functools.lru_cache(maxsize=None)
def _office_bodies() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon.entries("office_bodies"))


def _phrase(run: list[str]) -> list[list[str]]:
    heads = [i for i, w in enumerate(run) if w.lower() in _heads()]
    if heads:  # "Chairman of the Council …": the body after the office; "Ruritanian Army Commander": before it
        after = run[heads[-1] + 1:]
        k = heads[0]
        while k > 0 and run[k - 1].lower() not in _JOINERS and qualifier(run[k - 1], False):
            k -= 1  # "the Finnish President"
        k -= k > 0 and run[k - 1].lower() == "the"
        if not after and k >= 2 and run[k - 1].lower() == "of" and run[k - 2].lower() in _office_bodies():
            return [run[k - 2:heads[-1] + 1]]  # "Office of the President": the body that serves an office
        run = after if any(w.lower() in _body_words() for w in after) else run[:heads[0]]
    while run and run[0].lower() in _JOINERS:
        run = run[1:]
    segments: list[list[str]] = [[]]
    for w in run:
        if w.lower() == "of":
            segments.append([])
        else:
            segments[-1].append(w)
    first = next((k for k, s in enumerate(segments) if any(w.lower() in _body_words() for w in s)), None)
    if first is None:
        return []
    seg = segments[first]
    if "the" in (low := [w.lower() for w in seg]):  # "Later the Finnish Embassy": the name starts after "the"
        seg = seg[len(low) - low[::-1].index("the"):]
    while seg and seg[0].lower() in _JOINERS:
        seg = seg[1:]
    marks = [i for i, w in enumerate(seg) if w.lower() in _body_words()]
    if not marks:
        return []  # "Embassy the Orlov": the body word was before the name's start
    last = marks[-1]
    if first == len(segments) - 1:
        if last + 1 < len(seg) and seg[last + 1] in lexicon.entries("building_words"):
            return []  # "the Ruritanian Government Building": a place
        if last + 1 < len(seg) and _ROMAN.fullmatch(seg[last + 1]):
            last += 1  # "Regional Division IV": a numbered body
        seg = seg[:last + 1]  # "Ruritanian Embassy Orlov": the body ends at its last body word
        return [seg] if seg else []
    words = seg + [x for s in segments[first + 1:] for x in ["of", *s]]
    while words and words[-1].lower() in _JOINERS:
        words = words[:-1]
    return [words]


def _qualified(words: list[str]) -> bool:
    return _verdict(words) == "own"


def _verdict(words: list[str]) -> str | None:
    """What a body phrase names: "own" (a lasting body whose name says whose it is), "record" (a body whose
    name does not say whose, or a group formed for one occasion: a body of the record that names it), or None
    (a heading in capitals, a state, a kind of body alone)."""
    text = " ".join(words)
    if any(w.isupper() and (len(w) > 6 or w.lower() in _JOINERS | {"to", "from", "in"}) for w in words):
        return None  # a heading in capitals ("TELEGRAM FROM THE … EMBASSY"), not a name
    if text in gazetteer() or re.search(_state_names(), text):
        return None  # "the Soviet Union": a state, not a body
    named = [w for w in words if w.lower() not in _JOINERS]
    if len(named) == 1 and named[0].lower() in _body_words() and named[0] not in lexicon.entries("organ_names"):
        return None  # "Department", "Party": a kind of body, not a name
    if any(w.title() in lexicon.entries("determiners") for w in named):
        return None  # "Our Embassy", "the Other Party": a body the reader knows, not a name
    ad_hoc = lexicon.entries("ad_hoc_bodies")
    if any(w in ad_hoc for w in words):
        return "record"  # "the Finnish Delegation": one occasion's
    caps = all(not any(c.islower() for c in w) for w in words if w.lower() not in _JOINERS)
    desks = {d.lower() for d in lexicon.entries("desk_words")}
    found = [q for i, w in enumerate(words) if w.lower() not in _JOINERS and w.lower() not in _body_words()
             and not (i + 1 < len(words) and words[i + 1].lower() in desks) if (q := qualifier(w, caps))]
    if not found:  # "Chief Cabinet [Secretary]": the words of an office
        return None if named[0].lower() in {m.split("=")[0] for m in lexicon.entries("modifiers")} else "record"
    # "the Korean Embassy": a divided state's nationality and a state's organ alone do not say which state
    organs = {n.split()[-1] for n in lexicon.entries("body_nouns")}
    own = [w for w in named if w.lower() not in _body_words()]
    one_of_two = (all(q in divided() for q in found) and len(own) == 1
               and all(w.lower() in organs or w.lower() not in ORG_WORDS for w in words if w.lower() in _body_words()))
    return "record" if one_of_two else "own"


@functools.lru_cache(maxsize=None)
def _state_names() -> re.Pattern[str]:
    """Gazetteer names holding a body word ("Soviet Union", "United Arab Emirates")."""
    names = [n for n in gazetteer() if any(w.lower() in _body_words() for w in n.split())]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")


def _organs() -> re.Pattern[str]:
    nouns = "|".join(sorted((re.escape(n) for n in lexicon.entries("body_nouns")), key=len, reverse=True))
    return re.compile(rf"(?<![\w\-])(?P<demonym>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]+(?P<noun>{nouns})(?![\w\-])")


def mission_form(phrase: str) -> str:
    """A state's mission named by nationality, with its name by state as the other form; else the phrase.

    >>> mission_form("Finnish Embassy"), mission_form("Soviet embassy"), mission_form("FZP Central Committee")
    ('Embassy of Finland [Finnish Embassy]', 'Embassy of the Soviet Union [Soviet embassy]', 'FZP Central Committee')
    """
    missions = {m.lower(): m for m in lexicon.entries("missions")}
    ws = phrase.split()
    for k in (2, 1):
        if len(ws) == k + 1 and " ".join(ws[1:]).lower() in missions and (state := _demonyms().get(ws[0].lower())):
            the = "the " if state.split()[-1].lower() in lexicon.state_words() else ""
            return f"{missions[' '.join(ws[1:]).lower()]} of {the}{state} [{phrase}]"
    return phrase


def own_acronym(word: str) -> bool:
    """Whether an all-capitals word can be a body's own acronym: not a kind of body ("MFA"), a place or a
    country code ("USSR", "FRA"), a Roman numeral, a security marking ("SECRET") or two initials ("A.M.").

    >>> [own_acronym(w) for w in ("TASS", "R.C.P.", "MFA", "USSR", "FRA", "XIV", "SECRET", "A.M.")]
    [True, True, False, False, False, False, False, False]
    """
    bare = word.replace(".", "")
    return (_is_acronym(word) and bare not in _generic_acronyms() and word not in gazetteer()
            and not ("." in word and len(bare) < 3)
            and bare not in gazetteer() and bare not in _country_codes() and marking_key(word) is None)


@functools.lru_cache(maxsize=None)
def _country_codes() -> frozenset[str]:
    return frozenset(code for c in pycountry.countries for code in (c.alpha_3,))  # two letters are often a body's ("EC")


def _acronym_forms(text: str) -> list[tuple[int, str]]:
    """Acronyms written where a body is written, with their offsets: after "the", "of", "by", "through" ("of
    the FZP", "through TASS"); before an office ("FZP Chairman"); beside a kind of body or a state's acronym
    ("CC FZP", "MFA USSR"); in a list of three in running text or of two in brackets ("NATO, FZP, XYZO",
    "(FZP, XYZO)"), not "KIM, WITH" of a heading."""
    found: list[tuple[int, str]] = []
    for m in re.finditer(rf"(?<![\w])(?P<prep>the|of|by|through|via)[ \t]+(?P<acr>{_ACR}(?:[ \t]+{_ACR}){{0,2}})"
                         rf"(?![\w\-]|\.\w|[ \t]+[A-Z]|[ \t]+of[ \t])", text):  # "the PR of Albania": a state's name
        acrs = m.group("acr").split()
        # "of the EC" is a body, "of BK" and "by AA" may be a person's initials or an office's abbreviation: a
        # two-letter acronym is spoken as letters, and a body so named takes the article
        least = 2 if m.group("prep") == "the" else 3
        if any(own_acronym(a) and len(a) >= least for a in acrs) and not all(a in gazetteer() for a in acrs):
            found.append((m.start("acr"), m.group("acr")))
    for m in re.finditer(rf"(?<![\w.])(?P<acr>{_ACR})[ \t]+(?P<head>[A-Z][a-z]+)\b", text):
        if m.group("head").lower() in _heads() and own_acronym(m.group("acr")) and len(m.group("acr")) > 2:
            found.append((m.start(), m.group("acr")))  # "FZP Chairman": the office's body
    for m in re.finditer(rf"(?<![\w.])(?P<pair>{_ACR}[ \t]+{_ACR})(?![\w\-]|[ \t]+[A-Z]{{2}})", text):
        a, b = m.group("pair").split()
        kinds = [x.replace(".", "") in lexicon.entries("kind_acronyms") for x in (a, b)]
        if kinds.count(True) == 1 and all(_ACRONYM.fullmatch(x) for x in (a, b)):  # "CC" is no numeral here
            other = b if kinds[0] else a
            if own_acronym(other) or other in gazetteer():
                found.append((m.start(), m.group("pair")))  # "CC FZP", "MFA USSR": a kind of body and whose
    for m in re.finditer(rf"(?<![\w.])({_ACR}(?:(?:,[ \t]*|[ \t]+and[ \t]+){_ACR}(?![\w.]))+)", text):
        line = text[text.rfind("\n", 0, m.start()) + 1:text.find("\n", m.end()) % (len(text) + 1)]
        items = re.split(r",[ \t]*|[ \t]+and[ \t]+", m.group(1))
        bracketed = text[m.start() - 1:m.start()] == "(" and text[m.end():m.end() + 1] == ")"
        if (any(c.islower() for c in line) and all(own_acronym(a) and len(a) > 2 for a in items)
                and (len(items) >= 3 or bracketed)):
            pos = m.start()
            for a in items:
                pos = text.index(a, pos)
                if own_acronym(a):
                    found.append((pos, a))
    return found


_EVENTS = ("congress", "conference", "plenum", "session")


def _event(phrase: str, text: str) -> bool:
    """Whether every occurrence of a congress follows an ordinal: "the 12th Congress of the FZP", "the XI Party
    Congress" are meetings, not bodies."""
    ws = phrase.lower().split()
    if _ROMAN.fullmatch(phrase.split()[0]) and any(w in _EVENTS for w in ws[1:3]):
        return True  # "XI Party Congress of the FZP"
    if not (ws[0] in _EVENTS or (len(ws) == 2 and ws[1] in _EVENTS)):
        return False
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    return bool(starts) and all(_ORDINAL.search(text, max(0, i - 20), i) for i in starts)


def _cut(phrase: str, text: str) -> bool:
    """Whether every occurrence of a phrase runs on into a capitalised word that is not an office's ("Collected
    Party Documents": a title, not the body "Collected Party")."""
    follows = [m.group(1) for m in re.finditer(re.escape(phrase) + r"(?:[ \t]+([A-Z][\w'’\-]*))?", text)]
    offices = _heads() | {m.split("=")[0] for m in lexicon.entries("modifiers")}
    return bool(follows) and all(f is not None and f.lower() not in offices for f in follows)


def phrases_of(text: str, verdict: str) -> list[tuple[int, str]]:
    """Body phrases of capitalised runs with this verdict (see :func:`_verdict`), with their offsets."""
    return list(_phrases_of(text, verdict))


@functools.lru_cache(maxsize=1024)  # a record's texts are read for bodies several times over
def _phrases_of(text: str, verdict: str) -> tuple[tuple[int, str], ...]:
    return tuple((max(text.find(phrase), 0), phrase) for phrase, v in _judged(text)
                 if v == verdict and not _event(phrase, text) and not (verdict == "record" and _cut(phrase, text)))


@functools.lru_cache(maxsize=256)
def _judged(text: str) -> tuple[tuple[str, str], ...]:
    """Every body phrase of a text with its verdict, in text order: the text is tokenised once for both."""
    return tuple((" ".join(words), v) for run in _runs(text) for words in _phrases(run) if (v := _verdict(words)))


def comma_joined(text: str, own: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """A body of the record and, after a comma, the body it belongs to: "Central Committee, Workers' Party of
    Ruritania" (a heading's way of writing "of"), as ``(offset, part, whole's body)``."""
    out: list[tuple[int, str, str]] = []
    for i, p in phrases_of(text, "record"):
        for m in re.finditer(rf"(?<![\w\-]){re.escape(p)},[ \t]+", text):
            rest = text[m.end():]
            q = next((q for _, q in own if rest.startswith(q)), None)
            if q is not None and p.split()[-1].lower() in _body_words():
                out.append((m.start(), p, q))
    return out


def possessive_form(phrase: str) -> str:
    """A body named with a possessive of whose it is, with its name by "of" as the other form; else the phrase.

    >>> possessive_form("FZP's Central Committee"), possessive_form("Finland’s Foreign Ministry")
    ("Central Committee of the FZP [FZP's Central Committee]", 'Foreign Ministry of Finland [Finland’s Foreign Ministry]')
    """
    owner, _, rest = phrase.partition(" ")
    m = re.fullmatch(r"(.+)['’]s", owner)
    if not m or not rest or qualifier(m.group(1), False) is None:
        return phrase
    the = "the " if m.group(1).isupper() else ""
    return f"{rest} of {the}{m.group(1)} [{phrase}]"


def body_forms(text: str) -> list[str]:
    """Body forms a text proposes, in text order, each once, without a leading "the" (see the module's doc);
    a mission named by nationality also by its state (:func:`mission_form`).

    >>> body_forms("as reported through TASS, NATO, XYZO and the 12th Congress of the FZP; MFA USSR")
    ['TASS', 'NATO', 'XYZO', 'FZP', 'MFA USSR']
    """
    own = phrases_of(text, "own")
    found = [(i, mission_form(possessive_form(phrase))) for i, phrase in own]
    found.extend((i, f"{p}, {q}") for i, p, q in comma_joined(text, own))
    for m in _organs().finditer(text):
        state = _demonyms().get(m.group("demonym").lower())
        if state and state not in divided():
            found.append((m.start(), mission_form(m.group())))
    found.extend(_acronym_forms(text))
    return list(dict.fromkeys(f for _, f in sorted(found, key=lambda x: x[0])))
