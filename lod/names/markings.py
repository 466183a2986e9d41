"""Security markings ("TOP SECRET", "Совершенно секретно"): the words of each concept, from the
``markings`` lexicon, as patterns in the order to try them.

>>> marking_key("TOP SECRET!"), marking_key("Strictly  secret"), marking_key("Memorandum")
('top-secret', 'strictly-secret', None)
"""
from __future__ import annotations

import functools
import re

from lod.names.lexicon import table


@functools.lru_cache(maxsize=None)
def marking_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(concept key, pattern) for every marking, most specific first."""
    return tuple((key, re.compile(r"\b" + r"\s+".join(map(re.escape, words.split())) + r"\b", re.I))
                 for words, key in table("markings").items())


def marking_key(text: str) -> str | None:
    """Our security-classification concept key for a marking as written."""
    for key, pat in marking_patterns():
        if pat.search(text):
            return key
    return None
