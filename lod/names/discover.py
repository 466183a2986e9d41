"""People a text names that no list holds, found by how names are written: after a form of address or an
office title ("Comrade Petrenko", "Foreign Minister Orlov", "cde. N. M. Volkov"), and with an editor's
bracketed completion ("[Andrei] Orlov", "[Soviet Ambassador Ivan] Petrenko", "V[ladimir] I. Sokolov").

These are proposals: the resolver decides (a known place or body is not a person; a title alone, an
office or generic words are never minted).

>>> titled_forms("Talks with Comrade Petrenko and Foreign Minister Pavel Orlov. Later Comrade President spoke.")
['Petrenko', 'Pavel Orlov']
>>> titled_forms("[Deputy Minister Ivan] Sokolov met V[ladimir] I. Kuznetsov in MOSCOW.")
['Ivan Sokolov', 'Vladimir I. Kuznetsov']
"""
from __future__ import annotations

import re

from lod.names.mentions import COMMON_SURNAMES, bracket_forms
from lod.names.normalise import (
    HONORIFICS, ORG_WORDS, PARTICLES, PLACE_WORDS, TITLE_PREFIXES, TITLES, alternation, clean, is_generic, is_title_only, words,
)
from lod.names.name_kinds import not_a_person

_CAP = r"(?:[A-Z\u00c0-\u00de\u0100-\u017f][\w'’\-]*[^\W\d_]|[A-Z]\.(?:\s?[A-Z][a-z]?\.)*)"
"""A capitalised word (Latin script) or a run of initials ("N. M.", "A.Ia.")."""

_TITLE = re.compile(
    rf"(?<![\w.])(?P<title>(?i:(?:(?:{alternation(TITLE_PREFIXES)})[ \-]+)*(?:{alternation(TITLES)})))(?P<stop>\.)?[ \t]+"
    rf"(?P<name>{_CAP}(?:[ \t]+{_CAP}){{0,3}})(?![\w\]])")
_STARTS = frozenset(re.match(r"\w+", t).group().lower() for t in TITLE_PREFIXES + TITLES)
"""The first words of the titles and their prefixes, in lower case: where a title can begin."""
_WORD_START = re.compile(r"(?<![\w.])\w+")


def _title_search(text: str, pos: int) -> re.Match[str] | None:
    """``_TITLE.search(text, pos)``, tried only at the words a title can begin with: a match begins a word
    (every title and prefix begins with one, then a space, hyphen or full stop), so the word is a title's
    first; a word not in ASCII is tried whatever it is (case folding beyond ASCII is the regex's to judge)."""
    for w in _WORD_START.finditer(text, pos):
        word = w.group()
        if (word.lower() in _STARTS or not word.isascii()) and (m := _TITLE.match(text, w.start())):
            return m
    return None


_UNSTOPPED = frozenset(("mr", "mrs", "ms", "dr", "sir", "pm", "mp", "cde", "king", "queen"))
"""Short titles written without a full stop; any other abbreviation must have one ("Hon." but not "Hon Yong")."""
_ABBREVIATED = re.compile(r"(?<![\w.])(?:c|cde|com|comr|tov)\.[ \t]*(?P<name>(?:[A-Z]\.[ \t]*){0,3}[A-Z][\w'’\-]*[^\W\d_]"
                          r"(?:[ \t]+[A-Z][\w'’\-]*[^\W\d_]){0,2})")
"""Lower-case abbreviated address in running text: "c. Ulanfu", "cde. N. M. Volkov", "com. Ho Chi Minh"."""
_COMPLETION = re.compile(r"\[(?P<inside>[^\[\]\n]{2,60})\][ \t]*(?P<family>[A-Z][\w'’\-]*[^\W\d_])")
_GIVEN_COMPLETION = re.compile(r"(?<![\w\[])(?P<initial>[A-Z])\[(?P<rest>[a-z]{2,})\]\.?[ \t]*"
                               r"(?P<middle>(?:[A-Z]\.[ \t]*){0,2})(?P<family>[A-Z][\w'’\-]*[^\W\d_])")
_PATRONYMIC_COMPLETION = re.compile(
    r"(?<![\w\-])(?P<given>[A-Z][a-z]+)[ \t]+(?P<patronymic>[A-Z][a-z]+(?:ovna|evna|ichna|ovich|evich|ovych|evych|ych|ich))"
    r"[ \t]*\[(?P<family>[A-Z][a-z][\w'’\-]*)\]")
"""A given name and a patronymic (how Russians address one another), the family name the editor's completion:
"Anna Petrovna [Orlova]"."""
_HONORIFIC_WORDS = frozenset(h.lower() for h in HONORIFICS)
_UPPER, _LOWER = "A-ZА-ЯЁІЇЄҐЎ", "a-zа-яёіїєґў"
"""Latin and Cyrillic letters: Soviet and post-Soviet papers write initials in either ("А.С. Орлов")."""
_INITIALS = rf"[{_UPPER}]\.(?:[ \t]?[{_UPPER}][{_LOWER}]?\.){{1,2}}"
"""Two or three dotted initials; a later one may be a romanised Cyrillic letter ("A.Ia.", "Yu.", "Zh.")."""
_FAMILY = rf"[{_UPPER}][{_LOWER}][\w'’\-]*[^\W\d_]"
_INITIALS_FIRST = re.compile(rf"(?<![\w.])(?P<initials>{_INITIALS})[ \t]*(?P<family>{_FAMILY})(?![\w'’\-]|[ \t]+[A-Z])")
_INITIAL_ONE = re.compile(rf"(?<![\w.])(?<![A-Z]\.[ \t])(?P<initials>[A-Z]\.)[ \t]?(?P<family>{_FAMILY})(?![\w'’\-.]|[ \t]+[A-Z])")
"""One initial before a family name ("R. Orlov"), not after other initials or a given name ("D. R. Atlantis")."""
_GIVEN_BEFORE = re.compile(r"(?:[A-Z][\w'’\-]*|\])[ \t]$")
_INITIALS_AFTER = re.compile(rf"(?<![\w.\-])(?P<family>{_FAMILY})[ \t]+(?P<initials>{_INITIALS})(?![\w]|[ \t]*[A-Z])")


_ENGLISH = frozenset(("the", "of", "in", "to", "and", "a", "an", "at", "on", "for"))


def _name_follows(word: str) -> bool:
    """Whether ``word``, after a capitalised particle opening a name ("Le Duan", "Le Van Tam"), is part of it:
    a capitalised word, no English article or preposition ("In The …" of a heading is no name)."""
    bare = word.strip(".,;:")
    return bare.istitle() and bare.lower() not in _ENGLISH and (bare.lower() in PARTICLES or not is_generic(bare))


def _name_words(name: str, caps: bool) -> str:
    """The name at the start of ``name`` (words after a title): no title or generic word in it, at most three
    words; in capitals (a heading, a speaker's label) only when the line ends or punctuation follows."""
    ws = name.split()
    kept: list[str] = []
    for n, w in enumerate(ws):
        bare = w.strip(".,;:")
        if bare.lower() in PARTICLES and (kept or bare.istitle() and bare == w and n + 1 < len(ws) and _name_follows(ws[n + 1])):
            kept.append(w)  # "Ho Van Minh", "Jan de Vries"; a capitalised one first: "Le Duan", "La Pira"
            continue
        if (not bare or is_title_only(bare) or is_generic(bare) or bare.lower() in _HONORIFIC_WORDS
                or bare.lower() in ORG_WORDS or bare.lower() in PLACE_WORDS):
            break
        kept.append(w)
    if not kept or len(kept) > 3 or (len(kept) < len(ws) and caps):
        return ""
    return " ".join(kept)


def _titled(text: str) -> list[tuple[int, str]]:
    """``(offset, name)`` of the names written after a title; titles may stack ("Foreign Minister Comrade X",
    "subdivision leader Comrade Y": the search goes on after the first title when a title follows it)."""
    found: list[tuple[int, str]] = []
    pos = 0
    while m := _title_search(text, pos):
        pos = m.end()
        title = m.group("title")
        if _TITLE.match(text, m.start("name")):
            pos = m.start("name")  # another title follows: the name is after it
            continue
        if not title[:1].isupper() and title.lower() not in ("comrade", "comrades") and len(title.split()) < 2:
            continue  # "the minister Kim": a lower-case office alone in running text is no title of a name
        last = title.split()[-1].lower()
        if len(last) <= 4 and last not in _UNSTOPPED and not m.group("stop"):
            continue
        if m.group("stop") and len(last) > 5:
            continue  # "… told the Chancellor. He said": a whole word and a full stop end a sentence
        if last in ("pm", "am") and re.search(r"\d[ \t]*$", text[:m.start()]):
            continue  # "3 PM Peking Time": a clock time, not a prime minister
        line_end = text.find("\n", m.end())
        after = text[m.end():line_end if line_end >= 0 else len(text)].lstrip(" \t")
        caps = m.group("name").isupper() and len(words(m.group("name"))[0]) > 1
        name = _name_words(m.group("name"), caps)
        if caps and name and after[:1] not in ("", ":", ",", ".", ";", ")", "]", "/", "-", "–"):
            continue
        if name and len(name.split()) == 1 and name.lower() in COMMON_SURNAMES:
            continue  # "Mr. Choi": a surname millions share names one person only where the text says whom
        if name:
            found.append((m.start("name"), name))
    return found


def titled_forms(text: str) -> list[str]:
    """Person forms named after a title or a form of address, or completed in brackets, in text order.

    >>> titled_forms("His deputy minister Orlov met Foreign Minister Comrade Ri Ju-yeon and Mr. Kim at 3 PM Moscow Time.")
    ['Orlov', 'Ri Ju-yeon']
    >>> titled_forms("Speech by First Secretary Le Van Tam to the plenum")
    ['Le Van Tam']
    """
    found = _titled(text)
    for m in _ABBREVIATED.finditer(text):
        if name := _name_words(m.group("name"), False):
            found.append((m.start("name"), name))
    for m in _COMPLETION.finditer(text):
        inside = m.group("inside").split()
        if inside and inside[-1].endswith(("'s", "’s")):
            continue  # "The Chancellor's [Helmut Kohl's] Telephone Conversation": the whole name is inside
        if (inside and inside[-1][:1].isupper() and not re.search(r"\d", m.group("inside"))
                and len(inside[-1]) >= 3 and not is_title_only(inside[-1]) and not is_generic(m.group("family"))
                and len(inside) <= 5):
            given: list[str] = []  # the given names the editor supplied, after any office ("[US Secretary of State X]")
            for w in reversed(inside):
                if len(given) == 2 or not w[:1].isupper() or is_title_only(w) or is_generic(w) or w.isupper():
                    break
                given.insert(0, w)
            if given:
                found.append((m.start(), f"{' '.join(given)} {m.group('family')}"))
    for m in _PATRONYMIC_COMPLETION.finditer(text):
        full = f"{m.group('given')} {m.group('patronymic')} {m.group('family')}"
        found += [(m.start(), full), (m.start() + 1, m.group(0))]  # the whole name first, then as written
    for m in _GIVEN_COMPLETION.finditer(text):
        middle = " ".join(m.group("middle").split())
        found.append((m.start(), " ".join(filter(None, [m.group("initial") + m.group("rest"), middle, m.group("family")]))))
    out: list[str] = []
    for _, form in sorted(found):
        form = clean(form)
        if form and not not_a_person(form) and form not in out:
            out.append(form)
    return out


_CLOCK_AND_ERA = frozenset({"A.M.", "P.M.", "B.C.", "A.D.", "B.C.E.", "C.E."})


def initialled_forms(text: str) -> list[str]:
    """Person forms written as a family name with two or three dotted initials before or after it, the way
    Russian and Soviet-era papers write people ("A.S. Orlov", "Petrenko I.M."); an initials-after form is
    given as the catalogue heading it is ("Petrenko, I.M."). A run of more capitalised words, a body's or a
    place's word, or a title is no such name.

    >>> initialled_forms("A.Ia. Orlov and Petrenko I.M. met U.S. Army officers at Six P.M.")
    ['A.Ia. Orlov', 'Petrenko, I.M.']
    >>> initialled_forms("Шановний пане, І.М. Петренку")
    ['І.М. Петренку']

    One initial is enough when no given name or initial is written before it and the word is no sentence's
    first word ("for D. Moreover, he"):

    >>> initialled_forms("Ambassador to Atlantis, R. Petrenko, and Ivan K. Orlov met. It ended at 5 p.m. However, …")
    ['R. Petrenko']
    """
    found: list[tuple[int, str]] = []
    for pattern, heading in ((_INITIALS_FIRST, False), (_INITIALS_AFTER, True)):
        for m in pattern.finditer(text):
            family, initials = m.group("family"), " ".join(m.group("initials").split())
            if _name_words(family, False) != family:
                continue  # "U.S. Army", "Ch.D. Director": a body's, a place's or a title's word
            if initials.replace(" ", "").upper() in _CLOCK_AND_ERA:
                continue  # "Six P.M.", "A.D. 1950": a time or an era, not a person's initials
            found.append((m.start(), f"{family}, {initials}" if heading else f"{initials} {family}"))
    for m in _INITIAL_ONE.finditer(text):
        family = m.group("family")
        if _GIVEN_BEFORE.search(text, max(0, m.start() - 40), m.start()) or _name_words(family, False) != family:
            continue  # "Henry A. Wallace" is named whole elsewhere; "U. Army" is no person
        if len(family) >= 4:
            found.append((m.start(), f"{m.group('initials')} {family}"))
    return [form for _, form in sorted(found) if not not_a_person(form)]


def person_forms(text: str, cut: bool = False) -> list[str]:
    """Every person form a text proposes: ``Name [Alt]`` pairs (:func:`bracket_forms`), :func:`titled_forms`
    and :func:`initialled_forms`. A text the capture ``cut`` loses its last word when it stops in one: the word
    may be the start of another ("Foreign Minister Sono[da]").

    >>> person_forms("Comrade Ri Ju-yeon [Ri Ju Yon] met Marshal Orlov.")
    ['Ri Ju-yeon [Ri Ju Yon]', 'Ri Ju-yeon', 'Orlov']
    >>> person_forms("He met Ambassador Petrov and Mr. Chancel", cut=True)
    ['Petrov']
    """
    if cut and text.rstrip()[-1:].isalpha():
        text = re.sub(r"\S+\s*$", "", text)
    return list(dict.fromkeys([*bracket_forms(text), *titled_forms(text), *initialled_forms(text)]))
