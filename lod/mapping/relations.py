"""The relations a record evidences: one RiC-O relation per (role, entity) it names, one
``rico:PositionHoldingRelation`` per office it says a person held, each with the name forms it used and
where in its text (``TextSpan`` occurrences, offsets in code points).
"""
from __future__ import annotations

import pyoxigraph as ox

from lod.mapping.mapped import MappedRecord
from lod.mapping.terms import en, lit, sub
from lod.store.terms import as_ox
from lod.model import Record
from lod.vocab import RDF, RDFS, RICO, SKOS, Local, agent_path, escape_key

ROLE_CLASSES = {  # role -> classes of the relation (RiC-O's where one exists, else ours)
    "author": ("CreationRelation",), "sender": ("CreationRelation",), "contributor": ("CreationRelation",),
    "translator": ("CreationRelation",), "addressee": ("AddresseeRelation",),
    "participant": ("ParticipationRelation",), "mentioned": ("MentionRelation",),
}
FIELDS = ("title", "summary", "body")  # the texts mentions are found in, in this order


def relations(local: Local, out: MappedRecord, rec: Record) -> None:
    """One RiC-O relation per (role, entity): evidenced by the record, dated by it, with the name
    forms the source used and the character offsets of each mention (into the field's text)."""
    s = out.subject
    date = sub(s, "date", "creation") if rec.date else None
    for (role, _), r in sorted(out.roles.items()):
        rel = sub(s, "relation", role, agent_path(r.entity.kind, r.entity.key))
        for cls in ROLE_CLASSES[role]:
            out.add(rel, RDF.type, RICO[cls] if cls == "CreationRelation" else local.terms[cls])
        if ROLE_CLASSES[role] != ("CreationRelation",):
            out.add(rel, RDF.type, RICO.Relation)
        else:
            out.add(rel, RICO.creationWithRole, local.concept("role", role))
        out.add(rel, local.terms["role"], local.concept("role", role))
        out.add(s, RICO.evidences, rel)
        out.add(rel, RICO.relationHasSource, s)
        out.add(rel, RICO.relationHasTarget, r.iri)
        out.add(rel, RICO.isEvidencedBy, s)
        if date is not None:
            out.add(rel, RICO.relationHasDate, date)
        for form in r.forms:
            out.add(rel, local.terms["nameForm"], lit(form))
        occurrences(local, out, rel, r.spans)


def offices(local: Local, out: MappedRecord, rec: Record) -> None:
    """Offices the record says a person held ("Soviet Ambassador Shtykov"): a rico:Position and the
    person's rico:occupiesOrOccupied (shared), and a rico:PositionHoldingRelation evidenced by the record,
    dated by it, with the words it used."""
    s, terms = out.subject, local.terms
    date = sub(s, "date", "creation") if rec.date else None
    for (_, key), (person, holder, pm, spans) in sorted(out.offices.items()):
        if "-of-" not in key and "-in-" not in key:
            # a bare title ("President") names no body or country: one position per holder, never one
            # "President" shared by the presidents of different states
            key = f"{key}/{holder.key}"
        position = local.position(key)
        out.share(position, RDF.type, RICO.Position)
        out.share(position, RDFS.label, en(pm.label))
        out.share(position, SKOS.prefLabel, en(pm.label))
        rel = sub(s, "relation", "position", agent_path(holder.kind, holder.key), escape_key(key))
        out.add(s, RICO.evidences, rel)
        out.share(person, RICO.occupiesOrOccupied, position)  # once, however many records evidence it
        out.add(rel, RDF.type, RICO.PositionHoldingRelation)
        out.add(rel, RICO.relationHasSource, person)
        out.add(rel, RICO.relationHasTarget, position)
        out.add(rel, RICO.isEvidencedBy, s)
        if date is not None:
            out.add(rel, RICO.relationHasDate, date)
        for surface in dict.fromkeys(surface for *_, surface in sorted(spans)):
            out.add(rel, terms["nameForm"], lit(surface))
        occurrences(local, out, rel, set(spans))


def occurrences(local: Local, out: MappedRecord, rel: ox.NamedNode, spans) -> None:
    """Where a relation's target is named: one TextSpan per (field, start, end), offsets in code points."""
    terms = local.terms
    occurrence, in_field, start_at, end_at = (as_ox(terms[k]) for k in ("occurrence", "inField", "start", "end"))
    for fld, start, end, _surface in sorted(spans, key=lambda x: (FIELDS.index(x[0]), x[1], x[2])):
        span = sub(out.subject, "mention", fld, f"{start}-{end}")
        out.add(rel, occurrence, span)
        out.add(span, in_field, lit(fld))
        out.add(span, start_at, lit(start))
        out.add(span, end_at, lit(end))
