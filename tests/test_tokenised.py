"""One tokenisation per text serves office finding and mention scanning: on the bundled records' texts, the
shared tokens are the ones each tokeniser made on its own before (a regular-expression pass over the text,
or over the window of it that office finding reads)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from lod.names.mentions import tokens_of
from lod.names.office_words import tokens
from lod.names.positions import WINDOW, _line_end, _line_start
from lod.names.tokenised import Tokenised
from lod.sources import read_source

RECORDS = Path(__file__).parent.parent / "data" / "records"
OFFICE_TOKEN = r"['’]s\b|[^\W_]+(?:[-‐‑][^\W_]+|['’](?!s\b)[^\W_]+)*|[^\w\s]"  # office finding's, as it was
NOTE = r"\[(?=[^\]\n]*[a-z])[^\[\]A-Z0-9\n]{1,40}\]"


def _texts() -> list[str]:
    texts = []
    for path in sorted(RECORDS.iterdir()):
        records, _ = read_source(path, str(path))
        texts.extend(t for r in records for t in (r.title, r.summary, r.body) if t)
    return texts


TEXTS = _texts()


def _found(pattern: str, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(pattern, text)]


def test_the_bundled_records_give_texts_with_hyphens_possessives_and_notes() -> None:
    joined = "\n".join(TEXTS)
    assert len(TEXTS) > 50 and "-" in joined and "'s" in joined.replace("’", "'") and re.search(NOTE, joined)


@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_mention_scanning_reads_the_words_it_found_alone(i: int) -> None:
    text = TEXTS[i]
    shared = Tokenised(text)
    assert shared.words == _found(r"[^\W_]+", text)
    assert shared.raw == _found(OFFICE_TOKEN, text)
    assert tokens_of(shared) == tokens_of(text)


@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_office_finding_reads_in_a_window_the_tokens_of_the_window_alone(i: int) -> None:
    """The windows office finding reads a long text in (whole lines around a point), every 400 characters."""
    text = TEXTS[i]
    shared = Tokenised(text)
    for at in range(0, len(text), 400):
        a, b = _line_start(text, max(0, at - WINDOW)), _line_end(text, min(len(text), at + WINDOW))
        part = shared.window(a, b)
        assert part.text == text[a:b]
        assert part.raw == _found(OFFICE_TOKEN, text[a:b])
        assert part.notes == [(s, e) for s, e, _ in _found(NOTE, text[a:b])]
        assert tokens(part, []) == tokens(text[a:b], [])
