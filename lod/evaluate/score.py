"""Score extracted records against gold, exactly as the dev set's README defines it.

Records are found by title; fields compare by exact match after :func:`norm` (``summary_starts`` as a
prefix; archive units as a multiset of values); persons, organisations and places are matched per file: an
extracted entity is correct when it has the right kind and one of its forms equals a form of a gold entity
of that kind that no earlier extracted entity has matched.

>>> from lod.evaluate.gold import GoldEntity
>>> gold = [GoldEntity("person", "Kim Il Sung", ("Kim Il Sung", "Comrade Kim Il Sung"), "participant")]
>>> ours = [ExtractedEntity("x:kim", "person", ["kim il sung"]), ExtractedEntity("x:kim2", "person", ["Kim Il Sung"])]
>>> m = match_entities(ours, gold)
>>> [(e.iri, g.name) for e, g in m.matched], [e.iri for e in m.spurious], m.missed
([('x:kim', 'Kim Il Sung')], ['x:kim2'], [])
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lod.evaluate.extracted import ExtractedEntity, ExtractedRecord
from lod.evaluate.gold import ENTITY_LISTS, GOLD_ROLES, GoldEntity, GoldRecord, norm

FIELDS = ("title", "date", "record_id", "citation", "summary_starts", "archive_units")
#: our relation kinds (lod.mapping.relations.ROLE_CLASSES) as gold roles; credits in a citation are "mentioned"
GOLD_ROLE = {"sender": "sender", "addressee": "addressee", "author": "author", "participant": "participant",
             "mentioned": "mentioned", "contributor": "mentioned", "translator": "mentioned"}


@dataclass
class Ratio:
    """``right`` of ``total``, shown as ``0.74 (73/98)``.

    >>> str(Ratio(73, 98)), str(Ratio(0, 0))
    ('0.74 (73/98)', '— (0/0)')
    """

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None

    def __str__(self) -> str:
        return f"{self.value:.2f} ({self.right}/{self.total})" if self.total else f"— (0/{self.total})"


@dataclass
class Matching:
    """The outcome of matching one file's extracted entities of one kind against its gold entities."""

    matched: list[tuple[ExtractedEntity, GoldEntity]] = field(default_factory=list)
    spurious: list[ExtractedEntity] = field(default_factory=list)
    missed: list[GoldEntity] = field(default_factory=list)


@dataclass
class FileScore:
    """One gold record's outcome: the record found for its file (if any), each field, each kind."""

    file: str
    gold: GoldRecord
    record: ExtractedRecord | None
    found: bool
    fields: dict[str, bool]
    entities: dict[str, Matching]
    not_entities: list[tuple[ExtractedEntity, str]]  # extracted persons/places that are a not-entity string
    rejected: str | None = None  # why the ingest rejected the file, when it did


@dataclass
class Scores:
    """Every file's outcome and the sums over files."""

    files: list[FileScore]

    @property
    def found(self) -> Ratio:
        return Ratio(sum(f.found for f in self.files), len(self.files))

    def field(self, name: str) -> Ratio:
        return Ratio(sum(f.fields[name] for f in self.files), len(self.files))

    def precision(self, kind: str) -> Ratio:
        m = [f.entities[kind] for f in self.files]
        return Ratio(sum(len(x.matched) for x in m), sum(len(x.matched) + len(x.spurious) for x in m))

    def recall(self, kind: str) -> Ratio:
        m = [f.entities[kind] for f in self.files]
        return Ratio(sum(len(x.matched) for x in m), sum(len(x.matched) + len(x.missed) for x in m))

    def f1(self, kind: str) -> float | None:
        p, r = self.precision(kind).value, self.recall(kind).value
        return None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def roles(self) -> Ratio:
        pairs = [(e, g) for f in self.files for e, g in f.entities["person"].matched]
        return Ratio(sum(our_gold_role(e.roles) == g.role for e, g in pairs), len(pairs))

    def not_entities(self, kind: str) -> int:
        return sum(1 for f in self.files for e, _ in f.not_entities if e.kind == kind)


def our_gold_role(roles: set[str]) -> str | None:
    """The gold role of an entity with these of our roles in one record, first that applies.

    >>> our_gold_role({"mentioned", "sender"}), our_gold_role({"translator"}), our_gold_role(set())
    ('sender', 'mentioned', None)
    """
    mapped = {GOLD_ROLE[r] for r in roles if r in GOLD_ROLE}
    return next((r for r in GOLD_ROLES if r in mapped), None)


def match_entities(extracted: list[ExtractedEntity], gold: list[GoldEntity]) -> Matching:
    """Match in the order given: each extracted entity takes the first unmatched gold entity of its kind
    that shares a form with it (after normalisation); each gold entity is matched at most once."""
    out = Matching()
    free = list(gold)
    for e in extracted:
        forms = {norm(f) for f in e.forms}
        g = next((g for g in free if g.kind == e.kind and forms & {norm(f) for f in g.forms}), None)
        if g is None:
            out.spurious.append(e)
        else:
            free.remove(g)
            out.matched.append((e, g))
    out.missed = free
    return out


def pick_record(gold: GoldRecord, records: list[ExtractedRecord]) -> ExtractedRecord | None:
    """The record derived from the gold file: the one whose title matches, else the first; None when the file
    yielded no record."""
    mine = [r for r in records if gold.file in r.files]
    title = norm(gold.title or "")
    return next((r for r in mine if title in {norm(t) for t in r.titles}), mine[0] if mine else None)


def _same(gold: str | None, values: list[str]) -> bool:
    """Exact match after normalisation; a null gold value is right when nothing was extracted."""
    return not values if gold is None else norm(gold) in {norm(v) for v in values}


def is_record_number(identifier: str) -> bool:
    """Whether an identifier claims a WCDA record number (all digits); a minted key (a date and a title slug)
    does not."""
    return identifier.strip().isdigit()


def score_fields(gold: GoldRecord, rec: ExtractedRecord | None) -> dict[str, bool]:
    """Each field of FIELDS right or not (everything is wrong when the file yielded no record)."""
    if rec is None:
        return dict.fromkeys(FIELDS, False)
    ids = rec.identifiers if gold.record_id is not None else [i for i in rec.identifiers if is_record_number(i)]
    start = norm(gold.summary_starts or "")
    return {
        "title": _same(gold.title, rec.titles),
        "date": _same(gold.date, rec.dates),
        "record_id": _same(gold.record_id, ids),
        "citation": _same(gold.citation, rec.citations),
        "summary_starts": (not rec.summaries if gold.summary_starts is None
                           else any(norm(s).startswith(start) for s in rec.summaries)),
        "archive_units": Counter(map(norm, gold.archive_units)) == Counter(map(norm, rec.units)),
    }


def score_file(gold: GoldRecord, records: list[ExtractedRecord], rejected: str | None = None) -> FileScore:
    """One gold record against the records of its file."""
    rec = pick_record(gold, records)
    fields = score_fields(gold, rec)
    ours = sorted(rec.entities.values(), key=lambda e: e.iri) if rec else []
    matchings = {kind: match_entities([e for e in ours if e.kind == kind],
                                      [g for g in gold.entities if g.kind == kind])
                 for kind in ENTITY_LISTS.values()}
    nots = {norm(s): s for s in gold.not_entities}
    returned = [(e, nots[f]) for e in ours if e.kind in ("person", "place")
                for f in dict.fromkeys(map(norm, e.forms)) if f in nots]
    returned = list({e.iri: (e, s) for e, s in returned}.values())  # each entity counted once
    return FileScore(gold.file, gold, rec, fields["title"], fields, matchings, returned, rejected)


def score(gold: list[GoldRecord], records: list[ExtractedRecord], rejected: dict[str, str] | None = None) -> Scores:
    """Every gold record scored; ``rejected`` maps file names to the ingest's reason for rejecting them."""
    return Scores([score_file(g, records, (rejected or {}).get(g.file)) for g in gold])
