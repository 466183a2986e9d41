"""Record sources: one reader per input format, chosen by file extension.

A reader returns the records it could read and the parts it rejected (with reasons); a whole file that
cannot be read raises :class:`SourceRejected`. Adding a format is one new module and one line here.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

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
# files read as a stream of archival descriptions (EAD units, EAC-CPF records), told apart by their content
STREAMED = {".xml"}
SUPPORTED = frozenset(READERS) | STREAMED


def read_archival(path: Path, source: str | None = None) -> Iterator[object]:
    """The descriptions of an archival XML file, by what its root element says it is: an EAD finding aid's
    header and units (:func:`lod.sources.ead.read_finding_aid`), or one EAC-CPF authority record
    (:func:`lod.sources.eac.read_eac`); SourceRejected for any other XML."""
    from lxml import etree

    from lod.sources.eac import read_eac
    from lod.sources.ead import read_finding_aid
    from lod.sources.xml_kind import root_name, xml_kind
    name = source or path.name
    kind = xml_kind(path)
    if kind in ("ead", "ead3"):
        return read_finding_aid(path, name)
    if kind == "eac-cpf":
        return iter([read_eac(path.read_bytes(), name)])
    try:
        root = root_name(path)[0]
    except etree.XMLSyntaxError as e:
        raise SourceRejected(name, f"not well-formed XML: {e.msg}", e.lineno) from None
    except OSError as e:
        raise SourceRejected(name, f"cannot read file: {e.strerror or e}") from None
    raise SourceRejected(name, f"an XML file whose root element is <{root}>, expected EAD 2002, EAD3 or EAC-CPF")


def unsupported(path: Path) -> str:
    """Why a file is not read, by its extension.

    >>> unsupported(Path("scan.pdf"))
    "unsupported file type '.pdf'; expected one of .csv, .jsonl, .ndjson, .txt, .xml"
    """
    return f"unsupported file type {path.suffix or '(none)'!r}; expected one of {', '.join(sorted(SUPPORTED))}"


def read_source(path: Path, source: str | None = None,
                time_limit: float | None = None) -> tuple[list[Record], list[SourceRejected]]:
    """Read one input file with the reader for its extension, in at most ``time_limit`` seconds (default:
    ``Config.read_timeout``, env ``LOD_READ_TIMEOUT``, for each MiB the file has begun: an export of many
    records gets the time its size needs): a file that takes longer is rejected, so no input can hang an
    ingest."""
    name = source or path.name
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceRejected(name, unsupported(path))
    if time_limit is None:
        from lod.config import Config
        time_limit = Config.from_env().read_timeout * time_units(path)
    try:
        return within(time_limit, name, lambda: reader(path, name))
    except OSError as e:
        raise SourceRejected(name, f"cannot read file: {e.strerror or e}") from None
    except SourceRejected:
        raise
    except Exception as e:  # a reader's bug costs this file, not the whole ingest; the reason says so
        raise SourceRejected(name, f"{READER_BUG}: {type(e).__name__}: {e}") from e


def time_units(path: Path) -> int:
    """How many times the read limit a file gets: one for each MiB it has begun (1 for a missing file).

    >>> time_units(Path("no-such-file.jsonl"))
    1
    """
    try:
        return max(1, -(-path.stat().st_size // 2**20))
    except OSError:
        return 1


READER_BUG = "the reader failed on this file (a bug in lod: please report it with the file)"


class _Expired(BaseException):
    """Raised into a reader by the alarm; a BaseException, so no ``except Exception`` in a reader hides it."""


T = TypeVar("T")


def within(seconds: float, name: str, work: Callable[[], T]) -> T:
    """``work()`` stopped after ``seconds``: SourceRejected. In the main thread an interval timer interrupts
    the work itself (Python code and regular expressions see the signal); elsewhere, where signals cannot
    be delivered, the work runs in a daemon thread that is abandoned when it runs over."""
    reason = f"reading took longer than {seconds:g} s (LOD_READ_TIMEOUT, for each MiB of the file); file skipped"
    main = threading.current_thread() is threading.main_thread()
    if main and hasattr(signal, "setitimer") and signal.getitimer(signal.ITIMER_REAL)[0] == 0:
        done = False

        def expire(signum: int, frame: object) -> None:
            if not done:
                raise _Expired

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            result = work()
            done = True
            return result
        except _Expired:
            raise SourceRejected(name, reason) from None
        finally:
            done = True
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    box: list = []

    def run() -> None:
        try:
            box.append((True, work()))
        except BaseException as e:  # noqa: BLE001 — handed back to the caller's thread below
            box.append((False, e))

    worker = threading.Thread(target=run, name=f"read {name}", daemon=True)
    worker.start()
    worker.join(seconds)
    if not box:
        raise SourceRejected(name, reason)
    ok, value = box[0]
    if not ok:
        raise value
    return value


__all__ = ["READER_BUG", "READERS", "STREAMED", "SUPPORTED", "SourceRejected", "read_archival", "read_source", "unsupported", "within"]
