"""The copies archives hold of a record: one ``rico:Instantiation`` per archive its citation names, and the
chain of record sets (fond, opis, delo …) it sits in, top level first, shared by every record cited in it.
"""
from __future__ import annotations

from rdflib import Literal, URIRef

from lod.mapping.mapped import MappedRecord
from lod.mapping.terms import en, english, lit, sub
from lod.model import ArchiveCitation
from lod.names import Entity
from lod.slug import slug
from lod.vocab import ICA_RECORD_SET_TYPE, RDF, RDFS, RICO, Local


def instantiation(local: Local, out: MappedRecord, n: int, ac: ArchiveCitation,
                   archive: tuple[URIRef, Entity] | None) -> None:
    """The copy an archive holds, and the chain of archival units it sits in (top level first)."""
    holder = archive[0] if archive else None
    s = out.subject
    inst = sub(s, "instantiation", str(n))
    out.add(s, RICO.hasOrHadInstantiation, inst)
    out.add(inst, RDF.type, RICO.Instantiation)
    out.add(inst, RICO.isOrWasInstantiationOf, s)
    out.add(inst, RICO.identifier, lit(ac.text))
    if holder is not None:
        out.add(inst, RICO.hasOrHadHolder, holder)
    if ac.folios:
        out.add(inst, RICO.instantiationExtent, english(f"folios {ac.folios}"))
    if ac.note:
        out.add(inst, RICO.note, english(ac.note))
    parent: URIRef | None = None
    path = archive[1].key if archive else slug(ac.archive or "unknown-archive")
    for unit in hierarchy(ac.units):
        path += f"/{slug(unit.level)}-{slug(unit.value)}"
        rs = local.record_set(path)
        out.share(rs, RDF.type, RICO.RecordSet)
        out.share(rs, RICO.identifier, Literal(unit.label))
        out.share(rs, RDFS.label, Literal(f"{ac.archive}, {unit.label}" if ac.archive else unit.label))
        out.share(rs, RICO.hasRecordSetType, local.concept("record-set-type", slug(unit.level)))
        if unit.level in ICA_RECORD_SET_TYPE:
            out.share(rs, RICO.hasRecordSetType, ICA_RECORD_SET_TYPE[unit.level])
        if parent is not None:
            out.share(rs, RICO.isOrWasIncludedIn, parent)
        elif holder is not None:
            out.share(rs, RICO.hasOrHadHolder, holder)
        parent = rs
    if parent is not None:
        out.add(s, RICO.isOrWasIncludedIn, parent)


LEVEL_RANK = {"record-group": 0, "fond": 0, "series": 1, "opis": 1, "box": 2, "doboz": 2, "papka": 2,
              "folder": 3, "delo": 3, "file": 3, "volume": 4, "item": 5, "document": 5}


def hierarchy(units: tuple) -> list:
    """Units from the top level down. Citations write them in varying order ("Fond, Opis, Delo, Papka"
    where the papka holds the delo); when every level is known, order by level, else keep as written.
    A series written before the fond groups fonds (Hungarian "M-KS 288. f."): it stays above the fond.

    >>> from lod.model.record import ArchivalUnit as U
    >>> [u.value for u in hierarchy((U("series", "M-KS", ""), U("fond", "288", ""), U("doboz", "66", "")))]
    ['M-KS', '288', '66']
    """
    levels = [u.level for u in units]
    above = "series" in levels and "fond" in levels and levels.index("series") < levels.index("fond")
    if all(u.level in LEVEL_RANK for u in units):
        return sorted(units, key=lambda u: -1 if above and u.level == "series" else LEVEL_RANK[u.level])
    return list(units)
