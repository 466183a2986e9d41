"""Scraper exports: CSV (``.csv``, list-valued columns as JSON arrays) and JSON lines (``.jsonl``) with the
same field names as the public WCDA scraper.

>>> from lod.config import REPO_DATA
>>> recs, errors = read_csv_file(REPO_DATA / "records" / "wcda-scrape-sample.csv")
>>> recs[0].record_id, errors
('300653', [])
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from lod.model import Record
from lod.sources.dates import parse_date
from lod.sources.citation import parse_citation
from lod.sources.errors import SourceRejected, decode_text
from lod.sources.page import derive_common, derive_id

# column -> (Record attribute, is a list)
COLUMNS: dict[str, tuple[str, bool]] = {
    "document_url": ("url", False), "original_publication_date": ("date", False), "title": ("title", False),
    "credits": ("credits", False), "text_body": ("body", False), "summary": ("summary", False),
    "authors": ("authors", True), "associated_places": ("places", True),
    "subjects_discussed": ("subjects", True), "associated_people_orgs": ("people_orgs", True),
    "associated_topics": ("topics", True), "document_contributors": ("contributors", True),
    "source": ("source", False), "original_upload_date": ("uploaded", False),
    "original_archive_title": ("original_archives", True), "language": ("languages", True),
    "rights": ("rights", False), "record_id": ("record_id", False),
    "original_classification": ("classification", True), "donors": ("donors", True), "type": ("type_field", False),
}
IGNORED = {"page_number", "page_number_one_indexed", "page_position", "scraped_at"}  # scraper bookkeeping
REQUIRED = ("record_id", "title", "text_body")
csv.field_size_limit(64 * 1024 * 1024)


def _as_list(value: Any, column: str, rec: Record) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    s = str(value).strip()
    if not s:
        return []
    if s.startswith("["):
        try:
            parsed = json.loads(s)
        except json.JSONDecodeError as e:
            rec.warn(f"column {column!r}: not a JSON array ({e.msg}); kept as one value")
            return [s]
        if isinstance(parsed, list):
            return [str(v).strip() for v in parsed if str(v).strip()]
    return [s]


def record_from_fields(row: dict[str, Any], source: str, fmt: str) -> Record:
    """One Record from a scraper row (dict of column -> value)."""
    rec = Record(source=source, source_format=fmt, sources=[source])
    for column, value in row.items():
        if column is None:
            rec.unmapped.extend(str(v) for v in (value or []) if str(v).strip())
            continue
        col = column.strip().lower()
        if col in IGNORED:
            continue
        if col not in COLUMNS:
            if value not in (None, "", []):
                rec.unmapped.append(f"{column}: {value}")
            continue
        attr, is_list = COLUMNS[col]
        if is_list:
            getattr(rec, attr).extend(_as_list(value, col, rec))
            continue
        s = "" if value is None else str(value).strip("\n")
        if not s.strip():
            continue
        if attr == "date":
            rec.date = parse_date(s)
            if rec.date is None:
                rec.warn(f"unreadable date {s!r}")
                rec.unmapped.append(f"{column}: {s}")
        elif attr == "source":
            rec.citation = parse_citation(s.strip())
        elif attr == "uploaded":
            rec.uploaded = parse_date(s)
        else:
            setattr(rec, attr, s.strip() if attr != "body" else s)
    derive_common(rec)
    derive_id(rec, json.dumps({str(k): v for k, v in row.items()}, sort_keys=True, default=str))  # extra CSV cells: key None
    rec.missing.extend(f for f, v in (("summary", rec.summary), ("body", rec.body),
                                      ("source citation", rec.citation)) if not v)
    if rec.missing:
        rec.warn("missing: " + ", ".join(dict.fromkeys(rec.missing)))
    return rec


def read_csv_file(path: Path, source: str | None = None) -> tuple[list[Record], list[SourceRejected]]:
    """All rows of a scraper CSV; the whole file is rejected when required columns are missing."""
    name = source or path.name
    text = decode_text(path.read_bytes(), name)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise SourceRejected(name, f"CSV lacks required column(s) {', '.join(missing)} "
                                       f"(found: {', '.join(header) or 'no header'})", 1)
        records: list[Record] = []
        errors: list[SourceRejected] = []
        for row in reader:
            line = reader.line_num
            row_source = f"{name}#line={line}"
            if not any((v or "").strip() for k, v in row.items() if k is not None):
                continue
            if not (row.get("title") or "").strip() and not (row.get("text_body") or "").strip():
                errors.append(SourceRejected(row_source, "row has neither title nor text_body", line))
                continue
            records.append(record_from_fields(row, row_source, "csv"))
    except csv.Error as e:
        raise SourceRejected(name, f"malformed CSV: {e}") from None
    return records, errors


def read_jsonl_file(path: Path, source: str | None = None) -> tuple[list[Record], list[SourceRejected]]:
    """All objects of a JSON-lines file; a bad line is rejected on its own, the others load."""
    name = source or path.name
    text = decode_text(path.read_bytes(), name)
    records: list[Record] = []
    errors: list[SourceRejected] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(SourceRejected(f"{name}#line={n}", f"invalid JSON: {e.msg} at column {e.colno}", n))
            continue
        if not isinstance(obj, dict):
            errors.append(SourceRejected(f"{name}#line={n}", "expected a JSON object per line", n))
            continue
        if not str(obj.get("title") or "").strip() and not str(obj.get("text_body") or "").strip():
            errors.append(SourceRejected(f"{name}#line={n}", "object has neither title nor text_body", n))
            continue
        records.append(record_from_fields(obj, f"{name}#line={n}", "jsonl"))
    if not records and not errors:
        raise SourceRejected(name, "no JSON objects found")
    return records, errors
