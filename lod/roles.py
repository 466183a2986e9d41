"""What a record's links to an entity mean, declared once for the mapping (which records them in the
summaries, :mod:`lod.mapping.summary`) and the web layer (which names them on the pages).

>>> ROLE_NAMES[str(RICO.hasSender)], str(OWN_PREDICATES[-1]).rsplit("#", 1)[-1]
('sender', 'hasCreator')
"""
from __future__ import annotations

from lod.vocab import DCTERMS, RICO, SCHEMA

#: a record's links to the agents it names: sender, addressee, creator, subject (who is "named together")
AGENT_PREDICATES = (RICO.hasSender, RICO.hasAddressee, RICO.hasCreator, RICO.hasOrHadSubject)
#: the links that make an agent a record's correspondent or author ("own" roles, against mere mentions)
OWN_PREDICATES = AGENT_PREDICATES[:3]
#: what points to an entity from a relation node, never from a record: left out of the scans for records
RELATION_ENDS = (RICO.relationHasTarget, RICO.relationHasSource)

#: a record's predicate -> the role it gives what it points to, as the pages name it
ROLE_NAMES: dict[str, str] = {
    str(RICO.hasSender): "sender", str(SCHEMA.sender): "sender",
    str(RICO.hasAddressee): "addressee", str(SCHEMA.recipient): "addressee",
    str(RICO.hasCreator): "creator", str(DCTERMS.creator): "creator", str(SCHEMA.author): "creator",
    str(RICO.hasOrHadSubject): "mentioned", str(SCHEMA.mentions): "mentioned",
    str(SCHEMA.about): "subject", str(DCTERMS.subject): "subject", str(DCTERMS.spatial): "place",
    str(SCHEMA.holdingArchive): "holding archive", str(SCHEMA.funder): "funder",
    str(SCHEMA.translator): "translator", str(DCTERMS.contributor): "contributor",
    str(SCHEMA.contributor): "contributor", str(RICO.hasDocumentaryFormType): "documentary form",
    str(RICO.hasOrHadType): "security marking", str(DCTERMS.language): "language",
    str(RICO.hasOrHadLanguage): "language", str(RICO.isOrWasIncludedIn): "part of",
}
