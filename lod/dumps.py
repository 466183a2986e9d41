"""Whole-dataset dumps written after each ingest, for download (N-Quads gzip, Turtle of the union graph), and
one N-Quads gzip per collection of its record graphs (``collection-{key}.nq.gz``, :mod:`lod.assignment`).

>>> # write_dumps(store, Path("var/store/dumps"))
>>> is_collection_dump("collection-wcda.nq.gz"), is_collection_dump("collection-../x.nq.gz")
(True, False)
"""
from __future__ import annotations

import contextlib
import gzip
import os
from pathlib import Path

import re
from collections.abc import Callable
from typing import BinaryIO

from lod.formats import Format, get
from lod.mapping.collection_graph import GRAPH, dump_name
from lod.store.base import Store, StoreError
from lod.vocab import DCTERMS, Local

DUMPS: dict[str, tuple[Format, str | None]] = {  # file name: (format, content coding)
    "dataset.nq.gz": (get("nquads"), "gzip"),
    "dataset.ttl": (get("turtle"), None),
}


_COLLECTION_DUMP = re.compile(r"collection-[A-Za-z0-9][A-Za-z0-9_-]*\.nq\.gz")


def is_collection_dump(name: str) -> bool:
    """Whether ``name`` is the file name of a collection's dump (:func:`lod.mapping.collection_graph.dump_name`)."""
    return _COLLECTION_DUMP.fullmatch(name) is not None


def collection_members(store: Store, local: Local) -> dict[str, list[str]]:
    """The record graphs of each collection the store holds, by the collection's key."""
    found: dict[str, list[str]] = {}
    for row in store.select(f"SELECT ?g ?c WHERE {{ GRAPH <{local.meta_graph(GRAPH)}> {{ ?g <{DCTERMS.isPartOf}> ?c }} "
                            f"FILTER(STRSTARTS(STR(?c), \"{local.collection('')}\")) }}"):
        parsed = local.parse(row["c"])
        if parsed is not None:
            found.setdefault(parsed[1], []).append(str(row["g"]))
    return found


def write_dumps(store: Store, directory: Path) -> dict[str, int]:
    """Write every dump beside the store, atomically (temp file, then rename); return sizes in bytes. The
    collections' dumps are those of the store's own base (:meth:`Store.recorded_base`); a collection no longer
    in the store loses its dump."""
    sizes: dict[str, int] = {}
    for name, (fmt, encoding) in DUMPS.items():
        sizes[name] = _write(directory, name, encoding, lambda out, f=fmt: store.dump(out, f.name))
    base = store.recorded_base()
    members = collection_members(store, Local(base)) if base else {}
    for key, graphs in sorted(members.items()):
        sizes[dump_name(key)] = _write(directory, dump_name(key), "gzip",
                                       lambda out, g=graphs: store.dump_graphs(out, g))
    for old in directory.glob("collection-*.nq.gz"):
        if old.name not in sizes:
            old.unlink()
    return sizes


def _write(directory: Path, name: str, encoding: str | None, write: Callable[[BinaryIO], object]) -> int:
    """One dump, atomically; its size in bytes."""
    tmp = directory / f".{name}.part"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if encoding == "gzip":
            with open(tmp, "wb") as raw, gzip.GzipFile(filename=name.removesuffix(".gz"), fileobj=raw, mode="wb",
                                                        mtime=0) as out:
                write(out)
        else:
            with open(tmp, "wb") as out:
                write(out)
        os.replace(tmp, directory / name)
    except OSError as e:  # disk full, unwritable directory: the previous dump stays as it was
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write the dump {directory / name}: {e.strerror or e}; "
                         f"the previous dump is kept") from None
    return (directory / name).stat().st_size
