"""EAD finding aids (EAD 2002 with or without its namespace, EAD3) read as a stream: the header first, then
every described unit on its own (:class:`lod.model.finding_aid.Component`), so that memory is bounded by one
component and its open ancestors, not by the file.

A component is handed over once its next sibling has been read (so it knows its neighbours) or its parent
has ended; a parent after its children. ``c`` and ``c01``–``c12`` are the same; ``@audience="internal"``
units are left out (they are not for publication). Malformed XML stops the stream with
:class:`SourceRejected` naming the line and the element, after every unit read completely before it.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "fa.xml"
>>> _ = p.write_text('<ead><eadheader><eadid>FRAN_IR_1</eadid></eadheader><archdesc level="fonds"><did>'
...     '<unittitle>Papers</unittitle></did><dsc><c01 id="a" level="series"><c02 id="b"/></c01>'
...     '<c01 id="c"/></dsc></archdesc></ead>')
>>> header, *units = read_finding_aid(p)
>>> header.key, [(u.id, u.parent, u.previous, u.next, u.children) for u in units]
('1', [('b', 'a', None, None, []), ('a', 'top', None, 'c', ['b']), ('c', 'top', 'a', None, []), ('top', None, None, None, ['a', 'c'])])
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from lod.model.authority_record import NameEntry
from lod.model.finding_aid import TOP, Component, DigitalObject, FindingAidHeader, NameRef, Note, UnitDate
from lod.sources.ead_header import finding_aid_key, iso, normal_date, read_header
from lod.sources.ead_html import Links, refs_only, render
from lod.sources.errors import SourceRejected
from lod.sources.xml_kind import EAD3_NS, SAFE, root_name

_COMPONENT = re.compile(r"c(?:0[1-9]|1[0-2])?")
NAMES = {"persname", "corpname", "famname", "geogname", "subject", "genreform", "function", "occupation",
         "title", "name"}
NOTES = {"scopecontent", "accessrestrict", "userestrict", "arrangement", "custodhist", "acqinfo", "accruals",
         "appraisal", "processinfo", "relatedmaterial", "separatedmaterial", "otherfindaid", "bibliography",
         "altformavail", "originalsloc", "bioghist", "prefercite", "odd", "fileplan", "phystech", "materialspec",
         "legalstatus"}
XLINK = "{http://www.w3.org/1999/xlink}"


def local(el: etree._Element) -> str:
    """An element's name without its namespace (EAD 2002 files come with and without one)."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text(el: etree._Element) -> str:
    """All the text of an element, whitespace runs as one space (``<emph>``, ``<lb/>`` and the like read as text)."""
    return " ".join("".join(el.itertext()).split())


@dataclass
class _Open:
    """A component being read: its id, the ids of its children so far, and the last child not yet handed over."""

    element: etree._Element
    id: str
    children: list[str] = field(default_factory=list)
    pending: Component | None = None
    skipped: bool = False  # audience="internal": left out with everything below it


def read_finding_aid(path: Path, source: str | None = None,
                     links: Links = Links()) -> Iterator[FindingAidHeader | Component]:
    """The header, then every component of an EAD file (see the module's docstring); ``links`` says where
    the notes' relative links point (:class:`lod.sources.ead_html.Links`)."""
    name = source or str(path)
    try:
        kind = root_name(path)
    except etree.XMLSyntaxError as e:
        raise SourceRejected(name, f"not well-formed XML: {e.msg}", e.lineno) from None
    if kind[0] != "ead":
        raise SourceRejected(name, f"not an EAD file: its root element is <{kind[0]}>", 1)
    version = "ead3" if kind[1] == EAD3_NS else "ead2002"
    header: FindingAidHeader | None = None
    stack: list[_Open] = []
    current = None
    try:
        for event, el in etree.iterparse(str(path), events=("start", "end"), remove_comments=True,
                                         remove_pis=True, **SAFE):
            current = el
            tag = local(el)
            if event == "start":
                if tag == "archdesc" or (stack and _COMPONENT.fullmatch(tag) and _in_dsc(el)):
                    if tag == "archdesc":
                        cid = TOP
                    else:
                        cid = el.get("id") or f"{stack[-1].id}-{len(stack[-1].children) + 1}"
                    skipped = el.get("audience") == "internal" or bool(stack and stack[-1].skipped)
                    stack.append(_Open(el, cid, skipped=skipped))
                continue
            if tag in ("eadheader", "control") and header is None and not stack:
                header = read_header(el, name, version, links)
                yield header
                _free(el)
            elif stack and el is stack[-1].element:
                unit = stack.pop()
                if header is None:
                    header = FindingAidHeader(name, "", finding_aid_key(path.stem), version)
                    yield header
                yield from _close(unit, stack, header.key, name, links)
                _free(el)
    except etree.XMLSyntaxError as e:
        for unit in reversed(stack):  # units that were complete, waiting for their next sibling
            if unit.pending is not None:
                yield unit.pending
        where = f" in <{local(current)}>" if current is not None else ""
        raise SourceRejected(name, f"not well-formed XML{where}: {e.msg}; the units read before it are kept",
                             e.lineno) from None


def _in_dsc(el: etree._Element) -> bool:
    """Whether a ``c`` element is a component (under ``dsc`` or another component), not a stray tag."""
    parent = el.getparent()
    return parent is not None and (local(parent) == "dsc" or bool(_COMPONENT.fullmatch(local(parent))))


def _close(unit: _Open, stack: list[_Open], key: str, source: str, links: Links) -> Iterator[Component]:
    """Hand over the unit's last child, then (once its next sibling is known) the unit's previous sibling."""
    if unit.pending is not None:
        yield unit.pending
    if unit.skipped:
        return
    comp = _component(unit.element, unit.id, key, source, links)
    comp.children = unit.children
    comp.depth = len(stack)
    if stack:
        parent = stack[-1]
        comp.parent = parent.id
        comp.parent_level, comp.parent_otherlevel = parent.element.get("level"), parent.element.get("otherlevel")
        if parent.pending is not None:
            parent.pending.next = comp.id
            comp.previous = parent.pending.id
            yield parent.pending
        parent.children.append(comp.id)
        comp.position = len(parent.children)
        parent.pending = comp
    else:
        yield comp


def _free(el: etree._Element) -> None:
    """Drop a handled element, so the tree never holds more than the open units and their own description."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _component(el: etree._Element, cid: str, key: str, source: str, links: Links = Links()) -> Component:
    """One unit's own description (its child components have been handed over and removed already)."""
    c = Component(key, cid, level=el.get("level"), otherlevel=el.get("otherlevel"), source=source,
                  line=el.sourceline)
    for child in el:
        tag = local(child)
        if tag == "did":
            _did(child, c)
        elif tag in NOTES:
            c.notes.append(_note(child, links))
        elif tag == "controlaccess":
            c.names.extend(_names(child, "controlaccess"))
        elif tag in ("dao", "daogrp", "daoset"):
            c.objects.extend(_objects(child))
    return c


def _did(did: etree._Element, c: Component) -> None:
    for e in did:
        tag = local(e)
        if tag == "unitid":
            c.unitids.append(text(e))
        elif tag == "unittitle":
            c.titles.append(text(e))
            c.names.extend(_names(e, "unittitle"))
            c.dates.extend(normal_date(text(x), x.get("normal"), x.get("type")) for x in e.iter() if local(x) == "unitdate")
        elif tag == "unitdate":
            c.dates.append(normal_date(text(e), e.get("normal"), e.get("type") or e.get("unitdatetype")))
        elif tag == "unitdatestructured":
            c.dates.extend(_structured_dates(e))
        elif tag in ("physdesc", "physdescstructured", "physdescset"):
            c.physdesc.append(text(e))
            c.extents.extend(text(x) for x in e.iter() if local(x) == "extent" and text(x))
            c.dimensions.extend(text(x) for x in e.iter() if local(x) == "dimensions" and text(x))
            c.physfacets.extend((x.get("type"), x.get("source")) for x in e.iter()
                                if local(x) == "physfacet" and x.get("type"))
            if "".join(t for t in [e.text, *(x.tail for x in e)] if t).strip():
                c.physical_notes.append(text(e))
        elif tag == "physloc":
            c.physloc.append(text(e))
        elif tag in ("langmaterial", "langmaterialset"):
            c.languages.extend(x.get("langcode") for x in e.iter() if local(x) == "language" and x.get("langcode"))
        elif tag == "repository":
            c.repository = text(e) or None
            c.names.extend(_names(e, "repository"))
        elif tag == "origination":
            c.names.extend(_names(e, "origination"))
            if " ".join("".join(t for t in [e.text, *(x.tail for x in e)] if t).split()):
                c.origination_text.append(text(e))  # said in words, not (only) as names
        elif tag in ("dao", "daogrp", "daoset"):
            c.objects.extend(_objects(e))


def _structured_dates(e: etree._Element) -> list[UnitDate]:
    """EAD3 ``unitdatestructured``: each ``daterange`` (``fromdate``/``todate``) or ``datesingle``."""
    out = []
    for x in e.iter():
        tag = local(x)
        if tag == "daterange":
            ends = {local(d): d for d in x if local(d) in ("fromdate", "todate")}
            f, t = ends.get("fromdate"), ends.get("todate")
            out.append(UnitDate(" – ".join(text(d) for d in (f, t) if d is not None),
                                iso(f.get("standarddate", "")) if f is not None else None,
                                iso(t.get("standarddate", "")) if t is not None else None, e.get("unitdatetype")))
        elif tag == "datesingle":
            day = iso(x.get("standarddate", ""))
            out.append(UnitDate(text(x), day, day, e.get("unitdatetype")))
    return out


def _note(e: etree._Element, links: Links = Links()) -> Note:
    head = next((text(x) for x in e if local(x) == "head"), None)
    paragraphs = tuple(t for x in e if local(x) not in ("head",) for t in [text(x)] if t)
    ps = [x for x in e if local(x) == "p"]
    lone = ps[0] if len(ps) == 1 else None
    return Note(local(e), paragraphs or ((text(e),) if text(e) else ()), head, html=render(e, links),
                lone_paragraph=text(lone) if lone is not None else None,
                lone_markup=render(lone, links) if lone is not None and not refs_only(lone) else None,
                links=_note_links(e), refs=tuple(_refs(e)))


def _refs(e: etree._Element) -> Iterator[tuple[str, str | None]]:
    for r in e.iter():
        if local(r) == "ref":
            ext = next((x for x in r.iter() if local(x) == "extref"), None)
            yield text(r), (ext.get("href") or ext.get(f"{XLINK}href")) if ext is not None else None


def _note_links(e: etree._Element) -> tuple[tuple[str, str], ...]:
    """The units of other finding aids a note refers to, as (finding aid key, component id or ``top``): an
    ``archref``, ``extref`` or ``ref`` whose href names one (``…FRAN_IR_001234`` or ``…FRAN_IR_001234#cid``).

    >>> _note_links(etree.fromstring('<p><archref href="FRAN_IR_041643#c-1">x</archref></p>'))
    (('041643', 'c-1'),)
    """
    out = []
    for x in e.iter():
        href = x.get("href") or x.get(f"{XLINK}href") or ""
        if local(x) in ("archref", "extref", "ref") and "FRAN_IR_" in href:
            eadid, _, cid = href[href.index("FRAN_IR_"):].partition("#")
            out.append((finding_aid_key(eadid), cid or TOP))
    return tuple(dict.fromkeys(out))


def name_text(x: etree._Element) -> str:
    """A name as one string: EAD3's ``part``s joined as an authority record's name parts are (``Hunt, James B.,
    1937-``), any other name as its text."""
    parts = [(p.get("localtype", ""), text(p)) for p in x if local(p) == "part" and text(p)]
    return NameEntry(parts).text if parts else text(x)


def _names(e: etree._Element, where: str) -> list[NameRef]:
    return [NameRef(local(x), name_text(x), where, x.get("source"), x.get("authfilenumber") or x.get("identifier"),
                    x.get("role") or x.get("relator"), x.get("normal"), x.getparent().sourceline)
            for x in e.iter() if x is not e and local(x) in NAMES and text(x)
            and local(x.getparent()) not in NAMES]


def _objects(e: etree._Element) -> list[DigitalObject]:
    """A ``daogrp`` as one object (its locations together, its legend), a ``dao`` (or EAD3 ``daoset``'s) each one."""
    def href(x: etree._Element) -> str | None:
        return x.get("href") or x.get(f"{XLINK}href")

    def title(x: etree._Element) -> str | None:
        return x.get("title") or x.get(f"{XLINK}title") or None

    if local(e) == "daogrp":
        locs = [h for x in e.iter() if local(x) in ("daoloc", "dao") for h in [href(x)] if h]
        desc = next((x for x in e if local(x) == "daodesc"), None)
        first = next((x for x in e.iter() if local(x) in ("daoloc", "dao") and href(x)), None)
        if not locs or first is None:
            return []
        return [DigitalObject(locs[0], title(first) or title(e), tuple(locs),
                              _note(desc) if desc is not None and text(desc) else None)]
    found = []
    for x in e.iter():
        if local(x) in ("dao", "daoloc") and href(x):
            desc = next((d for d in x if local(d) in ("daodesc", "descriptivenote")), None)
            found.append(DigitalObject(href(x), title(x) or (text(x) if desc is None else None) or None, (href(x),),
                                       _note(desc) if desc is not None and text(desc) else None))
    return found
