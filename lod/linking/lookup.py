"""Name lookups against a Wikidata-shaped endpoint: which names we ask for, the batched query, and the
candidates its answers describe.

Any endpoint with Wikidata's data shape works: items labelled with ``rdfs:label`` / ``skos:altLabel``
(language-tagged), described by ``schema:description``, with truthy statements under ``wdt:`` —
instance of (P31), birth and death (P569, P570), inception and dissolution (P571, P576), citizenship or
country (P27, P17) and positions held (P39). Names are matched exactly (as the query service's indexes
allow), in English, in Wikidata's language-independent ``mul`` labels, and in the entity's own language
when it is written in Latin script (``de``, ``pl``, not ``ko-Latn``).

>>> [n.literal for n in names_for(Entity("person", "kohl-helmut", "Helmut Kohl", "de", {"Kohl"}, ""))]
['"Helmut Kohl"@de', '"Helmut Kohl"@en', '"Helmut Kohl"@mul']
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lod.names.authority import Entity
from lod.vocab import RDFS, SKOS, WD, WDT

LANGUAGES = ("en", "mul")
WIKIDATA_PREFIXES = (f"PREFIX wdt: <{WDT}>\nPREFIX rdfs: <{RDFS}>\nPREFIX skos: <{SKOS}>\n"
                     "PREFIX schema: <http://schema.org/>\n")  # Wikidata's schema.org is http, not our https
_YEAR = re.compile(r"^\s*([+-]?\d{1,6})-")


@dataclass(frozen=True, order=True)
class Name:
    """One name of one of our entities, in one language, as the query asks for it."""

    text: str
    lang: str

    @property
    def literal(self) -> str:
        """The SPARQL literal: ``"Joseph Stalin"@en``."""
        return json.dumps(self.text, ensure_ascii=False) + "@" + self.lang


@dataclass
class Candidate:
    """An item of the remote authority that one of our names matched."""

    qid: str
    label: str = ""
    description: str = ""
    matched: set[str] = field(default_factory=set)  # our names the item carries as label or alias
    types: set[str] = field(default_factory=set)  # P31 values (QIDs)
    birth: int | None = None
    death: int | None = None
    inception: int | None = None
    dissolved: int | None = None
    countries: set[str] = field(default_factory=set)  # P27 or P17 values (QIDs)
    offices: set[str] = field(default_factory=set)  # labels of P39 values

    def merge(self, other: "Candidate") -> None:
        """Fold in what another answer row says of the same item."""
        self.label = self.label or other.label
        self.description = self.description or other.description
        self.matched |= other.matched
        self.types |= other.types
        self.countries |= other.countries
        self.offices |= other.offices
        self.birth = _first(self.birth, other.birth, min)
        self.death = _first(self.death, other.death, max)
        self.inception = _first(self.inception, other.inception, min)
        self.dissolved = _first(self.dissolved, other.dissolved, max)


def names_for(entity: Entity, languages: Iterable[str] = LANGUAGES) -> list[Name]:
    """The names worth asking for: the label and the variants of two words or more (a lone surname, an
    initial or an acronym of two letters matches thousands of items) for people; every form of three
    letters or more for places and bodies; a form differing from another only in case is asked once."""
    langs = set(languages)
    if entity.lang and "-" not in entity.lang:
        langs.add(entity.lang.lower())  # "de", "pl": Wikidata labels in that language are Latin script
    out: set[Name] = set()
    seen: set[str] = set()
    for form in entity.forms:  # the label first: of forms differing only in case ("KIM IL SUNG"), it wins
        text = " ".join(form.split())
        if len(text) < 3 or (entity.kind == "person" and form != entity.label and len(text.split()) < 2) \
                or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        out.update(Name(text, lang) for lang in langs)
    return sorted(out)


def batches(names: list[Name], size: int) -> Iterator[list[Name]]:
    """``names`` in runs of ``size``."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for i in range(0, len(names), size):
        yield names[i:i + size]


def lookup_query(names: Iterable[Name]) -> str:
    """One query for a batch of names: every item carrying one of them as label or alias, with the facts
    the scoring reads, aggregated to one row per (name, item)."""
    values = "\n    ".join(n.literal for n in names)
    return WIKIDATA_PREFIXES + f"""SELECT ?name ?item (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?description)
  (GROUP_CONCAT(DISTINCT STR(?type); separator=" ") AS ?types)
  (MIN(?b) AS ?birth) (MAX(?dd) AS ?death) (MIN(?i) AS ?inception) (MAX(?x) AS ?dissolved)
  (GROUP_CONCAT(DISTINCT STR(?c); separator=" ") AS ?countries)
  (GROUP_CONCAT(DISTINCT ?ol; separator="|") AS ?offices)
WHERE {{
  VALUES ?name {{
    {values}
  }}
  ?item rdfs:label|skos:altLabel ?name .
  OPTIONAL {{ ?item rdfs:label ?l . FILTER(LANG(?l) = "en") }}
  OPTIONAL {{ ?item schema:description ?d . FILTER(LANG(?d) = "en") }}
  OPTIONAL {{ ?item wdt:P31 ?type }}
  OPTIONAL {{ ?item wdt:P569 ?b }}
  OPTIONAL {{ ?item wdt:P570 ?dd }}
  OPTIONAL {{ ?item wdt:P571 ?i }}
  OPTIONAL {{ ?item wdt:P576 ?x }}
  OPTIONAL {{ ?item wdt:P27|wdt:P17 ?c }}
  OPTIONAL {{ ?item wdt:P39 ?o . ?o rdfs:label ?ol . FILTER(LANG(?ol) = "en") }}
}}
GROUP BY ?name ?item
"""


def candidates_from(bindings: Iterable[dict[str, dict[str, Any]]]) -> dict[str, Candidate]:
    """The items an answer describes, by QID (rows about other IRIs than Wikidata items are skipped)."""
    out: dict[str, Candidate] = {}
    for row in bindings:
        item = _value(row, "item")
        if not item.startswith(str(WD)) or not re.fullmatch(r"Q\d+", item[len(str(WD)):]):
            continue
        qid = item[len(str(WD)):]
        c = Candidate(qid, label=_value(row, "label"), description=_value(row, "description"),
                      matched={_value(row, "name")} - {""},
                      types={_qid(t) for t in _value(row, "types").split()} - {""},
                      birth=year(_value(row, "birth")), death=year(_value(row, "death")),
                      inception=year(_value(row, "inception")), dissolved=year(_value(row, "dissolved")),
                      countries={_qid(t) for t in _value(row, "countries").split()} - {""},
                      offices={o.strip() for o in _value(row, "offices").split("|")} - {""})
        if qid in out:
            out[qid].merge(c)
        else:
            out[qid] = c
    return out


def year(value: str) -> int | None:
    """The year of an ``xsd:dateTime``/``xsd:date`` lexical form: ``"1878-12-18T00:00:00Z"`` → 1878."""
    m = _YEAR.match(value or "")
    return int(m.group(1)) if m else None


def _value(row: dict[str, dict[str, Any]], name: str) -> str:
    cell = row.get(name)
    return str(cell.get("value", "")) if isinstance(cell, dict) else ""


def _qid(iri: str) -> str:
    return iri[len(str(WD)):] if iri.startswith(str(WD)) else ""


def _first(a: int | None, b: int | None, pick) -> int | None:
    return b if a is None else a if b is None else pick(a, b)
