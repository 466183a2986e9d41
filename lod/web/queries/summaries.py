"""The entity pages' lists read from the summaries made at ingest (:mod:`lod.store.summary_reads`) rather than
by SPARQL over every record naming the entity: records by date, years, correspondents, people named together,
name forms, offices, as the view-model parts the queries of :mod:`.records` and :mod:`.agents` give, each a
bounded read whatever the subject's fame. :func:`open_for` is None for a store without summaries (the pages
then ask the store, as before)."""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from rdflib import Literal
from rdflib.term import Node

from lod.store.summary_reads import LISTS, SummaryReader
from lod.vocab import SKOS
from lod.web.formatting import format_date, year_of
from lod.web.naming import Site, fallback_label
from lod.web.queries import kind_of
from lod.web.queries.records import roles_of
from lod.web.viewmodel import NameForm, Neighbour, Office, Paging, RecordRow, YearCount

log = logging.getLogger(__name__)

FIRST = {"correspondents": 40, "co-mentioned": 40, "names": 50, "offices": 100}  # shown on the entity's page
LIST_SIZE = 50  # a page of a list of its own (``/lists/{name}/{path}``)
HEADINGS = {"correspondents": "Correspondents", "co-mentioned": "People named in the same records",
            "names": "Names the records use", "offices": "Offices"}  # each list's heading (page, list, RDF)


_unreadable: set[tuple] = set()  # files already said to be unreadable (once each)
_kept = threading.local()  # each thread's reader, kept while the file is the same one (an ingest swaps it)


def open_for(path: Path) -> SummaryReader | None:
    """A reader of the summaries file at ``path`` (this thread's, opened again when an ingest has put another
    file in its place); None when there is none (a store ingested before them)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    key = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    kept = getattr(_kept, "reader", None)
    if kept is None or kept[0] != key:
        if kept is not None:
            kept[1].close()
            _kept.reader = None
        reader = SummaryReader(path)
        why = reader.unreadable()
        if why is not None:  # served as a store without summaries (by SPARQL) until an ingest makes them anew
            reader.close()
            if key not in _unreadable:
                _unreadable.add(key)
                log.warning("summaries %s cannot be read (%s): pages are made by SPARQL until the next ingest",
                            path, why)
            return None
        _kept.reader = kept = (key, reader)
    kept[1].reads = 0
    return kept[1]


def linked_records(reader: SummaryReader, site: Site, iri: Node, page: int, size: int,
                   which: str = "all") -> tuple[Paging, list[RecordRow]]:
    """One page of the records pointing to ``iri`` (``which``: ``all``, ``other`` than as holding archive,
    ``held``), by date, with their roles; the count read, not counted."""
    paging = Paging(page, reader.total(str(iri), "records" if which == "all" else which), size)
    rows = [] if paging.page > paging.pages else reader.records(str(iri), paging.offset, size, which)
    return paging, [RecordRow(site.link(r, title or None, "record"), format_date(date or None),
                              year_of(date or None), label or "", roles_of(preds.split()))
                    for r, date, title, _, label, preds in rows]


def year_counts(reader: SummaryReader, iri: Node) -> list[YearCount]:
    return [YearCount(y, own, other) for y, own, other in reader.years(str(iri))]


def neighbours(reader: SummaryReader, site: Site, iri: Node, name: str, offset: int = 0,
               limit: int | None = None) -> list[Neighbour]:
    """Correspondents (``name`` ``correspondents``) or people named together (``co-mentioned``), by rank."""
    rows = reader.ranked(str(iri), name, offset, limit or FIRST[name])
    if name == "correspondents":
        return [Neighbour(site.link(o, label, kind_of(types)), sent=sent, received=received)
                for o, sent, received, label, types in rows]
    return [Neighbour(site.link(o, label, "person"), together=n) for o, n, label, _ in rows]


def name_forms(reader: SummaryReader, site: Site, iri: Node, own: list[tuple[Node, Node]] = (),
               offset: int = 0, limit: int | None = None) -> list[NameForm]:
    """The forms the records use of ``iri``'s name (by rank), each with its first records; on the entity's
    page (``own``: its ``(predicate, label)`` pairs) its preferred and alternative labels too."""
    forms: dict[str, NameForm] = {}
    for pred, form in own:
        if pred in (SKOS.prefLabel, SKOS.altLabel):
            nf = forms.setdefault(str(form), NameForm(str(form)))
            nf.lang = nf.lang or (form.language or "" if isinstance(form, Literal) else "")
            nf.preferred = nf.preferred or pred == SKOS.prefLabel
    used = reader.ranked(str(iri), "names", offset, limit or FIRST["names"])
    for form, n, first, last, _, _ in used:
        nf = forms.setdefault(form, NameForm(form))
        nf.count, nf.first, nf.last = n, year_of(first), year_of(last)
    for form, r, title, _ in reader.first_records(str(iri), "names", [u[0] for u in used]):
        forms[form].records.append(site.link(r, title or None, "record"))
    listed = sorted(forms.values(), key=lambda f: (not f.preferred, -f.count, f.form.casefold()))
    return listed if own else [forms[u[0]] for u in used]


def offices(reader: SummaryReader, site: Site, iri: Node, offset: int = 0, limit: int | None = None) -> list[Office]:
    """The positions ``iri`` held, earliest first, with their dates, forms and first evidencing records."""
    found: dict[str, Office] = {}
    for pos, first, last, n, forms, label, _ in reader.ranked(str(iri), "offices", offset, limit or FIRST["offices"]):
        office = Office(site.link(pos, label, "position"), first or "", last or "", n,
                        forms.split("\x1f") if forms else [])
        if office.link.label == fallback_label(pos) and office.forms:  # called what the sources call it
            office.link.label = office.forms[0]
        found[pos] = office
    for pos, r, title, date in reader.first_records(str(iri), "offices", list(found)):
        found[pos].records.append(RecordRow(site.link(r, title or None, "record"), format_date(date or None),
                                            year_of(date or None)))
    return list(found.values())


def ranked(reader: SummaryReader, site: Site, iri: Node, name: str, offset: int = 0,
           limit: int | None = None) -> list[Neighbour] | list[NameForm] | list[Office]:
    """Ranks ``offset+1`` on of one of the entity's lists (:data:`HEADINGS`), as the view-model's items: what its
    list page (``/lists/…``) and its summary (:mod:`lod.web.summary_rdf`) show."""
    if name == "names":
        return name_forms(reader, site, iri, (), offset, limit)
    if name == "offices":
        return offices(reader, site, iri, offset, limit)
    return neighbours(reader, site, iri, name, offset, limit)


def totals(reader: SummaryReader, iri: Node) -> dict[str, int]:
    """How long each of the entity's lists is (the page shows the first of each)."""
    return {name: reader.total(str(iri), name) for name in LISTS}
