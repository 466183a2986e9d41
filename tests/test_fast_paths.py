"""The shortcuts ingest takes give what the long way gives, on the bundled records' texts: a title searched
for only where a title can begin (:func:`lod.names.discover._title_search`) is the regular expression's
search."""
from __future__ import annotations

import pytest

from lod.names.discover import _TITLE, _title_search
from tests.test_tokenised import TEXTS


def _same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                         and a.groupdict() == b.groupdict())


@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_a_title_is_found_where_the_regular_expression_finds_it(i: int) -> None:
    text = TEXTS[i]
    starts = list(range(0, len(text), 37))
    pos = 0
    while (m := _TITLE.search(text, pos)) is not None:  # the search as _titled walks it, and from anywhere
        starts.append(m.start("name"))
        pos = m.end()
    for pos in starts:
        assert _same(_title_search(text, pos), _TITLE.search(text, pos)), (pos, text[pos:pos + 60])


def test_titles_in_other_scripts_and_cases_are_found() -> None:
    text = "Talks: AMBASSADOR Kim, the Chargé d'Affaires Petrenko; CHARGÉ D'AFFAIRES Ri, Ĉomrade X, cde. Pak"
    for pos in range(len(text)):
        assert _same(_title_search(text, pos), _TITLE.search(text, pos))
