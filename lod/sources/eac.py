"""Read one EAC-CPF 2010 file into an :class:`~lod.model.authority_record.AuthorityRecord`, safely: no DTD,
no external entity, no network (lxml with entities left unresolved).

A file that is not XML, not EAC-CPF or has no ``recordId`` is rejected with its file, line and element; an
element that cannot be read (a relation without a target, an unknown entity type) is skipped and listed
in ``record.skipped``.

>>> r = read_eac(b'<eac-cpf xmlns="urn:isbn:1-931666-33-4"><control><recordId>FRAN_NP_1</recordId>'
...              b'</control><cpfDescription><identity><entityType>person</entityType><nameEntry>'
...              b'<part>Moinot, Pierre</part></nameEntry></identity></cpfDescription></eac-cpf>', "x.xml")
>>> r.record_id, r.kind, r.names[0].text
('FRAN_NP_1', 'person', 'Moinot, Pierre')
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from lod.model.authority_record import (AuthorityRecord, Control, Date, DateRange, Html, MaintenanceEvent, Mandate,
                                        NameEntry, Relation, Source, Term, Text)
from lod.sources.errors import SourceRejected
from lod.sources.xml_kind import EAC_NS, SAFE, xml_kind

XLINK = "{http://www.w3.org/1999/xlink}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SPAN_TAGS = {"bold": "b", "italic": "i", "underline": "u"}


def _parser() -> etree.XMLParser:
    """lxml with no DTD loaded, no entity replaced, nothing fetched (lod.sources.xml_kind's options)."""
    return etree.XMLParser(**SAFE, remove_comments=True, remove_pis=True)


def read_eac_file(path: str | Path) -> AuthorityRecord:
    """Read the EAC-CPF file at ``path`` (see :func:`read_eac`)."""
    p = Path(path)
    return read_eac(p.read_bytes(), str(p))


def read_eac(data: bytes, source: str) -> AuthorityRecord:
    """The authority record in ``data`` (the bytes of an EAC-CPF file named ``source``)."""
    if not data.strip():
        raise SourceRejected(source, "empty file, expected an EAC-CPF document")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        line = e.lineno if e.lineno else None
        raise SourceRejected(source, f"not well-formed XML ({e.msg}), expected an EAC-CPF document", line) from None
    if not isinstance(root.tag, str) or etree.QName(root).localname != "eac-cpf":
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise SourceRejected(source, f"root element <{name}> is not <eac-cpf> (EAC-CPF 2010)", root.sourceline)
    return _Reader(root, source).record()


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _kids(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in el if isinstance(c.tag, str) and _local(c) == name]


def _kid(el: etree._Element | None, name: str) -> etree._Element | None:
    k = _kids(el, name)
    return k[0] if k else None


def _path(el: etree._Element | None, *names: str) -> list[etree._Element]:
    found = [el] if el is not None else []
    for n in names:
        found = [k for f in found for k in _kids(f, n)]
    return found


def _text(el: etree._Element | None) -> str:
    """The element's text content, whitespace runs collapsed."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def _date(el: etree._Element | None) -> Date | None:
    if el is None:
        return None
    std = (el.get("standardDate") or "").strip() or None
    text = _text(el)
    return Date(std, text) if std or text else None


def _range(el: etree._Element | None) -> DateRange | None:
    """The first dateRange or date inside ``el`` (dateSet: its first member)."""
    if el is None:
        return None
    for holder in [el, *_kids(el, "dateSet"), *_kids(el, "useDates")]:
        r = _kid(holder, "dateRange")
        if r is not None:
            out = DateRange(_date(_kid(r, "fromDate")), _date(_kid(r, "toDate")))
            return out if out.start or out.end else None
        d = _date(_kid(holder, "date"))
        if d:
            return DateRange(d, None, single=True)
    return None


def _inline(el: etree._Element, trim: bool = True) -> list[str | Html]:
    """Mixed content of ``el`` as text and inline XHTML (span styles -> b, i, u), whitespace runs collapsed;
    a block's content (``trim``) is trimmed at both ends (the XML's indentation is not text)."""
    out: list[str | Html] = [el.text or ""]
    for c in el:
        if isinstance(c.tag, str):
            tag = _SPAN_TAGS.get((c.get("style") or "").strip()) if _local(c) == "span" else None
            out.append(Html(tag, _inline(c, trim=False)) if tag else "".join(c.itertext()))
        out.append(c.tail or "")
    out = [re.sub(r"\s+", " ", x) if isinstance(x, str) else x for x in out]
    if trim and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    if trim and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return [x for x in out if x != ""]


def rich_text(el: etree._Element | None) -> Text:
    """EAC's p / list / chronList / citation / span markup as XHTML blocks (a p holding only a bold span
    is a heading, as the converter writes it)."""
    if el is None:
        return []
    blocks: Text = []
    for c in el:
        name = _local(c)
        if name in ("p", "citation", "abstract"):
            inner = [k for k in c if isinstance(k.tag, str)]
            if (len(inner) == 1 and _local(inner[0]) == "span" and inner[0].get("style") == "bold"
                    and not (c.text or "").strip() and not (inner[0].tail or "").strip()):
                blocks.append(Html("h2", [_text(inner[0])]))
            elif _inline(c):  # an empty <p/> is no paragraph
                blocks.append(Html("p", _inline(c)))
        elif name == "list":
            blocks.append(Html("ul", [Html("li", _inline(i)) for i in _kids(c, "item")]))
        elif name == "chronList":
            items = [" ".join(x for x in (_text(_kid(i, "date")) or _text(_kid(i, "dateRange")),
                                          _text(_kid(i, "placeEntry")), _text(_kid(i, "event"))) if x)
                     for i in _kids(c, "chronItem")]
            blocks.append(Html("ul", [Html("li", [t]) for t in items]))
        elif name == "outline":
            blocks.append(Html("ul", [Html("li", [_text(lv)]) for lv in c.iter(f"{{{EAC_NS}}}item")]))
    return blocks


class _Reader:
    def __init__(self, root: etree._Element, source: str) -> None:
        self.root, self.source = root, source

    def record(self) -> AuthorityRecord:
        control = _kid(self.root, "control")
        if control is None:
            raise SourceRejected(self.source, "<eac-cpf> has no <control>", self.root.sourceline)
        rid_el = _kid(control, "recordId")
        rid = _text(rid_el)
        if not rid:
            line = rid_el.sourceline if rid_el is not None else control.sourceline
            raise SourceRejected(self.source, "<control> has no (or an empty) <recordId>", line)
        rec = AuthorityRecord(record_id=rid, source=self.source, control=self.control(control),
                              line=self.root.sourceline or 0)
        cpf = _kid(self.root, "cpfDescription")
        if cpf is None:
            rec.skipped.append(f"line {self.root.sourceline}: eac-cpf: no <cpfDescription> (multipleIdentities "
                               "is not read)")
            return rec
        self.identity(_kid(cpf, "identity"), rec)
        self.description(_kid(cpf, "description"), rec)
        self.texts(_kid(cpf, "description"), rec)
        self.texts(cpf, rec)  # some files (and the converter's tests) put biogHist beside description
        self.relations(_kid(cpf, "relations"), rec)
        return rec

    def control(self, el: etree._Element) -> Control:
        c = Control()
        agency = _kid(el, "maintenanceAgency")
        c.agency_name, c.agency_code = _text(_kid(agency, "agencyName")), _text(_kid(agency, "agencyCode"))
        c.other_record_ids = [(o.get("localType") or "", _text(o)) for o in _kids(el, "otherRecordId") if _text(o)]
        for ev in _path(el, "maintenanceHistory", "maintenanceEvent"):
            date_el = _kid(ev, "eventDateTime")
            date = Date((date_el.get("standardDateTime") or _text(date_el) or "").strip() or None,
                        _text(date_el)) if date_el is not None else None
            c.events.append(MaintenanceEvent(_text(_kid(ev, "eventType")), date, _text(_kid(ev, "agent")),
                                             _text(_kid(ev, "agentType")), _text(_kid(ev, "eventDescription"))))
        c.conventions = [_text(_kid(cd, "citation")) for cd in _kids(el, "conventionDeclaration")]
        for ld in _kids(el, "languageDeclaration"):
            lang, script = _kid(ld, "language"), _kid(ld, "script")
            c.languages.append(((lang.get("languageCode") or "") if lang is not None else "",
                                (script.get("scriptCode") or "") if script is not None else ""))
        c.sources = [Source(_text(_kid(s, "sourceEntry")), s.get(f"{XLINK}href") or "",
                            rich_text(_kid(s, "descriptiveNote"))) for s in _path(el, "sources", "source")]
        return c

    def identity(self, el: etree._Element | None, rec: AuthorityRecord) -> None:
        if el is None:
            rec.skipped.append(f"line {self.root.sourceline}: cpfDescription: no <identity>")
            return
        et = _kid(el, "entityType")
        rec.entity_type = _text(et)
        if rec.entity_type and rec.kind == "unknown":
            rec.skipped.append(f"line {et.sourceline}: entityType: unknown type {rec.entity_type!r}")
        rec.entity_ids = [(e.get("localType") or "", _text(e)) for e in _kids(el, "entityId") if _text(e)]
        entries = [*_kids(el, "nameEntry"), *_path(el, "nameEntryParallel", "nameEntry")]
        for ne in entries:
            parts = [(p.get("localType") or "", _text(p)) for p in _kids(ne, "part") if _text(p)]
            if not parts:
                rec.skipped.append(f"line {ne.sourceline}: nameEntry: no <part>")
                continue
            lt = ne.get("localType") or ""
            auth = lt.lower() in ("autorisée", "autorisee", "authorized", "preferred") or bool(_kids(ne, "authorizedForm"))
            rec.names.append(NameEntry(parts, lt, auth, ne.get(XML_LANG) or "", _range(_kid(ne, "useDates")),
                                       ne.sourceline or 0))

    def terms(self, el: etree._Element | None, group: str, item: str) -> list[Term]:
        out = []
        for t in _path(el, group, item) + _kids(el, item):
            term = _kid(t, "term")
            out.append(Term(_text(term), (term.get("vocabularySource") or "") if term is not None else "",
                            _range(t), rich_text(_kid(t, "descriptiveNote")), t.get("localType") or "",
                            line=t.sourceline or 0))
        return out

    def description(self, el: etree._Element | None, rec: AuthorityRecord) -> None:
        if el is None:
            return
        ed = _kid(el, "existDates")
        if ed is not None:
            rec.exist_dates, rec.exist_dates_note = _range(ed), _text(_kid(ed, "descriptiveNote"))
        for pl in _path(el, "places", "place") + _kids(el, "place"):
            entries = [(e.get("localType") or "", e.get("vocabularySource") or "", _text(e))
                       for e in _kids(pl, "placeEntry") if _text(e)]
            rec.places.append(Term(entries[0][2] if entries else "", "", _range(pl),
                                   rich_text(_kid(pl, "descriptiveNote")), role=_text(_kid(pl, "placeRole")),
                                   entries=entries, line=pl.sourceline or 0))
        rec.functions = self.terms(el, "functions", "function")
        rec.occupations = self.terms(el, "occupations", "occupation")
        rec.legal_statuses = self.terms(el, "legalStatuses", "legalStatus")
        for m in _path(el, "mandates", "mandate") + _kids(el, "mandate"):
            cit = _kid(m, "citation")
            rec.mandates.append(Mandate(_text(_kid(m, "term")), _text(cit),
                                        (cit.get(f"{XLINK}href") or "") if cit is not None else "", _range(m),
                                        rich_text(_kid(m, "descriptiveNote")), m.sourceline or 0))

    def texts(self, el: etree._Element | None, rec: AuthorityRecord) -> None:
        for name, into in (("biogHist", rec.biog_hist), ("structureOrGenealogy", rec.structure_or_genealogy),
                           ("generalContext", rec.general_context)):
            for b in _kids(el, name):
                text = rich_text(b)
                if text:
                    into.append(text)

    def relations(self, el: etree._Element | None, rec: AuthorityRecord) -> None:
        for name, attr, into in (("cpfRelation", "cpfRelationType", rec.cpf_relations),
                                 ("resourceRelation", "resourceRelationType", rec.resource_relations)):
            for r in _kids(el, name):
                rel = Relation(r.get(attr) or "", (r.get(f"{XLINK}href") or "").strip(),
                               (r.get(f"{XLINK}arcrole") or "").strip(), _text(_kid(r, "relationEntry")),
                               _range(r), rich_text(_kid(r, "descriptiveNote")), r.sourceline or 0,
                               (r.get(f"{XLINK}role") or "").strip())
                if not rel.href and not rel.entry:
                    rec.skipped.append(f"line {r.sourceline}: {name}: neither xlink:href nor relationEntry, the "
                                       "target is unknown")
                    continue
                into.append(rel)


def related_records(folder: str | Path) -> Callable[[str], tuple[str, str] | None]:
    """A lookup of the EAC-CPF records in ``folder`` by file name (the converter's way: ``FRAN_NP_1.xml``)
    or recordId → (entityType, authorized name), or None
    for a record not there: what the mapping needs to type a cpfRelation's target (as the converter reads
    the related records beside the one it converts). Files that are not EAC-CPF are passed over.

    >>> related_records("/nonexistent")("FRAN_NP_1") is None
    True
    """
    index: dict[str, tuple[str, str]] | None = None

    def lookup(record_id: str) -> tuple[str, str] | None:
        nonlocal index
        if index is None:
            index = {}
            for f in sorted(Path(folder).glob("*.xml")) if Path(folder).is_dir() else []:
                if xml_kind(f) != "eac-cpf":  # sniffed, not parsed: a large finding aid beside it is not read whole
                    continue
                try:
                    r = read_eac_file(f)
                except SourceRejected:
                    continue
                name = r.authorized_name
                index[f.stem] = (r.entity_type, name.text if name else "")  # the converter's look-up: by file name
                index.setdefault(r.record_id, index[f.stem])
        return index.get(record_id)
    return lookup
