"""An authority record's places → ``rico:PlaceRelation``s, as the RiC-O Converter reads the ANF's ``place``
elements (unit tests ``_35placeInParis``, ``_36placeOutOfParis``): each ``placeEntry`` with a
``@vocabularySource`` is a place of one of the ANF's referentials (by its ``@localType``: a street, a parish, a
quarter, a building, an arrondissement, an attached commune, or any place), and a ``nomLieu`` entry names the
place itself, located in those:

- no name: one relation to each referential place;
- a name and referential places: one relation to the named place (our place entity, by the name), which
  ``rico:hasOrHadLocation`` each of them ("indéterminé": an unnamed place of this record);
- no referential place, or a name with more than one street: not mapped, reported (the converter warns).

Files of other archives: a place is our place entity named by its first entry.

>>> ANF_REFERENTIALS["voie"], ANF_REFERENTIALS["lieu"]
('FRAN_RI_025', 'FRAN_RI_005')
"""
from __future__ import annotations

from rdflib import Literal, URIRef

from lod.mapping.eac_relations import Relating, dated
from lod.model.authority_record import Term
from lod.slug import slug
from lod.vocab import ANF, RDF, RDFS, RICO

#: placeEntry/@localType -> the ANF referential its @vocabularySource is an entry of
ANF_REFERENTIALS = {"voie": "FRAN_RI_025", "commune_rattachee": "FRAN_RI_020", "paroisse": "FRAN_RI_024",
                    "quartier": "FRAN_RI_023", "edifice": "FRAN_RI_026", "arrondissement_actuel": "FRAN_RI_022",
                    "arrondissement_ancien": "FRAN_RI_021", "lieu": "FRAN_RI_005"}
UNDETERMINED = "Lieu dont l'adresse précise est indéterminée"


def map_place(cx: Relating, p: Term, anf: bool) -> None:
    """One ``place`` of the record (see the module)."""
    name = next((text for lt, _, text in p.entries if lt == "nomLieu"), "")
    linked = [(lt, ANF[f"place/{ANF_REFERENTIALS.get(lt, 'FRAN_RI_005')}-{vs}"]) for lt, vs, _ in p.entries
              if vs and lt != "nomLieu"] if anf else []
    if not anf:
        first = name or p.term
        if first:
            _relation(cx, p, _named(cx, first))
        return
    where = f"{cx.rec.source}:{p.line}: place"
    if not linked:
        cx.out.warnings.append(f"{where} {name!r} links to no referential place: not mapped")
        return
    if not name:
        for _, place in linked:
            _relation(cx, p, place)
        return
    if sum(1 for lt, _ in linked if lt == "voie") > 1:
        cx.out.warnings.append(f"{where} {name[:60]!r} names several streets in one entry: not mapped")
        return
    if "indétermin" in name.lower():
        place = cx.node("place")
        cx.out.add(place, RDF.type, RICO.Place)
        cx.out.add(place, RDFS.label, Literal(UNDETERMINED, lang="fr"))
        for _, located in linked:
            cx.out.add(place, RICO.hasOrHadLocation, located)
        _relation(cx, p, place, [located for _, located in linked])  # the agent was somewhere in those
        return
    place = _named(cx, name)
    for _, located in linked:
        cx.out.share(place, RICO.hasOrHadLocation, located)
    _relation(cx, p, place)


def _named(cx: Relating, name: str) -> URIRef:
    place = cx.v.agent("place", slug(name))
    cx.out.share(place, RDF.type, RICO.Place)
    cx.out.share(place, RDFS.label, Literal(name, lang=cx.lang))
    return place


def _relation(cx: Relating, p: Term, place: URIRef, located: list[URIRef] | None = None) -> None:
    rel = cx.node("place-relation")
    cx.out.add(rel, RDF.type, RICO.PlaceRelation)
    cx.out.add(rel, RICO.relationHasTarget, cx.agent)
    cx.out.add(rel, RICO.relationHasSource, place)
    dated(cx.out, rel, p.dates, p.note, cx.lang)
    cx.out.share(cx.agent, RICO.thingIsTargetOfRelation, rel)
    for where in located or [place]:
        cx.out.share(cx.agent, RICO.hasOrHadLocation, where)
