"""Dataclasses for a finding aid as an EAD file describes it: its header, and each described unit (the
``archdesc`` and every component below it) on its own, so that a reader can hand them over one at a time.

Readers fill these (:mod:`lod.sources.ead`); they never know about RDF.

>>> c = Component("058220", "N0003", level="file", parent="top", titles=["Lettres"])
>>> c.is_top, c.parent
(False, 'top')
"""
from __future__ import annotations

from dataclasses import dataclass, field

TOP = "top"  # the archdesc's component id, as the RiC-O Converter names it ("recordResource/top-{key}")


@dataclass(frozen=True)
class NameRef:
    """A name an EAD file gives in ``origination``, ``controlaccess`` or a title: ``kind`` is the element
    (persname, corpname, famname, geogname, subject, genreform, function, occupation, title, name)."""

    kind: str
    text: str
    where: str  # origination | controlaccess | unittitle | repository
    source: str | None = None  # @source ("lcnaf", "FRAN_RI_012")
    authfilenumber: str | None = None  # @authfilenumber (EAD 2002) or @identifier (EAD3)
    role: str | None = None  # @role / @relator
    normal: str | None = None  # @normal
    group: int | None = None  # the line of the element holding it: names side by side share it


@dataclass(frozen=True)
class UnitDate:
    """A date as written, with its ``@normal`` range as ISO begin and end (either may be missing)."""

    expressed: str
    begin: str | None = None
    end: str | None = None
    kind: str | None = None  # @type / @unitdatetype: inclusive, bulk


@dataclass(frozen=True)
class Note:
    """A descriptive element (scopecontent, accessrestrict, custodhist …) as paragraphs of text, and as XHTML
    (``html``: its content in the ``html:`` prefix; ``lone_markup`` that of its only paragraph, when it has
    one paragraph that is not only references; ``lone_paragraph`` that paragraph's text)."""

    element: str
    paragraphs: tuple[str, ...]
    head: str | None = None
    html: str = ""
    lone_paragraph: str | None = None
    lone_markup: str | None = None
    links: tuple[tuple[str, str], ...] = ()  # other finding aids' units it refers to: (key, cid or top)
    refs: tuple[tuple[str, str | None], ...] = ()  # its ``ref`` elements: (text, the href of the extref in it)


@dataclass(frozen=True)
class DigitalObject:
    """A digital surrogate: a ``daogrp`` (its ``daoloc`` hrefs: one image, or the first and last of a run), a
    ``dao`` on its own; its title, and its legend (``daodesc``) if given."""

    href: str
    title: str | None = None
    hrefs: tuple[str, ...] = ()  # every location, ``href`` the first
    description: Note | None = None


@dataclass
class FindingAidHeader:
    """What the file says of itself (``eadheader`` in EAD 2002, ``control`` in EAD3)."""

    source: str
    eadid: str
    key: str  # the eadid as our IRIs and the converter's use it (no FRAN_IR_ prefix, spaces as _)
    version: str  # "ead2002" | "ead3"
    titles: list[str] = field(default_factory=list)
    publication_date: str | None = None
    languages: list[str] = field(default_factory=list)
    line: int | None = None
    authors: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)  # XHTML
    publishers: list[str] = field(default_factory=list)
    publication_dates: list[UnitDate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # XHTML, each note's paragraphs
    creation: list[str] = field(default_factory=list)
    changes: list[tuple[UnitDate, str]] = field(default_factory=list)  # revisions: when, what
    # whose file it is: eadid/@mainagencycode, @countrycode (EAD3: maintenanceagency's agencycode, @countrycode)
    agency_code: str | None = None
    country_code: str | None = None
    agency_name: str | None = None  # EAD3 maintenanceagency/agencyname


@dataclass
class Component:
    """One described unit: the ``archdesc`` (id :data:`TOP`) or a ``c``/``c01``–``c12`` below it, with the
    ids of its parent, siblings and children (so that each maps alone)."""

    finding_aid: str  # the finding aid's key
    id: str
    level: str | None = None
    otherlevel: str | None = None
    parent: str | None = None
    parent_level: str | None = None  # the parent's @level and @otherlevel: they say how it holds this unit
    parent_otherlevel: str | None = None
    previous: str | None = None
    next: str | None = None
    position: int = 0  # 1-based place among its siblings (0: the archdesc, which has none)
    children: list[str] = field(default_factory=list)
    depth: int = 0
    unitids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    dates: list[UnitDate] = field(default_factory=list)
    physdesc: list[str] = field(default_factory=list)
    extents: list[str] = field(default_factory=list)
    physloc: list[str] = field(default_factory=list)
    physical_notes: list[str] = field(default_factory=list)  # a physdesc that says more than its parts: all its text
    dimensions: list[str] = field(default_factory=list)
    physfacets: list[tuple[str, str | None]] = field(default_factory=list)  # (@type, @source) of a typed physfacet
    languages: list[str] = field(default_factory=list)
    repository: str | None = None
    origination_text: list[str] = field(default_factory=list)  # an origination said in words
    names: list[NameRef] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    objects: list[DigitalObject] = field(default_factory=list)
    source: str = ""
    line: int | None = None

    @property
    def is_top(self) -> bool:
        return self.id == TOP
