"""A record's graph is mapped to pyoxigraph terms: the same statements, the same digests, as the rdflib terms
the mapping made before (so a store written then keeps its digests, and unchanged graphs are not rewritten)."""
from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from lod.ingest import digest, structured_names
from lod.mapping.record import RecordMapper
from lod.mapping.terms import lit
from lod.names import Resolver, load_authority
from lod.sources import read_source
from lod.store.terms import as_ox, from_ox, to_ox
from lod.vocab import XSD, Local
from tests.conftest import AUTHORITY, BASE, RECORDS


def _mapped_corpus():
    records = [rec for path in sorted(RECORDS.glob("*.txt")) for rec in read_source(path, str(path))[0]]
    resolver = Resolver(load_authority(AUTHORITY))
    resolver.register({n for rec in records for n in structured_names(rec)})
    mapper = RecordMapper(Local(BASE), resolver)
    return [mapper.map(rec) for rec in records]


def test_the_corpus_graphs_digest_as_their_rdflib_form():
    mapped = _mapped_corpus()
    assert mapped
    for out in mapped:
        as_rdflib = [tuple(map(from_ox, t)) for t in out.triples]
        assert digest(out.triples) == digest(as_rdflib), out.record_id
        assert [tuple(map(to_ox, t)) for t in as_rdflib] == out.triples  # converting back changes nothing


def test_terms_convert_with_their_lexical_form_and_digest_alike():
    s, p = URIRef("http://x.org/id/record/1"), URIRef("http://x.org/p")
    for o in (Literal("x"), Literal("x", lang="en"), Literal("12", datatype=XSD.integer), Literal("1950", datatype=XSD.gYear),
              URIRef("http://x.org/o"), BNode("b1")):
        assert as_ox(o) == to_ox(o)
        assert digest([(s, p, o)]) == digest([(as_ox(s), as_ox(p), as_ox(o))]), o
    assert lit(12) == to_ox(Literal(12)) and lit("x", "en") == to_ox(Literal("x", lang="en"))
    assert digest([(s, p, Literal("x"))]) != digest([(s, p, Literal("x", lang="en"))])


def test_a_page_url_that_is_no_iri_is_left_out_with_a_warning():
    """Found by the reader fuzz: a scraper row's ``document_url`` of ``[]`` (the store would refuse it)."""
    from lod.model import Record

    out = RecordMapper(Local(BASE), Resolver([])).map(Record(source="a.jsonl", source_format="scrape-jsonl",
                                                            record_id="1", title="Letter", url="[]"))
    assert not [t for t in out.triples if "[]" in t[2].value]
    assert any("page URL '[]' left out" in w for w in out.warnings)
