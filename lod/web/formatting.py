"""How the pages write values: dates in words, years, name forms compared loosely.

>>> format_date("1950-04-10"), format_date("1967-11"), year_of("1950-04-10")
('10 April 1950', 'November 1967', 1950)
"""
from __future__ import annotations

import re

from rdflib import Literal
from rdflib.term import Node

from lod.mapping import summary
from lod.vocab import XSD

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def format_date(value: Node | None) -> str:
    """``1950-04-10`` → ``10 April 1950``; ``1967-11`` → ``November 1967``; a year stays a year."""
    if value is None:
        return ""
    s = str(value)
    m = re.fullmatch(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s[:10])
    if not m or (isinstance(value, Literal) and value.datatype not in (None, XSD.date, XSD.gYearMonth,
                                                                       XSD.gYear, XSD.string)):
        return s
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        name = MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def year_of(value: Node | None) -> int | None:
    """The year a date begins with (:func:`lod.mapping.summary.year_of`, the summaries' own)."""
    return summary.year_of(value)



def fold(form: str) -> str:
    """A name form compared loosely: case folded, runs of white space as one space.

    >>> fold("KIM  IL   SUNG") == fold("Kim Il Sung")
    True
    """
    return " ".join(form.split()).casefold()

