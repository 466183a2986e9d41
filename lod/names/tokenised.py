"""A text tokenised once, for everything that reads it word by word: office finding
(:func:`lod.names.office_words.tokens`: words, punctuation, possessive ``'s``, editorial notes) and mention
scanning (:func:`lod.names.mentions.tokens_of`: the letter-and-digit runs). One regular-expression pass
serves both: every letter-and-digit run lies whole inside one office token, so the runs are read off them.

>>> t = tokenised("Kim Ju-yeon's note [signature]: Ri")
>>> [w for _, _, w in t.raw]
['Kim', 'Ju-yeon', "'s", 'note', '[', 'signature', ']', ':', 'Ri']
>>> [w for _, _, w in t.words]
['Kim', 'Ju', 'yeon', 's', 'note', 'signature', 'Ri']
>>> t.notes, [w for _, _, w in t.window(19, 35).raw]
([(19, 30)], ['[', 'signature', ']', ':', 'Ri'])
"""
from __future__ import annotations

import re
from bisect import bisect_left

# office tokens: possessive 's, words joined by hyphens and inner apostrophes, single punctuation marks
TOKEN = re.compile(r"['’]s\b|[^\W_]+(?:[-‐‑][^\W_]+|['’](?!s\b)[^\W_]+)*|[^\w\s]")
WORD = re.compile(r"[^\W_]+")  # what mention scanning reads: runs of letters and digits
NOTE = re.compile(r"\[(?=[^\]\n]*[a-z])[^\[\]A-Z0-9\n]{1,40}\]")  # editorial notes: "[signature]", "[emphasis …]"

Token = tuple[int, int, str]  # (start, end, text[start:end])


class Tokenised:
    """``text`` and its tokens, each list made on first use and kept: ``raw`` (office tokens), ``words``
    (letter-and-digit runs), ``notes`` (editorial notes' spans)."""

    __slots__ = ("text", "_raw", "_words", "_notes", "_starts")

    def __init__(self, text: str, raw: list[Token] | None = None, notes: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self._raw, self._notes = raw, notes
        self._words: list[Token] | None = None
        self._starts: list[int] | None = None

    @property
    def raw(self) -> list[Token]:
        if self._raw is None:
            self._raw = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(self.text)]
        return self._raw

    @property
    def words(self) -> list[Token]:
        """The letter-and-digit runs, as ``WORD.finditer(text)`` gives them, read off the office tokens: a word
        token without hyphen or apostrophe is one run, a joined one is split, a possessive gives its ``s``."""
        if self._words is None:
            out: list[Token] = []
            for s, e, w in self.raw:
                if w.isalnum():
                    out.append((s, e, w))
                elif w[0].isalnum():  # "Ju-yeon", "d'Affaires"
                    out.extend((s + m.start(), s + m.end(), m.group()) for m in WORD.finditer(w))
                elif len(w) == 2:  # "'s" (punctuation tokens are one character)
                    out.append((s + 1, e, w[1]))
            self._words = out
        return self._words

    @property
    def notes(self) -> list[tuple[int, int]]:
        if self._notes is None:
            self._notes = [(m.start(), m.end()) for m in NOTE.finditer(self.text)]
        return self._notes

    def window(self, a: int, b: int) -> Tokenised:
        """``text[a:b]`` with the tokens inside it, offsets from ``a``; ``a`` and ``b`` must lie on line
        boundaries (start of a line, end of a line), where no token or note runs across, so the tokens are
        those ``text[a:b]`` itself would give."""
        if self._starts is None:
            self._starts = [s for s, _, _ in self.raw]
        raw = self.raw
        i, j = bisect_left(self._starts, a), bisect_left(self._starts, b)
        return Tokenised(self.text[a:b], [(s - a, e - a, w) for s, e, w in raw[i:j]],
                         [(s - a, e - a) for s, e in self.notes if a <= s and e <= b])


def tokenised(text: str | Tokenised) -> Tokenised:
    """``text`` as a :class:`Tokenised` (itself when it already is one)."""
    return text if isinstance(text, Tokenised) else Tokenised(text)
