"""The ingest pipeline: input files → records → one resolver over all their names → RDF graphs → store.

>>> # report = ingest([Path("data/records")], open_store("var/store"), Local("http://localhost:5000/"))
"""
from __future__ import annotations

import hashlib
import sys
from contextlib import ExitStack
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal
from tqdm import tqdm

from lod.collection import Collection, bundled
from lod.assignment import Assignment
from lod.ingest_collections import CollectionGraphs
from lod.mapping.concepts import vocabulary
from lod.mapping.dataset import dataset_triples
from lod.mapping.ead_settings import EadSettings
from lod.mapping.entities import EntityGraph, entity_triples
from lod.mapping.mapped import MappedRecord, OxTriple
from lod.mapping.record import RecordMapper
from lod.mapping.summary import contribution, labels
from lod.model import Record
from lod.names import Resolver, load_authority
from lod.names.aliases import Described, meet
from lod.names.record_bodies import record_body
from lod.names.discover import person_forms
from lod.names.proposals import named_forms, propose
from lod.search import Doc, TextIndex, entity_names
from lod.ingest_archival import archival_names, map_archival
from lod.sources.merge import merge
from lod.sources import STREAMED, SUPPORTED, SourceRejected, read_source, unsupported
from lod.store.base import Store, StoreError, Triple
from lod.store.changes import Changes, Watched, publish, precompute as precompute_documents
from lod.store.summaries import Summaries, build_from_store
from lod.store.terms import rdflib_triples
from lod.vocab import RICO, XSD, Local


@dataclass
class IngestReport:
    """What an ingest did, for the summary and the exit code."""

    files: int = 0
    records: int = 0
    written: int = 0
    unchanged: int = 0
    triples: int = 0  # statements stored in the graphs this ingest loaded (written or unchanged)
    graphs: set[str] = field(default_factory=set)  # the graphs this ingest loaded
    warnings: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[SourceRejected] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): in a folder, not an input type
    changed: set[str] | None = None  # IRIs whose documents changed (None: all, or not recorded)
    described: list[str] = field(default_factory=list)  # resources described for the document store afterwards

    @property
    def ok(self) -> bool:
        return not self.rejected


def collect_inputs(paths: Iterable[Path], skipped: list[tuple[str, str]] | None = None
                   ) -> tuple[list[Path], list[SourceRejected]]:
    """Files to read: given files as they are, folders searched for supported extensions (sorted); files of
    other types found in a folder are appended to ``skipped`` as (file, reason). Hidden files and folders
    (``.git``, ``.DS_Store``) are passed over without a word."""
    files: list[Path] = []
    rejected: list[SourceRejected] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.suffix.lower() in SUPPORTED:
                    files.append(f)
                elif skipped is not None:
                    skipped.append((str(f), unsupported(f)))
        elif p.is_file():
            files.append(p)
        else:
            rejected.append(SourceRejected(str(p), "no such file or directory"))
    return list(dict.fromkeys(files)), rejected


def structured_names(rec: Record) -> list[tuple[str, str | None]]:
    """Names a record states in structured places (title parties, metadata lists, citation); a body whose name
    does not say whose it is ("the Ministry of Foreign Affairs") is left to the record's mapping, which makes it
    a body of that record (:func:`lod.names.bodies.record_body`), never one body across records."""
    names: list[tuple[str, str | None]] = []
    for values, hint in ((rec.senders, None), (rec.addressees, None), (rec.authors, None),
                         (rec.creators, None), (rec.participants, None), (rec.people_orgs, None),
                         (rec.places, "place"), (rec.original_archives, "organisation"),
                         (rec.donors, "organisation"), (rec.contributors, "person")):
        names.extend((v, hint) for v in values if hint not in (None, "organisation") or record_body(v) is None)
    if rec.citation:
        names.extend((a.name, "organisation") for a in rec.citation.archives if a.name)
        names.extend((c.name, c.kind) for c in rec.citation.contributions)
    return names


def digest(triples: list[Triple] | list[OxTriple]) -> str:
    """A content digest of a graph, independent of triple order; the same for rdflib and pyoxigraph terms
    (so that stores written before the mapping made pyoxigraph terms keep their digests)."""
    h = hashlib.sha1()
    for line in sorted(map(_key, triples)):
        h.update(line.encode())
    return h.hexdigest()


_OX_KIND = {ox.NamedNode: "URIRef", ox.BlankNode: "BNode", ox.Literal: "Literal"}
_XSD_STRING = str(XSD.string)


def _key(t: Triple | OxTriple) -> str:
    s, p, o = t
    kind = _OX_KIND.get(type(s))
    if kind is not None:  # pyoxigraph terms, keyed as rdflib's would be (a plain literal has no datatype there)
        if type(o) is ox.Literal:
            lang = o.language or ""
            dtype = "" if lang or o.datatype.value == _XSD_STRING else o.datatype.value
            return f"{s.value}\x1f{p.value}\x1f{o.value}\x1e{lang}\x1e{dtype}\x1f{kind}\n"
        return f"{s.value}\x1f{p.value}\x1f{o.value}\x1f{kind}{_OX_KIND[type(o)]}\n"
    if isinstance(o, Literal):
        return f"{s}\x1f{p}\x1f{o}\x1e{o.language or ''}\x1e{o.datatype or ''}\x1f{type(s).__name__}\n"
    return f"{s}\x1f{p}\x1f{o}\x1f{type(s).__name__}{type(o).__name__}\n"


def ingest(paths: list[Path], store: Store, local: Local, *, replace: bool = False,
           authority: Path | None = None, progress: bool | None = None,
           index: TextIndex | None = None, links: Path | None = None,
           successions: Path | None = None, collection: Collection | None = None,
           precompute: bool | None = None, summaries: Summaries | None = None,
           assignment: Assignment | None = None) -> IngestReport:
    """Read, map and load ``paths`` into ``store`` in one all-or-nothing step, with the full-text
    ``index`` and the entities' ``summaries`` (if given) brought up to date with the records written in the
    same step; the records are published as ``collection``'s (default: the bundled one, see
    :mod:`lod.collection`), or each file as that of the collection ``assignment`` gives it
    (:mod:`lod.assignment`), recorded in ``{base}graph/meta/collections``.

    Two passes keep memory bounded by the largest file, not the collection: the first reads only the
    names (and which record ids several files share); the second reads again and maps record by record.
    Names are resolved once, between the passes, in record-id order, so the IRIs do not depend on the
    order of the files. A store that keeps documents (:meth:`Store.documents`) is told which documents the
    ingest changed before it publishes; ``precompute`` then describes the changed resources (None: unless
    everything changed, as in a rebuild, where it would cost a describe per resource of the store).
    """
    recorded = store.recorded_base() if not replace and store.exists() else None
    if recorded is not None and recorded != local.base:
        raise StoreError(f"the store holds a dataset with base {recorded}: adding records with base {local.base} "
                         f"would mix two datasets (rebuild it with --replace to change its base)")
    report = IngestReport()
    show = sys.stderr.isatty() if progress is None else progress
    files, report.rejected = collect_inputs(paths, report.skipped)
    report.files = len(files)

    # pass 1: structured names, "Name [Alt]" forms, and how many sources each record id has
    sources: dict[str, int] = {}
    names: set[tuple[str, str | None]] = set()  # register() sorts and de-duplicates: a set keeps memory small
    brackets: dict[str, list[str]] = {}
    proposed: set[tuple[str, str]] = set()  # (form, kind): bodies and places the texts name, decided after the persons
    readable: list[Path] = []
    archival: list[Path] = []  # EAD and EAC-CPF files: read as streams, unit by unit
    described: list[Described] = []  # the agents EAC-CPF records describe: authority entries for the resolver
    for path in tqdm(files, desc="reading names", unit="file", disable=not show, file=sys.stderr):
        if path.suffix.lower() in STREAMED:
            try:
                archival.append(path)
                names.update(archival_names(path, str(path), described))
            except SourceRejected as e:  # what was read before the fault is loaded; the rest is reported
                report.rejected.append(e)
            continue
        try:
            records, errors = read_source(path, str(path))
        except SourceRejected as e:
            report.rejected.append(e)
            continue
        report.rejected.extend(errors)
        readable.append(path)
        for rec in records:
            rid = rec.record_id or ""
            sources[rid] = sources.get(rid, 0) + 1
            names.update(structured_names(rec))
            texts = [text for text in (rec.title, rec.summary, rec.body) if text]
            forms = [f for i, text in enumerate(texts)  # a cut capture stops in its last text
                     for f in person_forms(text, cut=rec.truncated and i == len(texts) - 1)]
            if forms:
                brackets.setdefault(rid, []).extend(forms)
            proposed.update(named_forms(rec.title, rec.summary, rec.body))

    entities = load_authority(authority) if authority and authority.exists() else []
    resolver = Resolver(entities)
    aliases = meet(resolver, entities, described)  # an agent the curated file holds is its entity: one IRI
    report.warnings.extend(aliases.notes)
    resolver.register(names)
    for rid in sorted(brackets):
        resolver.learn_brackets(brackets[rid])
    propose(resolver, proposed)
    del names, brackets, proposed
    assignment = assignment or Assignment(collection or bundled())
    collection = assignment.default
    mapper = RecordMapper(local, resolver, collection)
    members = CollectionGraphs(local, store if not replace and store.exists() else None)

    shared = EntityGraph()
    shared.add_all(entity_triples(local, entities))
    if successions is not None and successions.exists():  # renamed archives: two nodes, related
        from lod.mapping.successions import load_successions, succession_triples
        shared.add_all(succession_triples(local, load_successions(successions, {e.path for e in entities})))
    if links is not None and links.exists():
        from lod.linking.authorities import link_triples, load_links
        shared.add_all(link_triples(local, load_links(links)))
    entity_graph = str(local.meta_graph("entities"))
    offices: dict[str, list[Triple]] = {}  # record graph -> the offices it evidences, for those kept as they are
    if not replace and store.exists():  # adding to a store: keep what its entity graph says
        shared.add_all(rdflib_triples(store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{entity_graph}> {{ ?s ?p ?o }} "
                                       f"FILTER(?s != <{entity_graph}> && ?p != <{RICO.occupiesOrOccupied}>) }}")))
        offices = evidenced_offices(store)
    index_missing = index is not None and not index.current()
    if index is not None and index.exists() and not index.readable() and not replace:
        report.warnings.append((str(index.path), "the search index cannot be read (corrupt, or not SQLite): written "
                                "anew with this ingest's records; `lod ingest --replace` on all inputs indexes them all"))
    # a store written before the summaries were: read once from the store, then kept up to date
    summaries_missing = summaries is not None and not replace and store.exists() and not summaries.exists()
    with ExitStack() as stack:
        # the index is swapped in after the store commits (contexts exit last-in first-out)
        docs = stack.enter_context(index.staged(replace)) if index is not None else None
        sums = stack.enter_context(summaries.staged(replace)) if summaries is not None else None
        if sums is not None and summaries_missing:
            n = build_from_store(sums, store, str(local.terms))
            report.warnings.append((str(summaries.path), "no readable summaries beside the store (missing, corrupt "
                                    f"or of an older shape): built from its {n} records"))
        writer = stack.enter_context(store.writer(replace=replace))
        if sums is not None:  # in place just before a versioned store publishes (else once it has committed)
            writer.before_publish(lambda tag: sums.publish())
        documents = store.documents()
        if documents is not None:  # what changed, recorded before the new generation is published
            old = store if not replace and store.exists() else None
            changes = Changes(old, old.graph_count() if old else 0, everything=old is None,
                              shared=entity_graph.rsplit("/", 1)[0] + "/")  # {base}graph/meta/…: of the whole dataset
            writer = Watched(writer, changes)
            writer.before_publish(lambda tag: publish(documents, tag, report_changes(changes, report)))
        fixed = _fixed_graphs(local, collection)
        for graph, triples in fixed:
            _put(writer, graph, triples, report)
        # pass 2: map record by record (a record several files share is mapped once all its parts are read)
        waiting: dict[str, list[Record]] = {}
        bar = tqdm(total=len(sources), desc="mapping", unit="record", disable=not show, file=sys.stderr)
        for path in readable:
            try:
                records, _ = read_source(path, str(path))
            except SourceRejected as e:  # changed or slower since the first pass: rejected now, the rest goes on
                report.rejected.append(e)
                continue
            for rec in records:
                rid = rec.record_id or ""
                if sources.get(rid, 1) > 1:
                    parts = waiting.setdefault(rid, [])
                    parts.append(rec)
                    if len(parts) < sources[rid]:
                        continue
                    rec = merge(waiting.pop(rid))
                mapper.collection = assignment.of(path)  # whose record ids it prints
                members.add(mapper.collection, _map_one(rec, mapper, writer, docs, shared, report, index_missing, sums))
                bar.update()
        folders: dict = {}  # each folder's EAC-CPF records, read once to type relations' targets
        for path in archival:
            try:
                of = assignment.of(path)
                for mapped, doc in map_archival(path, str(path), local, resolver, EadSettings(**dict(of.ead)),
                                                folders=folders, canonical=aliases):
                    members.add(of, _map_unit(mapped, doc, writer, docs, shared, report, index_missing))
            except SourceRejected as e:  # reported by the first pass already, unless the file changed since
                if str(e) not in {str(r) for r in report.rejected}:
                    report.rejected.append(e)
        for held in waiting.values():  # a file changed between the passes: map what there is
            rec = merge(held)
            mapper.collection = assignment.of(Path(rec.source.split("#", 1)[0]))  # "file.csv#row=3"
            members.add(mapper.collection, _map_one(rec, mapper, writer, docs, shared, report, index_missing, sums))
        bar.close()
        for graph, held in offices.items():  # what the records not mapped now still evidence
            if graph not in report.graphs:
                shared.add_all(held)
        _put(writer, str(local.meta_graph("collections")),
             members.triples([collection, *assignment.used.values()], collection), report)
        shared.state_person_names()
        entity_statements = shared.triples()
        _put(writer, entity_graph, entity_statements, report)
        if docs is not None:
            docs.set_names(entity_names(entity_statements))
        if sums is not None:  # the per-entity summaries are computed as the block ends, before the swap
            sums.set_labels(labels([*entity_statements, *(t for _, triples in fixed for t in triples)]))
    if documents is not None:
        report.described = precompute_documents(store, documents, to_precompute(store, local, report, precompute),
                                                show)
    return report


def to_precompute(store: Store, local: Local, report: IngestReport, precompute: bool | None) -> list[str]:
    """The resources whose documents are made once ``report``'s ingest has published: the changed ones;
    after a rebuild (everything changed) all, if ``precompute`` (None: :data:`REBUILD_PRECOMPUTE`)."""
    if precompute is False or (precompute is None and report.changed is None and not REBUILD_PRECOMPUTE):
        return []
    return _documented(store, local, report.changed)


REBUILD_PRECOMPUTE = False  # after a rebuild, by default: a describe and a document per resource of the store


def _documented(store: Store, local: Local, changed: set[str] | None) -> list[str]:
    """Our own resources (``{base}id/TYPE/KEY``, not their sub-nodes) among ``changed`` (None: all)."""
    if changed is None:
        changed = {str(r["s"]) for r in store.select(
            f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{local.id}")) }}')}
    return sorted(i for i in changed if (path := local.doc_path(i)) is not None and path.count("/") == 1)


def report_changes(changes: Changes, report: IngestReport) -> set[str] | None:
    """The IRIs whose documents the ingest changed (None: all), kept in the report."""
    report.changed = changes.finish()
    return report.changed


def _map_one(rec: Record, mapper: RecordMapper, writer, docs, shared: EntityGraph, report: IngestReport,
             index_missing: bool, sums=None) -> str:
    """Map and load one record; its graph."""
    mapped: MappedRecord = mapper.map(rec)
    shared.add_all(mapped.shared)
    report.records += 1
    report.warnings.extend((rec.source, w) for w in rec.warnings + mapped.warnings)
    if rec.unmapped:
        report.warnings.append((rec.source, f"{len(rec.unmapped)} unmapped block(s): "
                                + " | ".join(u[:60] for u in rec.unmapped[:5])))
    written = _put(writer, str(mapped.graph), mapped.triples, report)
    if sums is not None and (written or not sums.has(str(mapped.subject))):
        sums.add(contribution(mapped.triples, str(mapped.subject), str(mapper.local.terms)))
    if written or index_missing:
        if docs is not None:
            docs.add(Doc(str(mapped.subject), rec.title or "", rec.summary or "", rec.body or "",
                         rec.date.iso if rec.date else "", named_entities(mapped)))
    return str(mapped.graph)


def _map_unit(mapped: MappedRecord, doc: Doc, writer, docs, shared: EntityGraph, report: IngestReport,
              index_missing: bool) -> str:
    """One unit of an archival description (an EAD component, a finding aid), as :func:`_map_one` a record."""
    shared.add_all(mapped.shared)
    report.records += 1
    report.warnings.extend((doc.iri, w) for w in mapped.warnings)
    if (_put(writer, str(mapped.graph), mapped.triples, report) or index_missing) and docs is not None:
        docs.add(doc)
    return str(mapped.graph)


def named_entities(mapped: MappedRecord) -> tuple[str, ...]:
    """The IRIs a record points to directly (senders, addressees, creators, subjects, places…), for the search
    to find the record by their names; its own sub-nodes (dates, relations) are left out."""
    subject = str(mapped.subject)
    own = subject + "/"
    return tuple(sorted({o.value for s, _, o in mapped.triples
                         if s.value == subject and type(o) is ox.NamedNode and not o.value.startswith(own)}))


def _fixed_graphs(local: Local, collection: Collection) -> list[tuple[str, list[Triple]]]:
    return [(str(local.meta_graph("vocabulary")), list(vocabulary(local.base)) + collection.identifier_triples(local)),
            (str(local.dataset_graph), dataset_triples(local))]


def evidenced_offices(store: Store) -> dict[str, list[Triple]]:
    """``rico:occupiesOrOccupied`` as each record graph's position-holding relations evidence it.

    The entity graph states it once (it is derived from the relations, so an ingest that replaces a record
    re-derives it rather than keeping what the record no longer says)."""
    found: dict[str, list[Triple]] = {}
    for row in store.select(f"SELECT ?g ?person ?position WHERE {{ GRAPH ?g {{ "
                            f"?rel a <{RICO.PositionHoldingRelation}> ; <{RICO.relationHasSource}> ?person ; "
                            f"<{RICO.relationHasTarget}> ?position }} }}"):
        found.setdefault(str(row["g"]), []).append((row["person"], RICO.occupiesOrOccupied, row["position"]))
    return found


def _put(writer, graph: str, triples: list[Triple] | list[OxTriple], report: IngestReport) -> bool:
    """Write a graph unless the store holds it unchanged; whether it was written. The report counts what
    the graph holds: each statement once, and what the writer adds (the graph's provenance)."""
    triples = list(dict.fromkeys(triples))  # a statement the mapping made twice is stored once
    d = digest(triples)
    report.graphs.add(graph)
    report.triples += len(triples) + writer.own_statements(graph)
    if writer.graph_digest(graph) == d:
        report.unchanged += 1
        return False
    writer.put_graph(graph, triples, d)
    report.written += 1
    return True
