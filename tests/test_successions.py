"""Renamed archives: two nodes related by rico:isSuccessorOf / rico:hasSuccessor, never merged (made-up keys)."""
from __future__ import annotations

import pytest

from lod.config import Config
from lod.mapping.successions import SuccessionError, load_successions, succession_triples
from lod.names import Resolver
from lod.names.authority import load_authority
from lod.vocab import RICO, Local
from tests.conftest import BASE
from tests.test_vocabulary import _check

HEADER = "predecessor\tsuccessor\tyear\tevidence\n"
KNOWN = {"organisation/old-archive", "organisation/new-archive"}


def test_successor_and_predecessor_are_related_in_both_directions(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text("# renamed\n" + HEADER + "organisation/old-archive\torganisation/new-archive\t1999\trenamed\n",
                    encoding="utf-8")
    (row,) = load_successions(path, KNOWN)
    old, new = (Local(BASE).entity("corporate-body", k) for k in ("old-archive", "new-archive"))
    assert succession_triples(Local(BASE), [row]) == [(new, RICO.isSuccessorOf, old), (old, RICO.hasSuccessor, new)]
    assert _check(RICO.isSuccessorOf) and _check(RICO.hasSuccessor)  # RiC-O 1.1 terms


@pytest.mark.parametrize("rows, message", [
    ("organisation/old-archive\torganisation/nowhere\t1999\tx\n", "'organisation/nowhere' is not an entity"),
    ("organisation/old-archive\torganisation/old-archive\t1999\tx\n", "cannot succeed itself"),
    ("organisation/old-archive\torganisation/new-archive\n", "expected 4 tab-separated columns, got 2"),
])
def test_a_bad_row_names_file_and_line(tmp_path, rows, message):
    path = tmp_path / "s.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(SuccessionError, match=rf"^{path}:2: .*{message}"):
        load_successions(path, KNOWN)


def test_the_bundled_successions_name_authority_entities_and_their_abbreviations_stay_apart():
    cfg = Config()
    entities = load_authority(cfg.authority)
    rows = load_successions(cfg.successions, {e.path for e in entities})
    assert rows
    resolver = Resolver(entities)
    for row in rows:  # each end is its own node: a renamed archive is related to, never merged with, the old one
        before, after = (resolver.get(p) for p in (row.predecessor, row.successor))
        assert before is not None and after is not None and before is not after
        for variant in before.variants:
            assert resolver.resolve(variant, "organisation") is before, variant


def test_an_authority_file_without_the_successions_entities_is_a_clear_error_not_a_traceback(tmp_path):
    """`lod ingest --authority OTHER` with the default successions file: exit 2, the file and line named."""
    import subprocess
    import sys
    from pathlib import Path
    other = tmp_path / "other.tsv"
    other.write_text("kind\tkey\tlabel\tlang\tvariants\tnote\nperson\tx-y\tX Y\ten\t\t\n", encoding="utf-8")
    page = Path(__file__).resolve().parents[1] / "data" / "records" / "wcda-300653.txt"
    res = subprocess.run([sys.executable, "-m", "lod.cli", "ingest", "--replace", "--store", str(tmp_path / "s"),
                          "--authority", str(other), str(page)], capture_output=True, text=True)
    assert res.returncode == 2, res.stderr
    assert "successions.tsv:" in res.stderr and "is not an entity of the authority file" in res.stderr
    assert "Traceback" not in res.stderr
