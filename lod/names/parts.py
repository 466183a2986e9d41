"""A person's family and given names, read from the name forms the data holds, never guessed.

A catalogue heading ``Family, Given`` says which part is the family name; the preferred label says the
order in which the name is written ("Aleksei Ignatiev" given-first, "Kim Il Sung" family-first). The
parts are the label's own words, so that ``given + " " + family`` (or ``family + " " + given`` for a
family-first name) is the label again. A label with no matching inverted form has no parts: a citation
then gives the name as written rather than split it wrongly.

>>> name_parts("Aleksei Ignatiev", ["Ignatieff", "Ignatiev, Aleksei"])
PersonName(family='Ignatiev', given='Aleksei', family_first=False)
>>> name_parts("Kim Il Sung", ["Kim Il-sung", "Kim, Il-sung"])
PersonName(family='Kim', given='Il Sung', family_first=True)
>>> name_parts("Andrei Vyshinsky", ["Vyshinsky", "A. Vyshinsky"]) is None
True
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lod.names.normalise import is_inverted, token_keys


@dataclass(frozen=True)
class PersonName:
    """The family and given parts of a preferred label, and the order the label writes them in."""

    family: str
    given: str
    family_first: bool

    @property
    def inverted(self) -> str:
        """The ``Family, Given`` form citation formats ask for.

        >>> PersonName("Mao", "Zedong", True).inverted
        'Mao, Zedong'
        """
        return f"{self.family}, {self.given}"


def _splits(label: str, form: str) -> set[PersonName]:
    """The ways of cutting ``label`` in two that agree with the inverted ``form``: the family part is the
    form's family name, the given part the start of (or all of) its given names (a label may leave out a
    patronymic: "Aleksandr Puzanov" for "Puzanov, Aleksandr Mikhailovich")."""
    head = re.split(r"\s*[\[(]", form, maxsplit=1)[0]
    family, given = (part.strip() for part in head.split(",", 1))
    fam, giv = token_keys(family), token_keys(given)
    words = label.split()
    found = set()
    for k in range(1, len(words)):
        left, right = " ".join(words[:k]), " ".join(words[k:])
        lk, rk = token_keys(left), token_keys(right)
        if rk == fam and lk and giv[:len(lk)] == lk:
            found.add(PersonName(right, left, False))
        if lk == fam and rk and giv[:len(rk)] == rk:
            found.add(PersonName(left, right, True))
    return found


def name_parts(label: str, forms: Iterable[str]) -> PersonName | None:
    """The parts of ``label`` that its inverted forms among ``forms`` agree on; None when there is no such
    form, or when forms disagree (the data does not say which part is the family name)."""
    label = " ".join(label.split())
    found: set[PersonName] = set()
    for form in forms:
        if is_inverted(form):
            found |= _splits(label, form)
    return found.pop() if len(found) == 1 else None
