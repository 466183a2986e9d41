"""Links from our people, bodies and places to other authorities (Wikidata, VIAF, GeoNames).

``authorities`` reads the curated ``links.tsv`` and turns it into statements; ``client``, ``lookup`` and
``scoring`` find and weigh candidates at a SPARQL endpoint; ``candidates`` and ``command`` are ``lod link``.
"""
from __future__ import annotations

from lod.linking.authorities import AuthorityLink, LinkError, link_counts, link_triples, load_links

__all__ = ["AuthorityLink", "LinkError", "link_counts", "link_triples", "load_links"]
