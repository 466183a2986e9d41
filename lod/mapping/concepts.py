"""Our SKOS schemes (``vocab/schemes.ttl``): documentary forms, security classifications, archival
levels, languages and identifier types; read once, with a lookup from labels to concept keys."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal

from lod.safe_rdf import parse_rdf
from lod.vocab import SKOS, Local

VOCAB_DIR = Path(__file__).resolve().parent.parent.parent / "vocab"
if not (VOCAB_DIR / "schemes.ttl").exists():  # installed as a wheel: the vocab travels inside the package
    VOCAB_DIR = Path(__file__).resolve().parent.parent / "vocab_data"
SCHEME_FILES = ("schemes.ttl", "terms.ttl")
PLACEHOLDER_BASE = "http://lod.invalid/"


@lru_cache(maxsize=8)
def vocabulary(base: str) -> Graph:
    """Our vocabulary files parsed with their IRIs placed under ``{base}``."""
    g = Graph()
    for name in SCHEME_FILES:
        text = (VOCAB_DIR / name).read_text(encoding="utf-8").replace(PLACEHOLDER_BASE, base)
        parse_rdf(text, "turtle", name=str(VOCAB_DIR / name), graph=g)
    return g


@lru_cache(maxsize=8)
def label_index(base: str, scheme: str) -> dict[str, str]:
    """Lower-cased preferred/alternative labels of a scheme's concepts -> concept key."""
    g = vocabulary(base)
    prefix = Local(base).scheme(scheme)
    out: dict[str, str] = {}
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
        for s, o in g.subject_objects(prop):
            if str(s).startswith(prefix) and isinstance(o, Literal):
                out.setdefault(str(o).strip().lower(), str(s)[len(prefix):])
    return out


def concept_keys(base: str, scheme: str) -> set[str]:
    """Keys of every concept in one scheme."""
    prefix = Local(base).scheme(scheme)
    return {str(s)[len(prefix):] for s in vocabulary(base).subjects(SKOS.inScheme, None) if str(s).startswith(prefix)}
