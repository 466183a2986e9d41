"""The collection's published identity (its title, publisher, rights, licence, citation key prefix, the type
of the record ids its pages print), read from a TOML file, so that a second archive is configuration, not
code. The bundled ``data/collection.toml`` (the collection this project was first built for) is the default.

Which file: ``--collection FILE`` (env ``LOD_COLLECTION``); else the copy the store was ingested with
(``{store}/collection.toml``, written by ``lod ingest`` beside the dumps); else the bundled one. An ingest
gives each input the collection of the ``collection.toml`` nearest to it (:mod:`lod.assignment`: several
collections in one store, this one the site's identity).

>>> c = bundled()
>>> c.citation_key_prefix, c.identifier_type, c.key
('wcda', 'wcda-record-id', 'wcda')
>>> parse('name = "X"', "x.toml")
Traceback (most recent call last):
...
lod.collection.CollectionError: x.toml: key 'title' is missing (the dataset's title)
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from rdflib import Literal, URIRef

from lod.config import REPO_DATA, Config
from lod.store.base import Triple
from lod.vocab import RDF, RDFS, RICO, SKOS, Local

BUNDLED = REPO_DATA / "collection.toml"
FILE_NAME = "collection.toml"
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")  # what goes into IRIs and citation keys


class CollectionError(ValueError):
    """A collection file that cannot be read, or a key in it that is missing or wrong; names file and key."""


@dataclass(frozen=True)
class Collection:
    """What the published data says it is and who publishes it (the keys of ``collection.toml``)."""

    name: str  # the collection as its own site names it
    title: str  # the dataset's dcterms:title
    publisher: str  # dcterms:publisher of the dataset
    rights: str  # dcterms:rights of the dataset
    citation_key_prefix: str  # [citation] key_prefix: BibTeX / CSL keys are the prefix and the record id
    description: str = ""  # the dataset's dcterms:description
    summary: str = ""  # what the records are, for the home page and the footer ("Declassified documents …")
    site_name: str = ""  # the site's brand in every page's header (default: name)
    homepage: str = ""  # the collection's own site, linked from every page ("": none)
    licence: str = ""  # a licence's URI; "": the rights statement is the licence document
    citation_publisher: str = ""  # [citation] publisher: the publisher a citation names (default: publisher)
    citation_archive: str = ""  # [citation] archive: as the archive's own citations name itself (default: name)
    identifier_key: str = ""  # [identifier] key: the printed id's node, {record}/identifier/{key} (default: prefix)
    identifier_type: str = ""  # [identifier] type: its concept, {base}vocab/identifier-type/{type}
    identifier_label: str = ""  # [identifier] label: that concept's label
    key: str = ""  # the collection's key among a publisher's: ``{base}id/collection/{key}`` (default: the prefix)
    ead: tuple[tuple[str, str], ...] = ()  # [ead]: what its EAD files leave unsaid (lod.mapping.ead_settings)

    def identifier_concept(self, local: Local) -> URIRef:
        """The concept of the record ids the collection's pages print."""
        return local.concept("identifier-type", self.identifier_type)

    def identifier_triples(self, local: Local) -> list[Triple]:
        """That concept, in the identifier-type scheme of ``vocab/schemes.ttl``."""
        c = self.identifier_concept(local)
        label = Literal(self.identifier_label, lang="en")
        return [(c, RDF.type, RICO.IdentifierType), (c, RDF.type, SKOS.Concept),
                (c, SKOS.inScheme, local.vocab["identifier-type"]),
                (c, SKOS.prefLabel, label), (c, RDFS.label, label)]


# key in the file -> (field, what it is, required)
KEYS = {
    "key": ("key", "the collection's key: letters, digits, - or _", False),
    "name": ("name", "the collection's name", True),
    "title": ("title", "the dataset's title", True),
    "publisher": ("publisher", "who publishes the dataset", True),
    "rights": ("rights", "the dataset's rights statement", True),
    "description": ("description", "the dataset's description", False),
    "summary": ("summary", "what the records are", False),
    "site_name": ("site_name", "the site's brand", False),
    "homepage": ("homepage", "the collection's own site, an http(s) URI", False),
    "licence": ("licence", "a licence's http(s) URI", False),
    "citation.key_prefix": ("citation_key_prefix", "the citation key prefix: letters, digits, - or _", True),
    "citation.publisher": ("citation_publisher", "the publisher a citation names", False),
    "citation.archive": ("citation_archive", "the archive a citation names", False),
    "identifier.key": ("identifier_key", "the identifier node's key: letters, digits, - or _", False),
    "identifier.type": ("identifier_type", "the record id's identifier type: letters, digits, - or _", False),
    "identifier.label": ("identifier_label", "the identifier type's label", False),
}
#: the keys of the ``[ead]`` table: fields of :class:`lod.mapping.ead_settings.EadSettings` (all strings)
EAD_KEYS = ("language", "object_format", "object_technique", "publisher_id", "language_iri")
_TOKENS = ("key", "citation.key_prefix", "identifier.key", "identifier.type")
_URIS = ("homepage", "licence")


def parse(text: str, name: str) -> Collection:
    """A collection from the TOML ``text`` of the file ``name`` (for messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise CollectionError(f"{name}: not valid TOML: {e}") from None
    flat: dict[str, object] = {}
    ead = _ead(data.pop("ead", {}), name)
    for key, value in data.items():
        if key in ("citation", "identifier") and isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    unknown = sorted(set(flat) - set(KEYS))
    if unknown:
        raise CollectionError(f"{name}: unknown key {unknown[0]!r} (the keys are {', '.join(KEYS)})")
    values: dict[str, str] = {}
    for key, (attr, what, required) in KEYS.items():
        value = flat.get(key)
        if value is None:
            if required:
                raise CollectionError(f"{name}: key {key!r} is missing ({what})")
            continue
        if not isinstance(value, str):
            raise CollectionError(f"{name}: key {key!r} must be a string ({what}), got {value!r}")
        value = " ".join(value.split())
        if required and not value:
            raise CollectionError(f"{name}: key {key!r} is empty ({what})")
        if value and key in _TOKENS and not _TOKEN.fullmatch(value):
            raise CollectionError(f"{name}: key {key!r} must be {what}, got {value!r}")
        if value and key in _URIS and not re.match(r"https?://\S+$", value):
            raise CollectionError(f"{name}: key {key!r} must be {what}, got {value!r}")
        values[attr] = value
    prefix = values["citation_key_prefix"]
    values.setdefault("key", prefix)
    values.setdefault("site_name", values["name"])
    values.setdefault("citation_publisher", values["publisher"])
    values.setdefault("citation_archive", values["name"])
    values.setdefault("identifier_key", prefix)
    values.setdefault("identifier_type", f"{prefix}-record-id")
    values.setdefault("identifier_label", f"{values['name']} record ID")
    return Collection(**{f.name: values.get(f.name, "") for f in fields(Collection) if f.name != "ead"}, ead=ead)


def _ead(table: object, name: str) -> tuple[tuple[str, str], ...]:
    """The ``[ead]`` table's settings, checked: each a key of :data:`EAD_KEYS` with a string value."""
    if not isinstance(table, dict):
        raise CollectionError(f"{name}: 'ead' must be a table ([ead]) of {', '.join(EAD_KEYS)}")
    for key, value in table.items():
        if key not in EAD_KEYS:
            raise CollectionError(f"{name}: unknown key 'ead.{key}' (the [ead] keys are {', '.join(EAD_KEYS)})")
        if not isinstance(value, str) or not value.strip():
            raise CollectionError(f"{name}: key 'ead.{key}' must be a non-empty string, got {value!r}")
    return tuple(sorted((k, v.strip()) for k, v in table.items()))


def load(path: Path) -> Collection:
    """The collection file at ``path``."""
    return read(path)[0]


def read(path: Path) -> tuple[Collection, str]:
    """The collection file at ``path``, and its TOML text (for the store's copy)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise CollectionError(f"cannot read the collection file {path}: {getattr(e, 'strerror', None) or e}") from None
    return parse(text, str(path)), text


def bundled() -> Collection:
    """The default: the bundled ``data/collection.toml``."""
    return load(BUNDLED)


def recorded(config: Config) -> Path:
    """Where ``lod ingest`` keeps the collection file the store was ingested with."""
    return Path(config.store) / FILE_NAME


def for_serving(config: Config) -> Collection:
    """The collection a served (or linked) store publishes: the given file, else the store's copy, else the
    bundled one."""
    kept = recorded(config)
    return load(config.collection or (kept if kept.is_file() else BUNDLED))


def keep(config: Config, text: str) -> None:
    """Write the collection file an ingest used beside the store (atomically: a reader sees old or new)."""
    target = recorded(config)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{FILE_NAME}.{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
