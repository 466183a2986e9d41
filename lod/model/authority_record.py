"""An EAC-CPF 2010 authority record as typed values (no RDF): what :mod:`lod.sources.eac` reads and
:mod:`lod.mapping.eac` maps.

Rich text (``biogHist``, ``descriptiveNote``, ...) is kept as :class:`Text`, a tree of XHTML-ish blocks the
reader has already translated from EAC's ``p`` / ``list`` / ``span`` markup, so the mapping never reads XML.

>>> r = AuthorityRecord(record_id="FRAN_NP_005205", entity_type="corporateBody")
>>> r.key, r.kind
('005205', 'organisation')
>>> DateRange(Date("1947-01-01", "1947")).ended, DateRange(None, Date("1964-12-31", "1964")).ended
(False, True)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lod.slug import slug

#: EAC-CPF entityType -> our entity kind (lod.vocab.KIND_SEGMENT)
ENTITY_KINDS = {"person": "person", "corporateBody": "organisation", "family": "family"}


@dataclass(frozen=True)
class Date:
    """A date as the source gives it: ``standard`` (ISO 8601 from ``@standardDate``, may be None) and its text."""

    standard: str | None
    text: str = ""


@dataclass(frozen=True)
class DateRange:
    """``fromDate`` / ``toDate`` or a single ``date`` (then ``start`` holds it and ``single`` is true)."""

    start: Date | None = None
    end: Date | None = None
    single: bool = False

    @property
    def ended(self) -> bool:
        return self.end is not None and bool(self.end.standard or self.end.text)


@dataclass
class Html:
    """One XHTML element (tag in the XHTML vocabulary: p, h2, ul, li, b, i, u, div) and its children, each
    a str or a further Html."""

    tag: str
    children: list[str | Html] = field(default_factory=list)


Text = list[Html]  # a sequence of blocks


@dataclass
class MaintenanceEvent:
    event_type: str  # created, revised, updated, derived, deleted, cancelled
    date: Date | None
    agent: str
    agent_type: str  # human, machine
    description: str = ""


@dataclass
class Source:
    entry: str = ""
    href: str = ""
    note: Text = field(default_factory=list)


@dataclass
class Control:
    agency_name: str = ""
    agency_code: str = ""
    other_record_ids: list[tuple[str, str]] = field(default_factory=list)  # (localType, value)
    events: list[MaintenanceEvent] = field(default_factory=list)
    conventions: list[str] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)  # (languageCode, script code)
    sources: list[Source] = field(default_factory=list)


@dataclass
class NameEntry:
    parts: list[tuple[str, str]]  # (localType, text)
    local_type: str = ""  # autorisée, ...
    authorized: bool = False
    lang: str = ""  # xml:lang as written (fre, en, ...)
    dates: DateRange | None = None
    line: int = 0

    @property
    def text(self) -> str:
        """The name as one string: its parts joined with ", " unless a part already ends with punctuation
        or opens a parenthesis (ANF writes one part per name, Yale MARC-style parts with their commas)."""
        out = ""
        for _, t in self.parts:
            if out:
                out += " " if out.endswith((",", ".", ";", ":")) or t.startswith("(") else ", "
            out += t
        return out


@dataclass
class Term:
    """A function, occupation, legal status or place: its term, vocabulary id, dates and note."""

    term: str
    vocabulary_source: str = ""
    dates: DateRange | None = None
    note: Text = field(default_factory=list)
    local_type: str = ""
    role: str = ""  # placeRole
    entries: list[tuple[str, str, str]] = field(default_factory=list)  # places: (localType, vocabularySource, text)
    line: int = 0


@dataclass
class Mandate:
    term: str = ""
    citation: str = ""
    href: str = ""
    dates: DateRange | None = None
    note: Text = field(default_factory=list)
    line: int = 0


@dataclass
class Relation:
    """A cpfRelation or resourceRelation: its type, arcrole, target href, target name, dates, note."""

    relation_type: str
    href: str = ""
    arcrole: str = ""
    entry: str = ""
    dates: DateRange | None = None
    note: Text = field(default_factory=list)
    line: int = 0
    role: str = ""  # xlink:role: what the target is (…/Person, …#CorporateBody, resource)

    @property
    def target_type(self) -> str | None:
        """The target's entityType as its ``xlink:role`` names it (RDA or SNAC terms), else None."""
        tail = re.split(r"[/#]", self.role.strip())[-1].lower()
        return {"person": "person", "corporatebody": "corporateBody", "family": "family"}.get(tail)


@dataclass
class AuthorityRecord:
    """One EAC-CPF file: control, identity, description and relations, with what the reader skipped."""

    record_id: str
    entity_type: str = ""  # person, corporateBody, family
    source: str = ""
    control: Control = field(default_factory=Control)
    entity_ids: list[tuple[str, str]] = field(default_factory=list)  # (localType, value)
    names: list[NameEntry] = field(default_factory=list)
    exist_dates: DateRange | None = None
    exist_dates_note: str = ""
    places: list[Term] = field(default_factory=list)
    functions: list[Term] = field(default_factory=list)
    occupations: list[Term] = field(default_factory=list)
    legal_statuses: list[Term] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    biog_hist: list[Text] = field(default_factory=list)
    structure_or_genealogy: list[Text] = field(default_factory=list)
    general_context: list[Text] = field(default_factory=list)
    cpf_relations: list[Relation] = field(default_factory=list)
    resource_relations: list[Relation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "line N: element: why"
    line: int = 0

    @property
    def key(self) -> str:
        """The record id without the ANF ``FRAN_NP_`` prefix (the converter's key); an id that is not one
        path segment (a URI, spaces) is slugged: ``http://n2t.net/ark:/99166/w65k3tsm`` → ``http-n2t-net-…``."""
        key = self.record_id.removeprefix("FRAN_NP_")
        return key if re.fullmatch(r"[A-Za-z0-9._~-]+", key) else slug(key)

    @property
    def kind(self) -> str:
        """Our entity kind (person, organisation, family), "unknown" when the type is missing."""
        return ENTITY_KINDS.get(self.entity_type, "unknown")

    @property
    def authorized_name(self) -> NameEntry | None:
        for n in self.names:
            if n.authorized:
                return n
        return self.names[0] if self.names else None
