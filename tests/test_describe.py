"""A description (lod.store.describe) is the same triples however it is read: by the embedded store's index
lookups, with the labels it keeps between descriptions warm or cold, and by SPARQL (the remote stores' way)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from lod.store.describe import describe_patterns, describe_sparql

KINDS = ("Record", "Person", "CorporateBody", "Place", "RecordSet")


def _iris(store, kind: str, limit: int = 40) -> list[str]:
    return [str(r["x"]) for r in store.select(
        f"SELECT ?x WHERE {{ ?x a <https://www.ica.org/standards/RiC/ontology#{kind}> }} ORDER BY ?x LIMIT {limit}")]


@pytest.mark.parametrize("kind", KINDS)
def test_the_three_ways_give_the_same_triples(ingested, backend, kind):
    store, _ = ingested
    iris = _iris(store, kind)
    assert iris, kind
    for iri in iris:
        by_sparql = describe_sparql(store, iri, 1)
        served = store.describe(iri)
        assert set(served.triples) == set(by_sparql.triples) and served.inbound == by_sparql.inbound, iri
    if backend != "embedded":
        return
    engine = store.snapshot()
    match = lambda s, p, o: engine.quads_for_pattern(s, p, o, None)  # noqa: E731
    graphs = lambda g: engine.quads_for_pattern(None, None, None, g)  # noqa: E731
    names: dict = {}
    for _ in range(2):  # the second time every linked node's labels come from ``names``
        for iri in iris:
            cold = describe_patterns(match, iri, 1, graphs=graphs)
            warm = describe_patterns(match, iri, 1, graphs=graphs, names=names)
            assert set(cold.triples) == set(warm.triples), iri
    assert names and all(isinstance(k[0], ox.NamedNode) for k in names)
