"""One record from the several sources of one record id (a page and a CSV row of it), whatever their order.

>>> from lod.model import Record
>>> merge([Record("a.txt", "page-current", title="T"), Record("b.csv", "csv", summary="S")]).summary
'S'
"""
from __future__ import annotations

from dataclasses import fields as dc_fields

from lod.model import Record


def merge(records: list[Record]) -> Record:
    """One record from several sources of the same record id (e.g. a page and a CSV row).

    Complete sources come first, then by source name, so the result does not depend on input order:
    scalars take the first value present, lists are united in that order.
    """
    ordered = sorted(records, key=lambda r: (r.truncated, r.source))
    base = ordered[0]
    for other in ordered[1:]:
        for f in dc_fields(Record):
            mine, theirs = getattr(base, f.name), getattr(other, f.name)
            if isinstance(mine, list):
                if f.name in ("missing",):
                    continue
                seen = {str(x).lower() for x in mine}
                mine.extend(x for x in theirs if str(x).lower() not in seen)
            elif mine in (None, "", False) and theirs not in (None, ""):
                setattr(base, f.name, theirs)
    if len(ordered) > 1:
        present = {f for r in ordered for f in _present(r)}
        base.missing = [m for m in ordered[0].missing if m not in present]
        base.truncated = all(r.truncated for r in ordered)
    return base


def _present(rec: Record) -> set[str]:
    return {name for name, value in (("summary", rec.summary), ("body", rec.body), ("date", rec.date),
                                     ("source citation", rec.citation), ("rights", rec.rights),
                                     ("record id", rec.id_origin in ("record-id", "citation-url")))
            if value}
