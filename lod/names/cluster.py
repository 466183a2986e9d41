"""Cluster a batch of names into one group per entity, independent of the batch's order.

One job: decide which names of a batch are the same entity (same match key, same words in any order,
bracketed alternatives, a lone surname or partial Western name of exactly one fuller name). Minting and
learning are the resolver's.

>>> items = [Item("Tony Blair", ["Tony Blair"], "person"), Item("Blair", ["Blair"], None),
...          Item("Blair, Tony", ["Blair, Tony"], "person"), Item("Kohl", ["Kohl"], None)]
>>> cluster(items)
([[0, 1, 2], [3]], ['person', None])
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from lod.names.authority import Entity
from lod.names.index import SAME_INITIAL
from lod.names.normalise import is_inverted, match_key, strip_marks, token_keys, words
from lod.names.name_order import family_first, hungarian_order


@dataclass
class Item:
    """One name of a batch: the preferred form, every form to learn, the kind, the entity it already names."""

    pref: str
    parts: list[str]
    kind: str | None
    known: Entity | None = None
    had_alternatives: bool = False


class _Union:
    """Union-find over item indices; a union never joins two different known kinds."""

    def __init__(self, kinds: list[str | None]) -> None:
        self.parent = list(range(len(kinds)))
        self.kinds = list(kinds)

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = sorted((self.find(i), self.find(j)))
        kinds = self.kinds
        if a != b and (kinds[a] is None or kinds[b] is None or kinds[a] == kinds[b]):
            self.parent[b] = a
            kinds[a] = kinds[a] or kinds[b]


def cluster(items: list[Item]) -> tuple[list[list[int]], list[str | None]]:
    """The clusters (item indices, sorted by their first member) and the kind each cluster settled on."""
    u = _Union([item.kind for item in items])
    first: dict[tuple[str, str], int] = {}
    for i, item in enumerate(items):
        keys = [("e", item.known.path)] if item.known else []
        for p in item.parts:
            keys.append(("k", match_key(p)))
            if item.kind in (None, "person") and len(tk := token_keys(p)) >= 2:
                keys.append(("t", " ".join(sorted(tk))))
        for k in keys:
            u.union(first.setdefault(k, i), i)
    _merge_partial(items, u)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[u.find(i)].append(i)
    roots = sorted(groups)
    return [groups[r] for r in roots], [u.kinds[r] for r in roots]


_INITIALS = re.compile(r"(?:[^\W\d_][a-z]?\.)+")  # "J.B.", "A.Ia.", "Yu." (a word of initials only)


def _covers(full: frozenset[str], letters: frozenset[str], own_full: frozenset[str], own_letters: frozenset[str]) -> bool:
    """True when a fuller name (``full`` words, ``letters`` initials) says all that a partial one says, and
    more: each word of the partial one is among its words, each initial is the first letter of one of its
    words or one of its initials (or the other romanisation of that Cyrillic letter: "J." for "Yuri"), but
    for initials beyond the names it has.

    >>> _covers(frozenset({"josip", "broz", "tito"}), frozenset(), frozenset({"tito"}), frozenset({"j", "b"}))
    True
    >>> _covers(frozenset({"josip", "broz", "tito"}), frozenset(), frozenset({"tito"}), frozenset({"k"}))
    False
    >>> _covers(frozenset({"gorbachev"}), frozenset({"m", "s"}), frozenset({"gorbachev"}), frozenset({"m"}))
    True
    >>> _covers(frozenset({"mikhail", "gorbachev"}), frozenset(), frozenset({"gorbachev"}), frozenset({"m", "s"}))
    True
    """
    if not own_full <= full:
        return False
    given = {k[:1] for k in full - own_full} | letters
    unmatched = [x for x in own_letters if x not in given and not any(frozenset((x, f)) in SAME_INITIAL for f in given)]
    # an initial beyond the names it knows is a middle name or patronymic it lacks ("M. S." for "Mikhail")
    if len(unmatched) > max(0, len(own_letters) - len(full - own_full) - len(letters)):
        return False
    return own_full < full or own_letters < letters


def _merge_partial(items: list[Item], u: _Union) -> None:
    """Join a cluster of partial Western names ("Anthony Blair", "M. Blair", a lone "Blair") to the one
    person cluster with a strictly fuller form sharing its family name whose initials agree; fuller first."""
    find, union, kinds = u.find, u.union, u.kinds
    parts: dict[int, list[tuple[str, frozenset[str], frozenset[str], bool]]] = defaultdict(list)
    for i, item in enumerate(items):
        for p in item.parts:
            split = p.replace(",", " ").split()
            core = [w for w in split if len("".join(words(w))) > 1 and not _INITIALS.fullmatch(w)]
            if not core:
                continue
            letters = frozenset(strip_marks(x).lower()[:1] for w in split if w not in core for x in words(w))
            if is_inverted(p):
                family, given = p.split(",", 1)
                western = not family_first(family, given)
            else:
                first = len(core) > 1 and (family_first(core[0], " ".join(core[1:]))
                                           or len(core) == 2 and hungarian_order(*core))
                family, western = (core[0] if first or len(core) == 1 else core[-1]), not first
            toks = frozenset(k for w in core for k in token_keys(w))
            parts[i].append(("".join(token_keys(family)), toks, letters, western))
    known = {find(i) for i, item in enumerate(items) if item.known}
    for lone_pass in (False, True):
        clusters: dict[int, list[tuple[str, frozenset[str], frozenset[str], bool]]] = defaultdict(list)
        for i in sorted(parts):
            clusters[find(i)] += parts[i]
        # clusters by the family keys of their parts: a root is compared with the clusters sharing one of
        # its tokens as a family name, not with every cluster (quadratic in the collection's names)
        by_family: dict[str, set[int]] = defaultdict(set)
        for r, other in clusters.items():
            for f, *_ in other:
                by_family[f].add(r)

        # what each cluster's names say: their words and their initials (fixed for the pass: ``clusters`` is)
        said = {r: (frozenset().union(*(t for _, t, _, _ in own)), frozenset().union(*(x for _, _, x, _ in own)))
                for r, own in clusters.items()}
        # the partial names that say more first, so that "M. Blair" joins "M. S. Blair" before a lone "Blair" looks
        for root in sorted(clusters, key=lambda r: (-len(said[r][0]), -len(said[r][1]), r)):
            own_full, own_letters = said[root]
            if (find(root) in known or kinds[find(root)] not in (None, "person")
                    or not all(w for *_, w in clusters[root])
                    or (len(own_full) == 1) != lone_pass):
                continue
            targets = set()
            for tok in own_full:
                for r in by_family.get(tok, ()):
                    t = find(r)
                    if t == find(root) or kinds[t] not in (None, "person") or t in targets:
                        continue
                    members = [x for x in by_family[tok] if find(x) == t]  # its names of this family
                    western = all(w for x in members for *_, w in clusters[x])
                    full = frozenset().union(*(said[x][0] for x in members))
                    letters = frozenset().union(*(said[x][1] for x in members))
                    if (western or lone_pass) and _covers(full, letters, own_full, own_letters):
                        targets.add(t)
            if len(targets) == 1:
                union(root, targets.pop())
