"""Offices held by the people a text names: ``Soviet Ambassador T. F. Shtykov``, ``Kim Il Sung, Chairman of …``.

An office phrase is a head noun from a lexicon of titles (ambassador, deputy minister, chargé d'affaires …)
with its modifiers: nationality adjectives, places and bodies before it (``Soviet``, ``DPRK``, ``Taiwan's``,
``CC CPSU``) and ``of/for/to/in/at`` complements after it (``of the DPRK in the PRC``). It is taken for a
person only where it stands in apposition to a person mention:

- right before the name: ``Soviet Ambassador T. F. Shtykov``, ``[Foreign] Minister [Adam] Rapacki``,
  ``SOVIET AMBASSADOR IN THE DPRK [signature] /A. PUZANOV/``, ``The Chancellor's [Helmut Kohl's]``;
- right after it, set off by a comma, dash, parentheses or brackets and closed by punctuation or the line
  end: ``Kim Il Sung, Chairman of the Cabinet of Ministers,``, ``Shtykov (Soviet Ambassador)``; several in
  a row (``X, Minister of Health, the head of the delegation``); on the next line of a signature or
  letterhead (``Pál Szarvas`` / ``Ambassador``);
- ``the OFFICE, NAME, <lower-case word>``: ``the Chargé d'Affaires of Poland, Sieradzki, said``.

The key is built from the head and the resolved entities (``ambassador-of-soviet-union-in-north-korea``), so
spelling, case, article and adjective-or-complement variants of one office share it; the label is built
from the same parts, so one key has one label. Precision before recall: an office that cannot be read
whole, or whose holder is ambiguous, yields nothing.

>>> from lod.names import Entity, Resolver
>>> r = Resolver([Entity("place", "soviet-union", "Soviet Union", "en", {"USSR"}),
...               Entity("place", "north-korea", "North Korea", "en", {"DPRK"}),
...               Entity("person", "shtykov-terentii", "Terentii Shtykov", "ru-Latn", {"T. F. Shtykov"})])
>>> text = "USSR AMBASSADOR IN THE DPRK T. F. Shtykov met the ambassador."
>>> [(p.label, p.key, p.surface) for p in find_positions(text, r.find_mentions(text), r)]
[('Soviet Ambassador to North Korea', 'ambassador-of-soviet-union-in-north-korea', 'USSR AMBASSADOR IN THE DPRK')]
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass, field

from lod.names import lexicon
from lod.names.normalise import ORG_WORDS, display_case, strip_marks
from lod.slug import slug
from lod.names.resolver import Mention, Resolver


@dataclass(frozen=True)
class PositionMention:
    """An office held by ``person``, as written at ``text[start:end] == surface``."""

    person: str  # entity path of the holder, e.g. "person/shtykov-terentii"
    label: str  # normalised display label, e.g. "Soviet Ambassador to North Korea"
    key: str  # stable slug for the position IRI, e.g. "ambassador-of-soviet-union-in-north-korea"
    start: int
    end: int
    surface: str


# ----------------------------------------------------------------------------------------------- lexicon


def _table(entries: Iterable[str]) -> dict[tuple[str, ...], str]:
    """``words=Display`` entries (see :mod:`lod.names.lexicon`) → {folded word tuple: display}; the display
    defaults to the words capitalised."""
    out: dict[tuple[str, ...], str] = {}
    for entry in entries:
        words, _, display = entry.partition("=")
        out[tuple(_fold(w) for w in _TOKEN.findall(words))] = display or " ".join(w.capitalize() for w in words.split())
    return out


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    return strip_marks(word).lower().replace("’", "'")


_TOKEN = re.compile(r"['’]s\b|[^\W_]+(?:[-‐‑][^\W_]+|['’](?!s\b)[^\W_]+)*|[^\w\s]")
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
_ADJECTIVE = {_fold(country): " ".join(w.capitalize() for w in words) for words, country in DEMONYMS.items()
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
_SPLIT = {"vice", "deputy", "ex", "co"}  # "Vice-Premier" = "Vice Premier"
_NOTE = re.compile(r"\[(?=[^\]\n]*[a-z])[^\[\]A-Z0-9\n]{1,40}\]")  # editorial notes: "[signature]", "[emphasis …]"
_BOUNDARY = {",", ".", ";", ":", ")", "…", "(", "?", "!"}
_DASHES = {"-", "–", "—"}
_SENTENCE = ".!?:;\"“”'‘’(-–—"  # what may stand before a sentence's first word


# ----------------------------------------------------------------------------------------------- items


@dataclass
class _Item:
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


def _first_words(table: dict[tuple[str, ...], str]) -> frozenset[str]:
    """The words an entry of ``table`` can start with (tables are module constants: kept by identity)."""
    found = _FIRST.get(id(table))
    if found is None or found[0] is not table:
        found = _FIRST[id(table)] = (table, frozenset(k[0] for k in table))
    return found[1]


def _items(text: str, mentions: Iterable[Mention]) -> list[_Item]:
    """The text as items: mentions whole, editorial notes and square brackets left out, same-person
    mentions written one after the other (``Ri Ju-yeon [Ri Ju Yon]``) joined."""
    spans: list[tuple[int, int, str]] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if (isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start < m.end <= len(text)
                and text[m.start:m.end] == m.surface and isinstance(m.entity_path, str)
                and (not spans or m.start >= spans[-1][1])):
            spans.append((m.start, m.end, m.entity_path))
    skip = sorted([(m.start(), m.end()) for m in _NOTE.finditer(text)] + [(s, e) for s, e, _ in spans])
    raw: list[_Item] = [_Item("m", s, e, text[s:e], _fold(text[s:e]), path) for s, e, path in spans]
    k, reach = 0, -1  # tokens come in text order: walk the sorted skipped spans alongside them
    for tok in _TOKEN.finditer(text):
        s, e, word = tok.start(), tok.end(), tok.group()
        while k < len(skip) and skip[k][0] < e:
            reach = max(reach, skip[k][1])
            k += 1
        if word in "[]" or reach > s:
            continue
        kind = "s" if word[0] in "'’" and len(word) == 2 else "w" if word[0].isalnum() else "p"
        first, _, rest = word.partition("-")
        if kind == "w" and rest and first.lower() in _SPLIT:
            raw += [_Item("w", s, s + len(first), first, _fold(first)), _Item("w", e - len(rest), e, rest, _fold(rest))]
        else:
            raw.append(_Item(kind, s, e, word, _fold(word)))
    raw.sort(key=lambda i: i.start)
    out: list[_Item] = []
    for item in raw:
        prev_end = out[-1].end if out else 0
        item.gap = text[prev_end:item.start]
        item.nl = item.gap.count("\n")
        if (out and item.kind == out[-1].kind == "m" and item.entity == out[-1].entity and "[" in item.gap
                and not item.nl and not _NOTE.sub("", item.gap).strip(" []")):
            last = out[-1]
            out[-1] = _Item("m", last.start, item.end, text[last.start:item.end], last.fold, last.entity, last.nl, last.gap)
        else:
            out.append(item)
    return out


# ----------------------------------------------------------------------------------------------- phrases


@dataclass
class _Part:
    """One place, body, portfolio or unresolved name inside an office phrase."""

    key: str
    label: str
    adjective: str = ""  # "Soviet" for the Soviet Union: a country, whose label reads better with it


@dataclass
class _Phrase:
    """An office phrase around one head, with every place where it may end."""

    first: int  # index of the first item of the phrase
    lead: int  # index of the first item including determiners and honorifics
    head: int  # index of the last item of the head noun
    head_fold: str
    title: list[str]  # display words: modifiers, qualifiers, head
    title_keys: list[str]
    portfolio: list[_Part]
    before: list[_Part]  # places and bodies named before the head, nearest first
    det: bool
    capital: bool
    ends: list[tuple[int, list[_Part], list[_Part]]] = field(default_factory=list)  # (last item, of, in)


class _Finder:
    def __init__(self, text: str, items: list[_Item], resolver: Resolver) -> None:
        self.text, self.items, self.resolver = text, items, resolver
        self._cache: dict[tuple[str, str | None], _Part] = {}
        self.leads: set[int] = set()  # where the phrases begin, determiners included

    # -- small predicates -------------------------------------------------------------------------------

    def at(self, i: int) -> _Item | None:
        return self.items[i] if 0 <= i < len(self.items) else None

    def person(self, i: int) -> bool:
        item = self.at(i)
        return item is not None and item.kind == "m" and item.entity.startswith("person/")

    def body(self, i: int) -> bool:
        item = self.at(i)
        return item is not None and item.kind == "m" and not item.entity.startswith("person/")

    def punct(self, i: int, chars: Iterable[str]) -> bool:
        item = self.at(i)
        return item is not None and item.kind == "p" and item.text in chars

    def capital(self, i: int) -> bool:
        item = self.at(i)
        return item is not None and item.kind in "wm" and (item.text[:1].isupper() or item.text[:1].isdigit())

    def mixed_line(self, i: int) -> bool:
        """True when the line of item ``i`` has lower-case letters (capitals then carry meaning)."""
        s = self.items[i].start
        line = self.text[self.text.rfind("\n", 0, s) + 1:self.text.find("\n", s) % (len(self.text) + 1)]
        return any(c.islower() for c in line)

    def line_initial(self, i: int) -> bool:
        """Item ``i`` starts its line, but for ``From:``-style labels and honorifics before it."""
        j = i - 1
        while j >= 0 and not self.items[j + 1].nl:
            if hon := self.match_back(j, HONORIFICS):
                j -= hon[0]
            elif self.punct(j, ":-–") or (self.items[j].kind == "w" and self.punct(j + 1, ":")):
                j -= 1
            elif self.items[j].kind == "w" and self.items[j].text.isdigit():
                j -= 1
            else:
                return False
        return True

    def match(self, i: int, table: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
        """The longest entry of ``table`` starting at item ``i``, on one line: (length, display)."""
        if i >= len(self.items) or self.items[i].fold not in _first_words(table):
            return None
        for n in range(4, 0, -1):
            seq = self.items[i:i + n]
            if len(seq) == n and all(it.kind in "wp" for it in seq) and not any(it.nl for it in seq[1:]):
                hit = table.get(tuple(it.fold for it in seq))
                if hit is not None and not (seq[0].fold == "pm" and seq[0].text != "PM"):
                    return n, hit
        return None

    def match_back(self, j: int, table: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
        """The longest entry of ``table`` ending at item ``j``."""
        for n in range(4, 0, -1):
            if j - n + 1 >= 0 and (hit := self.match(j - n + 1, table)) and hit[0] == n:
                return hit
        return None

    # -- parts ------------------------------------------------------------------------------------------

    def entity_part(self, path: str, text: str = "") -> _Part:
        """A resolved place or body, keyed by its entity; countries also have an adjective."""
        entity = self.resolver.get(path)
        key = path.partition("/")[2] or slug(text)
        label = entity.label if entity else display_case(text)
        if path.startswith("place/"):
            the = re.search(r"\b(?:Union|United|Republic|States|Kingdom|Federation|Netherlands|Philippines)\b", label)
            return _Part(key, f"the {label}" if the else label, _ADJECTIVE.get(_fold(label), ""))
        return _Part(key, label if label.startswith("The ") else f"the {label}")

    def compound_part(self, items: list[_Item]) -> _Part:
        """A name of entities and words (``KWP CC International Department``): entity keys and normalised words."""
        if len(items) == 1 and items[0].kind == "m":
            return self.entity_part(items[0].entity, items[0].text)
        keys: list[str] = []
        labels: list[str] = []
        words: list[str] = []
        for item in [*items, None]:
            if item is not None and item.kind == "w":
                words.append(item.fold)
                continue
            if words:
                keys.append(slug(" ".join(_synonyms(words))))
                labels.append(_title(_synonyms(words)))
                words = []
            if item is not None and item.kind == "m":
                part = self.entity_part(item.entity, item.text)
                keys.append(part.key)
                labels.append(re.sub(r"^the ", "", part.label))
            elif item is not None and labels:
                labels[-1] += "'s" if item.kind == "s" else "'"
        the = "the " if any(i.kind == "m" for i in items) or items[-1].fold in ORG_RESIDUE else ""
        return _Part("-".join(keys), the + " ".join(labels), _ADJECTIVE.get(" ".join(keys).replace("-", " "), ""))

    def looked_up(self, name: str, kind: str | None, adjective: str) -> _Part:
        """The part for a country named by an adjective (``Soviet``) or an acronym (``US``): the resolver's
        place or body when it knows the name, else the name itself."""
        if (name, kind) not in self._cache:
            entity = self.resolver.lookup(name, kind)
            self._cache[name, kind] = (self.entity_part(entity.path) if entity is not None and entity.kind != "person"
                                       else _Part(slug(name), name, adjective))
        return self._cache[name, kind]

    def acronym(self, j: int) -> bool:
        """``US``, ``MPR``, ``GDR`` before a head in a mixed-case line: a country or a body."""
        item = self.items[j]
        return (item.kind == "w" and 2 <= len(item.text) <= 6 and item.text.isalpha() and item.text.isupper()
                and item.fold not in FUNCTION and self.mixed_line(j))

    # -- the phrase -------------------------------------------------------------------------------------

    def phrases(self) -> list[_Phrase]:
        """Every office phrase of the text that can be read whole, in text order."""
        out: list[_Phrase] = []
        i = 0
        while i < len(self.items):
            hit = self.match(i, HEADS) if self.items[i].kind == "w" else None
            if hit is None:
                i += 1
                continue
            if (phrase := self.phrase(i, i + hit[0] - 1, hit[1])) is not None:
                out.append(phrase)
            i += hit[0]
        return out

    def phrase(self, h0: int, h1: int, display: str) -> _Phrase | None:
        """The phrase around the head at items ``h0..h1``: what stands before it, then its complements."""
        head_fold = " ".join(it.fold for it in self.items[h0:h1 + 1] if it.kind == "w")
        head_fold = _HEAD_FOLD.get(head_fold, _fold(display) if h1 > h0 or head_fold == "pm" else head_fold)
        phrase = _Phrase(h0, h0, h1, head_fold, [display], [slug(display)], [], [], False,
                         self.items[h0].text[:1].isupper())
        j = h0 - 1
        while j >= 0 and not self.items[j + 1].nl:
            item, hit = self.items[j], None
            if item.kind == "s" and self.body(j - 1):
                phrase.before.append(self.entity_part(self.items[j - 1].entity, self.items[j - 1].text))
                j = phrase.first = j - 1
            elif self.body(j):
                phrase.before.append(self.entity_part(item.entity, item.text))
                phrase.first = j
            elif (k := self.residue_back(j)) is not None:
                phrase.before.append(self.compound_part(self.items[k:j + 1]))
                j = phrase.first = k
            elif hit := self.match_back(j, DEMONYMS):
                phrase.before.append(self.looked_up(hit[1], "place", _ADJECTIVE.get(_fold(hit[1]), "")))
            elif self.acronym(j):
                phrase.before.append(self.looked_up(item.text, None, item.text))
                phrase.first = j
            elif head_fold in MINISTERIAL and (hit := self.match_back(j, PORTFOLIOS)):
                phrase.portfolio.insert(0, self.compound_part(self.items[j - hit[0] + 1:j + 1]))
            elif hit := self.match_back(j, MODIFIERS) or self.match_back(j, QUALIFIERS):
                display = "Vice" if item.fold == "vice" and head_fold == "president" else hit[1]
                phrase.title.insert(0, display)  # a Vice President is no deputy; a Vice Minister is
                phrase.title_keys.insert(0, slug(display))
            elif item.fold in SKIP:
                pass
            elif item.fold in NOT_NOW:
                return None
            else:
                if item.fold in DETERMINERS:
                    phrase.det, phrase.lead = True, j
                elif hon := self.match_back(j, HONORIFICS):
                    phrase.lead = j - hon[0] + 1
                elif (item.kind == "w" and self.capital(j) and item.fold not in FUNCTION and self.mixed_line(j) and (
                        head_fold in CAPITALISED_ONLY or not (j == 0 or item.nl or self.punct(j - 1, _SENTENCE)))):
                    return None  # "Sherpa Undersecretary", "Attorney General": a title we do not know
                break
            if hit:
                phrase.first = j - hit[0] + 1
                j = phrase.first
            j -= 1
        phrase.lead = min(phrase.lead, phrase.first)
        self.complements(phrase)
        return phrase if phrase.ends else None

    def residue_back(self, j: int) -> int | None:
        """``KWP CC`` / ``USSR MFA Far Eastern Department`` before a head: the index of its mention."""
        if not (self.items[j].kind == "w" and self.capital(j) and self.items[j].fold in ORG_RESIDUE):
            return None
        for k in range(j - 1, max(j - 5, -1), -1):
            if self.items[k + 1].nl:
                return None
            if self.body(k):
                return k
            if not (self.items[k].kind == "w" and self.capital(k)):
                return None
        return None

    def complements(self, phrase: _Phrase) -> None:
        """Fill ``phrase.ends``: each place where the phrase may end, with its ``of`` and ``in`` parts."""
        n = phrase.head + 1
        if self.word(n, "ad") and self.word(n + 1, "interim"):
            phrase.title.append("ad interim")
            phrase.title_keys.append("ad-interim")
            phrase.head, n = n + 1, n + 2
        of: list[_Part] = []
        in_: list[_Part] = []
        if phrase.head_fold not in NEEDS_COMPLEMENT:
            phrase.ends.append((phrase.head, [], []))
        for _ in range(4):
            prep = self.at(n)
            if prep is None or prep.kind != "w" or prep.fold not in PREPOSITIONS or prep.nl:
                break
            q = n + 1
            if self.word(q, "the", "a", "an") and self.items[q].nl <= 1:
                q += 1
            item = self.at(q)
            if item is None or item.nl > 1 or (item.nl and self.items[q - 1].fold not in FUNCTION):
                break
            if (np := self.noun_phrase(q)) is None:
                break
            last, part = np
            (of if PREPOSITIONS[prep.fold] == "of" else in_).append(part)
            phrase.ends.append((last, list(of), list(in_)))
            n = last + 1

    def noun_phrase(self, q: int) -> tuple[int, _Part] | None:
        """A place, a body or a capitalised name after a preposition (or ``the delegation``): (last item, part)."""
        if self.capital(q) and self.items[q].fold not in FUNCTION or self.body(q):
            run = self.name_run(q)
            return run[-1], self.compound_part([self.items[r] for r in run])
        words = [q]  # lower case: "the delegation", "the consular department"
        while (len(words) < 3 and self.items[words[-1]].fold not in ORG_RESIDUE
               and re.search(r"(?:al|ar|ic|ian|ese|ish|ive|ary)$", self.items[words[-1]].fold)
               and self.at(words[-1] + 1) is not None and self.items[words[-1] + 1].kind == "w"
               and not self.items[words[-1] + 1].nl):
            words.append(words[-1] + 1)
        if self.items[words[-1]].kind == "w" and self.items[words[-1]].fold in ORG_RESIDUE and not self.capital(words[-1]):
            return words[-1], self.compound_part([self.items[w] for w in words])
        return None

    def name_run(self, q: int) -> list[int]:
        """The items of a capitalised name from ``q``: words, places and bodies, ``'s``, ``and`` between
        capitals; not a person, a title or an honorific after the first word; trimmed to end on a place
        or body or a body word (``Cuba`` of ``Cuba Aleksandr] Alexeyev``), and of given names of a
        person who follows."""
        run, mixed, k = [q], self.mixed_line(q), q + 1
        while len(run) < 7 and (item := self.at(k)) is not None and not item.nl:
            nxt_cap = self.capital(k + 1) and self.items[k + 1].kind in "wm" and self.items[k + 1].fold not in FUNCTION \
                and not self.person(k + 1) and not self.items[k + 1].nl
            if self.body(k) or (item.kind == "w" and self.capital(k) and item.fold not in FUNCTION
                                and not self.match(k, HEADS) and not self.match(k, HONORIFICS)):
                run.append(k)
            elif self.body(run[-1]) and item.kind == "w" and item.fold in ORG_RESIDUE:
                run.append(k)  # "the DPRK delegation"
                break
            elif nxt_cap and (item.kind == "s" or item.text in "'’" and not self.items[k + 1].gap and item.kind == "p"
                              or item.fold in ("and", "&") and mixed):
                run.append(k)
            else:
                break
            k += 1
        if self.person(run[-1] + 1):  # "Minister of Health Adam Smith": given names belong to the person
            name = self.items[run[-1] + 1]
            for n in (2, 1):
                given = " ".join(self.items[r].text for r in run[-n:])
                found = self.resolver.lookup(f"{given} {name.text}", "person") if len(run) > n else None
                if found is not None and found.path == name.entity:
                    run = run[:-n]
                    break
        if any(self.body(r) for r in run):
            while len(run) > 1 and not self.body(run[-1]) and self.items[run[-1]].fold not in ORG_RESIDUE:
                run.pop()
        while len(run) > 1 and (self.items[run[-1]].kind != "w" and not self.body(run[-1])
                                or self.items[run[-1]].fold in ("and", "&")):
            run.pop()
        return run

    def word(self, i: int, *folds: str) -> bool:
        item = self.at(i)
        return item is not None and item.kind == "w" and item.fold in folds

    # -- apposition -------------------------------------------------------------------------------------

    def before_name(self, phrase: _Phrase) -> _Hit | None:
        """``Soviet Ambassador T. F. Shtykov``: the longest reading of the phrase that a name follows."""
        for last, of, in_ in reversed(phrase.ends):
            k = self.name_after(phrase, last)
            if k is not None:
                return _Hit(last, self.items[k].entity, of, in_ + self.posting_after(phrase, k, in_))
        return None

    def name_after(self, phrase: _Phrase, last: int) -> int | None:
        """The person item right after item ``last`` (past honorifics, given names, ``(``, ``/``), if any."""
        i = self.follow(last)
        poss = self.at(i) is not None and self.items[i].kind == "s"
        i += poss
        while hon := self.match(i, HONORIFICS):
            i += hon[0]
        opener = self.items[i].text if self.punct(i, "(/") else ""
        i += bool(opener)
        given: list[int] = []
        while not self.person(i) and len(given) < 4 and (
                self.capital(i) and self.items[i].kind == "w" or self.punct(i, ".") and given):
            given.append(i)
            i += 1
        if not self.person(i):
            return None
        name, after = self.items[i], self.at(i + 1)
        if given:
            form = self.text[self.items[given[0]].start:name.end].replace("[", " ").replace("]", " ")
            found = self.resolver.lookup(form, "person")
            if found is None or found.path != name.entity:
                return None
        breaks = [self.items[k].nl for k in range(last + 1, i + 1)]
        if max(breaks) > 1 or sum(breaks) == 1 and not self.line_initial(phrase.lead):
            return None
        if opener and not self.punct(i + 1, ")" if opener == "(" else "/"):
            return None
        if poss and not (after is not None and after.kind == "s"):
            return None
        if not phrase.capital and (phrase.head_fold in CAPITALISED_ONLY and last == phrase.head
                                   or after is not None and after.kind == "s"):
            return None  # "in general Kim …", "told the minister Kim's view"
        if phrase.det and (self.word(phrase.lead - 1, *SAYING) or last == phrase.head and not phrase.before
                           and not phrase.portfolio and after is not None and after.kind == "s" and not poss):
            return None  # "I told the Ambassador Kim had left", "showed the Minister Kim's letter"
        return i

    def posting_after(self, phrase: _Phrase, k: int, in_: list[_Part]) -> list[_Part]:
        """``Soviet Representative Aleksei Ignatieff in Pyongyang``: a diplomat's posting after the name."""
        if phrase.head_fold not in DIPLOMATIC or in_ or not self.word(k + 1, "in", "at") or self.items[k + 1].nl:
            return []
        q = k + 2 + self.word(k + 2, "the")
        if self.body(q) and self.items[q].entity.startswith("place/") and not self.items[q].nl:
            return [self.entity_part(self.items[q].entity, self.items[q].text)]
        return []

    def comma_before_name(self, phrase: _Phrase) -> _Hit | None:
        """``the Chargé d'Affaires of Poland, Sieradzki, said``: a determined office, then the name."""
        if not phrase.det:
            return None
        for last, of, in_ in reversed(phrase.ends):
            if not self.punct(self.follow(last), ","):
                continue
            k = self.past_honorifics(self.follow(last) + 1)
            after = self.at(k + 2)
            if (self.person(k) and not self.items[k].nl and self.punct(k + 1, ",") and after is not None
                    and after.kind == "w" and after.text[:1].islower() and after.fold not in ("and", "or", "nor", "but")):
                return _Hit(last, self.items[k].entity, of, in_)
        return None

    def follow(self, last: int) -> int:
        """The item after a phrase ending at ``last``, past the final stop of an abbreviation (``D.P.R.K.``)."""
        abbreviation = "." in self.items[last].text and self.punct(last + 1, ".") and not self.items[last + 1].gap
        return last + 1 + abbreviation

    def past_honorifics(self, i: int) -> int:
        while hon := self.match(i, HONORIFICS):
            i += hon[0]
        return i

    def after_name(self, phrase: _Phrase, held: dict[int, str]) -> _Hit | None:
        """``Kim Il Sung, Chairman of …,`` / ``Shtykov (Soviet Ambassador)`` / a signature's next line."""
        lead, j = self.items[phrase.lead], phrase.lead - 1
        if j < 0:
            return None
        if self.punct(j, ",") or self.punct(j, _DASHES) or self.punct(j, "("):
            sep, j = self.items[j].text if self.items[j].text in ",(" else "-", j - 1
            if j < 0 or self.items[j + 1].nl or lead.nl > (sep == ","):
                return None
        elif self.word(j, "and") and j - 1 in held and not lead.nl:
            sep, j = "and", j - 1  # "Pak Heon-yeong, Vice Premier and Minister of Foreign Affairs,"
        elif "[" in lead.gap and not lead.nl:
            sep = "["
        elif lead.nl == 1:
            sep = "\n"
        else:
            return None
        if self.person(j) and sep != "and":
            holder = self.items[j].entity
        else:  # the office before: "X, Minister of Health, the head of the delegation"
            holder = held.get(j, "") if sep in (",", "and") else ""
        if not holder:
            return None
        signature = self.person(j) and self.line_initial(j)
        if sep == "\n" and not (signature and not self.listed(j, phrase)):
            return None
        for last, of, in_ in reversed(phrase.ends):
            if signature and sep in ",\n" and (tail := self.org_tail(last)):
                last, of = tail[0], of + [tail[1]]
            f = self.follow(last)
            nxt = self.at(f)
            if sep == "(":
                ok = self.punct(f, ")")
            elif sep == "[":
                ok = "]" in (nxt.gap if nxt is not None else self.text[self.items[last].end:])
            elif sep == "\n":
                ok = nxt is None or nxt.nl > 0
            else:
                ok = (nxt is None or nxt.nl > 0 or f > last + 1 or self.punct(f, _BOUNDARY) or "[" in nxt.gap
                      or self.word(f, "and") and f + 1 in self.leads)
            if not ok:
                continue
            if phrase.det and self.punct(f, ",") and self.person(self.past_honorifics(f + 1)):
                return None  # "Daniell, the Chargé d'Affaires of Poland, Sieradzki": the office is Sieradzki's
            return _Hit(last, holder, of, in_)
        return None

    def listed(self, j: int, phrase: _Phrase) -> bool:
        """The name at ``j`` is one of a list, one name a line (``Copies to:`` / ``Kim`` / ``Molotov``): the
        line before it, or the line after the office, holds a name alone."""
        first, _ = self.line_of(j)
        if first > 0 and self.name_line(*self.line_of(first - 1), labelled=True):
            return True
        _, last = self.line_of(phrase.head)
        return last + 1 < len(self.items) and self.name_line(*self.line_of(last + 1), labelled=False)

    def line_of(self, i: int) -> tuple[int, int]:
        """The first and last item of the line of item ``i``."""
        a = b = i
        while a > 0 and not self.items[a].nl:
            a -= 1
        while b + 1 < len(self.items) and not self.items[b + 1].nl:
            b += 1
        return a, b

    def name_line(self, a: int, b: int, labelled: bool) -> bool:
        """Items ``a..b`` are a person's name alone on a line (after ``To:`` or a number when ``labelled``)."""
        return self.person(b) and (a == b or labelled and self.line_initial(b))

    def org_tail(self, last: int) -> tuple[int, _Part] | None:
        """A letterhead's body after the office: ``Chairman, Japan-China Import-Export Association`` or on
        the next line; it must end its line."""
        k = last + 2 if self.punct(last + 1, ",") and not self.items[last + 1].nl else last + 1
        item, after = self.at(k), self.at(k + 1)
        if (self.body(k) and item.entity.startswith("organisation/") and item.nl <= (k == last + 1)
                and (k == last + 2 or item.nl == 1) and (after is None or after.nl)):
            return k, self.entity_part(item.entity, item.text)
        return None


@dataclass
class _Hit:
    """A reading of a phrase for a holder: where it ends and its ``of`` and ``in`` parts."""

    last: int
    holder: str
    of: list[_Part]
    in_: list[_Part]


_HEAD_FOLD = {"counselor": "counsellor", "advisor": "adviser", "secretary general": "secretary-general",
              "undersecretary": "under-secretary", "under secretary": "under-secretary",
              "consul-general": "consul general", "pres": "president", "gen": "general", "amb": "ambassador"}


def _synonyms(folded: list[str]) -> list[str]:
    """Words of a name with one spelling per word or phrase (``Foreign`` alone is ``Foreign Affairs``)."""
    joined = " ".join(folded)
    for name, same in SYNONYMS.items():
        joined = re.sub(rf"\b{name}\b", same, joined)
    return ["foreign", "affairs"] if joined == "foreign" else joined.split()


def _title(folded: list[str]) -> str:
    """Display words: capitalised, but small words and vowel-less acronyms (``CC``, ``MFA``)."""
    small = {"of", "and", "the", "for", "in", "on", "at", "to", "ad", "interim"}
    out: list[str] = []
    for w in " ".join(folded).split():
        out.append(w if w in small and out else w.upper() if len(w) <= 3 and not re.search(r"[aeiouy]", w)
                   else "-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


def _compose(phrase: _Phrase, hit: _Hit) -> tuple[str, str]:
    """(label, key) of the office: head, then ``of`` parts (portfolio, complements, what stood before the
    head, nearest first), then ``in`` parts; one label for one key."""
    of: dict[str, _Part] = {}
    for part in phrase.portfolio + hit.of + phrase.before:
        of.setdefault(part.key, part)
    in_: dict[str, _Part] = {}
    for part in hit.in_:
        in_.setdefault(part.key, part)
    key = "-".join(phrase.title_keys) + "".join(f"-of-{k}" for k in of) + "".join(f"-in-{k}" for k in in_)
    ofs = list(of.values())
    adjective = ofs.pop().adjective if ofs and ofs[-1].adjective else ""
    label = " ".join(filter(None, [adjective, *phrase.title])) + "".join(f" of {p.label}" for p in ofs) + "".join(
        f" {'to' if phrase.head_fold in TO_HEADS and (p.adjective or p.label.startswith('the ')) else 'in'} {p.label}"
        for p in in_.values())
    return label, key


WINDOW = 400  # characters around a person mention an office phrase in apposition can reach (and then some)


def find_positions(text: str, mentions: list[Mention], resolver: Resolver) -> list[PositionMention]:
    """The offices ``text`` gives to the persons among ``mentions`` (as found by
    :meth:`Resolver.find_mentions`), sorted by offset; places and bodies among ``mentions`` key the office.

    Offices stand next to the person they belong to, so a long text is read only in whole-line windows
    around its person mentions."""
    if not isinstance(text, str) or not text:
        return []
    people = [m for m in mentions if isinstance(m.entity_path, str) and m.entity_path.startswith("person/")
              and isinstance(m.start, int) and isinstance(m.end, int)]
    if not people:
        return []
    if len(text) <= 4 * WINDOW:
        return _find(text, mentions, resolver)
    windows: list[list[int]] = []
    for m in sorted(people, key=lambda m: m.start):
        a, b = _line_start(text, max(0, m.start - WINDOW)), _line_end(text, min(len(text), m.end + WINDOW))
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    found: set[PositionMention] = set()
    for a, b in windows:
        inside = [Mention(m.entity_path, m.start - a, m.end - a, m.surface) for m in mentions
                  if isinstance(m.start, int) and isinstance(m.end, int) and a <= m.start and m.end <= b]
        for pm in _find(text[a:b], inside, resolver):
            found.add(PositionMention(pm.person, pm.label, pm.key, pm.start + a, pm.end + a, pm.surface))
    return sorted(found, key=lambda p: (p.start, p.end, p.person, p.key))


def _line_start(text: str, i: int) -> int:
    """The start of the line before the one holding ``i`` (a window begins on a whole line, with one line of
    context for rules that look at what precedes a line)."""
    start = text.rfind("\n", 0, i) + 1
    return text.rfind("\n", 0, max(0, start - 1)) + 1 if start > 0 else 0


def _line_end(text: str, i: int) -> int:
    """The end of the line after the one holding ``i``."""
    end = text.find("\n", i)
    if end < 0:
        return len(text)
    after = text.find("\n", end + 1)
    return len(text) if after < 0 else after


def _find(text: str, mentions: list[Mention], resolver: Resolver) -> list[PositionMention]:
    finder = _Finder(text, _items(text, mentions), resolver)
    held: dict[int, str] = {}
    found: set[PositionMention] = set()
    phrases = finder.phrases()
    finder.leads = {phrase.lead for phrase in phrases}
    for phrase in phrases:
        hit = finder.before_name(phrase) or finder.comma_before_name(phrase)
        if hit is None and (hit := finder.after_name(phrase, held)) is not None:
            held[hit.last] = hit.holder
        if hit is None:
            continue
        label, key = _compose(phrase, hit)
        start, end = finder.items[phrase.first].start, finder.items[hit.last].end
        found.add(PositionMention(hit.holder, label, key, start, end, text[start:end]))
    return sorted(found, key=lambda p: (p.start, p.end, p.person, p.key))
