"""An EAC-CPF authority record -> RiC-O 1.1, following the RiC-O Converter's decisions (its eac2rico unit
tests): the record (``rico:Record``, form type AuthorityRecord) at ``id/authority-record/{key}`` with its
digital instantiation ``…/instantiation/1`` and maintenance activities, and the agent it describes at
``id/{person|corporate-body|family}/{slug of the recordId}`` with its names, dates, identifiers, types,
activities, places, texts and relations.

One graph per file, ``graph/authority-record/{key}``: what is about the record and its own nodes (the
instantiation, activities, relation nodes, which are this record's claims) goes to ``triples``; what is
said of the agent, its names and the agents it relates to goes to ``shared`` (those are nodes other
records name too), as :class:`~lod.mapping.mapped.MappedRecord` requires.

>>> rec = AuthorityRecord("FRAN_NP_5", "person")
>>> out = map_authority_record(rec, "http://x.org/")
>>> str(out.subject), str(agent_iri(rec, Local("http://x.org/")))
('http://x.org/id/authority-record/5', 'http://x.org/id/person/fran-np-5')
"""
from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import Literal, URIRef

from lod.mapping.eac_places import map_place
from lod.mapping.eac_relations import Relating, dated, map_cpf_relation, map_resource_relation
from lod.mapping.eac_text import date_literal, div_literal, lang_tag, note_literal
from lod.mapping.authority_ids import authority_iri, uri_link
from lod.mapping.mapped import MappedRecord
from lod.mapping.scoped_keys import Canonical, agent_key, as_is, identifies_issuer, record_agency, scoped
from lod.mapping.terms import sub
from lod.model.authority_record import AuthorityRecord, DateRange, Mandate, Term
from lod.slug import slug
from lod.vocab import ANF, DC, DCTERMS, OWL, RDF, RDFS, RICDFT, RICO, SKOS, Local

#: maintenanceEvent/eventType -> the activity's name (the converter's French labels)
EVENT_NAMES = {"created": "Création", "revised": "Révision", "updated": "Modification", "derived": "Dérivation",
               "deleted": "Suppression", "cancelled": "Annulation", "deletedReplaced": "Suppression",
               "deletedSplit": "Suppression"}
EN_EVENT_NAMES = {"created": "Creation", "revised": "Revision", "updated": "Update", "derived": "Derivation",
                  "deleted": "Deletion", "cancelled": "Cancellation", "deletedReplaced": "Deletion",
                  "deletedSplit": "Deletion"}
ENTITY_CLASSES = {"person": RICO.Person, "corporateBody": RICO.CorporateBody, "family": RICO.Family}
ANF_AGENCY = ("archives nationales", "fr-fran", "fran")
ANF_ID = "FRAN_NP_005061"  # the Archives nationales' own authority record


def _sub(node: URIRef, *parts: str) -> URIRef:
    """:func:`lod.mapping.terms.sub` as an rdflib IRI (sub-nodes are also objects of shared statements)."""
    return URIRef(sub(node, *parts).value)


def agent_iri(rec: AuthorityRecord, v: Local, canonical: Canonical = as_is) -> URIRef:
    """The agent an authority record describes: ``{base}id/{kind}/{slug of the recordId}``, a recordId that
    does not say whose it is scoped by the record's agency (:mod:`lod.mapping.scoped_keys`); the curated
    entity's IRI when ``canonical`` says the ingest took the agent for it."""
    return v.agent(*canonical(rec.kind, agent_key(rec)))


def record_key(rec: AuthorityRecord) -> str:
    """The key of the authority record's own IRI and graph: the model's key (the converter's), for a
    recordId that does not say whose it is the scoped id, so that two agencies' records ``65`` stay two.

    >>> from lod.model.authority_record import Control
    >>> record_key(AuthorityRecord("FRAN_NP_5")), record_key(AuthorityRecord("65", control=Control(agency_name="GB 249")))
    ('5', 'gb-249-65')
    """
    if identifies_issuer(rec.record_id):
        return rec.key
    key = scoped(rec.record_id, record_agency(rec))
    return key if re.fullmatch(r"[A-Za-z0-9._~-]+", key) else slug(key)


def default_lang(rec: AuthorityRecord) -> str | None:
    """The language of the record's texts: its languageDeclaration, French for the ANF's files."""
    for code, _ in rec.control.languages:
        if lang_tag(code):
            return lang_tag(code)
    return "fr" if rec.record_id.startswith("FRAN_") else None


def _text(value: str, lang: str | None) -> Literal | None:
    return Literal(value, lang=lang) if value else None


class _Mapper:
    def __init__(self, rec: AuthorityRecord, base: str, targets: Callable[[str], tuple[str, str] | None] | None,
                 canonical: Canonical = as_is) -> None:
        self.rec, self.v = rec, Local(base)
        self.record = self.v.authority_record(record_key(rec))
        self.out = MappedRecord(rec.record_id, self.v.authority_record_graph(record_key(rec)), self.record)
        self.agent = agent_iri(rec, self.v, canonical)
        self.taken = self.agent != agent_iri(rec, self.v)  # for a curated entity, which other records describe too
        if not identifies_issuer(rec.record_id) and not (rec.control.agency_code or rec.control.agency_name).strip():
            self.out.warnings.append(f"{rec.source}: recordId {rec.record_id!r} does not say whose it is and no "
                                     "maintenanceAgency is given: keyed by its file, it meets no other file's agent")
        self.lang = default_lang(rec)
        self.anf = rec.record_id.startswith("FRAN_NP_")
        self.n = 0
        self.relating = Relating(rec, self.v, self.out, self.agent, self.lang, targets, self.node, canonical)

    def node(self, kind: str) -> URIRef:
        """A new node of this record (``{record}/{kind}/{n}``)."""
        self.n += 1
        return _sub(self.record, kind, str(self.n))

    def add(self, s, p, o) -> None:
        self.out.add(s, p, o)

    def share(self, s, p, o) -> None:
        self.out.share(s, p, o)

    # -- the record ---------------------------------------------------------------------------------
    def the_record(self) -> None:
        r, rec, c = self.record, self.rec, self.rec.control
        self.add(r, RDF.type, RICO.Record)
        self.add(r, RICO.hasDocumentaryFormType, RICDFT.AuthorityRecord)
        self.add(r, RICO.describesOrDescribed, self.agent)
        agency = self.agency()
        if agency is not None:
            self.add(r, RICO.hasCreator, agency)
        created = [e.date.standard for e in c.events if e.event_type == "created" and e.date and e.date.standard]
        changed = [e.date.standard for e in c.events if e.event_type in ("revised", "updated") and e.date
                   and e.date.standard]
        if created:
            self.add(r, RICO.creationDate, date_literal(created[0][:10]))
        if changed:
            self.add(r, RICO.lastModificationDate, date_literal(max(changed)[:10]))
        for e in c.events:
            a = self.node("activity")
            self.add(r, RICO.isOrWasAffectedBy, a)
            self.add(a, RDF.type, RICO.Activity)
            french = self.lang == "fr"  # the converter's French names for French records, else English
            label = (EVENT_NAMES if french else EN_EVENT_NAMES).get(e.event_type, e.event_type)
            by = "par" if french else "by"
            who = f"({by} {e.agent})" if e.agent_type == "human" else f"({e.agent})"
            self.add(a, RICO.name, Literal(f"{label} {who}" if e.agent else label, lang="fr" if french else "en"))
            if e.date:
                self.add(a, RICO.date, date_literal((e.date.standard or "")[:10]) or _text(e.date.text, None))
            self.add(a, RICO.generalDescription, _text(e.description, self.lang))
        self.languages()
        self.sources()
        i = _sub(r, "instantiation", "1")
        self.add(r, RICO.hasOrHadDigitalInstantiation, i)
        self.add(i, RDF.type, RICO.Instantiation)
        self.add(i, RICO.isOrWasDigitalInstantiationOf, r)
        self.add(i, DC.format, Literal("text/xml", lang="en"))
        self.add(i, RICO.identifier, Literal(rec.record_id))
        for _, other in c.other_record_ids:
            self.add(i, RICO.identifier, Literal(other))
        if agency is not None:
            self.add(i, RICO.hasOrHadHolder, agency)

    def languages(self) -> None:
        """languageDeclaration → ``rico:hasOrHadLanguage``: the ANF's language referential for its own files
        (French, also for an empty declaration, as the converter); other files' languages are not linked."""
        for code, _ in self.rec.control.languages:
            if self.anf and (lang_tag(code) or "fr") == "fr":
                self.add(self.record, RICO.hasOrHadLanguage, ANF["language/FRAN_RI_100-name4"])

    def sources(self) -> None:
        """control/sources → ``rico:recordResourceSourceOfInformation`` (text, one per note paragraph) and
        ``rico:recordResourceHasSourceOfInformation`` (a URL entry, or a BnF / Wikipedia URL in a note)."""
        r = self.record
        for s in self.rec.control.sources:
            entry = s.entry.strip().removeprefix("- ").strip()
            if re.fullmatch(r"https?://\S+", entry):
                self.add(r, RICO.recordResourceHasSourceOfInformation, URIRef(entry))
            elif entry:
                self.add(r, RICO.recordResourceSourceOfInformation,
                         Literal(f"{entry} ({s.href})" if s.href else entry, lang=self.lang))
            for block in s.note:
                self.add(r, RICO.recordResourceSourceOfInformation, note_literal([block], self.lang))
                for url in re.findall(r"https?://(?:catalogue\.bnf\.fr|\w+\.wikipedia\.org)/[^\s()<>\"]+",
                                      str(note_literal([block], None))):
                    self.add(r, RICO.recordResourceHasSourceOfInformation, URIRef(url.rstrip(".,;)<")))

    def agency(self) -> URIRef | None:
        """The maintenance agency as an agent (the ANF's is its own authority record FRAN_NP_005061)."""
        c = self.rec.control
        if not (c.agency_name or c.agency_code):
            return None
        if any(c.agency_name.lower().startswith(a) or c.agency_code.lower() == a for a in ANF_AGENCY):
            ident = ANF_ID
        else:
            ident = c.agency_code or c.agency_name
        iri = self.v.agent("organisation", slug(ident))
        self.share(iri, RDF.type, RICO.CorporateBody)
        self.share(iri, DCTERMS.identifier, Literal(ident))
        if c.agency_name:
            self.share(iri, RDFS.label, Literal(c.agency_name))
        return iri

    # -- the agent ----------------------------------------------------------------------------------
    def the_agent(self) -> None:
        a, rec = self.agent, self.rec
        self.share(a, RDF.type, RICO.Agent)
        self.share(a, RDF.type, ENTITY_CLASSES.get(rec.entity_type))
        self.share(a, DCTERMS.identifier, Literal(rec.record_id))
        self.share(a, RICO.isOrWasDescribedBy, self.record)
        self.names()
        self.entity_ids()
        self.exist_dates()
        for blocks in rec.biog_hist:
            self.share(a, RICO.history, div_literal(blocks, self.lang))
        for blocks in rec.structure_or_genealogy:
            self.share(a, RICO.generalDescription, div_literal(blocks, self.lang, "Organisation interne ou généalogie"))
        for blocks in rec.general_context:
            self.share(a, RICO.history, div_literal(blocks, self.lang, "Contexte général"))
        for t in rec.functions:
            self.performance(t, "activityType/FRAN_RI_011-", occupation=False)
        for t in rec.occupations:
            self.performance(t, "occupationType/FRAN_RI_010-", occupation=True)
        for t in rec.legal_statuses:
            self.legal_status(t)
        for p in rec.places:
            map_place(self.relating, p, self.anf)
        for md in rec.mandates:
            self.mandate(md)
        for rel in rec.cpf_relations:
            map_cpf_relation(self.relating, rel)
        for rel in rec.resource_relations:
            map_resource_relation(self.relating, rel)

    def names(self) -> None:
        a, auth = self.agent, self.rec.authorized_name
        if auth is not None:
            self.share(a, RDFS.label, Literal(auth.text, lang=lang_tag(auth.lang) or self.lang))
        for i, n in enumerate(self.rec.names, 1):  # of a curated entity: by record, two records' nodes apart
            iri = _sub(a, "name", record_key(self.rec), str(i)) if self.taken else _sub(a, "name", str(i))
            lang = lang_tag(n.lang) or self.lang
            self.share(a, RICO.hasOrHadAgentName, iri)
            self.share(iri, RDF.type, RICO.AgentName)
            self.share(iri, RDFS.label, Literal(n.text, lang=lang))
            self.share(iri, RICO.textualValue, Literal(n.text, lang=lang))
            self.share(iri, RICO.isOrWasAgentNameOf, a)
            if n is auth and n.authorized:
                self.share(iri, RICO.type, Literal("nom d'agent : forme préférée", lang="fr"))
            if n.dates:
                self.share(iri, RICO.usedFromDate, date_literal(n.dates.start.standard) if n.dates.start else None)
                self.share(iri, RICO.usedToDate, date_literal(n.dates.end.standard) if n.dates.end else None)

    def entity_ids(self) -> None:
        """entityId → ``owl:sameAs`` or ``rico:identifier`` (the converter's); otherRecordId (beside its
        ``rico:identifier`` on the instantiation) → ``owl:sameAs`` VIAF / LCNAF, and the agent of a record
        merged into this one (SNAC's ``MergedRecord`` / ``mergedCPF``) is this agent."""
        for local_type, value in self.rec.entity_ids:
            same, ident = entity_id_link(local_type, value)
            if same is None and ident is None:
                self.out.warnings.append(f"{self.rec.source}: entityId {value!r} is not of its authority's shape: "
                                         "not linked")
            self.share(self.agent, OWL.sameAs, same)
            self.share(self.agent, RICO.identifier, Literal(ident) if ident else None)
        for local_type, value in self.rec.control.other_record_ids:
            lt = local_type.lower()
            scheme = "viaf" if "viaf" in lt else "lcnaf" if "lccn" in lt or value.startswith("lccn-") else None
            if scheme is not None:
                number = re.sub(r"\D", "", value) if scheme == "viaf" else value.removeprefix("lccn-").replace(" ", "")
                try:
                    self.share(self.agent, OWL.sameAs, authority_iri(scheme, number))
                except ValueError as e:
                    self.out.warnings.append(f"{self.rec.source}: otherRecordId {value!r}: {e}: not linked")
            elif lt.endswith(("mergedrecord", "mergedcpf")):
                merged = self.v.agent(*self.relating.canonical(self.rec.kind, agent_key(self.rec, value)))
                self.share(self.agent, OWL.sameAs, merged)
                self.share(merged, DCTERMS.identifier, Literal(value))

    def exist_dates(self) -> None:
        d, rec = self.rec.exist_dates, self.rec
        if d is None:
            return
        note = rec.exist_dates_note.lower()
        if rec.entity_type == "person" and ("dates d'exercice" in note or "dates d'activité" in note):
            return  # activity dates standing in for unknown existence dates (_18C)
        first, last = ((RICO.birthDate, RICO.deathDate) if rec.entity_type == "person"
                       else (RICO.beginningDate, RICO.endDate))
        if d.start:
            self.share(self.agent, first, date_literal(d.start.standard) or _text(d.start.text, None))
        if d.end and not d.single:
            self.share(self.agent, last, date_literal(d.end.standard) or _text(d.end.text, None))

    def dated(self, node: URIRef, dates: DateRange | None, note) -> None:
        dated(self.out, node, dates, note, self.lang)

    def mandate(self, md: Mandate) -> None:
        """A mandate with a citation → ``rico:MandateRelation`` from a ``rico:Mandate`` titled by it (the ANF's
        own list of rules, which the converter looks mandates up in, is not available here); a mandate told
        in one paragraph → ``rico:authorizingMandate``; anything else is reported (the converter warns too)."""
        if md.citation:
            rel, rule = self.node("mandate-relation"), self.node("mandate")
            self.add(rel, RDF.type, RICO.MandateRelation)
            self.add(rel, RICO.relationHasTarget, self.agent)
            self.add(rel, RICO.relationHasSource, rule)
            self.add(rule, RDF.type, RICO.Mandate)
            self.add(rule, RICO.title, Literal(md.citation))
            self.add(rule, RDFS.seeAlso, URIRef(md.href) if re.fullmatch(r"https?://\S+", md.href) else None)
            self.dated(rel, md.dates, md.note)
            self.share(self.agent, RICO.thingIsTargetOfRelation, rel)
            self.share(self.agent, RICO.authorizedBy, rule)
        elif len(md.note) == 1:
            self.share(self.agent, RICO.authorizingMandate, note_literal(md.note, self.lang))
        else:
            self.out.warnings.append(f"{self.rec.source}:{md.line}: mandate with {len(md.note)} paragraphs and no "
                                     "citation: not mapped (one mandate per element is expected)")

    def term_iri(self, prefix: str, t: Term) -> URIRef | None:
        """An ANF referential term by its vocabularySource; elsewhere none (the term is kept as a name)."""
        return ANF[prefix + t.vocabulary_source] if t.vocabulary_source and self.anf else None

    def performance(self, t: Term, prefix: str, occupation: bool) -> None:
        rel, act = self.node("performance-relation"), self.node("activity")
        self.add(rel, RDF.type, RICO.PerformanceRelation)
        self.add(rel, RICO.relationHasTarget, self.agent)
        self.add(rel, RICO.relationHasSource, act)
        self.add(act, RDF.type, RICO.Activity)
        self.add(act, RICO.thingIsSourceOfRelation, rel)
        kind = self.term_iri(prefix, t)
        self.add(act, RICO.hasActivityType, kind)
        if kind is None:
            self.add(act, RICO.name, _text(t.term, self.lang))
        elif t.term:  # the vocabulary's term as the file names it (SKOS: beside the converter's RiC-O)
            self.share(kind, SKOS.prefLabel, _text(t.term, self.lang))
        self.dated(rel, t.dates, t.note)
        self.share(self.agent, RICO.thingIsTargetOfRelation, rel)
        self.share(self.agent, RICO.performsOrPerformed, act)
        if occupation and kind is not None and self.rec.entity_type == "person":
            self.share(self.agent, RICO.hasOrHadOccupationOfType, kind)

    def legal_status(self, t: Term) -> None:
        kind = self.term_iri("corporateBodyType/FRAN_RI_104-", t)
        if kind is None:
            return  # the converter keeps only typed legal statuses (_23legalStatus)
        self.share(self.agent, RICO.hasOrHadCorporateBodyType, kind)
        if t.dates or t.note:
            rel = self.node("type-relation")
            self.add(rel, RDF.type, RICO.TypeRelation)
            self.add(rel, RICO.relationHasTarget, self.agent)
            self.add(rel, RICO.relationHasSource, kind)
            self.dated(rel, t.dates, t.note)
            self.share(self.agent, RICO.thingIsTargetOfRelation, rel)


_ISNI = re.compile(r"(?i)isni\W*")


def entity_id_link(local_type: str, value: str) -> tuple[URIRef | None, str | None]:
    """An entityId as an ``owl:sameAs`` target (ISNI, Wikidata, VIAF, an http URI: the shared table,
    :mod:`lod.mapping.authority_ids`) or an identifier string; ``(None, None)`` for an authority's id of the
    wrong shape: ``entity_id_link("", "ISNI : 0000 0001 2145 0125")`` → ``(URIRef('https://isni.org/isni/0000000121450125'), None)``."""
    lt, v = local_type.strip(), value.strip()
    scheme = ("isni" if "isni" in lt.lower() or v.upper().startswith("ISNI") else
              "wikidata" if lt.lower() == "wikidata" or re.fullmatch(r"Q\d+", v) else
              "viaf" if lt.lower() == "viaf" and v.isdigit() else None)
    if scheme is not None:  # ISNI as people write it: "ISNI : 0000 0001 …"
        number = re.sub(r"[^0-9X]", "", _ISNI.sub("", v).upper()) if scheme == "isni" else v
        try:
            return authority_iri(scheme, number), None
        except ValueError:
            return None, None
    if (uri := uri_link(v)) is not None and v.lower().startswith("http"):
        return uri, None
    m = re.match(r"(?i)num[ée]ro\s+(\S+)", lt)
    if m:
        return None, f"{m.group(1)} {v}"
    return None, f"{lt} {v}".strip() if lt and not v.upper().startswith(lt.upper()) else v


def map_authority_record(rec: AuthorityRecord, base: str,
                         targets: Callable[[str], tuple[str, str] | None] | None = None,
                         canonical: Canonical = as_is) -> MappedRecord:
    """The triples of one authority record. ``targets(record_id)`` tells the entity type (person,
    corporateBody, family) and authorized name of a related record, or None when that record is unknown (the
    relation is then left out, as the converter does); without it a target is an agent of unknown type
    named by its relationEntry. ``canonical`` gives the key of each agent's IRI (this record's, its
    relations' targets): a curated entity's for an agent the ingest took for it."""
    m = _Mapper(rec, base, targets, canonical)
    m.the_record()
    m.the_agent()
    for s in rec.skipped:
        m.out.warnings.append(f"{rec.source}: {s}")
    return m.out

