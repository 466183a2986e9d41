"""Every vocabulary IRI the project emits, declared once.

External vocabularies use rdflib's strict namespaces where rdflib ships one (an unknown term raises
``AttributeError``); RiC-O is checked against the published ontology by the tests. Our own terms and
concept schemes live under ``{base}vocab/`` and are described in ``vocab/*.ttl``.

>>> str(RICO.Record)
'https://www.ica.org/standards/RiC/ontology#Record'
"""
from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCMITYPE, DCTERMS, FOAF, OWL, PROF, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

RICO = Namespace("https://www.ica.org/standards/RiC/ontology#")
RICRST = Namespace("https://www.ica.org/standards/RiC/vocabularies/recordSetTypes#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")  # rdflib ships no term list for it
SCHEMA = SDO  # https://schema.org/

# Other authorities we link to (lod.linking): their entity IRIs, and the Wikidata properties we read.
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
VIAF = Namespace("http://viaf.org/viaf/")
GEONAMES = Namespace("https://sws.geonames.org/")  # an entity is {GEONAMES}{id}/ (trailing slash)

PREFIXES: dict[str, str] = {
    "rico": str(RICO),
    "ricrst": str(RICRST),
    "dcterms": str(DCTERMS),
    "dcmitype": str(DCMITYPE),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "prov": str(PROV),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "void": str(VOID),
    "dcat": str(DCAT),
}

#: ICA record-set types that our own archival levels refine (level key -> ICA concept).
ICA_RECORD_SET_TYPE = {
    "fond": RICRST.Fonds,
    "opis": RICRST.Series,
    "series": RICRST.Series,
    "record-group": RICRST.Fonds,
    "delo": RICRST.File,
    "file": RICRST.File,
}


KEY_SAFE = "/:+@!$&'()*,;=-._~"


def escape_key(key: str) -> str:
    """A key as it appears in an IRI path: ``escape_key("a b+c")`` → ``'a%20b+c'``."""
    return quote(key, safe=KEY_SAFE)


class Local:
    """IRIs under a deployment's base: entities, graphs and our own vocabulary.

    >>> v = Local("http://localhost:5000/")
    >>> str(v.entity("record", "300237"))
    'http://localhost:5000/id/record/300237'
    """

    def __init__(self, base: str) -> None:
        if not base.endswith("/"):
            base += "/"
        self.base = base
        self.id = Namespace(base + "id/")
        self.graph_ns = Namespace(base + "graph/")
        self.vocab = Namespace(base + "vocab/")
        self.terms = Namespace(base + "vocab/terms#")

    def entity(self, kind: str, key: str):
        """``{base}id/{kind}/{key}``, the key percent-encoded where an IRI needs it (spaces, ``%``, ``#``,
        ``?``, non-ASCII) so that it round-trips through a URL path."""
        return self.id[f"{kind}/{escape_key(key)}"]

    def graph(self, kind: str, key: str):
        """The named graph holding what was derived from one source (``{base}graph/{kind}/{key}``)."""
        return self.graph_ns[f"{kind}/{escape_key(key)}"]

    def concept(self, scheme: str, key: str):
        """A concept of one of our SKOS schemes (``{base}vocab/{scheme}/{key}``)."""
        return self.vocab[f"{scheme}/{key}"]

    @property
    def dataset(self):
        """The dataset itself, as its VoID and DCAT description names it (``{base}void#dataset``)."""
        return URIRef(self.base + "void#dataset")

    @property
    def dataset_graph(self):
        """The named graph where ingest records what the dataset says of itself (its base, as
        ``void:uriSpace``), so that a store knows the base it was written with."""
        return self.graph("meta", "dataset")

    @classmethod
    def of_uri_space(cls, space: str) -> "Local | None":
        """The layout whose entity IRIs start with ``space`` (a ``void:uriSpace`` we wrote), or None.

        >>> Local.of_uri_space("https://lod.example.org/id/").base
        'https://lod.example.org/'
        >>> Local.of_uri_space("https://elsewhere.example/resource/") is None
        True
        """
        return cls(space[:-len("id/")]) if space.endswith("/id/") else None

    @property
    def suggested_citation(self):
        """Our property for a full citation string as the source suggests it."""
        return self.terms["suggestedCitation"]


__all__ = [
    "DCAT", "PROF", "SD", "VOID", "DCMITYPE", "DCTERMS", "FOAF", "ICA_RECORD_SET_TYPE", "Local", "OWL", "PREFIXES", "PROV", "RDF",
    "RDFS", "RICO", "RICRST", "SCHEMA", "SKOS", "XSD",
    "WD", "WDT", "VIAF", "GEONAMES",
]
