"""Query results as one term model, from result files and from HTTP answers, and their comparison.

Terms are tuples, so lexical forms stay exactly as written (rdflib would normalise ``"01"^^xsd:integer``
to ``"1"``, and hide the very differences a conformance test looks for):

* ``("u", iri)``, ``("b", label)``,
* ``("l", lexical, datatype | None, lang | None)``: RDF 1.1 — ``xsd:string`` is the simple literal
  (datatype None), a language-tagged string has datatype None and its tag in lower case,
* ``("csv", text)``: a value read from a CSV result file, which keeps nothing but the text.

Result sets are compared as multisets of solutions under one blank-node bijection; with an ORDER BY the
solutions must come in runs of equal sort keys in the expected order (rows tied on every key may come in
any order). Graphs are compared by rdflib isomorphism.
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SRX = "{http://www.w3.org/2005/sparql-results#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Term = tuple


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> Term:
    if lang:
        return ("l", lexical, None, lang.lower())
    if datatype in (None, "", XSD_STRING):
        return ("l", lexical, None, None)
    return ("l", lexical, datatype, None)


def from_ox(term) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    raise TypeError(f"unexpected term {term!r}")


def show(term: Term | None) -> str:
    if term is None:
        return "UNDEF"
    kind = term[0]
    if kind == "u":
        return f"<{term[1]}>"
    if kind == "b":
        return f"_:{term[1]}"
    if kind == "csv":
        return json.dumps(term[1], ensure_ascii=False) + "(csv)"
    if kind == "v":
        return f"{term[2]}({term[1].rsplit('#', 1)[-1]})"
    text = json.dumps(term[1], ensure_ascii=False)
    if term[3]:
        return f"{text}@{term[3]}"
    return f"{text}^^<{term[2]}>" if term[2] else text


@dataclass
class Results:
    """A SELECT answer (``vars``, ``rows``) or an ASK answer (``boolean``)."""

    vars: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None


# -- parsing -------------------------------------------------------------------------------------------
def parse_json(data: bytes) -> Results:
    doc = json.loads(data.decode("utf-8"))
    if "boolean" in doc:
        return Results(vars=[], boolean=bool(doc["boolean"]))
    out = Results(vars=list(doc.get("head", {}).get("vars", [])))
    for b in doc["results"]["bindings"]:
        row = {}
        for name, t in b.items():
            kind = t["type"]
            if kind == "uri":
                row[name] = ("u", t["value"])
            elif kind == "bnode":
                row[name] = ("b", t["value"])
            elif kind in ("literal", "typed-literal"):
                row[name] = literal(t["value"], t.get("datatype"), t.get("xml:lang"))
            else:
                raise ValueError(f"unknown term type {kind!r} in JSON results")
        out.rows.append(row)
    return out


def parse_xml(data: bytes) -> Results:
    root = ET.fromstring(data)
    head = root.find(f"{SRX}head")
    names = [v.get("name") for v in head.findall(f"{SRX}variable")] if head is not None else []
    boolean = root.find(f"{SRX}boolean")
    if boolean is not None:
        return Results(vars=names, boolean=boolean.text.strip() == "true")
    out = Results(vars=names)
    for result in root.find(f"{SRX}results").findall(f"{SRX}result"):
        row = {}
        for b in result.findall(f"{SRX}binding"):
            t = list(b)[0]
            tag = t.tag.replace(SRX, "")
            text = t.text or ""
            if tag == "uri":
                row[b.get("name")] = ("u", text)
            elif tag == "bnode":
                row[b.get("name")] = ("b", text)
            elif tag == "literal":
                row[b.get("name")] = literal(text, t.get("datatype"), t.get(XML_LANG))
            else:
                raise ValueError(f"unknown term element {tag!r} in XML results")
        out.rows.append(row)
    return out


_TSV_TERM = re.compile(r'''
    <(?P<iri>[^>]*)>
  | _:(?P<bnode>\S+)
  | "(?P<lex>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^<(?P<dt>[^>]*)>)?
  | (?P<num>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<bool>true|false)
''', re.X)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(s: str) -> str:
    def one(m: re.Match) -> str:
        c = m.group(1)
        if c[0] in "uU":
            return chr(int(c[1:], 16))
        return _ESCAPES.get(c, c)
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, s)


def _tsv_term(cell: str) -> Term | None:
    if cell == "":
        return None
    m = _TSV_TERM.fullmatch(cell)
    if m is None:
        raise ValueError(f"cannot read TSV term {cell!r}")
    if m.group("iri") is not None:
        return ("u", m.group("iri"))
    if m.group("bnode") is not None:
        return ("b", m.group("bnode"))
    if m.group("lex") is not None:
        return literal(_unescape(m.group("lex")), m.group("dt"), m.group("lang"))
    if m.group("bool") is not None:
        return literal(m.group("bool"), XSD + "boolean")
    num = m.group("num")
    kind = "double" if "e" in num.lower() else "decimal" if "." in num else "integer"
    return literal(num, XSD + kind)


def parse_tsv(data: bytes) -> Results:
    lines = data.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    names = [v.lstrip("?$") for v in lines[0].split("\t")] if lines and lines[0] else []
    out = Results(vars=names)
    for line in lines[1:]:
        cells = line.rstrip("\r").split("\t")
        out.rows.append({n: t for n, c in zip(names, cells) if (t := _tsv_term(c)) is not None})
    return out


def parse_csv(data: bytes) -> Results:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    names = rows[0] if rows else []
    out = Results(vars=names)
    for cells in rows[1:]:
        row = {}
        for n, c in zip(names, cells):
            if c == "":
                continue
            row[n] = ("b", c[2:]) if c.startswith("_:") else ("csv", c)
        out.rows.append(row)
    return out


def parse_result_graph(triples: list) -> Results | None:
    """A result set written in RDF with the DAWG result-set vocabulary; None when it is not one.
    Second value: whether the solutions carry ``rs:index`` (an ordered result)."""
    by_s: dict = {}
    for t in triples:
        by_s.setdefault(t.subject, []).append(t)
    sets = [t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object == ox.NamedNode(RS + "ResultSet")]
    if not sets:
        return None

    def values(s, p):
        return [t.object for t in by_s.get(s, []) if t.predicate.value == RS + p]

    rs = sets[0]
    out = Results(vars=[v.value for v in values(rs, "resultVariable")])
    boolean = values(rs, "boolean")
    if boolean:
        out.boolean = boolean[0].value == "true"
        return out
    indexed = []
    for sol in values(rs, "solution"):
        row = {}
        for b in values(sol, "binding"):
            row[values(b, "variable")[0].value] = from_ox(values(b, "value")[0])
        idx = values(sol, "index")
        indexed.append((int(idx[0].value) if idx else 0, row))
    out.rows = [row for _, row in sorted(indexed, key=lambda x: x[0])]
    return out


RDF_EXT = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML,
           "n3": ox.RdfFormat.N3, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
RDF_MEDIA = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
             "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-quads": ox.RdfFormat.N_QUADS,
             "application/trig": ox.RdfFormat.TRIG, "text/plain": ox.RdfFormat.N_TRIPLES}


def parse_rdf(data: bytes, fmt, base: str | None = None) -> list:
    """Triples (pyoxigraph) of an RDF document; strict first, then lenient (old test files)."""
    try:
        return [q.triple for q in ox.parse(data, format=fmt, base_iri=base)]
    except SyntaxError:
        return [q.triple for q in ox.parse(data, format=fmt, base_iri=base, lenient=True)]


def load_expected(data: bytes, ext: str, base: str) -> Results | list:
    """A result file: Results for a result set, a list of pyoxigraph triples for a graph."""
    ext = ext.lower()
    if ext == "srx":
        return parse_xml(data)
    if ext == "srj":
        return parse_json(data)
    if ext == "tsv":
        return parse_tsv(data)
    if ext == "csv":
        return parse_csv(data)
    if ext in RDF_EXT:
        triples = parse_rdf(data, RDF_EXT[ext], base)
        return parse_result_graph(triples) or triples
    raise ValueError(f"unknown result file type .{ext}")


# -- comparison ----------------------------------------------------------------------------------------
def _csv_form(term: Term) -> Term | None:
    """How a term reads back from CSV: its text (blank nodes stay blank nodes, "" is unbound)."""
    if term[0] == "b":
        return term
    text = term[1]
    return ("csv", text) if text != "" else None


def _row_key(row: dict) -> tuple:
    return tuple(sorted(row.items()))


def _has_bnode(row: dict) -> bool:
    return any(t[0] == "b" for t in row.values())


def _extend(exp: dict, act: dict, fwd: dict, back: dict) -> list | None:
    """Bindings to add to the bijection for ``exp`` to equal ``act``, or None when they cannot."""
    if exp.keys() != act.keys():
        return None
    added = []
    local_f, local_b = {}, {}
    for k, e in exp.items():
        a = act[k]
        if e[0] == "b" or a[0] == "b":
            if e[0] != "b" or a[0] != "b":
                return None
            m = fwd.get(e[1], local_f.get(e[1]))
            if m is None:
                if a[1] in back or a[1] in local_b:
                    return None
                local_f[e[1]], local_b[a[1]] = a[1], e[1]
                added.append((e[1], a[1]))
            elif m != a[1]:
                return None
        elif e != a:
            return None
    return added


def _match_blocks(blocks: list[tuple[list[dict], list[dict]]]) -> bool:
    """Whether each block's expected rows equal its actual rows as multisets, under one bijection."""
    pending: list[tuple[dict, list[dict]]] = []  # (expected row with blank nodes, candidate pool)
    for exp, act in blocks:
        if len(exp) != len(act):
            return False
        ground_e = Counter(_row_key(r) for r in exp if not _has_bnode(r))
        ground_a = Counter(_row_key(r) for r in act if not _has_bnode(r))
        if ground_e != ground_a:
            return False
        pool = [r for r in act if _has_bnode(r)]
        for r in exp:
            if _has_bnode(r):
                pending.append((r, pool))
    used: dict[int, set[int]] = {}
    fwd: dict[str, str] = {}
    back: dict[str, str] = {}

    def solve(i: int) -> bool:
        if i == len(pending):
            return True
        exp, pool = pending[i]
        taken = used.setdefault(id(pool), set())
        for j, act in enumerate(pool):
            if j in taken:
                continue
            added = _extend(exp, act, fwd, back)
            if added is None:
                continue
            taken.add(j)
            for e, a in added:
                fwd[e], back[a] = a, e
            if solve(i + 1):
                return True
            taken.discard(j)
            for e, a in added:
                del fwd[e], back[a]
        return False

    return solve(0)


NUMERIC = {XSD + n for n in ("integer", "decimal", "float", "double", "nonPositiveInteger", "negativeInteger",
                              "long", "int", "short", "byte", "nonNegativeInteger", "unsignedLong", "unsignedInt",
                              "unsignedShort", "unsignedByte", "positiveInteger")}


def by_value(term: Term) -> Term:
    """A numeric or boolean literal as its value (``"1.0"^^xsd:decimal`` and ``"1"^^xsd:decimal`` meet);
    other terms as they are. Only used to say *why* two answers differ, never to pass a test."""
    if term[0] != "l" or term[2] is None:
        return term
    lex = term[1].strip()
    try:
        if term[2] == XSD + "boolean" and lex in ("true", "false", "1", "0"):
            return ("v", term[2], lex in ("true", "1"))
        if term[2] in (XSD + "float", XSD + "double"):
            return ("v", term[2], float(lex.replace("INF", "inf")))
        if term[2] in NUMERIC:
            from decimal import Decimal
            return ("v", term[2], Decimal(lex).normalize())
    except (ValueError, ArithmeticError):
        return term
    return term


def compare_results(expected: Results, actual: Results, order: list[str] | str | None = None,
                    lax: bool = False) -> str | None:
    diff = _compare_results(expected, actual, order, lax)
    if diff is not None and expected.boolean is None and actual.boolean is None:
        def values(r: Results) -> Results:
            return Results(r.vars, [{k: by_value(t) for k, t in row.items()} for row in r.rows])
        if _compare_results(values(expected), values(actual), order, lax) is None:
            return "lexical forms differ (the answers are equal by value; RDF terms are not): " + diff
    return diff


def _compare_results(expected: Results, actual: Results, order: list[str] | str | None = None,
                     lax: bool = False) -> str | None:
    """None when ``actual`` answers like ``expected``, else what differs.

    ``order``: None (multisets), a list of variables (the ORDER BY keys: runs of equal keys must come in
    order), or "all" (every row in place). ``lax``: duplicates may differ (REDUCED, lax cardinality)."""
    if expected.boolean is not None or actual.boolean is not None:
        if expected.boolean != actual.boolean:
            return f"expected boolean {expected.boolean}, got {actual.boolean if actual.boolean is not None else 'a result set'}"
        return None
    if set(expected.vars) != set(actual.vars):
        return f"variables differ: expected {sorted(expected.vars)}, got {sorted(actual.vars)}"
    exp_rows, act_rows = expected.rows, actual.rows
    if any(t[0] == "csv" for r in exp_rows for t in r.values()):
        act_rows = [{k: c for k, t in r.items() if (c := _csv_form(t)) is not None} for r in act_rows]
    if lax:
        exp_rows = list({_row_key(r): r for r in exp_rows}.values())
        act_rows = list({_row_key(r): r for r in act_rows}.values())
    if len(exp_rows) != len(act_rows):
        return _diff(f"expected {len(exp_rows)} solutions, got {len(act_rows)}", exp_rows, act_rows)
    if order is None:
        blocks = [(exp_rows, act_rows)]
    elif order == "all":
        blocks = [([e], [a]) for e, a in zip(exp_rows, act_rows)]
    else:
        blocks, start = [], 0
        for i in range(1, len(exp_rows) + 1):
            if i == len(exp_rows) or [exp_rows[i].get(v) for v in order] != [exp_rows[start].get(v) for v in order]:
                blocks.append((exp_rows[start:i], act_rows[start:i]))
                start = i
    if _match_blocks(blocks):
        return None
    if order is not None and _match_blocks([(exp_rows, act_rows)]):
        return _diff(f"same solutions, wrong order (ORDER BY {order if order != 'all' else 'expressions'})",
                     exp_rows, act_rows)
    return _diff("solutions differ", exp_rows, act_rows)


def _fmt_row(row: dict) -> str:
    return "{" + ", ".join(f"{k}={show(v)}" for k, v in sorted(row.items())) + "}"


def _diff(msg: str, exp: list[dict], act: list[dict], limit: int = 6) -> str:
    e_keys, a_keys = Counter(_row_key(r) for r in exp), Counter(_row_key(r) for r in act)
    missing = [dict(k) for k in (e_keys - a_keys).elements()]
    extra = [dict(k) for k in (a_keys - e_keys).elements()]
    parts = [msg]
    if missing:
        parts.append("missing: " + " ".join(_fmt_row(r) for r in missing[:limit]) + (" …" if len(missing) > limit else ""))
    if extra:
        parts.append("unexpected: " + " ".join(_fmt_row(r) for r in extra[:limit]) + (" …" if len(extra) > limit else ""))
    if not missing and not extra:
        parts.append("expected: " + " ".join(_fmt_row(r) for r in exp[:limit]))
        parts.append("got: " + " ".join(_fmt_row(r) for r in act[:limit]))
    return "; ".join(parts)


def to_rdflib(triples: list):
    """pyoxigraph triples as an rdflib Graph, literals kept as written (``normalize=False``) and
    ``xsd:string`` written as the simple literal it is in RDF 1.1."""
    import rdflib
    from rdflib import BNode, Literal, URIRef

    def conv(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language.lower(), normalize=False)
        dt = t.datatype.value
        return Literal(t.value, datatype=None if dt == XSD_STRING else URIRef(dt), normalize=False)

    g = rdflib.Graph()
    for t in triples:
        g.add((conv(t.subject), conv(t.predicate), conv(t.object)))
    return g


def compare_graphs(expected: list, actual: list) -> str | None:
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic
    ge, ga = to_rdflib(expected), to_rdflib(actual)
    if isomorphic(ge, ga):
        return None
    _, only_e, only_a = graph_diff(to_isomorphic(ge), to_isomorphic(ga))
    show_e = " ".join(sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in only_e)[:6])
    show_a = " ".join(sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in only_a)[:6])
    return (f"graphs not isomorphic (expected {len(ge)} triples, got {len(ga)}); "
            f"missing: {show_e or '-'}; unexpected: {show_a or '-'}")
