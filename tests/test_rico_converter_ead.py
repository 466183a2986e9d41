"""The RiC-O Converter's 46 EAD unit tests (``../shared/corpus-standards/rico-converter/unit-tests/ead2rico``)
through our reader and mapping, compared with its ``expected.xml`` by :mod:`lod.evaluate.rico`. The count
that agrees is asserted not to fall; the differences left are printed (and explained in the README)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from lod.evaluate.rico import compare
from lod.mapping.ead import EadSettings, map_units
from lod.mapping.ead_notes import HEADINGS_FR
from lod.sources.ead import read_finding_aid
from lod.sources.ead_html import Links
from lod.sources.errors import SourceRejected
from lod.store.terms import from_ox
from lod.vocab import Local

UNIT_TESTS = Path(__file__).resolve().parents[2] / "shared" / "corpus-standards" / "rico-converter" / "unit-tests" / "ead2rico"
BASE = "http://lod.example.org/"
AGREE_AT_LEAST = 42  # raised as the mapping comes closer; never lowered
# the converter's configuration (what the Archives nationales' files leave unsaid): French texts, digital objects
# that are JPEG images made by digitisation (the technique as the French ministry's thesaurus names it)
ANF = EadSettings(language="fr", object_format="image/jpeg",
                  object_technique="http://data.culture.fr/thesaurus/page/ark:/67717/a243a805-beb9-4f48-b537-18d1e11be48f",
                  headings=HEADINGS_FR, publisher_id="FRAN_NP_005061",
                  representation_types=frozenset({"d3nd9y3c6o-iu0j3xsmoisx", "d3nd9xpopj-ckdrv6ljeqeg"}),
                  digital_types=frozenset({"d3nd9y3c6o-iu0j3xsmoisx"}),  # and the places its physloc texts name (xslt_ead/ead2rico.xslt)
                  physloc_places=(("Pierrefitte", "FRAN_RI_005-d3ntxf5186--sga9u2l9iboc"),
                                  ("Fontainebleau", "FRAN_RI_005-d3nttf3j17--1blvnjnk2kli0"),
                                  ("Paris", "FRAN_RI_005-d5bdppt147--176wwvjcctrx0")))
# where the Archives nationales' relative links point (the converter's settings)
ANF_LINKS = Links(finding_aids="https://www.siv.archives-nationales.culture.gouv.fr/siv/IR/",
                  units="https://www.siv.archives-nationales.culture.gouv.fr/siv/UD/",
                  relative="https://www.siv.archives-nationales.culture.gouv.fr/mm/media/download/")


def ours(path: Path) -> Graph:
    """Our graph of one input: every unit's triples and what they say of the agents they name."""
    g = Graph()
    for mapped in map_units(read_finding_aid(path, links=ANF_LINKS), Local(BASE), settings=ANF):
        for s, p, o in mapped.triples:
            g.add((from_ox(s), from_ox(p), from_ox(o)))
        for t in mapped.shared:
            g.add(t)
    return g


def results() -> dict[str, tuple[bool, str]]:
    out = {}
    for folder in sorted(p for p in UNIT_TESTS.iterdir() if p.is_dir()):
        expected = folder / "expected.xml"
        try:
            mine = ours(folder / "input.xml")
        except SourceRejected as e:
            out[folder.name] = (not expected.exists(), f"rejected: {e}")
            continue
        if not expected.exists():
            out[folder.name] = (False, "read, though the converter rejects it")
            continue
        c = compare(mine, Graph().parse(expected, format="xml"), BASE)
        out[folder.name] = (c.agrees, f"{len(c.missing)} missing, {len(c.extra)} extra; e.g. "
                            f"{sorted(map(str, c.missing))[:1]} {sorted(map(str, c.extra))[:1]}"[:300])
    return out


@pytest.mark.skipif(not UNIT_TESTS.is_dir(), reason=f"the converter's unit tests are not at {UNIT_TESTS} (../shared)")
def test_the_converters_ead_unit_tests() -> None:
    found = results()
    agree = sorted(name for name, (ok, _) in found.items() if ok)
    print(f"\nEAD converter unit tests: {len(agree)}/{len(found)} agree")
    for name, (ok, why) in found.items():
        if not ok:
            print(f"  {name}: {why}")
    assert len(found) == 46
    assert len(agree) >= AGREE_AT_LEAST


@pytest.mark.skipif(not UNIT_TESTS.is_dir(), reason=f"the converter's unit tests are not at {UNIT_TESTS} (../shared)")
def test_every_term_the_ead_mapping_emits_exists() -> None:
    from rdflib import RDF

    from tests.test_vocabulary import _check
    used = set()
    for folder in sorted(p for p in UNIT_TESTS.iterdir() if p.is_dir()):
        try:
            g = ours(folder / "input.xml")
        except SourceRejected:
            continue
        used |= set(g.predicates()) | set(g.objects(None, RDF.type))
    unknown = sorted(str(t) for t in used if not _check(t))
    assert not unknown, f"terms not in their vocabulary: {unknown}"
