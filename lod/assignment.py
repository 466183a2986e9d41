"""Several collections in one publisher: which collection each input file of an ingest belongs to, and the
copies of every collection's file the store keeps for serving (``{store}/collections/{key}.toml``).

An input file belongs to the collection whose ``collection.toml`` is in its folder or the nearest folder above
it, up to the input given (and the folder that holds that input, as :func:`lod.collection.beside` reads it);
``--collection FILE`` forces one for every input; a file with none belongs to the default collection (the
store's, else the bundled one), which stays the site's identity (:func:`lod.collection.for_serving`).

>>> a = Assignment(*read(BUNDLED))
>>> a.of(Path("x.txt")).key, sorted(a.used)
('wcda', ['wcda'])
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lod.collection import BUNDLED, FILE_NAME, Collection, CollectionError, for_serving, load, read, recorded
from lod.config import Config

KEPT = "collections"  # the folder beside the store where every collection's file is kept, by key


@dataclass
class Assignment:
    """The collections of one ingest: the default one (the site's identity), and each input file's."""

    default: Collection
    default_text: str = ""  # its TOML text, for the store's copy
    forced: Collection | None = None  # --collection FILE: every input's
    kept: bool = False  # the default is the store's copy: a file of its key given now is its new version
    roots: list[Path] = field(default_factory=list)  # the inputs as given, resolved
    texts: dict[str, str] = field(default_factory=dict)  # key -> TOML text, of every collection claimed
    claimed: dict[str, tuple[Collection, Path | None]] = field(default_factory=dict)  # key -> (collection, file)
    used: dict[str, Collection] = field(default_factory=dict)  # key -> collection, of the files assigned so far
    _found: dict[Path, Collection | None] = field(default_factory=dict)  # folder -> its nearest collection

    def __post_init__(self) -> None:
        self.claim(self.default, None, self.default_text)

    def claim(self, collection: Collection, path: Path | None, text: str) -> Collection:
        """Record that ``path`` (None: the default) describes ``collection``; two different collections of
        one key are a CollectionError, unless the default is the store's copy and ``path`` its new version."""
        held = self.claimed.get(collection.key)
        if held is not None and held[1] is None and self.kept and path is not None:  # the store's, edited
            self.default, self.default_text, held = collection, text, None
        if held is not None and held[0] != collection:
            where = " and ".join(str(p) if p else "the default collection" for p in (held[1], path))
            raise CollectionError(f"two different collection files claim the key {collection.key!r} ({where}); "
                                  f"give one of them another `key`")
        if held is None:
            self.claimed[collection.key] = (collection, path)
            self.texts[collection.key] = text
        return collection

    def of(self, path: Path) -> Collection:
        """The collection an input file belongs to."""
        found = self.forced or self._nearest(Path(path).resolve())
        collection = found or self.default
        self.used.setdefault(collection.key, collection)
        return collection

    def _nearest(self, file: Path) -> Collection | None:
        root = next((r for r in self.roots if r == file or r in file.parents), None)
        if root is None:
            return None
        stop = (root if root.is_dir() else root.parent).parent  # the folder holding the input is read too
        folder = file.parent
        while True:
            if folder not in self._found:
                candidate = folder / FILE_NAME
                self._found[folder] = self._read(candidate) if candidate.is_file() else None
            if self._found[folder] is not None or folder == stop or folder == folder.parent:
                return self._found[folder]
            folder = folder.parent

    def _read(self, path: Path) -> Collection:
        collection, text = read(path)
        return self.claim(collection, path, text)


def assign(config: Config, inputs: list[Path], rebuild: bool = False) -> Assignment:
    """The collections of an ingest of ``inputs``: ``config.collection`` forces one for all; else each file's
    nearest ``collection.toml``, and the default is the store's (adding to it), else the one collection every
    input lies in as a whole, else the bundled one. Every collection file among the inputs
    is read now, so that a bad one or two of one key fail before anything is written."""
    kept = recorded(config)
    adding = kept.is_file() and not rebuild
    if config.collection:  # every input's; the default too, unless adding to a store (its own stays the site's)
        path = Path(config.collection)
        forced, text = read(path)
        if not adding:
            return Assignment(forced, text, forced=forced)
        assignment = Assignment(*read(kept), forced=forced, kept=True)
        assignment.claim(forced, path, text)
        return assignment
    files = sorted({f.resolve() for p in inputs for f in _collection_files(Path(p))})
    tops = {_top(Path(p)) for p in inputs}  # the collection file each input lies in as a whole, if any
    if adding:
        default_path = kept
    elif None not in tops and len({load(f) for f in tops}) == 1:  # every input in one collection: the site's
        default_path = next(iter(tops))
    else:
        default_path = BUNDLED
    assignment = Assignment(*read(default_path), roots=[Path(p).resolve() for p in inputs],
                            kept=adding)
    for f in files:
        assignment._found[f.parent] = assignment._read(f)
    return assignment


def _top(input_path: Path) -> Path | None:
    """The collection file an input lies in as a whole: in the input folder (or a file's folder), or the
    folder holding that."""
    folder = input_path if input_path.is_dir() else input_path.parent
    return next((f.resolve() for f in (folder / FILE_NAME, folder.parent / FILE_NAME) if f.is_file()), None)


def _collection_files(input_path: Path) -> list[Path]:
    """The collection files an input may fall under: inside an input folder (hidden folders passed over), and
    in the folder that holds the input."""
    found = [f for f in input_path.rglob(FILE_NAME)
             if not any(part.startswith(".") for part in f.relative_to(input_path).parts)] if input_path.is_dir() else []
    outer = (input_path if input_path.is_dir() else input_path.parent).parent / FILE_NAME
    if not input_path.is_dir() and (input_path.parent / FILE_NAME).is_file():
        found.append(input_path.parent / FILE_NAME)
    if outer.is_file():
        found.append(outer)
    return found


def kept_folder(config: Config) -> Path:
    """Where the store keeps every collection's file: ``{store}/collections/``."""
    return Path(config.store) / KEPT


def keep_all(config: Config, assignment: Assignment, rebuild: bool = False) -> None:
    """Write the default collection's file (``{store}/collection.toml``) and each used one's
    (``{store}/collections/{key}.toml``) beside the store, atomically; a rebuild forgets the others."""
    from lod.collection import keep
    folder = kept_folder(config)
    folder.mkdir(parents=True, exist_ok=True)
    if rebuild:
        for old in folder.glob("*.toml"):
            if old.stem not in assignment.used and old.stem != assignment.default.key:
                old.unlink()
    keep(config, assignment.default_text)
    for key in {assignment.default.key, *assignment.used}:
        tmp = folder / f".{key}.toml.{os.getpid()}"
        tmp.write_text(assignment.texts[key], encoding="utf-8")
        os.replace(tmp, folder / f"{key}.toml")


def served(config: Config) -> dict[str, Collection]:
    """Every collection a store publishes, by key: the default (:func:`lod.collection.for_serving`) first,
    then the store's kept files in key order."""
    default = for_serving(config)
    found = {default.key: default}
    folder = kept_folder(config)
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        collection = load(path)
        found.setdefault(collection.key, collection)
    return found


__all__ = ["Assignment", "assign", "keep_all", "kept_folder", "served"]
