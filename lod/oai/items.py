"""What OAI-PMH serves, as the store says it: the items (our records, record sets and agents), each with its
datestamp, kind and sets, read by SPARQL for the registry (:mod:`lod.oai.registry`).

- **Datestamp**: the latest ``prov:generatedAtTime`` of the graphs stating something of the item.
- **Sets**: its kind's (``record``, ``record-set``, ``agent`` and ``agent:person`` …); ``collection:{key}``
  of each collection one of whose graphs describes or names it, or holds an item below it (an archive's fonds
  and series, described once for all collections); and ``collection:{key}:{top unit's path}`` of each top unit
  (a record set in none) it is, or is under, there.

Read in whole (:func:`read_items`), or only for the IRIs an ingest changed and the record sets above them
(``only``), so that re-ingesting one record reads a few items, not the store.

>>> collection_spec("wcda"), collection_spec("nyu", "unit/a b")
('collection:wcda', 'collection:nyu:unit~2Fa~20b')
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lod.store.base import Store
from lod.store.describe import check_iri
from lod.vocab import DCTERMS, INCLUDED_IN, KIND_SEGMENT, PROV, RDF, RDFS, RECORD, RECORD_SET, RICO, Local

#: item kind -> the RiC-O classes that make one; an agent's set is also named by its type segment
AGENT = "agent"
RULES = "sets-2"  # what read_items decides, versioned: the registry re-reads the store when it changes
COLLECTION = "collection"  # a collection's set, and within it each of its top units' (``collection:nyu:unit~2Fx``)
KINDS = {RECORD: (RICO.Record,), RECORD_SET: (RICO.RecordSet,),
         AGENT: (RICO.Person, RICO.Family, RICO.CorporateBody)}
#: an agent's set is also named by the type segment of its IRIs: ``agent:person``, ``agent:corporate-body``
AGENT_SETS = {str(cls): f"{AGENT}:{KIND_SEGMENT[kind]}"
              for cls, kind in ((RICO.Person, "person"), (RICO.Family, "family"), (RICO.CorporateBody, "organisation"))}
KIND_NAMES = {RECORD: "Records", RECORD_SET: "Record sets (fonds, series, files, EAD units)",
              AGENT: "Agents (people, families, corporate bodies)",
              **dict(zip(AGENT_SETS.values(), ("People", "Families", "Corporate bodies")))}
SETSPEC_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!*'()")
CHUNK = 500  # IRIs in one VALUES block
_PART_OF = "(" + "|".join(f"<{p}>" for p in INCLUDED_IN) + ")"


@dataclass(frozen=True)
class Item:
    """One item: ``Item("http://…/id/record/1", "2026-01-01T00:00:00Z", "record", ("record",))``."""

    identifier: str
    datestamp: str
    kind: str
    sets: tuple[str, ...]
    deleted: bool = False


def spec_part(text: str) -> str:
    """``text`` as one part of a setSpec, every character a setSpec cannot hold written ``~XX``:
    ``spec_part("unit/a b")`` → ``'unit~2Fa~20b'``."""
    return "".join(c if c in SETSPEC_SAFE else "".join(f"~{b:02X}" for b in c.encode()) for c in text)


def collection_spec(key: str, top: str | None = None) -> str:
    """The setSpec of a collection (``collection.toml``'s key), or of one of its top units by document path,
    a set within the collection's."""
    return f"{COLLECTION}:{spec_part(key)}" + ("" if top is None else f":{spec_part(top)}")


def _rows(store: Store, query: str, var: str, among: Iterable[str] | None) -> Iterator[dict]:
    """The rows of ``query`` (its ``{values}`` where ``?var`` is bound), for every ``?var`` (``among`` None) or
    for those of ``among``, :data:`CHUNK` at a time."""
    if among is None:
        yield from store.select(query.format(values=""))
        return
    iris = sorted(among)
    for i in range(0, len(iris), CHUNK):
        block = " ".join(f"<{check_iri(x)}>" for x in iris[i:i + CHUNK])
        yield from store.select(query.format(values=f"VALUES ?{var} {{ {block} }} "))


def _quotable(iri: str) -> bool:
    try:
        return bool(check_iri(iri))
    except ValueError:
        return False


def read_items(store: Store, local: Local, only: Iterable[str] | None = None
               ) -> tuple[list[Item], dict[str, str]]:
    """Every item the store holds (``only``: those of these IRIs and the record sets above them, what an
    ingest changed), and the collection sets' names (spec → name)."""
    types = ", ".join(f"<{c}>" for cs in KINDS.values() for c in cs)
    own = f'FILTER(?type IN ({types}) && STRSTARTS(STR(?s), "{local.id}"))'
    scope: set[str] | None = None
    if only is not None:  # the changed IRIs that are ours, and every record set above them
        only = {i for i in only if _quotable(i)}
        scope = {i for i in only if i.startswith(local.id)}
        # a graph named among them (written, or moved to another collection): the items it states
        graphs = {g for g in only if g.startswith(str(local.graph_ns)) and not g.startswith(str(local.meta_graph("")))}
        scope |= {str(r["s"]) for r in _rows(store, f"SELECT DISTINCT ?s WHERE {{{{ {{values}}GRAPH ?g {{{{ ?s ?p ?o }}}} "
                                                    f"FILTER(STRSTARTS(STR(?s), \"{local.id}\")) }}}}", "g", graphs)}
        scope |= {str(r["up"]) for r in _rows(store, f"SELECT DISTINCT ?up WHERE {{{{ {{values}}?s {_PART_OF}+ ?up }}}}",
                                              "s", scope)}
    kind_of = {str(c): k for k, cs in KINDS.items() for c in cs}
    kinds: dict[str, str] = {}
    sets: dict[str, set[str]] = {}
    for r in _rows(store, f"SELECT DISTINCT ?s ?type WHERE {{{{ {{values}}?s <{RDF.type}> ?type {own} }}}}",
                   "s", scope):
        s, k = str(r["s"]), kind_of[str(r["type"])]
        if kinds.get(s) != RECORD:  # a record that is also typed otherwise is a record
            kinds[s] = k
        sets.setdefault(s, set())
        if str(r["type"]) in AGENT_SETS:
            sets[s].add(AGENT_SETS[str(r["type"])])
    stamps = {str(r["s"]): str(r["d"]) for r in _rows(
        store, f"SELECT ?s (MAX(STR(?t)) AS ?d) WHERE {{{{ {{values}}?s <{RDF.type}> ?type {own} "
               f"GRAPH ?g {{{{ ?s ?p ?o }}}} ?g <{PROV.generatedAtTime}> ?t }}}} GROUP BY ?s", "s", scope)}
    names: dict[str, str] = {}
    meta = local.meta_graph("collections")
    # an item is in a collection when a graph of the collection describes or names it ...
    member = (f"GRAPH <{meta}> {{{{ ?g <{DCTERMS.isPartOf}> ?c . ?c <{DCTERMS.identifier}> ?key "
              f"OPTIONAL {{{{ ?c <{RDFS.label}> ?label }}}} }}}} "
              f"{{{{ GRAPH ?g {{{{ ?s ?p ?o }}}} }}}} UNION {{{{ GRAPH ?g {{{{ ?x ?p ?s }}}} }}}} ?s <{RDF.type}> ?type {own}")
    keys: dict[str, set[str]] = {}  # item -> the keys of the collections it is in

    def keep(item: str, row: dict) -> None:
        keys.setdefault(item, set()).add(str(row["key"]))
        names[collection_spec(str(row["key"]))] = str(row["label"] if row.get("label") is not None else row["key"])

    for r in _rows(store, f"SELECT DISTINCT ?s ?key ?label WHERE {{{{ {{values}}{member} }}}}", "s", scope):
        if str(r["s"]) in sets:
            keep(str(r["s"]), r)
    ancestors: dict[str, set[str]] = {}
    for r in _rows(store, f"SELECT DISTINCT ?s ?up WHERE {{{{ {{values}}?s <{RDF.type}> ?type {own} "
                          f"?s {_PART_OF}+ ?up }}}}", "s", scope):
        ancestors.setdefault(str(r["s"]), set()).add(str(r["up"]))
    # ... or when it holds such an item: from every item up (all read), or asked of each record set read
    if scope is None:
        for s, ks in list(keys.items()):
            for up in ancestors.get(s, ()):
                if up in sets:
                    keys.setdefault(up, set()).update(ks)
    else:
        held = [s for s, k in kinds.items() if k == RECORD_SET]
        for r in _rows(store, f"SELECT DISTINCT ?up ?key ?label WHERE {{{{ {{values}}?s {_PART_OF}+ ?up . "
                              f"{member} }}}}", "up", held):
            keep(str(r["up"]), r)
    # each top unit (a record set in none) is a set within the collection's, of the items under it there
    tops: dict[str, tuple[str, str]] = {}  # top unit -> (document path, name)
    top = (f"?top a <{RICO.RecordSet}> FILTER NOT EXISTS {{{{ ?top {_PART_OF} ?up }}}} "
           f"OPTIONAL {{{{ ?top <{RDFS.label}> ?label }}}}")
    if scope is None:
        found = _rows(store, f"SELECT DISTINCT ?top ?label WHERE {{{{ ?s <{RDF.type}> ?type {own} "
                             f"?s {_PART_OF} ?top . {top} }}}}", "s", None)
    else:
        found = _rows(store, f"SELECT DISTINCT ?top ?label WHERE {{{{ {{values}}{top} }}}}", "top",
                      set(kinds) | {u for ups in ancestors.values() for u in ups})
    for r in found:
        path = local.doc_path(r["top"])
        if path is not None:
            tops[str(r["top"])] = (path, str(r["label"]) if r.get("label") is not None else path)
    for s, ks in keys.items():
        sets[s].update(collection_spec(k) for k in ks)
        for t in {s, *ancestors.get(s, ())} & tops.keys():
            for k in ks:
                spec = collection_spec(k, tops[t][0])
                sets[s].add(spec)
                names[spec] = tops[t][1]
    items = [Item(s, stamps.get(s, "1970-01-01T00:00:00Z"), k, tuple(sorted(sets[s] | {k})))
             for s, k in kinds.items()]
    return items, names
