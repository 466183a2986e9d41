"""Bodies and places the texts of a collection name, proposed to the resolver once its persons are settled:
a proposal that names a known entity of another kind (a person, a body for a place) is dropped, the rest
are registered as one deterministic batch.

>>> from lod.names import Resolver
>>> r = Resolver()
>>> r.register([("Vienna Orlova", "person"), ("Orlova", "person")])
>>> sorted(named_forms("Cde. Orlova of the Finnish Embassy met them in Orlova Province and in Vienna."))
[('Embassy of Finland [Finnish Embassy]', 'organisation'), ('Orlova Province', 'place'), ('Vienna', 'place')]
>>> propose(r, named_forms("Cde. Orlova of the Finnish Embassy met them in Orlova Province and in Vienna."))
>>> r.lookup("Vienna").kind, r.lookup("Orlova").kind, r.lookup("Finnish Embassy").kind
('place', 'person', 'organisation')
"""
from __future__ import annotations

from collections.abc import Iterable

from lod.names.bodies import body_forms
from lod.names.normalise import split_forms
from lod.names.places import place_forms
from lod.names.resolver import Resolver


def named_forms(*texts: str | None) -> set[tuple[str, str]]:
    """``(form, kind)`` for every body and place form the texts propose."""
    out: set[tuple[str, str]] = set()
    for text in texts:
        if text:
            out.update((f, "organisation") for f in body_forms(text))
            out.update((f, "place") for f in place_forms(text))
    return out


def propose(resolver: Resolver, proposals: Iterable[tuple[str, str]]) -> None:
    """Register the proposals that name no known entity of another kind (see the module's doc)."""
    kept = []
    for form, kind in sorted(proposals):
        parts = [p for p in (split_forms(form)[0], *(v for v, _ in split_forms(form)[1])) if p]
        if any((e := resolver.lookup(p)) is not None and e.kind != kind for p in parts):
            continue
        kept.append((form, kind))
    resolver.register(kept)
