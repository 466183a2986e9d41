"""Resolve every spelling of a name to one :class:`Entity`, and find known names in body texts.

The facade over three parts, one job each: :mod:`lod.names.index` (entities by their forms),
:mod:`lod.names.cluster` (which names of a batch are one entity) and :mod:`lod.names.mentions` (known
names in texts). The resolver itself mints and learns.

>>> r = Resolver()
>>> r.register([("Nehru, Jawaharlal", "person"), ("Kohl, Helmut", "person")])
>>> r.resolve("Jawaharlal .Nehru").path, r.resolve("Helmut Kohl") is r.resolve("KOHL")
('person/jawaharlal-nehru', True)
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from os import PathLike

from lod.names.authority import Entity, load_authority
from lod.names.cluster import Item, cluster
from lod.names.index import NameIndex, expand, near, pick
from lod.names.mentions import Mention, MentionFinder, bracket_forms
from lod.names.places import is_place_name
from lod.names.normalise import (
    KINDS, clean, display_case, is_inverted, is_title_only, match_key, split_forms, strip_marks, token_keys, words,
)
from lod.names.name_kinds import guess_kind, is_office, not_a_person
from lod.names.name_order import hungarian_order, uninvert
from lod.slug import slug
from lod.names.tokenised import Tokenised

__all__ = ["Mention", "Resolver", "bracket_forms", "expand", "near"]

_INITIALLED = re.compile(r"^(?:(?P<initials>(?:[A-Z][a-z]?\.\s?)+)\s*(?P<family>[^\W\d_][\w'’\-]*)"
                         r"|(?P<family2>[^\W\d_][\w'’\-]*),?\s+(?P<initials2>(?:[A-Z][a-z]?\.\s?)+))$")


def _preferred(main: str, found: list[tuple[str, str]]) -> str:
    """The real name: the main form, unless a square-bracketed form is not a romanisation of it."""
    brackets = [v for v, how in found if how == "bracket"]
    if brackets and main and (is_title_only(main) or not near(main, brackets[0])
                              and not set(token_keys(main)) & set(token_keys(brackets[0]))):
        return brackets[0]
    return main or (found[0][0] if found else "")


def _label_rank(form: str, had_alternatives: bool) -> tuple[int, int, int, int, int, int, str]:
    """Catalogue headings first, given name first, then the chosen form of a ``Name [Alt]`` pair, mixed case,
    more words."""
    label = display_case(uninvert(form))
    ws = form.split()
    return (0 if is_inverted(form) else 1, 0 if had_alternatives else 1, 0 if any(c.islower() for c in form) else 1,
            -len(words(form)), 1 if len(ws) == 2 and hungarian_order(*ws) else 0, 0 if strip_marks(form) != form else 1,
            label)


class Resolver:
    """Maps spellings to entities; mints new entities (deterministic keys) for unknown names."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self.index = NameIndex()
        self._finder = MentionFinder(self.index)
        for entity in entities:
            self.add(entity)

    @classmethod
    def from_file(cls, path: str | PathLike[str]) -> Resolver:
        """A resolver loaded with an authority TSV."""
        return cls(load_authority(path))

    @property
    def entities(self) -> list[Entity]:
        """All known entities, sorted by path."""
        by_path = self.index.by_path
        return [by_path[p] for p in sorted(by_path)]

    def get(self, path: str) -> Entity | None:
        """The entity with this ``kind/key`` path, if any."""
        return self.index.by_path.get(path)

    def __len__(self) -> int:
        return len(self.index.by_path)

    def add(self, entity: Entity) -> Entity:
        """Add an entity (e.g. from the authority file); its path must be new."""
        return self.index.add(entity)

    def lookup(self, name: str, kind_hint: str | None = None, context: Iterable[Entity] = ()) -> Entity | None:
        """The known entity for one form (no brackets), or None; never mints."""
        return self.index.lookup(clean(name), kind_hint, {id(e) for e in context})

    # ------------------------------------------------------------------ resolve / mint

    def resolve(self, name: str, kind_hint: str | None = None, context: Iterable[Entity] = ()) -> Entity:
        """The entity for any spelling of ``name``, minting one if unknown.

        Raises ValueError for a name with no letters or digits (empty, whitespace, punctuation),
        for an unknown title-only name ("The Chancellor": never minted) and for an unknown
        ``kind_hint``. Every spelling seen (cleaned, bracket parts split) is added to the variants.
        A new entity's label is title-cased from capitals, but a body's name of acronyms is kept:

        >>> r = Resolver([])
        >>> r.resolve("KIM IL SUNG", "person").label, r.resolve("USSR MFA UVPI", "organisation").label
        ('Kim Il Sung', 'USSR MFA UVPI')
        """
        if kind_hint is not None and kind_hint not in KINDS:
            raise ValueError(f"unknown kind {kind_hint!r}")
        if not match_key(name):
            raise ValueError(f"not a name: {name!r}")
        main, found = split_forms(name)
        ctx = {id(e) for e in context}
        preferred = _preferred(main, found)
        if kind_hint == "person":
            preferred = self._without_place(preferred)
        parts = [p for p in dict.fromkeys([preferred, main, *(v for v, _ in found)]) if p and match_key(p)]
        entity = next((e for p in parts if (e := self.index.lookup(p, kind_hint, ctx))), None)
        if entity is None:
            guess = self._guess_kind(name, preferred)
            kind = kind_hint or (guess if guess in KINDS else "person")
            reasons = [not_a_person(p) if kind == "person" else "only a title, not a name" * is_title_only(p)
                       or "an office, not a name" * (kind_hint is None and is_office(p)) for p in [preferred, *parts]]
            form = next((p for p, why in zip([preferred, *parts], reasons) if p and not why), None)
            if form is None:
                raise ValueError(f"{next(filter(None, reasons), 'not a name')}: {name!r}")
            entity = self._mint(self._without_place(form) if kind == "person" else form, kind)
        self._learn(entity, parts)
        return entity

    def _guess_kind(self, name: str, form: str) -> str:
        """:func:`guess_kind`, and ``place`` for an otherwise unknown name written bare (no title, no honorific)
        that is a place's by itself (:func:`lod.names.places.is_place_name`: "From M A G A D A N" is a place
        line); "Comrade SOFIA", or a name the resolver knows as a person's, stays a person's."""
        guess = guess_kind(name)
        bare = clean(form)
        if guess != "unknown" or "".join(name.split()) != "".join(bare.split()) or not is_place_name(bare):
            return guess
        known = self.index.lookup(bare, None, set())
        return guess if known is not None and known.kind != "place" else "place"

    def _without_place(self, form: str) -> str:
        """A person's name less a place the resolver knows written before it ("Cuba Aleksandr Alekseev", left by
        "Soviet Ambassador to Cuba Aleksandr Alekseev"): a name does not begin with a country."""
        head, _, rest = form.partition(" ")
        if len(rest.split()) >= 2 and rest[:1].isupper() and not is_inverted(form):
            place = pick(self.index.by_key.get(match_key(head), ()), "place", set())
            if place is not None:
                return rest
        return form

    def learn(self, entity: Entity, forms: Iterable[str]) -> None:
        """Know ``forms`` as spellings of the known ``entity`` (an authority record's names of it).

        >>> r = Resolver([Entity("person", "vyshinsky-andrei", "Andrei Vyshinsky", "ru-Latn", set())])
        >>> r.learn(r.get("person/vyshinsky-andrei"), ["Vyshinsky, Andrei Ianuar'evich"])
        >>> r.lookup("Andrei Ianuar'evich Vyshinsky").path
        'person/vyshinsky-andrei'
        """
        self._learn(entity, forms)

    def _learn(self, entity: Entity, forms: Iterable[str]) -> None:
        new = [f for f in forms if f and f != entity.label and f not in entity.variants and not is_title_only(f)]
        entity.variants.update(new)
        self.index.index(entity, new)

    def _mint(self, form: str, kind: str) -> Entity:
        # a body's name of acronyms alone is kept as written ("USSR MFA UVPI"); a person's, title-cased
        acronyms = kind != "person" and all(w.isupper() and len(w) <= 5 for w in form.split())
        label = form if acronyms else display_case(uninvert(form))
        if kind == "person" and len(ws := label.split()) == 2 and hungarian_order(*ws):
            label = f"{ws[1]} {ws[0]}"  # "Nyers Rezső" is labelled Rezső Nyers, given name first (the form is kept)
        base = slug(label)
        key, n = base, 1
        while (same := self.index.by_path.get(f"{kind}/{key}")) is not None:
            if same.label == label:
                return same  # the name minted before (it was ambiguous, not new)
            suffix = hashlib.sha1(label.encode("utf-8")).hexdigest()[:6]
            key = f"{base}-{suffix}" if n == 1 else f"{base}-{suffix}-{n}"
            n += 1
        return self.add(Entity(kind, key, label, "und", set(), ""))

    def register(self, names: Iterable[tuple[str, str | None]]) -> None:
        """Add a batch of structured names ``(name, kind_hint)`` deterministically.

        The batch is de-duplicated and sorted, matched against the entities known before the
        call, clustered (:func:`lod.names.cluster.cluster`), and one entity minted per new
        cluster — so the keys do not depend on the order of the batch. Names without letters
        and unknown title-only names are skipped.
        """
        items = sorted({(n.strip(), h) for n, h in names if isinstance(n, str) and match_key(n)},
                       key=lambda x: (x[0], x[1] or ""))
        parsed: list[Item] = []
        for raw, hint in items:
            if hint is not None and hint not in KINDS:
                raise ValueError(f"unknown kind {hint!r}")
            main, found = split_forms(raw)
            pref = _preferred(main, found)
            parts = [p for p in dict.fromkeys([pref, main, *(v for v, _ in found)]) if p and match_key(p)]
            guess = self._guess_kind(raw, pref)
            kind = hint or (guess if guess in KINDS else None)
            known = next((e for p in parts if (e := self.index.lookup(p, kind, set()))), None)
            if known is None and hint is None and is_office(pref):
                continue  # "Deputy Chairman of the Council of Ministers": a position, neither a person nor a body
            if known is None and kind in (None, "person"):
                if not_a_person(pref):
                    continue  # an office, a title or generic words: a position or a topic, never a person
                pref = self._without_place(pref)
                parts = [p for p in dict.fromkeys([pref, *parts]) if not not_a_person(p)]
            parsed.append(Item(pref, parts, kind, known, bool(found)))
        groups, kinds = cluster(parsed)
        for members, kind in zip(groups, kinds):
            known_paths = sorted({parsed[i].known.path for i in members if parsed[i].known})
            if known_paths:
                default = self.index.by_path[known_paths[0]]
            else:
                ranked = [(_label_rank(parsed[i].pref, parsed[i].had_alternatives), parsed[i].pref) for i in members
                          if not is_title_only(parsed[i].pref)]
                if not ranked:
                    continue  # only titles ("The Chancellor"): nothing to mint
                default = self._mint(min(ranked)[1], kind or "person")
            for i in members:
                self._learn(parsed[i].known or default, parsed[i].parts)

    # ------------------------------------------------------------------ mentions

    def learn_brackets(self, forms: Iterable[str]) -> None:
        """Resolve person forms a text proposes (``Name [Alt]`` pairs, names after a title: see
        :func:`lod.names.discover.person_forms`) as persons; an ingest collects them in its first pass and
        applies them in record order, so that mapping reads a settled resolver. A form that names a known
        place or body, or that cannot be a person's name (:func:`not_a_person`), is left alone."""
        for form in forms:
            known = self.lookup(split_forms(form)[0])
            if (known is None or known.kind == "person") and not not_a_person(clean(form)) and not self._initialled_thing(form):
                self.resolve(form, "person")

    def _initialled_thing(self, form: str) -> bool:
        """Whether an initialled form is a place or body written with an abbreviation ("D.R. Atlantis",
        "Atlantis D.C.", "U.N. Atlantis"): its family word or its initials name a known place or body.

        >>> r = Resolver([Entity("place", "atlantis", "Atlantis", "en", {"A.R."})])
        >>> r._initialled_thing("D.R. Atlantis"), r._initialled_thing("A.R. Petrenko"), r._initialled_thing("I.M. Petrenko")
        (True, True, False)
        """
        m = _INITIALLED.match(form)
        if m is None:
            return False
        family, initials = m.group("family") or m.group("family2"), m.group("initials") or m.group("initials2")
        return any((e := self.index.lookup(clean(part))) is not None and e.kind != "person" for part in (family, initials))

    def find_mentions(self, text: str | Tokenised, kinds: Iterable[str] = KINDS, context: Iterable[Entity] = (),
                      learn: bool = True) -> list[Mention]:
        """Known names in ``text`` (longest first, non-overlapping, word boundaries, offsets into ``text``).

        Matching is by folded word keys, so case, diacritics, hyphen/space, letter-spacing
        ("S H T Y K O V") and the transliteration folds of :func:`match_key` are tolerated (``text`` may
        come tokenised, :mod:`lod.names.tokenised`, to be shared with office finding). A
        match must start with a capital (or digit); all-caps acronyms must be all caps in the text.
        Unambiguous family names of 4+ letters also match. With ``learn``, unknown
        ``Name [Alt Romanisation]`` pairs are first resolved as persons (see :meth:`resolve`).
        """
        kinds = tuple(kinds)
        if learn and "person" in kinds:
            for form in bracket_forms(text.text if isinstance(text, Tokenised) else text):
                self.resolve(form, "person", context)
        return self._finder.find(text, kinds)
