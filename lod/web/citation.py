"""Citations of one archival record, in the formats DOI resolvers offer by content negotiation (CSL-JSON,
BibTeX, RIS, a formatted bibliography line) and as the ``citation_*`` / ``DC.*`` meta tags that Zotero and
Google Scholar read from a landing page.

The publisher, the archive's name and the key prefix are the collection's (:mod:`lod.collection`).

>>> # data = citation_data(store.describe(iri).graph, iri, collection); to_bibtex(data).decode()
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from lod.collection import Collection, bundled
from lod.names import PersonName
from lod.vocab import DCTERMS, FOAF, RDFS, RICO, SCHEMA, SKOS, XSD

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
LABELS = (RDFS.label, SKOS.prefLabel, SCHEMA.name, FOAF.name)
DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear, XSD.dateTime, None)

# CSL 1.0.2 has no "archival document" type. "manuscript" ("an unpublished manuscript; use for both modern
# unpublished works and classical manuscripts") fits an unpublished archival record, and CSL styles render
# `archive` / `archive_location` for it; "document" is the spec's catch-all ("use a more specific type when
# appropriate"). Zotero maps its Manuscript item type ("also for historical or archival documents") to it.
CSL_TYPE = "manuscript"
# RIS MANSCPT ("Manuscript") matches the CSL choice; Zotero reads it back as a Manuscript, while GEN
# ("Generic") is imported by Zotero as a journal article.
RIS_TYPE = "MANSCPT"


@dataclass
class CitationData:
    """What a citation of one record says; a missing fact is None or empty, never guessed."""

    url: str  # the record IRI: the citable URI
    record_id: str | None = None
    title: str | None = None
    date: str | None = None  # ISO 8601 as precise as known: "1950-04-10", "1967-11" or "1967"
    date_parts: list[int] = field(default_factory=list)  # [year, month?, day?]
    date_display: str | None = None  # "April 10, 1950", "November 1967" or "1967"
    authors: list[str] = field(default_factory=list)  # display names: "Aleksei Ignatiev", "Kim Il Sung"
    addressees: list[str] = field(default_factory=list)
    names: dict[str, PersonName] = field(default_factory=dict)  # the people among them whose parts are known
    archives: list[str] = field(default_factory=list)
    archive_location: str | None = None  # the source citation line, verbatim; a unit's reference code (unitid)
    fonds: str | None = None  # a finding aid's unit: the title of the top record set it is in
    abstract: str | None = None
    languages: list[str] = field(default_factory=list)
    form: str | None = None  # documentary form, e.g. "ciphered telegram"
    source_url: str | None = None  # the web page the record was taken from
    collection: Collection = field(default_factory=bundled)  # whose record: publisher, archive, key prefix

    @property
    def key(self) -> str:
        """A stable citation key: the prefix and the id, ``wcda300237`` (a hash of the IRI when the record
        states no id)."""
        prefix = self.collection.citation_key_prefix
        if self.record_id:
            return prefix + re.sub(r"[^A-Za-z0-9_:.-]+", "-", self.record_id)
        return prefix + "-" + hashlib.sha1(self.url.encode()).hexdigest()[:10]

    @property
    def publisher(self) -> str:
        return self.collection.citation_publisher

    def inverted(self, name: str) -> str:
        """``Family, Given`` for a person whose name parts are known, else the name as written (a body, or
        a person the data does not split).

        >>> d = CitationData("x:1", names={"Mao Zedong": PersonName("Mao", "Zedong", True)})
        >>> d.inverted("Mao Zedong"), d.inverted("Hungarian Foreign Ministry")
        ('Mao, Zedong', 'Hungarian Foreign Ministry')
        """
        parts = self.names.get(name)
        return parts.inverted if parts else name


def _rank(lit: Literal) -> tuple[int, str]:
    lang = (lit.language or "").lower()
    return (0 if lang == "en" or lang.startswith("en-") else 1 if not lang else 2), str(lit)


def _text(graph: Graph, s: Node, *preds: URIRef) -> str | None:
    """The best literal of the first property that has one (English, then untagged), whitespace collapsed."""
    for p in preds:
        values = [o for o in graph.objects(s, p) if isinstance(o, Literal) and str(o).strip()]
        if values:
            return " ".join(str(min(values, key=_rank)).split())
    return None


def _person_name(graph: Graph, who: Node, label: str) -> PersonName | None:
    """The family and given names the description states for ``who`` (see :mod:`lod.names.parts`), when
    they are one of each and make up its label; which comes first is the label's order."""
    family = {str(o) for o in graph.objects(who, SCHEMA.familyName)}
    given = {str(o) for o in graph.objects(who, SCHEMA.givenName)}
    if len(family) != 1 or len(given) != 1:
        return None
    f, g = family.pop(), given.pop()
    if label == f"{g} {f}":
        return PersonName(f, g, False)
    return PersonName(f, g, True) if label == f"{f} {g}" else None


def _names(graph: Graph, s: URIRef, *preds: URIRef) -> dict[str, PersonName]:
    """Display name -> name parts, for the people ``s`` points to through ``preds`` whose parts are known."""
    found = {}
    for p in preds:
        for o in graph.objects(s, p):
            label = None if isinstance(o, Literal) else _text(graph, o, *LABELS)
            parts = _person_name(graph, o, label) if label else None
            if parts:
                found[label] = parts
    return found


def _labels(graph: Graph, s: URIRef, *preds: URIRef) -> list[str]:
    """Labels of what ``s`` points to (literal values as they are), unique and sorted; unlabelled nodes skipped."""
    found = set()
    for p in preds:
        for o in graph.objects(s, p):
            label = " ".join(str(o).split()) if isinstance(o, Literal) else _text(graph, o, *LABELS)
            if label:
                found.add(label)
    return sorted(found, key=lambda x: (x.casefold(), x))


def _date(graph: Graph, iri: URIRef) -> list[int]:
    """The earliest ``dcterms:created`` as [year, month?, day?]."""
    found = []
    for o in graph.objects(iri, DCTERMS.created):
        if isinstance(o, Literal) and o.datatype in DATE_TYPES:
            m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(o).strip())
            if m:
                parts = [int(x) for x in m.groups() if x]
                if len(parts) > 1 and not 1 <= parts[1] <= 12:
                    parts = parts[:1]
                if len(parts) > 2 and not 1 <= parts[2] <= 31:
                    parts = parts[:2]
                found.append(parts)
    return min(found, default=[])


def citation_data(graph: Graph, iri: URIRef, collection: Collection | None = None) -> CitationData:
    """Collect the citation facts of the record ``iri`` of ``collection`` (default: the bundled one) from its
    description graph."""
    parts = _date(graph, iri)
    iso = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]) if parts else None
    display = None
    if len(parts) == 3:
        display = f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    elif len(parts) == 2:
        display = f"{MONTHS[parts[1] - 1]} {parts[0]}"
    elif parts:
        display = str(parts[0])
    pages = sorted(str(o) for o in graph.objects(iri, FOAF.isPrimaryTopicOf) if isinstance(o, URIRef))
    return CitationData(
        url=str(iri), record_id=_text(graph, iri, DCTERMS.identifier),
        title=_text(graph, iri, DCTERMS.title, RICO.title), date=iso, date_parts=parts, date_display=display,
        authors=_labels(graph, iri, DCTERMS.creator, RICO.hasSender),
        addressees=_labels(graph, iri, RICO.hasAddressee),
        names=_names(graph, iri, DCTERMS.creator, RICO.hasSender, RICO.hasAddressee),
        archives=_labels(graph, iri, SCHEMA.holdingArchive),
        archive_location=_text(graph, iri, DCTERMS.bibliographicCitation),
        abstract=_text(graph, iri, DCTERMS.abstract), languages=_labels(graph, iri, DCTERMS.language),
        form=(_labels(graph, iri, RICO.hasDocumentaryFormType) or [None])[0],
        source_url=pages[0] if pages else None, collection=collection or bundled())


def _sentence_end(text: str) -> bool:
    return text.rstrip("\"'\u201d\u2019").endswith((".", "?", "!"))


def _sentences(*parts: str | None) -> str:
    """Non-empty parts joined as sentences, adding a period only where one is missing."""
    out = ""
    for part in (p for p in parts if p):
        out += (" " if _sentence_end(out) else ". ") + part if out else part
    return out


# -- CSL-JSON -----------------------------------------------------------------------------------------
def csl_name(data: CitationData, name: str) -> dict:
    """A CSL name: family and given parts for a person whose parts are known (``static-ordering`` keeps a
    family-first name such as "Mao Zedong" in that order in every position), else a literal.

    >>> csl_name(CitationData("x:1", names={"Mao Zedong": PersonName("Mao", "Zedong", True)}), "Mao Zedong")
    {'family': 'Mao', 'given': 'Zedong', 'static-ordering': True}
    >>> csl_name(CitationData("x:1"), "Hungarian Foreign Ministry")
    {'literal': 'Hungarian Foreign Ministry'}
    """
    parts = data.names.get(name)
    if parts is None:
        return {"literal": name}
    out: dict = {"family": parts.family, "given": parts.given}
    if parts.family_first:
        out["static-ordering"] = True
    return out


def to_csl_json(data: CitationData) -> bytes:
    """A CSL-JSON array with one item (``application/vnd.citationstyles.csl+json``)."""
    item: dict = {"id": data.key, "type": CSL_TYPE}
    optional = {
        "title": data.title,
        "issued": {"date-parts": [data.date_parts]} if data.date_parts else None,
        "author": [csl_name(data, a) for a in data.authors],
        "recipient": [csl_name(data, a) for a in data.addressees],
        "genre": data.form,
        "language": "; ".join(data.languages),  # labels: the description holds no ISO 639-1 codes
        "abstract": data.abstract,
        "archive": "; ".join(data.archives),
        "archive_location": data.archive_location,
        "collection-title": data.fonds,
        "publisher": data.publisher,
        "URL": data.url,
    }
    item.update({k: v for k, v in optional.items() if v})
    return json.dumps([item], ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


# -- BibTeX -------------------------------------------------------------------------------------------
# Braces become \textbraceleft{} / \textbraceright{} rather than \{ \}: BibTeX counts an escaped brace
# when it matches a field's delimiters, so a lone "\{" would unbalance the entry.
_BIB_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIB_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text: str) -> str:
    """``text`` with BibTeX/LaTeX special characters escaped; non-ASCII left as UTF-8."""
    return "".join(_BIB_ESCAPES.get(c, c) for c in text)


def _bibtex_part(text: str) -> str:
    """One name part, escaped; braced when it holds a word BibTeX would split on ("and") or a comma."""
    text = bibtex_escape(text)
    return "{" + text + "}" if re.search(r"\band\b|,", text, re.IGNORECASE) else text


def _bibtex_name(data: CitationData, name: str) -> str:
    """``Family, Given`` for a person whose parts are known; else the name braced whole, so that BibTeX
    takes it as one literal name (a body, or a person the data does not split)."""
    parts = data.names.get(name)
    if parts is None:
        return "{" + bibtex_escape(name) + "}"
    return f"{_bibtex_part(parts.family)}, {_bibtex_part(parts.given)}"


def to_bibtex(data: CitationData) -> bytes:
    """One ``@misc`` entry (``application/x-bibtex``), UTF-8."""
    fields: list[tuple[str, str]] = []
    if data.title:
        fields.append(("title", "{{" + bibtex_escape(data.title) + "}}"))  # inner braces keep its case
    if data.authors:
        fields.append(("author", "{" + " and ".join(_bibtex_name(data, a) for a in data.authors) + "}"))
    if data.date:
        fields.append(("date", "{" + data.date + "}"))  # biblatex
    if data.date_parts:
        fields.append(("year", "{" + str(data.date_parts[0]) + "}"))
    if len(data.date_parts) > 1:
        fields.append(("month", _BIB_MONTHS[data.date_parts[1] - 1]))  # the standard macro
    fields.append(("howpublished", "{" + bibtex_escape(data.publisher) + "}"))
    note = _sentences("; ".join(data.archives), data.fonds, data.archive_location)
    for name, value in (("note", note), ("type", data.form), ("language", "; ".join(data.languages)),
                        ("abstract", data.abstract)):
        if value:
            fields.append((name, "{" + bibtex_escape(value) + "}"))
    fields.append(("url", "{" + data.url + "}"))  # verbatim for the url package; IRIs have no braces
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{data.key},\n{body}\n}}\n".encode("utf-8")


# -- RIS ----------------------------------------------------------------------------------------------
def to_ris(data: CitationData) -> bytes:
    """One RIS record (``application/x-research-info-systems``), UTF-8, CRLF line ends as the spec requires."""
    lines = [("TY", RIS_TYPE)]
    lines += [("TI", data.title)] + [("AU", data.inverted(a)) for a in data.authors]  # "Family, Given"
    if data.date_parts:
        y, m, d = (data.date_parts + [None, None])[:3]
        lines += [("PY", f"{y:04d}"), ("DA", f"{y:04d}/{f'{m:02d}' if m else ''}/{f'{d:02d}' if d else ''}/")]
    # DB (name of database) and AN (accession number) are the tags Zotero reads as Archive and
    # Loc. in Archive; the older AV (availability) tag is unknown to Zotero and to rispy.
    lines += [("M3", data.form), ("AB", data.abstract), ("LA", "; ".join(data.languages)),
              ("T2", data.fonds), ("DB", "; ".join(data.archives)), ("AN", data.archive_location),
              ("PB", data.publisher),
              ("UR", data.url)]
    text = "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value) + "ER  - \r\n"
    return text.encode("utf-8")


# -- formatted bibliography (text/x-bibliography) ------------------------------------------------------
def to_bibliography(data: CitationData) -> bytes:
    """The archive's own citation style: ``"Title," Month D, YYYY, <the archive>, <source citation>. <URI>``,
    plain UTF-8 text (the archive as the collection's ``[citation] archive`` names it); a finding aid's unit
    as ``"Title," dates, <the holding archive>, <fonds>, <reference code>. <URI>``."""
    archive = "; ".join(data.archives) if data.fonds and data.archives else data.collection.citation_archive
    rest = ", ".join(p for p in (data.date_display, archive, data.fonds, data.archive_location) if p)
    head = ""
    if data.title:
        asks = data.title.rstrip("\"'\u201d\u2019").endswith(("?", "!"))  # no comma after "?" or "!"
        head = f'"{data.title}" ' if asks else f'"{data.title}," '
    line = head + rest + ("" if _sentence_end(rest) else ".") + " " + data.url
    return (line + "\n").encode("utf-8")


# -- HTML meta tags -----------------------------------------------------------------------------------
def meta_tags(data: CitationData) -> list[tuple[str, str]]:
    """(name, content) pairs for ``<meta>``: Highwire Press tags (Google Scholar, Zotero) and Dublin Core.

    ``DC.type`` "manuscript" is what makes Zotero file the record as a Manuscript (a ``citation_title``
    alone makes it guess a journal article)."""
    tags: list[tuple[str, str | None]] = [("citation_title", data.title)]
    tags += [("citation_author", data.inverted(a)) for a in data.authors]  # "Family, Given" for Zotero
    if data.date_parts:  # Google Scholar: "YYYY/MM/DD" when the full date is known, else the year alone
        full = len(data.date_parts) == 3
        tags.append(("citation_publication_date", "/".join(f"{p:02d}" for p in data.date_parts) if full
                     else f"{data.date_parts[0]:04d}"))
    tags += [("citation_publisher", data.publisher), ("citation_abstract", data.abstract)]
    tags += [("citation_language", lang) for lang in data.languages]
    tags += [("citation_abstract_html_url", data.url), ("citation_public_url", data.url)]
    tags += [("DC.title", data.title)] + [("DC.creator", data.inverted(a)) for a in data.authors]
    tags += [("DC.date", data.date), ("DC.type", CSL_TYPE), ("DC.publisher", data.publisher),
             ("DC.description", data.abstract)]
    tags += [("DC.language", lang) for lang in data.languages] + [("DC.identifier", data.url)]
    return [(name, value) for name, value in tags if value]

