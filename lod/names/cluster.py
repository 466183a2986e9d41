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

from collections import defaultdict
from dataclasses import dataclass

from lod.names.authority import Entity
from lod.names.normalise import family_first, is_inverted, match_key, token_keys, words


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


def _merge_partial(items: list[Item], u: _Union) -> None:
    """Join a cluster of partial Western names ("Anthony Blair", a lone "Blair") to the one
    person cluster with a strictly fuller form sharing its family name; fuller partials first."""
    find, union, kinds = u.find, u.union, u.kinds
    parts: dict[int, list[tuple[str, frozenset[str], bool]]] = defaultdict(list)
    for i, item in enumerate(items):
        for p in item.parts:
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
    known = {find(i) for i, item in enumerate(items) if item.known}
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
