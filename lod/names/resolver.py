"""Resolve every spelling of a name to one :class:`Entity`, and find known names in body texts.

>>> r = Resolver()
>>> r.register([("Nehru, Jawaharlal", "person"), ("Kohl, Helmut", "person")])
>>> r.resolve("Jawaharlal .Nehru").path, r.resolve("Helmut Kohl") is r.resolve("KOHL")
('person/jawaharlal-nehru', True)
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from os import PathLike

from lod.names.authority import Entity, load_authority
from lod.slug import slug
from lod.names.normalise import (
    EAST_ASIAN_SURNAMES as COMMON_SURNAMES, KINDS, clean, display_case, family_first, fold_token, guess_kind, is_generic, is_inverted, is_office, is_title_only,
    match_key, not_a_person, split_forms, strip_marks, token_keys, uninvert, words,
)


@dataclass(frozen=True)
class Mention:
    """A span of a body text naming a known entity; ``text[start:end] == surface``."""

    entity_path: str
    start: int
    end: int
    surface: str


@dataclass
class _Person:
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


def _preferred(main: str, found: list[tuple[str, str]]) -> str:
    """The real name: the main form, unless a square-bracketed form is not a romanisation of it."""
    brackets = [v for v, how in found if how == "bracket"]
    if brackets and main and (is_title_only(main) or not near(main, brackets[0])
                              and not set(token_keys(main)) & set(token_keys(brackets[0]))):
        return brackets[0]
    return main or (found[0][0] if found else "")


def _label_rank(form: str, had_alternatives: bool) -> tuple[int, int, int, int, int, str]:
    """Catalogue headings first, then the chosen form of a ``Name [Alt]`` pair, mixed case, more words."""
    label = display_case(uninvert(form))
    return (0 if is_inverted(form) else 1, 0 if had_alternatives else 1, 0 if any(c.islower() for c in form) else 1,
            -len(words(form)), 0 if strip_marks(form) != form else 1, label)


_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))
_GAP_CHARS = frozenset(" \t\r\n.-‐‑'’,&")
_TOKEN = re.compile(r"[^\W_]+")
_BRACKET = re.compile(r"\[([^\[\]\n]{2,60})\]")
_BEFORE = re.compile(r"((?:[^\W\d_][\w'’\-]*[ \t]+){0,4}[^\W\d_][\w'’\-]*)[ \t]*$")


class Resolver:
    """Maps spellings to entities; mints new entities (deterministic keys) for unknown names."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._by_path: dict[str, Entity] = {}
        self._by_key: dict[str, list[Entity]] = defaultdict(list)
        self._by_tokens: dict[str, list[Entity]] = defaultdict(list)
        self._by_family: dict[str, list[Entity]] = defaultdict(list)
        self._person: dict[int, _Person] = {}
        self._indexed: dict[int, set[str]] = defaultdict(set)
        # the mention index, kept up to date as forms are added (never rebuilt)
        self._surface: dict[str, list[Entity]] = defaultdict(list)  # folded key of a form -> entities
        self._lone: dict[str, list[Entity]] = defaultdict(list)  # one-word person forms
        self._first: dict[str, int] = {}  # folded first word -> most words in a form starting with it
        self._caps: dict[str, bool] = {}  # folded key -> every form with it is a short ALL-CAPS acronym
        for entity in entities:
            self.add(entity)

    @classmethod
    def from_file(cls, path: str | PathLike[str]) -> Resolver:
        """A resolver loaded with an authority TSV."""
        return cls(load_authority(path))

    @property
    def entities(self) -> list[Entity]:
        """All known entities, sorted by path."""
        return [self._by_path[p] for p in sorted(self._by_path)]

    def get(self, path: str) -> Entity | None:
        """The entity with this ``kind/key`` path, if any."""
        return self._by_path.get(path)

    def __len__(self) -> int:
        return len(self._by_path)

    # ------------------------------------------------------------------ indexing

    def add(self, entity: Entity) -> Entity:
        """Add an entity (e.g. from the authority file); its path must be new."""
        if entity.kind not in KINDS:
            raise ValueError(f"unknown kind {entity.kind!r}")
        if entity.path in self._by_path:
            raise ValueError(f"duplicate entity path {entity.path!r}")
        self._by_path[entity.path] = entity
        if entity.kind == "person":
            self._person[id(entity)] = _Person()
        self._index(entity, entity.forms)
        return entity

    def _index(self, entity: Entity, forms: Iterable[str]) -> None:
        done = self._indexed[id(entity)]
        for form in forms:
            if form in done:
                continue
            done.add(form)
            for part in expand(form):
                self._index_surface(entity, part)
                if entity.kind == "person" and len([w for w in words(part) if len(w) > 1]) == 1:
                    continue  # a lone surname: found through the family index, which knows ambiguity
                self._put(self._by_key[match_key(part)], entity)
                keys = token_keys(part)
                if len(keys) >= 2 and entity.kind == "person":
                    self._put(self._by_tokens[" ".join(sorted(keys))], entity)
            if entity.kind == "person":
                self._index_person(entity, form)

    def _index_surface(self, entity: Entity, part: str) -> None:
        toks = [k for k in (fold_token(w) for w in words(part)) if k]
        if not toks:
            return
        key = "".join(toks)
        if entity.kind == "person" and len(toks) == 1:
            self._put(self._lone[key], entity)  # matched through the family index (ambiguity-aware)
            return
        self._put(self._surface[key], entity)
        self._first[toks[0]] = max(self._first.get(toks[0], 0), len(toks))
        self._caps[key] = self._caps.get(key, True) and len(key) <= 5 and not any(c.islower() for c in part)

    def _index_person(self, entity: Entity, form: str) -> None:
        info = self._person[id(entity)]
        for part in expand(form):
            names = [w for w in part.split() if len("".join(words(w))) > 1]
            if names and not is_inverted(part) and not family_first(names[0], " ".join(names[1:])):
                info.western.append(frozenset(k for w in names for k in token_keys(w)))
        main = split_forms(form)[0]
        family, given = "", ""
        if is_inverted(main):
            family, given = (p.strip() for p in main.split(",", 1))
        else:
            names = [w for w in main.split() if len("".join(words(w))) > 1 and w.lower().strip(".,") not in _SUFFIXES]
            if len(names) == 1:
                family = names[0]
            elif names and form == entity.label:
                first = family_first(names[0], " ".join(names[1:]))
                family = names[0] if first else names[-1]
                given = " ".join(names[1:] if first else names[:-1])
        fkey = "".join(token_keys(family))
        if fkey and not is_generic(family):  # "People" of a bad heading is no family name to find in texts
            info.family.add(fkey)
            self._put(self._by_family[fkey], entity)
        info.initials.update(strip_marks(w).lower()[:1] for w in words(given))

    @staticmethod
    def _put(bucket: list[Entity], entity: Entity) -> None:
        if not any(e is entity for e in bucket):
            bucket.append(entity)

    # ------------------------------------------------------------------ lookup

    @staticmethod
    def _pick(candidates: Iterable[Entity], kind: str | None, ctx: set[int]) -> Entity | None:
        found = [e for e in candidates if kind is None or e.kind == kind]
        if len(found) > 1:
            found = [e for e in found if id(e) in ctx]
        return found[0] if len(found) == 1 else None

    def lookup(self, name: str, kind_hint: str | None = None, context: Iterable[Entity] = ()) -> Entity | None:
        """The known entity for one form (no brackets), or None; never mints."""
        return self._lookup(clean(name), kind_hint, {id(e) for e in context})

    def _lookup(self, form: str, kind: str | None, ctx: set[int]) -> Entity | None:
        key = match_key(form)
        if not key:
            return None
        if hit := self._pick(self._by_key.get(key, ()), kind, ctx):
            return hit
        pairs = [(w, fold_token(w)) for w in words(form)]
        keys = [k for _, k in pairs if k]
        if kind not in (None, "person"):
            return None
        if len(keys) >= 2 and (hit := self._pick(self._by_tokens.get(" ".join(sorted(keys)), ()), "person", ctx)):
            return hit
        names = [k for w, k in pairs if len(w) > 1 and k]
        initials = [strip_marks(w).lower()[:1] for w, _ in pairs if len(w) == 1]
        if len(names) == 1:
            cands = [e for e in self._by_family.get(names[0], ())
                     if not initials or not self._person[id(e)].initials or initials[0] in self._person[id(e)].initials]
            return self._pick(cands, "person", ctx)
        if len(names) >= 2:
            query = frozenset(names)
            cands = {id(e): e for n in names for e in self._by_family.get(n, ())}.values()
            return self._pick([e for e in cands if query & self._person[id(e)].family
                               and any(query <= ts for ts in self._person[id(e)].western)], "person", ctx)
        return None

    # ------------------------------------------------------------------ resolve / mint

    def resolve(self, name: str, kind_hint: str | None = None, context: Iterable[Entity] = ()) -> Entity:
        """The entity for any spelling of ``name``, minting one if unknown.

        Raises ValueError for a name with no letters or digits (empty, whitespace, punctuation),
        for an unknown title-only name ("The Chancellor": never minted) and for an unknown
        ``kind_hint``. Every spelling seen (cleaned, bracket parts split) is added to the variants.
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
        entity = next((e for p in parts if (e := self._lookup(p, kind_hint, ctx))), None)
        if entity is None:
            guess = guess_kind(name)
            kind = kind_hint or (guess if guess in KINDS else "person")
            reasons = [not_a_person(p) if kind == "person" else "only a title, not a name" * is_title_only(p)
                       or "an office, not a name" * (kind_hint is None and is_office(p)) for p in [preferred, *parts]]
            form = next((p for p, why in zip([preferred, *parts], reasons) if p and not why), None)
            if form is None:
                raise ValueError(f"{next(filter(None, reasons), 'not a name')}: {name!r}")
            entity = self._mint(self._without_place(form) if kind == "person" else form, kind)
        self._learn(entity, parts)
        return entity

    def _without_place(self, form: str) -> str:
        """A person's name less a place the resolver knows written before it ("Cuba Aleksandr Alekseev", left by
        "Soviet Ambassador to Cuba Aleksandr Alekseev"): a name does not begin with a country."""
        head, _, rest = form.partition(" ")
        if len(rest.split()) >= 2 and rest[:1].isupper() and not is_inverted(form):
            place = self._pick(self._by_key.get(match_key(head), ()), "place", set())
            if place is not None:
                return rest
        return form

    def _learn(self, entity: Entity, forms: Iterable[str]) -> None:
        new = [f for f in forms if f and f != entity.label and f not in entity.variants and not is_title_only(f)]
        entity.variants.update(new)
        self._index(entity, new)

    def _mint(self, form: str, kind: str) -> Entity:
        label = display_case(uninvert(form))
        base = slug(label)
        key, n = base, 1
        while (same := self._by_path.get(f"{kind}/{key}")) is not None:
            if same.label == label:
                return same  # the name minted before (it was ambiguous, not new)
            suffix = hashlib.sha1(label.encode("utf-8")).hexdigest()[:6]
            key = f"{base}-{suffix}" if n == 1 else f"{base}-{suffix}-{n}"
            n += 1
        return self.add(Entity(kind, key, label, "und", set(), ""))

    def register(self, names: Iterable[tuple[str, str | None]]) -> None:
        """Add a batch of structured names ``(name, kind_hint)`` deterministically.

        The batch is de-duplicated and sorted, matched against the entities known before the
        call, clustered (same match key, same words in any order, bracketed alternatives, a lone
        surname or partial Western name of exactly one fuller name), and one entity minted per
        new cluster — so the keys do not depend on the order of the batch. Names without letters
        and unknown title-only names are skipped.
        """
        items = sorted({(n.strip(), h) for n, h in names if isinstance(n, str) and match_key(n)},
                       key=lambda x: (x[0], x[1] or ""))
        parsed = []
        for raw, hint in items:
            if hint is not None and hint not in KINDS:
                raise ValueError(f"unknown kind {hint!r}")
            main, found = split_forms(raw)
            pref = _preferred(main, found)
            parts = [p for p in dict.fromkeys([pref, main, *(v for v, _ in found)]) if p and match_key(p)]
            guess = guess_kind(raw)
            kind = hint or (guess if guess in KINDS else None)
            known = next((e for p in parts if (e := self._lookup(p, kind, set()))), None)
            if known is None and hint is None and is_office(pref):
                continue  # "Deputy Chairman of the Council of Ministers": a position, neither a person nor a body
            if known is None and kind in (None, "person"):
                if not_a_person(pref):
                    continue  # an office, a title or generic words: a position or a topic, never a person
                pref = self._without_place(pref)
                parts = [p for p in dict.fromkeys([pref, *parts]) if not not_a_person(p)]
            parsed.append((pref, parts, kind, known, bool(found)))
        parent = list(range(len(parsed)))
        kinds = [item[2] for item in parsed]

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            a, b = sorted((find(i), find(j)))
            if a != b and (kinds[a] is None or kinds[b] is None or kinds[a] == kinds[b]):
                parent[b] = a
                kinds[a] = kinds[a] or kinds[b]

        first: dict[tuple[str, str], int] = {}
        for i, (_, parts, kind, known, _) in enumerate(parsed):
            keys = [("e", known.path)] if known else []
            for p in parts:
                keys.append(("k", match_key(p)))
                if kind in (None, "person") and len(tk := token_keys(p)) >= 2:
                    keys.append(("t", " ".join(sorted(tk))))
            for k in keys:
                union(first.setdefault(k, i), i)
        self._merge_partial(parsed, find, union, kinds)
        clusters: dict[int, list[int]] = defaultdict(list)
        for i in range(len(parsed)):
            clusters[find(i)].append(i)
        for root in sorted(clusters):
            members = clusters[root]
            known = sorted({parsed[i][3].path for i in members if parsed[i][3]})
            if known:
                default = self._by_path[known[0]]
            else:
                ranked = [(_label_rank(parsed[i][0], parsed[i][4]), parsed[i][0]) for i in members
                          if not is_title_only(parsed[i][0])]
                if not ranked:
                    continue  # only titles ("The Chancellor"): nothing to mint
                default = self._mint(min(ranked)[1], kinds[root] or "person")
            for i in members:
                self._learn(parsed[i][3] or default, parsed[i][1])

    @staticmethod
    def _merge_partial(parsed: list[tuple], find: Callable[[int], int], union: Callable[[int, int], None],
                       kinds: list[str | None]) -> None:
        """Join a cluster of partial Western names ("Anthony Blair", a lone "Blair") to the one
        person cluster with a strictly fuller form sharing its family name; fuller partials first."""
        parts: dict[int, list[tuple[str, frozenset[str], bool]]] = defaultdict(list)
        for i, item in enumerate(parsed):
            for p in item[1]:
                core = [w for w in p.replace(",", " ").split() if len("".join(words(w))) > 1]
                if not core:
                    continue
                if is_inverted(p):
                    family, given = p.split(",", 1)
                    western = not family_first(family, given)
                else:
                    first = len(core) > 1 and family_first(core[0], " ".join(core[1:]))
                    family, western = (core[0] if first or len(core) == 1 else core[-1]), not first
                toks = frozenset(k for w in core for k in token_keys(w))
                parts[i].append(("".join(token_keys(family)), toks, western))
        known = {find(i) for i, item in enumerate(parsed) if item[3]}
        for lone_pass in (False, True):
            clusters: dict[int, list[tuple[str, frozenset[str], bool]]] = defaultdict(list)
            for i in sorted(parts):
                clusters[find(i)] += parts[i]
            # clusters by the family keys of their parts: a root is compared with the clusters sharing one of
            # its tokens as a family name, not with every cluster (quadratic in the collection's names)
            by_family: dict[str, list[tuple[int, frozenset[str], bool]]] = defaultdict(list)
            for r, other in clusters.items():
                for f, t, w in other:
                    by_family[f].append((r, t, w))
            for root in sorted(clusters):
                own = clusters[root]
                union_toks = frozenset().union(*(t for _, t, _ in own))
                if (find(root) in known or kinds[find(root)] not in (None, "person") or not all(w for *_, w in own)
                        or (len(union_toks) == 1) != lone_pass):
                    continue
                targets = {find(r) for tok in union_toks for r, t, w in by_family.get(tok, ())
                           if kinds[find(r)] in (None, "person") and (w or lone_pass) and union_toks < t} - {find(root)}
                if len(targets) == 1:
                    union(root, targets.pop())

    # ------------------------------------------------------------------ mentions

    def _learn_brackets(self, text: str, context: Iterable[Entity]) -> None:
        for form in bracket_forms(text):
            self.resolve(form, "person", context)

    def learn_brackets(self, forms: Iterable[str]) -> None:
        """Resolve person forms a text proposes (``Name [Alt]`` pairs, names after a title: see
        :func:`lod.names.discover.person_forms`) as persons; an ingest collects them in its first pass and
        applies them in record order, so that mapping reads a settled resolver. A form that names a known
        place or body, or that cannot be a person's name (:func:`not_a_person`), is left alone."""
        for form in forms:
            known = self.lookup(split_forms(form)[0])
            if (known is None or known.kind == "person") and not not_a_person(clean(form)):
                self.resolve(form, "person")

    def find_mentions(self, text: str, kinds: Iterable[str] = KINDS, context: Iterable[Entity] = (),
                      learn: bool = True) -> list[Mention]:
        """Known names in ``text`` (longest first, non-overlapping, word boundaries, offsets into ``text``).

        Matching is by folded word keys, so case, diacritics, hyphen/space, letter-spacing
        ("S H T Y K O V") and the transliteration folds of :func:`match_key` are tolerated. A
        match must start with a capital (or digit); all-caps acronyms must be all caps in the text.
        Unambiguous family names of 4+ letters also match. With ``learn``, unknown
        ``Name [Alt Romanisation]`` pairs are first resolved as persons (see :meth:`resolve`).
        """
        kinds = tuple(kinds)
        if learn and "person" in kinds:
            self._learn_brackets(text, context)
        tokens = self._tokens(text)
        out: list[Mention] = []
        i, n = 0, len(tokens)
        while i < n:
            start, end, word = tokens[i]
            key0 = fold_token(word)
            if not (word[0].isupper() or word[0].isdigit()) or (key0 not in self._first and key0 not in self._by_family):
                i += 1
                continue
            keys, j = [key0], i
            limit = self._first.get(key0, 1)
            while len(keys) < limit and j + 1 < n and self._gap_ok(text[tokens[j][1]:tokens[j + 1][0]]):
                j += 1
                keys.append(fold_token(tokens[j][2]))
            hit = None
            for length in range(len(keys), 0, -1):
                key = "".join(keys[:length])
                ents = [e for e in self._surface.get(key, ()) if e.kind in kinds]
                stop = tokens[i + length - 1][1]
                if not ents and length == 1 and "person" in kinds:
                    family = self._by_family.get(key, ())
                    half = text[stop:stop + 1] in ("-", "‐", "‑") or text[max(0, start - 1):start] in ("-", "‐", "‑")
                    lone = len(family) == 1 and any(e is family[0] for e in self._lone.get(key, ()))
                    # a surname millions share ("Wang", "Kim") names one person alone only where the data
                    # says he is called by it: the family name being unique in the collection is no evidence
                    if len(family) == 1 and not half and (lone or (len(key) >= 4 and key not in COMMON_SURNAMES)):
                        ents = list(family)
                stop = tokens[i + length - 1][1]
                if len(ents) == 1 and not (self._caps.get(key) and any(c.islower() for c in text[start:stop])):
                    hit = (length, ents[0], stop)
                    break
            if hit:
                first = self._given_before(text, tokens, i, hit[1]) if hit[0] == 1 else i
                begin = tokens[first][0]
                if out and first < i and out[-1].end > begin:  # never overlap the previous mention
                    begin, first = start, i
                out.append(Mention(hit[1].path, begin, hit[2], text[begin:hit[2]]))
                i += hit[0]
            else:
                i += 1
        return out

    def _given_before(self, text: str, tokens: list[tuple[int, int, str]], i: int, entity: Entity) -> int:
        """Index of the first token of the initials or given names written before a family name that matched
        alone ("Thomas J. Kieran", "A. PUZANOV"): initials the person is known by, given names that occur in
        the person's known forms; anything else (a title: "Ambassador Puzanov") stops the extension."""
        info = self._person.get(id(entity))
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

    @staticmethod
    def _gap_ok(gap: str) -> bool:
        return 0 < len(gap) <= 4 and gap.count("\n") <= 1 and all(c in _GAP_CHARS for c in gap)

    @staticmethod
    def _tokens(text: str) -> list[tuple[int, int, str]]:
        """Word tokens with offsets; runs of 3+ single letters spaced by one blank are joined."""
        raw = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
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
    them) gives the person form ``"Ri Ju-yeon [Ri Ju Yon]"``."""
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
