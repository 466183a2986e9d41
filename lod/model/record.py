"""Dataclasses for one archival record as read from a source (page text, CSV row, JSON line).

Parsers fill these; they never know about RDF. The mapping reads them; it never parses text files.

>>> r = Record(source="x.txt", source_format="page-current", record_id="300237", title="Letter, A to B")
>>> r.record_id
'300237'
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the source gives it: ``1950-04-10``, ``1950-04`` or ``1950``."""

    iso: str
    expressed: str

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year``."""
        return {10: "day", 7: "month"}.get(len(self.iso), "year")


@dataclass(frozen=True)
class Marking:
    """A security marking as written, with our security-classification concept key (None: a marking our
    scheme lacks): ``Marking("TOP SECRET", "top-secret")``."""

    text: str
    key: str | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ArchivalUnit:
    """One level of an archival reference, e.g. ``ArchivalUnit("fond", "059a", "Fond 059a")``.

    ``level`` is a lower-case key from our record-set-type scheme (fond, opis, delo, papka, doboz,
    file, box, folder, series, volume, item …); ``value`` the unit's number or name; ``label`` as written.
    """

    level: str
    value: str
    label: str


@dataclass(frozen=True)
class ArchiveCitation:
    """The part of a source citation that points into one archive."""

    text: str  # the segment verbatim
    archive: str | None = None  # the archive as written ("AVP RF", "MOL", "Polish Foreign Ministry Archive (AMSZ)")
    abbreviation: str | None = None  # the abbreviation it gives in brackets ("AMSZ")
    seat: str | None = None  # the place or state a generic name is scoped by ("Central State Archive, Tirana")
    units: tuple[ArchivalUnit, ...] = ()
    folios: str | None = None  # "98-99", "148-149", "3"
    note: str | None = None  # e.g. "Fond and Opis not given"

    @property
    def name(self) -> str | None:
        """The name the archive node is resolved by: the seat a generic name needs, and the bracketed
        abbreviation written solid, so that "GA RF", "GARF" and the full name are one node.

        >>> ArchiveCitation("x", "State Archive of Examplia (GA EX)", abbreviation="GA EX").name
        'State Archive of Examplia (GAEX)'
        >>> ArchiveCitation("x", "Central State Archive", seat="Tirana").name
        'Central State Archive, Tirana'
        """
        if not self.archive:
            return None
        name = self.archive
        if self.abbreviation:
            name = name.replace(f"({self.abbreviation})", f"({''.join(self.abbreviation.split())})")
        return f"{name}, {self.seat}" if self.seat else name


@dataclass(frozen=True)
class Contribution:
    """A person credited in a citation: ``Contribution("translator", "Balazs Szalontai", sentence)``."""

    role: str  # translator | contributor | transcriber | obtainer
    name: str
    text: str  # the sentence it came from

    @property
    def kind(self) -> str:
        """``organisation`` for a name written as an acronym ("obtained by NHK": a broadcaster, an archive),
        else ``person``.

        >>> Contribution("obtainer", "NHK", "").kind, Contribution("translator", "Ann Example", "").kind
        ('organisation', 'person')
        """
        bare = self.name.replace("-", "").replace("&", "")
        return "organisation" if 2 <= len(bare) <= 8 and bare.isalpha() and bare.isupper() else "person"


@dataclass(frozen=True)
class SourceCitation:
    """A source line, verbatim and parsed."""

    text: str
    archives: tuple[ArchiveCitation, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    published_in: str | None = None  # a printed edition the source names ("CWIHP Working Paper 22 …")
    publishers: tuple[str, ...] = ()  # the publishers its imprints name ("(Moscow: Materik, 2005)": Materik)


@dataclass
class Record:
    """One document as a source states it. Lists keep the source's order; strings are verbatim."""

    source: str  # where it came from: a file path, or "file.csv#row=3"
    source_format: str  # page-current | page-staging | page-old | page-assembled | pdf-export | csv | jsonl
    record_id: str | None = None
    id_origin: str | None = None  # record-id | citation-url (printed on the page) | slug | text (minted)
    title: str | None = None
    date: PartialDate | None = None
    date_notes: list[str] = field(default_factory=list)  # other dates the title or citation gives, as notes
    type_field: str | None = None  # the page's `Type` value as written ("Meeting Minutes")
    document_type: str | None = None  # key in our documentary-form scheme ("ciphered-telegram")
    senders: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)  # authors named in the title ("Journal of X")
    participants: list[str] = field(default_factory=list)  # "Conversation between X and Y"
    addressees: list[str] = field(default_factory=list)
    classification: list[Marking] = field(default_factory=list)  # security markings, each with its concept key
    body: str | None = None
    summary: str | None = None
    citation: SourceCitation | None = None  # the `Source` line, parsed
    full_citation: str | None = None  # the older layout's Chicago-style citation string, verbatim
    original_archives: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    people_orgs: list[str] = field(default_factory=list)  # "Associated People & Organizations"
    places: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)  # heading strings "India--Foreign relations--Pakistan"
    topics: list[str] = field(default_factory=list)  # "Associated Topics"
    contributors: list[str] = field(default_factory=list)  # "Document Contributors"
    donors: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # names above that name a group of people ("All Provincial Premiers"), whitespace collapsed
    credits: str | None = None  # "This document was made possible with support from …"
    rights: str | None = None
    uploaded: PartialDate | None = None  # the date of the original upload
    url: str | None = None  # the source web page
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # fields the source should have had but did not
    sources: list[str] = field(default_factory=list)  # every input merged into this record
    unmapped: list[str] = field(default_factory=list)  # text blocks no field took

    def warn(self, message: str) -> None:
        """Record a warning about this record (shown in the ingest summary)."""
        self.warnings.append(message)
