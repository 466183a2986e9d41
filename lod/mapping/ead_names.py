"""The names an EAD unit gives, in RiC-O as the RiC-O Converter writes them:

- ``persname``, ``corpname``, ``famname``, ``geogname`` are agents and places. One with an authority's number
  (``@authfilenumber``, with ``@source`` before it when given: ``FRAN_RI_012-d699…``; a ``FRAN_…`` number
  as it is) is keyed by that number and states it as ``dcterms:identifier``; its names are its authority
  record's to state. One without is known by its name: a ``rico:AgentName`` and a label (or, found through
  the caller's ``agent_of``, the ingest's resolver: one URI per real entity across collections).
  In ``origination`` they are the provenance, in ``controlaccess`` and titles the subjects. A number of an
  external authority (:mod:`lod.mapping.authority_ids`: ``lcnaf``, ``viaf``, ``isni``, ``wikidata``, ``gnd``,
  ``ulan``, ``geonames``, an ARK or URI) links the agent by ``owl:sameAs``, a place by ``skos:exactMatch``; a
  number without ``@source`` (or ``source="local"``) is the finding aid's agency's own, and is keyed scoped by
  it (:mod:`lod.mapping.scoped_keys`).
- ``subject``, ``function``, ``occupation`` and a typed ``physfacet`` with an authority's number are concepts
  of that authority (``{base}id/subject/{slug of the number}``, typed ``skos:Concept``, ``rico:ActivityType``,
  ``rico:OccupationType``; ``dcterms:identifier`` the number): a subject the unit is about, an activity it
  documents, an occupation of the one person named beside it (else an activity the unit is related to).

>>> from lod.model.finding_aid import NameRef
>>> authority_key(NameRef("persname", "Hugo", "controlaccess", "FRAN_RI_012", "d699")), authority_key(NameRef("persname", "X", "origination", None, "FRAN_NP_050551"))
('FRAN_RI_012-d699', 'FRAN_NP_050551')
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rdflib import Literal, URIRef

from lod.mapping.authority_ids import authority_link
from lod.mapping.entities import describe_entity
from lod.mapping.mapped import MappedRecord
from lod.mapping.scoped_keys import Canonical, as_is, scoped
from lod.mapping.terms import sub
from lod.model.finding_aid import Component, NameRef
from lod.names import Entity
from lod.slug import slug
from lod.vocab import DC, DCTERMS, OWL, RDF, RDFS, RICO, SCHEMA, SKOS, Local

AGENT_KINDS = {"persname": "person", "corpname": "organisation", "famname": "family", "geogname": "place"}
AgentOf = Callable[[NameRef], "tuple[URIRef, Entity] | None"]


def authority_key(name: NameRef) -> str | None:
    """The identifier a name's ``@authfilenumber`` gives, as its source writes it: ``{source}-{number}`` with a
    ``@source``, the number itself without one or when it is the ANF's own (``FRAN_…``); None without one."""
    if not name.authfilenumber:
        return None
    if name.source and not name.authfilenumber.startswith("FRAN_"):
        return f"{name.source}-{name.authfilenumber}"
    return name.authfilenumber


def name_key(name: NameRef, agency: str | None) -> str | None:
    """The key of the agent or place a name's number gives: :func:`authority_key`, but the agency's own
    number (no ``@source``, or ``source="local"``) scoped by the ``agency`` when it does not say whose it is.

    >>> name_key(NameRef("persname", "X", "origination", None, "65"), "US-NjP"), name_key(NameRef("persname", "X", "origination", "lcnaf", "n1"), "US-NjP")
    ('US-NjP-65', 'lcnaf-n1')
    """
    ident = authority_key(name)
    if ident is None or (name.source and name.source.strip().lower() != "local"):
        return ident
    return scoped(name.authfilenumber or ident, agency)


def link(out: MappedRecord, node: URIRef, name: NameRef, predicate: URIRef) -> None:
    """The external authority's entity a name's number names (``owl:sameAs`` an agent, ``skos:exactMatch`` a
    place or a concept); a number of a known authority that is malformed is reported, not linked."""
    if not name.authfilenumber:
        return
    iri, problem = authority_link(name.source, name.authfilenumber)
    if iri is not None:
        out.share(node, predicate, iri)
    elif problem:
        out.warnings.append(f"{out.record_id}: {name.kind} {name.text!r}: {problem}")


def concept(out: MappedRecord, local: Local, ident: str, cls: URIRef, label: str | None = None) -> URIRef:
    """An authority's concept by its identifier, typed, with the label the file gives it (said beside)."""
    node = local.subject(slug(ident))
    out.share(node, RDF.type, cls)
    out.share(node, DCTERMS.identifier, Literal(ident))
    if label:
        out.share(node, SKOS.prefLabel, Literal(label))
    return node


def _activity(out: MappedRecord, owner, n: int, kind: URIRef) -> URIRef:
    node = sub(out.subject, "activity", str(n))
    out.add(node, RDF.type, RICO.Activity)
    out.add(node, RICO.hasActivityType, kind)
    return node


def _genreform(out: MappedRecord, name: NameRef, ident: str, cls: URIRef, local: Local, settings) -> None:
    """A ``genreform`` with an authority's number, as the converter reads it: by the publisher's vocabularies,
    a documentary form type or record state of a record (of some members of a record set), a record set's type;
    else, and for a unit of unknown kind, its text as ``rico:type``."""
    s = out.subject
    found = None
    if cls == RICO.Record:
        if ident in settings.documentary_form_types:
            found = (RICO.hasDocumentaryFormType, RICO.DocumentaryFormType)
        elif ident in settings.record_states:
            found = (RICO.hasRecordState, RICO.RecordState)
    elif cls == RICO.RecordSet:
        if ident in settings.documentary_form_types:
            found = (RICO.hasOrHadSomeMembersWithDocumentaryFormType, RICO.DocumentaryFormType)
        elif ident in settings.record_set_types:
            found = (RICO.hasRecordSetType, RICO.RecordSetType)
        elif ident in settings.record_states:
            found = (RICO.hasOrHadSomeMembersWithRecordState, RICO.RecordState)
    if found:
        out.add(s, found[0], concept(out, local, ident, found[1], name.text))
    else:
        out.add(s, DC.type, Literal(name.text))
        out.add(s, RICO.type, Literal(name.text))


def map_names(out: MappedRecord, c: Component, local: Local, agent_of: AgentOf | None, lang: str | None,
              cls: URIRef = RICO.RecordResource, settings=None, agency: str | None = None,
              canonical: Canonical = as_is) -> None:
    """Every name of one unit (see the module's docstring); ``cls`` the unit's class, ``settings`` the
    collection's :class:`lod.mapping.ead_settings.EadSettings` (its vocabularies), ``agency`` the finding
    aid's (:func:`lod.mapping.scoped_keys.ead_agency`), which scopes its own numbers; ``canonical`` the key
    of an agent's IRI by its number (a curated entity's, for an authority record's agent taken for it)."""
    s = out.subject
    names = list(dict.fromkeys(c.names))
    persons = Counter(n.group for n in names if n.kind == "persname" and n.where == "controlaccess")
    occupations: dict[int | None, list[URIRef]] = {}
    activities = 0
    for name in names:
        ident = authority_key(name)
        if name.where != "controlaccess" or name.kind not in ("function", "occupation") or not name.authfilenumber:
            continue
        activities += 1
        if name.kind == "function":
            out.add(s, RICO.documents, _activity(out, s, activities,
                                                  concept(out, local, ident, RICO.ActivityType, name.text)))
        elif name.source:
            act = _activity(out, s, activities, concept(out, local, ident, RICO.OccupationType, name.text))
            if persons.get(name.group) == 1:
                occupations.setdefault(name.group, []).append(act)
            else:
                out.add(s, RICO.isRelatedTo, act)
    for name in names:
        kind = AGENT_KINDS.get(name.kind)
        if kind is None:
            if name.where == "controlaccess" and name.kind not in ("function", "occupation"):
                ident = authority_key(name)
                if ident and name.kind == "subject":
                    subject = concept(out, local, ident, SKOS.Concept, name.text)
                    out.add(s, RICO.hasOrHadSubject, subject)
                    link(out, URIRef(subject), name, SKOS.exactMatch)
                elif ident and name.kind == "genreform" and settings is not None:
                    _genreform(out, name, ident, cls, local, settings)
                else:  # a term without an authority, a genre or form: said beside RiC-O
                    term = local.subject(slug(ident or name.text))
                    out.share(term, RDF.type, SKOS.Concept)
                    out.share(term, SKOS.prefLabel, Literal(name.text))
                    out.add(s, DCTERMS.subject, term)
            continue
        agent = _agent(out, name, kind, local, agent_of, lang, agency, canonical)
        if agent is None:
            continue
        if name.where == "origination":
            out.add(s, RICO.hasOrganicProvenance if kind != "place" else RICO.isAssociatedWithPlace, agent)
            out.add(s, DCTERMS.creator, agent)
        elif name.where == "repository":
            out.add(s, RICO.hasOrHadHolder, agent)
        elif kind == "place" and authority_key(name) is None:  # the converter leaves a place known by name only
            out.add(s, DCTERMS.spatial, agent)  # out; we keep it, beside RiC-O
        else:
            out.add(s, RICO.hasOrHadSubject, agent)
            out.add(s, SCHEMA.about, agent)
            if name.kind == "persname" and name.where == "controlaccess":
                for act in occupations.get(name.group, []):
                    out.share(agent, RICO.performsOrPerformed, URIRef(act.value))


def _agent(out: MappedRecord, name: NameRef, kind: str, local: Local, agent_of: AgentOf | None,
           lang: str | None, agency: str | None = None, canonical: Canonical = as_is) -> URIRef | None:
    """The agent or place a name stands for, described in the entity graph: its types, and either the number
    of its authority (``dcterms:identifier``, keyed by :func:`name_key`, linked by :func:`link`) or the name
    form (``rico:AgentName``) and label."""
    ident = authority_key(name)
    key = name_key(name, agency)
    if ident is None and agent_of is not None and kind in ("person", "organisation", "place"):
        found = agent_of(name)
        if found is None:
            return None
        agent, entity = found
        out.shared.extend(describe_entity(agent, entity))
    else:
        kind_of, key_of = canonical(kind, slug(key)) if key else (kind, slug(name.text))
        agent = local.agent(kind_of, key_of)
        out.shared.extend(t for t in describe_entity(agent, Entity(kind_of, key_of, name.text, "und"))
                          if t[1] != RDFS.label)
        if ident is None:  # known by this name only: the name is its label
            out.share(agent, RDFS.label, Literal(name.text, lang=lang))
    out.share(agent, SKOS.altLabel, Literal(name.text))
    if ident is not None:
        out.share(agent, DCTERMS.identifier, Literal(ident))
        link(out, agent, name, SKOS.exactMatch if kind == "place" else OWL.sameAs)
        if kind != "place":
            out.share(agent, RDF.type, RICO.Agent)
        return agent
    if kind != "place":
        out.share(agent, RDF.type, RICO.Agent)
        form = URIRef(f"{agent}/name/{slug(name.text)}")
        out.share(agent, RICO.hasOrHadAgentName, form)
        out.share(form, RDF.type, RICO.AgentName)
        out.share(form, RDFS.label, Literal(name.text, lang=lang))
        out.share(form, RICO.textualValue, Literal(name.text, lang=lang))
    return agent
