"""Dates: a date as written on archive pages (:func:`parse_date`), full dates in running text
(:func:`find_dates`), and dates that disagree: the date line is what a record's date says; another date the title (or a PDF
export's citation) gives for it is kept as a note and warned about, never silently picked.

>>> parse_date("April 10, 1950")
PartialDate(iso='1950-04-10', expressed='April 10, 1950')
>>> from lod.model import Record
>>> r = Record(source="x.txt", source_format="page-current", title="Reply to the Letter of March 2, 1961",
...            date=parse_date("1961"))
>>> note_title_dates(r)
>>> r.date.iso, r.date_notes
('1961', ['the title also gives the date March 2, 1961 (1961-03-02)'])
"""
from __future__ import annotations

import calendar
import re

from lod.model import PartialDate, Record

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{2})(?:-(?P<day>\d{2}))?$"),
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(rf"^{_MONTH},?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(r"^(?:c\.\s*|circa\s+)?(?P<year>\d{4})$", re.I),
]


def parse_date(text: str | None) -> PartialDate | None:
    """A whole-line date as written on archive pages, or None if the text is not (only) a date."""
    if not text:
        return None
    s = " ".join(text.split()).strip(" .")
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groupdict()
        year = int(g["year"])
        month = int(g["mnum"]) if g.get("mnum") else MONTHS.get((g.get("month") or "").lower().rstrip("."))
        day = int(g["day"]) if g.get("day") else None
        if not 1000 <= year <= 2999 or (month is not None and not 1 <= month <= 12):
            return None
        if day is not None and month is not None:
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return None
            return PartialDate(f"{year:04d}-{month:02d}-{day:02d}", text.strip())
        if month is not None:
            return PartialDate(f"{year:04d}-{month:02d}", text.strip())
        return PartialDate(f"{year:04d}", text.strip())
    return None


_DATE_IN_TEXT = re.compile(rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
                           rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})\b".replace("?P<month>", ""), re.I)


def find_dates(text: str | None) -> list[PartialDate]:
    """Full dates (day, month, year) written anywhere in ``text``, in order.

    >>> [d.iso for d in find_dates("Meeting of 4 December 1989, and again on May 5, 1990")]
    ['1989-12-04', '1990-05-05']
    """
    found = [parse_date(m.group(0)) for m in _DATE_IN_TEXT.finditer(text or "")]
    return [d for d in found if d is not None]


def note_title_dates(rec: Record) -> None:
    """Each full date in the title that is not the date line's: a note on the record's date, and a warning."""
    if rec.date is None or not rec.title:
        return
    for other in dict.fromkeys(find_dates(rec.title)):
        if other.iso != rec.date.iso:
            note(rec, other, "the title")


def note(rec: Record, other: PartialDate, where: str) -> None:
    """Keep ``other`` (given by ``where``) as a note on the record's date, and warn that they disagree."""
    text = f"{where} also gives the date {other.expressed} ({other.iso})"
    if text in rec.date_notes:
        return
    rec.date_notes.append(text)
    rec.warn(f"the date line ({rec.date.expressed if rec.date else 'none'}) and {where} ({other.expressed}) "
             f"disagree: the date line's is the record's date, {where}'s is kept as a note")
