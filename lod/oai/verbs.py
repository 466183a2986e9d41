"""The six verbs: a request's arguments checked as the protocol says (every error code it names), answered by
one ``<OAI-PMH>`` document built with lxml.

>>> Request.of([("verb", "Identify"), ("verb", "Identify")])
Traceback (most recent call last):
...
lod.oai.verbs.OAIError: badVerb: the verb argument is repeated
>>> Request.of([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", "2026-01-01"),
...             ("until", "2026-01-02T00:00:00Z")])
Traceback (most recent call last):
...
lod.oai.verbs.OAIError: badArgument: from and until must have the same granularity
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from lod.collection import Collection
from lod.oai import tokens
from lod.oai.metadata import BY_PREFIX, FORMATS, XSI, Described, formats_for
from lod.oai.registry import Item, Registry
from lod.store.describe import Description

OAI = "http://www.openarchives.org/OAI/2.0/"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
MAX_VALUE = 2048  # characters of one argument (a token, an identifier): longer is a bad argument
ARGS = {"Identify": ((), ()), "ListMetadataFormats": ((), ("identifier",)), "ListSets": ((), ()),
        "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set")),
        "ListRecords": (("metadataPrefix",), ("from", "until", "set")),
        "GetRecord": (("identifier", "metadataPrefix"), ())}
RESUMABLE = ("ListIdentifiers", "ListRecords", "ListSets")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SETSPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")


class OAIError(ValueError):
    """A protocol error: its code (``badArgument`` …) and what is wrong."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


@dataclass(frozen=True)
class Request:
    """A request whose arguments are well formed (not yet known to name things that exist)."""

    verb: str
    args: dict[str, str]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> "Request":
        """Checked arguments, or OAIError: badVerb, else badArgument."""
        pairs = list(pairs)
        verbs = [v for k, v in pairs if k == "verb"]
        if not verbs:
            raise OAIError("badVerb", "the verb argument is missing")
        if len(verbs) > 1:
            raise OAIError("badVerb", "the verb argument is repeated")
        verb = verbs[0]
        if verb not in ARGS:
            raise OAIError("badVerb", f"{verb[:80]!r} is not an OAI-PMH verb (the verbs are {', '.join(ARGS)})")
        args: dict[str, str] = {}
        for k, v in pairs:
            if k == "verb":
                continue
            if k in args:
                raise OAIError("badArgument", f"the argument {k[:80]!r} is repeated")
            if len(v) > MAX_VALUE:
                raise OAIError("badArgument", f"the argument {k[:80]!r} is over {MAX_VALUE} characters")
            if _NOT_XML.search(v):
                raise OAIError("badArgument", f"the argument {k[:80]!r} holds a character XML cannot carry")
            args[k] = v
        required, optional = ARGS[verb]
        allowed = set(required) | set(optional) | ({"resumptionToken"} if verb in RESUMABLE else set())
        unknown = sorted(set(args) - allowed)
        if unknown:
            raise OAIError("badArgument", f"{verb} takes no argument {unknown[0][:80]!r}")
        if "resumptionToken" in args:
            if len(args) > 1:
                raise OAIError("badArgument", "resumptionToken is an exclusive argument")
            return cls(verb, args)
        missing = [a for a in required if a not in args]
        if missing:
            raise OAIError("badArgument", f"{verb} needs the argument {missing[0]}")
        window(args.get("from"), args.get("until"))
        if "set" in args and not _SETSPEC.fullmatch(args["set"]):
            raise OAIError("badArgument", f"{args['set'][:80]!r} is not a setSpec")
        return cls(verb, args)


def _date(name: str, value: str, end: bool) -> str:
    if _DAY.fullmatch(value):
        full = value + ("T23:59:59Z" if end else "T00:00:00Z")
    elif _SECOND.fullmatch(value):
        full = value
    else:
        raise OAIError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, got {value[:40]!r}")
    try:
        dt.datetime.strptime(full, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise OAIError("badArgument", f"{name} is no date: {value[:40]!r}") from None
    return full


def window(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """from and until as datestamps at the declared granularity (a day's until is its last second).

    >>> window("2026-01-01", "2026-01-01")
    ('2026-01-01T00:00:00Z', '2026-01-01T23:59:59Z')
    """
    if start and end and len(start) != len(end):
        raise OAIError("badArgument", "from and until must have the same granularity")
    lo = _date("from", start, False) if start else None
    hi = _date("until", end, True) if end else None
    if lo and hi and lo > hi:
        raise OAIError("badArgument", "from is later than until")
    return lo, hi


@dataclass
class Repository:
    """What the verbs answer from: the registry, the descriptions and who publishes."""

    registry: Registry
    describe: Callable[[str], Description]
    collection: Collection
    base_url: str
    admin_email: str
    page_size: int = 100


def _e(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{OAI}}}{tag}", attrib)
    if text is not None:
        el.text = text
    return el


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def respond(pairs: Iterable[tuple[str, str]], repo: Repository) -> bytes:
    """The response document to a request's (name, value) pairs; protocol errors are answered in it."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _e(root, "responseDate", _now())
    request = _e(root, "request", repo.base_url)
    try:
        req = Request.of(pairs)
    except OAIError as e:
        _e(root, "error", e.message, code=e.code)
        return _bytes(root)
    for k, v in (("verb", req.verb), *req.args.items()):
        request.set(k, v)
    try:
        VERBS[req.verb](root, req, repo)
    except OAIError as e:
        for child in root[2:]:
            root.remove(child)
        _e(root, "error", e.message, code=e.code)
    return _bytes(root)


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def identify(root: etree._Element, req: Request, repo: Repository) -> None:
    out = _e(root, "Identify")
    _e(out, "repositoryName", repo.collection.title)
    _e(out, "baseURL", repo.base_url)
    _e(out, "protocolVersion", "2.0")
    _e(out, "adminEmail", repo.admin_email)
    _e(out, "earliestDatestamp", repo.registry.earliest())
    _e(out, "deletedRecord", "persistent")
    _e(out, "granularity", GRANULARITY)


def _item(repo: Repository, identifier: str) -> Item:
    item = repo.registry.get(identifier)
    if item is None:
        raise OAIError("idDoesNotExist", f"no item {identifier[:200]!r} in this repository")
    return item


def list_metadata_formats(root: etree._Element, req: Request, repo: Repository) -> None:
    formats = list(FORMATS)
    if "identifier" in req.args:
        item = _item(repo, req.args["identifier"])
        if item.deleted:
            raise OAIError("noMetadataFormats", f"{item.identifier} is deleted: it is disseminated in no format")
        formats = formats_for(item.kind)
    out = _e(root, "ListMetadataFormats")
    for f in formats:
        mf = _e(out, "metadataFormat")
        _e(mf, "metadataPrefix", f.prefix)
        _e(mf, "schema", f.schema)
        _e(mf, "metadataNamespace", f.namespace)


def list_sets(root: etree._Element, req: Request, repo: Repository) -> None:
    if "resumptionToken" in req.args:
        raise OAIError("badResumptionToken", "ListSets is answered in one response: it issues no tokens")
    sets = repo.registry.sets()
    if not sets:
        raise OAIError("noSetHierarchy", "the repository holds no items, so no sets")
    out = _e(root, "ListSets")
    for spec, name in sets:
        s = _e(out, "set")
        _e(s, "setSpec", spec)
        _e(s, "setName", name)


def _header(parent: etree._Element, item: Item) -> None:
    h = _e(parent, "header", **({"status": "deleted"} if item.deleted else {}))
    _e(h, "identifier", item.identifier)
    _e(h, "datestamp", item.datestamp)
    for spec in item.sets:
        _e(h, "setSpec", spec)


def _record(parent: etree._Element, item: Item, prefix: str, repo: Repository) -> None:
    rec = _e(parent, "record")
    _header(rec, item)
    if not item.deleted:
        desc = repo.describe(item.identifier)
        _e(rec, "metadata").append(BY_PREFIX[prefix].write(Described(desc, item.datestamp, repo.collection)))


def get_record(root: etree._Element, req: Request, repo: Repository) -> None:
    item = _item(repo, req.args["identifier"])
    prefix = req.args["metadataPrefix"]
    if prefix not in BY_PREFIX or item.kind not in BY_PREFIX[prefix].kinds:
        raise OAIError("cannotDisseminateFormat", f"{item.identifier} is not disseminated as {prefix[:80]!r}")
    _record(_e(root, "GetRecord"), item, prefix, repo)


def _list(root: etree._Element, req: Request, repo: Repository, records: bool) -> None:
    key = repo.registry.secret()
    after = ""
    args = req.args
    if "resumptionToken" in args:
        try:
            args, after = tokens.decode(key, args["resumptionToken"])
            original = Request.of([("verb", req.verb), *args.items()])
        except (tokens.BadToken, OAIError, KeyError, TypeError, ValueError, AttributeError):
            raise OAIError("badResumptionToken", "the resumption token is invalid (malformed, altered, or "
                                                 "issued for another list)") from None
        if original.verb != req.verb or "resumptionToken" in args or not isinstance(after, str):
            raise OAIError("badResumptionToken", "the resumption token was issued for another list")
    prefix = args["metadataPrefix"]
    if prefix not in BY_PREFIX:
        raise OAIError("cannotDisseminateFormat", f"{prefix[:80]!r} is not a metadataPrefix of this repository")
    start, end = window(args.get("from"), args.get("until"))
    items, total, cursor = repo.registry.page(after, repo.page_size + 1, BY_PREFIX[prefix].kinds, start, end,
                                              args.get("set"))
    if not items:  # (deleted items stay, so a list resumed by a token ends only where a filter ends it)
        raise OAIError("noRecordsMatch", "no item matches these arguments")
    out = _e(root, req.verb)
    more = len(items) > repo.page_size
    for item in items[:repo.page_size]:
        if records:
            _record(out, item, prefix, repo)
        else:
            _header(out, item)
    if more or after:  # a complete list in one response has no token; the last page of a resumed one an empty one
        token = tokens.encode(key, args, items[repo.page_size - 1].identifier) if more else None
        _e(out, "resumptionToken", token, completeListSize=str(total), cursor=str(cursor))


VERBS: dict[str, Callable[[etree._Element, Request, Repository], None]] = {
    "Identify": identify, "ListMetadataFormats": list_metadata_formats, "ListSets": list_sets,
    "ListIdentifiers": lambda root, req, repo: _list(root, req, repo, False),
    "ListRecords": lambda root, req, repo: _list(root, req, repo, True),
    "GetRecord": get_record,
}
