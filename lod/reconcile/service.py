"""The protocol's answers (W3C Reconciliation Service API 0.2): the manifest, a batch of queries, suggest,
preview and data extension, as plain JSON-ready data; :mod:`lod.web.reconcile` serves them.

>>> check_batch({"q0": {"query": "Gromyko", "limit": 3}})["q0"]["limit"]
3
>>> try: check_batch({"q0": {"limit": 3}})
... except BadQuery as e: print(e)
query 'q0': neither a query string nor properties
"""
from __future__ import annotations

from html import escape

from lod.reconcile.candidates import index, parse, prefixes
from lod.reconcile.catalogue import TYPES, Catalogue, Fact
from lod.reconcile.features import features
from lod.reconcile.scoring import is_match, score
from lod.store.base import Store
from lod.vocab import RICO, Local

DEFAULT_LIMIT, MAX_LIMIT, MAX_BATCH = 5, 50, 100
PROPERTIES = {  # query and extension properties: id -> (name, description)
    "date": ("Date", "a year or years of the entity's life or of its records (1957, 1950-1953)"),
    "office": ("Office", "an office or position held (Ambassador, Minister of Foreign Affairs)"),
    "country": ("Country", "a country the entity's offices or note name"),
    "archive": ("Archive", "the archive holding the records"),
}
EXTEND = {  # data extension properties: id -> name
    "offices": "Offices", "dates": "Dates", "authority": "Authority ids", "records": "Records",
    "variants": "Name variants", "note": "Note",
}


class BadQuery(ValueError):
    """A query batch, suggest or extension request that is not what the protocol allows; the message says why."""


def manifest(local: Local, name: str) -> dict:
    """The service manifest of a deployment (``local``: its IRIs).

    >>> manifest(Local("http://x/"), "X")["view"]
    {'url': 'http://x/id/{{id}}'}
    """
    service = str(local.reconcile)
    return {
        "versions": ["0.2"], "name": name, "identifierSpace": str(local.id), "schemaSpace": str(RICO),
        "documentation": "https://reconciliation-api.github.io/specs/0.2/",
        "view": {"url": str(local.id) + "{{id}}"},
        "defaultTypes": [{"id": t, "name": n} for t, (n, _) in TYPES.items()],
        "preview": {"url": f"{service}/preview?id={{{{id}}}}", "width": 400, "height": 200},
        "suggest": {kind: {"service_url": service, "service_path": f"/suggest/{kind}"}
                    for kind in ("entity", "type", "property")},
        "extend": {"propose_properties": {"service_url": service, "service_path": "/extend/propose"},
                   "property_settings": []},
    }


def check_batch(batch: object) -> dict[str, dict]:
    """The batch, each query checked: an object of queries, each with a query string or properties."""
    if not isinstance(batch, dict) or not batch:
        raise BadQuery("queries must be a non-empty JSON object of queries by key")
    if len(batch) > MAX_BATCH:
        raise BadQuery(f"at most {MAX_BATCH} queries a batch, not {len(batch)}")
    for key, q in batch.items():
        if not isinstance(q, dict):
            raise BadQuery(f"query {key!r} is not an object")
        text, props = q.get("query"), q.get("properties", [])
        if text is not None and not isinstance(text, str):
            raise BadQuery(f"query {key!r}: 'query' must be a string")
        if not isinstance(props, list) or not all(isinstance(p, dict) and isinstance(p.get("pid"), str)
                                                   and "v" in p for p in props):
            raise BadQuery(f"query {key!r}: 'properties' must be a list of {{\"pid\", \"v\"}} objects")
        if not (text or "").strip() and not props:
            raise BadQuery(f"query {key!r}: neither a query string nor properties")
        limit = q.get("limit", DEFAULT_LIMIT)
        if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit < 0:
            raise BadQuery(f"query {key!r}: 'limit' must be a number of candidates")
        types = q.get("type")
        if types is not None and not (isinstance(types, str) or isinstance(types, list)
                                      and all(isinstance(t, str) for t in types)):
            raise BadQuery(f"query {key!r}: 'type' must be a type id or a list of them")
    return batch


def _values(v: object) -> list[str]:
    """A property's values as strings; an entity value gives its name and its id."""
    items = v if isinstance(v, list) else [v]
    return [str(x) for i in items for x in ((i.get("name"), i.get("id")) if isinstance(i, dict) else (i,))
            if x is not None and not isinstance(x, (dict, list))]


def _types(t: object) -> set[str]:
    wanted = {t} if isinstance(t, str) else set(t or ())
    return {x.rsplit("#", 1)[-1] for x in wanted}


def reconcile(batch: dict[str, dict], cat: Catalogue, store: Store | None) -> dict[str, dict]:
    """The candidates of every query of a checked batch, best first, with scores, features and matches."""
    return {key: {"result": _one(q, cat, store)} for key, q in batch.items()}


def _one(q: dict, cat: Catalogue, store: Store | None) -> list[dict]:
    limit = min(MAX_LIMIT, int(q.get("limit", DEFAULT_LIMIT)))
    text = (q.get("query") or "").strip()
    types = _types(q.get("type"))
    props = [(p["pid"], _values(p["v"])) for p in q.get("properties", [])]
    if not text:  # properties only: the entity named by an id given as a property, if any
        text = next((v[0] for pid, v in props if pid in ("id", "name") and v), "")
    direct = cat.by_id(text)
    form = parse(text)
    ix = index(cat)
    facts = [direct] if direct is not None else ix.candidates(form, types, cat)
    scored = []
    namesakes = len(ix.by_family.get(form.names[0], ())) if len(form.names) == 1 else 0
    for fact in facts:
        s = score(form, ix.forms.get(fact.iri, []), fact, ix.people.get(fact.iri), namesakes, props, cat)
        if direct is not None:
            s.name = s.score = 100.0
        if s.score > 0:
            scored.append(s)
    scored.sort(key=lambda s: (-s.score, s.fact.label, s.fact.id))
    matched = is_match([s.score for s in scored])  # before the limit: a close second counts, shown or not
    scored = scored[:limit]
    return [{"id": s.fact.id, "name": s.fact.label, "description": describe(s.fact, cat), "score": s.score,
             "match": matched and i == 0, "type": [{"id": s.fact.type, "name": TYPES[s.fact.type][0]}],
             "features": features(s, form, cat, store if i < 3 else None)} for i, s in enumerate(scored)]


def describe(fact: Fact, cat: Catalogue) -> str:
    """One line telling namesakes apart: note or date, offices, the records' years."""
    parts = [fact.note or fact.date]
    parts += [label for _, label in fact.offices[:2] if label not in fact.note]
    years = fact.years(cat)
    if fact.records:
        span = f"{years[0]}–{years[-1]}" if years and years[0] != years[-1] else (str(years[0]) if years else "")
        parts.append(f"named in {len(fact.records)} record{'s' * (len(fact.records) > 1)} {span}".strip())
    return "; ".join(p for p in parts if p)


def suggest_entities(prefix: str, types: set[str], cat: Catalogue, cursor: int, limit: int) -> dict:
    """Entities one of whose name forms has every word of ``prefix`` at the start of a word (any script)."""
    wanted = parse(prefix)
    if not wanted.plain:
        return {"result": []}
    ix = index(cat)
    hits = [cat.facts[iri] for iri, forms in ix.forms.items() if (not types or cat.facts[iri].type in types)
            and any(prefixes(wanted, f) for f in forms)]
    hits.sort(key=lambda f: (-len(f.records), f.label))
    return {"result": [{"id": f.id, "name": f.label, "description": describe(f, cat),
                        "notable": [{"id": f.type, "name": TYPES[f.type][0]}]} for f in hits[cursor:cursor + limit]]}


def suggest_types(prefix: str) -> dict:
    p = prefix.strip().lower()
    return {"result": [{"id": t, "name": n} for t, (n, _) in TYPES.items() if p in t.lower() or p in n.lower()]}


def suggest_properties(prefix: str) -> dict:
    p = prefix.strip().lower()
    return {"result": [{"id": i, "name": n, "description": d} for i, (n, d) in PROPERTIES.items()
                       if p in i or p in n.lower()]}


def preview(fact: Fact, cat: Catalogue) -> str:
    """A small HTML preview of one entity (every value escaped)."""
    rows = [f"<p><strong>{escape(fact.label)}</strong> <em>{escape(TYPES[fact.type][0])}</em></p>"]
    if text := describe(fact, cat):
        rows.append(f"<p>{escape(text)}</p>")
    others = [n for n in fact.names if n != fact.label][:8]
    if others:
        rows.append(f"<p>Also: {escape('; '.join(others))}</p>")
    rows.append(f'<p><a href="{escape(fact.iri)}" target="_blank">{escape(fact.iri)}</a></p>')
    return "<html><body style=\"font-family:sans-serif;font-size:13px\">" + "".join(rows) + "</body></html>"


def propose(type_id: str | None) -> dict:
    props = [{"id": i, "name": n} for i, n in EXTEND.items()]
    return {"properties": props, **({"type": type_id} if type_id else {})}


def check_extend(query: object) -> dict:
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list) \
            or not all(isinstance(i, str) for i in query["ids"]):
        raise BadQuery("extend must be an object with 'ids', a list of entity ids")
    props = query.get("properties")
    if not isinstance(props, list) or not all(isinstance(p, dict) and isinstance(p.get("id"), str) for p in props):
        raise BadQuery("extend must have 'properties', a list of {\"id\"} objects")
    unknown = [p["id"] for p in props if p["id"] not in EXTEND]
    if unknown:
        raise BadQuery(f"unknown extension properties {unknown}; known: {sorted(EXTEND)}")
    if len(query["ids"]) > MAX_BATCH * 10:
        raise BadQuery(f"at most {MAX_BATCH * 10} ids an extension")
    return query


def extend(query: dict, cat: Catalogue) -> dict:
    """The values of the asked properties for each id (an unknown id has none)."""
    rows: dict[str, dict] = {}
    for ident in query["ids"]:
        fact = cat.by_id(ident)
        rows[ident] = {p["id"]: _extended(p["id"], fact, cat) if fact else [] for p in query["properties"]}
    return {"meta": [{"id": p["id"], "name": EXTEND[p["id"]]} for p in query["properties"]], "rows": rows}


def _extended(pid: str, fact: Fact, cat: Catalogue) -> list[dict]:
    prefix = str(cat.local.id)
    if pid == "offices":
        return [{"id": iri[len(prefix):] if iri.startswith(prefix) else iri, "name": label}
                for iri, label in fact.offices]
    if pid == "dates":
        years = fact.years(cat)
        return [{"str": fact.date}] if fact.date else [{"int": y} for y in sorted({years[0], years[-1]})] if years else []
    if pid == "authority":
        return [{"str": a} for a in fact.authority]
    if pid == "records":
        return [{"id": cat.facts[r].id, "name": cat.facts[r].label} for r in fact.records]
    if pid == "variants":
        return [{"str": n} for n in fact.names if n != fact.label]
    return [{"str": fact.note}] if fact.note else []
