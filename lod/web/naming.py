"""How the pages name IRIs: our own as site-relative URLs (:class:`Site`), properties by their prefixed
names (:func:`curie`), other authorities' entries by authority and identifier (:func:`authority_name`),
and anything unlabelled by its last path segment (:func:`fallback_label`).

>>> Site("http://lod.test/").url("http://lod.test/id/person/kim-il-sung")
'/doc/person/kim-il-sung'
>>> curie("https://www.ica.org/standards/RiC/ontology#hasSender")
'rico:hasSender'
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from rdflib.term import Node

from lod.mapping.authority_ids import AUTHORITIES as ID_AUTHORITIES
from lod.vocab import PREFIXES, Local
from lod.web.viewmodel import Link


class Site:
    """Turns IRIs under the deployment's base into site-relative document URLs (the layout's
    :meth:`lod.vocab.Local.site_path`)."""

    def __init__(self, base: str) -> None:
        self.local = Local(base)

    def url(self, iri: str | Node) -> str | None:
        """``{base}id/x/y`` → ``/doc/x/y``; ``{base}vocab/…`` → ``/doc/vocab/…``; other http(s) IRIs as they
        are; None for what has no page (named graphs, other schemes)."""
        s = str(iri)
        if self.local.owns(s):
            return self.local.site_path(s)
        return s if s.startswith(("http://", "https://")) else None

    def link(self, iri: Node, label: Node | str | None = None, kind: str = "") -> Link:
        return Link(str(label) if label else fallback_label(iri), self.url(iri), str(iri), kind)


def fallback_label(iri: Node | str) -> str:
    """A readable name for an unlabelled IRI: its last path segment or fragment."""
    s = str(iri).rstrip("/")
    tail = re.split(r"[/#]", s)[-1] or s
    return unquote(tail).replace("-", " ") if tail else s



def curie(iri: str | Node) -> str:
    """``rico:hasSender`` for a property IRI in one of our namespaces; else the IRI."""
    s = str(iri)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if s.startswith(ns) and re.fullmatch(r"[A-Za-z_][\w.-]*", s[len(ns):] or "-"):
            return f"{prefix}:{s[len(ns):]}"
    return s



AUTHORITIES = (  # IRI prefix -> the authority's name (entity IRIs as published, and their web pages)
    *((a.prefix, a.name) for a in ID_AUTHORITIES.values()), ("https://www.wikidata.org/entity/", "Wikidata"),
    ("https://www.wikidata.org/wiki/", "Wikidata"),
    ("https://viaf.org/viaf/", "VIAF"),
    ("http://sws.geonames.org/", "GeoNames"), ("https://www.geonames.org/", "GeoNames"),
    ("http://id.loc.gov/vocabulary/iso639-2/", "ISO 639-2"),
)


def authority_name(iri: str | Node) -> tuple[str, str]:
    """(authority, identifier) for another authority's IRI; the host and path when it is not one we know.

    >>> authority_name("http://www.wikidata.org/entity/Q855")
    ('Wikidata', 'Q855')
    >>> authority_name("https://sws.geonames.org/1871859/"), authority_name("https://data.bnf.fr/ark:/12148/cb1#about")
    (('GeoNames', '1871859'), ('BnF', 'cb1'))
    """
    s = str(iri)
    for prefix, name in AUTHORITIES:
        if s.startswith(prefix) and s[len(prefix):].strip("/"):
            return name, unquote(s[len(prefix):].strip("/").split("/")[0].split("#")[0])
    m = re.match(r"[a-z][a-z0-9+.-]*://([^/?#]+)(.*)", s)
    return (m.group(1), unquote(m.group(2).strip("/"))) if m else ("", s)

