"""Configuration in one place: defaults a new user wants, overridden by environment, then options."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

REPO_DATA = Path(__file__).resolve().parent.parent / "data"
MAX_HEADER_LINE = 65_536  # bytes of one request header line, as the development server (http.client) reads


class BaseMismatch(ValueError):
    """A base URI given on the command line or in the environment contradicts the one the store records."""


@dataclass
class Config:
    """Settings shared by the command line and the web application.

    >>> Config.from_env({"LOD_BASE": "https://example.org"}).base
    'https://example.org/'
    >>> Config(store="var/store").store == os.path.join(os.getcwd(), "var", "store")
    True
    """

    store: str = "var/store"  # made absolute here, against the working directory (not a module's folder)
    base: str = "http://localhost:5000/"
    base_source: str = "default"  # who said the base: "default", "LOD_BASE", "--base" or "the store"
    authority: Path = REPO_DATA / "authorities" / "entities.tsv"
    links: Path = REPO_DATA / "authorities" / "links.tsv"  # links of authority entities to Wikidata etc.
    successions: Path = REPO_DATA / "authorities" / "successions.tsv"  # renamed archives: related, not merged
    collection: Path | None = None  # the collection file (lod/collection.py); None: beside the data, the store's, bundled
    host: str = "127.0.0.1"
    port: int = 5000
    query_timeout: float = 10.0  # seconds; a SPARQL query past it is stopped and answered 503
    row_cap: int = 10_000  # rows (or triples) a SPARQL answer carries at most; signalled when applied
    query_workers: int = 2  # processes evaluating SPARQL queries
    query_isolation: str = "required"  # query processes without network: required | best-effort | off
    query_memory: int = 1024  # MB of data one SPARQL query process may hold (past it: stopped, 503); 0: no limit
    max_query_length: int = 100_000  # characters of a SPARQL query (GET or POST)
    max_body: int = 1 << 20  # bytes of a request body (a POSTed query or form); larger bodies get 413
    client_queries: int = 2  # SPARQL queries one client may have running at once (more: 429); 0: no limit
    proxy_hops: int = 0  # reverse proxies in front that append X-Forwarded-For: the client is who they saw
    limits_dir: str | None = None  # where web worker processes share the per-client slots (None: per process)
    read_timeout: float = 60.0  # seconds reading one input file may take before ingest rejects it
    union_default_graph: bool = True  # queries see the union of all named graphs as the default graph
    endpoint: str | None = None  # a remote store's SPARQL query URL (instead of the embedded store)
    update_endpoint: str | None = None  # its SPARQL Update URL
    graph_store: str | None = None  # its Graph Store Protocol URL
    remote_timeout: float = 30.0  # seconds for loading and our own queries against a remote store
    cors_origins: str = "*"  # Access-Control-Allow-Origin: "*" or a comma-separated list of origins
    workers: int = 0  # web workers: 0 runs Flask's development server, N > 0 runs gunicorn with N workers
    access_log: bool = True  # one JSON line per request on standard error
    oai_page_size: int = 100  # items of one OAI-PMH list response (then a resumption token)
    oai_admin_email: str = ""  # Identify's adminEmail ("": webmaster@ the base's host)
    test_load: bool = False  # enable POST /_test/dataset (conformance tests only; never in production)

    def __post_init__(self) -> None:
        self.store = os.path.abspath(self.store)  # once: Flask would resolve a relative path against lod/web/
        if not self.base.endswith("/"):
            self.base += "/"
        for name in ("max_body", "max_query_length", "read_timeout", "query_timeout", "oai_page_size"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)!r}")
        if self.query_isolation not in ("required", "best-effort", "off"):
            raise ValueError(f"query_isolation must be required, best-effort or off, got {self.query_isolation!r}")
        for name in ("client_queries", "proxy_hops", "query_memory"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 or more, got {getattr(self, name)!r}")

    def adopt_base(self, recorded: str | None, rebuild: bool = False) -> "Config":
        """This configuration for a store whose data was ingested with base ``recorded`` (None: it does not
        say): the store's base unless one was given. A given base that contradicts it is refused, since none
        of the store's URIs would answer under it, unless the store is being rebuilt (``--replace``).

        >>> Config().adopt_base("https://lod.example.org/").base
        'https://lod.example.org/'
        >>> Config().adopt_base(Config().base).base_source  # the default base, recorded by the store
        'the store'
        >>> Config.from_env({}, base="https://a.example/").adopt_base("https://b.example/")
        Traceback (most recent call last):
        ...
        lod.config.BaseMismatch: the store was ingested with base https://b.example/, but --base says \
https://a.example/: none of its URIs would answer under it. Leave --base out to use the store's own base, \
or rebuild the store with `lod ingest --replace --base https://a.example/ …`
        """
        if recorded is None or (rebuild and self.base_source != "default"):
            return self
        if recorded == self.base:  # the store's own base, whether or not it was also given
            return self if self.base_source != "default" else replace(self, base_source="the store")
        if self.base_source != "default":
            raise BaseMismatch(
                f"the store was ingested with base {recorded}, but {self.base_source} says {self.base}: none "
                f"of its URIs would answer under it. Leave {self.base_source} out to use the store's own base, "
                f"or rebuild the store with `lod ingest --replace --base {self.base} …`")
        return replace(self, base=recorded, base_source="the store")

    @property
    def max_request_line(self) -> int:
        """Bytes of a request line both servers read: a GET of the longest query we take, every character
        percent-encoded UTF-8 (up to 12 bytes), and room for the other parameters, so that the endpoint's own
        limit is the one that answers (a 414 that says why, with CORS headers).

        >>> Config(max_query_length=1000).max_request_line
        20192
        """
        return 12 * self.max_query_length + 8192

    @property
    def remote(self) -> bool:
        """Whether the data lives in a remote SPARQL store."""
        return bool(self.endpoint)

    @property
    def search_index(self) -> Path:
        """The full-text index of records, written by ingest beside the dumps."""
        return Path(self.store) / "search.sqlite"

    @property
    def oai_registry(self) -> Path:
        """The items OAI-PMH serves, their datestamps and deletions (lod/oai/registry.py), beside the store."""
        return Path(self.store) / "oai.sqlite"

    @property
    def summaries(self) -> Path:
        """The people's, bodies' and places' summaries (lod/store/summaries.py), beside the store."""
        return Path(self.store) / "summaries.sqlite"

    @property
    def dumps(self) -> Path:
        """Where ingest writes the dataset dumps and the server finds them."""
        return Path(self.store) / "dumps"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> "Config":
        """Defaults, then ``LOD_STORE``/``LOD_BASE``/``LOD_AUTHORITY``, then non-None ``overrides``."""
        env = dict(os.environ if env is None else env)
        values: dict[str, object] = {}
        if env.get("LOD_STORE"):
            values["store"] = env["LOD_STORE"]
        if env.get("LOD_BASE"):
            values["base"], values["base_source"] = env["LOD_BASE"], "LOD_BASE"
        if overrides.get("base") is not None:
            values["base_source"] = "--base"
        for key in ("ENDPOINT", "UPDATE_ENDPOINT", "GRAPH_STORE"):
            if env.get(f"LOD_{key}"):
                values[key.lower()] = env[f"LOD_{key}"]
        if env.get("LOD_AUTHORITY"):
            values["authority"] = Path(env["LOD_AUTHORITY"])
        if env.get("LOD_LINKS"):
            values["links"] = Path(env["LOD_LINKS"])
        if env.get("LOD_SUCCESSIONS"):
            values["successions"] = Path(env["LOD_SUCCESSIONS"])
        if env.get("LOD_COLLECTION"):
            values["collection"] = Path(env["LOD_COLLECTION"])
        if env.get("LOD_CORS_ORIGINS"):
            values["cors_origins"] = env["LOD_CORS_ORIGINS"]
        if env.get("LOD_LIMITS_DIR"):
            values["limits_dir"] = env["LOD_LIMITS_DIR"]
        if env.get("LOD_QUERY_ISOLATION"):
            values["query_isolation"] = env["LOD_QUERY_ISOLATION"]
        if env.get("LOD_OAI_ADMIN_EMAIL"):
            values["oai_admin_email"] = env["LOD_OAI_ADMIN_EMAIL"]
        if env.get("LOD_ACCESS_LOG"):
            values["access_log"] = env["LOD_ACCESS_LOG"].lower() not in ("0", "false", "no", "off")
        for key, cast in (("QUERY_TIMEOUT", float), ("ROW_CAP", int), ("QUERY_WORKERS", int),
                          ("MAX_QUERY_LENGTH", int), ("WORKERS", int), ("REMOTE_TIMEOUT", float),
                          ("MAX_BODY", int), ("CLIENT_QUERIES", int), ("PROXY_HOPS", int),
                          ("READ_TIMEOUT", float), ("QUERY_MEMORY", int), ("OAI_PAGE_SIZE", int)):
            if env.get(f"LOD_{key}"):
                try:
                    values[key.lower()] = cast(env[f"LOD_{key}"])
                except ValueError:
                    raise ValueError(f"LOD_{key} must be a number, got {env[f'LOD_{key}']!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
