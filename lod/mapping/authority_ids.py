"""External authorities' identifiers, declared once: each authority's identifier shape and canonical IRI, for
the EAD names (``@source`` + ``@authfilenumber`` / EAD3 ``@identifier``), the EAC-CPF ``entityId`` and
``otherRecordId``, and the curated links (:mod:`lod.linking.authorities`).

An identifier is linked only when it has its authority's shape (a LC name ``n79021164``, VIAF digits, a
Wikidata ``Q``-id, 16 ISNI characters, …): a number with a space or of another shape is not, and
:func:`authority_link` says why. An ``http(s)`` URI or an ARK given as the number is linked as it is (an
authority's own page URI is made its entity IRI). A source not in :data:`SOURCES` gives no link.

>>> authority_link("lcnaf", "n79021164")
(rdflib.term.URIRef('http://id.loc.gov/authorities/names/n79021164'), None)
>>> authority_link("viaf", "12 34")[1]
"viaf number '12 34' is not of that authority's shape: not linked"
>>> authority_link("local", "65")
(None, None)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from lod.vocab import BNF_DATA, GEONAMES, ISNI, LCNAF, VIAF, WD


@dataclass(frozen=True)
class Authority:
    """One authority: the shape of its identifiers, its entity IRI for one (``{id}`` replaced), and the
    pattern of its other URIs for one (its web pages), whose group 1 is the identifier."""

    name: str  # as the pages name it
    shape: re.Pattern
    iri: str
    pages: re.Pattern | None = None

    @property
    def prefix(self) -> str:
        """What its entity IRIs start with: ``http://viaf.org/viaf/``."""
        return self.iri.split("{id}", 1)[0]


AUTHORITIES: dict[str, Authority] = {
    "lcnaf": Authority("LC Names", re.compile(r"n[a-z]?\d{8}(?:\d{2})?"), f"{LCNAF}{{id}}",
                       re.compile(r"https?://id\.loc\.gov/authorities/names/(\w+?)(?:\.html|\.rdf)?")),
    "lcsh": Authority("LCSH", re.compile(r"sh\d{8}(?:\d{2})?"), "http://id.loc.gov/authorities/subjects/{id}",
                      re.compile(r"https?://id\.loc\.gov/authorities/subjects/(\w+?)(?:\.html|\.rdf)?")),
    "viaf": Authority("VIAF", re.compile(r"[1-9]\d{0,21}"), f"{VIAF}{{id}}", re.compile(r"https?://(?:www\.)?viaf\.org/viaf/(\d+)/?")),
    "isni": Authority("ISNI", re.compile(r"\d{15}[\dX]"), f"{ISNI}{{id}}", re.compile(r"https?://(?:www\.)?isni\.org/isni/(\w+)")),
    "wikidata": Authority("Wikidata", re.compile(r"Q[1-9]\d*"), f"{WD}{{id}}",
                          re.compile(r"https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/(Q\d+)")),
    "gnd": Authority("GND", re.compile(r"1[012]?\d{7}[\dX]|[47]\d{6}-\d|[1-9]\d{0,7}-[\dX]|3\d{7}[\dX]"),
                     "https://d-nb.info/gnd/{id}", re.compile(r"https?://d-nb\.info/gnd/([\w-]+)/?")),
    "ulan": Authority("ULAN", re.compile(r"500\d{6}"), "http://vocab.getty.edu/ulan/{id}",
                      re.compile(r"https?://vocab\.getty\.edu/(?:page/)?ulan/(\d+)")),
    "geonames": Authority("GeoNames", re.compile(r"[1-9]\d*"), f"{GEONAMES}{{id}}/",
                          re.compile(r"https?://(?:sws\.|www\.)?geonames\.org/(\d+)(?:/.*)?")),
    "bnf": Authority("BnF", re.compile(r"c[bc]\d{8}[\dA-Za-z]"), f"{BNF_DATA}{{id}}#about",
                     re.compile(r"https?://(?:catalogue|ark|data)\.bnf\.fr/ark:/12148/(\w+?)(?:#about)?")),
}
#: ``@source`` values (lower-cased) -> the authority
SOURCES = {"lcnaf": "lcnaf", "naf": "lcnaf", "lcsh": "lcsh", "viaf": "viaf", "isni": "isni", "wikidata": "wikidata",
           "gnd": "gnd", "ulan": "ulan", "geonames": "geonames", "bnf": "bnf"}
_ARK = re.compile(r"ark:/?(\d{5})/(\S+)")
_URI = re.compile(r"https?://[^\s/<>\"{}|\\^`]+[^\s<>\"{}|\\^`]*")  # no character an IRI cannot hold


def authority_iri(scheme: str, ident: str) -> URIRef:
    """The authority's entity IRI for an identifier of its shape; a ValueError names the scheme or the
    identifier otherwise: ``authority_iri("geonames", "1871859")`` → ``https://sws.geonames.org/1871859/``.

    >>> str(authority_iri("wikidata", "Q855"))
    'http://www.wikidata.org/entity/Q855'
    """
    authority = AUTHORITIES.get(scheme)
    if authority is None:
        raise ValueError(f"unknown authority scheme {scheme!r}")
    if not authority.shape.fullmatch(ident):
        raise ValueError(f"{scheme} number {ident!r} is not of that authority's shape")
    return URIRef(authority.iri.format(id=ident))


def uri_link(value: str) -> URIRef | None:
    """An ``http(s)`` URI or an ARK as the entity IRI it names: an authority's page as its entity IRI, a
    BnF ARK as data.bnf.fr's, another ARK through n2t.net, any other URI as it is; None for anything else.

    >>> str(uri_link("https://www.wikidata.org/wiki/Q855")), str(uri_link("ark:/99166/w65k3tsm"))
    ('http://www.wikidata.org/entity/Q855', 'https://n2t.net/ark:/99166/w65k3tsm')
    """
    v = value.strip()
    if m := _ARK.fullmatch(v):
        v = f"https://n2t.net/ark:/{m.group(1)}/{m.group(2)}"
        if m.group(1) == "12148":
            v = f"https://catalogue.bnf.fr/ark:/12148/{m.group(2)}"
    if not _URI.fullmatch(v):
        return None
    for scheme, authority in AUTHORITIES.items():
        if authority.pages is not None and (m := authority.pages.fullmatch(v)):
            try:
                return authority_iri(scheme, m.group(1))
            except ValueError:
                return None  # an authority's URI naming no identifier of its shape: no link
    return URIRef(v)


def authority_link(source: str | None, number: str) -> tuple[URIRef | None, str | None]:
    """The entity IRI an authority's number names, with why a number was not linked (None when nothing
    needs saying: an unknown source is no authority of ours, its number stays the identifier it is)."""
    if (iri := uri_link(number)) is not None:
        return iri, None
    if number.strip().lower().startswith(("http:", "https:", "ark:")):
        return None, f"{source or 'authority'} URI {number!r} is malformed: not linked"
    scheme = SOURCES.get((source or "").strip().lower())
    if scheme is None:
        return None, None
    try:
        return authority_iri(scheme, number), None
    except ValueError as e:
        return None, f"{e}: not linked"
