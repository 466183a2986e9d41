"""The SPARQL 1.1 Service Description of our endpoint (``GET /sparql`` without a query, in RDF)."""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef

from lod.formats import FORMATS
from lod.vocab import RDF, SD, VOID, W3_FORMATS, XSD, Local


def service_description(base: str, triples: int, graphs: list[str]) -> Graph:
    """``sd:Service`` with the endpoint, language, result formats, features and default dataset."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    local = Local(base)
    svc = local.service("service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, local.sparql))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for fmt in FORMATS:  # every format the endpoint answers in that has a W3C name
        if fmt.w3c:
            g.add((svc, SD.resultFormat, W3_FORMATS[fmt.w3c]))
    ds = local.service("dataset")
    g.add((svc, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    dg = local.service("default-graph")
    g.add((ds, SD.defaultGraph, dg))
    g.add((dg, RDF.type, SD.Graph))
    g.add((dg, VOID.triples, Literal(triples, datatype=XSD.integer)))
    for name in graphs:
        ng = BNode()
        g.add((ds, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
    return g
