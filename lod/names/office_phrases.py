"""Office phrases in a text: a head noun from the lexicon of titles with its modifiers (nationality
adjectives, places and bodies before it: ``Soviet``, ``DPRK``, ``CC CPSU``) and its ``of/for/to/in/at``
complements after it (``of the DPRK in the PRC``), each part resolved to a place or body where it can be.
Whose office a phrase is, is :mod:`lod.names.positions`' job.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lod.names.normalise import display_case
from lod.names.office_words import (
    ADJECTIVE, CAPITALISED_ONLY, DEMONYMS, DETERMINERS, FUNCTION, HEADS, HONORIFICS, MINISTERIAL, MODIFIERS,
    NEEDS_COMPLEMENT, NOT_NOW, ORG_RESIDUE, PORTFOLIOS, PREPOSITIONS, QUALIFIERS, SENTENCE, SKIP, SYNONYMS, Item,
    first_words, fold,
)
from lod.names.resolver import Resolver
from lod.slug import slug

@dataclass
class Part:
    """One place, body, portfolio or unresolved name inside an office phrase."""

    key: str
    label: str
    adjective: str = ""  # "Soviet" for the Soviet Union: a country, whose label reads better with it


@dataclass
class Phrase:
    """An office phrase around one head, with every place where it may end."""

    first: int  # index of the first item of the phrase
    lead: int  # index of the first item including determiners and honorifics
    head: int  # index of the last item of the head noun
    head_fold: str
    title: list[str]  # display words: modifiers, qualifiers, head
    title_keys: list[str]
    portfolio: list[Part]
    before: list[Part]  # places and bodies named before the head, nearest first
    det: bool
    capital: bool
    ends: list[tuple[int, list[Part], list[Part]]] = field(default_factory=list)  # (last item, of, in)


HEAD_FOLD = {"counselor": "counsellor", "advisor": "adviser", "secretary general": "secretary-general",
              "undersecretary": "under-secretary", "under secretary": "under-secretary",
              "consul-general": "consul general", "pres": "president", "gen": "general", "amb": "ambassador"}


def synonyms(folded: list[str]) -> list[str]:
    """Words of a name with one spelling per word or phrase (``Foreign`` alone is ``Foreign Affairs``)."""
    joined = " ".join(folded)
    for name, same in SYNONYMS.items():
        joined = re.sub(rf"\b{name}\b", same, joined)
    return ["foreign", "affairs"] if joined == "foreign" else joined.split()


def title_case(folded: list[str]) -> str:
    """Display words: capitalised, but small words and vowel-less acronyms (``CC``, ``MFA``)."""
    small = {"of", "and", "the", "for", "in", "on", "at", "to", "ad", "interim"}
    out: list[str] = []
    for w in " ".join(folded).split():
        out.append(w if w in small and out else w.upper() if len(w) <= 3 and not re.search(r"[aeiouy]", w)
                   else "-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)



class PhraseReader:
    """Reads the office phrases of one text's items: heads, their modifiers and complements, the names
    they may hold; :class:`lod.names.positions.HolderFinder` finds whose they are."""

    def __init__(self, text: str, items: list[Item], resolver: Resolver) -> None:
        self.text, self.items, self.resolver = text, items, resolver
        self._cache: dict[tuple[str, str | None], Part] = {}
        self.leads: set[int] = set()  # where the phrases begin, determiners included

    # -- small predicates -------------------------------------------------------------------------------

    def at(self, i: int) -> Item | None:
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
        if i >= len(self.items) or self.items[i].fold not in first_words(table):
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

    def entity_part(self, path: str, text: str = "") -> Part:
        """A resolved place or body, keyed by its entity; countries also have an adjective."""
        entity = self.resolver.get(path)
        key = path.partition("/")[2] or slug(text)
        label = entity.label if entity else display_case(text)
        if path.startswith("place/"):
            the = re.search(r"\b(?:Union|United|Republic|States|Kingdom|Federation|Netherlands|Philippines)\b", label)
            return Part(key, f"the {label}" if the else label, ADJECTIVE.get(fold(label), ""))
        return Part(key, label if label.startswith("The ") else f"the {label}")

    def compound_part(self, items: list[Item]) -> Part:
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
                keys.append(slug(" ".join(synonyms(words))))
                labels.append(title_case(synonyms(words)))
                words = []
            if item is not None and item.kind == "m":
                part = self.entity_part(item.entity, item.text)
                keys.append(part.key)
                labels.append(re.sub(r"^the ", "", part.label))
            elif item is not None and labels:
                labels[-1] += "'s" if item.kind == "s" else "'"
        the = "the " if any(i.kind == "m" for i in items) or items[-1].fold in ORG_RESIDUE else ""
        return Part("-".join(keys), the + " ".join(labels), ADJECTIVE.get(" ".join(keys).replace("-", " "), ""))

    def looked_up(self, name: str, kind: str | None, adjective: str) -> Part:
        """The part for a country named by an adjective (``Soviet``) or an acronym (``US``): the resolver's
        place or body when it knows the name, else the name itself."""
        if (name, kind) not in self._cache:
            entity = self.resolver.lookup(name, kind)
            self._cache[name, kind] = (self.entity_part(entity.path) if entity is not None and entity.kind != "person"
                                       else Part(slug(name), name, adjective))
        return self._cache[name, kind]

    def acronym(self, j: int) -> bool:
        """``US``, ``MPR``, ``GDR`` before a head in a mixed-case line: a country or a body."""
        item = self.items[j]
        return (item.kind == "w" and 2 <= len(item.text) <= 6 and item.text.isalpha() and item.text.isupper()
                and item.fold not in FUNCTION and self.mixed_line(j))

    # -- the phrase -------------------------------------------------------------------------------------

    def phrases(self) -> list[Phrase]:
        """Every office phrase of the text that can be read whole, in text order."""
        out: list[Phrase] = []
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

    def phrase(self, h0: int, h1: int, display: str) -> Phrase | None:
        """The phrase around the head at items ``h0..h1``: what stands before it, then its complements."""
        head_fold = " ".join(it.fold for it in self.items[h0:h1 + 1] if it.kind == "w")
        head_fold = HEAD_FOLD.get(head_fold, fold(display) if h1 > h0 or head_fold == "pm" else head_fold)
        phrase = Phrase(h0, h0, h1, head_fold, [display], [slug(display)], [], [], False,
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
                phrase.before.append(self.looked_up(hit[1], "place", ADJECTIVE.get(fold(hit[1]), "")))
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
                        head_fold in CAPITALISED_ONLY or not (j == 0 or item.nl or self.punct(j - 1, SENTENCE)))):
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

    def complements(self, phrase: Phrase) -> None:
        """Fill ``phrase.ends``: each place where the phrase may end, with its ``of`` and ``in`` parts."""
        n = phrase.head + 1
        if self.word(n, "ad") and self.word(n + 1, "interim"):
            phrase.title.append("ad interim")
            phrase.title_keys.append("ad-interim")
            phrase.head, n = n + 1, n + 2
        of: list[Part] = []
        in_: list[Part] = []
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

    def noun_phrase(self, q: int) -> tuple[int, Part] | None:
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

