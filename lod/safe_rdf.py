"""Parse the RDF files the project reads (our vocabulary, RDF authority files) without the parsers' risky
features: no DOCTYPE or entity declarations in XML (a 500-byte entity bomb expands to megabytes and takes
minutes), no remote JSON-LD ``@context`` or ``@import`` (rdflib would fetch them), no recursion blow-up.
Every refusal and every syntax error is an :class:`RDFInputError` naming the input and the reason.

>>> g = parse_rdf('<http://x/a> <http://x/b> "c" .', "nt", name="inline")
>>> len(g)
1
>>> try:
...     parse_rdf('<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>', "xml", name="bomb.rdf")
... except RDFInputError as e:
...     print(e)
bomb.rdf: DOCTYPE declarations are not accepted in RDF/XML (entity expansion is refused)
"""
from __future__ import annotations

import json
import xml.parsers.expat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph

from lod.formats import read_formats

MAX_BYTES = 64 * 1024 * 1024
MAX_JSON_DEPTH = 200
FORMATS = read_formats()  # ".ttl": "turtle", … (lod.formats)
XML_FORMATS = ("xml", "trix")


class RDFInputError(ValueError):
    """An RDF input refused or unreadable: ``RDFInputError("vocab/x.rdf", "DOCTYPE … not accepted")``."""

    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason
        super().__init__(f"{name}: {reason}")


def rdf_format(path: str | Path) -> str:
    """The rdflib format name for a file name's extension; raises RDFInputError for others."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise RDFInputError(str(path), f"not an RDF file we read (expected one of {', '.join(sorted(FORMATS))})")
    return fmt


def read_rdf(path: str | Path, fmt: str | None = None, *, graph: Graph | None = None,
             contexts: Mapping[str, Any] | None = None, max_bytes: int = MAX_BYTES) -> Graph:
    """Parse an RDF file (format from its extension unless given) safely; see :func:`parse_rdf`."""
    path = Path(path)
    fmt = fmt or rdf_format(path)
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise RDFInputError(str(path), f"cannot read: {e.strerror or e}") from None
    return parse_rdf(data, fmt, name=str(path), graph=graph, contexts=contexts, max_bytes=max_bytes)


def parse_rdf(data: bytes | str, fmt: str, *, name: str = "<data>", graph: Graph | None = None,
              contexts: Mapping[str, Any] | None = None, max_bytes: int = MAX_BYTES) -> Graph:
    """``data`` in rdflib format ``fmt`` added to ``graph`` (a new one by default). ``contexts`` maps JSON-LD
    context IRIs to local copies (their ``@context`` value); any other IRI in ``@context`` is refused."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        raise RDFInputError(name, f"larger than {max_bytes} bytes")
    g = Graph() if graph is None else graph
    try:
        if fmt in XML_FORMATS:
            _refuse_doctype(raw, name)
            g.parse(data=raw, format=fmt)
        elif fmt == "json-ld":
            g.parse(data=json.dumps(_local_json_ld(raw, name, contexts or {})), format="json-ld")
        else:
            g.parse(data=raw.decode("utf-8"), format=fmt)
    except RDFInputError:
        raise
    except RecursionError:
        raise RDFInputError(name, "nested too deeply") from None
    except UnicodeDecodeError as e:
        raise RDFInputError(name, f"invalid UTF-8 at byte {e.start}") from None
    except Exception as e:  # noqa: BLE001 — rdflib's parsers raise many types; each becomes a named rejection
        raise RDFInputError(name, f"not valid {fmt}: {type(e).__name__}: {str(e)[:300]}") from None
    return g


def _refuse_doctype(raw: bytes, name: str) -> None:
    """Scan XML with expat and stop at the first DOCTYPE or entity declaration, before anything expands."""
    class Refused(Exception):
        pass

    def refuse(*_: object) -> None:
        raise Refused

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(raw, True)
    except Refused:
        raise RDFInputError(name, "DOCTYPE declarations are not accepted in RDF/XML "
                                  "(entity expansion is refused)") from None
    except xml.parsers.expat.ExpatError as e:
        raise RDFInputError(name, f"not well-formed XML: {e}") from None


def _local_json_ld(raw: bytes, name: str, contexts: Mapping[str, Any]) -> Any:
    """The JSON-LD document with every context IRI replaced by its local copy; refuses unknown IRIs."""
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as e:
        raise RDFInputError(name, f"not valid JSON: {str(e)[:200]}") from None

    def local(value: Any, depth: int) -> Any:
        if isinstance(value, str):
            if value not in contexts:
                raise RDFInputError(name, f"remote JSON-LD context <{value}> is not fetched; "
                                          f"put the context inline")
            return contexts[value]
        if isinstance(value, list):
            return [local(v, depth) for v in value]
        return walk(value, depth)

    def walk(node: Any, depth: int) -> Any:
        if depth > MAX_JSON_DEPTH:
            raise RDFInputError(name, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(node, list):
            return [walk(v, depth + 1) for v in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "@import":
                raise RDFInputError(name, f"JSON-LD @import <{value}> is not fetched; put the context inline")
            out[key] = local(value, depth + 1) if key == "@context" and value is not None \
                else walk(value, depth + 1)
        return out

    return walk(doc, 0)
