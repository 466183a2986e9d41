"""Every vocabulary IRI the project emits, declared once, and the layout of our own IRIs.

External vocabularies use rdflib's strict namespaces where rdflib ships one (an unknown term raises
``AttributeError``); RiC-O is checked against the published ontology by the tests. Our own terms and
concept schemes live under ``{base}vocab/`` and are described in ``vocab/*.ttl``.

:class:`Local` is the one place the layout under a deployment's base is known: ``{base}id/{type}/{key}``
for things (the type segments and the entity kind each stands for are here), ``{base}doc/…`` for their
documents, ``{base}graph/…`` for named graphs, ``{base}vocab/…`` for our vocabulary, the dataset's own
nodes (``void#…``, ``sparql#…``, ``profile/…``, ``dumps/…``), and the way back from an IRI to its type and
key. No other module builds a string on the base (tests/test_iris.py checks it).

>>> str(RICO.Record)
'https://www.ica.org/standards/RiC/ontology#Record'
"""
from __future__ import annotations

from urllib.parse import quote, unquote

from rdflib import Namespace, URIRef
from rdflib.namespace import DC, DCAT, DCMITYPE, DCTERMS, FOAF, OWL, PROF, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

RICO = Namespace("https://www.ica.org/standards/RiC/ontology#")
RICRST = Namespace("https://www.ica.org/standards/RiC/vocabularies/recordSetTypes#")
RICDFT = Namespace("https://www.ica.org/standards/RiC/vocabularies/documentaryFormTypes#")
#: the Archives nationales de France's published referentials (activity, occupation and corporate-body
#: types, places): EAC-CPF files of the ANF name their terms by ``@vocabularySource`` ids in them
ANF = Namespace("https://rdf.archives-nationales.culture.gouv.fr/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")  # rdflib ships no term list for it
SCHEMA = SDO  # https://schema.org/

# Other authorities we link to (lod.linking): their entity IRIs, and the Wikidata properties we read.
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
VIAF = Namespace("http://viaf.org/viaf/")
ISNI = Namespace("https://isni.org/isni/")
LCNAF = Namespace("http://id.loc.gov/authorities/names/")  # Library of Congress name authorities
BNF_DATA = Namespace("https://data.bnf.fr/ark:/12148/")  # an agent is {BNF_DATA}{ark id}#about
GEONAMES = Namespace("https://sws.geonames.org/")  # an entity is {GEONAMES}{id}/ (trailing slash)
W3_FORMATS = Namespace("http://www.w3.org/ns/formats/")  # formats' names (the service description)

PREFIXES: dict[str, str] = {
    "rico": str(RICO),
    "ricrst": str(RICRST),
    "ricdft": str(RICDFT),
    "dcterms": str(DCTERMS),
    "dc": str(DC),
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

#: a record resource's part-of links, child -> parent, as the mappings state them (holdings' ``isOrWasIncludedIn``,
#: a finding aid's nesting), and the same links parent -> child
INCLUDED_IN = (RICO.isOrWasIncludedIn, RICO.isDirectlyIncludedIn, RICO.isOrWasConstituentOf, RICO.isOrWasPartOf)
INCLUDES = (RICO.includesOrIncluded, RICO.directlyIncludes, RICO.hasOrHadConstituent, RICO.hasOrHadPart)


# -- the layout of our own IRIs ---------------------------------------------------------------------------
# Everything under a deployment's base is laid out here and nowhere else: the first path segment says what an
# IRI names, the second (under ``id/``) the type of the thing.
ID, DOC, GRAPH, VOCAB = "id", "doc", "graph", "vocab"  # things, their documents, named graphs, our vocabulary
LISTS = "lists"  # an entity's lists paged on their own: ``/lists/{list}/{document path}``
#: entity kind (lod.names) -> the type segment of its IRI, ``{base}id/{segment}/{key}``
KIND_SEGMENT = {"person": "person", "organisation": "corporate-body", "place": "place", "group": "group",
                "family": "family", "unknown": "agent"}
RECORD, RECORD_SET, SUBJECT, POSITION, RULE = "record", "record-set", "subject", "position", "rule"
RECORD_RESOURCE, FINDING_AID = "record-resource", "finding-aid"  # what an EAD file describes, and the file itself
COLLECTION = "collection"  # one of the publisher's collections: ``id/collection/{key}`` (a void:subset)
AUTHORITY_RECORD = "authority-record"  # an EAC-CPF file: ``id/authority-record/{recordId without FRAN_NP_}``
#: short names for our IRI spaces (the SPARQL page's result table): name -> path under the base
PREFIX_PATHS = (*((name, f"{ID}/{segment}/") for name, segment in (
    ("record", RECORD), ("person", KIND_SEGMENT["person"]), ("body", KIND_SEGMENT["organisation"]),
    ("place", KIND_SEGMENT["place"]), ("group", KIND_SEGMENT["group"]), ("set", RECORD_SET), ("subject", SUBJECT),
    ("unit", RECORD_RESOURCE))),
    ("vocab", f"{VOCAB}/"))
KEY_SAFE = "/:+@!$&'()*,;=-._~"
DOC_SAFE = "/:+@!$&()*,;=-._~"  # a document path in a URL: as KEY_SAFE, and an apostrophe encoded


def escape_key(key: str) -> str:
    """A key as it appears in an IRI path: ``escape_key("a b+c")`` → ``'a%20b+c'``."""
    return quote(key, safe=KEY_SAFE)


def agent_path(kind: str, key: str) -> str:
    """An agent's path under ``id/`` by its entity kind: ``agent_path("organisation", "a b")`` →
    ``'corporate-body/a%20b'`` (also the tail of the relation nodes a record states about it)."""
    return f"{KIND_SEGMENT.get(kind, 'agent')}/{escape_key(key)}"


def doc_href(path: str) -> str:
    """The site-relative URL of the document at a path: ``doc_href("record/1")`` → ``'/doc/record/1'``."""
    return f"/{DOC}/{quote(path, safe=DOC_SAFE)}"


def list_href(name: str, path: str) -> str:
    """The site-relative URL of one of an entity's lists (paged on its own), by the entity's document path:
    ``list_href("co-mentioned", "person/kim-il-sung")`` → ``'/lists/co-mentioned/person/kim-il-sung'``."""
    return f"/{LISTS}/{name}/{quote(path, safe=DOC_SAFE)}"


def route(first: str) -> str:
    """The Flask route of everything under one first segment: ``route(DOC)`` → ``'/doc/<path:path>'``."""
    return f"/{first}/<path:path>"


class Local:
    """The IRI layout under a deployment's base: entities, documents, graphs, our own vocabulary, the
    dataset's own nodes, and the way back from an IRI to what it names.

    >>> v = Local("http://localhost:5000/")
    >>> str(v.entity("record", "300237"))
    'http://localhost:5000/id/record/300237'
    >>> v.doc_path("http://localhost:5000/id/person/kim-il-sung"), v.document("person/kim-il-sung")
    ('person/kim-il-sung', 'http://localhost:5000/doc/person/kim-il-sung')
    >>> v.parse(v.agent("organisation", "ministry of foreign affairs"))
    ('corporate-body', 'ministry of foreign affairs')
    """

    def __init__(self, base: str) -> None:
        if not base.endswith("/"):
            base += "/"
        self.base = base
        self.id = Namespace(f"{base}{ID}/")
        self.graph_ns = Namespace(f"{base}{GRAPH}/")
        self.vocab = Namespace(f"{base}{VOCAB}/")
        self.terms = Namespace(f"{base}{VOCAB}/terms#")

    # -- things ---------------------------------------------------------------------------------------
    def entity(self, kind: str, key: str):
        """``{base}id/{kind}/{key}``, the key percent-encoded where an IRI needs it (spaces, ``%``, ``#``,
        ``?``, non-ASCII) so that it round-trips through a URL path."""
        return self.id[f"{kind}/{escape_key(key)}"]

    def agent(self, kind: str, key: str):
        """A person, body, place or group by its entity kind (``organisation`` → ``id/corporate-body/…``);
        a kind we do not know is an agent."""
        return self.id[agent_path(kind, key)]

    def record(self, key: str):
        return self.entity(RECORD, key)

    def authority_record(self, key: str):
        """An authority record (EAC-CPF), by its key: ``{base}id/authority-record/{key}``."""
        return self.entity(AUTHORITY_RECORD, key)

    def authority_record_graph(self, key: str):
        """What one authority record (EAC-CPF file) states: ``{base}graph/authority-record/{key}``."""
        return self.graph(AUTHORITY_RECORD, key)

    def collection(self, key: str):
        """One of the collections the dataset holds, by its key (``collection.toml``'s ``key``):
        ``{base}id/collection/{key}``, the subset of the dataset its records' graphs are part of."""
        return self.entity(COLLECTION, key)

    def record_set(self, path: str):
        """An archival unit, by its path from the archive down (``archive/fond-1/opis-2``)."""
        return self.entity(RECORD_SET, path)

    def subject(self, key: str):
        return self.entity(SUBJECT, key)

    def record_resource(self, key: str, cid: str):
        """A unit an EAD finding aid describes, by the finding aid's key and the component's id (``top`` for
        the ``archdesc``): ``{base}id/record-resource/{key}/{cid}``, a ``/`` in either written ``_``."""
        return self.entity(RECORD_RESOURCE, f"{key.replace('/', '_')}/{cid.replace('/', '_')}")

    def finding_aid(self, key: str):
        """An EAD finding aid itself, as a record (``{base}id/finding-aid/{key}``)."""
        return self.entity(FINDING_AID, key.replace("/", "_"))

    def position(self, key: str):
        return self.entity(POSITION, key)

    def rule(self, key: str):
        return self.entity(RULE, key)

    def concept(self, scheme: str, key: str):
        """A concept of one of our SKOS schemes (``{base}vocab/{scheme}/{key}``)."""
        return self.vocab[f"{scheme}/{key}"]

    def scheme(self, scheme: str) -> str:
        """What every concept IRI of one of our schemes starts with (``{base}vocab/{scheme}/``)."""
        return f"{self.vocab}{scheme}/"

    def prefixes(self) -> dict[str, str]:
        """Short names for our IRI spaces: ``{"record": "{base}id/record/", …, "vocab": "{base}vocab/"}``."""
        return {name: self.base + path for name, path in PREFIX_PATHS}

    # -- graphs -----------------------------------------------------------------------------------------
    def graph(self, kind: str, key: str):
        """The named graph holding what was derived from one source (``{base}graph/{kind}/{key}``)."""
        return self.graph_ns[f"{kind}/{escape_key(key)}"]

    def record_graph(self, key: str):
        """What one record states (``{base}graph/record/{key}``)."""
        return self.graph(RECORD, key)

    def meta_graph(self, name: str):
        """A graph ingest writes of the whole dataset: ``dataset`` (its base), ``entities`` (shared nodes),
        ``vocabulary`` (our schemes), ``collections`` (each collection, and the graphs part of it),
        ``ingest`` (when it ran)."""
        return self.graph("meta", name)

    @property
    def dataset_graph(self):
        """The named graph where ingest records what the dataset says of itself (its base, as
        ``void:uriSpace``), so that a store knows the base it was written with."""
        return self.meta_graph("dataset")

    # -- documents and the way back ----------------------------------------------------------------------
    def owns(self, iri: object) -> bool:
        """Whether an IRI lies under our base."""
        return str(iri).startswith(self.base)

    def thing(self, path: str):
        """The IRI a document path is about: ``record/300237`` → ``{base}id/record/300237``; ``vocab/…`` →
        ``{base}vocab/…``."""
        first, _, rest = path.partition("/")
        return self.vocab[escape_key(rest)] if first == VOCAB else self.id[escape_key(path)]

    def doc_path(self, iri: object) -> str | None:
        """The document path of one of our entities or concepts (the inverse of :meth:`thing`, kept
        percent-encoded as in the IRI), None for any other IRI."""
        s = str(iri)
        if s.startswith(str(self.id)):
            return s[len(self.id):]
        return s[len(self.base):] if s.startswith(str(self.vocab)) else None

    def document(self, path: str) -> str:
        """The URL of the document at a path as a route receives it (decoded): ``record/1`` →
        ``{base}doc/record/1``."""
        return self.base + doc_href(path)[1:]

    def summary(self, path: str, part: str = "") -> URIRef:
        """A node of the summary of the entity at a document path (its document's ``#summary``, and
        ``#summary-{part}`` for a year or a list of it): ``summary("place/x", "years-1950")`` →
        ``{base}doc/place/x#summary-years-1950``."""
        return URIRef(f"{self.document(path)}#summary" + (f"-{part}" if part else ""))

    def list_page(self, name: str, path: str) -> URIRef:
        """One of an entity's lists paged on its own (:func:`list_href`), as a URL under the base."""
        return URIRef(self.base + list_href(name, path)[1:])

    def document_of(self, iri: object) -> str | None:
        """The URL of the document about one of our entities or concepts (``{base}id/x/y`` →
        ``{base}doc/x/y``), None for any other IRI."""
        path = self.doc_path(iri)
        return None if path is None else f"{self.base}{DOC}/{path}"

    def site_path(self, iri: object) -> str | None:
        """Where the site answers one of our IRIs: ``/doc/…`` for an entity or concept, the path itself
        for our other pages, None for a named graph and for IRIs outside the base."""
        s = str(iri)
        if not s.startswith(self.base) or s.startswith(str(self.graph_ns)):
            return None
        path = self.doc_path(s)
        return f"/{DOC}/{path}" if path is not None else "/" + s[len(self.base):]

    def parse(self, iri: object) -> tuple[str, str] | None:
        """(type segment, key) of an entity IRI, the key decoded (so that ``entity(*parse(iri)) == iri``
        for IRIs we made); None for any other IRI."""
        s = str(iri)
        if not s.startswith(str(self.id)):
            return None
        segment, _, key = s[len(self.id):].partition("/")
        return (segment, unquote(key)) if key else None

    # -- the site and the dataset ------------------------------------------------------------------------
    def page(self, path: str = ""):
        """One of the site's pages (``browse/records``, ``sparql``, ``dumps/…``) as an IRI."""
        return URIRef(self.base + path)

    @property
    def sparql(self):
        """The SPARQL endpoint (``{base}sparql``); also the base relative IRIs in a query resolve against."""
        return self.page("sparql")

    def linkset(self, path: str):
        """The linkset (RFC 9264) of the resource at a document path: ``{base}linkset/record/1``
        (``void``: the dataset's)."""
        return URIRef(f"{self.base}linkset/{path}")

    @property
    def reconcile(self):
        """The reconciliation service (``{base}reconcile``; its paths are the API's: ``/suggest/entity``…)."""
        return self.page("reconcile")

    def service(self, name: str):
        """A node of the endpoint's service description (``{base}sparql#{name}``)."""
        return URIRef(f"{self.sparql}#{name}")

    def void(self, name: str):
        """A node of the dataset's VoID description (``{base}void#{name}``)."""
        return URIRef(f"{self.base}void#{name}")

    @property
    def dataset(self):
        """The dataset itself, as its VoID and DCAT description names it (``{base}void#dataset``)."""
        return self.void("dataset")

    def dump(self, name: str):
        """A dump file of the whole dataset (``{base}dumps/{name}``)."""
        return self.page(f"dumps/{name}")

    def profile(self, token: str) -> str:
        """A profile of our documents (``{base}profile/{token}``)."""
        return f"{self.base}profile/{token}"

    @classmethod
    def of_uri_space(cls, space: str) -> "Local | None":
        """The layout whose entity IRIs start with ``space`` (a ``void:uriSpace`` we wrote), or None.

        >>> Local.of_uri_space("https://lod.example.org/id/").base
        'https://lod.example.org/'
        >>> Local.of_uri_space("https://elsewhere.example/resource/") is None
        True
        """
        return cls(space[:-len(ID) - 1]) if space.endswith(f"/{ID}/") else None

    @property
    def suggested_citation(self):
        """Our property for a full citation string as the source suggests it."""
        return self.terms["suggestedCitation"]


__all__ = [
    "DC", "DCAT", "PROF", "SD", "VOID", "DCMITYPE", "DCTERMS", "FOAF", "ICA_RECORD_SET_TYPE", "Local", "OWL", "PREFIXES", "PROV", "RDF", "RICDFT",
    "RDFS", "RICO", "RICRST", "SCHEMA", "SKOS", "XSD",
    "WD", "WDT", "VIAF", "GEONAMES", "W3_FORMATS", "ANF", "ISNI", "LCNAF", "BNF_DATA",
]
