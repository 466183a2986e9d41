"""Run the W3C SPARQL 1.1 query-evaluation and syntax tests against a SPARQL endpoint, over HTTP.

    python -m tests.w3c.runner --endpoint http://127.0.0.1:5000/sparql --load http://127.0.0.1:5000/_test/dataset
    python -m tests.w3c.runner --endpoint http://127.0.0.1:7878/query --load http://127.0.0.1:7878/store
    python -m tests.w3c.runner --serve lod          # or --serve oxigraph: start the server, run, stop it

``--load``: a URL ending in ``/_test/dataset`` gets the dataset POSTed (our test loader), any other URL
gets it PUT (Graph Store Protocol on the whole store, as ``oxigraph serve``'s ``/store``); both replace the
whole dataset. Each test's data is loaded, then the query POSTed as ``application/sparql-query`` with the
``Accept`` its form calls for, and the answer compared with ``mf:result``.

Evaluation queries are sent with ``BASE <the query file's IRI>`` in front, the base the suite's results
assume (relative IRIs, ``FROM <data.ttl>``). Syntax tests are sent exactly as written: negative ones must
get 400, positive ones a 2xx.

Prints one line per test that did not pass, then ``N passed, N failed, N skipped`` on a line of its own.
Exit status 0 when nothing failed, 1 otherwise, 2 when the suite is missing.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.w3c import MISSING, SUITE_BASE, iri_path, suite_available
from tests.w3c import sparqltext
from tests.w3c.manifest import QUERY_MANIFEST, Test, load_tests
from tests.w3c.results import (RDF_MEDIA, Results, compare_graphs, compare_results, load_expected, parse_json,
                               parse_rdf, parse_tsv, parse_csv, parse_xml)
from tests.w3c.servers import dataset_nquads, http, load, load_method_for

RESULT_ACCEPT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_ACCEPT = "application/n-triples"
SYNTAX_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, */*;q=0.1"
RESULT_PARSERS = {"application/sparql-results+json": parse_json, "application/json": parse_json,
                  "application/sparql-results+xml": parse_xml, "application/xml": parse_xml,
                  "text/tab-separated-values": parse_tsv, "text/csv": parse_csv}
UPDATE_TYPES = {"UpdateEvaluationTest", "PositiveUpdateSyntaxTest11", "NegativeUpdateSyntaxTest11"}
QUERY_TYPES = {"QueryEvaluationTest", "CSVResultFormatTest", "PositiveSyntaxTest11", "NegativeSyntaxTest11",
               "PositiveSyntaxTest", "NegativeSyntaxTest"}


@dataclass
class Outcome:
    test: str  # the test IRI
    short: str  # folder/name
    type: str
    name: str
    status: str  # passed | failed | skipped
    detail: str = ""
    http_status: int | None = None
    seconds: float = 0.0


def skip_reason(t: Test) -> str | None:
    """Why a test does not apply to a read-only SPARQL query endpoint tested over HTTP, or None."""
    if t.type in UPDATE_TYPES:
        return "SPARQL Update test: the endpoint is read-only"
    if t.type not in QUERY_TYPES:
        return f"{t.type}: not a query evaluation or syntax test"
    if t.approval in ("Withdrawn", "Rejected", "Obsoleted"):
        return f"test is {t.approval} by the working group"
    if t.entailment:
        return "needs an entailment regime (the endpoint evaluates simple entailment only)"
    if t.service_data:
        return "uses qt:serviceData (federated query over remote services)"
    if t.type in ("NegativeSyntaxTest11", "NegativeSyntaxTest"):
        return None  # whatever it names, it must be refused
    text = t.query_text()
    if sparqltext.uses_service(text):
        return "SERVICE (federated query) is refused by design"
    frm, named = sparqltext.dataset_clauses(text, t.query or "")
    unknown = [g for g in frm + named if g not in t.graph_data]
    if unknown:
        return ("FROM/FROM NAMED names a file the loader cannot know: "
                + ", ".join(f"<{g.replace(SUITE_BASE, '')}>" for g in unknown))
    return None


class Runner:
    def __init__(self, endpoint: str, load_url: str, load_method: str | None = None, results: str = "json",
                 timeout: float = 60) -> None:
        self.endpoint, self.load_url = endpoint, load_url
        self.load_method = load_method or load_method_for(load_url)
        self.results, self.timeout = results, timeout
        self._loaded: object = None

    def load(self, data: list[str], graphs: dict[str, str]) -> None:
        key = (tuple(data), tuple(sorted(graphs.items())))
        if key != self._loaded:
            self._loaded = None
            load(self.load_url, self.load_method, dataset_nquads(data, graphs))
            self._loaded = key

    def post_query(self, query: str | bytes, accept: str):
        body = query if isinstance(query, bytes) else query.encode("utf-8")
        return http("POST", self.endpoint, {"Content-Type": "application/sparql-query; charset=utf-8",
                                            "Accept": accept}, body, timeout=self.timeout)

    def run_one(self, t: Test) -> Outcome:
        out = Outcome(t.id, t.short, t.type, t.name, "skipped")
        start = time.perf_counter()
        try:
            reason = skip_reason(t)
            if reason:
                out.detail = reason
            elif t.type.startswith(("PositiveSyntax", "NegativeSyntax")):
                self._syntax(t, out)
            else:
                self._evaluate(t, out)
        except Exception as e:  # noqa: BLE001 — one test's fault is that test's failure
            out.status, out.detail = "failed", f"{type(e).__name__}: {e}"
        out.seconds = round(time.perf_counter() - start, 3)
        return out

    def _syntax(self, t: Test, out: Outcome) -> None:
        reply = self.post_query(iri_path(t.query).read_bytes(), SYNTAX_ACCEPT)  # the file's very bytes
        out.http_status = reply.status
        negative = t.type.startswith("Negative")
        if negative:
            ok = reply.status == 400
            out.detail = "" if ok else f"expected 400 for a syntax error, got {reply.status}"
        else:
            ok = 200 <= reply.status < 300
            out.detail = "" if ok else f"expected 2xx for a valid query, got {reply.status}: {_brief(reply.body)}"
        out.status = "passed" if ok else "failed"

    def _evaluate(self, t: Test, out: Outcome) -> None:
        text = t.query_text()
        self.load(t.data, {g: g for g in t.graph_data})
        qform = sparqltext.form(text)
        graph_form = qform in ("CONSTRUCT", "DESCRIBE")
        ext = iri_path(t.result).suffix[1:].lower()
        # CSV and TSV result files test those serialisations: ask for them
        accept = GRAPH_ACCEPT if graph_form else RESULT_ACCEPT.get(ext, RESULT_ACCEPT[self.results])
        reply = self.post_query(f"BASE <{t.query}>\n{text}", accept)
        out.http_status = reply.status
        if reply.status != 200:
            out.status, out.detail = "failed", f"HTTP {reply.status}: {_brief(reply.body)}"
            return
        path = iri_path(t.result)
        expected = load_expected(path.read_bytes(), path.suffix[1:], t.result)
        if graph_form:
            fmt = RDF_MEDIA.get(reply.media_type)
            if fmt is None:
                out.status, out.detail = "failed", f"answer in {reply.media_type!r}, asked for {accept}"
                return
            actual_triples = parse_rdf(reply.body, fmt, t.query)
            if isinstance(expected, Results):
                out.status, out.detail = "failed", "expected a result set, got a graph"
                return
            diff = compare_graphs(expected, actual_triples)
        else:
            parser = RESULT_PARSERS.get(reply.media_type)
            if parser is None:
                out.status, out.detail = "failed", f"answer in {reply.media_type!r}, asked for {accept}"
                return
            actual = parser(reply.body)
            if not isinstance(expected, Results):
                out.status, out.detail = "failed", "expected a graph, got a result set"
                return
            diff = compare_results(expected, actual, sparqltext.order_keys(text), lax=t.lax_cardinality)
        out.status, out.detail = ("passed", "") if diff is None else ("failed", diff)

    def run(self, tests: list[Test], log=print) -> list[Outcome]:
        outcomes = []
        for t in tests:
            o = self.run_one(t)
            outcomes.append(o)
            if o.status != "passed" and log is not None:
                log(line(o))
        if log is not None:
            log(summary(outcomes))
        return outcomes


def _brief(body: bytes, n: int = 200) -> str:
    text = body.decode("utf-8", "replace").strip().replace("\n", " ")
    return text[:n] + ("…" if len(text) > n else "")


def line(o: Outcome) -> str:
    return f"{o.status.upper():7} {o.short}: {o.detail}"


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    c = {"passed": 0, "failed": 0, "skipped": 0}
    for o in outcomes:
        c[o.status] += 1
    return c


def summary(outcomes: list[Outcome]) -> str:
    c = counts(outcomes)
    return f"{c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped"


def report(outcomes: list[Outcome]) -> dict:
    return {"summary": summary(outcomes), **counts(outcomes), "tests": [asdict(o) for o in outcomes]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.w3c.runner", description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", help="the SPARQL query endpoint URL")
    ap.add_argument("--load", help="where test data goes: .../_test/dataset (POST) or a Graph Store URL (PUT)")
    ap.add_argument("--serve", choices=("lod", "oxigraph"), help="start this server on a free port, run, stop it")
    ap.add_argument("--manifest", action="append",
                    help=f"top manifest(s) in the suite folder (default {QUERY_MANIFEST})")
    ap.add_argument("--results", choices=("json", "xml"), default="json",
                    help="result format to ask for SELECT and ASK")
    ap.add_argument("--only", help="run only tests whose folder/name contains this text")
    ap.add_argument("--json", help="write every outcome to this JSON file")
    args = ap.parse_args(argv)
    if not suite_available():
        print(MISSING, file=sys.stderr)
        return 2
    if not args.serve and not (args.endpoint and args.load):
        ap.error("give --endpoint and --load, or --serve")
    tests = [t for m in (args.manifest or [QUERY_MANIFEST]) for t in load_tests(m)]
    if args.only:
        tests = [t for t in tests if args.only in t.short]
    server = None
    if args.serve:
        from tests.w3c.servers import start_lod, start_oxigraph
        server = start_lod() if args.serve == "lod" else start_oxigraph()
    try:
        endpoint = args.endpoint or server.endpoint
        load_url = args.load or server.load_url
        outcomes = Runner(endpoint, load_url, results=args.results).run(tests)
    finally:
        if server is not None:
            server.stop()
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report(outcomes), indent=1, ensure_ascii=False))
    return 0 if counts(outcomes)["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
