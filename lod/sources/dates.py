"""Dates that disagree: the date line is what a record's date says; another date the title (or a PDF
export's citation) gives for it is kept as a note and warned about, never silently picked.

>>> from lod.model import Record
>>> from lod.sources.fields import parse_date
>>> r = Record(source="x.txt", source_format="page-current", title="Reply to the Letter of March 2, 1961",
...            date=parse_date("1961"))
>>> note_title_dates(r)
>>> r.date.iso, r.date_notes
('1961', ['the title also gives the date March 2, 1961 (1961-03-02)'])
"""
from __future__ import annotations

from lod.model import PartialDate, Record
from lod.sources.fields import find_dates


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
