"""The remote backend: any SPARQL 1.1 store through the Protocol (queries through SPARQLWrapper), loaded
with the Graph Store Protocol (one ``PUT`` replaces a record's graph) or, without one, SPARQL Update.

Configured with ``--endpoint QUERY_URL [--update-endpoint URL] [--graph-store URL]`` (or ``LOD_ENDPOINT``,
``LOD_UPDATE_ENDPOINT``, ``LOD_GRAPH_STORE``); credentials only from ``LOD_REMOTE_USER`` /
``LOD_REMOTE_PASSWORD``, never logged. The store must present the union of its named graphs as the default
graph (``oxigraph serve --union-default-graph``, Fuseki ``unionDefaultGraph``), like the embedded store.

Each record graph carries its content digest (``{base}vocab/terms#contentDigest`` on the graph's own node),
so a resumed or repeated ingest skips what is already there; each ingest ends by replacing the small graph
``{base}graph/meta/ingest`` whose ``prov:generatedAtTime`` gives ETag and Last-Modified their value.

Users' queries are checked on an empty engine in an isolated process, then forwarded
(:class:`RemoteExecutor`); descriptions are read by SPARQL (``Store.describe``'s default).
"""
from __future__ import annotations

import datetime as dt
import math
import os
import time
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pyoxigraph as ox
import requests
from rdflib import Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from lod import __version__
from lod.formats import DATASET_FORMATS, NTRIPLES, RDF_FORMATS, RESULT_FORMATS, SPARQL_JSON, TURTLE, named
from lod.sparql.executor import Answer, Executor, Job, ProcessExecutor, QueryFailed, QueryLimits, QueryTimeout, shape
from lod.sparql.guard import query_form
from lod.store.base import QueryAnswer, QueryError, Store, StoreError, Triple, Writer
from lod.store.terms import as_ox, solution_rows
from lod.vocab import PROV, RDF, XSD, Local

USER_AGENT = f"lod-archive/{__version__}"


class RemoteStore(Store):
    """A SPARQL 1.1 store over HTTP."""

    kind = "remote"
    distinct_versions = False  # the ingest stamp has one-second resolution: two ingests may share it

    def __init__(self, query_url: str, base: str, update_url: str | None = None,
                 graph_store_url: str | None = None, timeout: float = 30.0) -> None:
        self.query_url, self.update_url, self.graph_store_url = query_url, update_url, graph_store_url
        self.base = base
        self.timeout = timeout
        self.digest_prop = str(Local(base).terms["contentDigest"])
        self.meta_graph = str(Local(base).meta_graph("ingest"))
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        user, password = os.environ.get("LOD_REMOTE_USER"), os.environ.get("LOD_REMOTE_PASSWORD")
        self.auth = (user, password) if user else None
        self.session.auth = self.auth
        self._version: tuple[float, tuple[str, float]] | None = None

    def __repr__(self) -> str:  # never shows credentials
        return f"RemoteStore({self.query_url!r})"

    # -- reading ------------------------------------------------------------------------------------
    def _wrapper(self, sparql: str, accept: str) -> bytes:
        client = SPARQLWrapper(self.query_url, agent=USER_AGENT)
        client.setQuery(sparql)
        client.setMethod("POST")
        client.setRequestMethod("urlencoded")  # every store takes form POSTs (Virtuoso 7.2 hangs on direct ones)
        client.setOnlyConneg(True)
        client.setTimeout(max(1, math.ceil(self.timeout)))
        client.addCustomHttpHeader("Accept", accept)
        if self.auth:
            client.setCredentials(*self.auth)
        try:
            return client.query().response.read()
        except SPARQLWrapperException as e:
            text = str(e)
            if "QueryBadFormed" in type(e).__name__ or "400" in text:
                raise QueryError(f"the store refused the query: {text.splitlines()[0]}") from None
            raise StoreError(f"the triple store at {self.query_url} failed: {text.splitlines()[0]}") from None
        except OSError as e:
            raise StoreError(f"the triple store at {self.query_url} is unreachable: {e}") from None

    def query(self, sparql: str, fmt: str = "json") -> QueryAnswer:
        kind = _form(sparql)
        if kind == "graph":  # triples only: the store's CONSTRUCT answers hold no graph names
            found = named(fmt, RDF_FORMATS) or TURTLE
        else:
            found = named(fmt, RESULT_FORMATS) or SPARQL_JSON
        body = self._wrapper(sparql, found.media_type)
        if kind != "graph" and found is SPARQL_JSON and b'"boolean"' in body[:200]:
            kind = "boolean"
        return QueryAnswer(kind, body, found.media_type)

    def select(self, sparql: str) -> Iterator[dict[str, Node]]:
        body = self._wrapper(sparql, SPARQL_JSON.media_type)
        return solution_rows(ox.parse_query_results(body, format=SPARQL_JSON.oxigraph))

    def construct(self, sparql: str) -> list[ox.Triple]:
        body = self._wrapper(sparql, NTRIPLES.media_type)
        return list(ox.parse(body, format=NTRIPLES.oxigraph))

    def version(self) -> tuple[str, float]:
        now = time.monotonic()
        if self._version and now - self._version[0] < 2.0:
            return self._version[1]
        rows = list(self.select(f"SELECT ?t WHERE {{ GRAPH <{self.meta_graph}> {{ <{self.meta_graph}> "
                                f"<{PROV.generatedAtTime}> ?t }} }} LIMIT 1"))
        stamp = str(rows[0]["t"]) if rows else "never"
        try:
            when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
        except ValueError:
            when = 0.0
        self._version = (now, (stamp, when))
        return stamp, when

    def exists(self) -> bool:
        return True

    def executor(self, limits: QueryLimits) -> "RemoteExecutor":
        """Serving: the store's own reads (ETag version, graph names, descriptions) are held to the
        query time limit as well, so that none outwaits it."""
        self.timeout = min(self.timeout, limits.timeout)
        return RemoteExecutor(self, limits.timeout, limits.row_cap, limits.workers,
                              memory_mb=limits.memory_mb, isolation=limits.isolation)

    def dump(self, out: BinaryIO, fmt: str) -> None:
        ours = f"FILTER(STRSTARTS(STR(?g), \"{Local(self.base).graph_ns}\"))"  # not the store's own graphs (Virtuoso has some)
        found = named(fmt, DATASET_FORMATS)
        if found is None:
            raise StoreError(f"unknown export format {fmt!r}")
        if found.quads:
            body = self._wrapper(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {ours} }}",
                                 SPARQL_JSON.media_type)
            quads = (ox.Quad(r["s"], r["p"], r["o"], r["g"])
                     for r in ox.parse_query_results(body, format=SPARQL_JSON.oxigraph))
            ox.serialize(quads, out, format=found.oxigraph)
            return
        body = self._wrapper(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {ours} }}",
                             NTRIPLES.media_type)
        ox.serialize(ox.parse(body, format=NTRIPLES.oxigraph), out, format=found.oxigraph)

    # -- writing ------------------------------------------------------------------------------------
    def writer(self, replace: bool = False) -> "RemoteWriter":
        if not (self.graph_store_url or self.update_url):
            raise StoreError("loading a remote store needs --graph-store URL or --update-endpoint URL")
        return RemoteWriter(self, replace)

    def _http(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            resp = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as e:
            raise StoreError(f"the triple store at {url.split('?')[0]} is unreachable: {type(e).__name__}") from None
        if resp.status_code >= 400:
            raise StoreError(f"the triple store answered {resp.status_code} to {method} {url.split('?')[0]}: "
                             f"{resp.text[:200]}")
        return resp

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (the update endpoint is required)."""
        if not self.update_url:
            raise StoreError("this operation needs --update-endpoint URL")
        self._http("POST", self.update_url, data=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})


def _form(sparql: str) -> str:
    form = query_form(sparql)
    return "graph" if form in ("CONSTRUCT", "DESCRIBE") else "boolean" if form == "ASK" else "bindings"


class RemoteExecutor(Executor):
    """Forwards checked queries to a remote store's endpoint, with the same time limit and row cap.

    Each query is first evaluated on an empty store in a checker process (the same engine as the embedded
    store: the same 400 messages, and nothing sent for garbage); a query that computes for long on no data
    at all (inline VALUES cross products) is stopped there at the time limit, never in the web process."""

    def __init__(self, store: RemoteStore, timeout: float = 10.0, row_cap: int = 10_000, checkers: int = 1,
                 memory_mb: int = 0, isolation: str = "required") -> None:
        self.store, self.timeout, self.row_cap = store, timeout, row_cap
        self.checker = ProcessExecutor(None, checkers, timeout, 1, memory_mb=memory_mb, isolation=isolation)

    def run(self, job: Job) -> Answer:
        graph = named(job.fmt, DATASET_FORMATS) is not None
        params: list[tuple[str, str]] = [("default-graph-uri", g) for g in job.default_graphs or []]
        params += [("named-graph-uri", g) for g in job.named_graphs or []]
        self.checker.run(Job(job.query, "json", base_iri=job.base_iri))  # raises QueryFailed / QueryTimeout
        query = f"BASE <{job.base_iri}> {job.query}" if job.base_iri else job.query  # same line: same positions
        accept = (NTRIPLES if graph else SPARQL_JSON).media_type
        try:  # form-encoded: every store takes it (Virtuoso 7.2 never answers application/sparql-query POSTs)
            resp = self.store.session.post(self.store.query_url, data=[("query", query), *params],
                                           headers={"Accept": accept},
                                           timeout=(min(5.0, self.timeout), self.timeout))
        except requests.Timeout:
            raise QueryTimeout(f"query stopped after the {self.timeout:g} s time limit") from None
        except requests.RequestException as e:
            raise StoreError(f"the triple store is unreachable ({type(e).__name__})") from None
        if resp.status_code == 400:
            raise QueryFailed(f"the store refused the query: {resp.text[:300]}")
        if resp.status_code >= 400:
            raise StoreError(f"the triple store answered {resp.status_code}")
        if graph:
            result = ox.parse(resp.content, format=NTRIPLES.oxigraph)
        else:
            result = ox.parse_query_results(resp.content, format=SPARQL_JSON.oxigraph)
        kind, body, truncated = shape(result, job.fmt, self.row_cap)
        return Answer(kind, body, job.fmt, truncated)

    def close(self) -> None:
        self.checker.close()


class RemoteWriter(Writer):
    """Replaces record graphs one request each; the ingest's meta graph is written last."""

    def __init__(self, store: RemoteStore, replace: bool) -> None:
        self.store = store
        self.replace = replace
        self.digests = self._read_digests()
        self.written: set[str] = set()
        self.failed: list[tuple[str, str]] = []
        self.now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def _read_digests(self) -> dict[str, str]:
        """The graphs the store holds with their digests; rebuilding under a new base, those of the base
        the store records too, so that the commit drops them."""
        props = {self.store.digest_prop}
        recorded = self.store.recorded_base() if self.replace else None
        if recorded:
            props.add(str(Local(recorded).terms["contentDigest"]))
        rows = self.store.select(f"SELECT ?g ?d WHERE {{ VALUES ?p {{ {' '.join(f'<{p}>' for p in sorted(props))} }} "
                                 f"GRAPH ?g {{ ?g ?p ?d }} }}")
        return {str(r["g"]): str(r["d"]) for r in rows}

    def graph_digest(self, graph: str) -> str | None:
        return None if self.replace else self.digests.get(graph)

    def put_graph(self, graph: str, triples: Iterable[Triple], digest: str, provenance: bool = True) -> None:
        g = URIRef(graph)
        extra: list[Triple] = [(g, URIRef(self.store.digest_prop), Literal(digest))]
        if provenance and graph:
            extra.append((g, PROV.generatedAtTime, Literal(self.now, datatype=XSD.dateTime)))
        body = ox.serialize((ox.Triple(as_ox(s), as_ox(p), as_ox(o)) for s, p, o in [*triples, *extra]),
                            format=NTRIPLES.oxigraph)
        try:
            if self.store.graph_store_url:
                target = self.store.graph_store_url + ("?graph=" + requests.utils.quote(graph, safe="")
                                                       if graph else "?default")
                self.store._http("PUT", target, data=body, headers={"Content-Type": NTRIPLES.media_type})
            else:
                self.store.update(f"DROP SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{\n"
                                  f"{body.decode('utf-8')}\n}} }}")
        except StoreError as e:
            self.failed.append((graph, str(e)))
            return
        self.digests[graph] = digest
        self.written.add(graph)

    def own_statements(self, graph: str, provenance: bool = True) -> int:
        return super().own_statements(graph, provenance) + 1  # the content digest

    def drop_graph(self, graph: str) -> None:
        self.store.update(f"DROP SILENT GRAPH <{graph}>")
        self.digests.pop(graph, None)

    def commit(self) -> None:
        if self.replace and not self.failed:
            for graph in sorted(set(self.digests) - self.written):
                self.drop_graph(graph)  # what the new inputs no longer contain
        meta = URIRef(self.store.meta_graph)
        self.put_graph(self.store.meta_graph, [(meta, RDF.type, PROV.Entity)], digest="", provenance=True)
        self.store._version = None
        if self.failed:
            raise StoreError(f"{len(self.failed)} graph(s) did not load (re-run the same ingest to resume; "
                             f"loaded graphs are skipped):\n" + "\n".join(f"  not loaded: {g}: {e}"
                                                                          for g, e in self.failed))

    def abort(self) -> None:
        """Graphs already replaced stay (each one whole); a re-run skips them by their digests."""
