"""The words of offices and a text read as tokens against them: the lexicon tables (heads, modifiers,
qualifiers, portfolios, demonyms, honorifics) folded for matching, and :func:`tokens`, a text's words,
punctuation and entity mentions in order. :mod:`lod.names.office_phrases` reads office phrases from them.

>>> ("ambassador",) in HEADS
True
>>> [t.text for t in tokens("Soviet Ambassador [signature] Shtykov", [])]
['Soviet', 'Ambassador', 'Shtykov']
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lod.names import lexicon
from lod.names.normalise import ORG_WORDS, strip_marks
from lod.names.resolver import Mention
from lod.names.tokenised import NOTE, TOKEN as _TOKEN, Tokenised, tokenised

# ----------------------------------------------------------------------------------------------- lexicon


def _table(entries: Iterable[str]) -> dict[tuple[str, ...], str]:
    """``words=Display`` entries (see :mod:`lod.names.lexicon`) → {folded word tuple: display}; the display
    defaults to the words capitalised."""
    out: dict[tuple[str, ...], str] = {}
    for entry in entries:
        words, _, display = entry.partition("=")
        out[tuple(fold(w) for w in _TOKEN.findall(words))] = display or " ".join(w.capitalize() for w in words.split())
    return out


@lru_cache(maxsize=65_536)  # every token of every text is folded, and words repeat
def fold(word: str) -> str:
    return strip_marks(word).lower().replace("’", "'")


HEADS = _table(lexicon.entries("heads"))
MINISTERIAL = {"minister", "secretary", "under-secretary", "state secretary", "commissioner"}
DIPLOMATIC = {"ambassador", "envoy", "representative", "charge d'affaires", "consul", "consul general",
              "high commissioner"}
TO_HEADS = {"ambassador", "envoy", "high commissioner", "adviser"}  # "Ambassador to …", else "… in …"
NEEDS_COMPLEMENT = {"head", "chief", "leader", "member"}  # "the head" alone is no office
CAPITALISED_ONLY = {"head", "chief", "leader", "member", "general", "marshal", "admiral", "director"}
MODIFIERS = _table(lexicon.entries("modifiers"))
QUALIFIERS = _table(lexicon.entries("qualifiers"))
PORTFOLIOS = _table(lexicon.entries("portfolios"))
DEMONYMS = _table(lexicon.entries("demonyms"))
ADJECTIVE = {fold(country): " ".join(w.capitalize() for w in words) for words, country in DEMONYMS.items()
              if words != ("american",)} | {"great britain": "British"}
HONORIFICS = _table([form for h in lexicon.entries("honorifics") for form in (h, f"{h} .")])
DETERMINERS = {"the", "a", "an", "our", "his", "her", "their", "its", "my", "your"}
SKIP = {"current", "present", "new", "incumbent"}  # left out of the phrase, which still holds now
NOT_NOW = {"former", "ex", "late", "future", "designate", "then", "retired"}  # no holding at the record's date
SAYING = {"told", "tell", "tells", "informed", "inform", "informs", "assured", "assure", "reminded", "remind",
          "asked", "ask", "asks", "notified", "warned", "answered", "replied", "wrote", "explained", "showed",
          "show", "gave", "give", "handed", "sent"}  # "told the Ambassador [that] Kim …"
PREPOSITIONS = {"of": "of", "for": "of", "to": "in", "in": "in", "at": "in"}
FUNCTION = {"of", "for", "to", "in", "at", "on", "with", "by", "from", "and", "or", "the", "a", "an", "as", "into"}
ORG_RESIDUE = ORG_WORDS | {"cc", "politburo", "delegation", "ministry", "mfa"}
SYNONYMS = {"cc": "central committee", "defence": "defense", "labor": "labour", "political bureau": "politburo"}
SPLIT = {"vice", "deputy", "ex", "co"}  # "Vice-Premier" = "Vice Premier"
BOUNDARY = {",", ".", ";", ":", ")", "…", "(", "?", "!"}
DASHES = {"-", "–", "—"}
SENTENCE = ".!?:;\"“”'‘’(-–—"  # what may stand before a sentence's first word


# ----------------------------------------------------------------------------------------------- items


@dataclass(slots=True)
class Item:
    """A word, punctuation mark, possessive ``'s`` or entity mention of the text, with the gap before it."""

    kind: str  # "w" word, "p" punctuation, "s" possessive, "m" mention
    start: int
    end: int
    text: str
    fold: str
    entity: str = ""
    nl: int = 0  # line breaks in the gap before the item
    gap: str = ""


_FIRST: dict[int, tuple[dict, frozenset[str]]] = {}


def first_words(table: dict[tuple[str, ...], str]) -> frozenset[str]:
    """The words an entry of ``table`` can start with (tables are module constants: kept by identity)."""
    found = _FIRST.get(id(table))
    if found is None or found[0] is not table:
        found = _FIRST[id(table)] = (table, frozenset(k[0] for k in table))
    return found[1]


def tokens(text: str | Tokenised, mentions: Iterable[Mention]) -> list[Item]:
    """The text as items: mentions whole, editorial notes and square brackets left out, same-person
    mentions written one after the other (``Ri Ju-yeon [Ri Ju Yon]``) joined; the tokens are the text's
    :class:`~lod.names.tokenised.Tokenised` ones (made here from a string)."""
    shared = tokenised(text)
    text = shared.text
    spans: list[tuple[int, int, str]] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if (isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start < m.end <= len(text)
                and text[m.start:m.end] == m.surface and isinstance(m.entity_path, str)
                and (not spans or m.start >= spans[-1][1])):
            spans.append((m.start, m.end, m.entity_path))
    skip = sorted(shared.notes + [(s, e) for s, e, _ in spans])
    raw: list[Item] = [Item("m", s, e, text[s:e], fold(text[s:e]), path) for s, e, path in spans]
    k, reach = 0, -1  # tokens come in text order: walk the sorted skipped spans alongside them
    for s, e, word in shared.raw:
        while k < len(skip) and skip[k][0] < e:
            reach = max(reach, skip[k][1])
            k += 1
        if word in "[]" or reach > s:
            continue
        kind = "s" if word[0] in "'’" and len(word) == 2 else "w" if word[0].isalnum() else "p"
        first, _, rest = word.partition("-")
        if kind == "w" and rest and first.lower() in SPLIT:
            raw += [Item("w", s, s + len(first), first, fold(first)), Item("w", e - len(rest), e, rest, fold(rest))]
        else:
            raw.append(Item(kind, s, e, word, fold(word)))
    raw.sort(key=lambda i: i.start)
    out: list[Item] = []
    for item in raw:
        prev_end = out[-1].end if out else 0
        item.gap = text[prev_end:item.start]
        item.nl = item.gap.count("\n")
        if (out and item.kind == out[-1].kind == "m" and item.entity == out[-1].entity and "[" in item.gap
                and not item.nl and not NOTE.sub("", item.gap).strip(" []")):
            last = out[-1]
            out[-1] = Item("m", last.start, item.end, text[last.start:item.end], last.fold, last.entity, last.nl, last.gap)
        else:
            out.append(item)
    return out


# ----------------------------------------------------------------------------------------------- phrases

