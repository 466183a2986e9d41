"""Record sources: one reader per input format, chosen by file extension.

A reader returns the records it could read and the parts it rejected (with reasons); a whole file that
cannot be read raises :class:`SourceRejected`. Adding a format is one new module and one line here.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lod.model import Record
from lod.sources.errors import SourceRejected

Reader = Callable[[Path, str], tuple[list[Record], list[SourceRejected]]]


def _page(path: Path, source: str) -> tuple[list[Record], list[SourceRejected]]:
    from lod.sources.page import read_page_file
    return read_page_file(path, source), []


def _csv(path: Path, source: str) -> tuple[list[Record], list[SourceRejected]]:
    from lod.sources.scrape import read_csv_file
    return read_csv_file(path, source)


def _jsonl(path: Path, source: str) -> tuple[list[Record], list[SourceRejected]]:
    from lod.sources.scrape import read_jsonl_file
    return read_jsonl_file(path, source)


READERS: dict[str, Reader] = {".txt": _page, ".csv": _csv, ".jsonl": _jsonl, ".ndjson": _jsonl}


def read_source(path: Path, source: str | None = None) -> tuple[list[Record], list[SourceRejected]]:
    """Read one input file with the reader for its extension."""
    name = source or path.name
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceRejected(name, f"unsupported file type {path.suffix or '(none)'!r}; "
                                   f"expected one of {', '.join(sorted(READERS))}")
    try:
        return reader(path, name)
    except OSError as e:
        raise SourceRejected(name, f"cannot read file: {e.strerror or e}") from None


__all__ = ["READERS", "SourceRejected", "read_source"]
