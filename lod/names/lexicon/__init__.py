"""The word lists of names and offices, read from the data files beside this module (one source for
:mod:`lod.names.normalise`, :mod:`lod.names.office_words` and :mod:`lod.sources.title_parties`).

>>> "Comrade" in entries("honorifics"), table("demonyms")["soviet"]
(True, 'Soviet Union')
>>> "ambassador" in role_words() and "cde" in role_words(), "Ministry" in org_words()
(True, True)
"""
from __future__ import annotations

import functools
import re
from importlib import resources

NAMES = ("honorifics", "titles", "heads", "modifiers", "qualifiers", "portfolios", "demonyms", "org_words",
         "place_words", "role_words", "not_names", "state_words", "state_forms", "capitals", "body_words", "body_nouns",
         "divided_states", "generic_acronyms", "kind_acronyms", "ad_hoc_bodies", "organ_names", "determiners",
         "office_bodies", "building_words", "desk_words", "missions", "unit_labels", "unit_postfix_labels", "regions",
         "hungarian_given_names", "markings")


class LexiconError(ValueError):
    """A lexicon that does not exist or an entry that cannot be read; the message names file and line."""


@functools.lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``<name>.txt`` in file order: comments and blank lines dropped, whitespace collapsed.

    >>> entries("modifiers")[:3]
    ('deputy', 'vice=Deputy', 'first')
    """
    if name not in NAMES:
        raise LexiconError(f"no lexicon {name!r} (there are: {', '.join(NAMES)})")
    text = resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    out: list[str] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        entry = " ".join(line.split("#", 1)[0].split())
        if entry.startswith("=") or entry.endswith("="):
            raise LexiconError(f"{name}.txt:{lineno}: an entry is 'words' or 'words=Display', got {entry!r}")
        if entry:
            out.append(entry)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def table(name: str) -> dict[str, str]:
    """``words=Display`` entries as {words (lower case): display}; the display defaults to the words capitalised.

    >>> table("heads")["pm"], table("heads")["ambassador"]
    ('Prime Minister', 'Ambassador')
    """
    out: dict[str, str] = {}
    for entry in entries(name):
        words, _, display = entry.partition("=")
        out[words.strip().lower()] = display.strip() or " ".join(w.capitalize() for w in words.split())
    return out


def displays(name: str) -> tuple[str, ...]:
    """The phrases of a table as written on the left of ``=``, without a spaced final stop ("amb ." → "amb").

    >>> displays("heads")[:2]
    ('ambassador', 'amb')
    """
    return tuple(dict.fromkeys(re.sub(r"\s*\.$", "", e.partition("=")[0].strip()) for e in entries(name)))


@functools.lru_cache(maxsize=None)
def state_words() -> frozenset[str]:
    """Words of a state's name that follow words a role also uses (lower case): "People's Republic".

    >>> "republic" in state_words()
    True
    """
    return frozenset(e.lower() for e in entries("state_words"))


@functools.lru_cache(maxsize=None)
def org_words() -> frozenset[str]:
    """Words that make a name a body, as written (capitalised)."""
    return frozenset(entries("org_words"))


@functools.lru_cache(maxsize=None)
def role_words() -> frozenset[str]:
    """Every word (lower case) of a role phrase: heads, modifiers, qualifiers, portfolios, demonyms,
    honorifics and the words of ``role_words.txt``."""
    out: set[str] = set()
    for name in ("heads", "modifiers", "qualifiers", "portfolios", "demonyms", "honorifics", "titles", "role_words"):
        for phrase in displays(name):
            out.update(w.lower().rstrip(".") for w in re.findall(r"[^\W\d_][\w'’.\-]*", phrase))
    return frozenset(w for w in out if w)
