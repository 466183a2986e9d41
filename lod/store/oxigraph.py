"""The embedded backend: pyoxigraph on disk, with atomic ingests by generation swap.

Layout of a store directory::

    DIR/current        -> gen-000003   (symlink: the generation readers open)
    DIR/gen-000003/    a pyoxigraph (RocksDB) store
    DIR/gen-000003.json  content digests of its named graphs
    DIR/.lock          held by the one running ingest

An ingest copies the current generation (``Store.backup``, hard links where possible) or starts an
empty one, changes the copy, then swaps the ``current`` link with one ``rename``: a reader sees the old
or the new dataset, and an ingest killed midway leaves only an unused directory that the next ingest
removes. Readers open generations read-only and follow the link when it moves.

A description is read by index lookups on the current generation (:func:`lod.store.describe.describe_patterns`);
users' queries run in a pool of isolated processes that open the store themselves
(:class:`lod.sparql.executor.ProcessExecutor`).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node

from lod.formats import DATASET_FORMATS, RESULT_FORMATS, SPARQL_JSON, TURTLE, get, named
from lod.sparql.executor import ProcessExecutor, QueryLimits
from lod.store.base import QueryAnswer, QueryError, Store, StoreError, Triple, Writer
from lod.store.describe import Description, describe_patterns
from lod.store.documents import DocumentStore
from lod.store.terms import as_ox, solution_rows, to_ox
from lod.vocab import PROV, XSD

KEEP_GENERATIONS = 2
BATCH_QUADS = 100_000  # quads a bulk load is given at most: it holds them in memory while it sorts them
DOCUMENTS = "documents.sqlite"


def generation_number(tag: str) -> int:
    """``gen-000003`` → 3: generations in the order they were made.

    >>> generation_number("gen-000012") > generation_number("gen-000009")
    True
    """
    return int(tag.rsplit("-", 1)[1])


class EmbeddedStore(Store):
    """A pyoxigraph store directory, read-only for queries; ``writer()`` makes a new generation."""

    kind = "embedded"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._opened: tuple[str, ox.Store] | None = None
        self._names: tuple[str | None, dict] = (None, {})  # labels of described nodes, for one generation
        self._documents: DocumentStore | None = None

    def __reduce__(self) -> tuple:  # pickled as its directory (a query process opens it anew)
        return EmbeddedStore, (str(self.path),)

    # -- reading ------------------------------------------------------------------------------------
    def exists(self) -> bool:
        return (self.path / "current").is_dir()

    def generation(self) -> str | None:
        try:
            return os.readlink(self.path / "current")
        except OSError:
            return None

    def _store(self) -> ox.Store:
        gen = self.generation()
        if gen is None:
            raise StoreError(f"no store at {self.path}: run `lod ingest` first")
        with self._lock:
            if self._opened is None or self._opened[0] != gen:
                try:
                    self._opened = (gen, ox.Store.read_only(str(self.path / gen)))
                except OSError as e:
                    raise StoreError(f"cannot open store {self.path / gen}: {e}") from None
            return self._opened[1]

    def _run(self, sparql: str) -> object:
        try:
            return self._store().query(sparql, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except ValueError as e:
            raise QueryError(str(e)) from None

    def query(self, sparql: str, fmt: str = "json") -> QueryAnswer:
        result = self._run(sparql)
        if isinstance(result, ox.QueryTriples):
            rdf_fmt = named(fmt, DATASET_FORMATS) or TURTLE
            return QueryAnswer("graph", result.serialize(format=rdf_fmt.oxigraph), rdf_fmt.media_type)
        res_fmt = named(fmt, RESULT_FORMATS) or SPARQL_JSON
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "bindings"
        return QueryAnswer(kind, result.serialize(format=res_fmt.oxigraph), res_fmt.media_type)

    def select(self, sparql: str) -> Iterator[dict[str, Node]]:
        return solution_rows(self._run(sparql))

    def construct(self, sparql: str) -> list[ox.Triple]:
        result = self._run(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return list(result)

    def snapshot(self) -> ox.Store:
        """The current generation, read-only: the engine the query processes evaluate on (following
        ingests), and the index lookups (``quads_for_pattern``) a description is read with."""
        return self._store()

    def _describe(self, iri: str, page: int, page_size: int) -> Description:
        engine = self._store()
        names = None
        with self._lock:  # the labels read from one generation serve every description read from it
            if self._opened is not None and self._opened[1] is engine:
                if self._names[0] != self._opened[0]:
                    self._names = (self._opened[0], {})
                names = self._names[1]
        return describe_patterns(lambda s, p, o: engine.quads_for_pattern(s, p, o, None), iri, page, page_size,
                                 lambda g: engine.quads_for_pattern(None, None, None, g), names)

    def documents(self) -> DocumentStore:
        """``DIR/documents.sqlite``: its rows are tagged with the generation's number."""
        with self._lock:
            if self._documents is None:
                self._documents = DocumentStore(self.path / DOCUMENTS, generation_number)
            return self._documents

    def executor(self, limits: QueryLimits) -> ProcessExecutor:
        return ProcessExecutor(self.snapshot, limits.workers, limits.timeout, limits.row_cap,
                               memory_mb=limits.memory_mb, isolation=limits.isolation)

    def version(self) -> tuple[str, float]:
        gen = self.generation()
        if gen is None:
            raise StoreError(f"no store at {self.path}: run `lod ingest` first")
        try:
            return gen, (self.path / f"{gen}.json").stat().st_mtime
        except OSError:
            return gen, (self.path / gen).stat().st_mtime

    def dump(self, out: BinaryIO, fmt: str) -> None:
        found = named(fmt, DATASET_FORMATS)
        if found is None:
            raise StoreError(f"unknown export format {fmt!r}")
        if found.quads:
            self._store().dump(out, format=found.oxigraph)
            return
        result = self._run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        result.serialize(out, format=found.oxigraph)

    def graph_count(self) -> int:
        return sum(1 for _ in self._store().named_graphs())

    def dump_graphs(self, out: BinaryIO, graphs: Iterable[str], batch: int = 200) -> int:
        """As :meth:`Store.dump_graphs`, read from the graphs' index (no query)."""
        store, n = self._store(), 0
        for g in sorted(set(graphs)):
            quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
            ox.serialize(quads, out, get("nquads").oxigraph)
            n += len(quads)
        return n

    def close(self) -> None:
        with self._lock:
            self._opened = None

    # -- writing ------------------------------------------------------------------------------------
    def writer(self, replace: bool = False) -> "EmbeddedWriter":
        return EmbeddedWriter(self, replace)


class EmbeddedWriter(Writer):
    """Builds the next generation beside the current one; ``commit`` swaps it in."""

    def __init__(self, store: EmbeddedStore, replace: bool) -> None:
        self.store = store
        root = store.path
        try:
            root.mkdir(parents=True, exist_ok=True)
            self._lockfile = open(root / ".lock", "a+")  # noqa: SIM115 (held for the writer's life)
        except OSError as e:
            raise StoreError(f"cannot write to store directory {root}: {e.strerror or e}") from None
        try:
            fcntl.flock(self._lockfile, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lockfile.close()
            raise StoreError(f"another ingest is running on {root} (lock {root / '.lock'})") from None
        self._cleanup_unused()
        current = store.generation()
        number = 1 + max([int(p.name[4:]) for p in root.glob("gen-[0-9]*") if p.name[4:].isdigit()] or [0])
        self.name = f"gen-{number:06d}"
        self.tmp = root / f"{self.name}.partial"
        self.digests: dict[str, str] = {}
        try:
            if current and not replace:
                ox.Store.read_only(str(root / current)).backup(str(self.tmp))
                self.digests = json.loads((root / f"{current}.json").read_text()) \
                    if (root / f"{current}.json").exists() else {}
            self.ox = ox.Store(str(self.tmp))
        except OSError as e:
            self._release()
            raise StoreError(f"cannot prepare a new store generation in {root}: {e}") from None
        self.now = Literal(dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
                           .replace("+00:00", "Z"), datatype=XSD.dateTime)
        self.done = False
        self._pending: list[ox.Quad] = []
        self._written: set[str] = set()

    def _cleanup_unused(self) -> None:
        """Remove what killed ingests left, and generations older than the last few."""
        root = self.store.path
        for p in root.glob("gen-*.partial"):
            shutil.rmtree(p, ignore_errors=True)
        current = self.store.generation()
        gens = sorted(p.name for p in root.glob("gen-[0-9]*") if p.is_dir() and p.name[4:].isdigit())
        for name in gens[:-KEEP_GENERATIONS]:
            if name != current:
                shutil.rmtree(root / name, ignore_errors=True)
                (root / f"{name}.json").unlink(missing_ok=True)

    def graph_digest(self, graph: str) -> str | None:
        return self.digests.get(graph)

    def put_graph(self, graph: str, triples: Iterable[Triple], digest: str, provenance: bool = True) -> None:
        g = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        if graph in self._written:
            self._load_pending()  # a graph put twice in one ingest: the second replaces the first
        if graph in self.digests:
            try:
                if graph:
                    self.ox.remove_graph(g)
                else:
                    self.ox.clear_graph(g)
            except OSError as e:
                raise self._failed(e) from None
        self._written.add(graph)
        triples = triples if isinstance(triples, list) else list(triples)
        for i in range(0, len(triples), BATCH_QUADS):  # a large graph (the entities') is loaded in batches too
            self._pending.extend(ox.Quad(as_ox(s), as_ox(p), as_ox(o), g) for s, p, o in triples[i:i + BATCH_QUADS])
            if len(self._pending) >= BATCH_QUADS:
                self._load_pending()
        if provenance and graph:
            self._pending.append(ox.Quad(g, ox.NamedNode(str(PROV.generatedAtTime)), to_ox(self.now), g))
        self.digests[graph] = digest

    def _load_pending(self) -> None:
        """Bulk-load buffered quads: the bulk loader pays a fixed cost per call, so call it rarely, and holds
        what it is given in memory while it sorts it, so give it at most about ``BATCH_QUADS`` at a time."""
        if self._pending:
            try:
                self.ox.bulk_extend(self._pending)
            except OSError as e:  # disk full, store directory gone or unwritable
                raise self._failed(e) from None
            self._pending = []

    def _failed(self, e: OSError) -> StoreError:
        return StoreError(f"cannot write the new store generation in {self.store.path}: {e}; "
                          f"the store is unchanged")

    def drop_graph(self, graph: str) -> None:
        if graph in self.digests:
            self._load_pending()
            try:
                self.ox.remove_graph(ox.NamedNode(graph))
            except OSError as e:
                raise self._failed(e) from None
            del self.digests[graph]

    def graphs(self) -> set[str]:
        return set(self.digests)

    def commit(self) -> None:
        if self.done:
            return
        root = self.store.path
        swapped = False
        try:
            self._load_pending()
            self.ox.flush()
            del self.ox
            try:  # e.g. recording the documents this generation changes, before readers can see it
                self._publishing(self.name)
            except (QueryError, ValueError, OSError) as e:
                raise StoreError(f"could not prepare the publication of {self.name}: {e}") from None
            final = root / self.name
            os.replace(self.tmp, final)
            meta = root / f"{self.name}.json"
            meta.write_text(json.dumps(self.digests, sort_keys=True))
            link = root / "current.next"
            link.unlink(missing_ok=True)
            os.symlink(self.name, link)
            os.replace(link, root / "current")  # the one atomic step readers see
            swapped = True
            fd = os.open(root, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except StoreError:
            self.abort()
            raise
        except OSError as e:
            if swapped:  # only the directory's fsync failed: the new generation is in place
                self.done = True
                self._release()
                raise StoreError(f"published the new store generation but could not sync {root}: {e}") from None
            self.abort()
            raise StoreError(f"could not publish the new store generation: {e}; the store is unchanged") from None
        self.done = True
        self._cleanup_unused()
        self._release()

    def abort(self) -> None:
        if self.done:
            return
        self.done = True
        self.__dict__.pop("ox", None)
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        try:
            fcntl.flock(self._lockfile, fcntl.LOCK_UN)
        finally:
            self._lockfile.close()
