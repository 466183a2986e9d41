"""The embedded writer loads in bounded batches (``BATCH_QUADS``): a graph larger than a batch, graphs that
share one, a graph put twice, all land whole in the committed generation, on a real store on disk."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

import lod.store.oxigraph as embedded
from lod.ingest import digest
from lod.store.oxigraph import EmbeddedStore

EX = "http://x.test/"


def _triples(graph: str, n: int) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.Literal]]:
    return [(ox.NamedNode(f"{EX}{graph}/s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"{graph} {i}")) for i in range(n)]


def _held(store: EmbeddedStore, graph: str) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value)
            for q in store.snapshot().quads_for_pattern(None, None, None, ox.NamedNode(EX + graph))
            if q.predicate.value == EX + "p"}


@pytest.mark.parametrize("batch", [7, 1000])
def test_graphs_larger_than_a_batch_are_loaded_whole(tmp_path, monkeypatch, batch: int) -> None:
    monkeypatch.setattr(embedded, "BATCH_QUADS", batch)
    store = EmbeddedStore(tmp_path / "store")
    graphs = {"big": _triples("big", 45), "small": _triples("small", 3), "again": _triples("again", 20)}
    with store.writer(replace=True) as w:
        w.put_graph(EX + "again", _triples("first", 30), "d0")  # replaced by the second put below
        for name, triples in graphs.items():
            w.put_graph(EX + name, iter(triples) if name == "small" else triples, digest(triples))
    for name, triples in graphs.items():
        assert _held(store, name) == {(s.value, p.value, o.value) for s, p, o in triples}
    assert len(store.snapshot()) == 45 + 3 + 20 + 3  # and one provenance statement a graph
