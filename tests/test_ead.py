"""EAD finding aids: read safely as a stream (EAD 2002 with and without its namespace, EAD3; ``c`` and
``c01``–``c12``), mapped to RiC-O unit by unit, and ingested beside the pages."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import URIRef

from lod.ingest import ingest
from lod.mapping.ead import map_component, unit_class
from lod.model.finding_aid import Component, FindingAidHeader
from lod.sources import read_archival
from lod.sources.ead import read_finding_aid
from lod.sources.errors import SourceRejected
from lod.sources.xml_kind import xml_kind
from lod.store import open_store
from lod.vocab import RICO, Local
from tests.conftest import BASE, RECORDS

EAD = Path(__file__).resolve().parents[2] / "shared" / "corpus-standards" / "ead"
needs_corpus = pytest.mark.skipif(not EAD.is_dir(), reason=f"the EAD corpus is not at {EAD} (../shared)")
LOCAL = Local(BASE)


def units(path: Path) -> tuple[FindingAidHeader, list[Component]]:
    header, *rest = read_finding_aid(path)
    return header, rest


def write(tmp_path: Path, body: str, name: str = "fa.xml") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


@needs_corpus
@pytest.mark.parametrize("path", sorted(EAD.glob("*.xml")) if EAD.is_dir() else [], ids=lambda p: p.name)
def test_every_real_finding_aid_is_read_whole(path: Path) -> None:
    header, found = units(path)
    assert header.key and xml_kind(path) in ("ead", "ead3")
    assert header.version == ("ead3" if xml_kind(path) == "ead3" else "ead2002")
    top = found[-1]
    assert top.id == "top" and top.titles, "the archdesc comes last, with its title"
    ids = [u.id for u in found]
    assert len(ids) == len(set(ids)), "every unit once"
    children = {c for u in found for c in u.children}
    assert children == set(ids) - {"top"}, "every unit but the top is some unit's child"
    assert found and all(u.parent is not None for u in found[:-1])


@needs_corpus
def test_known_counts_of_real_files() -> None:
    """Components as the files have them: the ANF file's unnumbered c, NC State's EAD3, the Nationaal Archief's
    c01–c06 with basic ISO dates."""
    counts = {p.name.split("__")[0]: len(units(p)[1]) for p in EAD.glob("*.xml")}
    assert counts["ANF"] == 104 and counts["NCSU"] == 1325
    _, na = units(next(EAD.glob("APE-NL-HaNA__*.xml")))
    assert any(d.begin == "1577-02-15" and d.end == "1577-04-03" for u in na for d in u.dates), "15770215/15770403"
    _, ncsu = units(next(EAD.glob("NCSU__*.xml")))
    assert any(n.source == "naf" and n.where == "origination" for n in ncsu[-1].names)
    assert ncsu[-1].names[0].text == "Hunt, James B. 1937-", "EAD3 name parts joined as parts are"


NUMBERED = """<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>X 1</eadid></eadheader>
<archdesc level="fonds"><did><unittitle>Fonds</unittitle></did><dsc>
<c01 id="s" level="series"><did><unittitle>Series</unittitle><unitdate normal="1950/1960">1950s</unitdate></did>
<c02 id="f1" level="file"><did><unittitle>File 1</unittitle></did></c02>
<c02 id="f2" level="file" audience="internal"><did><unittitle>Internal</unittitle></did></c02>
<c02 id="f3" level="file"><did><unittitle>File 3</unittitle></did>
<c03 level="item"><did><unittitle>Item</unittitle></did></c03></c02></c01>
</dsc></archdesc></ead>"""


def test_numbered_and_unnumbered_components_and_namespaces_read_alike(tmp_path: Path) -> None:
    numbered = units(write(tmp_path, NUMBERED, "a.xml"))
    plain = NUMBERED.replace(' xmlns="urn:isbn:1-931666-22-9"', "")
    for n in range(1, 4):
        plain = plain.replace(f"<c0{n}", "<c").replace(f"</c0{n}>", "</c>")
    unnumbered = units(write(tmp_path, plain, "b.xml"))
    shape = [[(u.id, u.parent, u.previous, u.next, u.children, u.titles) for u in us] for _, us in (numbered, unnumbered)]
    assert shape[0] == shape[1]
    header, found = numbered
    assert header.key == "X_1"
    by_id = {u.id: u for u in found}
    assert "f2" not in by_id and by_id["s"].children == ["f1", "f3"], "audience=internal is left out"
    assert by_id["f1"].next == "f3" and by_id["f3"].previous == "f1"
    assert by_id["f3"].children == ["f3-1"], "a component without an id gets one from its place"
    assert by_id["s"].dates[0].begin == "1950" and by_id["s"].dates[0].end == "1960"


def test_nesting_and_classes_follow_the_converter(tmp_path: Path) -> None:
    header, found = units(write(tmp_path, NUMBERED))
    by_id = {u.id: u for u in found}
    assert [unit_class(u.level, u.otherlevel) for u in (by_id["top"], by_id["f3"], by_id["f3-1"])] == [
        RICO.RecordSet, RICO.RecordSet, RICO.Record]
    item = map_component(by_id["f3-1"], header, LOCAL)
    stated = {(s.value, p.value, o.value) for s, p, o in item.triples}
    me, parent = str(LOCAL.record_resource("X_1", "f3-1")), str(LOCAL.record_resource("X_1", "f3"))
    assert (me, str(RICO.isDirectlyIncludedIn), parent) in stated
    assert (me, str(RICO.hasOrHadInstantiation), me + "/instantiation/1") in stated
    series = map_component(by_id["s"], header, LOCAL)
    pairs = {(p.value, o.value) for s, p, o in series.triples if s.value == str(series.subject)}
    assert (str(RICO.beginningDate), "1950") in pairs and (str(RICO.endDate), "1960") in pairs
    assert (str(RICO.directlyIncludes), str(LOCAL.record_resource("X_1", "f1"))) in pairs


HOSTILE = """<?xml version="1.0"?>
<!DOCTYPE ead PUBLIC "+//ISBN 1-931666-00-8//DTD ead.dtd (EAD Version 2002)//EN" "http://127.0.0.1:9/ead.dtd" [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<ead><eadheader><eadid>h</eadid></eadheader><archdesc level="fonds"><did><unittitle>T &secret; &d;</unittitle>
</did></archdesc></ead>"""


def test_an_external_entity_and_a_remote_dtd_are_never_read(tmp_path: Path) -> None:
    lines = HOSTILE.splitlines()
    safe = "\n".join(line for line in lines if "ENTITY a" not in line and "ENTITY b" not in line and
                     "ENTITY c" not in line and "ENTITY d" not in line).replace(" &d;", "")
    _, found = units(write(tmp_path, safe))
    assert "root:" not in found[-1].titles[0], "no file read through an entity"


def test_an_entity_bomb_is_rejected_not_expanded(tmp_path: Path) -> None:
    with pytest.raises(SourceRejected, match="amplification|entity"):
        units(write(tmp_path, HOSTILE))


def test_a_truncated_file_keeps_what_was_complete_and_names_the_line(tmp_path: Path) -> None:
    cut = NUMBERED[:NUMBERED.index("<c02 id=\"f3\"")]
    p = write(tmp_path, cut)
    got: list = []
    with pytest.raises(SourceRejected) as e:
        for unit in read_finding_aid(p):
            got.append(unit)
    assert "not well-formed XML" in str(e.value) and e.value.line is not None
    assert [u.id for u in got[1:]] == ["f1"], "the complete unit before the cut, not its open ancestors"


def test_other_xml_is_rejected_with_its_root(tmp_path: Path) -> None:
    with pytest.raises(SourceRejected, match="root element is <rss>"):
        list(read_archival(write(tmp_path, "<rss><channel/></rss>")))
    with pytest.raises(SourceRejected, match="not well-formed XML"):
        list(read_archival(write(tmp_path, "<ead><archdesc>", "broken.xml")))


def _generated(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        f.write('<ead><eadheader><eadid>GEN</eadid></eadheader><archdesc level="fonds"><did><unittitle>Big'
                "</unittitle></did><dsc>")
        for i in range(n // 100):
            f.write(f'<c level="series" id="s{i}"><did><unittitle>Series {i}</unittitle></did>')
            for j in range(99):
                f.write(f'<c level="file" id="f{i}-{j}"><did><unitid>{i}/{j}</unitid><unittitle>File {j} of series {i}'
                        f'</unittitle><unitdate normal="1950/1960">1950-1960</unitdate></did>'
                        f"<scopecontent><p>Letters and memoranda, {i}-{j}.</p></scopecontent></c>")
            f.write("</c>")
        f.write("</dsc></archdesc></ead>")
    return path


PEAK = """import resource, sys
from pathlib import Path
from lod.sources.ead import read_finding_aid
n = sum(1 for _ in read_finding_aid(Path(sys.argv[1])))
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"""


def test_a_finding_aid_of_100000_components_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Peak memory reading 100,000 components is about that of reading 1,000: bounded by a unit, not the file."""
    peaks = {}
    for n in (1_000, 100_000):
        path = _generated(tmp_path / f"gen-{n}.xml", n)
        out = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True)
        count, kib = map(int, out.stdout.split())
        assert count == n + 2  # the header and the archdesc besides the components
        peaks[n] = (kib, path.stat().st_size)
    growth_mib = (peaks[100_000][0] - peaks[1_000][0]) / 1024
    print(f"peak RSS {peaks[1_000][0] / 1024:.0f} MiB for 1,000 components, {peaks[100_000][0] / 1024:.0f} MiB for "
          f"100,000 (file {peaks[100_000][1] / 2**20:.0f} MiB)")
    assert growth_mib < 40, f"memory grew by {growth_mib:.0f} MiB from 1,000 to 100,000 components"


def test_streaming_holds_python_objects_for_one_unit_not_the_file(tmp_path: Path) -> None:
    """tracemalloc's peak (Python objects) while streaming 100,000 components stays under what holding the units
    of a file ten times smaller needs: what is kept is one unit and its open ancestors' child ids."""
    import tracemalloc

    def peak(path: Path, keep: bool) -> tuple[int, int]:
        tracemalloc.start()
        try:
            kept = list(read_finding_aid(path)) if keep else None
            n = len(kept) if kept is not None else sum(1 for _ in read_finding_aid(path))
            return n, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    n_stream, streamed = peak(_generated(tmp_path / "gen-100k.xml", 100_000), keep=False)
    n_whole, whole = peak(_generated(tmp_path / "gen-10k.xml", 10_000), keep=True)
    assert (n_stream, n_whole) == (100_002, 10_002)
    print(f"tracemalloc peak: {streamed / 2**20:.1f} MiB streaming 100,000 components; "
          f"{whole / 2**20:.1f} MiB holding the 10,000 units of a file ten times smaller")
    assert streamed < whole / 10, (streamed, whole)


@needs_corpus
def test_finding_aids_ingest_beside_the_pages_and_dereference(tmp_path: Path) -> None:
    from lod.config import Config
    from lod.web.app import create_app
    from tests.test_vocabulary import _check

    store = open_store(str(tmp_path / "s"))
    report = ingest([RECORDS, EAD], store, LOCAL, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    used = {row["t"] for row in store.select("SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")}
    assert not sorted(str(t) for t in used if not _check(t)), "every term exists in its vocabulary"
    top = LOCAL.record_resource("053378", "top")
    rows = store.select(f"SELECT ?fa WHERE {{ <{top}> a <{RICO.RecordSet}> ; <{RICO.isOrWasDescribedBy}> ?fa }}")
    assert [str(r["fa"]) for r in rows] == [str(LOCAL.finding_aid("053378"))]
    client = create_app(Config(store=str(tmp_path / "s"), base=BASE, access_log=False), store).test_client()
    for accept in ("text/turtle", "text/html", "application/ld+json"):
        r = client.get("/doc/record-resource/053378/top", headers={"Accept": accept})
        assert r.status_code == 200 and "Plans et dessins" in r.get_data(as_text=True)


def test_a_cut_finding_aid_loads_its_complete_units_and_is_reported(tmp_path: Path) -> None:
    cut = write(tmp_path, NUMBERED[:NUMBERED.index("<c02 id=\"f3\"")], "cut.xml")
    store = open_store(str(tmp_path / "s"))
    report = ingest([cut], store, LOCAL, progress=False)
    assert len(report.rejected) == 1 and "cut.xml" in str(report.rejected[0])
    f1 = URIRef(str(LOCAL.record_resource("X_1", "f1")))
    assert any(True for _ in store.select(f"SELECT ?t WHERE {{ <{f1}> <{RICO.title}> ?t }}"))


def test_a_genreform_is_read_by_the_publishers_vocabularies(tmp_path: Path) -> None:
    """With the publisher's documentary form types, a genreform of an item is its form type, of a record set
    some members' form type; unknown, its text is the unit's ``rico:type``."""
    from lod.mapping.ead import EadSettings, map_units
    from lod.vocab import Local, RICO
    p = tmp_path / "g.xml"
    p.write_text('<ead><eadheader><eadid>G</eadid></eadheader><archdesc level="fonds"><controlaccess>'
                 '<genreform source="V" authfilenumber="photo">photographie</genreform></controlaccess><dsc>'
                 '<c id="i" level="item"><controlaccess><genreform source="V" authfilenumber="photo">photographie'
                 '</genreform><genreform source="V" authfilenumber="x">autre</genreform></controlaccess></c></dsc>'
                 '</archdesc></ead>')
    said = {(t[0].value.rsplit("/", 1)[-1], t[1].value.rsplit("#", 1)[-1], getattr(t[2], "value", ""))
            for m in map_units(read_finding_aid(p), Local("http://x.org/"),
                               settings=EadSettings(documentary_form_types=frozenset({"V-photo"})))
            for t in m.triples}
    assert ("top", "hasOrHadSomeMembersWithDocumentaryFormType", "http://x.org/id/subject/v-photo") in said
    assert ("i", "hasDocumentaryFormType", "http://x.org/id/subject/v-photo") in said
    assert ("i", "type", "autre") in said and str(RICO.type).endswith("#type")
