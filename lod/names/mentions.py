"""Find the names a :class:`~lod.names.index.NameIndex` knows in body texts.

One job: spans of a text that name a known entity (longest first, non-overlapping, word boundaries).

>>> from lod.names.index import NameIndex
>>> ix = NameIndex()
>>> _ = ix.add(Entity("person", "helmut-kohl", "Kohl, Helmut", "und", set(), ""))
>>> [m.surface for m in MentionFinder(ix).find("Chancellor Kohl met H. KOHL.")]
['Kohl', 'H. KOHL']
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from lod.names.authority import Entity
from lod.names.index import NameIndex, near
from lod.names.normalise import KINDS, fold_token, match_key, strip_marks, words
from lod.names.name_order import EAST_ASIAN_SURNAMES as COMMON_SURNAMES
from lod.names.tokenised import Tokenised, tokenised

_GAP_CHARS = frozenset(" \t\r\n.-‐‑'’,&")
_HYPHENS = ("-", "‐", "‑")
_BRACKET = re.compile(r"\[([^\[\]\n]{2,60})\]")
_BEFORE = re.compile(r"((?:[^\W\d_][\w'’\-]*[ \t]+){0,4}[^\W\d_][\w'’\-]*)[ \t]*$")


@dataclass(frozen=True)
class Mention:
    """A span of a body text naming a known entity; ``text[start:end] == surface``."""

    entity_path: str
    start: int
    end: int
    surface: str


class MentionFinder:
    """Reads an index (never changes it) to find the known names in a text."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index

    def find(self, text: str | Tokenised, kinds: Iterable[str] = KINDS) -> list[Mention]:
        """Known names in ``text``; see :meth:`lod.names.resolver.Resolver.find_mentions`."""
        kinds = tuple(kinds)
        ix = self.index
        tokens = tokens_of(text)
        text = text.text if isinstance(text, Tokenised) else text
        out: list[Mention] = []
        named: dict[str, Entity | None] = {}  # family key -> the one person this text has named in full so far
        i, n = 0, len(tokens)
        while i < n:
            start, end, word = tokens[i]
            key0 = fold_token(word)
            if not (word[0].isupper() or word[0].isdigit()) or (key0 not in ix.first and key0 not in ix.by_family):
                i += 1
                continue
            keys, j = [key0], i
            limit = ix.first.get(key0, 1)
            while len(keys) < limit and j + 1 < n and _gap_ok(text[tokens[j][1]:tokens[j + 1][0]]):
                j += 1
                keys.append(fold_token(tokens[j][2]))
            hit = None
            for length in range(len(keys), 0, -1):
                key = "".join(keys[:length])
                ents = [e for e in ix.surface.get(key, ()) if e.kind in kinds]
                stop = tokens[i + length - 1][1]
                if not ents and length == 1 and "person" in kinds:
                    family = ix.by_family.get(key, ())
                    half = text[stop:stop + 1] in _HYPHENS or text[max(0, start - 1):start] in _HYPHENS
                    lone = len(family) == 1 and any(e is family[0] for e in ix.lone.get(key, ()))
                    # a surname millions share ("Wang", "Kim") names one person alone only where the data
                    # says he is called by it: the family name being unique in the collection is no evidence
                    if len(family) == 1 and not half and (lone or (len(key) >= 4 and key not in COMMON_SURNAMES)):
                        ents = list(family)
                    elif not half and named.get(key) is not None:
                        ents = [named[key]]  # the text named him in full before: "Kim Ok-sun ... Kim said"
                if len(ents) == 1 and not (ix.caps.get(key) and any(c.islower() for c in text[start:stop])):
                    if length > 1 and len(tokens[i + length - 1][2]) == 1 and text[stop:stop + 1] == ".":
                        stop += 1  # a name ending in an initial ("Petrenko I.M."): its full stop is the name's
                    hit = (length, ents[0], stop)
                    break
            if hit:
                first = self._given_before(text, tokens, i, hit[1]) if hit[0] == 1 else i
                begin = tokens[first][0]
                if out and first < i and out[-1].end > begin:  # never overlap the previous mention
                    begin, first = start, i
                out.append(Mention(hit[1].path, begin, hit[2], text[begin:hit[2]]))
                if hit[0] > 1 and (info := ix.person.get(id(hit[1]))) is not None:
                    for fkey in info.family & set(keys[:hit[0]]):
                        named[fkey] = hit[1] if named.get(fkey, hit[1]) is hit[1] else None  # two: ambiguous
                i += hit[0]
            else:
                i += 1
        return out

    def _given_before(self, text: str, tokens: list[tuple[int, int, str]], i: int, entity: Entity) -> int:
        """Index of the first token of the initials or given names written before a family name that matched
        alone ("Thomas J. Kieran", "A. PUZANOV"): initials the person is known by, given names that occur in
        the person's known forms; anything else (a title: "Ambassador Puzanov") stops the extension."""
        info = self.index.person.get(id(entity))
        if info is None or not info.initials:
            return i
        given = set().union(*info.western) if info.western else set()
        j = i
        while j > 0 and i - j < 3:
            e0, word = tokens[j - 1][1], tokens[j - 1][2]
            if text[e0:tokens[j][0]] not in (" ", ". ", ".") or not word[0].isupper():
                break
            if len(word) == 1 or fold_token(word) in given:  # an initial, or a given name the person has
                j -= 1
            else:
                break

        def known(k: int) -> bool:
            word = tokens[k][2]
            return strip_marks(word).lower()[:1] in info.initials if len(word) == 1 else fold_token(word) in given
        while j < i and not known(j):  # the first token must be one the person is known by
            j += 1
        return j


def _gap_ok(gap: str) -> bool:
    return 0 < len(gap) <= 4 and gap.count("\n") <= 1 and all(c in _GAP_CHARS for c in gap)


def tokens_of(text: str | Tokenised) -> list[tuple[int, int, str]]:
    """Word tokens with offsets (the text's :attr:`~lod.names.tokenised.Tokenised.words`); runs of 3+ single
    letters spaced by one blank are joined.

    >>> [t[2] for t in tokens_of("M A G A D A N, 1 May")]
    ['MAGADAN', '1', 'May']
    """
    shared = tokenised(text)
    text, raw = shared.text, shared.words
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(raw):
        j = i
        while (j + 1 < len(raw) and len(raw[j][2]) == 1 and len(raw[j + 1][2]) == 1
               and raw[j][2].isalpha() and raw[j + 1][2].isalpha() and raw[j + 1][0] == raw[j][1] + 1
               and text[raw[j][1]] == " "):
            j += 1
        if j - i >= 2:
            out.append((raw[i][0], raw[j][1], "".join(t[2] for t in raw[i:j + 1])))
            i = j + 1
        else:
            out.append(raw[i])
            i += 1
    return out


def bracket_forms(text: str) -> list[str]:
    """General rule: ``Ri Ju-yeon [Ri Ju Yon]`` (capitalised words, then a bracketed romanisation close to
    them) gives the person form ``"Ri Ju-yeon [Ri Ju Yon]"``.

    >>> bracket_forms("met Ri Ju-yeon [Ri Ju Yon] and Filippov [Stalin]")
    ['Ri Ju-yeon [Ri Ju Yon]']
    """
    out: list[str] = []
    for m in _BRACKET.finditer(text):
        alt = m.group(1).strip()
        before = _BEFORE.search(text, max(0, m.start() - 100), m.start())
        if not before:
            continue
        alt_words = alt.split()
        if not 1 <= len(alt_words) <= 4 or not all(w[0].isupper() for w in alt_words):
            continue
        pre = before.group(1).split()
        best: tuple[float, int, str] | None = None
        for k in range(1, len(pre) + 1):
            cand = " ".join(pre[-k:])
            if not all(w[0].isupper() for w in pre[-k:]) or len(words(cand)) < 2 or not near(cand, alt):
                continue
            score = (-SequenceMatcher(None, match_key(cand), match_key(alt)).ratio(), k, cand)
            best = min(best, score) if best else score
        if best:
            out.append(f"{best[2]} [{alt}]")
    return out
