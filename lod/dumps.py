"""Whole-dataset dumps written after each ingest, for download (N-Quads gzip, Turtle of the union graph).

>>> # write_dumps(store, Path("var/store/dumps"))
"""
from __future__ import annotations

import contextlib
import gzip
import os
from pathlib import Path

from lod.formats import Format, get
from lod.store.base import Store, StoreError

DUMPS: dict[str, tuple[Format, str | None]] = {  # file name: (format, content coding)
    "dataset.nq.gz": (get("nquads"), "gzip"),
    "dataset.ttl": (get("turtle"), None),
}


def write_dumps(store: Store, directory: Path) -> dict[str, int]:
    """Write every dump beside the store, atomically (temp file, then rename); return sizes in bytes."""
    sizes: dict[str, int] = {}
    for name, (fmt, encoding) in DUMPS.items():
        tmp = directory / f".{name}.part"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            if encoding == "gzip":
                with open(tmp, "wb") as raw, gzip.GzipFile(filename="dataset.nq", fileobj=raw, mode="wb",
                                                            mtime=0) as out:
                    store.dump(out, fmt.name)
            else:
                with open(tmp, "wb") as out:
                    store.dump(out, fmt.name)
            os.replace(tmp, directory / name)
        except OSError as e:  # disk full, unwritable directory: the previous dump stays as it was
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write the dump {directory / name}: {e.strerror or e}; "
                             f"the previous dump is kept") from None
        sizes[name] = (directory / name).stat().st_size
    return sizes
