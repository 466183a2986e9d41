"""W3C SPARQL 1.1 query-evaluation and syntax tests over HTTP: our server against ``oxigraph serve``.

Both servers run as real processes on loopback ports and get the same tests, loaded and compared the same
way (tests.w3c.runner). Our server must pass at least as many tests as oxigraph serve, and must answer
400 to every negative syntax test. Both summary lines are printed; every outcome goes to
``bench/out/w3c-query.json``.

Skipped for both (the runner prints each with its reason): tests outside what a read-only query endpoint
does or what the suite applies to — SERVICE (refused by design), entailment regimes, SPARQL Update,
``qt:serviceData`` — and tests whose query names in FROM/FROM NAMED a file the loader cannot know.
In the SPARQL 1.1 query manifest that is one test: syntax-query/test_42 (syntax-construct-where-02.rq,
``FROM <file>``, a positive syntax test loading no data; our endpoint answers 400 to a graph it does not
hold, by design).
"""
from __future__ import annotations

import json
import time

import pytest

from tests.w3c import MISSING, ROOT, suite_available

OUT = ROOT / "bench" / "out" / "w3c-query.json"

needs_suite = pytest.mark.skipif(not suite_available(), reason=MISSING)


def _run(start) -> tuple[list, float]:
    from tests.w3c.manifest import load_tests
    from tests.w3c.runner import Runner
    tests = load_tests()
    t0 = time.perf_counter()
    with start() as srv:
        outcomes = Runner(srv.endpoint, srv.load_url, srv.load_method).run(tests, log=None)
    return outcomes, round(time.perf_counter() - t0, 1)


def _write(name: str, outcomes: list, seconds: float) -> None:
    from tests.w3c.runner import report
    data = json.loads(OUT.read_text()) if OUT.is_file() else {}
    data[name] = {**report(outcomes), "seconds": seconds}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False))


def _print(capsys, name: str, outcomes: list, seconds: float) -> None:
    from tests.w3c.runner import line, summary
    with capsys.disabled():
        print(f"\n-- W3C SPARQL 1.1 query tests, {name} ({seconds:g} s):")
        # Labelled, so that a reader of the pytest log never takes these lines for pytest's own outcome
        # (the standalone runner, `python -m tests.w3c.runner`, prints the bare summary line last).
        for o in outcomes:
            if o.status != "passed":
                text = line(o)[:300]
                word, _, rest = text.partition(" ")
                print(f"   w3c {word.lower()}: {rest.strip()}")
        print(f"-- W3C query tests over HTTP, {name}: {summary(outcomes)}")


@pytest.fixture(scope="module")
def ours():
    from tests.w3c.servers import start_lod
    outcomes, seconds = _run(start_lod)
    _write("lod", outcomes, seconds)
    return outcomes, seconds


@pytest.fixture(scope="module")
def theirs():
    from tests.w3c.servers import oxigraph_binary, start_oxigraph
    if oxigraph_binary() is None:
        pytest.skip("`oxigraph` (the server, PyPI package oxigraph, in the test extra) is not installed")
    outcomes, seconds = _run(start_oxigraph)
    _write("oxigraph", outcomes, seconds)
    return outcomes, seconds


@needs_suite
def test_negative_syntax_gets_400(ours, capsys):
    outcomes, seconds = ours
    _print(capsys, "lod serve", outcomes, seconds)
    negative = [o for o in outcomes if o.type == "NegativeSyntaxTest11"]
    assert len(negative) >= 40
    wrong = [f"{o.short}: HTTP {o.http_status}" for o in negative if o.http_status != 400]
    assert not wrong, "negative syntax tests not answered 400:\n" + "\n".join(wrong)


@needs_suite
def test_we_pass_at_least_as_many_as_oxigraph(ours, theirs, capsys):
    from tests.w3c.runner import counts
    (mine, _), (other, seconds) = ours, theirs
    _print(capsys, "oxigraph serve", other, seconds)
    assert [o.test for o in mine] == [o.test for o in other]
    ours_n, theirs_n = counts(mine)["passed"], counts(other)["passed"]
    # the runner itself is checked by oxigraph passing the vast majority
    assert theirs_n >= 0.85 * len(other), f"oxigraph serve passes only {theirs_n}: is the runner right?"
    only_theirs = [f"{o.short}: {o.detail[:200]}" for o, t in zip(mine, other)
                   if o.status != "passed" and t.status == "passed"]
    assert ours_n >= theirs_n, (f"we pass {ours_n}, oxigraph serve {theirs_n}; failing only here:\n"
                                + "\n".join(only_theirs))


def test_runner_compares_like_the_suite_says():
    """The comparison itself, on small answers: multisets, blank-node bijection, ORDER BY runs, RDF 1.1
    strings, term (not value) equality of literals, graph isomorphism."""
    import pyoxigraph as ox
    from tests.w3c.results import Results, compare_graphs, compare_results, literal
    XS = "http://www.w3.org/2001/XMLSchema#"
    a, b = ("u", "http://ex/a"), ("u", "http://ex/b")
    one, one_dec = literal("1", XS + "integer"), literal("1.0", XS + "decimal")
    exp = Results(["x", "y"], [{"x": a, "y": ("b", "n1")}, {"x": b, "y": ("b", "n1")}, {"x": a}])
    same = Results(["y", "x"], [{"x": a}, {"x": b, "y": ("b", "z")}, {"x": a, "y": ("b", "z")}])
    assert compare_results(exp, same) is None
    two_bnodes = Results(["x", "y"], [{"x": a, "y": ("b", "p")}, {"x": b, "y": ("b", "q")}, {"x": a}])
    assert compare_results(exp, two_bnodes) is not None  # one blank node, not two
    assert compare_results(exp, Results(["x", "y"], exp.rows[:2] + exp.rows[:1])) is not None  # multiset
    assert compare_results(Results(["s"], [{"s": literal("x", XS + "string")}]),
                           Results(["s"], [{"s": literal("x")}])) is None  # xsd:string is the simple literal
    assert compare_results(Results(["s"], [{"s": literal("x", lang="EN")}]),
                           Results(["s"], [{"s": literal("x", lang="en")}])) is None
    diff = compare_results(Results(["n"], [{"n": one_dec}]), Results(["n"], [{"n": literal("1", XS + "decimal")}]))
    assert diff is not None and diff.startswith("lexical forms differ")
    assert compare_results(Results(["n"], [{"n": one}]), Results(["n"], [{"n": one_dec}])) is not None
    ordered = Results(["k", "v"], [{"k": one, "v": a}, {"k": one, "v": b}, {"k": one_dec, "v": a}])
    ties_swapped = Results(["k", "v"], [ordered.rows[1], ordered.rows[0], ordered.rows[2]])
    assert compare_results(ordered, ties_swapped, ["k"]) is None
    assert compare_results(ordered, Results(["k", "v"], ordered.rows[::-1]), ["k"]) is not None
    assert compare_results(ordered, Results(["k", "v"], ordered.rows[::-1])) is None
    assert compare_results(ordered, ties_swapped, "all") is not None
    assert compare_results(Results(boolean=True), Results(boolean=False)) is not None

    def triples(text: str) -> list:
        return [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    assert compare_graphs(triples("<http://s> <http://p> [ <http://q> 1 ] ."),
                          triples("<http://s> <http://p> _:z . _:z <http://q> 1 .")) is None
    assert compare_graphs(triples('<http://s> <http://p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .'),
                          triples("<http://s> <http://p> 1 .")) is not None


def test_query_text_reading():
    from tests.w3c import sparqltext
    q = "PREFIX : <http://ex/> # ORDER BY ?no\nSELECT * FROM :g FROM NAMED <n> { SELECT ?x {} ORDER BY ?z } ORDER BY DESC(?x) ?y LIMIT 2"
    assert sparqltext.form(q) == "SELECT"
    assert sparqltext.order_keys(q) == ["x", "y"]
    assert sparqltext.order_keys("SELECT * {} ORDER BY (?x + 1)") == "all"
    assert sparqltext.order_keys("SELECT * { { SELECT * {} ORDER BY ?x } }") is None
    assert sparqltext.dataset_clauses(q, "http://base/q.rq") == (["http://ex/g"], ["http://base/n"])
    assert sparqltext.uses_service("SELECT * { SERVICE <http://x> { ?s ?p ?o } }")
    assert not sparqltext.uses_service("SELECT * { ?s ?p 'SERVICE' }")
