"""Our EAC-CPF reading and mapping measured against the RiC-O Converter's 51 eac2rico unit tests
(../shared/corpus-standards/rico-converter/unit-tests/eac2rico): each input through lod.sources.eac and
lod.mapping.eac (the related FRAN_NP_*.xml beside it as the targets' look-up), compared with expected.xml by
the harness lod.evaluate.rico (IRIs mapped to the converter's, what UnitTests.md does not compare left out).
``_00Error`` has no expected output: we must reject it. The count that agrees may only go up (FLOOR)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from lod.evaluate import rico
from lod.mapping.eac import map_authority_record
from lod.sources.eac import read_eac_file, related_records
from lod.sources.errors import SourceRejected
from lod.store.terms import from_ox


UNIT = Path(__file__).parents[1].parent / "shared" / "corpus-standards" / "rico-converter" / "unit-tests" / "eac2rico"
BASE = "http://lod.test/"
FLOOR = 50  # of 51, measured when this file was written (the expected-output tests and _00Error)
#: why a test is known to disagree (a decision of ours, or what the converter reads that we do not have)
KNOWN = {
    "_30mandate": "the converter looks mandates up in the ANF list of rules (rule/{id}) we do not have",
}


def _folders() -> list[Path]:
    if not UNIT.is_dir():
        pytest.skip(f"the converter's unit tests are not at {UNIT} (../shared/corpus-standards)")
    return sorted(p for p in UNIT.iterdir() if p.is_dir())


def ours(folder: Path) -> Graph:
    """Our graph for one unit test's input: the record's triples and what it says of shared nodes."""
    out = map_authority_record(read_eac_file(folder / "input.xml"), BASE, related_records(folder))
    g = Graph()
    for s, p, o in out.triples:
        g.add((from_ox(s), from_ox(p), from_ox(o)))
    for t in out.shared:
        g.add(t)
    return g


def outcome(folder: Path) -> str | None:
    """None when we agree with the converter, else a one-line reason."""
    if not (folder / "expected.xml").exists():
        try:
            read_eac_file(folder / "input.xml")
        except SourceRejected:
            return None
        return "the converter rejects this input; we read it"
    expected = Graph().parse(folder / "expected.xml", format="xml")
    c = rico.compare(ours(folder), expected, BASE)
    if not c.missing and not c.extra:
        return None
    return f"{len(c.missing)} missing, {len(c.extra)} extra: " + KNOWN.get(folder.name, "not explained yet")


def test_the_converter_unit_tests_agree(capsys):
    folders = _folders()
    results = {f.name: outcome(f) for f in folders}
    failures = {k: v for k, v in results.items() if v is not None}
    agree = len(results) - len(failures)
    with capsys.disabled():
        print(f"\nEAC converter unit tests: {agree}/{len(results)} agree")
        for name, why in failures.items():
            print(f"  {name}: {why}")
    assert len(results) == 51
    assert agree >= FLOOR, f"{agree}/{len(results)} agree, fewer than {FLOOR}: " + "; ".join(failures)


@pytest.mark.parametrize("name", ["_00Error"])
def test_the_error_case_is_rejected_with_its_line(name: str):
    folder = next((f for f in _folders() if f.name == name), None)
    assert folder is not None
    with pytest.raises(SourceRejected) as e:
        read_eac_file(folder / "input.xml")
    assert e.value.line and "recordId" in e.value.reason


def test_a_missing_relation_target_is_reported_not_invented():
    folder = UNIT / "_00ErrorMissingHrefInRelation"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    out = map_authority_record(read_eac_file(folder / "input.xml"), BASE, related_records(folder))
    assert any("FRAN_NP_999999 is not a known record" in w for w in out.warnings)
