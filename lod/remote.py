"""Querying any SPARQL endpoint through SPARQLWrapper (for ``lod query --endpoint``)."""
from __future__ import annotations

import json

from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from lod import __version__
from lod.store.base import QueryError

_RETURN = {"table": JSON, "json": JSON, "csv": CSV, "tsv": TSV, "turtle": TURTLE, "ntriples": N3}


def query_endpoint(url: str, sparql: str, fmt: str, timeout: int = 60) -> tuple[str, bytes]:
    """Run ``sparql`` at ``url``; return (kind, body) with kind bindings|boolean|graph."""
    client = SPARQLWrapper(url, agent=f"lod-archive/{__version__} (+https://github.com/)")
    client.setQuery(sparql)
    client.setTimeout(timeout)
    client.setOnlyConneg(True)  # negotiate by Accept alone: no vendor format= parameters
    graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(_RETURN.get(fmt, JSON) if not graph else (N3 if fmt == "ntriples" else TURTLE))
    if graph and fmt == "ntriples":
        client.addCustomHttpHeader("Accept", "application/n-triples")
    try:
        response = client.query().response.read()
    except SPARQLWrapperException as e:
        raise QueryError(f"endpoint {url} refused the query: {e}") from None
    except OSError as e:
        raise QueryError(f"cannot reach endpoint {url}: {e}") from None
    if graph:
        return "graph", response
    if fmt in ("json", "table"):
        kind = "boolean" if "boolean" in json.loads(response) else "bindings"
        return kind, response
    return "bindings", response
