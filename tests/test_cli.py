"""The `lod` command line as a user runs it: exit codes, summaries, formats, a real endpoint."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import ConjunctiveGraph, Graph

from tests.conftest import BASE, RECORDS, SEED, run_lod

Q_COUNT = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://www.ica.org/standards/RiC/ontology#Record> }"


def test_ingest_summary_and_exit_code(tmp_path: Path):
    res = run_lod("ingest", "--store", str(tmp_path / "s"), "--base", BASE, str(RECORDS))
    assert res.returncode == 0, res.stderr
    assert "29 records loaded" in res.stderr and "0 rejected" in res.stderr


def test_ingest_with_a_rejected_file_exits_1_and_loads_the_rest(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    res = run_lod("ingest", "--store", str(tmp_path / "s"), str(RECORDS / "wcda-3283.txt"), str(bad))
    assert res.returncode == 1
    assert "rejected: " in res.stderr and "bad.txt" in res.stderr and "1 records loaded" in res.stderr
    res = run_lod("query", "--store", str(tmp_path / "s"), "--format", "json", Q_COUNT)
    assert json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"] == "1"


def test_usage_errors_exit_2(tmp_path: Path):
    assert run_lod().returncode == 2
    assert run_lod("ingest").returncode == 2
    assert run_lod("query", "--format", "nope", "ASK {}").returncode == 2
    assert run_lod("ingest", "--base", "not a uri", str(RECORDS)).returncode == 2


def test_query_formats(tmp_path: Path):
    store = str(tmp_path / "s")
    run_lod("ingest", "-q", "--store", store, "--base", BASE, str(RECORDS))
    res = run_lod("query", "--store", store, "--format", "json", Q_COUNT)
    data = json.loads(res.stdout)
    assert data["head"]["vars"] == ["n"] and data["results"]["bindings"][0]["n"]["value"] == "29"
    table = run_lod("query", "--store", store, Q_COUNT).stdout
    assert table.splitlines()[0].strip() == "n" and "29" in table and "(1 rows)" in table
    rows = list(csv.reader(io.StringIO(run_lod("query", "--store", store, "-f", "csv", Q_COUNT).stdout)))
    assert rows == [["n"], ["29"]]
    qfile = tmp_path / "q.rq"
    qfile.write_text(f"CONSTRUCT {{ <{BASE}id/record/{SEED}> ?p ?o }} WHERE {{ <{BASE}id/record/{SEED}> ?p ?o }}")
    ttl = run_lod("query", "--store", store, "-f", "turtle", f"@{qfile}").stdout
    assert len(Graph().parse(data=ttl, format="turtle")) > 20
    nt = run_lod("query", "--store", store, "-f", "ntriples", f"@{qfile}").stdout
    assert len(Graph().parse(data=nt, format="nt")) > 20
    bad = run_lod("query", "--store", store, "SELEKT nothing")
    assert bad.returncode == 1 and "syntax" in bad.stderr.lower()


def test_query_missing_store_is_a_clear_error(tmp_path: Path):
    res = run_lod("query", "--store", str(tmp_path / "none"), "ASK {}")
    assert res.returncode == 1 and "no store" in res.stderr and "lod ingest" in res.stderr


def test_export_formats(tmp_path: Path):
    store = str(tmp_path / "s")
    run_lod("ingest", "-q", "--store", store, str(RECORDS))
    sizes = {}
    for fmt, parser in (("nq", "nquads"), ("trig", "trig"), ("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        out = tmp_path / f"dump.{fmt}"
        res = run_lod("export", "--store", store, "--format", fmt, "-o", str(out))
        assert res.returncode == 0, res.stderr
        g = ConjunctiveGraph() if fmt in ("nq", "trig") else Graph()
        g.parse(out, format=parser)
        sizes[fmt] = len(g)
    assert sizes["ttl"] == sizes["nt"] == sizes["jsonld"] > 1000
    assert sizes["nq"] == sizes["trig"] >= sizes["nt"]


def test_query_remote_endpoint_through_sparqlwrapper(server):
    url, _ = server
    res = run_lod("query", "--endpoint", url + "sparql", "--format", "json", Q_COUNT)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"] == "29"
    table = run_lod("query", "--endpoint", url + "sparql", Q_COUNT).stdout
    assert "29" in table


# --- what a new user tripped over (issue #12, point 8c) ---------------------------------------------------

def test_ingest_of_a_missing_path_names_it_and_creates_nothing(tmp_path: Path):
    store = tmp_path / "new"
    res = run_lod("ingest", "--store", str(store), str(tmp_path / "nonexistent"))
    assert res.returncode == 2
    assert f"no such file or directory: {tmp_path / 'nonexistent'}" in res.stderr
    assert "search index" not in res.stderr and not store.exists()


def test_files_of_unsupported_types_in_a_folder_are_listed_as_skipped(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wcda-300237.txt").write_bytes((RECORDS / "wcda-300237.txt").read_bytes())
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".hidden.pdf").write_bytes(b"%PDF-1.4")  # hidden files stay out of the way
    res = run_lod("ingest", "-q", "--store", str(tmp_path / "s"), str(folder))
    assert res.returncode == 0, res.stderr
    assert f"skipped: {folder / 'scan.pdf'}: unsupported file type '.pdf'" in res.stderr
    assert "1 records loaded" in res.stderr and "1 skipped" in res.stderr and ".hidden" not in res.stderr


def test_export_takes_the_format_from_the_extension_and_refuses_a_mismatch(tmp_path: Path):
    store = str(tmp_path / "s")
    assert run_lod("ingest", "-q", "--store", store, str(RECORDS / "wcda-300237.txt")).returncode == 0
    out = tmp_path / "dump.ttl"
    res = run_lod("export", "--store", store, "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert len(Graph().parse(out, format="turtle")) > 100  # Turtle, not N-Quads
    res = run_lod("export", "--store", store, "--format", "nq", "-o", str(tmp_path / "other.ttl"))
    assert res.returncode == 2 and "does not match" in res.stderr and not (tmp_path / "other.ttl").exists()
    res = run_lod("export", "--store", store, "-o", str(tmp_path / "dump.txt"))
    assert res.returncode == 2 and "--format" in res.stderr and "Traceback" not in res.stderr
    assert run_lod("export", "--store", store, "--format", "nt", "-o", str(tmp_path / "dump.txt")).returncode == 0


def test_export_into_a_missing_folder_is_a_clear_error(tmp_path: Path):
    store = str(tmp_path / "s")
    run_lod("ingest", "-q", "--store", store, str(RECORDS / "wcda-300237.txt"))
    res = run_lod("export", "--store", store, "-o", str(tmp_path / "missing" / "dir" / "x.nq"))
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert f"cannot write {tmp_path / 'missing' / 'dir' / 'x.nq'}" in res.stderr


def test_version_is_the_package_version():
    from importlib.metadata import version
    res = run_lod("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"lod {version('lod-archive')}"


def test_query_from_standard_input(tmp_path: Path):
    store = str(tmp_path / "s")
    run_lod("ingest", "-q", "--store", store, str(RECORDS / "wcda-300237.txt"))
    res = run_lod("query", "--store", store, "--format", "json", "-", input=Q_COUNT)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"] == "1"
    assert run_lod("query", "--store", store, "-", input="  \n").returncode == 2
