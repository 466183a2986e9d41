"""The curated authority file: one row per real person, organisation or place.

Format (UTF-8, tab-separated, header required, ``#`` comment lines and blank lines ignored)::

    kind    key     label   lang    variants        note

``kind`` is person|organisation|place, ``key`` a stable lower-case slug (unique in the file),
``variants`` other spellings separated by ``|``.

An authority file may also be RDF (``.ttl``, ``.rdf``, ``.jsonld``, …, read by :mod:`lod.safe_rdf`): each
subject with a ``skos:prefLabel`` and a type (``foaf:Person``/``schema:Person``/``rico:Person``;
``foaf:Organization``/``schema:Organization``/``rico:CorporateBody``; ``schema:Place``/``rico:Place``/
``dcterms:Location``) is one entity; its key is its ``dcterms:identifier``, else the last segment of its IRI;
``skos:altLabel`` (and further preferred labels) are the variants, ``skos:note``/``skos:scopeNote`` the note.

>>> e = Entity("person", "kim-il-sung", "Kim Il Sung", "ko-Latn", {"Kim Il-sung"}, "")
>>> e.path
'person/kim-il-sung'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from lod.names.normalise import KINDS
from lod.safe_rdf import FORMATS, RDFInputError, read_rdf

COLUMNS = ("kind", "key", "label", "lang", "variants", "note")
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


class AuthorityError(ValueError):
    """A malformed authority file; the message starts with ``path:line:``."""


@dataclass(eq=False)
class Entity:
    """One real-world entity. Compared by identity: the resolver hands out the same object."""

    kind: str
    key: str
    label: str
    lang: str = "en"
    variants: set[str] = field(default_factory=set)
    note: str = ""

    @property
    def path(self) -> str:
        """The URI path segment, e.g. ``person/stalin-iosif``."""
        return f"{self.kind}/{self.key}"

    @property
    def forms(self) -> list[str]:
        """The label followed by the variants, sorted (deterministic)."""
        return [self.label, *sorted(v for v in self.variants if v != self.label)]

    def __repr__(self) -> str:
        return f"Entity({self.path!r}, {self.label!r}, {len(self.variants)} variants)"


def load_authority(path: str | PathLike[str]) -> list[Entity]:
    """Read an authority TSV (or RDF file, by extension); raise :class:`AuthorityError` naming file and line
    (or subject) on a bad row.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
    ...     _ = f.write("kind\\tkey\\tlabel\\tlang\\tvariants\\tnote\\nplace\\tpyongyang\\tPyongyang\\ten\\tP'yŏngyang\\t\\n")
    >>> [e.path for e in load_authority(f.name)]; os.unlink(f.name)
    ['place/pyongyang']
    """
    if Path(path).suffix.lower() in FORMATS:
        return _load_rdf_authority(Path(path))
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    text = Path(path).read_text(encoding="utf-8")
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue

        def fail(msg: str) -> AuthorityError:
            return AuthorityError(f"{path}:{lineno}: {msg}")

        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != COLUMNS:
                raise fail(f"header must be {' | '.join(COLUMNS)}, got {cells!r}")
            header_seen = True
            continue
        if len(cells) != len(COLUMNS):
            raise fail(f"expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
        kind, key, label, lang, variants, note = (c.strip() for c in cells)
        if kind not in KINDS:
            raise fail(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        if not _KEY.fullmatch(key):
            raise fail(f"key {key!r} is not a lower-case slug")
        if key in seen:
            raise fail(f"duplicate key {key!r} (first on line {seen[key]})")
        if not label:
            raise fail("empty label")
        if lang and not _LANG.fullmatch(lang):
            raise fail(f"bad language tag {lang!r}")
        seen[key] = lineno
        vs = {v.strip() for v in variants.split("|") if v.strip() and v.strip() != label}
        entities.append(Entity(kind, key, label, lang or "en", vs, note))
    if not header_seen:
        raise AuthorityError(f"{path}:1: missing header")
    return entities


def _rdf_kinds() -> dict[str, str]:
    from lod.vocab import DCTERMS, FOAF, RICO, SCHEMA
    return {str(t): kind for kind, types in (
        ("person", (FOAF.Person, SCHEMA.Person, RICO.Person)),
        ("organisation", (FOAF.Organization, SCHEMA.Organization, SCHEMA.ArchiveOrganization, RICO.CorporateBody)),
        ("place", (SCHEMA.Place, RICO.Place, DCTERMS.Location))) for t in types}


def _load_rdf_authority(path: Path) -> list[Entity]:
    """Entities from an RDF authority file (see the module's docstring), sorted by path."""
    from rdflib import Literal, URIRef

    from lod.vocab import DCTERMS, RDF, SKOS
    try:
        g = read_rdf(path)
    except RDFInputError as e:
        raise AuthorityError(f"{path}:1: {e.reason}") from None
    kinds = _rdf_kinds()
    entities: dict[str, Entity] = {}
    first: dict[str, str] = {}  # key -> the subject that had it first
    for subject in sorted(set(g.subjects(SKOS.prefLabel, None)), key=str):
        def fail(msg: str) -> AuthorityError:
            return AuthorityError(f"{path}: <{subject}>: {msg}")

        found = sorted({kinds[str(t)] for t in g.objects(subject, RDF.type) if str(t) in kinds})
        if not found:
            if set(g.objects(subject, RDF.type)) & {SKOS.ConceptScheme, SKOS.Collection}:
                continue  # a scheme's own label, not an entity
            raise fail(f"no type we know (a person, organisation or place type: {', '.join(sorted(kinds))})")
        if len(found) > 1:
            raise fail(f"typed as several kinds ({', '.join(found)})")
        labels = sorted((o for o in g.objects(subject, SKOS.prefLabel) if isinstance(o, Literal)),
                        key=lambda o: (not (o.language or "en").startswith("en"), o.language or "", str(o)))
        if not labels or not str(labels[0]).strip():
            raise fail("empty skos:prefLabel")
        ids = sorted(str(o).strip() for o in g.objects(subject, DCTERMS.identifier) if isinstance(o, Literal))
        key = ids[0] if ids else (str(subject).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
                                  if isinstance(subject, URIRef) else "")
        if not _KEY.fullmatch(key):
            raise fail(f"key {key!r} (from dcterms:identifier or the IRI) is not a lower-case slug")
        label = str(labels[0]).strip()
        lang = labels[0].language or "en"
        if not _LANG.fullmatch(lang):
            raise fail(f"bad language tag {lang!r}")
        variants = {str(o).strip() for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(subject, p)
                    if isinstance(o, Literal) and str(o).strip() and str(o).strip() != label}
        note = " ".join(sorted(str(o).strip() for p in (SKOS.note, SKOS.scopeNote) for o in g.objects(subject, p)))
        if key in entities:
            raise fail(f"duplicate key {key!r} (also <{first[key]}>)")
        entities[key], first[key] = Entity(found[0], key, label, lang, variants, note), str(subject)
    if not entities:
        raise AuthorityError(f"{path}:1: no entities (subjects with a skos:prefLabel and a person, "
                             f"organisation or place type)")
    return sorted(entities.values(), key=lambda e: e.path)
