"""The store seam: one interface, one file per backend (``oxigraph.py``: embedded pyoxigraph; ``remote.py``:
any SPARQL 1.1 store). A new backend is one file and one line in :func:`lod.store.open_store`.

Ingest writes through :class:`Writer` (all or nothing); the web layer and ``lod query`` read through
:class:`Store`, which also owns what depends on the backend: how a resource is described
(:meth:`Store.describe`), the executor of users' queries (:meth:`Store.executor`) and the version caches
are keyed by (:meth:`Store.version`, :attr:`Store.distinct_versions`). Queries see the union of all named
graphs as the default graph.
"""
from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox
from rdflib.term import Node

from lod.formats import get
from lod.vocab import VOID, Local

if TYPE_CHECKING:
    from lod.sparql.executor import Executor, QueryLimits
    from lod.store.describe import Description
    from lod.store.documents import DocumentStore

Triple = tuple[Node, Node, Node]


class StoreError(Exception):
    """The store cannot do what was asked (missing, locked, unwritable); the message says why."""


class QueryError(ValueError):
    """A query the store rejects (syntax error, unsupported form); the message is the parser's."""


@dataclass
class QueryAnswer:
    """A query's answer serialised in a requested format."""

    kind: str  # "bindings" | "boolean" | "graph"
    body: bytes
    media_type: str


class Writer(abc.ABC):
    """One ingest: graphs put here become visible together on :meth:`commit`, or not at all."""

    @abc.abstractmethod
    def graph_digest(self, graph: str) -> str | None:
        """The content digest recorded for a graph, or None if the graph is not in the store."""

    @abc.abstractmethod
    def put_graph(self, graph: str, triples: Iterable[Triple], digest: str, provenance: bool = True) -> None:
        """Replace a named graph as a whole (``""`` is the default graph); ``provenance`` adds the
        graph's ``prov:generatedAtTime``. Triples of rdflib or of pyoxigraph terms (a mapped record's)."""

    def own_statements(self, graph: str, provenance: bool = True) -> int:
        """How many statements :meth:`put_graph` adds to a graph besides its triples (its
        ``prov:generatedAtTime``), so that an ingest can say what the store holds."""
        return 1 if provenance and graph else 0

    def before_publish(self, hook: Callable[[str], None]) -> None:
        """Have ``hook(tag)`` called with the version tag :meth:`commit` publishes, once the new data is
        complete and before any reader can see it; a hook that raises aborts the commit. Only a backend with
        versions of its own (one that has :meth:`Store.documents`) calls it."""
        self.__dict__.setdefault("_publish_hooks", []).append(hook)

    def _publishing(self, tag: str) -> None:
        for hook in self.__dict__.get("_publish_hooks", ()):
            hook(tag)

    @abc.abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Remove a named graph."""

    @abc.abstractmethod
    def commit(self) -> None:
        """Make every change visible at once."""

    @abc.abstractmethod
    def abort(self) -> None:
        """Forget every change; the store stays as it was."""

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


class Store(abc.ABC):
    """Read access to a dataset of named graphs."""

    kind: str = ""  # the backend's name, as /health reports it
    # whether every ingest gets a version of its own, so that documents made from the store can be kept
    # under it; a backend whose version can repeat has only small facts (counts, graph names) kept
    distinct_versions: bool = True

    @abc.abstractmethod
    def query(self, sparql: str, fmt: str) -> QueryAnswer:
        """Run a SPARQL query over the union default graph; serialise its answer as ``fmt`` (a name in
        :mod:`lod.formats`: results formats for SELECT/ASK, RDF formats for CONSTRUCT/DESCRIBE)."""

    @abc.abstractmethod
    def select(self, sparql: str) -> Iterator[dict[str, Node]]:
        """Run a SELECT query and yield rows as rdflib terms (for our own code)."""

    @abc.abstractmethod
    def construct(self, sparql: str) -> list[ox.Triple]:
        """Run a CONSTRUCT/DESCRIBE query and return its triples as the engine's (pyoxigraph) terms."""

    @abc.abstractmethod
    def version(self) -> tuple[str, float]:
        """An opaque tag that changes with every ingest, and the time (epoch seconds) of that ingest."""

    @abc.abstractmethod
    def dump(self, out: BinaryIO, fmt: str) -> None:
        """Write the whole dataset (``nquads``/``trig``) or the union graph (``turtle``, ``ntriples``, ``jsonld``)."""

    def dump_graphs(self, out: BinaryIO, graphs: Iterable[str], batch: int = 200) -> int:
        """Write the named ``graphs`` as N-Quads (a collection's share of the dataset); how many statements.
        By SPARQL (``GRAPH ?g`` over ``VALUES``, a batch of graphs a query), which every backend answers alike;
        a backend may read its graphs faster."""
        from lod.store.terms import to_ox
        from lod.store.describe import check_iri
        names = sorted(set(graphs))
        n = 0
        for i in range(0, len(names), batch):
            values = " ".join(f"<{check_iri(g)}>" for g in names[i:i + batch])
            rows = self.select(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
            quads = [ox.Quad(to_ox(r["s"]), to_ox(r["p"]), to_ox(r["o"]), to_ox(r["g"])) for r in rows]
            ox.serialize(quads, out, get("nquads").oxigraph)
            n += len(quads)
        return n

    @abc.abstractmethod
    def writer(self, replace: bool = False) -> Writer:
        """Start an ingest; ``replace`` starts from an empty dataset."""

    def describe(self, iri: str, page: int = 1, page_size: int | None = None) -> "Description":
        """What ``iri``'s document contains (:mod:`lod.store.describe`); ``page`` pages its inbound links
        (1-based). ValueError for a string that is no IRI."""
        from lod.store.describe import PAGE_SIZE, check_iri
        return self._describe(check_iri(str(iri)), max(1, page), page_size or PAGE_SIZE)

    def _describe(self, iri: str, page: int, page_size: int) -> "Description":
        """How this backend reads a description: by SPARQL, unless it has something faster."""
        from lod.store.describe import describe_sparql
        return describe_sparql(self, iri, page, page_size)

    def documents(self) -> "DocumentStore | None":
        """Where the documents made from this store are kept for every process serving it
        (:mod:`lod.store.documents`), or None when they are not (a remote store)."""
        return None

    def graph_count(self) -> int:
        """How many named graphs the dataset has."""
        return sum(1 for _ in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))

    @abc.abstractmethod
    def executor(self, limits: "QueryLimits") -> "Executor":
        """What evaluates users' queries (the SPARQL endpoint) within ``limits``: in processes cut off the
        network, with a hard time limit and a row cap. Started once, by the application."""

    def exists(self) -> bool:
        """Whether there is a dataset to serve (an embedded store exists after its first ingest)."""
        return True

    def recorded_base(self) -> str | None:
        """The base URI the dataset was ingested with, as it says of itself (``void:uriSpace`` in its
        ``{base}graph/meta/dataset``); None when it does not say (an empty store, or one written by a lod
        that did not record it). Read from the data, so every backend answers alike."""
        rows = self.select(f"SELECT DISTINCT ?g ?space WHERE {{ GRAPH ?g {{ ?d a <{VOID.Dataset}> ; "
                           f"<{VOID.uriSpace}> ?space }} }}")
        bases = sorted({local.base for r in rows if (local := Local.of_uri_space(str(r["space"])))
                        and str(r["g"]) == str(local.dataset_graph)})
        if len(bases) > 1:
            raise StoreError(f"the store holds datasets of several bases ({', '.join(bases)}); rebuild it with "
                             f"`lod ingest --replace --base URI …`")
        return bases[0] if bases else None

    def close(self) -> None:
        """Release the store."""
