"""The benchmark's like-for-like baseline (bench/construct.py): our describe's queries joined into one
CONSTRUCT give exactly the triples of the document we serve, on the bundled records, for records, people,
bodies and places, on both store backends."""
from __future__ import annotations

import pytest

from bench.construct import describe_construct, split_construct

KINDS = ("Record", "Person", "CorporateBody", "Place")


def _some(store, kind: str, limit: int) -> list[str]:
    q = (f"SELECT DISTINCT ?x WHERE {{ ?x a <https://www.ica.org/standards/RiC/ontology#{kind}> }} "
         f"ORDER BY ?x LIMIT {limit}")
    return [str(row["x"]) for row in store.select(q)]


@pytest.mark.parametrize("kind", KINDS)
def test_one_construct_gives_the_triples_we_serve(ingested, kind):
    store, _ = ingested
    iris = _some(store, kind, 30)
    assert iris, kind
    for iri in iris:
        served = set(store.describe(iri, 1).triples)
        assert served
        assert set(store.construct(describe_construct(iri))) == served, iri


def test_an_unknown_iri_gives_nothing(ingested):
    store, _ = ingested
    assert list(store.construct(describe_construct("http://localhost:5000/id/record/no-such-record"))) == []


def test_a_query_that_is_not_a_construct_is_refused():
    with pytest.raises(ValueError, match="not a CONSTRUCT"):
        split_construct("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(ValueError, match="unbalanced"):
        split_construct("CONSTRUCT { ?s ?p ?o WHERE { ?s ?p ?o }")
