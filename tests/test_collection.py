"""Tests for lod.collection: the collection's published identity is configuration, and a second collection
is ingested and served from a ``collection.toml`` alone, with no code changed."""
from __future__ import annotations

import json
import os
import re
import shutil
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from lod.assignment import assign
from lod.collection import BUNDLED, CollectionError, bundled, for_serving, load, parse
from lod.config import Config
from lod.vocab import DCTERMS, VOID
from tests.conftest import ROOT, RECORDS, Backend, Oxigraph, run_lod, start_lod_serve

AUTHORITIES = ROOT / "data" / "authorities"
OTHER_BASE = "https://records.examplia.test/"
OTHER = """\
name = "Examplia State Archive"
title = "Examplia State Archive records as linked data"
description = "Letters and reports kept by the Examplia State Archive."
summary = "Letters and reports of the Examplian ministries"
site_name = "Examplia Records"
homepage = "https://archive.examplia.test/"
publisher = "Examplia State Archive, Records Office"
rights = "Free to reuse with credit to the Examplia State Archive."
licence = "https://creativecommons.org/licenses/by/4.0/"

[citation]
key_prefix = "esa"
archive = "Examplia State Archive Online"

[identifier]
type = "esa-record-id"
label = "Examplia State Archive record number"
"""
RIGHTS_LINES = re.compile(r"^(?:The History and Public Policy Program welcomes|To enquire about).*$", re.M)
PAGES = ("wcda-300645.txt", "wcda-300653.txt", "wcda-3283.txt")  # two print their Record ID


def other_collection(root: Path) -> Path:
    """An invented archive: three of the bundled pages, their rights paragraph its own, and a collection.toml
    beside the records folder; returns the records folder."""
    records = root / "records"
    records.mkdir(parents=True)
    for name in PAGES:
        text = (RECORDS / name).read_text(encoding="utf-8")
        text = RIGHTS_LINES.sub("", text, count=1)
        text = RIGHTS_LINES.sub("Free to reuse with credit to the Examplia State Archive.", text, count=1)
        assert "wilson" not in text.lower() and "History and Public Policy" not in text, name
        (records / name.replace("wcda-", "esa-")).write_text(text, encoding="utf-8")
    (root / "collection.toml").write_text(OTHER, encoding="utf-8")
    (root / "entities.tsv").write_text("# the Examplia State Archive's authority file\n"
                                       "kind\tkey\tlabel\tlang\tvariants\tnote\n", encoding="utf-8")
    for name in ("successions.tsv", "links.tsv"):  # its own (empty) successions and links: their header only
        header = next(line for line in (AUTHORITIES / name).read_text().splitlines() if not line.startswith("#"))
        (root / name).write_text(header + "\n", encoding="utf-8")
    return records


def get(url: str, accept: str = "text/html") -> str:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as r:
        return r.read().decode("utf-8")


@pytest.mark.parametrize("backend", ["embedded", "remote"])
def test_a_second_collection_is_configuration_alone(backend, tmp_path):
    """Ingest with the collection.toml found beside the records, serve with no collection option at all (the
    store keeps the one it was ingested with): every page, the VoID, the citations and the record ids are
    the invented archive's, and nothing says Wilson Center."""
    records = other_collection(tmp_path / "examplia")
    store_dir = tmp_path / "store"
    oxigraph = None
    if backend == "embedded":
        config = Config(store=str(store_dir), base=OTHER_BASE)
        store_args = ["--store", str(store_dir)]
    else:
        oxigraph = Oxigraph(tmp_path / "oxigraph").start()  # its own server: the session's holds the corpus
        config = Config(store=str(store_dir), endpoint=oxigraph.query_url, update_endpoint=f"{oxigraph.url}/update",
                        graph_store=f"{oxigraph.url}/store", base=OTHER_BASE)
        store_args = ["--endpoint", config.endpoint, "--update-endpoint", config.update_endpoint,
                      "--graph-store", config.graph_store]
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOD_")}
        env["LOD_STORE"] = str(store_dir)  # a remote store's dumps and collection file are kept there too
        env.update(LOD_SUCCESSIONS=str(records.parent / "successions.tsv"), LOD_LINKS=str(records.parent / "links.tsv"))
        done = run_lod("ingest", "--replace", "-q", *store_args, "--base", OTHER_BASE,
                       "--authority", str(tmp_path / "examplia" / "entities.tsv"), str(records), env=env)
        assert done.returncode == 0, done.stderr
        assert (store_dir / "collection.toml").read_text(encoding="utf-8") == OTHER  # kept beside the store
        served = Backend(backend, None, None, config, oxigraph)
        server = start_lod_serve(served, base=None)
        try:
            url = server.url
            home = get(url)
            assert "Examplia Records" in home and 'href="https://archive.examplia.test/"' in home
            assert "Letters and reports of the Examplian ministries" in home

            void = Graph().parse(data=get(url + "void", "text/turtle"), format="turtle")
            ds = URIRef(OTHER_BASE + "void#dataset")
            assert void.value(ds, VOID.uriSpace) == Literal(OTHER_BASE + "id/")
            assert void.value(ds, DCTERMS.title) == Literal("Examplia State Archive records as linked data", lang="en")
            assert void.value(ds, DCTERMS.publisher) == Literal("Examplia State Archive, Records Office", lang="en")
            assert void.value(ds, DCTERMS.rights) == Literal(
                "Free to reuse with credit to the Examplia State Archive.", lang="en")
            assert void.value(ds, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")

            record = url + "id/record/300645"
            bibtex = get(record, "application/x-bibtex")
            assert bibtex.startswith("@misc{esa300645,") and "Examplia State Archive, Records Office" in bibtex
            line = get(record, "text/x-bibliography")
            assert "Examplia State Archive Online" in line and line.rstrip().endswith(OTHER_BASE + "id/record/300645")
            csl = json.loads(get(record, "application/vnd.citationstyles.csl+json"))
            assert csl[0]["id"] == "esa300645" and csl[0]["publisher"] == "Examplia State Archive, Records Office"
            turtle = Graph().parse(data=get(record, "text/turtle"), format="turtle")
            rid = URIRef(OTHER_BASE + "id/record/300645")
            assert str(turtle.value(rid, DCTERMS.rights)).startswith("Free to reuse with credit")
            ident = URIRef(OTHER_BASE + "id/record/300645/identifier/esa")
            assert (ident, None, URIRef(OTHER_BASE + "vocab/identifier-type/esa-record-id")) in turtle
            page = get(url + "doc/record/300645")
            assert "Examplia State Archive Online" in page and "Examplia Records" in page  # the citation box, the brand

            concept = get(url + "doc/vocab/identifier-type/esa-record-id", "text/turtle")
            assert "Examplia State Archive record number" in concept
            for text in (home, get(url + "void", "text/turtle"), bibtex, line, page, get(url + "browse/records"),
                         get(url + "doc/record/300653"), concept, get(url + "dumps/dataset.ttl", "text/turtle")):
                assert "wilson" not in text.lower() and "History and Public Policy" not in text
        finally:
            server.stop()
    finally:
        if oxigraph is not None:
            oxigraph.stop()


def test_the_bundled_collection_is_the_default(tmp_path):
    wcda = bundled()
    assert (wcda.citation_key_prefix, wcda.identifier_key, wcda.identifier_type) == ("wcda", "wcda", "wcda-record-id")
    assert wcda.publisher == "History and Public Policy Program, Wilson Center"
    assert for_serving(Config(store=str(tmp_path / "none"))) == wcda  # no store copy, no option
    # data/collection.toml is beside data/records
    assert assign(Config(store=str(tmp_path / "none")), [RECORDS]).of(RECORDS / "wcda-3283.txt") == wcda


def test_defaults_follow_from_the_required_keys():
    c = parse('name = "N"\ntitle = "T"\npublisher = "P"\nrights = "R"\n[citation]\nkey_prefix = "n"\n', "c.toml")
    assert (c.site_name, c.citation_publisher, c.citation_archive) == ("N", "P", "N")
    assert (c.identifier_key, c.identifier_type, c.identifier_label) == ("n", "n-record-id", "N record ID")
    assert c.licence == "" and c.homepage == ""


@pytest.mark.parametrize("text, message", [
    ('name = "N"\ntitle = ', "c.toml: not valid TOML"),
    ('name = "N"\ntitle = "T"\npublisher = "P"\nrights = "R"\n', "c.toml: key 'citation.key_prefix' is missing"),
    ('name = 3', "c.toml: key 'name' must be a string"),
    ('nmae = "N"', "c.toml: unknown key 'nmae'"),
    ('name = "N"\ntitle = "T"\npublisher = "P"\nrights = " "\n', "c.toml: key 'rights' is empty"),
    ('name = "N"\ntitle = "T"\npublisher = "P"\nrights = "R"\n[citation]\nkey_prefix = "a b"\n',
     "c.toml: key 'citation.key_prefix' must be the citation key prefix"),
    ('name = "N"\ntitle = "T"\npublisher = "P"\nrights = "R"\nlicence = "CC-BY"\n[citation]\nkey_prefix = "n"\n',
     "c.toml: key 'licence' must be a licence's http(s) URI"),
])
def test_a_malformed_file_is_named_with_its_key(text, message):
    with pytest.raises(CollectionError) as e:
        parse(text, "c.toml")
    assert str(e.value).startswith(message)


def test_ingest_refuses_a_malformed_file_before_creating_a_store(tmp_path):
    bad = tmp_path / "collection.toml"
    bad.write_text('name = "N"\n', encoding="utf-8")
    done = run_lod("ingest", "--store", str(tmp_path / "store"), "--collection", str(bad), str(RECORDS / PAGES[0]))
    assert done.returncode == 2 and f"{bad}: key 'title' is missing" in done.stderr
    assert not (tmp_path / "store").exists()
    with pytest.raises(CollectionError, match="cannot read the collection file"):
        load(tmp_path / "missing.toml")


def test_adding_records_of_another_collection_keeps_the_store_s_identity(tmp_path):
    """Adding records of another collection to a store is no longer refused (several collections, one
    store): they are that collection's, and the store's own stays the default (the site's identity)."""
    config = Config(store=str(tmp_path / "store"))
    (tmp_path / "store").mkdir()
    shutil.copy(BUNDLED, tmp_path / "store" / "collection.toml")
    records = other_collection(tmp_path / "examplia")
    adding = assign(config, [records])
    assert adding.default == bundled() and adding.of(records / "esa-3283.txt").name == "Examplia State Archive"
    assert assign(config, [records], rebuild=True).default.name == "Examplia State Archive"
    assert assign(config, [tmp_path / "elsewhere.txt"]).default == bundled()  # the store's own, kept