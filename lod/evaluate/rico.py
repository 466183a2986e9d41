"""Our RiC-O beside the RiC-O Converter's (Archives nationales de France, 3.0): its unit tests' ``expected.xml``
compared with what our readers and mapping make of the same ``input.xml``.

The correspondence of IRIs (ours → theirs, relative to :data:`CONVERTER_BASE`):

==========================================  ==========================================
``id/record-resource/{key}/top``            ``recordResource/top-{key}``
``id/record-resource/{key}/{cid}``          ``recordResource/{key}-{cid}``
``id/finding-aid/{key}``                    ``record/{key}``
``id/authority-record/{key}``               ``record/{key}``
``…/instantiation/{n}`` of those            ``instantiation/top-{key}-i{n}``, ``instantiation/{key}-{cid}-i{n}``,
                                            ``instantiation/{key}-i{n}``, ``instantiation/{key}`` (authority record)
an agent whose ``dcterms:identifier`` is X  ``agent/{X without FRAN_NP_}``
a place whose ``dcterms:identifier`` is X   ``place/{X}`` (the converter's layout for a ``geogname``)
a concept whose ``dcterms:identifier`` is   ``thing/{X}`` (``skos:Concept``), ``activityType/{X}``,
X, by its class                             ``occupationType/{X}``, ``carrierType/{X}``,
                                            ``representationType/{X}``, ``documentaryFormType/{X}``,
                                            ``recordState/{X}`` (the converter's vocabularies' IRIs)
==========================================  ==========================================

An agent's key may be scoped by its agency (:mod:`lod.mapping.scoped_keys`, an id such as ``65``); the table
goes by ``dcterms:identifier``, which stays the number as written, and the converter's ids (``FRAN_…``) are never
scoped. Our ``owl:sameAs`` from an EAD name to an external authority (:mod:`lod.mapping.authority_ids`) is
compared like any statement: none of the converter's EAD unit tests names one (their sources are the ANF's
referentials, which give no link); ``skos:exactMatch`` (places, concepts) is SKOS, said beside.

Any other node of ours, every blank node on either side, and a node the converter names and describes under
an IRI of its own that has no counterpart in the table (an agent's names, relation nodes) is compared by its
content: its description restricted
to the compared vocabularies, recursively. Both graphs are restricted to the predicates of RiC-O, RDF, RDFS,
Dublin Core elements and OWL, less the four the converter's ``UnitTests.md`` says it does not compare. Our
other vocabularies (schema.org, Dublin Core terms, FOAF, SKOS) are said beside and not compared. Literals are
compared by their text with runs of spaces collapsed, their language and datatype; markup (``rdf:XMLLiteral``,
``rdf:HTML``) by its elements' local names, attributes and texts, the spaces that lay it out ignored.

>>> g = Graph(); _ = g.add((URIRef(CONVERTER_BASE + "record/1"), RICO.title, Literal("T")))
>>> compare(g, g, "http://x.org/").agrees
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from rdflib import Graph, Literal, URIRef

from lod.vocab import AUTHORITY_RECORD, FINDING_AID, KIND_SEGMENT, RECORD_RESOURCE, DC, DCTERMS, OWL, RDF, RDFS, RICO, SKOS, Local

CONVERTER_BASE = "https://rdf.archives-nationales.culture.gouv.fr/"
COMPARED = tuple(str(ns) for ns in (RICO, RDF, RDFS, DC, OWL))
NOT_COMPARED = {RICO.hasOrganicProvenance, RICO.hasOrHadHolder, RDFS.seeAlso, RICO.isOrWasRegulatedBy}
_INSTANTIATION = re.compile(r"(.*)/instantiation/(\d+)")


#: a class of ours -> the converter's path for things of that class known by an authority's identifier
CONCEPT_PATHS = {SKOS.Concept: "thing", RICO.ActivityType: "activityType", RICO.OccupationType: "occupationType",
                 RICO.CarrierType: "carrierType", RICO.RepresentationType: "representationType",
                 RICO.DocumentaryFormType: "documentaryFormType", RICO.RecordState: "recordState"}


def converter_iri(ours: str, base: str, identifiers: dict[str, str], concepts: dict[str, str] | None = None) -> str | None:
    """The converter's IRI for one of ours (see the module's table), None where we have no counterpart;
    ``identifiers`` our nodes' ``dcterms:identifier``, ``concepts`` the converter's path by our concepts' class.

    >>> converter_iri("http://x.org/id/record-resource/058220/top/instantiation/1", "http://x.org/", {})
    'https://rdf.archives-nationales.culture.gouv.fr/instantiation/top-058220-i1'
    >>> converter_iri("http://x.org/id/person/fran-np-050551", "http://x.org/", {"http://x.org/id/person/fran-np-050551": "FRAN_NP_050551"})
    'https://rdf.archives-nationales.culture.gouv.fr/agent/050551'
    """
    parsed = Local(base).parse(ours)
    if concepts and ours in concepts and ours in identifiers:  # a concept: its class says the converter's path
        return f"{CONVERTER_BASE}{concepts[ours]}/{identifiers[ours]}"
    if ours in identifiers:
        ident = identifiers[ours]
        if parsed and parsed[0] == KIND_SEGMENT["place"]:
            return f"{CONVERTER_BASE}place/{ident}"
        return f"{CONVERTER_BASE}agent/{ident[len('FRAN_NP_'):] if ident.startswith('FRAN_NP_') else ident}"
    if parsed is None:
        return None
    kind, path = parsed
    n = None
    if m := _INSTANTIATION.fullmatch(path):
        path, n = m.group(1), m.group(2)
    if kind == RECORD_RESOURCE and path.count("/") == 1:  # a node below a unit (…/original/1) has none
        key, cid = path.split("/", 1)
        name = f"top-{key}" if cid == "top" else f"{key}-{cid}"
        return f"{CONVERTER_BASE}instantiation/{name}-i{n}" if n else f"{CONVERTER_BASE}recordResource/{name}"
    if kind in (FINDING_AID, AUTHORITY_RECORD) and "/" in path:
        return None  # a sub-node of the record (an activity, a relation node): compared by content
    if kind == FINDING_AID:
        return f"{CONVERTER_BASE}instantiation/{path}-i{n}" if n else f"{CONVERTER_BASE}record/{path}"
    if kind == AUTHORITY_RECORD:
        return f"{CONVERTER_BASE}instantiation/{path}" if n else f"{CONVERTER_BASE}record/{path}"
    return None


@dataclass
class Comparison:
    """What the converter states that we do not (``missing``), and what we state of the nodes it describes
    that it does not (``extra``), as canonical triples."""

    missing: set = field(default_factory=set)
    extra: set = field(default_factory=set)

    @property
    def agrees(self) -> bool:
        return not self.missing and not self.extra


def _restricted(g: Graph) -> Graph:
    out = Graph()
    for s, p, o in g:
        if str(p).startswith(COMPARED) and p not in NOT_COMPARED and (p != RDF.type or str(o).startswith(COMPARED)):
            out.add((s, p, o))  # a class of another vocabulary (foaf:Person beside rico:Person) is said beside
    return out


def _literal(o: Literal) -> tuple:
    r"""A literal made comparable: ``("literal", text, language, datatype)``.

    >>> _literal(Literal('<h:p xmlns:h="http://www.w3.org/1999/xhtml"> a\n  b </h:p>', datatype=RDF.XMLLiteral))
    ('literal', '<p>a b</p>', '', 'markup')
    """
    if o.datatype in (RDF.XMLLiteral, RDF.HTML):
        return ("literal", _markup(str(o)), "", "markup")
    return ("literal", " ".join(str(o).split()), o.language or "", str(o.datatype) if o.datatype else "")


_FRAGMENT = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False)


def _markup(value: str) -> str:
    r"""Markup as its elements' local names, sorted attributes and texts, spaces collapsed and those between
    elements dropped (namespace prefixes and declarations are how it was written, not what it says); text
    that does not parse is compared as its collapsed text.

    >>> _markup('<x:div xmlns:x="http://www.w3.org/1999/xhtml" xml:lang="fr">\n <x:h4>T</x:h4> <x:p>a  b</x:p></x:div>')
    '<div lang="fr"><h4>T</h4><p>a b</p></div>'
    """
    try:
        root = etree.fromstring(f"<r>{value}</r>".encode(), _FRAGMENT)
    except etree.XMLSyntaxError:
        try:  # prefixes declared on an ancestor the lexical form left out: the XHTML one
            root = etree.fromstring(f'<r xmlns:html="http://www.w3.org/1999/xhtml">{value}</r>'.encode(), _FRAGMENT)
        except etree.XMLSyntaxError:
            return " ".join(value.split())

    def text(t: str | None) -> str:
        return " ".join((t or "").split())

    def walk(e) -> str:
        name = etree.QName(e).localname
        attrs = "".join(f' {etree.QName(k).localname}="{v}"' for k, v in sorted(e.attrib.items()))
        inner = text(e.text) + "".join((walk(c) if isinstance(c.tag, str) else "") + text(c.tail) for c in e)
        return f"<{name}{attrs}>{inner}</{name}>"

    return text(root.text) + "".join((walk(c) if isinstance(c.tag, str) else "") + text(c.tail) for c in root)


class _Canon:
    """Terms made comparable: corresponded IRIs as the converter's, other nodes as their description."""

    def __init__(self, g: Graph, named: dict[str, str], by_content: frozenset = frozenset()) -> None:
        self.g, self.named, self.memo, self.by_content = g, named, {}, by_content

    def term(self, t, path: tuple = ()):
        """A term's comparable form; a node's description is followed down from where it is met, a node
        met again on that path written ``("node", "…")`` (the same for both graphs whatever the order in
        which their triples come)."""
        if isinstance(t, Literal):
            return _literal(t)
        if isinstance(t, URIRef) and str(t) in self.named:
            return ("iri", self.named[str(t)])
        if isinstance(t, URIRef) and not self._ours(t) and t not in self.by_content:  # theirs, or a vocabulary's
            return ("iri", str(t))
        if t in path:
            return ("node", "…")  # a cycle back to a node being described
        if len(path) > 8:
            return ("node",)
        key = (t, frozenset(path))
        if key not in self.memo:
            self.memo[key] = ("node", frozenset((str(p), self.term(o, (*path, t)))
                                                for p, o in self.g.predicate_objects(t)))
        return self.memo[key]

    def _ours(self, t) -> bool:
        return self.named.get("__base__", "") != "" and str(t).startswith(self.named["__base__"])

    def triples(self, subjects: set | None = None) -> set:
        return {(self.term(s), str(p), self.term(o)) for s, p, o in self.g
                if not _anonymous(self.term(s)) and (subjects is None or self.term(s) in subjects)}


def _anonymous(t) -> bool:
    return t[0] == "node"


def compare(ours: Graph, expected: Graph, base: str) -> Comparison:
    """Our graph beside the converter's expected graph (see the module's docstring)."""
    local = Local(base)
    identifiers = {str(s): str(o) for s, o in ours.subject_objects(DCTERMS.identifier)
                   if isinstance(s, URIRef) and (local.parse(s) or ("",))[0] != RECORD_RESOURCE}
    concepts = {str(s): CONCEPT_PATHS[o] for s, o in ours.subject_objects(RDF.type) if o in CONCEPT_PATHS}
    named = {str(s): iri for s in set(ours.subjects()) | set(ours.objects()) if isinstance(s, URIRef)
             for iri in [converter_iri(str(s), base, identifiers, concepts)] if iri}
    named["__base__"] = local.base
    mine = _Canon(_restricted(ours), named, _minted(ours))  # the same rule on both sides
    theirs = _Canon(_restricted(expected), {}, _minted(expected))
    expected_triples = theirs.triples()
    described = {s for s, _, _ in expected_triples}
    every = mine.triples()
    return Comparison(missing=expected_triples - every, extra={t for t in every if t[0] in described} - expected_triples)


#: the first segments of the converter's IRIs that correspond to ours (the module's table)
CORRESPONDED = ("record", "recordResource", "instantiation", "agent", *CONCEPT_PATHS.values())


def _minted(expected: Graph) -> frozenset:
    """The converter's IRIs for nodes it describes and we make as sub-nodes of ours, compared by content: an
    agent's names (``agentName/{id}-{name}``), relation nodes (``agentHierarchicalRelation/{a}-{b}-{dates}``,
    ``performanceRelation/…``), minted from what they say; their counterparts are our ``…/name/{n}``,
    ``…/relation/{n}``, which map to nothing (EAC-CPF)."""
    return frozenset(s for s in expected.subjects() if isinstance(s, URIRef) and str(s).startswith(CONVERTER_BASE)
                     and str(s)[len(CONVERTER_BASE):].split("/", 1)[0] not in CORRESPONDED)

