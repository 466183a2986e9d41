"""Every class and property we emit exists in its published vocabulary (RiC-O 1.1 from vocab/, rdflib's
strict term lists for the others, our own vocab/*.ttl for our terms)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DC, DCMITYPE, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from lod.mapping.concepts import vocabulary
from lod.vocab import RICDFT, RICO, RICRST
from tests.conftest import BASE

VOCAB = Path(__file__).resolve().parent.parent / "vocab"


def _published_terms() -> dict[str, set[str]]:
    terms: dict[str, set[str]] = {}
    for ns in (SDO, DC, DCTERMS, FOAF, PROV, SKOS, DCMITYPE, OWL, RDFS, RDF, XSD, VOID):
        terms[str(ns._NS)] = set(getattr(ns, "__annotations__", {})) | set(getattr(ns, "_extras", []))
    for ns, path in ((RICO, "RiC-O_1-1.rdf"), (RICRST, "RiC_RecordSetTypes_vocabulary.rdf"),
                     (RICDFT, "RiC_DocumentaryFormTypes_vocabulary.rdf")):
        g = Graph().parse(VOCAB / path)
        terms[str(ns)] = {str(s)[len(str(ns)):] for s in g.subjects() if str(s).startswith(str(ns))}
    return terms


PUBLISHED = _published_terms()
OURS = {str(s) for s in vocabulary(BASE).subjects()}


def _check(iri: URIRef) -> bool:
    s = str(iri)
    if s.startswith(BASE + "vocab/"):
        return s in OURS
    for ns, names in PUBLISHED.items():
        if s.startswith(ns):
            return s[len(ns):] in names
    return False


def test_every_predicate_and_class_exists(ingested):
    store, _ = ingested
    used = {row["t"] for row in store.select("SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")}
    unknown = sorted(str(t) for t in used if not _check(t))
    assert not unknown, f"terms not in their vocabulary: {unknown}"


def test_concepts_we_point_to_exist(ingested):
    store, _ = ingested
    rows = store.select(f"""SELECT DISTINCT ?c WHERE {{ ?s ?p ?c . FILTER(isIRI(?c) &&
        STRSTARTS(STR(?c), "{BASE}vocab/")) FILTER NOT EXISTS {{ ?c a ?type }} }}""")
    assert not [str(r["c"]) for r in rows]


@pytest.mark.parametrize("wrong", ["hasOrHadAddressee", "hasOrHadSender", "hasOrHadDocumentaryFormType",
                                   "hasInstantiation", "Role", "SingleDate", "DateRange"])
def test_terms_that_do_not_exist_are_caught(wrong):
    assert not _check(RICO[wrong])


def test_mentions_is_not_dublin_core():
    assert not _check(URIRef(str(DCTERMS) + "mentions"))
