"""Static checks on a SPARQL request, before anything is evaluated.

The query is cut into the terminals of the SPARQL 1.1 grammar (§19.8: IRIREF, PNAME_NS, PNAME_LN with
PN_LOCAL, PLX, PERCENT and PN_LOCAL_ESC, the four string forms with ECHAR and UCHAR, comments ending at
CR or LF, variables, blank node labels, language tags, numbers, keywords, punctuation), so a keyword
inside a string, an IRI, a comment or a local name is not mistaken for a clause, and the query's form,
its dataset clauses and any ``SERVICE`` are found where the engine finds them.

It fails closed. The engine matches keywords without a word boundary (``SERVICESILENT<x>``,
``SERVICE:x``, ``trueSERVICE`` are a SERVICE to it), so any keyword-like token, prefix or language tag
that contains ``service`` is refused; a query with any character the grammar has no terminal for is
refused when ``service`` appears anywhere in it; and the same checks run again on the text with its
codepoint escapes (``\\u0053``) decoded, the way §19.2 tells an engine to read it before parsing.

>>> check("PREFIX ex: <http://ex/> SELECT * FROM ex:g WHERE { ?s ?p 'SERVICE <x>' }").from_graphs
['http://ex/g']
>>> check(r"PREFIX ex: <http://ex/> SELECT * { BIND(ex:a\\#b AS ?v) SERVICE <http://x/> {} }")
... # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
QueryRefused: SERVICE is not allowed: this endpoint does not query other services
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urljoin

MAX_DEPTH = 64
CACHED_LENGTH = 4096  # queries up to this many characters are checked once per web process (most are short)

# -- the grammar's terminals (SPARQL 1.1 Query Language §19.8, with RDF 1.2's triple-term brackets) ------
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
PN_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"  # PERCENT | PN_LOCAL_ESC
PN_LOCAL = f"(?:[{_U}:0-9]|{PLX})(?:(?:[{_CHARS}.:]|{PLX})*(?:[{_CHARS}:]|{PLX}))?"
UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
ESCAPE = rf"\\[tbnrf\\\"']|{UCHAR}"  # ECHAR | UCHAR
VARNAME = f"[{_U}0-9][{_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"

_TOKEN_SOURCE = rf"""
    (?P<ws>[\x20\t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{ESCAPE}))*'''
             |\"\"\"(?:(?:"|"")?(?:[^"\\]|{ESCAPE}))*\"\"\"
             |'(?:[^'\\\n\r]|{ESCAPE})*'
             |"(?:[^"\\\n\r]|{ESCAPE})*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{UCHAR})*>)
  | (?P<var>[?$]{VARNAME})
  | (?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)
  | (?P<pname>(?:{PN_PREFIX})?:(?:{PN_LOCAL})?)
  | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)
  | (?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open><<\(|<<|\{{\||[{{(\[])
  | (?P<close>\)>>|>>|\|}}|[}})\]])
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|[,;.*+\-/!=<>|^?~])
  | (?P<unsure>.)
"""

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_SERVICE = "service"
_CODEPOINT = re.compile(UCHAR)


@lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern[str]:
    """The terminals' pattern, compiled on first use: its Unicode classes take 30-100 ms of CPU to compile,
    which a server would otherwise spend starting, before it answers anything.

    >>> _token_pattern() is _token_pattern()
    True
    """
    return re.compile(_TOKEN_SOURCE, re.X | re.S)


def __getattr__(name: str) -> object:
    """``TOKEN``, the compiled pattern, made when first asked for (``from lod.sparql.guard import TOKEN``)."""
    if name == "TOKEN":
        return _token_pattern()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class QueryRefused(ValueError):
    """A request we will not evaluate; the message names the clause and why."""


@dataclass
class QueryInfo:
    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE | UNKNOWN (not a query: left to the parser to explain)
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    # at most this many solutions, by the query's own final LIMIT, when that is certain (None: not known)
    limit: int | None = None


def tokens(query: str) -> list[tuple[str, str]]:
    """The query's terminals (kind, text), whitespace and comments left out; ``unsure`` marks a character
    no terminal of the grammar starts with.

    >>> tokens(r"PREFIX ex: <http://e/> ASK { ex:a\\#b ?p 'x' } # SERVICE")
    [('word', 'PREFIX'), ('pname', 'ex:'), ('iri', '<http://e/>'), ('word', 'ASK'), ('open', '{'), \
('pname', 'ex:a\\\\#b'), ('var', '?p'), ('string', "'x'"), ('close', '}')]
    """
    return [(m.lastgroup or "unsure", m.group()) for m in _token_pattern().finditer(query)
            if m.lastgroup not in ("ws", "comment")]


def decode_codepoints(query: str) -> str:
    r"""The query with ``\uXXXX`` and ``\UXXXXXXXX`` replaced by their characters (SPARQL 1.1 §19.2); an
    escape of a code point Unicode does not have is left as written.

    >>> decode_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """
    def char(m: re.Match) -> str:
        code = int(m.group()[2:], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()
    return _CODEPOINT.sub(char, query)


def check(query: str, max_depth: int = MAX_DEPTH, base: str = "") -> QueryInfo:
    """The query's form and dataset clauses (relative IRIs resolved against ``base``); raises
    QueryRefused for updates, SERVICE, LOAD and nesting deeper than ``max_depth``. Syntax errors are
    left to the engine's parser. A short query's verdict is kept (a refusal is never kept: it is found anew).

    >>> check("SELECT * WHERE { ?s ?p ?o } LIMIT 10 OFFSET 5").limit
    10
    """
    info = _checked(query, max_depth, base) if len(query) <= CACHED_LENGTH else _check(query, max_depth, base)
    return replace(info, from_graphs=list(info.from_graphs), from_named=list(info.from_named))


@lru_cache(maxsize=512)
def _checked(query: str, max_depth: int, base: str) -> QueryInfo:
    return _check(query, max_depth, base)


def _check(query: str, max_depth: int, base: str) -> QueryInfo:
    decoded = decode_codepoints(query)
    if decoded != query:  # an engine that decodes before parsing reads this text: refuse what it would run
        _refusals(decoded, tokens(decoded), max_depth)
    toks = tokens(query)
    _refusals(query, toks, max_depth)
    info = _info(toks, base)
    if decoded == query and info.form == "SELECT":
        info.limit = final_limit(toks)
    return info


def final_limit(toks: list[tuple[str, str]]) -> int | None:
    """The LIMIT that closes the query (``LIMIT n``, ``LIMIT n OFFSET m``, ``OFFSET m LIMIT n``), which bounds
    its solutions; None when there is none, when any character lies outside the grammar, or when the query
    may make terms a results format writes unlike our SPARQL JSON (triple terms, directional strings).

    >>> final_limit(tokens("SELECT * { ?s ?p ?o } OFFSET 3 LIMIT 7"))
    7
    >>> final_limit(tokens("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 7 } }")) is None
    True
    """
    words = [(kind, text.upper()) for kind, text in toks[-4:]]
    if len(words) >= 4 and words[-4] == ("word", "OFFSET") and words[-3][0] == "number" and words[-3][1].isdigit():
        words = words[:-4] + words[-2:]
    elif len(words) >= 4 and words[-2] == ("word", "OFFSET") and words[-1][0] == "number" and words[-1][1].isdigit():
        words = words[:-2]
    if len(words) < 2 or words[-2] != ("word", "LIMIT") or words[-1][0] != "number" or not words[-1][1].isdigit():
        return None
    for kind, text in toks:
        if kind == "unsure" or (kind == "open" and text.startswith("<<")) or (kind == "lang" and "--" in text) \
                or (kind == "word" and text.upper() in ("TRIPLE", "STRLANGDIR")):
            return None
    return int(words[-1][1])


def _refusals(query: str, toks: list[tuple[str, str]], max_depth: int) -> None:
    depth, form_seen = 0, False
    for kind, text in toks:
        if kind == "open":
            depth += 1
            if depth > max_depth:
                raise QueryRefused(f"query nested deeper than {max_depth} levels")
        elif kind == "close":
            depth -= 1
        # keywords are matched with no word boundary: a keyword-like token containing one is that keyword
        exposed = text.partition(":")[0] if kind == "pname" else text if kind in ("word", "lang") else ""
        if _SERVICE in exposed.lower():
            raise QueryRefused("SERVICE is not allowed: this endpoint does not query other services")
        if kind == "word":
            word = text.upper()
            if not form_seen and word.startswith(UPDATES):
                raise QueryRefused(f"SPARQL Update ({_prefix(word, UPDATES)}) is not accepted: "
                                   "this endpoint is read-only")
            if word == "LOAD":
                raise QueryRefused("LOAD is not allowed: queries cannot fetch data from elsewhere")
            form_seen = form_seen or word.startswith(FORMS)
    if any(kind == "unsure" for kind, _ in toks) and _SERVICE in query.lower():
        raise QueryRefused("SERVICE is not allowed: this endpoint does not query other services "
                           "(the query has characters outside the SPARQL grammar, and names SERVICE)")


def _info(toks: list[tuple[str, str]], base: str) -> QueryInfo:
    prefixes: dict[str, str] = {}
    form: str | None = None
    from_graphs: list[str] = []
    from_named: list[str] = []
    i = 0
    while i < len(toks):
        kind, text = toks[i]
        word = text.upper() if kind == "word" else ""
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = urljoin(base, toks[i + 2][1][1:-1])
            i += 3
            continue
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = urljoin(base, toks[i + 1][1][1:-1])
            i += 2
            continue
        if form is None and word.startswith(FORMS):
            form = _prefix(word, FORMS)
        if word == "FROM":
            named = i + 1 < len(toks) and toks[i + 1][1].upper() == "NAMED"
            j = i + 2 if named else i + 1
            if j >= len(toks):
                break
            iri = _resolve(toks[j], prefixes, base)
            if iri is not None:
                (from_named if named else from_graphs).append(iri)
            i = j + 1
            continue
        i += 1
    # no query form: the engine's parser will say precisely what is wrong
    return QueryInfo(form or "UNKNOWN", from_graphs, from_named)


def query_form(query: str) -> str:
    """The form keyword of a query (SELECT, ASK, CONSTRUCT, DESCRIBE), or UNKNOWN; refuses nothing
    (for forwarding our own users' queries to endpoints of their choosing).

    >>> query_form("PREFIX s: <http://s/> # SELECT\\nCONSTRUCT WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    for kind, text in tokens(query):
        if kind == "word" and text.upper().startswith(FORMS):
            return _prefix(text.upper(), FORMS)
    return "UNKNOWN"


def _prefix(word: str, keywords: tuple[str, ...]) -> str:
    return next(k for k in keywords if word.startswith(k))


def _resolve(token: tuple[str, str], prefixes: dict[str, str], base: str) -> str | None:
    kind, text = token
    if kind == "iri":
        return urljoin(base, text[1:-1])
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        raise QueryRefused(f"FROM uses the undeclared prefix {prefix!r}")
    return None
