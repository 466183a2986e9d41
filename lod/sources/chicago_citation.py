"""The older site's Chicago-style citation strings (``"Title," Date, History and Public Policy Program
Digital Archive, Source.``) and the document ids in its URLs.

>>> document_id_from_url("https://digitalarchive.wilsoncenter.org/document/113395")
'113395'
"""
from __future__ import annotations

import re

# --- Chicago-style strings and URLs ----------------------------------------------------------
# layout evidence: how the site's own citations name it (the collection's identity is lod/collection.py)
_DIGITAL_ARCHIVE = re.compile(
    r",\s*(?:History\s+and\s+Public\s+Policy\s+Program\s+)?Digital\s+Archive\s*,\s*", re.I)

_QUOTED_HEAD = re.compile(r"^\s*[\"“](?P<title>.*)[\"”]\s*,?\s*(?P<date>.*?)\s*$", re.S)
_DATE_TAIL = re.compile(r",\s*(?P<date>(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+|[A-Z][a-z]+\.?,?\s+)?\d{4})\s*$")
_TRAILING_URL = re.compile(r"\s*https?://\S+\s*$")
_DOCUMENT_ID = re.compile(r"/document/(\d+)(?![\w-])")


def parse_chicago_citation(text: str) -> tuple[str | None, str | None, str | None]:
    """``(title, date as written, source)`` from the older site's Chicago-style citation string.

    The source is everything after "Digital Archive, " (contributor sentences included) minus a trailing URL.
    An unquoted title (as some PDF exports print it) ends at the date before "History and Public Policy …":

    >>> parse_chicago_citation("Note, A with B, C, and D, November 05, 1962, History and Public Policy "
    ...                        "Program Digital Archive, Archive X.")
    ('Note, A with B, C, and D', 'November 05, 1962', 'Archive X.')
    """
    body = _TRAILING_URL.sub("", text)
    marker = _DIGITAL_ARCHIVE.search(body)
    head = body[:marker.start()] if marker else body
    source = (body[marker.end():].strip() or None) if marker else None
    title = date = None
    quoted = _QUOTED_HEAD.match(head)
    if quoted:
        title = quoted["title"].strip().rstrip(",").strip() or None
        if marker:
            date = quoted["date"].strip(" ,") or None
    elif marker and (dated := _DATE_TAIL.search(head)):  # an unquoted title: "Title, March 05, 1962"
        title, date = head[:dated.start()].strip(" ,") or None, dated["date"]
    return title, date, source


def document_id_from_url(text: str) -> str | None:
    """The numeric id in a ``/document/<digits>`` path anywhere in ``text``, else None."""
    m = _DOCUMENT_ID.search(text)
    return m[1] if m else None
