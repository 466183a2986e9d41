"""Static checks on a SPARQL request, before anything is evaluated.

A small lexer (strings, IRIs, comments and prefixed names are recognised, so a keyword inside a string
or an IRI is not mistaken for a clause) finds the query form, the dataset clauses and any ``SERVICE``;
prefixed names and relative IRIs in ``FROM`` are resolved against the prologue.

>>> check("PREFIX ex: <http://ex/> SELECT * FROM ex:g WHERE { ?s ?p 'SERVICE <x>' }").from_graphs
['http://ex/g']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

MAX_DEPTH = 64

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\U000EFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\U000EFFFF][\w.\u00B7-\U000EFFFF-]*)?:(?:[\w\u00B7-\U000EFFFF%\\:.-]*[\w\u00B7-\U000EFFFF%:-])?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
""", re.X | re.S)

FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


class QueryRefused(ValueError):
    """A request we will not evaluate; the message names the clause and why."""


@dataclass
class QueryInfo:
    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE | UNKNOWN (not a query: left to the parser to explain)
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)


def check(query: str, max_depth: int = MAX_DEPTH, base: str = "") -> QueryInfo:
    """The query's form and dataset clauses (relative IRIs resolved against ``base``); raises
    QueryRefused for updates, SERVICE, LOAD and nesting deeper than ``max_depth``. Syntax errors are
    left to the engine's parser."""
    prefixes: dict[str, str] = {}
    form: str | None = None
    from_graphs: list[str] = []
    from_named: list[str] = []
    depth = 0
    tokens = [(m.lastgroup, m.group()) for m in TOKEN.finditer(query) if m.lastgroup not in ("ws", "comment")]
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "open":
            depth += 1
            if depth > max_depth:
                raise QueryRefused(f"query nested deeper than {max_depth} levels")
        elif kind == "close":
            depth -= 1
        elif kind == "word":
            word = text.upper()
            if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
                prefixes[tokens[i + 1][1][:-1]] = urljoin(base, tokens[i + 2][1][1:-1])
                i += 3
                continue
            if word == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
                base = urljoin(base, tokens[i + 1][1][1:-1])
                i += 2
                continue
            if form is None and word in UPDATES:
                raise QueryRefused(f"SPARQL Update ({word}) is not accepted: this endpoint is read-only")
            if word == "LOAD":
                raise QueryRefused("LOAD is not allowed: queries cannot fetch data from elsewhere")
            if word == "SERVICE":
                raise QueryRefused("SERVICE is not allowed: this endpoint does not query other services")
            if form is None and word in FORMS:
                form = word
            if word == "FROM":
                named = i + 1 < len(tokens) and tokens[i + 1][1].upper() == "NAMED"
                j = i + 2 if named else i + 1
                if j >= len(tokens):
                    break
                iri = _resolve(tokens[j], prefixes, base)
                if iri is not None:
                    (from_named if named else from_graphs).append(iri)
                i = j + 1
                continue
        i += 1
    # no query form: the engine's parser will say precisely what is wrong
    return QueryInfo(form or "UNKNOWN", from_graphs, from_named)


def query_form(query: str) -> str:
    """The form keyword of a query (SELECT, ASK, CONSTRUCT, DESCRIBE), or UNKNOWN; refuses nothing
    (for forwarding our own users' queries to endpoints of their choosing)."""
    for m in TOKEN.finditer(query):
        if m.lastgroup == "word" and m.group().upper() in FORMS:
            return m.group().upper()
    return "UNKNOWN"


def _resolve(token: tuple[str | None, str], prefixes: dict[str, str], base: str) -> str | None:
    kind, text = token
    if kind == "iri":
        return urljoin(base, text[1:-1])
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        raise QueryRefused(f"FROM uses the undeclared prefix {prefix!r}")
    return None
