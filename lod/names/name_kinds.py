"""What a name names, from its shape alone: a person, a body or a place (:func:`guess_kind`), or why it
cannot be a person's (:func:`not_a_person`: a title alone, an office, generic words, the holders of an
office, a body's name).

>>> guess_kind("Japan. Foreign Ministry"), not_a_person("Minister of Foreign Affairs")
('organisation', 'only a title, not a name')
"""
from __future__ import annotations

import re

from lod.names.normalise import (
    HEADING, ORG_WORDS, PLACE_WORDS, TITLE_PREFIXES, TITLE_WORDS, TITLES, alternation, is_generic, is_inverted, is_org,
    is_title_only, split_forms, words,
)
_OFFICE = re.compile(rf"^(?:(?:the|a|an)\s+)?(?:(?:{alternation(TITLE_PREFIXES)})[\s\-]+)*(?:{alternation(TITLES)})"
                     r"\.?\s+(?:of|to|in|for|at)\s+\S", re.IGNORECASE)


def is_office(name: str) -> bool:
    """True for an office phrase: a head (after modifiers) with an ``of/to/in/for/at`` complement, held by a
    person, neither a person nor a body ("Deputy Chairman of the Council of Ministers").

    >>> is_office("Deputy Chairman of the Council of Ministers"), is_office("Council of Ministers")
    (True, False)
    """
    return bool(_OFFICE.match(name))

_QUANTIFIERS = frozenset({"all", "the", "both", "each", "every", "several", "other", "our", "your", "its"})


def _singular(word: str) -> str:
    """``Premiers`` → ``premier``, ``Secretaries`` → ``secretary`` (lower case; a word without ``s`` as is)."""
    w = word.lower()
    return w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def holders_of_office(name: str) -> bool:
    """True for a plural office with a quantifier or only office words before it ("All Provincial Premiers",
    "the Deputy Ministers"): the people who hold it, never one person.

    >>> holders_of_office("All Provincial Premiers"), holders_of_office("the Deputy Ministers")
    (True, True)
    >>> holders_of_office("Tony Judges"), holders_of_office("Ambassador Kirsanov")
    (False, False)
    """
    ws = [w for w in words(name) if w.lower() != "s"]
    if len(ws) < 2 or not ws[-1].lower().endswith("s") or _singular(ws[-1]) not in TITLE_WORDS:
        return False
    return ws[0].lower() in _QUANTIFIERS or all(w.lower() in TITLE_WORDS for w in ws[:-1])


def not_a_person(name: str) -> str:
    """Why a name (as :func:`clean` leaves it) cannot be a person's, or ``""``: a title alone, an office
    ("the President of Ukraine", "Minister of Foreign Affairs": a position someone holds), generic words.

    >>> not_a_person("the President of Ukraine"), not_a_person("Minister of Foreign Affairs")
    ('an office, not a name', 'only a title, not a name')
    >>> not_a_person("Cooperation"), not_a_person("Aleksandr Alekseev")
    ('generic words, not a name', '')
    """
    if is_title_only(name):
        return "only a title, not a name"
    if _OFFICE.match(name):
        return "an office, not a name"
    if is_generic(name):
        return "generic words, not a name"
    if holders_of_office(name):
        return "holders of an office, not a person"
    ws = words(name)
    if "&" in name or len(ws) >= 2 and ws[-1].lower() in ORG_WORDS and (len(ws) >= 3 or ws[0].lower() == "the"):
        return "a body's name, not a person's"
    return ""


def guess_kind(name: str) -> str:
    """``person`` | ``organisation`` | ``place`` | ``unknown`` from the shape of the name alone.

    >>> guess_kind("Japan. Foreign Ministry"), guess_kind("Nehru, Jawaharlal"), guess_kind("Stalin")
    ('organisation', 'person', 'unknown')
    >>> guess_kind("V[ladimir] I. Sokolov"), guess_kind("Thomas J. Kieran")
    ('unknown', 'unknown')
    """
    main, _ = split_forms(name)
    if not main:
        return "unknown"
    if is_org(main) or "Treaty Organization" in main or "United Nations" in main:
        return "organisation"
    head = main.split(".")[0]
    if (HEADING.match(main) and head.strip().lower() not in {t.lower() for t in TITLES}
            and not re.search(r"(?:^|\s)[^\W\d_]$", head.strip())):  # "Thomas J. Kieran": a middle initial
        return "organisation"
    if any(w.lower() in PLACE_WORDS for w in words(main)):
        return "place"
    if is_inverted(main):
        return "person"
    return "unknown"
