"""Bodies that succeeded others under a new name (Soviet-era and post-Soviet archives): two nodes, never
one, related by RiC-O's ``rico:isSuccessorOf`` / ``rico:hasSuccessor`` in the entity graph.

>>> import tempfile, os
>>> from lod.vocab import Local
>>> with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
...     _ = f.write("predecessor\\tsuccessor\\tyear\\tevidence\\norganisation/a\\torganisation/b\\t1999\\trenamed\\n")
>>> rows = load_successions(f.name, {"organisation/a", "organisation/b"}); os.unlink(f.name)
>>> [(str(s)[-1], p.split("#")[-1], str(o)[-1]) for s, p, o in succession_triples(Local("http://x.org/"), rows)]
[('b', 'isSuccessorOf', 'a'), ('a', 'hasSuccessor', 'b')]
"""
from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from rdflib.term import Node

from lod.mapping.entities import KIND_SEGMENT
from lod.vocab import RICO, Local

COLUMNS = ("predecessor", "successor", "year", "evidence")


class SuccessionError(ValueError):
    """A succession file that cannot be read; the message names the file and the line."""


@dataclass(frozen=True)
class Succession:
    """``successor`` (an entity path, ``kind/key``) succeeded ``predecessor`` in ``year``."""

    predecessor: str
    successor: str
    year: str
    evidence: str


def load_successions(path: str | PathLike[str], known: set[str]) -> list[Succession]:
    """The rows of a succession TSV; both ends must be entities of the authority file (``known`` paths)."""
    out: list[Succession] = []
    header = False
    for lineno, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = tuple(c.strip() for c in raw.split("\t"))
        if not header:
            if cells != COLUMNS:
                raise SuccessionError(f"{path}:{lineno}: header must be {' | '.join(COLUMNS)}, got {cells!r}")
            header = True
            continue
        if len(cells) != len(COLUMNS):
            raise SuccessionError(f"{path}:{lineno}: expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
        row = Succession(*cells)
        for end in (row.predecessor, row.successor):
            if end not in known:
                raise SuccessionError(f"{path}:{lineno}: {end!r} is not an entity of the authority file")
        if row.predecessor == row.successor:
            raise SuccessionError(f"{path}:{lineno}: {row.predecessor!r} cannot succeed itself")
        out.append(row)
    return out


def succession_triples(local: Local, rows: list[Succession]) -> list[tuple[Node, Node, Node]]:
    """``successor rico:isSuccessorOf predecessor`` and the inverse, for each row."""
    def iri(path: str):
        kind, _, key = path.partition("/")
        return local.entity(KIND_SEGMENT.get(kind, "agent"), key)

    out: list[tuple[Node, Node, Node]] = []
    for row in rows:
        out.append((iri(row.successor), RICO.isSuccessorOf, iri(row.predecessor)))
        out.append((iri(row.predecessor), RICO.hasSuccessor, iri(row.successor)))
    return out
