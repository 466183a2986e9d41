"""An authority record's ``cpfRelation`` and ``resourceRelation`` elements as RiC-O relation nodes and shortcut
properties, with the RiC-O Converter's choice of relation class (eac2rico unit tests ``_24`` to ``_34``):

- ``identity`` → ``owl:sameAs`` (BnF catalogue → data.bnf.fr ``#about``, Wikipedia → DBpedia, Wikidata page →
  entity); no node.
- ``hierarchical-parent`` / ``-child`` → ``rico:AgentHierarchicalRelation`` (the superior is the source), a
  ``rico:GroupSubdivisionRelation`` (arcrole, legal status "service d'administration centrale", a ministry's
  "cabinet") or ``rico:AgentControlRelation`` (arcrole, "tutelle" / "contrôle" in the note).
- ``temporal-earlier`` / ``-later`` → ``rico:AgentTemporalRelation``; ``associative`` → Leadership, control,
  membership, work or plain ``rico:AgentToAgentRelation``; ``family`` → ``rico:FamilyRelation`` between persons,
  ``rico:MembershipRelation`` between a family and a person.
- ``resourceRelation`` ``creatorOf`` → ``rico:OrganicProvenanceRelation`` from the record resource.

>>> target_id("FRAN_NP_999999"), target_id("http://x.org/a#b"), target_id("")
('FRAN_NP_999999', 'http://x.org/a#b', None)
>>> identity_link("http://catalogue.bnf.fr/ark:/12148/cb11868511w")
rdflib.term.URIRef('https://data.bnf.fr/ark:/12148/cb11868511w#about')
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from lod.mapping.authority_ids import uri_link
from lod.mapping.eac_text import date_literal, note_literal
from lod.mapping.mapped import MappedRecord
from lod.mapping.scoped_keys import Canonical, agent_key, as_is
from lod.model.authority_record import ENTITY_KINDS, AuthorityRecord, DateRange, Relation, Text
from lod.slug import slug
from lod.vocab import DCTERMS, OWL, RDF, RDFS, RICO, Local

CLASSES = {"person": RICO.Person, "corporateBody": RICO.CorporateBody, "family": RICO.Family}
SUBDIVISION_ARCROLES = {"isSubdivisionOf", "hasSubdivision"}
CONTROL_ARCROLES = {"isControlledBy": False, "controls": True, "isSuperiorOf": True, "isInferiorOf": False}
#: relation labels: the converter's French, and English for records in another language
EN_LABELS = {
    'Relation de contrôle entre "{a}" et "{b}"':
        'Control relation between "{a}" and "{b}"',
    'Relation de subdivision entre "{a}" et "{b}"':
        'Subdivision relation between "{a}" and "{b}"',
    'Relation hiérarchique entre "{a}" et "{b}"':
        'Hierarchical relation between "{a}" and "{b}"',
    'Relation temporelle entre le précédent "{a}" et le suivant "{b}"':
        'Temporal relation between the predecessor "{a}" and the successor "{b}"',
    'Relation de direction (leadership) entre "{a}" et "{b}"':
        'Leadership relation between "{a}" and "{b}"',
    'Relation d\'appartenance entre "{a}" et "{b}"':
        'Membership relation between "{a}" and "{b}"',
    'Relation professionnelle (de travail) entre "{a}" et "{b}"':
        'Work relation between "{a}" and "{b}"',
    'Relation familiale entre "{a}" et "{b}"':
        'Family relation between "{a}" and "{b}"',
    'Relation entre "{a}" et "{b}"':
        'Relation between "{a}" and "{b}"',
    'Relation associative entre "{a}" et "{b}"':
        'Associative relation between "{a}" and "{b}"',
}
LEADER_WORDS = ("directeur", "directrice", "président", "présidente", "dirigeant", "chef ")


@dataclass
class Relating:
    """What the relation mapping needs of the record being mapped."""

    rec: AuthorityRecord
    v: Local
    out: MappedRecord
    agent: URIRef
    lang: str | None
    targets: Callable[[str], tuple[str, str] | None] | None
    node: Callable[[str], URIRef]
    canonical: Canonical = as_is  # the key of an agent's IRI (a curated entity's, for one taken for it)


def target_id(href: str) -> str | None:
    """The record id an ``xlink:href`` names (the whole href: an id or a URI), None when empty."""
    h = href.strip()
    return h or None


def identity_link(href: str) -> URIRef | None:
    """An identity relation's target as the RDF resource it names (the converter's rewriting), or None."""
    h = href.strip()
    m = re.match(r"https?://(?:catalogue|ark)\.bnf\.fr/ark:/12148/(\w+)", h)
    if m:  # the BnF's catalogue record, with whatever follows its ARK
        h = f"https://catalogue.bnf.fr/ark:/12148/{m.group(1)}"
    m = re.match(r"https?://(\w+)\.wikipedia\.org/wiki/(\S+)$", h)
    if m:
        return URIRef(f"http://{m.group(1)}.dbpedia.org/resource/{m.group(2)}")
    return uri_link(h.rstrip(".")) if h.lower().startswith("http") else None  # an authority's page: its entity


def _when(rel: Relation, french: bool) -> str:
    d = rel.dates
    out = ""
    if d and d.start and d.start.text:
        out += f", début : {d.start.text}" if french else f", from {d.start.text}"
    if d and d.end and d.end.text:
        out += f", fin : {d.end.text}" if french else f", to {d.end.text}"
    return out


def _note_words(rel: Relation) -> str:
    def flat(x) -> str:
        return x if isinstance(x, str) else " ".join(flat(c) for c in x.children)
    return " ".join(flat(b) for b in rel.note).lower()


def map_cpf_relation(cx: Relating, rel: Relation) -> None:
    """One cpfRelation: a relation node of this record and the shortcut from the agent (see the module)."""
    rec, out = cx.rec, cx.out
    if rel.relation_type == "identity":
        out.share(cx.agent, OWL.sameAs, identity_link(rel.href))
        return
    tid = target_id(rel.href)
    if tid is None:
        etype, name, key = rel.target_type or "", "", slug(rel.entry)
        out.warnings.append(f"{rec.source}:{rel.line}: cpfRelation to {rel.entry!r} has no xlink:href; the "
                            "target is named by its relationEntry")
    else:
        known = cx.targets(tid) if cx.targets else None
        if known is None and (rel.target_type or not cx.targets):
            known = (rel.target_type or "", "")  # typed by its xlink:role, or untyped without a look-up
        if known is None:
            out.warnings.append(f"{rec.source}:{rel.line}: cpfRelation target {tid} is not a known record; "
                                "left out (its entity type is unknown)")
            return
        etype, name = known
        key = agent_key(rec, tid)  # a bare id is one of this record's agency's records
    other = cx.v.agent(*cx.canonical(ENTITY_KINDS.get(etype, "unknown"), key))
    out.share(other, RDF.type, RICO.Agent)
    out.share(other, RDF.type, CLASSES.get(etype))
    out.share(other, DCTERMS.identifier, Literal(tid) if tid else None)
    spec = _spec(rec, rel, etype)
    if spec is None:
        out.warnings.append(f"{rec.source}:{rel.line}: cpfRelation type {rel.relation_type!r} is not mapped")
        return
    cls, subtype, self_is_source, connects, shortcut, label = spec
    me, them = (rec.authorized_name.text if rec.authorized_name else rec.record_id), name or rel.entry
    node = cx.node("relation")
    out.add(node, RDF.type, cls)
    out.add(node, RDF.type, subtype)
    if connects:
        first_is_me = rec.record_id <= (tid or "")
        a, b = (me, them) if first_is_me else (them, me)
        out.add(node, RICO.relationConnects, cx.agent)
        out.add(node, RICO.relationConnects, other)
        out.share(cx.agent, RICO.thingIsConnectedToRelation, node)
    else:
        src, tgt = (cx.agent, other) if self_is_source else (other, cx.agent)
        a, b = (me, them) if self_is_source else (them, me)
        out.add(node, RICO.relationHasSource, src)
        out.add(node, RICO.relationHasTarget, tgt)
        out.share(cx.agent, RICO.thingIsSourceOfRelation if self_is_source else RICO.thingIsTargetOfRelation, node)
    french = cx.lang == "fr"  # the converter's French labels for French records (the ANF's), else English
    text = (label if french else EN_LABELS[label]).format(a=a, b=b) + _when(rel, french)
    out.add(node, RDFS.label, Literal(text, lang="fr" if french else "en"))
    dated(out, node, rel.dates, rel.note, cx.lang)
    out.share(cx.agent, shortcut, other)


def dated(out: MappedRecord, node: URIRef, dates: DateRange | None, note: Text, lang: str | None) -> None:
    """A relation node's dates (the standard form, else the text when it is an ISO date) and its note."""
    if dates and dates.start:
        out.add(node, RICO.beginningDate, date_literal(dates.start.standard or dates.start.text))
    if dates and dates.end:
        out.add(node, RICO.endDate, date_literal(dates.end.standard or dates.end.text))
    out.add(node, RICO.note, note_literal(note, lang))


def _spec(rec: AuthorityRecord, rel: Relation, other_type: str):
    """(class, subtype, the agent is the source, connects, the agent's shortcut, label) for a relation."""
    t, ar, words, me = rel.relation_type, rel.arcrole, _note_words(rel), rec.entity_type
    statuses = [s.term.lower() for s in rec.legal_statuses]
    ended = bool(rel.dates and rel.dates.ended)
    started = bool(rel.dates and rel.dates.start and rel.dates.start.standard)
    if ar in CONTROL_ARCROLES or (t.startswith("hierarchical") and ("tutelle" in words or "contrôle" in words)):
        superior = CONTROL_ARCROLES.get(ar, t == "hierarchical-child")
        return (RICO.AgentHierarchicalRelation, RICO.AgentControlRelation, superior, False,
                RICO.isOrWasControllerOf if superior else RICO.hasOrHadController,
                'Relation de contrôle entre "{a}" et "{b}"')
    if t.startswith("hierarchical") or ar in SUBDIVISION_ARCROLES:
        superior = ar == "hasSubdivision" or (ar != "isSubdivisionOf" and t == "hierarchical-child")
        subdivision = (ar in SUBDIVISION_ARCROLES
                       or any(s.startswith("service d'administration centrale") for s in statuses)
                       or (any(s.startswith("ministère") for s in statuses) and "cabinet" in rel.entry.lower()))
        if subdivision:
            pred = ((RICO.hadSubdivision if ended else RICO.hasOrHadSubdivision) if superior
                    else (RICO.wasSubdivisionOf if ended else RICO.isOrWasSubdivisionOf))
            return (RICO.AgentHierarchicalRelation, RICO.GroupSubdivisionRelation, superior, False, pred,
                    'Relation de subdivision entre "{a}" et "{b}"')
        if superior:
            pred = RICO.hadSubordinate if ended else RICO.hasDirectSubordinate if started else RICO.hasOrHadSubordinate
        else:
            pred = (RICO.wasSubordinateTo if ended else RICO.isDirectSubordinateTo if started
                    else RICO.isOrWasSubordinateTo)
        return (RICO.AgentHierarchicalRelation, None, superior, False, pred,
                'Relation hiérarchique entre "{a}" et "{b}"')
    if t.startswith("temporal"):
        later = t == "temporal-later"
        return (RICO.AgentTemporalRelation, None, later, False, RICO.hasSuccessor if later else RICO.isSuccessorOf,
                'Relation temporelle entre le précédent "{a}" et le suivant "{b}"')
    if ar in ("isLeadBy", "isLeaderOf") or (t == "associative" and any(w in words for w in LEADER_WORDS)):
        leader = ar == "isLeaderOf" or (not ar and me == "person" and other_type != "person")
        return (RICO.AgentHierarchicalRelation, RICO.LeadershipRelation, leader, False,
                RICO.isOrWasLeaderOf if leader else RICO.hasOrHadLeader,
                'Relation de direction (leadership) entre "{a}" et "{b}"')
    member_of = ar == "personIsMemberOf" or (t == "family" and me == "person" and other_type == "family")
    has_member = ar == "hasAsPersonMember" or (t == "family" and me == "family" and other_type == "person")
    if member_of or has_member:
        return (RICO.MembershipRelation, None, has_member, False,
                RICO.hasOrHadMember if has_member else RICO.isOrWasMemberOf,
                'Relation d\'appartenance entre "{a}" et "{b}"')
    if ar == "hasProfessionalRelationWith":
        return (RICO.WorkRelation, None, True, True, RICO.hasOrHadWorkRelationWith,
                'Relation professionnelle (de travail) entre "{a}" et "{b}"')
    if t == "family" and me == "person" and other_type == "person":
        return (RICO.FamilyRelation, None, True, True, RICO.hasFamilyAssociationWith,
                'Relation familiale entre "{a}" et "{b}"')
    if t == "family":
        return (RICO.AgentToAgentRelation, None, True, True, RICO.isAgentAssociatedWithAgent,
                'Relation entre "{a}" et "{b}"')
    if t in ("associative", ""):
        return (RICO.AgentToAgentRelation, None, True, True, RICO.isAgentAssociatedWithAgent,
                'Relation associative entre "{a}" et "{b}"')
    return None


_IR = re.compile(r"^FRAN_IR_([^#\s]+)(?:#(\S+))?$")  # an ANF finding aid, or one of its components


def map_resource_relation(cx: Relating, rel: Relation) -> None:
    """A ``creatorOf`` resourceRelation → ``rico:OrganicProvenanceRelation`` from the record resource it names
    (``FRAN_IR_{key}`` for the fonds, ``…#{component id}`` for a component); other types, and links to
    other archives' web pages, are reported, not mapped."""
    out = cx.out
    m = _IR.match(rel.href)
    if rel.relation_type != "creatorOf" or not m:
        why = (f"type {rel.relation_type!r} is not mapped" if rel.relation_type != "creatorOf" else
               f"target {rel.href!r} is not an ANF finding aid")
        out.warnings.append(f"{cx.rec.source}:{rel.line}: resourceRelation {rel.entry[:60]!r}: {why}")
        return
    resource = cx.v.record_resource(m.group(1).replace(" ", "_"), m.group(2) or "top")
    node = cx.node("relation")
    out.add(node, RDF.type, RICO.OrganicProvenanceRelation)
    out.add(node, RICO.relationHasSource, resource)
    out.add(node, RICO.relationHasTarget, cx.agent)
    out.add(node, RICO.note, note_literal(rel.note, cx.lang))
    out.share(cx.agent, RICO.thingIsTargetOfRelation, node)
    out.share(cx.agent, RICO.isOrganicProvenanceOf, resource)
