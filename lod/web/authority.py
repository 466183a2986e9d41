"""What an EAC-CPF authority record says of an agent, for its page (beside what the records say of it): its
names (the authorised form and the others, with the years they were used), dates of existence, places,
functions and occupations, and its relations to other agents and to records, each linked, as
:mod:`lod.mapping.eac` and :mod:`lod.mapping.eac_relations` write them.

Only the relation nodes of authority records are read (``id/authority-record/…``): a person the records name
a thousand times has a thousand mention relations, which the page lists elsewhere, paged.

>>> relation_name("https://www.ica.org/standards/RiC/ontology#AgentHierarchicalRelation")
'agent hierarchical'
"""
from __future__ import annotations

import re
from urllib.parse import unquote
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef

from lod.store import Store
from lod.vocab import AUTHORITY_RECORD, RECORD_RESOURCE, RICO
from lod.web import notes
from lod.web.naming import Site, fallback_label
from lod.web.queries import kind_of, select
from lod.web.sparql_text import iri_ref, sparql_string
from lod.web.viewmodel import Link, html_only

MAX_RELATIONS = 500
PREFERRED = re.compile(r"préférée|preferred|authori[sz]ed", re.I)


@dataclass
class AgentNameForm:
    form: str
    lang: str = ""
    authorised: bool = False
    used: str = ""  # "1950–1960", when the record dates the name


@dataclass
class AgentRelation:
    """One relation of the agent: its kind, the other end (an agent, a record, a place or an activity's
    type), its dates and note."""

    kind: str
    other: Link
    direction: str = ""  # source | target: the other end's role
    dates: str = ""
    note: str = ""
    note_html: Any = html_only()


@dataclass
class Authority:
    """The EAC-CPF part of an agent page."""

    records: list[Link] = field(default_factory=list)  # the authority records describing the agent
    names: list[AgentNameForm] = field(default_factory=list)
    existence: str = ""
    places: list[Link] = field(default_factory=list)
    functions: list[AgentRelation] = field(default_factory=list)  # activities performed, occupations held
    occupations: list[Link] = field(default_factory=list)
    agents: list[AgentRelation] = field(default_factory=list)
    resources: list[AgentRelation] = field(default_factory=list)  # relations to records and record sets
    others: list[AgentRelation] = field(default_factory=list)  # places, mandates …
    history: list[str] = field(default_factory=list)
    history_html: list = html_only(factory=list)


def relation_name(cls: str) -> str:
    """A relation class's name in words, without the ontology's ``Relation``."""
    tail = re.split(r"[#/]", cls)[-1].removesuffix("Relation")
    return re.sub(r"(?<!^)(?=[A-Z])", " ", tail).lower()


def _span(begin: object, end: object) -> str:
    a, b = (str(v)[:10] if v is not None else "" for v in (begin, end))
    return a if a == b else f"{a}–{b}" if a or b else ""


def _authority_records(g: Graph, site: Site, x: URIRef) -> list[Link]:
    prefix = f"{site.local.id}{AUTHORITY_RECORD}/"
    return [site.link(r, fallback_label(r), "record") for r in sorted(g.objects(x, RICO.isOrWasDescribedBy), key=str)
            if str(r).startswith(prefix)]


def _names(g: Graph, x: URIRef) -> list[AgentNameForm]:
    out = []
    for n in g.objects(x, RICO.hasOrHadAgentName):
        value = g.value(n, RICO.textualValue)
        if not isinstance(value, Literal):
            continue
        kinds = " ".join(str(t) for t in g.objects(n, RICO.type))
        out.append(AgentNameForm(str(value), value.language or "", bool(PREFERRED.search(kinds)),
                                 _span(g.value(n, RICO.usedFromDate), g.value(n, RICO.usedToDate))))
    return sorted(out, key=lambda f: (not f.authorised, f.form.casefold()))


def _relations(store: Store, site: Site, x: URIRef) -> list[dict]:
    prefix = sparql_string(f"{site.local.id}{AUTHORITY_RECORD}/")
    me = iri_ref(x)
    return select(store, f"""
        SELECT ?rel ?cls ?other ?dir (SAMPLE(?ol) AS ?label) (SAMPLE(?at) AS ?activity) (SAMPLE(?atl) AS ?activity_label)
               (GROUP_CONCAT(DISTINCT STR(?ot); separator=" ") AS ?types) (SAMPLE(?b) AS ?begin) (SAMPLE(?e) AS ?end)
               (SAMPLE(?n) AS ?note) WHERE {{
          {{ SELECT ?rel ?other ?dir WHERE {{
               {{ ?rel rico:relationHasTarget {me} . FILTER(STRSTARTS(STR(?rel), {prefix}))
                  ?rel rico:relationHasSource ?other . BIND("source" AS ?dir) }}
               UNION {{ ?rel rico:relationHasSource {me} . FILTER(STRSTARTS(STR(?rel), {prefix}))
                        ?rel rico:relationHasTarget ?other . BIND("target" AS ?dir) }}
             }} LIMIT {MAX_RELATIONS} }}
          ?rel a ?cls .
          OPTIONAL {{ ?other rdfs:label ?ol }} OPTIONAL {{ ?other rico:title ?ol }} OPTIONAL {{ ?other a ?ot }}
          OPTIONAL {{ ?other rico:hasActivityType ?at . OPTIONAL {{ ?at skos:prefLabel|rdfs:label ?atl }} }}
          OPTIONAL {{ ?rel rico:beginningDate ?b }} OPTIONAL {{ ?rel rico:endDate ?e }} OPTIONAL {{ ?rel rico:note ?n }}
        }} GROUP BY ?rel ?cls ?other ?dir ORDER BY ?cls ?begin ?rel""")


def authority(store: Store, site: Site, g: Graph, x: URIRef) -> Authority | None:
    """The EAC-CPF part of the page of agent ``x`` (its description graph ``g``), None when no authority record
    describes it."""
    described = _authority_records(g, site, x)
    if not described:
        return None
    out = Authority(records=described, names=_names(g, x))
    born, died = (g.value(x, RICO.birthDate) or g.value(x, RICO.beginningDate),
                  g.value(x, RICO.deathDate) or g.value(x, RICO.endDate))
    out.existence = _span(born, died) if born is not None or died is not None else ""
    out.places = sorted({str(p): site.link(p, _label(g, p), "place")
                         for p in g.objects(x, RICO.hasOrHadLocation)}.values(), key=lambda k: k.label.casefold())
    out.occupations = [site.link(o, _label(g, o), "concept") for o in sorted(g.objects(x, RICO.hasOrHadOccupationOfType), key=str)]
    for v in sorted(g.objects(x, RICO.history), key=str):
        out.history.append(notes.plain(v))
        out.history_html.append(notes.rendered(v))
    for row in _relations(store, site, x):
        cls = str(row["cls"])
        note = row.get("note")
        types = str(row.get("types", ""))
        if cls == str(RICO.PerformanceRelation) and row.get("activity") is not None:  # an activity: its type
            other = site.link(row["activity"], row.get("activity_label") or (notes.plain(note) if note else None), "concept")
        else:
            other = site.link(row["other"], row.get("label") or unquote(site.local.doc_path(row["other"]) or "") or None,
                              kind_of(types) or ("set" if "RecordSet" in types else ""))
        rel = AgentRelation(relation_name(cls), other, str(row["dir"]), _span(row.get("begin"), row.get("end")),
                            notes.plain(note) if note is not None else "", notes.rendered(note) if note is not None else "")
        if cls == str(RICO.PerformanceRelation):
            out.functions.append(rel)
        elif ("RecordResource" in types or "RecordSet" in types or str(RICO.Record) in types.split()
              or str(row["other"]).startswith(f"{site.local.id}{RECORD_RESOURCE}/")):
            out.resources.append(rel)
        elif kind_of(types) in ("person", "body", "group") or "Agent" in types or "Family" in types:
            out.agents.append(rel)
        else:
            out.others.append(rel)
    return out


def _label(g: Graph, node: object) -> str:
    from lod.web.pages import label

    return label(g, node)
