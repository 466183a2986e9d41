"""What the pages show, as dataclasses: the parts (links, rows of records, name forms, offices, neighbours,
correspondent pairs) and one type per kind of page. A page's template is rendered from its view-model's
fields and nothing else; the same view-model, serialised by :func:`to_data`, is the page's JSON twin
(:mod:`lod.web.twin`). Fields made with :func:`html_only` (highlighted text, laid-out pictures, the
template's own links) are what the page draws from the data; the twin leaves them out.

>>> to_data(Paging(2, 120))
{'page': 2, 'total': 120, 'size': 50, 'pages': 3}
>>> to_data(Link("Kim Il Sung", "/doc/person/kim-il-sung", "http://lod.test/id/person/kim-il-sung", "person"))
{'label': 'Kim Il Sung', 'url': '/doc/person/kim-il-sung', 'iri': 'http://lod.test/id/person/kim-il-sung', 'kind': 'person'}
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, ClassVar

from lod.web.formatting import format_date, year_of

PAGE_SIZE = 50


def html_only(default: Any = None, factory: Any = None) -> Any:
    """A field the page draws (markup, a picture's layout) from the other fields: not part of the data."""
    if factory is not None:
        return field(default_factory=factory, metadata={"html": True}, repr=False)
    return field(default=default, metadata={"html": True}, repr=False)


def to_data(value: Any) -> Any:
    """A view-model as JSON values: dataclasses as objects of their data fields (``html_only`` ones left
    out; a field's ``key`` metadata names it), lists, tuples and sets as arrays, RDF terms and anything
    else as strings."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.metadata.get("key", f.name): to_data(getattr(value, f.name)) for f in fields(value)
                if not f.metadata.get("html")}
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((to_data(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


# --- the parts -----------------------------------------------------------------------------------------

@dataclass
class Link:
    """A labelled link; ``url`` is site-relative for our own IRIs, None when not linkable."""

    label: str
    url: str | None = None
    iri: str = ""
    kind: str = ""  # person | body | place | group | record | concept | set | position | ""


@dataclass
class Paging:
    page: int
    total: int
    size: int = PAGE_SIZE
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass
class RecordRow:
    link: Link
    date: str = ""
    year: int | None = None
    form: str = ""
    roles: list[str] = field(default_factory=list)
    snippet: Any = html_only()  # markupsafe.Markup, when a row shows where a search matched


@dataclass
class YearCount:
    """Records of one year linked to an entity: as sender, addressee or creator, and otherwise."""

    year: int
    correspondent: int = 0
    other: int = 0


@dataclass
class Neighbour:
    link: Link
    sent: int = 0  # records this agent wrote to the neighbour
    received: int = 0  # records the neighbour wrote to this agent
    together: int = 0  # records naming both

    @property
    def letters(self) -> int:
        return self.sent + self.received


@dataclass
class NameForm:
    form: str
    lang: str = ""
    preferred: bool = False
    count: int = 0  # records whose relations use this form
    first: int | None = None  # year of the earliest and latest of those records
    last: int | None = None
    records: list[Link] = field(default_factory=list)

    @property
    def years(self) -> str:
        """``1950–1953``, ``1950``, or empty when the records are undated."""
        if self.first is None:
            return ""
        return str(self.first) if self.last in (None, self.first) else f"{self.first}–{self.last}"


@dataclass
class Office:
    """A position a person held, as the records evidence it: first and last dates (ISO strings), the
    records, and the forms the sources used for it."""

    link: Link
    first: str = ""
    last: str = ""
    count: int = 0
    forms: list[str] = field(default_factory=list)
    records: list[RecordRow] = field(default_factory=list)

    @property
    def first_year(self) -> int | None:
        return year_of(self.first or None)

    @property
    def last_year(self) -> int | None:
        return year_of(self.last or None)

    @property
    def period(self) -> str:
        """``10 April 1950 – 3 May 1951``; one date when first and last are the same; empty when undated."""
        a, b = format_date(self.first or None), format_date(self.last or None)
        return a if a == b else f"{a} – {b}"


@dataclass
class Pair:
    """Records one agent sent to another (``rico:hasSender`` → ``rico:hasAddressee``) in a period: the two
    IRIs, labels, pages and kinds, how many records, the ISO dates of the earliest and latest of them."""

    sender: str
    addressee: str
    records: int
    first: str | None = None
    last: str | None = None
    sender_label: str = ""
    addressee_label: str = ""
    sender_url: str | None = None
    addressee_url: str | None = None
    sender_kind: str = ""
    addressee_kind: str = ""

    @classmethod
    def between(cls, sender: Link, addressee: Link, records: int, first: str | None, last: str | None) -> Pair:
        return cls(sender.iri, addressee.iri, records, first or None, last or None, sender.label, addressee.label,
                   sender.url, addressee.url, sender.kind, addressee.kind)

    @property
    def sender_link(self) -> Link:
        return Link(self.sender_label, self.sender_url, self.sender, self.sender_kind)

    @property
    def addressee_link(self) -> Link:
        return Link(self.addressee_label, self.addressee_url, self.addressee, self.addressee_kind)

    @property
    def period(self) -> str:
        a, b = format_date(self.first), format_date(self.last)
        return a if a == b else f"{a} – {b}"


@dataclass
class Occurrence:
    """Where an entity is named in one field of a record (offsets in code points into the field's text), with
    the forms that name may take (the record's name forms for it and its labels) to check the span against."""

    field: str  # title | summary | body
    start: int
    end: int
    link: Link
    forms: frozenset[str] = frozenset()


@dataclass
class BrowseItem:
    link: Link
    records: int = 0


@dataclass
class Match:
    """A person, body or place one of whose names a search matches."""

    iri: str
    label: str
    kind: str
    url: str | None
    records: int = 0


@dataclass
class Hit:
    """A record a search found: ``date`` ISO, ``date_text`` in words, ``snippet`` the text around the match."""

    iri: str
    title: str
    url: str | None
    date: str | None = None
    mentions: list[str] = field(default_factory=list)
    field: str | None = None  # title | summary | text: where the words are (none when only a name matched)
    snippet: str | None = None
    date_text: str = ""
    snippet_html: Any = html_only()


# --- the pages -----------------------------------------------------------------------------------------

@dataclass
class ResourcePage:
    """Every resource page: its IRI, title, statements (own and inbound) and the formats it is offered in."""

    template: ClassVar[str] = "generic.html"
    iri: str = ""
    title: str = ""
    statements: dict = field(default_factory=dict)
    alternates: list[dict] = field(default_factory=list)
    data_formats: list[dict] = html_only(factory=list)
    head_links: list[dict] = html_only(factory=list)
    signposts: list[Any] = html_only(factory=list)  # the Link header's typed links, as <link> elements too
    profile: Any = html_only()


@dataclass
class CollectionPage(ResourcePage):
    """One of the publisher's collections (:mod:`lod.web.subsets`): what its file says, counts, dump, records."""

    template: ClassVar[str] = "collection.html"
    key: str = ""
    name: str = ""
    description: str = ""
    publisher: str = ""
    rights: str = ""
    licence: str = ""
    homepage: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    dump: dict = field(default_factory=dict)  # {"url", "size"} once written
    records_url: str = ""
    default: bool = False  # the site's own identity


@dataclass
class RecordPage(ResourcePage):
    template: ClassVar[str] = "record.html"
    date: str = ""
    date_iso: str = ""
    expressed: str = ""
    senders: list[Link] = field(default_factory=list)
    addressees: list[Link] = field(default_factory=list)
    creators: list[Link] = field(default_factory=list)
    markings: list[Link] = field(default_factory=list)
    forms: list[Link] = field(default_factory=list)
    summary: str = ""
    body: str = ""
    occurrences: list[Occurrence] = field(default_factory=list)
    breadcrumbs: list[list[Link]] = field(default_factory=list)
    holders: list[Link] = field(default_factory=list)
    subjects: list[Link] = field(default_factory=list)
    languages: list[Link] = field(default_factory=list)
    places: list[Link] = field(default_factory=list)
    mentioned: dict[str, list[Link]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    source_citation: str = ""
    translators: list[Link] = field(default_factory=list)
    contributors: list[Link] = field(default_factory=list)
    funders: list[Link] = field(default_factory=list)
    credit: str = ""
    rights: str = ""
    identifier: str = ""
    extents: list[str] = field(default_factory=list)
    describes: list[Link] = field(default_factory=list)  # a finding aid's record set, an authority record's agent
    citation: str = ""
    citation_formats: list[dict] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)
    title_html: Any = html_only()
    summary_html: list = html_only(factory=list)
    body_html: list = html_only(factory=list)
    json_ld: Any = html_only()


@dataclass
class EntityPage(ResourcePage):
    """A place, and what every entity page shows: records linked to it, years, names, notes, authorities."""

    template: ClassVar[str] = "place.html"
    paging: Paging = field(default_factory=lambda: Paging(1, 0))
    records: list[RecordRow] = field(default_factory=list)
    years: list[YearCount] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    authorities: list[dict] = field(default_factory=list)
    timeline: Any = html_only()


@dataclass
class AgentPage(EntityPage):
    """A person, body, group or archive: offices, correspondents, people named together, name forms."""

    template: ClassVar[str] = "agent.html"
    kind: str = "person"  # person | body | group
    archive: bool = False
    offices: list[Office] = field(default_factory=list)
    correspondents: list[Neighbour] = field(default_factory=list)
    co_mentioned: list[Neighbour] = field(default_factory=list)
    names: list[NameForm] = field(default_factory=list)
    lists: dict[str, dict] = field(default_factory=dict)  # list name -> {"total": n, "url": its own pages}
    top_sets: list[Link] = field(default_factory=list)
    held_paging: Paging | None = None
    held: list[RecordRow] = field(default_factory=list)
    authority: Any = None  # lod.web.authority.Authority: what an EAC-CPF file says of the agent
    network: Any = html_only()


@dataclass
class ListPage:
    """One page of one of an entity's lists (``list``: correspondents, co-mentioned, names, offices)."""

    template: ClassVar[str] = "list.html"
    entity: Link
    list: str
    heading: str
    paging: Paging
    items: list[Any] = field(default_factory=list)  # Neighbour, NameForm or Office
    head_links: list[dict] = html_only(factory=list)


@dataclass
class ConceptPage(EntityPage):
    template: ClassVar[str] = "concept.html"
    schemes: list[Link] = field(default_factory=list)
    broader: list[Link] = field(default_factory=list)
    narrower: list[Link] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    pref_labels: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RecordSetPage(ResourcePage):
    template: ClassVar[str] = "recordset.html"
    breadcrumbs: list[list[Link]] = field(default_factory=list)
    sets: list[Link] = field(default_factory=list)
    paging: Paging = field(default_factory=lambda: Paging(1, 0))
    records: list[RecordRow] = field(default_factory=list)
    set_types: list[Link] = field(default_factory=list)


@dataclass
class HomePage:
    template: ClassVar[str] = "home.html"
    counts: dict[str, int] = field(default_factory=dict)
    examples: list[dict] = field(default_factory=list)
    collections: list[dict] = field(default_factory=list)  # the publisher's collections, when there are several
    head_links: list[dict] = html_only(factory=list)


@dataclass
class BrowsePage:
    """A browse list: records by date (``records``) or entities by name (``items``), one page of them."""

    template: ClassVar[str] = "browse.html"
    heading: str
    paging: Paging
    lists: list[tuple[str, str]]
    current: str = ""
    items: list[BrowseItem] | None = None
    records: list[RecordRow] | None = None
    head_links: list[dict] = html_only(factory=list)


@dataclass
class SearchPage:
    template: ClassVar[str] = "search.html"
    q: str
    total: int
    page: int
    pages: int
    html: str
    matches: list[Match] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    paging: Paging | None = html_only()
    extra: str = html_only("")
    json_url: str = html_only("")
    head_links: list[dict] = html_only(factory=list)


@dataclass
class NetworkPage:
    """Who wrote to whom in a period (``from``/``to``, years): the pairs (the most records first), how many
    records and pairs there are in all, and the years the dated correspondence spans."""

    template: ClassVar[str] = "network.html"
    start: int | None = field(default=None, metadata={"key": "from"})
    end: int | None = field(default=None, metadata={"key": "to"})
    records: int = 0
    pairs_total: int = 0
    pairs: list[Pair] = field(default_factory=list)
    first_year: int | None = None
    last_year: int | None = None
    picture: Any = html_only()
    json_url: str = html_only("")
    head_links: list[dict] = html_only(factory=list)

    @property
    def truncated(self) -> bool:
        return self.pairs_total > len(self.pairs)
