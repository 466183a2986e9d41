"""The IRI layout under the base is one module's (lod.vocab.Local): entities, documents, graphs, our vocabulary
and the dataset's own nodes are made there, read back there, and no other module of ``lod`` builds one."""
from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from rdflib import URIRef

from lod.vocab import KIND_SEGMENT, Local, agent_path, doc_href
from lod.web.naming import Site

LOD = Path(__file__).resolve().parent.parent / "lod"
LAYOUT = LOD / "vocab.py"
BASE = "http://lod.test/"
# a first segment of the layout as a path piece ("id/", "/doc/"), a type segment that is no entity kind, and
# the fragments of the dataset's own nodes
SEGMENT = re.compile(r"(?<![\w.-])(?:id|doc|graph|vocab)/|\b(?:corporate-body|record-set)\b(?!-)|\b(?:void|sparql)#")


def _modules() -> list[Path]:
    return [p for p in sorted(LOD.rglob("*.py")) if p != LAYOUT]


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and (body := node.body) and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)}


def _is_base(node: ast.AST) -> bool:
    """``base``, ``self.base``, ``ctx.config.base``: a deployment's base as code names it."""
    return (isinstance(node, ast.Name) and node.id == "base") or (isinstance(node, ast.Attribute) and node.attr == "base")


def _path_text(node: ast.AST) -> bool:
    """A string (or f-string) that starts like a path under the base: ``"id/"``, ``f"sparql#{x}"``."""
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(re.match(r"[A-Za-z#]", node.value))


def _hand_built(source: str, where: str) -> list[str]:
    tree = ast.parse(source)
    docs, found = _docstrings(tree), []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs and SEGMENT.search(n.value):
            found.append(f"{where}:{n.lineno}: layout segment in {n.value!r}")
        elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add) and _is_base(n.left) and _path_text(n.right):
            found.append(f"{where}:{n.lineno}: a string added to the base")
        elif isinstance(n, ast.JoinedStr):
            pairs = zip(n.values, n.values[1:])
            if any(isinstance(a, ast.FormattedValue) and _is_base(a.value) and _path_text(b) for a, b in pairs):
                found.append(f"{where}:{n.lineno}: an f-string that builds on the base")
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Namespace":
            found.append(f"{where}:{n.lineno}: a Namespace declared outside lod/vocab.py")
        elif (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("entity", "graph")
              and n.args and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str)):
            found.append(f"{where}:{n.lineno}: a type segment given as a string ({n.args[0].value!r})")
    return found


def test_no_other_module_builds_a_layout_iri():
    """The structural guard: outside lod/vocab.py no code (docstrings and comments aside) types a segment of
    the layout, adds a string to the base, declares a namespace or names a type segment by hand."""
    found = [line for p in _modules()
             for line in _hand_built(p.read_text(encoding="utf-8"), str(p.relative_to(LOD.parent)))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("source", [
    'x = base + "id/person/k"', 'x = f"{ctx.config.base}vocab/terms#{n}"', 'x = self.base + "sparql"',
    'x = URIRef(f"{base}void#class-{c}")', 'x = local.entity("record", k)', 'x = Namespace(b)',
    'PREFIXES = (("body", "id/corporate-body/"),)', 'x = s.replace(b + "id/", b + "doc/")',
    '@bp.route("/doc/<path:path>")\ndef f(): pass',
])
def test_the_guard_sees_what_it_forbids(source):
    assert _hand_built(source, "sample.py")


def test_the_guard_leaves_other_strings_alone():
    source = 'key = f"{base}-{suffix}"\ndef f():\n    """``{base}doc/…`` in a docstring"""\n# graph/ in a comment\n'
    assert _hand_built(source, "sample.py") == []


@pytest.mark.parametrize("key", ["300237", "a b+c", "50%", "x#y?z", "Юрий", "o'brien", "a/b:c"])
def test_entity_iris_round_trip(key):
    local = Local(BASE)
    iri = local.record(key)
    assert local.parse(iri) == ("record", key) and local.record(local.parse(iri)[1]) == iri
    path = local.doc_path(iri)  # as the IRI writes it; a route hands it over decoded
    assert local.thing(unquote(path)) == iri and local.document_of(iri) == BASE + "doc/" + path


def test_every_kind_has_its_segment():
    local = Local(BASE)
    for kind, segment in KIND_SEGMENT.items():
        assert local.parse(local.agent(kind, "k")) == (segment, "k")
    assert local.agent("something-new", "k") == URIRef(BASE + "id/agent/k")
    assert agent_path("organisation", "a b") == "corporate-body/a%20b"


def test_documents_graphs_vocabulary_and_dataset_nodes():
    local = Local("http://lod.test")  # the trailing slash is added
    assert local.base == BASE
    assert local.thing("record/300237") == URIRef(BASE + "id/record/300237")
    assert local.thing("vocab/role/sender") == local.concept("role", "sender") == URIRef(BASE + "vocab/role/sender")
    assert local.doc_path(local.concept("role", "sender")) == "vocab/role/sender"
    assert local.document("person/o'brien") == BASE + "doc/person/o%27brien" and doc_href("a b") == "/doc/a%20b"
    assert local.record_graph("1") == URIRef(BASE + "graph/record/1")
    assert local.dataset_graph == local.meta_graph("dataset") == URIRef(BASE + "graph/meta/dataset")
    assert local.scheme("role") == BASE + "vocab/role/" and local.terms["role"] == URIRef(BASE + "vocab/terms#role")
    assert local.dataset == URIRef(BASE + "void#dataset") and local.service("service") == URIRef(BASE + "sparql#service")
    assert local.sparql == URIRef(BASE + "sparql") and local.dump("all.nt.gz") == URIRef(BASE + "dumps/all.nt.gz")
    assert local.profile("rico") == BASE + "profile/rico"
    assert local.prefixes()["body"] == BASE + "id/corporate-body/" and local.prefixes()["vocab"] == BASE + "vocab/"
    assert Local.of_uri_space(str(local.id)).base == BASE
    for other in (BASE + "graph/record/1", BASE + "vocab/terms#role", "http://elsewhere.example/id/record/1"):
        assert local.parse(other) is None


def test_site_urls():
    site = Site(BASE)
    assert site.url(BASE + "id/person/kim-il-sung") == "/doc/person/kim-il-sung"
    assert site.url(BASE + "id/person/a%20b") == "/doc/person/a%20b"  # kept as the IRI writes it
    assert site.url(BASE + "vocab/role/sender") == "/doc/vocab/role/sender"
    assert site.url(BASE + "graph/record/1") is None
    assert site.url(BASE + "browse/records") == "/browse/records"
    assert site.url("http://www.wikidata.org/entity/Q855") == "http://www.wikidata.org/entity/Q855"
    assert site.url("urn:x:y") is None
