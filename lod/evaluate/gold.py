"""Gold annotations in the dev set's format (``gold.jsonl``: one JSON object per record) and the
normalisation every comparison uses.

>>> norm("  Kim\u00a0Il   SUNG ")
'kim il sung'
>>> g = parse_gold_line('{"file": "a.txt", "title": "T", "persons": [{"name": "X", "forms": ["X"], '
...                     '"role": "sender"}], "archive_units": [{"type": "fond", "value": "45"}]}', "gold.jsonl:1")
>>> g.file, g.entities[0].kind, g.entities[0].role, g.archive_units
('a.txt', 'person', 'sender', ('45',))
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

#: gold list name -> the entity kind it holds (the kinds of ``lod.search.NAMED_KINDS``)
ENTITY_LISTS = {"persons": "person", "organisations": "organisation", "places": "place"}
GOLD_ROLES = ("sender", "addressee", "author", "participant", "mentioned")  # "first that applies", in this order


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


def norm(text: str) -> str:
    """The dev set's normalisation: Unicode NFC, non-breaking space to space, whitespace runs to one space,
    case-folded (and trimmed)."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class GoldEntity:
    """A person, body or place of one record, with the forms the page writes it in."""

    kind: str  # person | organisation | place
    name: str
    forms: tuple[str, ...]
    role: str | None = None  # persons only: one of GOLD_ROLES


@dataclass(frozen=True)
class GoldRecord:
    """One line of ``gold.jsonl``: what should be extracted from ``file``."""

    file: str
    title: str | None
    date: str | None = None
    record_id: str | None = None
    citation: str | None = None
    summary_starts: str | None = None
    archive_units: tuple[str, ...] = ()  # the units' values, in citation order
    entities: tuple[GoldEntity, ...] = ()
    not_entities: tuple[str, ...] = ()


def _text(value: object, where: str, key: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "record_id":
        return str(value)
    raise GoldError(f"{where}: {key!r} must be a string or null, got {type(value).__name__}")


def _list(value: object, where: str, key: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise GoldError(f"{where}: {key!r} must be a list, got {type(value).__name__}")
    return value


def parse_gold_line(line: str, where: str) -> GoldRecord:
    """One gold record from one JSON line; ``where`` ("file:line") names it in errors."""
    try:
        d = json.loads(line)
    except json.JSONDecodeError as e:
        raise GoldError(f"{where}: not JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(d, dict):
        raise GoldError(f"{where}: expected a JSON object, got {type(d).__name__}")
    if not isinstance(d.get("file"), str) or not d["file"]:
        raise GoldError(f"{where}: no \"file\" (the record file the line annotates)")
    entities: list[GoldEntity] = []
    for key, kind in ENTITY_LISTS.items():
        for n, e in enumerate(_list(d.get(key), where, key), 1):
            if not isinstance(e, dict):
                raise GoldError(f"{where}: {key}[{n}] must be an object with \"name\" and \"forms\"")
            forms = [f for f in _list(e.get("forms"), where, f"{key}[{n}].forms") if isinstance(f, str) and f]
            name = _text(e.get("name"), where, f"{key}[{n}].name")
            if not forms and name:
                forms = [name]
            if not forms:
                raise GoldError(f"{where}: {key}[{n}] has neither forms nor a name")
            role = _text(e.get("role"), where, f"{key}[{n}].role") if kind == "person" else None
            if role is not None and role not in GOLD_ROLES:
                raise GoldError(f"{where}: {key}[{n}].role {role!r} is none of {', '.join(GOLD_ROLES)}")
            entities.append(GoldEntity(kind, name or forms[0], tuple(forms), role))
    units = []
    for n, u in enumerate(_list(d.get("archive_units"), where, "archive_units"), 1):
        value = u.get("value") if isinstance(u, dict) else None
        if not isinstance(value, str):
            raise GoldError(f"{where}: archive_units[{n}] must be an object with a string \"value\"")
        units.append(value)
    return GoldRecord(
        file=d["file"], title=_text(d.get("title"), where, "title"), date=_text(d.get("date"), where, "date"),
        record_id=_text(d.get("record_id"), where, "record_id"),
        citation=_text(d.get("citation"), where, "citation"),
        summary_starts=_text(d.get("summary_starts"), where, "summary_starts"),
        archive_units=tuple(units), entities=tuple(entities),
        not_entities=tuple(s for s in _list(d.get("not_entities"), where, "not_entities") if isinstance(s, str)))


def load_gold(path: Path) -> list[GoldRecord]:
    """Every record of a gold file (blank lines skipped); a GoldError names the line that is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise GoldError(f"cannot read {path}: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise GoldError(f"{path}: not UTF-8 (byte {e.start})") from None
    records = [parse_gold_line(line, f"{path}:{n}") for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    seen: set[str] = set()
    for r in records:
        if r.file in seen:
            raise GoldError(f"{path}: two gold lines for the file {r.file}")
        seen.add(r.file)
    return records
