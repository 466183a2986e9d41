"""SPARQL text built from values: string literals and IRI references, escaped so that no value can change
the query it is put in.

>>> sparql_string('say "hi"\\n')
'"say \\\\"hi\\\\"\\\\n"'
>>> iri_ref("http://lod.test/id/person/kim-il-sung")
'<http://lod.test/id/person/kim-il-sung>'
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef


def sparql_string(value: str) -> str:
    """``value`` as a double-quoted SPARQL string literal. Backslash, quote and line breaks are escaped;
    a ``u``/``U`` right after a backslash is written ``\\u0075``/``\\u0055`` so that an engine which
    expands ``\\u`` escapes before parsing cannot be tricked into un-escaping a quote."""
    out = []
    prev_backslash = False
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in "\n\r\t\b\f":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}[ch])
        elif ch in "uU" and prev_backslash:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
        prev_backslash = ch == "\\"
    return '"' + "".join(out) + '"'


def iri_ref(iri: str | URIRef) -> str:
    """``<iri>`` for a query, refusing anything that could break out of the IRI reference."""
    s = str(iri)
    if not s or any(c in s for c in '<>"{}|\\^`') or any(ord(c) <= 32 for c in s):
        raise ValueError(f"not an IRI: {s!r}")
    return f"<{s}>"


def iri_list(terms: Iterable) -> str:
    """``<a>, <b>`` for an ``IN (…)`` list."""
    return ", ".join(iri_ref(t) for t in terms)
