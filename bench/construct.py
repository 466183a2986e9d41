"""The like-for-like baseline: our own document's triples asked of oxigraph as one SPARQL CONSTRUCT.

The queries are lod's own (:func:`lod.store.describe.describe_sparql`, which gives the same triples as the
index lookups the embedded store serves), captured by running it against a store that only records what
it is asked, then joined into one CONSTRUCT: the templates side by side, the patterns as a UNION (each
template triple is made only from the branch that binds all its variables). The suite checks at run time
that oxigraph's answer is the triples we serve (``same_triples``); tests/test_bench_construct.py checks it
on the bundled records.

>>> q = describe_construct("http://localhost:5000/id/record/1")
>>> q.startswith("CONSTRUCT {") and " UNION " in q
True
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal

from lod.store.describe import describe_sparql
from lod.vocab import RDF, RICO


class _Recorder:
    """Stands for a store: answers the first CONSTRUCT with one triple (so the inbound query is asked too),
    every SELECT with a count of 0, and keeps the queries."""

    def __init__(self, iri: str) -> None:
        self.iri, self.constructs = iri, []

    def construct(self, sparql: str) -> list:
        self.constructs.append(sparql)
        return [ox.Triple(ox.NamedNode(self.iri), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RICO.Record)))
                ] if len(self.constructs) == 1 else []

    def select(self, sparql: str) -> list[dict]:
        return [{"n": Literal(0)}]


def _block(text: str, start: int) -> tuple[str, int]:
    """The text inside the brace group opening at or after ``start``, and the index after it. Braces in
    string literals are skipped (an IRI in a query cannot hold one)."""
    i = text.index("{", start)
    depth, j, quote = 0, i, None
    while j < len(text):
        c = text[j]
        if quote:
            if c == "\\":
                j += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
        j += 1
    raise ValueError(f"unbalanced braces in {text[:80]!r}…")


def split_construct(q: str) -> tuple[str, str]:
    """(template, pattern) of ``CONSTRUCT { T } WHERE { P }``.

    >>> split_construct('CONSTRUCT { ?s ?p "}" } WHERE { ?s ?p "}" }')
    (' ?s ?p "}" ', ' ?s ?p "}" ')
    """
    head = q.lstrip()
    if not head.upper().startswith("CONSTRUCT"):
        raise ValueError(f"not a CONSTRUCT: {q[:80]!r}")
    template, end = _block(head, 0)
    where = head.upper().index("WHERE", end)
    pattern, _ = _block(head, where)
    return template, pattern


def describe_construct(iri: str, page: int = 1) -> str:
    """lod's describe of ``iri`` (one page of what points to it) as one CONSTRUCT query."""
    rec = _Recorder(iri)
    describe_sparql(rec, iri, page)  # type: ignore[arg-type]  # a recorder, not a Store
    parts = [split_construct(q) for q in rec.constructs]
    templates = " . ".join(t.strip().rstrip(".") for t, _ in parts)
    patterns = " UNION ".join(f"{{ {p} }}" for _, p in parts)
    return f"CONSTRUCT {{ {templates} }} WHERE {{ {patterns} }}"
