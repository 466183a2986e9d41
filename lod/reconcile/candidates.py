"""The name forms of a query and of every entity, and the entities a query may name: every form we hold
(labels, variants, inverted headings, transliterations, code names) is indexed by its folded words
(:func:`lod.names.normalise.fold_token`: case, diacritics, script and romanisation folded), so that
"Gromyko, A. A.", "Громыко" and "A. Gromyko" reach the same person.

>>> parse("Борис Ельцин").names, parse("Teng Hsiao-p'ing").names
(('boris', 'eltsin'), ('teng', 'hsiao', 'ping'))
>>> q = parse("Ambassador Громыко, А. А.")
>>> q.names, q.initials, q.titles
(('gromyko',), ('a', 'a'), ('ambasador',))
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from lod.names.name_order import family_first
from lod.names.normalise import clean, fold_token, is_inverted, strip_marks
from lod.reconcile.catalogue import Catalogue, Fact

_WORD = re.compile(r"([^\W\d_]+)(\.?)")
# Russian soft and hard signs, and apostrophes inside a word (Wade-Giles aspiration: "P'eng", "Shao-ch'i"),
# dropped: "Ельцин" is Eltsin, not El'tsin; "Liu Shao-ch'i" is Liu Shao-chi
_SIGNS = re.compile(r"(?<=[^\W\d_])(?:[ьъЬЪ]|['’ʼ‘`](?=[^\W\d_]))")
FUZZY = 0.8  # the least similarity (difflib ratio) of two folded words taken as one spelt two ways


@dataclass(frozen=True)
class Form:
    """A name as words: folded name words (two letters or more), initials, and the words a title dropped."""

    text: str
    names: tuple[str, ...]
    initials: tuple[str, ...]
    titles: tuple[str, ...] = ()
    plain: tuple[str, ...] = ()  # every word romanised and lower-cased, unfolded (for prefix search)

    @property
    def key(self) -> str:
        return "".join(self.names)


def parse(text: str) -> Form:
    """The words of a name: ``A.`` and ``Yu.`` are initials; honorifics and offices before it are titles."""
    raw = " ".join(strip_marks(_SIGNS.sub("", str(text))).split())
    name = clean(raw)
    names: list[str] = []
    initials: list[str] = []
    for word, dot in _WORD.findall(name):
        if len(word) == 1 or (dot and len(word) == 2 and word[0].isupper()):
            initials.append(word[0].lower())
        elif k := fold_token(word):
            names.append(k)
    said = {fold_token(w) for w, _ in _WORD.findall(name)}
    titles = tuple(k for w, _ in _WORD.findall(raw) if (k := fold_token(w)) and k not in said)
    plain = tuple(w.lower() for w, _ in _WORD.findall(name))
    return Form(name, tuple(names), tuple(initials), titles, plain)


def prefixes(prefix: Form, form: Form) -> bool:
    """Whether every word of ``prefix`` begins a word of ``form``, as written or folded.

    >>> prefixes(parse("Ignatie"), parse("Aleksei Ignatiev")), prefixes(parse("Громы"), parse("A. A. Gromyko"))
    (True, True)
    """
    words = form.plain + form.names
    return bool(prefix.plain) and all(any(x.startswith(w) for x in words) for w in prefix.plain) or \
        bool(prefix.names) and all(any(x.startswith(w) for x in words) for w in prefix.names + prefix.initials)


@dataclass
class Person:
    """What a person's forms say of their name's parts."""

    families: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    family_first: bool = False  # an East Asian name ("Kim Il Sung"): every word after the family is the given name


@dataclass
class Index:
    """Every entity's forms, and the entities by each folded word of them."""

    forms: dict[str, list[Form]]
    people: dict[str, Person]
    by_word: dict[str, set[str]]
    by_family: dict[str, set[str]]
    by_key: dict[str, set[str]]  # the name words of a form run together ("maotsetung")

    def candidates(self, q: Form, types: set[str], catalogue: Catalogue) -> list[Fact]:
        """The entities of ``types`` (all when empty) sharing a word with ``q``, exactly or spelt near it."""
        found: set[str] = set(self.by_key.get(q.key, ())) if q.key else set()
        for w in q.names or q.initials:
            found |= self.by_word.get(w, set())
            if len(w) >= 4:
                for other in self.by_word:
                    if other[:1] != w[:1] or other == w or abs(len(other) - len(w)) > 2:
                        continue
                    sm = SequenceMatcher(None, w, other)
                    if sm.real_quick_ratio() >= FUZZY and sm.quick_ratio() >= FUZZY and sm.ratio() >= FUZZY:
                        found |= self.by_word[other]
        facts = (catalogue.facts[i] for i in sorted(found))
        return [f for f in facts if not types or f.type in types]


def index(catalogue: Catalogue) -> Index:
    """The catalogue's :class:`Index`, built once and kept with it."""
    built = catalogue.derived.get("names")
    if not isinstance(built, Index):
        built = catalogue.derived["names"] = _build(catalogue)
    return built


def _build(catalogue: Catalogue) -> Index:
    forms: dict[str, list[Form]] = {}
    people: dict[str, Person] = {}
    by_word: dict[str, set[str]] = defaultdict(set)
    by_family: dict[str, set[str]] = defaultdict(set)
    by_key: dict[str, set[str]] = defaultdict(set)
    for iri, f in catalogue.facts.items():
        fs = [parse(n) for n in dict.fromkeys([f.label, *f.names])]
        forms[iri] = [x for x in fs if x.names or x.initials]
        for x in forms[iri]:
            by_key[x.key].add(iri)
            for w in x.names:
                by_word[w].add(iri)
        if f.type == "Person":
            people[iri] = p = _person(f, forms[iri])
            for fam in p.families:
                by_family[fam].add(iri)
    return Index(forms, people, dict(by_word), dict(by_family), dict(by_key))


def _person(f: Fact, forms: list[Form]) -> Person:
    """The family names (schema:familyName, inverted headings, a lone word, else the label's) and the
    initials of the given names of a person."""
    p = Person({k for n in f.families for k in parse(n).names})
    for raw in f.names:
        if is_inverted(raw):
            p.families.update(parse(raw.split(",", 1)[0]).names)
    p.families.update(x.names[0] for x in forms if len(x.names) == 1)
    label = parse(f.label).names
    words = f.label.split()
    p.family_first = len(words) > 1 and family_first(words[0], " ".join(words[1:]))
    if not p.families and label:
        p.families.add(label[0] if p.family_first else label[-1])
    for x in forms:
        p.initials.update(x.initials)
        p.initials.update(w[0] for w in x.names if w not in p.families)
    return p
