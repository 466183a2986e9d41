"""Finding-aid and agent pages over a real `lod serve` on loopback: a generated finding aid (a series of 250
files, a hostile note), a real one with its creator's EAC-CPF file, an EAC-CPF file with a relation to another
agent, and one about a person a WCDA page names. The hierarchy pages show the breadcrumb, the children in
sibling order and paged (HTML and JSON twin alike), the content apart from the physical side, sanitised notes;
a unit is cited with its archive, fonds and reference code; agent pages show what the EAC-CPF file says beside
the records naming the person."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lod.config import Config
from lod.ingest import ingest
from lod.store import open_store
from lod.store.summaries import Summaries
from lod.vocab import Local
from lod.web.notes import note_html
from tests.conftest import BASE, RECORDS, Backend, start_lod_serve

STANDARDS = Path("/work/shared/corpus-standards")
if not STANDARDS.exists():
    STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "corpus-standards"
ANF_EAD, ANF_EAC = STANDARDS / "ead" / "ANF__FRAN_IR_053378.xml", STANDARDS / "eac-cpf" / "ANF__FRAN_NP_051284.xml"
SNAC_EAC = STANDARDS / "eac-cpf" / "SNAC__99166-w65k3tsm.xml"
N = 250
HOSTILE = ('<p>Kept <emph render="bold">bold</emph> <extref href="javascript:alert(1)">a link</extref>'
           '<script>alert("x")</script></p>')


def uid(i: int) -> str:
    """Component ids whose alphabetical order is not their order in the file."""
    return f"u{(i * 919) % 1000:03d}"


def generated_ead(folder: Path) -> Path:
    files = "".join(f'<c level="file" id="{uid(i)}"><did><unitid>S/{i}</unitid><unittitle>File {i}</unittitle>'
                    f"<unitdate>19{i % 90 + 10}</unitdate></did></c>" for i in range(1, N + 1))
    p = folder / "paging.xml"
    p.write_text(
        '<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>PAGING_1</eadid><filedesc><titlestmt>'
        "<titleproper>Guide to the test papers</titleproper></titlestmt></filedesc></eadheader>"
        '<archdesc level="fonds"><did><unitid>TP</unitid><unittitle>Test papers</unittitle>'
        "<repository><corpname>Test Archive</corpname></repository>"
        "<physdesc><extent>3 boxes</extent></physdesc><physloc>Stack 4</physloc></did>"
        f"<scopecontent>{HOSTILE}</scopecontent><custodhist><p>Kept by the family.</p></custodhist>"
        '<dsc><c level="series" id="s1"><did><unitid>TP/1</unitid><unittitle>Correspondence</unittitle>'
        f"<unitdate>1910-1999</unitdate></did>{files}</c></dsc></archdesc></ead>", encoding="utf-8")
    return p


def vyshinsky(folder: Path) -> Path:
    p = folder / "TEST_V.xml"
    p.write_text('<eac-cpf xmlns="urn:isbn:1-931666-33-4"><control><recordId>TEST_V</recordId></control>'
                 "<cpfDescription><identity><entityType>person</entityType><nameEntry><part>Vyshinsky, Andrei"
                 "</part></nameEntry><nameEntry><part>Andrei Vyshinsky</part></nameEntry></identity>"
                 "<description><existDates><dateRange><fromDate standardDate='1883-12-10'>1883</fromDate>"
                 "<toDate standardDate='1954-11-22'>1954</toDate></dateRange></existDates></description>"
                 "</cpfDescription></eac-cpf>", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fa")
    page = folder / "wcda-3283.txt"
    page.write_text((RECORDS / "wcda-3283.txt").read_text(encoding="utf-8").replace(
        "in Pyongyang to Vyshinsky", "in Pyongyang to Andrei Vyshinsky"), encoding="utf-8")
    inputs = [generated_ead(folder), vyshinsky(folder), page]
    real = all(p.exists() for p in (ANF_EAD, ANF_EAC, SNAC_EAC))
    if real:
        inputs += [ANF_EAD, ANF_EAC, SNAC_EAC]
    config = Config(store=str(folder / "store"), base=BASE)
    store = open_store(config.store)
    # without the bundled authority file, as tests/test_archival_ingest.py: the EAC-CPF record is the authority
    report = ingest(inputs, store, Local(BASE), progress=False, summaries=Summaries(config.summaries))
    assert not report.rejected, [str(r) for r in report.rejected]
    srv = start_lod_serve(Backend("embedded", store, report, config))
    yield srv.url, real
    srv.stop()


def get(url: str, accept: str = "text/html") -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def children_of(html: str) -> list[str]:
    section = html.split('id="h-children"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li><span class="refcode">([^<]+)</span>', section)


def test_children_are_paged_in_sibling_order_and_the_twin_pages_alike(site) -> None:
    url, _ = site
    series = f"{url}doc/record-resource/PAGING_1/s1"
    status, one = get(series)
    assert status == 200, one
    status, two = get(series + "?page=2")
    first, second = children_of(one), children_of(two)
    assert len(first) == 50 and len(second) == 50
    assert not set(first) & set(second)
    assert first + second == [f"S/{i}" for i in range(1, 101)]  # the file's order, not the ids'
    assert 'rel="next" href="?page=2"' in one and "Contains (250)" in one
    pages = [children_of(get(f"{series}?page={n}")[1]) for n in range(1, 6)]
    assert sum(pages, []) == [f"S/{i}" for i in range(1, N + 1)]
    status, body = get(series + "?page=2&_profile=page", "application/json")
    twin = json.loads(body)
    assert twin["paging"] == {"page": 2, "total": N, "size": 50, "pages": 5}
    assert [c["identifier"] for c in twin["children"]] == second


def test_a_page_past_the_end_is_404_and_a_bad_page_400(site) -> None:
    url, _ = site
    series = f"{url}doc/record-resource/PAGING_1/s1"
    assert get(series + "?page=6")[0] == 404
    assert get(series + "?page=6&_profile=page", "application/json")[0] == 404
    for bad in ("abc", "0", "-1", "1.5"):
        status, body = get(f"{series}?page={bad}")
        assert status == 400, (bad, status)
        assert "page" in body


def test_breadcrumb_content_and_physical_side(site) -> None:
    url, _ = site
    status, html = get(f"{url}doc/record-resource/PAGING_1/{uid(7)}")
    assert status == 200
    crumbs = re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', html.split('class="crumbs"', 1)[1].split("</nav>", 1)[0])
    assert [label for _, label in crumbs] == ["Test Archive", "Test papers", "Correspondence"]
    assert [href for href, _ in crumbs][1:] == ["/doc/record-resource/PAGING_1/top", "/doc/record-resource/PAGING_1/s1"]
    assert "File 6" in html and "File 8" in html  # the siblings on either side
    _, top = get(f"{url}doc/record-resource/PAGING_1/top")
    content = top.split('id="h-content"', 1)[1].split('id="h-physical"', 1)[0]
    physical = top.split('id="h-physical"', 1)[1].split('id="h-children"', 1)[0]
    assert "Kept <b>bold</b>" in content and "3 boxes" not in content
    assert "3 boxes" in physical and "Stack 4" in physical and "Kept by the family." in physical
    assert '<dt>Reference code</dt><dd class="refcode">TP</dd>' in physical


def test_a_hostile_note_is_sanitised(site) -> None:
    url, _ = site
    _, top = get(f"{url}doc/record-resource/PAGING_1/top")
    content = top.split('id="h-content"', 1)[1].split('id="h-physical"', 1)[0]
    assert "a link" in content
    for bad in ("<script", "javascript:", "onerror"):
        assert bad not in content, bad
    cleaned = str(note_html('<html:p xmlns:html="http://www.w3.org/1999/xhtml" onclick="x()">a'
                            '<html:img src="x" onerror="alert(1)"/><html:a href="javascript:alert(1)">b</html:a>'
                            '<html:script>alert(2)</html:script><html:a href="https://example.org/">c</html:a></html:p>'))
    assert "onclick" not in cleaned and "onerror" not in cleaned and "javascript" not in cleaned
    assert "<script" not in cleaned and "alert(2)" not in cleaned and 'href="https://example.org/"' in cleaned


def test_a_component_is_cited_with_its_archive_fonds_and_reference_code(site) -> None:
    url, _ = site
    doc = f"{url}doc/record-resource/PAGING_1/{uid(7)}"
    _, text = get(doc, "text/x-bibliography")
    assert text.startswith('"File 7," 1917, Test Archive, Test papers, S/7.'), text
    _, bib = get(doc, "application/x-bibtex")
    assert "Test Archive. Test papers. S/7" in bib and "title = {{File 7}}" in bib
    _, ris = get(doc, "application/x-research-info-systems")
    assert "T2  - Test papers" in ris and "DB  - Test Archive" in ris and "AN  - S/7" in ris
    _, csl = get(doc, "application/vnd.citationstyles.csl+json")
    item = json.loads(csl)[0]
    assert (item["archive"], item["collection-title"], item["archive_location"]) == ("Test Archive", "Test papers", "S/7")
    _, html = get(doc)
    assert "Test Archive, Test papers, S/7" in html


def test_the_finding_aid_links_the_record_set_it_describes(site) -> None:
    url, _ = site
    status, html = get(f"{url}doc/finding-aid/PAGING_1")
    assert status == 200
    assert '<dt>Describes</dt><dd><a href="/doc/record-resource/PAGING_1/top"' in html


def test_an_eac_agent_page_shows_names_dates_and_relations(site) -> None:
    url, real = site
    if not real:
        pytest.skip(f"the EAD / EAC-CPF corpus is not at {STANDARDS}")
    _, html = get(f"{url}doc/person/fran-np-051284")
    section = html.split('id="h-authority"', 1)[1].split("</section>", 1)[0]
    assert "<strong>Moinot, Pierre (1920-2007)</strong>" in section
    assert "1920-03-29–2007-03-06" in section
    assert "directeur des arts et lettres" in section and "écrivain" in section
    assert "Related records" in section and "/doc/record-resource/054955/top" in section
    _, html = get(f"{url}doc/corporate-body/http-n2t-net-ark-99166-w65k3tsm")
    section = html.split('id="h-authority"', 1)[1].split("</section>", 1)[0]
    assert "Related agents" in section and "/doc/corporate-body/http-n2t-net-ark-99166-w61t330s" in section
    _, unit = get(f"{url}doc/record-resource/053378/c35fl1n7pu40-n9m20bjqaapn")
    assert "Plans et dessins d&#39;architecture sur les Grands Travaux de l&#39;État à Paris" in unit


def test_an_agent_both_an_eac_file_and_a_page_describe_shows_both(site) -> None:
    url, _ = site
    status, html = get(f"{url}doc/person/test-v")
    assert status == 200
    section = html.split('id="h-authority"', 1)[1].split("</section>", 1)[0]
    assert "Vyshinsky, Andrei" in section and "Andrei Vyshinsky" in section and "1883-12-10–1954-11-22" in section
    records = html.split('id="h-roles"', 1)[1]
    assert "/doc/record/" in records  # the WCDA record naming him


def test_the_curated_persons_page_shows_the_authority_record_taken_for_him(tmp_path: Path) -> None:
    """With the bundled authority file the EAC-CPF record of Vyshinsky describes the curated person the WCDA
    pages name (tests/test_archival_ingest.py): his one page shows both, and the record's own IRI is no page."""
    from tests.conftest import AUTHORITY
    page = tmp_path / "wcda-3283.txt"
    page.write_text((RECORDS / "wcda-3283.txt").read_text(encoding="utf-8"), encoding="utf-8")
    config = Config(store=str(tmp_path / "store"), base=BASE)
    store = open_store(config.store)
    report = ingest([vyshinsky(tmp_path), page], store, Local(BASE), authority=AUTHORITY, progress=False,
                    summaries=Summaries(config.summaries))
    assert not report.rejected, [str(r) for r in report.rejected]
    srv = start_lod_serve(Backend("embedded", store, report, config))
    try:
        status, html = get(f"{srv.url}doc/person/vyshinsky-andrei")
        assert status == 200
        section = html.split('id="h-authority"', 1)[1].split("</section>", 1)[0]
        assert "Vyshinsky, Andrei" in section and "1883-12-10–1954-11-22" in section
        assert "/doc/record/" in html.split('id="h-roles"', 1)[1]  # the WCDA record naming him
        assert get(f"{srv.url}doc/person/test-v")[0] == 404
    finally:
        srv.stop()
