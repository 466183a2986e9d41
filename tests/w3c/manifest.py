"""The suite's Turtle manifests as plain records: query-evaluation and syntax tests, protocol tests."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, Namespace, URIRef

from tests.w3c import SUITE, file_iri, iri_path

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")

QUERY_MANIFEST = "manifest-sparql11-query.ttl"
RESULTS_MANIFEST = "manifest-sparql11-results.ttl"


@dataclass
class Test:
    """One manifest entry: the test IRI, its type (local name in mf:), files as suite IRIs."""

    id: str
    type: str
    name: str
    manifest: str
    query: str | None = None  # IRI of the .rq file
    data: list[str] = field(default_factory=list)  # qt:data: merged into the default graph
    graph_data: list[str] = field(default_factory=list)  # qt:graphData: named graphs named by file IRI
    result: str | None = None
    service_data: bool = False
    entailment: bool = False
    approval: str | None = None
    lax_cardinality: bool = False

    @property
    def short(self) -> str:
        """``folder/name`` for reports: the manifest's folder and the test's local name."""
        folder = self.manifest.rsplit("/", 2)[-2]
        return f"{folder}/{self.id.rsplit('#', 1)[-1]}"

    def query_text(self) -> str:
        assert self.query is not None
        return iri_path(self.query).read_bytes().decode("utf-8")


def _parse(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle", publicID=file_iri(path))


def manifest_files(top: str = QUERY_MANIFEST) -> list[Path]:
    """The manifests a top manifest includes (itself when it has entries), in order."""
    path = SUITE / top
    g = _parse(path)
    out: list[Path] = []
    for m in g.subjects(RDF.type, MF.Manifest):
        if g.value(m, MF.entries) is not None:
            out.append(path)
        inc = g.value(m, MF.include)
        if inc is not None:
            out.extend(iri_path(str(i)) for i in g.items(inc))
    return out


def _local(term) -> str:
    s = str(term)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rsplit("/", 1)[-1]


def load_tests(top: str = QUERY_MANIFEST) -> list[Test]:
    """Every entry of the manifests ``top`` includes, in manifest order."""
    tests: list[Test] = []
    for path in manifest_files(top):
        g = _parse(path)
        for m in g.subjects(RDF.type, MF.Manifest):
            entries = g.value(m, MF.entries)
            if entries is None:
                continue
            for e in g.items(entries):
                tests.append(_test(g, e, file_iri(path)))
    return tests


def _test(g: rdflib.Graph, e, manifest: str) -> Test:
    t = Test(id=str(e), type=_local(g.value(e, RDF.type)), name=str(g.value(e, MF.name) or _local(e)),
             manifest=manifest)
    approval = g.value(e, DAWGT.approval)
    t.approval = _local(approval) if approval is not None else None
    card = g.value(e, MF.resultCardinality)
    t.lax_cardinality = card is not None and _local(card) == "LaxCardinality"
    action = g.value(e, MF.action)
    if isinstance(action, URIRef):  # syntax tests: the action is the query file
        t.query = str(action)
    elif action is not None:
        q = g.value(action, QT.query)
        t.query = str(q) if q is not None else None
        t.data = sorted(str(d) for d in g.objects(action, QT.data))
        t.graph_data = sorted(str(d) for d in g.objects(action, QT.graphData) if isinstance(d, URIRef))
        t.service_data = g.value(action, QT.serviceData) is not None
        t.entailment = any(g.value(action, p) is not None for p in (SD.entailmentRegime, SD.entailmentProfile))
    res = g.value(e, MF.result)
    if isinstance(res, URIRef):
        t.result = str(res)
    t.entailment = t.entailment or "/entailment/" in manifest
    return t


# -- protocol tests -----------------------------------------------------------------------------------
@dataclass
class Request:
    method: str
    path: str  # ht:absolutePath, as written (starts with /sparql/)
    headers: dict[str, str]
    body: bytes | None
    expected_status: list[str]  # hts:StatusCode2xx … as "2xx"
    expected_format: str | None  # boolean | tabular | RDF
    expected_boolean: bool | None


@dataclass
class ProtocolTest:
    id: str
    name: str
    graphs: dict[str, str]  # graph IRI (from rdfs:label) -> data file IRI
    requests: list[Request]

    @property
    def short(self) -> str:
        return self.id.rsplit("#", 1)[-1]


def load_protocol_tests() -> list[ProtocolTest]:
    path = SUITE / "protocol" / "manifest.ttl"
    g = _parse(path)
    out = []
    for m in g.subjects(RDF.type, MF.Manifest):
        for e in g.items(g.value(m, MF.entries)):
            graphs = {str(g.value(gd, RDFS.label)): str(g.value(gd, UT.graph)) for gd in g.objects(e, UT.graphData)}
            reqs = []
            for r in g.items(g.value(g.value(e, MF.action), HT.requests)):
                headers = {}
                hl = g.value(r, HT.headers)
                if hl is not None:
                    for h in g.items(hl):
                        headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
                body = None
                b = g.value(r, HT.body)
                if b is not None:
                    enc = str(g.value(b, CNT.characterEncoding) or "UTF-8")
                    body = str(g.value(b, CNT.chars)).encode(enc)
                resp = g.value(r, HT.resp)
                fmt = g.value(resp, MF.expectedFormat)
                boolean = g.value(resp, MF.expectedBoolean)
                reqs.append(Request(
                    method=str(g.value(r, HT.methodName)), path=str(g.value(r, HT.absolutePath)), headers=headers,
                    body=body,
                    expected_status=sorted(_local(s).removeprefix("StatusCode") for s in g.objects(resp, MF.expectedStatus)),
                    expected_format=str(fmt) if fmt is not None else None,
                    expected_boolean=boolean.toPython() if boolean is not None else None))
            out.append(ProtocolTest(str(e), str(g.value(e, MF.name)), graphs, reqs))
    order = [str(x) for m in g.subjects(RDF.type, MF.Manifest) for x in g.items(g.value(m, MF.entries))]
    return sorted(out, key=lambda t: order.index(t.id))
