"""The curated links from our entities to other authorities (``data/authorities/links.tsv``).

Format (UTF-8, tab-separated, a header line, ``#`` comment lines and blank lines ignored)::

    entity  scheme  id  status  label  evidence

``entity`` is an entity path of ``entities.tsv`` (``person/stalin-iosif``); ``scheme`` wikidata|viaf|geonames;
``id`` the authority's identifier (``Q855``, a VIAF or GeoNames number); ``status`` confirmed (checked by hand
against the authority's own description), candidate (plausible, not so checked) or rejected (reviewed and
wrong: never proposed again, never published); ``label`` the authority's own label; ``evidence`` what the
authority says that matches (dates of life, offices) and where that was read.

Published as ``owl:sameAs`` for confirmed people, ``skos:exactMatch`` for confirmed places and bodies,
``skos:closeMatch`` for candidates:

>>> from lod.vocab import Local
>>> link = AuthorityLink("person/stalin-iosif", "wikidata", "Q855", "confirmed", "Joseph Stalin", "b. 1878")
>>> [str(t) for t in link_triples(Local("http://lod.test/"), [link])[0]]
['http://lod.test/id/person/stalin-iosif', 'http://www.w3.org/2002/07/owl#sameAs', 'http://www.wikidata.org/entity/Q855']
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from lod.mapping.authority_ids import AUTHORITIES, authority_iri
from lod.vocab import OWL, SKOS, Local

COLUMNS = ("entity", "scheme", "id", "status", "label", "evidence")
KINDS = ("person", "organisation", "place")
STATUSES = ("confirmed", "candidate", "rejected")
ID_PATTERNS = {scheme: AUTHORITIES[scheme].shape for scheme in ("wikidata", "viaf", "geonames")}  # the shared table's
ENTITY_PATH = re.compile(r"(person|organisation|place)/([a-z0-9]+(?:-[a-z0-9]+)*)")


class LinkError(ValueError):
    """A malformed links file or candidates file; the message starts with ``path:line:``."""


@dataclass(frozen=True, order=True)
class AuthorityLink:
    """One row of ``links.tsv``: our entity, the authority's identifier, and how sure we are."""

    entity: str  # "person/stalin-iosif"
    scheme: str  # "wikidata" | "viaf" | "geonames"
    id: str  # "Q855"
    status: str  # "confirmed" | "candidate" | "rejected"
    label: str = ""
    evidence: str = ""
    line: int = field(default=0, compare=False)

    @property
    def kind(self) -> str:
        return self.entity.split("/", 1)[0]

    @property
    def key(self) -> str:
        return self.entity.split("/", 1)[1]

    @property
    def iri(self) -> URIRef:
        """The authority's IRI for the thing: ``http://www.wikidata.org/entity/Q855``."""
        return authority_iri(self.scheme, self.id)

    def row(self) -> str:
        """The line of ``links.tsv`` for this link."""
        return "\t".join((self.entity, self.scheme, self.id, self.status, self.label, self.evidence))




def parse_links(text: str, source: str = "<links>") -> list[AuthorityLink]:
    """Parse the text of a links file; raise :class:`LinkError` naming ``source:line`` on a bad row."""
    links: list[AuthorityLink] = []
    seen: dict[tuple[str, str, str], int] = {}
    confirmed: dict[tuple[str, str], tuple[str, int]] = {}
    header = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue

        def fail(msg: str) -> LinkError:
            return LinkError(f"{source}:{lineno}: {msg}")

        cells = [c.strip() for c in raw.split("\t")]
        if not header:
            if tuple(cells) != COLUMNS:
                raise fail(f"header must be {' | '.join(COLUMNS)} (tab-separated), got {raw!r}")
            header = True
            continue
        if len(cells) != len(COLUMNS):
            raise fail(f"expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
        entity, scheme, ident, status, label, evidence = cells
        if not ENTITY_PATH.fullmatch(entity):
            raise fail(f"entity {entity!r} is not kind/key with kind one of {', '.join(KINDS)}")
        if scheme not in ID_PATTERNS:
            raise fail(f"unknown scheme {scheme!r} (expected one of {', '.join(ID_PATTERNS)})")
        if not ID_PATTERNS[scheme].fullmatch(ident):
            raise fail(f"{ident!r} is not a {scheme} identifier"
                       + (" (Q followed by digits)" if scheme == "wikidata" else " (digits)"))
        if status not in STATUSES:
            raise fail(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
        if status == "confirmed" and not evidence:
            raise fail("a confirmed link needs its evidence: what the authority says that matches")
        if (entity, scheme, ident) in seen:
            raise fail(f"duplicate link {entity} → {scheme}:{ident} (first on line {seen[entity, scheme, ident]})")
        seen[entity, scheme, ident] = lineno
        if status == "confirmed":
            other = confirmed.get((entity, scheme))
            if other:
                raise fail(f"{entity} already has a confirmed {scheme} link {other[0]} (line {other[1]}): "
                           "one thing has one identifier")
            confirmed[entity, scheme] = (ident, lineno)
        links.append(AuthorityLink(entity, scheme, ident, status, label, evidence, lineno))
    if not header:
        raise LinkError(f"{source}:1: missing header ({' | '.join(COLUMNS)})")
    return links


def load_links(path: Path) -> list[AuthorityLink]:
    """Read ``links.tsv``; raise :class:`LinkError` naming file and line on a malformed row."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise LinkError(f"{path}:1: not UTF-8 ({e.reason})") from None
    return parse_links(text, str(path))


def link_triples(local: Local, links: Iterable[AuthorityLink]) -> list[tuple[Node, Node, Node]]:
    """The statements the links publish, sorted: ``owl:sameAs`` for confirmed people, ``skos:exactMatch``
    for confirmed places and bodies, ``skos:closeMatch`` for candidates; rejected links publish nothing."""
    out: set[tuple[Node, Node, Node]] = set()
    for link in links:
        if link.status == "rejected":
            continue
        if link.status == "confirmed":
            predicate = OWL.sameAs if link.kind == "person" else SKOS.exactMatch
        else:
            predicate = SKOS.closeMatch
        out.add((local.agent(link.kind, link.key), predicate, link.iri))
    return sorted(out)


def link_counts(links: Iterable[AuthorityLink]) -> dict[str, int]:
    """How many entities have a confirmed link, and how many have candidates but no confirmed link.

    >>> link_counts([AuthorityLink("place/paris", "wikidata", "Q90", "confirmed", "Paris", "capital of France"),
    ...              AuthorityLink("place/asia", "wikidata", "Q48", "candidate")])
    {'confirmed': 1, 'candidate': 1}
    """
    links = list(links)
    confirmed = {link.entity for link in links if link.status == "confirmed"}
    candidate = {link.entity for link in links if link.status == "candidate"} - confirmed
    return {"confirmed": len(confirmed), "candidate": len(candidate)}


def confirmed_ids(links: Iterable[AuthorityLink], scheme: str = "wikidata") -> dict[str, str]:
    """Entity path → its confirmed identifier in ``scheme``."""
    return {link.entity: link.id for link in links if link.status == "confirmed" and link.scheme == scheme}


def rejected_ids(links: Iterable[AuthorityLink], scheme: str = "wikidata") -> set[tuple[str, str]]:
    """(entity path, identifier) pairs a reviewer rejected in ``scheme``."""
    return {(link.entity, link.id) for link in links if link.status == "rejected" and link.scheme == scheme}


def check_entities(links: Iterable[AuthorityLink], known: Iterable[str]) -> list[str]:
    """Problems of links whose entity is not in the authority file (``known`` entity paths)."""
    known = set(known)
    return [f"line {link.line}: unknown entity {link.entity}" for link in links if link.entity not in known]


def write_links(path: Path, links: Iterable[AuthorityLink]) -> None:
    """Rewrite ``path`` with ``links`` sorted (entity, scheme, id), keeping the leading comment block;
    written beside and renamed into place, so a reader never sees half a file."""
    path = Path(path)
    preamble: list[str] = []
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.lstrip().startswith("#") or not raw.strip():
                preamble.append(raw)
            else:
                break
    while preamble and not preamble[-1].strip():
        preamble.pop()
    rows = sorted({(link.entity, link.scheme, link.id): link for link in links}.values(),
                  key=lambda link: (link.entity, link.scheme, link.id))
    text = "\n".join([*preamble, "\t".join(COLUMNS), *(link.row() for link in rows)]) + "\n"
    parse_links(text, str(path))  # never write a file we could not read back
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)

