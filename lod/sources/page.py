"""Record pages as plain text (``.txt``): the current site, its whitespace-collapsed staging copy,
the older site with a ``Citation`` block, and pages re-assembled from scraper fields; a WCDA PDF export
re-hosted as text is handed to :mod:`lod.sources.pdf_export`. A capture that opens with a related
document's summary before the date line has that line set aside (with a warning).

One parser serves the four layouts: a page is a run of lines; chrome lines are dropped, the head gives
date, title and credits, the metadata zone is read by its headings, and what lies between is the body
(its last sentence-like line before the metadata zone being the summary).

>>> from lod.config import REPO_DATA
>>> r = parse_page((REPO_DATA / "records" / "wcda-300645.txt").read_text(encoding="utf-8"), "wcda-300645.txt")
>>> (r.record_id, r.id_origin, r.date.iso, r.senders, r.addressees)
('300645', 'record-id', '1957-12-12', ['Thomas J. Kieran'], ['Con Cremin'])
>>> r = parse_page((REPO_DATA / "records" / "wcda-3283.txt").read_text(encoding="utf-8"), "wcda-3283.txt")
>>> (r.record_id, r.id_origin, r.date.iso)  # no Record ID printed: the date and title, never the file name
('1950-04-10-ciphered-telegram-soviet-representative-aleksei-ignatieff-in', 'slug', '1950-04-10')

Senders and addressees are the names as written, places included ("From Pyongyang"): the mapping
decides which are places (``dcterms:spatial``) and which are agents.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lod.model import Record
from lod.model.record import SourceCitation
from lod.slug import slug
from lod.sources import fields, pdf_export
from lod.sources.dates import note_title_dates, parse_date
from lod.sources.letterhead import letterhead_parties
from lod.sources.title_parties import is_group, title_parties
from lod.sources.correspondents import correspondents
from lod.sources.participants import body_participants, summary_participants
from lod.sources.citation import parse_citation
from lod.sources.chicago_citation import document_id_from_url, parse_chicago_citation
from lod.sources.errors import SourceRejected, decode_text

# layout evidence of the site's pages (what they print around a record), not the collection's identity: that
# is configuration (lod/collection.py)
CHROME = {
    "skip to content", "search in", "add search filter cancel search filter",
    "digital archive international history declassified", "citation share download", "citation",
    "get citation", "share document", "view document in", "english html", "download", "share",
    "english pdf", "english transcription", "original scan",
}
# heading -> (Record attribute, is a list)
HEADINGS: dict[str, tuple[str, bool]] = {
    "author(s):": ("authors", True), "authors:": ("authors", True), "author(s)": ("authors", True),
    "associated people & organizations": ("people_orgs", True),
    "associated people and organizations": ("people_orgs", True),
    "associated places": ("places", True), "associated topics": ("topics", True),
    "subjects discussed": ("subjects", True), "document contributors": ("contributors", True),
    "donors": ("donors", True), "language": ("languages", True), "languages": ("languages", True),
    "original archive": ("original_archives", True), "source": ("source", False),
    "rights": ("rights", False), "original uploaded date": ("uploaded", False), "type": ("type_field", False),
    "record id": ("record_id", False), "original classification": ("classification", True),
    "document information": ("", False),
}
ZONE_START = {"author(s):", "authors:", "author(s)", "associated people & organizations",
              "associated people and organizations", "associated places", "associated topics",
              "subjects discussed", "document contributors", "document information"}
# where the rights paragraph begins on the site's pages (layout evidence, as CHROME)
_RIGHTS_START = re.compile(r"^(?:the history and public policy program welcomes|to enquire about|some documents may be)", re.I)
_CREDITS = re.compile(r"^this document was made possible", re.I)
_URL = re.compile(r"^https?://\S+$")
_SENTENCE_END = re.compile(r"[.!?)\]\"”’']\s*$")


def _key(line: str) -> str:
    return " ".join(line.replace("•", " ").split()).lower()


def derive_id(record: Record, text: str) -> None:
    """Fill ``record_id`` when the source states none: a ``/document/NNN`` link, else date + title, else the text.

    A file name is no evidence (``wcda-3283.txt`` was named after the capture's size), so it is never read.
    """
    if record.record_id:
        record.id_origin = record.id_origin or "record-id"
        return
    for candidate in (record.url, record.full_citation, text[:20000]):
        found = document_id_from_url(candidate or "")
        if found:
            record.record_id, record.id_origin = found, "citation-url"
            return
    if record.title:
        date = record.date.iso if record.date else "undated"
        record.record_id, record.id_origin = f"{date}-{slug(record.title, limit=60)}", "slug"
    else:
        record.record_id = "t" + hashlib.sha1(text.encode()).hexdigest()[:12]
        record.id_origin = "text"


def parse_page(text: str, source: str) -> Record:
    """Parse one page text into a Record; raise SourceRejected when the text is no record page."""
    if pdf_export.looks_like_export(text):
        rec = pdf_export.parse_export(text, source)
        _derive(rec, text)
        return rec
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    blank_share = sum(1 for ln in lines if not ln.strip()) / max(1, len(lines))
    first = _key(next((ln for ln in lines if ln.strip()), ""))
    old = first == "search in" or any(_key(ln) == "get citation" for ln in lines)
    fmt = ("page-old" if old else "page-current" if first == "skip to content"
           else "page-staging" if blank_share <= 0.1 else "page-assembled")
    rec = Record(source=source, source_format=fmt, sources=[source])

    zone = next((i for i, ln in enumerate(lines) if _key(ln) in ZONE_START), len(lines))
    head_end = _read_head(rec, lines, zone, old)
    body_lines = lines[head_end:zone]
    if not old:
        body_lines = _take_summary(rec, body_lines, whole=zone < len(lines))
    _read_metadata(rec, lines[zone:])
    rec.body = "\n".join(body_lines).strip("\n") or None
    if rec.body and rec.body.strip() == "":
        rec.body = None

    if not rec.date and zone == len(lines) and not rec.full_citation:
        raise SourceRejected(source, "not a record page: found no date line before the title, no citation "
                                     "block and no metadata block ('Document Information', 'Author(s):' …)")
    _derive(rec, text)
    return rec


def _read_head(rec: Record, lines: list[str], zone: int, old: bool) -> int:
    """Date, title, credits (and the older layout's citation block); returns where the body starts."""
    i, n = 0, zone
    expect_summary = expect_citation = expect_url = False
    body_start: int | None = None
    while i < n:
        raw = lines[i]
        line = raw.strip()
        k = _key(raw)
        i += 1
        if not line:
            continue
        if k in CHROME:
            if k == "get citation":
                expect_summary = True
            elif k == "share document":
                expect_url = True
            elif k == "english html" and old:
                body_start = i
                break
            continue
        if expect_url and _URL.match(line):
            rec.url = rec.url or line
            expect_url = False
            continue
        if expect_summary:
            rec.summary, expect_summary, expect_citation = line, False, True
            continue
        if expect_citation and line.startswith(('"', "“")):
            rec.full_citation, expect_citation = line, False
            continue
        if rec.date is None and rec.title is None and (d := parse_date(line)):
            rec.date = d
            continue
        if rec.date is None and rec.title is None and _is_related_summary(line, lines, i, n):
            rec.unmapped.append(line)
            rec.warn("the page opens with a related document's summary before its date line; set aside")
            continue
        if _CREDITS.match(line):
            rec.credits = line
            continue
        if rec.title is None and not old:
            rec.title = line
            if not rec.date:
                rec.warn("no date line before the title")
            continue
        if old:
            if rec.title is None and not line.startswith(("[", "…")):
                rec.title = line  # the upper-case heading; the citation's title replaces it below
                continue
            rec.unmapped.append(line)
            continue
        body_start = i - 1
        break
    if body_start is None:
        body_start = i
    return body_start


def _is_related_summary(line: str, lines: list[str], i: int, n: int) -> bool:
    """A prose line (a sentence of some length) whose next non-blank line is a date line: some captures
    open with a related document's summary before the record's own date and title."""
    nxt = next((ln for ln in lines[i:n] if ln.strip()), "")
    return (len(line.split()) >= 6 and _SENTENCE_END.search(line) is not None
            and parse_date(nxt) is not None)


def _take_summary(rec: Record, body: list[str], whole: bool = False) -> list[str]:
    """The summary is the last sentence-like line before the metadata zone (when there is a zone);
    ``whole``: the metadata zone follows, so a lone sentence after the title is the summary."""
    idx = len(body) - 1
    while idx >= 0 and not body[idx].strip():
        idx -= 1
    if idx < 0:
        return body
    cand = body[idx].strip()
    is_sentence = len(cand) >= 40 and _SENTENCE_END.search(cand) is not None and len(cand) < 2000
    gap_before = idx > 0 and not body[idx - 1].strip()
    collapsed = rec.source_format == "page-staging"
    if rec.summary is None and is_sentence and (gap_before or collapsed) and idx > 0:
        rec.summary = cand
        return body[:idx]
    site = rec.source_format in ("page-current", "page-staging")
    if rec.summary is None and is_sentence and idx == 0 and whole and site:
        # the current site (and its staging copy) prints the summary right after the title: with nothing else,
        # the page has no body text (other layouts may put a one-paragraph body there: it stays the body)
        rec.summary = cand
        rec.warn("one paragraph between title and metadata: taken as the summary (the page has no body text)")
        return []
    return body


def _read_metadata(rec: Record, zone: list[str]) -> None:
    """Headed blocks after the body; lines under no heading are placed by content or reported."""
    current: tuple[str, bool] | None = None
    last_attr = ""
    values: dict[str, list[str]] = {}
    last = max((i for i, ln in enumerate(zone) if ln.strip()), default=-1)
    for n, raw in enumerate(zone):
        line = raw.strip()
        if not line:
            continue
        k = _key(line)
        if n == last and k not in HEADINGS and any(h.startswith(k) and h != k for h in HEADINGS):
            rec.warn(f"the capture ends inside a heading ({line!r})")
            continue
        if _RIGHTS_START.match(line) and current is not None and current[0] not in ("rights", "source", ""):
            current = HEADINGS["rights"]  # the rights text is never an archive, an author or a topic
            last_attr = ""
        if k in HEADINGS:
            current = HEADINGS[k]
            last_attr = ""
            if current[0]:
                values.setdefault(current[0], [])
            continue
        attr = current[0] if current else ""
        if attr == "" and last_attr == "rights":
            attr = "rights"  # the rights paragraph runs on under no heading
        if attr == "" or (attr == "source" and _RIGHTS_START.match(line) and values.get("source")):
            attr = "rights" if _RIGHTS_START.match(line) else ("source" if not values.get("source") else "")
        if not attr:
            rec.unmapped.append(line)
            continue
        values.setdefault(attr, []).append(line)
        last_attr = attr
    for attr, vals in values.items():
        if attr == "source":
            if vals:
                rec.citation = parse_citation(" ".join(vals))
        elif attr in ("rights",):
            rec.rights = "\n".join(vals) or None
        elif attr == "uploaded":
            rec.uploaded = parse_date(vals[0]) if vals else None
            rec.unmapped.extend(vals[1:])
        elif attr in ("type_field", "record_id"):
            setattr(rec, attr, vals[0] if vals else None)
            rec.unmapped.extend(vals[1:])
        else:
            getattr(rec, attr).extend(vals)
    seen = set(values)
    rec.missing.extend(f for f, a in (("source citation", "source"), ("rights", "rights"),
                                      ("record id", "record_id")) if a not in seen)


def _derive(rec: Record, text: str) -> None:
    """Fields that follow from others: the old layout's citation, ids, forms, parties, markings."""
    if rec.full_citation:
        title, date_text, source_part = parse_chicago_citation(rec.full_citation)
        if title:
            rec.title = title
        if date_text and not rec.date:
            rec.date = parse_date(date_text)
        if source_part and not rec.citation:
            rec.citation = parse_citation(source_part)
        if "source citation" in rec.missing and rec.citation:
            rec.missing.remove("source citation")
    if rec.citation is None and rec.body and (cited := _bracketed_citation(rec.body)):
        rec.citation = cited
        rec.warn("source citation taken from the bracketed shelfmark that opens the text")
        if "source citation" in rec.missing:
            rec.missing.remove("source citation")
    derive_common(rec)
    derive_id(rec, text)
    if "record id" in rec.missing and rec.id_origin in ("citation-url",):
        rec.missing.remove("record id")
    closing = {"rights", "record id"} & set(rec.missing)
    if closing == {"rights", "record id"}:
        rec.truncated = True
    if not rec.summary:
        rec.missing.append("summary")
    if not rec.body:
        rec.missing.append("body")
    if rec.missing:
        rec.warn("missing: " + ", ".join(rec.missing) + (" (the page ends early)" if rec.truncated else ""))


def _bracketed_citation(body: str) -> SourceCitation | None:
    """An archive's shelfmark printed in brackets as the text's first line (``[Archive X, Fond 1, Delo 7]``),
    when it parses as an archive with units; else None."""
    first = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    if not (first.startswith("[") and first.endswith("]")) or len(first) > 300:
        return None
    cited = parse_citation(first[1:-1].strip())
    return cited if any(a.archive and a.units for a in cited.archives) else None


def derive_common(rec: Record) -> None:
    """Derivations shared by all formats: documentary form, parties, markings, funders."""
    rec.document_type = fields.document_type(rec.title, rec.type_field)
    parties = title_parties(rec.title)
    senders, addressees = letterhead_parties(rec.body)
    text = correspondents(rec.body)
    sent = rec.document_type in fields.CORRESPONDENCE  # a telegram's or a letter's signer sent it
    addressees += text.distribution + (text.addressees if sent or rec.document_type is None else [])
    # "A, 'Title'": A sent it when the text opens as a letter ("Sir,") or names an addressee, else A wrote it
    sent = sent or bool(parties.issuers and (text.salutation or addressees))
    by_text = parties.issuers + text.signers  # who issued or signed it: its sender or its author
    rec.senders = _unique(rec.senders + parties.senders + senders + (by_text + text.relayed_senders if sent else []))
    rec.addressees = _unique(rec.addressees + parties.addressees + addressees)
    rec.creators = _unique(rec.creators + parties.creators + text.quoted_signers + ([] if sent else by_text))
    rec.participants = _unique(rec.participants + parties.participants
                               + body_participants(rec.body, rec.document_type, rec.title)
                               + summary_participants(rec.summary))
    rec.classification = [fields.marking(m) for m in _unique([str(m) for m in rec.classification]
                                                            + fields.security_markings(rec.body))]
    rec.groups = list(dict.fromkeys(" ".join(n.split()) for n in _names(rec) if is_group(n)))
    if rec.credits and not rec.donors:
        rec.donors = fields.credit_funders(rec.credits)
    if not rec.date:
        rec.missing.append("date")
    note_title_dates(rec)


def _names(rec: Record) -> list[str]:
    """Every name a record hands the mapping to resolve: its lists of agents and places, its archives, the
    people and publishers its citation credits."""
    names = [*rec.senders, *rec.creators, *rec.participants, *rec.addressees, *rec.authors, *rec.people_orgs,
             *rec.places, *rec.contributors, *rec.donors, *rec.original_archives]
    if rec.citation:
        names += [a.name for a in rec.citation.archives if a.name] + [c.name for c in rec.citation.contributions]
        names += rec.citation.publishers
    return names


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for it in items:
        k = " ".join(it.split()).lower()
        if k and k not in seen:
            seen.add(k)
            out.append(it.strip())
    return out


def read_page_file(path: Path, source: str | None = None) -> list[Record]:
    """Read a ``.txt`` page file: one record, or SourceRejected."""
    name = source or path.name
    return [parse_page(decode_text(path.read_bytes(), name), name)]
