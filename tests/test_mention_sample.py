"""The hand-judged sample of mention links (``tests/fixtures/mention_sample.tsv``, ``tools/mention_sample.py``)
stays valid for the current output, and the precision the README states is the one the file records."""
from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from tests.conftest import BASE, ROOT

spec = importlib.util.spec_from_file_location("mention_sample", ROOT / "tools" / "mention_sample.py")
mention_sample = importlib.util.module_from_spec(spec)
sys.modules.setdefault(spec.name, mention_sample)  # dataclasses look their module up there
spec.loader.exec_module(mention_sample)

RERUN = ("re-review: run `python tools/mention_sample.py --write`, judge the new rows of "
         "tests/fixtures/mention_sample.tsv by hand, and update the README's figures")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return mention_sample.read_sample(mention_sample.SAMPLE_FILE)


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^### Measured on the bundled collection\n(.*?)(?=^##)", text, re.S | re.M)
    assert found, "README.md has no '### Measured on the bundled collection' subsection"
    return found.group(1)


def test_every_sampled_mention_is_judged(rows):
    assert len(rows) == mention_sample.SIZE
    assert len({mention_sample.row_key(r) for r in rows}) == len(rows), "duplicate rows"
    for r in rows:
        where = f"{r['record']} {r['field']} {r['start']}-{r['end']}"
        assert r["judgement"] in mention_sample.JUDGEMENTS, f"{where}: judgement {r['judgement']!r}"
        assert r["note"].strip(), f"{where}: a judgement needs its note"


def test_sampled_mentions_are_still_in_the_output(ingested, rows):
    store, _ = ingested
    current = {m.key: m for m in mention_sample.collect_mentions(store, BASE)}
    gone = [f"{r['record']} {r['field']} {r['start']}-{r['end']} {r['surface']!r} → {r['entity']}"
            for r in rows if mention_sample.row_key(r) not in current]
    assert not gone, (f"{len(gone)} hand-judged mentions are no longer produced with the same offsets and "
                      f"entity (the mapping or the resolver changed); {RERUN}:\n  " + "\n  ".join(gone))
    for r in rows:
        m = current[mention_sample.row_key(r)]
        assert mention_sample.one_line(m.surface) == r["surface"], (
            f"{r['record']} {r['field']} {r['start']}-{r['end']}: the text there is now {m.surface!r}, "
            f"judged as {r['surface']!r} (the record's text changed); {RERUN}")


def test_readme_states_the_measured_precision(rows):
    correct, judged, _ = mention_sample.precision(rows)
    stated = re.search(r"\*\*(\d+)/(\d+) correct\*\*", readme_section())
    assert stated, "the README's 'Measured' subsection should state the precision as **N/50 correct**"
    assert (int(stated.group(1)), int(stated.group(2))) == (correct, judged), (
        f"README says {stated.group(1)}/{stated.group(2)} correct; tests/fixtures/mention_sample.tsv records "
        f"{correct}/{judged}")
