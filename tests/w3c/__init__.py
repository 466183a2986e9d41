"""W3C SPARQL 1.1 conformance runners, over HTTP, for our endpoint and for ``oxigraph serve``.

The suite is read from ``../shared/w3c-sparql11`` beside the repository (a copy of the W3C rdf-tests
``sparql/sparql11`` folder); every test that needs it skips, saying so, when that folder is absent.

* :mod:`tests.w3c.manifest` — reads the Turtle manifests (query evaluation, syntax, protocol).
* :mod:`tests.w3c.results` — result files and HTTP answers as one term model; comparison of result
  sets (multisets, blank-node bijection, ORDER BY) and graphs (isomorphism).
* :mod:`tests.w3c.servers` — starts the servers under test on loopback ports and loads test data.
* :mod:`tests.w3c.runner` — runs the query-evaluation and syntax tests; ``python -m tests.w3c.runner``.
* :mod:`tests.w3c.protocol` — the read-only SPARQL Protocol tests.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITE = (ROOT / ".." / "shared" / "w3c-sparql11").resolve()
# The IRI the suite's manifests live under (their test IRIs use it); file IRIs are resolved against it, so
# graph names, relative IRIs in queries and in result files all agree whichever machine runs the suite.
SUITE_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
MISSING = f"W3C SPARQL 1.1 test suite not found at {SUITE} (expected ../shared/w3c-sparql11 beside the repository)"


def suite_available() -> bool:
    return (SUITE / "manifest-sparql11-query.ttl").is_file()


def file_iri(path: Path) -> str:
    """The suite IRI of a file in the suite folder."""
    return SUITE_BASE + path.resolve().relative_to(SUITE).as_posix()


def iri_path(iri: str) -> Path:
    """The file in the suite folder a suite IRI names."""
    if not iri.startswith(SUITE_BASE):
        raise ValueError(f"{iri} is not a file of the suite")
    return SUITE / iri[len(SUITE_BASE):]
