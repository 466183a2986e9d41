"""Several collections in one publisher (issue #16): each input is its nearest collection.toml's, the store
says which collection each graph is part of, and VoID, the collection pages, the dumps and the citations
follow; one SPARQL endpoint over all. Real ingests (``lod ingest``), real servers on loopback."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from lod.assignment import assign
from lod.collection import CollectionError, parse
from lod.config import Config
from lod.vocab import DCTERMS, RDF, RICO, VOID
from tests.conftest import RECORDS, ROOT, Backend, Oxigraph, run_lod, start_lod_serve

EAD = ROOT.parent / "shared" / "corpus-standards" / "ead"  # ../shared, as every test reads it
EAC = EAD.parent / "eac-cpf"
BASE = "http://collections.test/"
PAGES = ("wcda-300645.txt", "wcda-300653.txt", "wcda-3283.txt")
FINDING_AID = "ASpace-NYU__afcu.xml"  # small: a finding aid and a handful of components
AUTHORITY = "SAA__EINSTEIN_ALBERT_18791955.CPF.xml"
NYU = """\
name = "New York University Archives"
title = "NYU Archives finding aids as linked data"
description = "Finding aids of the New York University Archives."
publisher = "New York University Archives, Elmer Holmes Bobst Library"
rights = "Free to reuse with credit to the NYU Archives."
licence = "https://creativecommons.org/licenses/by/4.0/"

[citation]
key_prefix = "nyu"

[ead]
language = "en"
"""
SAA = """\
key = "saa"
name = "SAA authority records"
title = "Authority records of the Society of American Archivists"
publisher = "Society of American Archivists"
rights = "CC0"

[citation]
key_prefix = "saa-agents"
"""


def needs_corpus() -> None:
    if not (EAD / FINDING_AID).is_file():
        pytest.skip(f"the standards corpus is absent ({EAD / FINDING_AID}): see ../shared/README.md")


def inputs(root: Path) -> tuple[Path, Path]:
    """Three bundled pages in a folder of their own (no collection.toml: the default's), and an EAD file in
    ``nyu/ead/`` under ``nyu/collection.toml``; the two input folders."""
    needs_corpus()
    wcda, ead = root / "wcda", root / "nyu" / "ead"
    wcda.mkdir(parents=True)
    ead.mkdir(parents=True)
    for name in PAGES:
        shutil.copy(RECORDS / name, wcda / name)
    shutil.copy(EAD / FINDING_AID, ead / FINDING_AID)
    (root / "nyu" / "collection.toml").write_text(NYU, encoding="utf-8")
    return wcda, ead


def get(url: str, accept: str = "text/html") -> tuple[bytes, str]:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as r:
        return r.read(), r.headers.get("Content-Type", "")


def sparql(url: str, query: str) -> list[dict]:
    body, _ = get(url + "sparql?query=" + urllib.parse.quote(query), "application/sparql-results+json")
    return json.loads(body)["results"]["bindings"]


def members(url: str) -> dict[str, set[str]]:
    """Collection IRI -> its graphs, as the endpoint says."""
    found: dict[str, set[str]] = {}
    for row in sparql(url, f"SELECT ?g ?c WHERE {{ GRAPH <{BASE}graph/meta/collections> {{ ?g <{DCTERMS.isPartOf}> ?c }} "
                           f"FILTER(STRSTARTS(STR(?c), \"{BASE}id/collection/\")) }}"):
        found.setdefault(row["c"]["value"], set()).add(row["g"]["value"])
    return found


OAI = "{http://www.openarchives.org/OAI/2.0/}"


def oai(url: str, **args: str) -> list:
    """Every page's elements of one list verb, following resumption tokens: the headers or sets."""
    from lxml import etree
    found, query = [], dict(args)
    while True:
        root = etree.fromstring(get(url + "oai?" + urllib.parse.urlencode(query), "text/xml")[0])
        assert not root.findall(f"{OAI}error"), etree.tostring(root)
        found += root.iter(f"{OAI}header", f"{OAI}set")
        token = root.findtext(f".//{OAI}resumptionToken")
        if not token:
            return found
        query = {"verb": args["verb"], "resumptionToken": token}


def void(url: str) -> Graph:
    body, _ = get(url + "void", "text/turtle")
    return Graph().parse(data=body, format="turtle")


@pytest.mark.parametrize("backend", ["embedded", "remote"])
def test_two_collections_one_publisher(backend, tmp_path):
    wcda, ead = inputs(tmp_path / "in")
    store_dir = tmp_path / "store"
    oxigraph = None if backend == "embedded" else Oxigraph(tmp_path / "oxigraph").start()
    config = Config(store=str(store_dir), base=BASE) if oxigraph is None else oxigraph.config(store_dir)
    served = Backend(backend, None, None, config, oxigraph)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOD_")}
    env["LOD_STORE"] = str(store_dir)
    try:
        done = run_lod("ingest", "--replace", "-q", *served.store_args(), "--base", BASE, str(wcda), str(ead), env=env)
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in (store_dir / "collections").glob("*.toml")) == ["nyu.toml", "wcda.toml"]
        server = start_lod_serve(served, base=None)
        try:
            url = server.url
            nyu, wcda_iri = URIRef(f"{BASE}id/collection/nyu"), URIRef(f"{BASE}id/collection/wcda")
            graphs = members(url)
            assert set(graphs) == {str(nyu), str(wcda_iri)}
            assert all("/graph/record/" in g for g in graphs[str(wcda_iri)]) and len(graphs[str(wcda_iri)]) == 3
            assert not any("/graph/record/" in g for g in graphs[str(nyu)])

            # OAI-PMH: a set per collection, named as its collection.toml; its items, their top units' sets within
            named = {e.findtext(f"{OAI}setSpec"): e.findtext(f"{OAI}setName") for e in oai(url, verb="ListSets")}
            assert named["collection:nyu"] == "New York University Archives"
            assert named["collection:wcda"] == "Wilson Center Digital Archive"
            held = {spec: {h.findtext(f"{OAI}identifier") for h in oai(url, verb="ListIdentifiers",
                                                                       metadataPrefix="oai_dc", set=spec)}
                    for spec in named if spec.startswith("collection:")}
            described = {c: {r["s"]["value"] for r in sparql(url, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{BASE}graph/meta/"
                                                                  f"collections> {{ ?g <{DCTERMS.isPartOf}> <{c}> }} "
                                                                  f"GRAPH ?g {{ ?s a ?t FILTER(?t IN (<{RICO.Record}>, "
                                                                  f"<{RICO.RecordSet}>)) }} }}")}
                         for c in (nyu, wcda_iri)}
            assert described[wcda_iri] and described[nyu]
            assert described[wcda_iri] <= held["collection:wcda"] and described[nyu] <= held["collection:nyu"]
            assert not held["collection:wcda"] & described[nyu] and not held["collection:nyu"] & described[wcda_iri]
            units = [spec for spec in held if spec.startswith("collection:nyu:")]
            assert units, f"the finding aid's top unit has no set within collection:nyu: {sorted(held)}"
            assert all(held[spec] <= held["collection:nyu"] and held[spec] for spec in units)

            # VoID: two subsets, their titles and publishers, counts that agree with their dumps
            g = void(url)
            dataset = URIRef(f"{BASE}void#dataset")
            assert set(g.objects(dataset, VOID.subset)) == {nyu, wcda_iri}
            assert str(g.value(nyu, DCTERMS.title)) == "NYU Archives finding aids as linked data"
            assert str(g.value(wcda_iri, DCTERMS.title)) == "Wilson Center Digital Archive records as linked data"
            assert str(g.value(nyu, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
            for c in (nyu, wcda_iri):
                dump = URIRef(f"{BASE}dumps/collection-{c.rsplit('/', 1)[1]}.nq.gz")
                assert (c, VOID.dataDump, dump) in g
                body, _ = get(url + dump[len(BASE):], "application/gzip")
                quads = Dataset()
                quads.parse(data=gzip.decompress(body).decode("utf-8"), format="nquads")
                held = {str(ctx.identifier) for ctx in quads.graphs() if len(ctx)}
                assert held == graphs[str(c)]  # its own graphs, and only those
                assert int(g.value(c, VOID.triples)) == sum(1 for _ in quads.quads((None, None, None, None)))
                records = next(p for p in g.objects(c, VOID.classPartition) if g.value(p, VOID["class"]) == RICO.Record)
                assert int(g.value(records, VOID.entities)) == len(
                    {s for s, _, _, _ in quads.quads((None, RDF.type, RICO.Record, None))})
            assert int(g.value(next(p for p in g.objects(wcda_iri, VOID.classPartition)
                                    if g.value(p, VOID["class"]) == RICO.Record), VOID.entities)) == 3

            # a page per collection, HTML and Turtle, through the same negotiation as every resource
            page, kind = get(f"{url}id/collection/nyu")
            assert kind.startswith("text/html")
            text = page.decode("utf-8")
            assert "NYU Archives finding aids as linked data" in text and "New York University Archives, Elmer" in text
            assert "/dumps/collection-nyu.nq.gz" in text and "/sparql?query=" in text
            turtle, kind = get(f"{url}id/collection/nyu", "text/turtle")
            assert kind.startswith("text/turtle")
            assert (nyu, RDF.type, VOID.Dataset) in Graph().parse(data=turtle, format="turtle")
            home = get(url)[0].decode("utf-8")
            assert 'href="/doc/collection/nyu"' in home and 'href="/doc/collection/wcda"' in home

            # a record's citation names its own collection's publisher
            def record_in(c: URIRef) -> str:
                return sparql(url, f"SELECT ?r WHERE {{ GRAPH <{BASE}graph/meta/collections> {{ ?g <{DCTERMS.isPartOf}> <{c}> }} "
                                   f"GRAPH ?g {{ ?r a <{RICO.Record}> }} }} ORDER BY ?r LIMIT 1")[0]["r"]["value"]
            bib_nyu = get(url + "doc/" + record_in(nyu)[len(BASE) + 3:] + ".bib", "*/*")[0].decode("utf-8")
            assert "New York University Archives" in bib_nyu and "Wilson" not in bib_nyu and "@misc{nyu" in bib_nyu
            bib_wcda = get(url + "doc/" + record_in(wcda_iri)[len(BASE) + 3:] + ".bib", "*/*")[0].decode("utf-8")
            assert "History and Public Policy Program" in bib_wcda and "@misc{wcda" in bib_wcda
        finally:
            server.stop()
    finally:
        if oxigraph is not None:
            oxigraph.stop()


def test_adding_a_collection_keeps_the_others(tmp_path):
    """An ingest without --replace adds a third collection; the first two keep their graphs, their pages and
    their dumps, and the site's identity stays the first default's; a re-ingest changes nothing."""
    wcda, ead = inputs(tmp_path / "in")
    if not (EAC / AUTHORITY).is_file():
        pytest.skip(f"the standards corpus is absent ({EAC / AUTHORITY})")
    eac = tmp_path / "in" / "saa" / "records"
    eac.mkdir(parents=True)
    shutil.copy(EAC / AUTHORITY, eac / AUTHORITY)
    (tmp_path / "in" / "saa" / "collection.toml").write_text(SAA, encoding="utf-8")
    store = tmp_path / "store"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOD_")}
    common = ("-q", "--store", str(store), "--base", BASE)
    assert (done := run_lod("ingest", "--replace", *common, str(wcda), str(ead), env=env)).returncode == 0, done.stderr
    assert (done := run_lod("ingest", *common, str(eac), env=env)).returncode == 0, done.stderr
    assert (done := run_lod("ingest", *common, str(eac), str(wcda), env=env)).returncode == 0, done.stderr
    assert "(0 graphs written" in done.stderr  # a re-ingest: nothing changed
    assert sorted(p.name for p in (store / "dumps").glob("collection-*")) == [
        "collection-nyu.nq.gz", "collection-saa.nq.gz", "collection-wcda.nq.gz"]
    server = start_lod_serve(Backend("embedded", None, None, Config(store=str(store), base=BASE)), base=None)
    try:
        graphs = members(server.url)
        assert {c.rsplit("/", 1)[1] for c in graphs} == {"wcda", "nyu", "saa"}
        assert len(graphs[f"{BASE}id/collection/wcda"]) == 3 and graphs[f"{BASE}id/collection/nyu"]
        g = void(server.url)
        assert len(set(g.objects(URIRef(f"{BASE}void#dataset"), VOID.subset))) == 3
        assert str(g.value(URIRef(f"{BASE}void#dataset"), DCTERMS.publisher)).startswith("History and Public Policy")
        assert get(f"{server.url}id/collection/saa")[0].decode("utf-8").count("Society of American Archivists") >= 1
    finally:
        server.stop()


def test_two_files_of_one_key_and_a_bad_key_are_refused(tmp_path):
    root = tmp_path / "in"
    for name, title in (("a", "First"), ("b", "Second")):
        (root / name).mkdir(parents=True)
        shutil.copy(RECORDS / PAGES[0], root / name / PAGES[0])
        (root / name / "collection.toml").write_text(
            f'key = "same"\nname = "{title}"\ntitle = "{title}"\npublisher = "P"\nrights = "R"\n'
            f'[citation]\nkey_prefix = "k{name}"\n', encoding="utf-8")
    config = Config(store=str(tmp_path / "store"))
    with pytest.raises(CollectionError, match="two different collection files claim the key 'same'"):
        assign(config, [root])
    done = run_lod("ingest", "-q", "--store", str(tmp_path / "store"), str(root))
    assert done.returncode == 2 and "claim the key 'same'" in done.stderr
    assert not (tmp_path / "store").exists()  # refused before anything was written
    with pytest.raises(CollectionError, match="key 'key' must be the collection's key"):
        parse('key = "no spaces"\nname = "N"\ntitle = "T"\npublisher = "P"\nrights = "R"\n'
              '[citation]\nkey_prefix = "k"\n', "bad.toml")
    with pytest.raises(CollectionError, match="unknown key 'ead.lang'"):
        parse('name = "N"\ntitle = "T"\npublisher = "P"\nrights = "R"\n[citation]\nkey_prefix = "k"\n'
              '[ead]\nlang = "fr"\n', "bad.toml")


def test_each_file_is_its_nearest_collection_s(tmp_path):
    wcda, ead = inputs(tmp_path / "in")
    a = assign(Config(store=str(tmp_path / "store")), [wcda, ead])
    assert a.default.key == "wcda"  # one input has no collection file: the bundled one is the default
    assert a.of(ead / FINDING_AID).key == "nyu" and a.of(ead / FINDING_AID).ead == (("language", "en"),)
    assert a.of(wcda / PAGES[0]).key == "wcda"
    forced = assign(Config(store=str(tmp_path / "store"), collection=tmp_path / "in" / "nyu" / "collection.toml"),
                    [wcda, ead])
    assert forced.of(wcda / PAGES[0]).key == "nyu"  # --collection: one for every input


def test_adding_keeps_the_store_s_identity_and_takes_an_edited_file(tmp_path):
    """Adding to a store: ``--collection FILE`` is the inputs' collection, the store's own stays the default;
    a file of the default's key given now is its new version (an edited title), not a second collection."""
    wcda, ead = inputs(tmp_path / "in")
    store = tmp_path / "store"
    store.mkdir()
    shutil.copy(ROOT / "data" / "collection.toml", store / "collection.toml")
    config = Config(store=str(store), collection=tmp_path / "in" / "nyu" / "collection.toml")
    adding = assign(config, [wcda])
    assert adding.default.key == "wcda" and adding.of(wcda / PAGES[0]).key == "nyu"
    edited = tmp_path / "edited"
    shutil.copytree(wcda, edited / "records")
    text = (ROOT / "data" / "collection.toml").read_text(encoding="utf-8")
    (edited / "collection.toml").write_text(text.replace('title = "Wilson', 'title = "The Wilson'), encoding="utf-8")
    again = assign(Config(store=str(store)), [edited / "records"])
    assert again.default.title.startswith("The Wilson") and again.of(edited / "records" / PAGES[0]) == again.default
