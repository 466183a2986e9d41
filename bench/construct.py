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

from lod.store.describe import LABELS, PAGE_SIZE, describe_sparql
from lod.vocab import RDF, RICO


class _Recorder:
    """Stands for a store: answers the first CONSTRUCT with one triple and every SELECT with no rows (what
    points to the resource is paged by lod itself; :func:`describe_construct` asks it in the same query), and
    keeps the queries."""

    def __init__(self, iri: str) -> None:
        self.iri, self.constructs = iri, []

    def construct(self, sparql: str) -> list:
        self.constructs.append(sparql)
        return [ox.Triple(ox.NamedNode(self.iri), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RICO.Record)))
                ] if len(self.constructs) == 1 else []

    def select(self, sparql: str) -> list[dict]:
        return []


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


def inbound_construct(iri: str, page: int = 1, page_size: int = PAGE_SIZE) -> str:
    """One page of what points to ``iri`` (the resources in the order the store reads them, as lod's describe
    pages them: no ORDER BY; their link, labels and types) as one CONSTRUCT, the page chosen by the engine."""
    labels = f"FILTER(?lp IN ({', '.join(f'<{p}>' for p in LABELS)}))"
    page_of = (f'{{ SELECT DISTINCT ?s WHERE {{ ?s ?p0 <{iri}> . FILTER(isIRI(?s) && !STRSTARTS(STR(?s), "{iri}/")) }} '
               f"OFFSET {(page - 1) * page_size} LIMIT {page_size} }}")
    return (f"CONSTRUCT {{ ?s ?p <{iri}> . ?s ?lp ?l . ?s a ?t }} WHERE {{ {page_of} "
            f"{{ ?s ?p <{iri}> }} UNION {{ ?s ?lp ?l . {labels} }} UNION {{ ?s a ?t }} }}")


def describe_construct(iri: str, page: int = 1) -> str:
    """lod's describe of ``iri`` (one page of what points to it) as one CONSTRUCT query."""
    rec = _Recorder(iri)
    describe_sparql(rec, iri, page)  # type: ignore[arg-type]  # a recorder, not a Store
    parts = [split_construct(q) for q in [*rec.constructs, inbound_construct(iri, page)]]
    templates = " . ".join(t.strip().rstrip(".") for t, _ in parts)
    patterns = " UNION ".join(f"{{ {p} }}" for _, p in parts)
    return f"CONSTRUCT {{ {templates} }} WHERE {{ {patterns} }}"
