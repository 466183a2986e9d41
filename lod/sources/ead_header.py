"""What an EAD file says of itself: ``eadheader`` (EAD 2002) or ``control`` (EAD3), read into a
:class:`lod.model.finding_aid.FindingAidHeader` (titles with their subtitle, authors, edition, publisher,
publication dates, notes, how it was made, its languages and its revisions).

>>> from lxml import etree
>>> h = read_header(etree.fromstring('<eadheader><eadid>FRAN_IR_1</eadid><filedesc><titlestmt>'
...     '<titleproper>Guide</titleproper><subtitle>Inventaire</subtitle></titlestmt></filedesc></eadheader>'), "x.xml", "ead2002")
>>> h.key, h.titles, h.agency_code
('1', ['Guide : Inventaire'], None)
"""
from __future__ import annotations

import re

from lxml import etree

from lod.model.finding_aid import FindingAidHeader, UnitDate
from lod.sources.ead_html import Links, local, render


def text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def finding_aid_key(eadid: str) -> str:
    """The key of a finding aid, as the RiC-O Converter makes it: ``FRAN_IR_058220`` → ``058220``; any other
    eadid as it is, spaces as ``_``.

    >>> finding_aid_key("FRAN_IR_058220"), finding_aid_key("FR-593509801 Liste mss")
    ('058220', 'FR-593509801_Liste_mss')
    """
    eadid = " ".join(eadid.split())
    return eadid[len("FRAN_IR_"):] if eadid.startswith("FRAN_IR_") else eadid.replace(" ", "_")


def iso(value: str) -> str | None:
    """``19771009`` → ``1977-10-09``; ``1950-04`` stays; anything else None.

    >>> iso("15771009"), iso("1950-04"), iso("ca. 1950")
    ('1577-10-09', '1950-04', None)
    """
    value = value.strip()
    if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value):
        return "-".join(m.groups())
    if m := re.fullmatch(r"(\d{4})(\d{2})", value):
        return "-".join(m.groups())
    return value if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) else None


def normal_date(expressed: str, normal: str | None, kind: str | None = None) -> UnitDate:
    """A date as written with its ``@normal`` (``1950/1960``, basic ``19501009/19501024``) as ISO begin and end."""
    begin = end = None
    if normal:
        first, _, last = normal.partition("/")
        begin, end = iso(first), iso(last or first)
    return UnitDate(expressed, begin, end, kind)


def read_header(el: etree._Element, source: str, version: str, links: Links = Links()) -> FindingAidHeader:
    """The header element, read whole (it is small)."""
    h = FindingAidHeader(source, "", "", version, line=el.sourceline)
    for e in el.iter():
        tag = local(e)
        parent = local(e.getparent()) if e.getparent() is not None else ""
        if tag in ("eadid", "recordid") and not h.eadid:
            h.eadid = text(e)
            h.agency_code = h.agency_code or e.get("mainagencycode") or None
            h.country_code = h.country_code or e.get("countrycode") or None
        elif tag == "maintenanceagency":
            h.country_code = h.country_code or e.get("countrycode") or None
        elif tag == "agencycode" and parent == "maintenanceagency" and text(e):
            h.agency_code = h.agency_code or text(e)
        elif tag == "agencyname" and parent == "maintenanceagency" and text(e):
            h.agency_name = h.agency_name or text(e)
        elif tag == "titleproper" and text(e):
            sub = next((text(s) for s in e.itersiblings() if local(s) == "subtitle" and text(s)), None)
            h.titles.append(f"{text(e)} : {sub}" if sub else text(e))
        elif tag == "author" and text(e):
            h.authors.append(text(e))
        elif tag == "edition" and text(e):
            h.editions.append(render(e, links))
        elif tag == "publisher" and text(e):
            h.publishers.append(text(e))
        elif tag == "date" and parent == "publicationstmt":
            d = normal_date(text(e), e.get("normal"))
            h.publication_dates.append(d)
            if h.publication_date is None:
                h.publication_date = e.get("normal") or text(e) or None
        elif tag == "note" and parent == "notestmt" and text(e):
            h.notes.append("".join(render(p, links) for p in e if local(p) == "p"))
        elif tag == "creation" and text(e):
            h.creation.append(text(e))
        elif tag == "language" and (e.get("langcode") or text(e)):
            h.languages.append(e.get("langcode") or text(e))
        elif tag == "change":
            item = " ".join(text(i) for i in e if local(i) == "item")
            date = next((d for d in e if local(d) == "date"), None)
            if item:
                h.changes.append((normal_date(text(date) if date is not None else "",
                                              date.get("normal") if date is not None else None), item))
    h.key = finding_aid_key(h.eadid) if h.eadid else ""
    return h
