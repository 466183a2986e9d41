"""Map one Record to RDF: RiC-O 1.1 at the core, Dublin Core / schema.org / FOAF on the same nodes.

What a record states goes into its named graph (``{base}graph/record/{id}``): the record, its sub-nodes
(dates, identifiers, instantiations) and one RiC-O relation per role an entity has in it (creator,
sender, addressee, participant, mentioned), each with ``rico:isEvidencedBy`` the record, the name forms
the source used and, for mentions in the text, where they occur. What is said of shared nodes (types and
labels of people, bodies, places, record sets, subjects) goes to ``MappedRecord.shared``: the ingest
states it once, in the entity graph, however many records name the node. Every IRI is deterministic.
This module resolves the names and states the record's own fields; the relations are made by
:mod:`lod.mapping.relations`, the archives' copies by :mod:`lod.mapping.holdings`.

>>> from lod.names import Resolver
>>> m = RecordMapper(Local("http://x.org/"), Resolver([]))
>>> mapped = m.map(Record(source="a.txt", source_format="page-current", record_id="1", title="Letter, A to B"))
>>> str(mapped.graph)
'http://x.org/graph/record/1'
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import pyoxigraph as ox
from rdflib import Literal, URIRef

from lod.collection import Collection, bundled
from lod.mapping.concepts import concept_keys, label_index
from lod.mapping.entities import describe_entity
from lod.mapping.holdings import instantiation
from lod.mapping.mapped import MappedRecord
from lod.mapping.relations import FIELDS, offices, relations
from lod.mapping.terms import date_literal, en, english, iri, lit, sub
from lod.slug import slug
from lod.model import Record
from lod.names import Entity, Resolver, clean, split_variants
from lod.names.record_bodies import is_body_name, record_body, record_body_spans, shortens
from lod.names.positions import find_positions
from lod.names.tokenised import Tokenised
from lod.names.places import citation_places, settle_place_mentions
from lod.vocab import DCMITYPE, DCTERMS, FOAF, PROV, RDF, RDFS, RICO, SCHEMA, SKOS, Local


class RecordMapper:
    """Maps records with one resolver, so that every spelling of an entity gets one IRI."""

    def __init__(self, local: Local, resolver: Resolver, collection: Collection | None = None) -> None:
        self.local = local
        self.resolver = resolver
        self.collection = collection or bundled()  # whose record ids the pages print
        self.languages = label_index(local.base, "language")
        self.forms = concept_keys(local.base, "documentary-form")
        self._stated: set[tuple[str, str | None]] = set()  # (entity, form) already given to ``shared``
        self._groups: set[str] = set()  # the names the record being mapped flags as groups

    def entity_iri(self, entity: Entity) -> URIRef:
        return self.local.agent(entity.kind, entity.key)

    # -- entities -----------------------------------------------------------------------------------
    def _entity(self, out: MappedRecord, name: str, hint: str | None, context: list[Entity],
                extra_class: URIRef | None = None, role: str | None = None) -> URIRef | None:
        found = self._resolve(out, name, hint, context, extra_class)
        if found is None:
            return None
        if role:
            out.role(found[0], found[1], role, clean(" ".join(name.split())))
        return found[0]

    def _resolve(self, out: MappedRecord, name: str, hint: str | None, context: list[Entity],
                 extra_class: URIRef | None = None) -> tuple[URIRef, Entity] | None:
        """Resolve a name, describe the entity in this record's graph, return its IRI and entity."""
        if not name or not name.strip():
            return None
        if " ".join(name.split()) in self._groups:  # "All Provincial Premiers": a group of people, not one person
            entity = Entity("group", slug(name), " ".join(name.split()))
        elif hint in (None, "organisation") and (form := record_body(name)) and self.resolver.lookup(name) is None:
            entity = self._record_body(out, form, context)  # "the Ministry of Foreign Affairs": whose, this record says
        else:
            try:
                entity = self.resolver.resolve(name, hint, context)
            except ValueError as e:
                out.warnings.append(f"name {name!r} not linked: {e}")
                return None
        if entity not in context:
            context.append(entity)
        return self._describe(out, entity, name, extra_class), entity

    def _describe(self, out: MappedRecord, entity: Entity, form: str | None,
                  extra_class: URIRef | None = None) -> URIRef:
        """Type and labels of an entity (shared), the forms this record uses as alternative labels.
        What this mapper has already stated is not stated again (the entity graph is one per ingest)."""
        iri = self.entity_iri(entity)
        if (entity.path, None) not in self._stated:
            self._stated.add((entity.path, None))
            out.shared.extend(describe_entity(iri, entity))
        if extra_class is not None:
            out.share(iri, RDF.type, extra_class)
        if form and (entity.path, form) not in self._stated:
            self._stated.add((entity.path, form))
            main, variants = split_variants(" ".join(form.split()))
            for f in (main, *variants):
                f = clean(f)
                if f and f != entity.label:
                    out.share(iri, SKOS.altLabel, Literal(f))
        return iri

    def _with_parents(self, found: list, text: str) -> list:
        """Mentions, and the known bodies a body's name holds after "of" ("Section of the CC of the FZP" names
        the FZP too)."""
        out = []
        for m in found:
            out.append(m)
            if not m.entity_path.startswith("organisation/"):
                continue
            tail = m.surface.rfind(" of ")
            if tail > 0:
                start = m.start + tail + 4
                out.extend(replace(p, start=p.start + start, end=p.end + start) for p in self.resolver.find_mentions(
                    text[start:m.end], ("organisation",), learn=False) if p.entity_path != m.entity_path)
        return out

    def _record_body(self, out: MappedRecord, form: str, ctx: list[Entity]) -> Entity:
        """A body a record names without saying whose it is ("the Politburo"), or a group of one occasion: the
        one body of the record whose fuller name it shortens ("the FZP Politburo", "the Politburo of the FZP"),
        else a body of this record, never merged with one another record names so (each state's records mean
        their own); "the X" and "X" in one record are one."""
        fuller = [e for e in ctx if e.kind == "organisation" and shortens(form, [e.label, *e.variants])]
        if len(fuller) == 1:
            return fuller[0]
        key = f"{slug(form)}-{hashlib.sha1(out.record_id.encode('utf-8')).hexdigest()[:8]}"
        return Entity("organisation", key, form, "en", set(), "")

    # -- the record ---------------------------------------------------------------------------------
    def map(self, rec: Record) -> MappedRecord:
        rid = rec.record_id or ""
        self._groups = set(rec.groups)
        s = self.local.record(rid)
        out = MappedRecord(rid, self.local.record_graph(rid), s)
        ctx: list[Entity] = []
        out.add(s, RDF.type, RICO.Record)
        out.add(s, RDF.type, SCHEMA.ArchiveComponent)
        out.add(s, RDF.type, DCMITYPE.Text)
        out.add(s, DCTERMS.identifier, lit(rid))
        out.add(s, RICO.identifier, lit(rid))
        if rec.id_origin in ("record-id", "citation-url"):  # an identifier the page prints
            ident = sub(s, "identifier", self.collection.identifier_key)
            out.add(s, RICO.hasOrHadIdentifier, ident)
            out.add(ident, RDF.type, RICO.Identifier)
            out.add(ident, RICO.textualValue, lit(rid))
            out.add(ident, RICO.hasIdentifierType, self.collection.identifier_concept(self.local))
        if rec.title:
            for p in (RICO.title, DCTERMS.title, RDFS.label, SCHEMA.name):
                out.add(s, p, english(rec.title))
        if rec.date:
            d = sub(s, "date", "creation")
            out.add(s, RICO.hasCreationDate, d)
            out.add(d, RDF.type, RICO.Date)
            out.add(d, RICO.normalizedDateValue, date_literal(rec.date))
            out.add(d, RICO.expressedDate, english(rec.date.expressed))
            for note in rec.date_notes:  # another date the title or citation gives: kept, not picked
                out.add(d, RICO.note, english(note))
            out.add(s, DCTERMS.created, date_literal(rec.date))
            out.add(s, SCHEMA.dateCreated, date_literal(rec.date))
        if rec.document_type:
            out.add(s, RICO.hasDocumentaryFormType, self.local.concept("documentary-form", rec.document_type))
        if rec.summary:
            for p in (RICO.scopeAndContent, DCTERMS.abstract, SCHEMA.abstract):
                out.add(s, p, english(rec.summary))
        if rec.body:
            out.add(s, SCHEMA.text, english(rec.body))
        if rec.credits:
            out.add(s, SCHEMA.creditText, english(rec.credits))
        if rec.full_citation:
            out.add(s, self.local.suggested_citation, lit(rec.full_citation))
        url = self._page_url(out, rec)
        out.add(s, FOAF.isPrimaryTopicOf, url)
        out.add(s, SCHEMA.url, url)
        self._agents(out, rec, ctx)
        self._subjects(out, rec, ctx)
        self._languages(out, rec)
        self._markings(out, rec)
        self._rights(out, rec)
        self._citation(out, rec, ctx)
        relations(self.local, out, rec)
        offices(self.local, out, rec)
        self._provenance(out, rec)
        return out

    @staticmethod
    def _page_url(out: MappedRecord, rec: Record, warn: bool = True) -> ox.NamedNode | None:
        """The record's page URL as an IRI; one that is none (``[]`` in a scraper's field) is left out, with a
        warning."""
        if not rec.url:
            return None
        try:
            return iri(rec.url)
        except ValueError as e:
            if warn:
                out.warnings.append(f"page URL {rec.url!r} left out: not an IRI ({e})")
            return None

    def _agents(self, out: MappedRecord, rec: Record, ctx: list[Entity]) -> None:
        s = out.subject
        roles = ((rec.authors, (RICO.hasCreator, DCTERMS.creator, SCHEMA.author), None, "author"),
                 (rec.creators, (RICO.hasCreator, DCTERMS.creator, SCHEMA.author), None, "author"),
                 (rec.senders, (RICO.hasSender, SCHEMA.sender, RICO.hasCreator, DCTERMS.creator), None, "sender"),
                 (rec.addressees, (RICO.hasAddressee, SCHEMA.recipient), None, "addressee"),
                 (rec.contributors, (DCTERMS.contributor, SCHEMA.contributor), "person", "contributor"))
        for names, props, hint, role in roles:
            for name in names:
                found = self._resolve(out, name, hint, ctx)
                if found is None:
                    continue
                iri, entity = found
                if entity.kind == "place" and RICO.hasSender in props:
                    out.add(s, DCTERMS.spatial, iri)  # "From Pyongyang": where it was sent from
                    out.role(iri, entity, "mentioned", clean(" ".join(name.split())))
                    continue
                for p in props:
                    out.add(s, p, iri)
                out.role(iri, entity, role, clean(" ".join(name.split())))
        for name in rec.donors:
            iri = self._entity(out, name, "organisation", ctx)
            out.add(s, SCHEMA.funder, iri)

    def _subjects(self, out: MappedRecord, rec: Record, ctx: list[Entity]) -> None:
        s = out.subject
        agents = {self.entity_iri(e) for e in ctx}
        mentioned: list[URIRef] = []
        cited = citation_places(" ".join(t for t in (rec.citation.text if rec.citation else None, rec.full_citation) if t))
        for names, hint, role in ((rec.participants, None, "participant"), (rec.people_orgs, None, "mentioned"),
                                  ([*rec.places, *cited], "place", "mentioned")):
            for name in names:
                iri = self._entity(out, name, hint, ctx, role=role)
                if iri is not None:
                    mentioned.append(iri)
                    if hint == "place":
                        out.add(s, DCTERMS.spatial, iri)
        bodies: list[tuple[str, int, int, str]] = []  # bodies of this record the texts name: (field, start, end, form)
        for name, text in zip(FIELDS, (rec.title, rec.summary, rec.body)):
            shared = Tokenised(text or "")  # tokenised once, for mention scanning and office finding
            found = self._with_parents(self.resolver.find_mentions(shared, learn=False), text or "")
            spans = record_body_spans(text or "", [(m.start, m.end) for m in found])
            bodies.extend((name, *span) for span in spans)
            # "China Division": a desk of some ministry, not a mention of China
            found = [m for m in found if not (m.entity_path.startswith("place/")
                                              and any(b <= m.start and m.end <= e for b, e, _ in spans))]
            for m in settle_place_mentions(text or "", found, self.resolver.lookup):
                entity = self.resolver.get(m.entity_path)
                if entity is None:
                    continue
                if entity not in ctx:
                    ctx.append(entity)
                iri = self._describe(out, entity, m.surface)
                mentioned.append(iri)
                out.role(iri, entity, "mentioned", m.surface, (name, m.start, m.end, m.surface))
            people = any(m.entity_path.startswith("person/") for m in found)
            for pm in find_positions(shared, found, self.resolver) if people else ():
                holder = self.resolver.get(pm.person)
                if holder is not None:
                    out.offices.setdefault((pm.person, pm.key), (self.entity_iri(holder), holder, pm, []))[3].append(
                        (name, pm.start, pm.end, pm.surface))
        texts = dict(zip(FIELDS, (rec.title, rec.summary, rec.body)))
        for fld, start, end, form in bodies:
            entity = self._record_body(out, form, ctx)
            surface = (texts[fld] or "")[start:end]
            iri = self._describe(out, entity, surface)
            mentioned.append(iri)
            out.role(iri, entity, "mentioned", surface, (fld, start, end, surface))
        for iri in dict.fromkeys(mentioned):
            if iri in agents:
                continue
            out.add(s, RICO.hasOrHadSubject, iri)
            out.add(s, SCHEMA.mentions, iri)
        for heading in rec.subjects + rec.topics:
            c = self.local.subject(slug(heading))
            out.share(c, RDF.type, SKOS.Concept)
            out.share(c, SKOS.prefLabel, en(heading))
            out.share(c, RDFS.label, en(heading))
            out.add(s, DCTERMS.subject, c)
            out.add(s, RICO.hasOrHadSubject, c)
            out.add(s, SCHEMA.about, c)

    def _languages(self, out: MappedRecord, rec: Record) -> None:
        for name in rec.languages:
            key = self.languages.get(name.strip().lower())
            c = self.local.concept("language", key or slug(name))
            if key is None:  # a language our scheme lacks: describe it in the entity graph
                out.share(c, RDF.type, RICO.Language)
                out.share(c, RDF.type, SKOS.Concept)
                out.share(c, RDFS.label, en(name.strip()))
                out.share(c, SKOS.prefLabel, en(name.strip()))
            out.add(out.subject, DCTERMS.language, c)
            out.add(out.subject, RICO.hasOrHadLanguage, c)

    def _markings(self, out: MappedRecord, rec: Record) -> None:
        for marking in rec.classification:
            c = self.local.concept("security-classification", marking.key or slug(marking.text))
            out.add(out.subject, RICO.hasOrHadType, c)
            if marking.key is None:  # a marking our scheme lacks: described in the entity graph
                out.share(c, RDF.type, RICO.Type)
                out.share(c, RDF.type, SKOS.Concept)
                out.share(c, SKOS.prefLabel, en(marking.text))

    def _rights(self, out: MappedRecord, rec: Record) -> None:
        if not rec.rights:
            return
        s = out.subject
        out.add(s, DCTERMS.rights, english(rec.rights))
        out.add(s, RICO.conditionsOfUse, english(rec.rights))
        rule = self.local.rule(hashlib.sha1(rec.rights.encode()).hexdigest()[:12])
        out.add(s, RICO.isOrWasRegulatedBy, rule)
        out.share(rule, RDF.type, RICO.Rule)
        out.share(rule, RDFS.label, en(rec.rights.split(". ")[0].rstrip(".") + "."))
        if rec.uploaded:
            out.add(s, DCTERMS.available, date_literal(rec.uploaded))

    def _citation(self, out: MappedRecord, rec: Record, ctx: list[Entity]) -> None:
        s = out.subject
        archives: list[URIRef] = []
        for name in rec.original_archives:
            iri = self._entity(out, name, "organisation", ctx, SCHEMA.ArchiveOrganization)
            if iri is not None:
                archives.append(iri)
        cit = rec.citation
        if cit is not None:
            out.add(s, DCTERMS.bibliographicCitation, lit(cit.text))
            for n, ac in enumerate(cit.archives, 1):
                found = None
                if ac.name:
                    found = self._resolve(out, ac.name, "organisation", ctx, SCHEMA.ArchiveOrganization)
                    if found is not None:
                        archives.append(found[0])
                        self._describe(out, found[1], ac.archive)  # the name as the citation writes it
                instantiation(self.local, out, n, ac, found)
            self._cited_bodies(out, cit, ctx)
            for c in cit.contributions:
                if c.kind != "person" or is_body_name(c.name):  # "obtained by NHK", "provided by the Archive of X"
                    self._entity(out, re.sub(r"^the\s+", "", c.name), "organisation", ctx, role="contributor")
                    continue
                iri = self._entity(out, c.name, "person", ctx,
                                   role="translator" if c.role == "translator" else "contributor")
                if iri is None:
                    continue
                out.add(s, DCTERMS.contributor, iri)
                out.add(s, SCHEMA.translator if c.role == "translator" else SCHEMA.contributor, iri)
        for iri in dict.fromkeys(archives):
            out.add(s, SCHEMA.holdingArchive, iri)

    def _cited_bodies(self, out: MappedRecord, cit, ctx: list[Entity]) -> None:
        """Bodies a citation names outside its archives' segments ("copy on file at the X Research Group") and
        the publishers of its imprints ("(Moscow: Materik, 2005)"), as mentioned."""
        text = cit.text
        taken = [(m.start, m.end) for m in self.resolver.find_mentions(text, ("organisation",), learn=False)]
        for ac in cit.archives:
            if ac.archive and (i := text.find(ac.archive)) >= 0:
                gloss = re.match(r",?\s*\[[^\]]*\]", text[i + len(ac.archive):])  # "[State Archive of X]": its translation
                taken.append((i, i + len(ac.archive) + (gloss.end() if gloss else 0)))
        names = [text[start:end] for start, end, _ in record_body_spans(text, taken)] + list(cit.publishers)
        for name in dict.fromkeys(names):
            self._entity(out, name, "organisation", ctx, role="mentioned")

    def _provenance(self, out: MappedRecord, rec: Record) -> None:
        g = out.graph
        out.add(g, RDF.type, PROV.Entity)
        out.add(g, RDFS.label, english(f"Statements derived from record {out.record_id}"))
        out.add(g, PROV.wasDerivedFrom, out.subject)
        for src in sorted(set(rec.sources or [rec.source])):
            out.add(g, DCTERMS.source, lit(src))
        out.add(g, PROV.hadPrimarySource, self._page_url(out, rec, warn=False))
        if rec.missing:
            out.add(g, RDFS.comment, english("Partial source: missing " + ", ".join(dict.fromkeys(rec.missing))
                                         + (" (the page ends early)." if rec.truncated else ".")))
