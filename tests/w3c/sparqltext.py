"""What the runner needs to know of a query's text without a SPARQL parser: its form, its ORDER BY
keys, its dataset clauses, whether it calls SERVICE. Strings, IRIs and comments are skipped as tokens,
so a keyword inside them is never taken for a clause."""
from __future__ import annotations

from urllib.parse import urljoin

from lod.sparql.guard import TOKEN

_TOKEN = TOKEN  # the same SPARQL lexer the endpoint's guard uses (strings, IRIs, comments skipped)


def tokens(query: str) -> list[tuple[str, str, int]]:
    """(kind, text, depth) without whitespace and comments; depth counts the braces and brackets
    the token is inside."""
    out, depth = [], 0
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        if kind == "close":
            depth -= 1
        out.append((kind, m.group(), depth))
        if kind == "open":
            depth += 1
    return out


def form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them in the query."""
    for kind, text, _ in tokens(query):
        if kind == "word" and text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return text.upper()
    return None


def uses_service(query: str) -> bool:
    return any(k == "word" and t.upper() == "SERVICE" for k, t, _ in tokens(query))


def dataset_clauses(query: str, base: str = "") -> tuple[list[str], list[str]]:
    """IRIs of ``FROM`` and ``FROM NAMED``, resolved against the prologue and ``base``."""
    toks = tokens(query)
    prefixes: dict[str, str] = {}
    frm: list[str] = []
    named: list[str] = []
    i = 0
    while i < len(toks):
        kind, text, _ = toks[i]
        up = text.upper() if kind == "word" else ""
        if up == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = urljoin(base, toks[i + 1][1][1:-1])
            i += 2
            continue
        if up == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = urljoin(base, toks[i + 2][1][1:-1])
            i += 3
            continue
        if up == "FROM":
            is_named = i + 1 < len(toks) and toks[i + 1][1].upper() == "NAMED"
            j = i + 2 if is_named else i + 1
            if j < len(toks):
                k, t, _ = toks[j]
                iri = None
                if k == "iri":
                    iri = urljoin(base, t[1:-1])
                elif k == "pname" and t.partition(":")[0] in prefixes:
                    iri = prefixes[t.partition(":")[0]] + t.partition(":")[2]
                if iri is not None:
                    (named if is_named else frm).append(iri)
            i = j + 1
            continue
        i += 1
    return frm, named


def order_keys(query: str) -> list[str] | str | None:
    """The outer query's ORDER BY: None when there is none, the variables when every condition is a
    variable (``?x``, ``ASC(?x)``, ``DESC(?x)``), else ``"all"`` (every row must be in place)."""
    toks = tokens(query)
    start = None
    for i, (kind, text, depth) in enumerate(toks):
        if depth == 0 and kind == "word" and text.upper() == "ORDER" and i + 1 < len(toks) \
                and toks[i + 1][1].upper() == "BY":
            start = i + 2
    if start is None:
        return None
    keys: list[str] = []
    i = start
    while i < len(toks):
        kind, text, depth = toks[i]
        up = text.upper()
        if depth == 0 and kind == "word" and up in ("LIMIT", "OFFSET", "VALUES"):
            break
        if kind == "var":
            keys.append(text[1:])
            i += 1
        elif kind == "word" and up in ("ASC", "DESC") and i + 3 < len(toks) and toks[i + 1][1] == "(" \
                and toks[i + 2][0] == "var" and toks[i + 3][1] == ")":
            keys.append(toks[i + 2][1][1:])
            i += 4
        else:
            return "all"
    return keys or "all"
