"""The SPARQL the pages ask, by subject: :mod:`.records` (records linked to a resource, record sets, where
names occur in a record's text), :mod:`.agents` (correspondents, people named together, name forms,
offices) and :mod:`.dataset` (counts, browse lists, search, the correspondence network). Each function
returns view-model parts (:mod:`lod.web.viewmodel`), never RDF terms; this module holds what they share.
"""
from __future__ import annotations

from rdflib.term import Node

from lod.roles import AGENT_PREDICATES, RELATION_ENDS  # noqa: F401 (declared there, imported from here)
from lod.store import Store
from lod.vocab import PREFIXES, RICO
from lod.web.naming import Site
from lod.web.sparql_text import iri_ref

_PREFIX_DECL = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def select(store: Store, body: str) -> list[dict[str, Node]]:
    """Run a SELECT with our prefixes declared."""
    return list(store.select(_PREFIX_DECL + body))




def is_a(var: str, cls: str) -> str:
    """A type check made per row of what is already bound (``FILTER EXISTS``): a join with ``?var a cls``
    lets the engine start from every resource of the class, so a page would cost as much as the collection.

    >>> is_a("?r", "rico:Record")
    'FILTER EXISTS { ?r a rico:Record }'
    """
    return f"FILTER EXISTS {{ {var} a {cls} }}"


def count(store: Store, where: str) -> int:
    """How many distinct ``?r`` match ``where``."""
    rows = select(store, f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {where} }}")
    return int(rows[0].get("n", 0)) if rows else 0


def english(var: str) -> str:
    """A filter keeping English or untagged values of ``var``."""
    return f'FILTER(LANGMATCHES(LANG({var}), "en") || LANG({var}) = "")'


def label_opt(var: str, out: str) -> str:
    """``var``'s English (or untagged) label in ``out``, when it has one."""
    return f"OPTIONAL {{ {var} rdfs:label {out} . {english(out)} }}"


def kind_of(types: str) -> str:
    """The kind of link (person, body, group, place, record, position) for space-separated type IRIs."""
    for key, kind in ((str(RICO.Person), "person"), (str(RICO.CorporateBody), "body"),
                      (str(RICO.Group), "group"), (str(RICO.Place), "place"), (str(RICO.Record), "record"),
                      (str(RICO.Position), "position")):
        if key in types:
            return kind
    return ""


def term(site: Site, name: str) -> str:
    """One of our own terms (``{base}vocab/terms#name``) for a query."""
    return iri_ref(site.local.terms[name])
