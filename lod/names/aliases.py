"""Whether the agent an EAC-CPF record describes is an entity of the curated authority file: decided once, at
ingest, so that one real person has one IRI (issue #16), and never when in doubt (a false merge is the worst
error).

An authority record's agent is the curated entity when its full names (two words or more that are not
initials: a surname alone never decides) find that one entity and no other, of its kind, and nothing
contradicts it: the years its note gives (of life, or of office: none before the record's birth, none after
its death, two years' slack) and the dates of another record already taken for it. A person or family is
taken only when there are dates on both sides to agree (a year in the note, the record's existDates): a
full name alone may be a namesake's. Otherwise the agent keeps
its own IRI. Every decision, made or refused, is told as a note for the ingest report.

>>> curated = Entity("person", "vyshinsky-andrei", "Andrei Vyshinsky", "ru-Latn", set(), "Minister 1949-1953")
>>> r = Resolver([curated])
>>> same = Described(Entity("person", "test-1", "Vyshinsky, Andrei", "und", set()), "TEST_1", 1883, 1954)
>>> other = Described(Entity("person", "test-2", "Vyshinsky, Andrei", "und", set()), "TEST_2", 1960, None)
>>> aliases = meet(r, [curated], [same, other])
>>> aliases("person", "test-1"), aliases("person", "test-2")
(('person', 'vyshinsky-andrei'), ('person', 'test-2'))
>>> aliases.notes[1][1].split(": ")[1]
"its note's year 1949 is before the record's first year 1960; it keeps its own IRI"

A second record may describe him too (another archive's), unless its dates are not the first one's:

>>> later = Described(Entity("person", "test-3", "Andrei Vyshinsky", "und", set()), "TEST_3", 1900, 1955)
>>> meet(Resolver([curated]), [curated], [later])("person", "test-3")
('person', 'vyshinsky-andrei')
>>> meet(Resolver([curated]), [curated], [same, later]).notes[1][1].split(": ")[1]
'record TEST_1, taken for it already, gives other dates; it keeps its own IRI'
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lod.names.authority import Entity
from lod.names.index import expand, near
from lod.names.normalise import is_inverted, years
from lod.names.resolver import Resolver

SLACK = 2  # years: dates of life are often known to a year or two
DATED = ("person", "family")  # kinds taken for a curated entity only when dates on both sides agree
_LIFE = re.compile(r"\((\d{4})\s*[-–]\s*(\d{4})\)")
_BORN = re.compile(r"\b(?:born|b\.)\s*(?:in\s+)?(\d{4})", re.I)
_DIED = re.compile(r"\b(?:died|d\.|executed|killed)\s*(?:in\s+)?(\d{4})", re.I)


@dataclass(frozen=True)
class Described:
    """The agent an authority record describes, as the ingest's first pass reads it: the resolver's entity,
    the record's id, and the first and last years of its existDates (birth and death of a person)."""

    entity: Entity
    record_id: str
    first: int | None = None
    last: int | None = None
    source: str = ""


@dataclass
class Aliases:
    """The authority records' agents taken for curated entities; called with an agent's ``(kind, key)`` it
    gives the ``(kind, key)`` whose IRI to use (the same when there is no alias).

    >>> Aliases()("person", "fran-np-1")
    ('person', 'fran-np-1')
    """

    to: dict[tuple[str, str], Entity] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (source, what was decided), for the report

    def __call__(self, kind: str, key: str) -> tuple[str, str]:
        e = self.to.get((kind, key))
        return (e.kind, e.key) if e is not None else (kind, key)


def full_name(form: str) -> bool:
    """Whether a form says more than a surname: two words or more that are not initials.

    >>> full_name("Vyshinsky"), full_name("A. Ya. Vyshinsky"), full_name("Vyshinsky, Andrei")
    (False, False, True)
    """
    return sum(1 for w in form.replace(",", " ").split() if not w.endswith(".") and len(w) > 1) >= 2


def note_years(note: str) -> tuple[int | None, int | None, list[int]]:
    """A curated note's years: of birth and of death when it says them, and every year it gives.

    >>> note_years("Soviet security chief; executed 1953"), note_years("Writer (1802-1885)")
    ((None, 1953, [1953]), (1802, 1885, [1802, 1885]))
    """
    life = _LIFE.search(note)
    born = _BORN.search(note)
    died = _DIED.search(note)
    first = int(life.group(1)) if life else int(born.group(1)) if born else None
    last = int(life.group(2)) if life else int(died.group(1)) if died else None
    return first, last, years(note)


def contradiction(note: str, first: int | None, last: int | None) -> str | None:
    """Why a curated entity with ``note`` cannot be the agent that existed from ``first`` to ``last``, or None.

    >>> contradiction("Soviet Minister of Foreign Affairs 1949-1953", 1883, 1954) is None
    True
    >>> contradiction("died 1951", 1890, 1960)
    "its note's death in 1951 is not the record's 1960"
    """
    born, died, written = note_years(note)
    if first is not None and born is not None and abs(first - born) > SLACK:
        return f"its note's birth in {born} is not the record's {first}"
    if last is not None and died is not None and abs(last - died) > SLACK:
        return f"its note's death in {died} is not the record's {last}"
    for year in written:
        if first is not None and year < first - SLACK:
            return f"its note's year {year} is before the record's first year {first}"
        if last is not None and year > last + SLACK:
            return f"its note's year {year} is after the record's last year {last}"
    return None


def borne_out(note: str, first: int | None, last: int | None) -> bool:
    """Whether there are dates on both sides to compare: a year in the curated note, and the record's
    existDates (a person's name alone, however full, may be a namesake's).

    >>> borne_out("Minister 1949-1953", 1883, 1954), borne_out("Soviet diplomat", 1883, 1954)
    (True, False)
    """
    return bool(note_years(note)[2]) and (first is not None or last is not None)


def _apart(d: Described, taken: Described) -> bool:
    """Whether two records' dates say two agents (births or deaths more than :data:`SLACK` years apart)."""
    return any(a is not None and b is not None and abs(a - b) > SLACK
               for a, b in ((d.first, taken.first), (d.last, taken.last)))


def shortened(form: str) -> tuple[str, list[str]] | None:
    """A catalogue heading less its middle names (a patronymic), and those names; None for another form.

    >>> shortened("Vyshinsky, Andrei Ianuar'evich"), shortened("Andrei Vyshinsky"), shortened("Kohl, H. J.")
    (('Vyshinsky, Andrei', ["Ianuar'evich"]), None, None)
    """
    if not is_inverted(form):
        return None  # "Kim Il Sung": which word is a middle name is not known
    family, given = (p.strip() for p in form.split(",", 1))
    names = given.split()
    if len(names) < 2 or not full_name(f"{family} {names[0]}") or any(w.endswith(".") for w in names):
        return None
    return f"{family}, {names[0]}", names[1:]


def _has_middle(entity: Entity, short: str, middle: list[str]) -> bool:
    """Whether each of ``middle`` is written (in some romanisation) in one of the entity's forms, beside the
    names of ``short``.

    >>> e = Entity("person", "v", "Andrei Vyshinsky", "ru", {"Vyshinsky, Andrei Yanuarievich"})
    >>> _has_middle(e, "Vyshinsky, Andrei", ["Ianuar'evich"]), _has_middle(e, "Vyshinsky, Andrei", ["Borisovich"])
    (True, False)
    """
    named = short.replace(",", " ").split()
    written = {w for form in entity.forms for w in form.replace(",", " ").split()
               if not any(near(w, n) for n in named)}
    return all(any(near(m, w) for w in written) for m in middle)


def candidate(resolver: Resolver, d: Described, curated: set[int]) -> tuple[Entity | None, str]:
    """The one curated entity the agent's full names find, or None with why (empty: no name found one). A
    heading whose patronymic is spelt otherwise ("Vyshinsky, Andrei Ianuar'evich") is also looked up without it,
    and is that entity only when one of its forms writes the same middle names."""
    found: dict[int, Entity] = {}
    for form in d.entity.forms:
        for part in expand(form):
            if not full_name(part):
                continue
            other = resolver.lookup(part)
            if other is not None and other.kind != d.entity.kind and id(other) in curated:
                return None, f"its name {part!r} is the curated {other.kind} {other.path}"
            hit = resolver.lookup(part, d.entity.kind)
            if hit is not None:
                found[id(hit)] = hit
    for form in d.entity.forms if not found else ():
        short = shortened(form)
        hit = resolver.lookup(short[0], d.entity.kind) if short else None
        if short and hit is not None:
            if not _has_middle(hit, *short):
                return None, f"{hit.path} ({hit.label}) is {short[0]!r}, but none of its names is {form!r}"
            found[id(hit)] = hit
    if len(found) > 1:
        return None, "its names fit several entities: " + ", ".join(sorted(e.path for e in found.values()))
    hit = next(iter(found.values()), None)
    if hit is not None and id(hit) not in curated:
        return None, ""  # another authority record's agent: each keeps its own
    return hit, ""


def meet(resolver: Resolver, curated: Iterable[Entity], described: Iterable[Described]) -> Aliases:
    """Add each described agent to ``resolver`` (after the ``curated`` entities, which win a key both use), or
    take it for the curated entity it clearly is: then its names are learnt as that entity's, and the aliases
    returned map its ``(kind, key)`` to that entity's. Records are met in key order (the IRIs do not depend on
    the order of the files)."""
    mine = {id(e) for e in curated}
    aliases = Aliases()
    taken: dict[int, Described] = {}
    for d in sorted(described, key=lambda d: d.entity.path):
        entity = d.entity
        if resolver.get(entity.path) is not None:
            continue
        hit, why = candidate(resolver, d, mine)
        if hit is not None:
            why = contradiction(hit.note, d.first, d.last) or ""
            if not why and hit.kind in DATED and not borne_out(hit.note, d.first, d.last):
                why = "no dates bear it out (the curated note gives no year, or the record no existDates)"
            if not why and id(hit) in taken and _apart(d, taken[id(hit)]):
                why = f"record {taken[id(hit)].record_id}, taken for it already, gives other dates"
        if hit is not None and not why:
            aliases.to[(entity.kind, entity.key)] = hit
            taken.setdefault(id(hit), d)
            resolver.learn(hit, entity.forms)
            aliases.notes.append((d.source, f"EAC-CPF record {d.record_id} describes curated entity {hit.path} "
                                            f"({hit.label}): one IRI"))
            continue
        if why:
            about = f" for curated entity {hit.path} ({hit.label})" if hit is not None else ""
            aliases.notes.append((d.source, f"EAC-CPF record {d.record_id} was not taken{about}: {why}; "
                                            "it keeps its own IRI"))
        resolver.add(entity)
    return aliases
