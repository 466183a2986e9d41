"""WCDA PDF exports re-hosted as text (document-sharing sites): the export's first page holds the date, the
title, ``Citation:``, ``Summary:``, ``Credits:``, ``Original Language:`` and ``Contents:``, run together in
one paragraph or broken over lines, and the document text follows.

The layout is recognised by its own evidence, the ``Citation:`` label followed by a citation that names
the Digital Archive, and then a ``Summary:`` label. The citation carries the title and the date; when the date
line printed above it disagrees, the date line's is the record's date and the citation's is kept as a
note, with a warning: never resolved silently.

>>> text = ("Digital Archive International History Declassified March 3, 1961 Letter from A to B "
...         "Citation: “Letter from A to B,” March 03, 1961, History and Public Policy Program Digital Archive, "
...         "Archive X, Fond 1, Opis 2. http://digitalarchive.wilsoncenter.org/document/123 "
...         "Summary: A writes to B about the harvest. Original Language: Russian Contents: English Translation "
...         "Dear B, the harvest is in.")
>>> looks_like_export(text)
True
>>> r = parse_export(text, "x.txt")  # the record id is derived later, by the page reader
>>> r.title, r.date.iso, r.summary, r.languages
('Letter from A to B', '1961-03-03', 'A writes to B about the harvest.', ['Russian'])
>>> r.body
'Dear B, the harvest is in.'
"""
from __future__ import annotations

import re

from lod.model import Record
from lod.sources import dates
from lod.sources.citation import parse_citation
from lod.sources.chicago_citation import parse_chicago_citation

_CITATION = re.compile(r"\bCitation:\s*(?=\S)")
# layout evidence: how the site's own citations name it (the collection's identity is lod/collection.py)
_NAMES_ARCHIVE = re.compile(r",\s*(?:History\s+and\s+Public\s+Policy\s+Program\s+)?Digital\s+Archive\s*,", re.I)
# The export's labels, in the order the export prints them.
_LABELS = ("Summary", "Credits", "Original Language", "Contents")
_LABEL = re.compile(r"(?:(?<=\s)|^)(?P<label>" + "|".join(_LABELS) + r"):\s*")
_CONTENT_WORDS = re.compile(r"^(?:(?:English|Original)\s+(?:Transcription|Translation|Scan|HTML|PDF)\s*)+")
_PAGE_NUMBER = re.compile(r"^\d{1,3}\s+(?=\S)")  # "2 Top Secret …": a page number the export prints


def looks_like_export(text: str) -> bool:
    """True when ``text`` has the PDF export's own evidence: ``Citation:`` naming the Digital Archive,
    then ``Summary:``.

    >>> looks_like_export("Skip to content\\nMarch 3, 1961\\nLetter from A to B")
    False
    """
    m = _CITATION.search(text)
    if not m:
        return False
    rest = " ".join(text[m.end():m.end() + 4000].split())
    summary = rest.find("Summary:")
    marker = _NAMES_ARCHIVE.search(rest)
    return summary > 0 and marker is not None and marker.start() < summary


def _fields(text: str) -> dict[str, str]:
    """The labelled fields after ``Citation:`` (each up to the next label), whitespace collapsed; the
    last label runs to the end (the document text keeps its lines)."""
    m = _CITATION.search(text)
    assert m is not None
    rest = text[m.end():]
    out: dict[str, str] = {}
    name, start = "Citation", 0
    for lm in _LABEL.finditer(rest):
        label = lm["label"]
        if label in out or label == name:
            continue
        out[name] = rest[start:lm.start()]
        name, start = label, lm.end()
    out[name] = rest[start:]
    return {k: (v if k == "Contents" else " ".join(v.split())) for k, v in out.items()}


def parse_export(text: str, source: str) -> Record:
    """One Record from a PDF export's text (see the module docstring)."""
    rec = Record(source=source, source_format="pdf-export", sources=[source])
    parts = _fields(text)
    rec.full_citation = parts["Citation"].strip() or None
    title, date_text, source_part = parse_chicago_citation(rec.full_citation or "")
    rec.title = title
    rec.date = dates.parse_date(date_text) if date_text else None
    if source_part:
        rec.citation = parse_citation(source_part)
    summary = parts.get("Summary", "").strip()
    rec.summary = summary or None
    credits = parts.get("Credits", "").strip()
    if credits:
        rec.credits = credits
    language = parts.get("Original Language", "").strip()
    if language:
        rec.languages.append(language)
    body = parts.get("Contents", "")
    body = _CONTENT_WORDS.sub("", " ".join(body.split(" ")).lstrip()).lstrip()
    body = _PAGE_NUMBER.sub("", body)
    rec.body = body.strip() or None
    _check_head(rec, text)
    return rec


def _check_head(rec: Record, text: str) -> None:
    """The date line the export prints before its citation should agree with the citation's date."""
    head = " ".join(text[:_CITATION.search(text).start()].split())  # type: ignore[union-attr]
    found = dates.find_dates(head)
    if not rec.title:
        rec.warn("PDF export: the citation gives no title")
    if rec.date is None:
        if found:
            rec.date = found[0]
            rec.warn("PDF export: the citation gives no date; the date line above it was used")
        else:
            rec.warn("PDF export: no date in the citation or above it")
    elif found and all(d.iso != rec.date.iso for d in found):
        cited, rec.date = rec.date, found[0]  # the date line is the record's date; the citation's a note
        dates.note(rec, cited, "the citation")
