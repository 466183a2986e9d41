"""The scores as one text table, as JSON, and as per-file details (what was missed, what was spurious).

>>> from lod.evaluate.score import Scores
>>> print(table(Scores([])).splitlines()[0])
records found (by title)  — (0/0)
"""
from __future__ import annotations

from lod.evaluate.gold import ENTITY_LISTS
from lod.evaluate.score import FIELDS, FileScore, Ratio, Scores, our_gold_role

FIELD_NAMES = {"title": "title", "date": "date", "record_id": "record id", "citation": "citation",
               "summary_starts": "summary start", "archive_units": "archive units"}
PLURAL = {kind: name for name, kind in ENTITY_LISTS.items()}


def _f1(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def table(s: Scores) -> str:
    """One table: records found, each field, each kind's precision, recall and F1, roles, not-entities."""
    rows = [("records found (by title)", str(s.found))]
    rows += [(FIELD_NAMES[f], str(s.field(f))) for f in FIELDS]
    width = max(len(r[0]) for r in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    lines += ["", f"{'entity':<14}  {'precision':<16}  {'recall':<16}  F1"]
    for kind, name in PLURAL.items():
        lines.append(f"{name:<14}  {str(s.precision(kind)):<16}  {str(s.recall(kind)):<16}  {_f1(s.f1(kind))}")
    lines += ["", f"roles (correct persons)  {s.roles}",
              f"not-entities returned    {s.not_entities('person')} as persons, {s.not_entities('place')} as places"]
    return "\n".join(lines)


def _ratio(r: Ratio) -> dict:
    return {"right": r.right, "total": r.total, "ratio": r.value}


def as_json(s: Scores, details: bool = False) -> dict:
    """The table's figures as a JSON-ready dict (with ``files`` when ``details``)."""
    out: dict = {
        "records_found": _ratio(s.found),
        "fields": {f: _ratio(s.field(f)) for f in FIELDS},
        "entities": {name: {"precision": _ratio(s.precision(kind)), "recall": _ratio(s.recall(kind)),
                            "f1": s.f1(kind)} for kind, name in PLURAL.items()},
        "roles": _ratio(s.roles),
        "not_entities": {"persons": s.not_entities("person"), "places": s.not_entities("place")},
    }
    if details:
        out["files"] = [_file_json(f) for f in s.files]
    return out


def _file_json(f: FileScore) -> dict:
    return {
        "file": f.file, "record": f.record.iri if f.record else None, "found": f.found, "rejected": f.rejected,
        "fields": f.fields,
        "entities": {PLURAL[kind]: {
            "matched": [{"gold": g.name, "forms": e.forms, "iri": e.iri} for e, g in m.matched],
            "missed": [{"gold": g.name, "forms": list(g.forms)} for g in m.missed],
            "spurious": [{"forms": e.forms, "iri": e.iri} for e in m.spurious]} for kind, m in f.entities.items()},
        "wrong_roles": [{"gold": g.name, "gold_role": g.role, "role": our_gold_role(e.roles)}
                        for e, g in f.entities["person"].matched if our_gold_role(e.roles) != g.role],
        "not_entities": [{"forms": e.forms, "kind": e.kind, "not_entity": s} for e, s in f.not_entities],
    }


def _field_value(f: FileScore, name: str) -> str:
    r = f.record
    values = {"title": r.titles, "date": r.dates, "record_id": r.identifiers, "citation": r.citations,
              "summary_starts": [x[:60] for x in r.summaries], "archive_units": r.units}[name] if r else []
    return " | ".join(values) if values else "(none)"


def details(s: Scores) -> str:
    """Per file: why a record was not found, the fields that are wrong (with what was extracted), the
    entities missed and spurious, roles that differ, not-entities returned."""
    out: list[str] = []
    for f in s.files:
        out.append(f"== {f.file}" + ("" if f.found else "  (record not found)"))
        if f.rejected:
            out.append(f"  rejected: {f.rejected}")
        elif f.record is None:
            out.append("  no record came from this file")
        for name in FIELDS:
            if not f.fields[name]:
                want = getattr(f.gold, name)
                want = " | ".join(want) if isinstance(want, tuple) else want
                out.append(f"  {FIELD_NAMES[name]} wrong: gold {want!r}, extracted {_field_value(f, name)}")
        for kind, m in f.entities.items():
            if m.missed:
                out.append(f"  {PLURAL[kind]} missed: " + "; ".join(" / ".join(g.forms) for g in m.missed))
            if m.spurious:
                out.append(f"  {PLURAL[kind]} spurious: " + "; ".join(" / ".join(e.forms) for e in m.spurious))
        for e, g in f.entities["person"].matched:
            if our_gold_role(e.roles) != g.role:
                out.append(f"  role of {g.name}: gold {g.role}, ours {our_gold_role(e.roles)} "
                           f"({', '.join(sorted(e.roles)) or 'no relation'})")
        for e, text in f.not_entities:
            out.append(f"  not-entity returned as a {e.kind}: {text!r}")
    return "\n".join(out)
