"""The name index: every known entity, found by the folded keys of its forms.

One job: hold entities and their forms so that a spelling can be looked up (never minted here). The
index also keeps the surface keys the mention finder matches in texts, updated as forms are learnt.

>>> ix = NameIndex()
>>> _ = ix.add(Entity("person", "helmut-kohl", "Kohl, Helmut", "und", set(), ""))
>>> ix.lookup("Helmut KOHL").path, ix.lookup("H. Kohl").path, ix.lookup("G. Kohl")
('person/helmut-kohl', 'person/helmut-kohl', None)
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from lod.names.authority import Entity
from lod.names.normalise import (
    KINDS, fold_token, is_generic, is_inverted, match_key, split_forms, strip_marks, token_keys, words,
)
from lod.names.name_order import family_first, hungarian_order, uninvert

SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))


SAME_INITIAL = frozenset(frozenset(p) for p in ("jy", "iy", "ij", "ey", "hk", "gh"))
"""Initials one Cyrillic letter gives in different romanisations: Ю/Я (Yu, Iu, Ju), Е (Ye, E), Х (Kh, H), Г (G, H)."""


def _family_first(names: list[str]) -> bool:
    """An East Asian name, or a Hungarian one written family-first ("Nyers Rezső")."""
    return family_first(names[0], " ".join(names[1:])) or len(names) == 2 and hungarian_order(*names)


@dataclass
class PersonKeys:
    """What the index knows of one person's name parts."""

    family: set[str] = field(default_factory=set)  # folded family-name keys
    initials: set[str] = field(default_factory=set)  # first letters of given names
    western: list[frozenset[str]] = field(default_factory=list)  # token sets of given-first forms


def expand(form: str) -> list[str]:
    """A form with its bracketed parts split off and inverted headings in both word orders.

    >>> expand("Chiang, Ching-kuo (Jiang Jingguo)")
    ['Chiang, Ching-kuo', 'Chiang Ching-kuo', 'Ching-kuo Chiang', 'Jiang Jingguo']
    """
    main, found = split_forms(form)
    out: list[str] = []
    for part in [main, *(v for v, _ in found)]:
        out.append(part)
        if is_inverted(part):
            family, given = (p.strip() for p in part.split(",", 1))
            out += [uninvert(part), f"{given} {family}", f"{family} {given}"]
    return [p for i, p in enumerate(out) if p and match_key(p) and p not in out[:i]]


def near(a: str, b: str) -> bool:
    """True when two names are romanisation variants of each other (not a cover name).

    >>> near("Ri Ju-yeon", "Ri Ju Yon"), near("Pak Gyeong-sun", "Pak Kyong-sun"), near("Feng Xi", "Stalin")
    (True, True, False)
    """
    ka, kb = match_key(a), match_key(b)
    if not ka or not kb:
        return False
    return ka == kb or SequenceMatcher(None, ka, kb).ratio() >= 0.75


def put(bucket: list[Entity], entity: Entity) -> None:
    """Append ``entity`` to ``bucket`` unless it is there (by identity)."""
    if not any(e is entity for e in bucket):
        bucket.append(entity)


def pick(candidates: Iterable[Entity], kind: str | None, ctx: set[int]) -> Entity | None:
    """The one candidate of ``kind``; among several, the one in the context ``ctx`` (ids); else None."""
    found = [e for e in candidates if kind is None or e.kind == kind]
    if len(found) > 1:
        found = [e for e in found if id(e) in ctx]
    return found[0] if len(found) == 1 else None


class NameIndex:
    """Entities by path, by match key, by sorted word keys and by family name; surface keys for texts."""

    def __init__(self) -> None:
        self.by_path: dict[str, Entity] = {}
        self.by_key: dict[str, list[Entity]] = defaultdict(list)
        self.by_tokens: dict[str, list[Entity]] = defaultdict(list)
        self.by_family: dict[str, list[Entity]] = defaultdict(list)
        self.person: dict[int, PersonKeys] = {}
        self.given: set[str] = set()  # folded given names of catalogue headings ("Family, Given")
        self._indexed: dict[int, set[str]] = defaultdict(set)
        # the mention index, kept up to date as forms are added (never rebuilt)
        self.surface: dict[str, list[Entity]] = defaultdict(list)  # folded key of a form -> entities
        self.lone: dict[str, list[Entity]] = defaultdict(list)  # one-word person forms
        self.first: dict[str, int] = {}  # folded first word -> most words in a form starting with it
        self.caps: dict[str, bool] = {}  # folded key -> every form with it is a short ALL-CAPS acronym

    def add(self, entity: Entity) -> Entity:
        """Add an entity (e.g. from the authority file); its path must be new."""
        if entity.kind not in KINDS:
            raise ValueError(f"unknown kind {entity.kind!r}")
        if entity.path in self.by_path:
            raise ValueError(f"duplicate entity path {entity.path!r}")
        self.by_path[entity.path] = entity
        if entity.kind == "person":
            self.person[id(entity)] = PersonKeys()
        self.index(entity, entity.forms)
        return entity

    def index(self, entity: Entity, forms: Iterable[str]) -> None:
        """Index new ``forms`` of a known ``entity`` (forms indexed before are skipped)."""
        done = self._indexed[id(entity)]
        for form in forms:
            if form in done:
                continue
            done.add(form)
            for part in expand(form):
                self._index_surface(entity, part)
                if entity.kind == "person" and len([w for w in words(part) if len(w) > 1]) == 1:
                    continue  # a lone surname: found through the family index, which knows ambiguity
                put(self.by_key[match_key(part)], entity)
                keys = token_keys(part)
                if len(keys) >= 2 and entity.kind == "person":
                    put(self.by_tokens[" ".join(sorted(keys))], entity)
            if entity.kind == "person":
                self._index_person(entity, form)

    def _index_surface(self, entity: Entity, part: str) -> None:
        toks = [k for k in (fold_token(w) for w in words(part)) if k]
        if not toks:
            return
        key = "".join(toks)
        if entity.kind == "person" and len(toks) == 1:
            put(self.lone[key], entity)  # matched through the family index (ambiguity-aware)
            return
        put(self.surface[key], entity)
        self.first[toks[0]] = max(self.first.get(toks[0], 0), len(toks))
        self.caps[key] = self.caps.get(key, True) and len(key) <= 5 and not any(c.islower() for c in part)

    def _index_person(self, entity: Entity, form: str) -> None:
        info = self.person[id(entity)]
        for part in expand(form):
            names = [w for w in part.split() if len("".join(words(w))) > 1]
            if names and not is_inverted(part) and not _family_first(names):
                info.western.append(frozenset(k for w in names for k in token_keys(w)))
        main = split_forms(form)[0]
        family, given = "", ""
        if is_inverted(main):
            family, given = (p.strip() for p in main.split(",", 1))
            self.given.update(fold_token(w) for w in words(given) if len(w) > 1)
        else:
            names = [w for w in main.split() if len("".join(words(w))) > 1 and w.lower().strip(".,") not in SUFFIXES]
            if len(names) == 1:
                family = names[0]
                given = " ".join(w for w in words(main) if len(w) == 1)  # "Petrenko I.M.": his initials
            elif names and form == entity.label:
                first = _family_first(names)
                if first or not self.given_last(names):  # else either word may be the family name: neither
                    family = names[0] if first else names[-1]  # is found alone ("Ödön" of "Bartal Ödön")
                    given = " ".join(names[1:] if first else names[:-1])
        fkey = "".join(token_keys(family))
        if fkey and not is_generic(family):  # "People" of a bad heading is no family name to find in texts
            info.family.add(fkey)
            put(self.by_family[fkey], entity)
        info.initials.update(strip_marks(w).lower()[:1] for w in words(given))

    def given_last(self, names: list[str]) -> bool:
        """Whether a two-word name may be written family-first (Hungarian "Bartal Ödön"): its last word is a
        given name a catalogue heading has ("Kemény, Ödön"), its first word is none. A given name can also be
        a family name ("Paul Thomas"), so this is doubt, not proof: such a name's words are not found alone.

        >>> ix = NameIndex()
        >>> _ = ix.add(Entity("person", "kemeny", "Kemény, Ödön", "und", set(), ""))
        >>> ix.given_last(["Bartal", "Ödön"]), ix.given_last(["Ödön", "Bartal"]), ix.given_last(["Kemény", "Ede"])
        (True, False, False)
        """
        if len(names) != 2:
            return False
        first, last = (fold_token(w) for w in names)
        return last in self.given and first not in self.given

    def lookup(self, form: str, kind: str | None = None, ctx: set[int] | frozenset[int] = frozenset()) -> Entity | None:
        """The known entity for one cleaned form (no brackets), or None; ``ctx`` holds ids of entities in context."""
        key = match_key(form)
        if not key:
            return None
        if hit := pick(self.by_key.get(key, ()), kind, ctx):
            return hit
        pairs = [(w, fold_token(w)) for w in words(form)]
        keys = [k for _, k in pairs if k]
        if kind not in (None, "person"):
            return None
        if len(keys) >= 2 and (hit := pick(self.by_tokens.get(" ".join(sorted(keys)), ()), "person", ctx)):
            return hit
        names = [k for w, k in pairs if len(w) > 1 and k]
        initials = [strip_marks(w).lower()[:1] for w, _ in pairs if len(w) == 1]
        if len(names) == 1:
            family = self.by_family.get(names[0], ())
            cands = [e for e in family  # every initial written must be one of his ("Kim I.M." is not Kim Il Sung)
                     if not initials or not self.person[id(e)].initials or set(initials) <= self.person[id(e)].initials]
            if not cands and initials:  # "J. Orlov" for "Yuri Orlov": one Cyrillic letter romanised two ways,
                cands = [e for e in family if id(e) in ctx  # taken only where the record names him already
                         and any(frozenset((initials[0], k)) in SAME_INITIAL for k in self.person[id(e)].initials)]
            return pick(cands, "person", ctx)
        if len(names) >= 2:
            query = frozenset(names)
            cands = {id(e): e for n in names for e in self.by_family.get(n, ())}.values()
            return pick([e for e in cands if query & self.person[id(e)].family
                         and any(query <= ts for ts in self.person[id(e)].western)], "person", ctx)
        return None
