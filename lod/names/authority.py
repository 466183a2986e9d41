"""The curated authority file: one row per real person, organisation or place.

Format (UTF-8, tab-separated, header required, ``#`` comment lines and blank lines ignored)::

    kind    key     label   lang    variants        note

``kind`` is person|organisation|place, ``key`` a stable lower-case slug (unique in the file),
``variants`` other spellings separated by ``|``.

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
    """Read an authority TSV; raise :class:`AuthorityError` naming file and line on a bad row.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
    ...     _ = f.write("kind\\tkey\\tlabel\\tlang\\tvariants\\tnote\\nplace\\tpyongyang\\tPyongyang\\ten\\tP'yŏngyang\\t\\n")
    >>> [e.path for e in load_authority(f.name)]; os.unlink(f.name)
    ['place/pyongyang']
    """
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
