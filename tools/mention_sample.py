#!/usr/bin/env python3
"""Measure mention linking on the bundled collection (issue #7, "Measured").

Ingests ``data/records`` with the default authority files into a temporary store (or reads an existing
store with ``--store``), then

* counts the mentions found and linked: the occurrence spans (``terms:occurrence``) of the relations whose
  target is a person, a body, a place or a group (offices, ``rico:PositionHoldingRelation``, are left out),
  one mention per (record, field, start, end, entity); the distinct entities they link to, by kind; and
  how many of those entities are in the curated authority file (``entities.tsv``) or were minted from the
  records;
* draws a deterministic sample of mentions (seeded random over all of them, then sorted by record, field and
  start) and prints each with its surface text, ±60 characters of context and the entity it links to;
* with ``--write``, writes the sample to ``tests/fixtures/mention_sample.tsv`` keeping the hand judgements of
  rows already there (same record, field, offsets and entity); otherwise reads that file and reports the
  precision it records and any judged mention that the current output no longer has.

Offsets are in Unicode code points into the record's ``dcterms:title`` (title), ``dcterms:abstract``
(summary) or ``schema:text`` (body).

    python tools/mention_sample.py             # figures, the sample, and the precision of the judged file
    python tools/mention_sample.py --write     # (re)write the fixture; judge the new rows by hand
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE_FILE = ROOT / "tests" / "fixtures" / "mention_sample.tsv"
RECORDS = ROOT / "data" / "records"
SIZE = 50
SEED = 13  # issue #13 redrew the sample of issue #7 (seed 7)
CONTEXT = 60
COLUMNS = ("record", "field", "start", "end", "surface", "entity", "label", "judgement", "note")
JUDGEMENTS = ("correct", "wrong-entity", "not-an-entity", "bad-span")
FIELDS = ("title", "summary", "body")
FIELD_PROPERTIES = {"title": "http://purl.org/dc/terms/title", "summary": "http://purl.org/dc/terms/abstract",
                    "body": "https://schema.org/text"}
RICO = "https://www.ica.org/standards/RiC/ontology#"
KIND_CLASSES = {RICO + "Person": "person", RICO + "CorporateBody": "body", RICO + "Place": "place",
                RICO + "Group": "group"}
KINDS = ("person", "body", "place", "group")
AUTHORITY_SEGMENT = {"person": "person", "organisation": "corporate-body", "place": "place"}


@dataclass(frozen=True, order=True)
class Mention:
    """One occurrence of a name in a record's text, linked to one entity."""

    record: str  # the record's key: {base}id/record/{record}
    field_order: int  # FIELDS.index(field), for sorting
    start: int
    end: int
    entity: str  # the entity's path under {base}id/: "person/stalin-iosif", "corporate-body/nato"
    field: str = ""
    kind: str = ""  # person | body | place | group
    label: str = ""
    surface: str = ""  # the text slice, as written
    context: str = ""  # ±CONTEXT characters around it, the slice in [[ ]]

    @property
    def key(self) -> tuple[str, str, int, int, str]:
        return (self.record, self.field, self.start, self.end, self.entity)


def one_line(text: str) -> str:
    """Whitespace runs (newlines, tabs) as single spaces: what a TSV cell and a terminal line can hold."""
    return " ".join(text.split())


def _tail(iri: str, prefix: str) -> str:
    return iri[len(prefix):] if iri.startswith(prefix) else iri


def _label(labels: list) -> str:
    """The entity's English (or untagged) label, else its first label."""
    ranked = sorted(labels, key=lambda lit: (getattr(lit, "language", None) not in (None, "en"), str(lit)))
    return str(ranked[0]) if ranked else ""


def collect_mentions(store, base: str) -> list[Mention]:
    """Every mention of a person, body, place or group in the store's records, sorted by record, field
    and start.

    A span node is named by its field and start only (``…/mention/body/1617``), so a mention and an office
    phrase beginning at the same character share one node, which then carries both ends; the end of the
    entity's mention is then the one whose text is among the relation's name forms."""
    terms = base + "vocab/terms#"
    ids = base + "id/"
    rows = store.select(f"""
        PREFIX rico: <{RICO}>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT DISTINCT ?rec ?rel ?ent ?type ?fld ?start ?end WHERE {{
          ?rel rico:relationHasTarget ?ent ; rico:isEvidencedBy ?rec ; <{terms}occurrence> ?span .
          ?span <{terms}inField> ?fld ; <{terms}start> ?start ; <{terms}end> ?end .
          ?ent rdf:type ?type .
          VALUES ?type {{ {' '.join(f'<{c}>' for c in KIND_CLASSES)} }}
          FILTER NOT EXISTS {{ ?rel rdf:type rico:PositionHoldingRelation }}
        }}""")
    found: dict[tuple[str, str, str, str, int], dict] = {}
    for r in rows:
        k = (str(r["rec"]), str(r["rel"]), str(r["ent"]), str(r["fld"]), int(r["start"]))
        entry = found.setdefault(k, {"ends": set(), "kind": KIND_CLASSES[str(r["type"])]})
        entry["ends"].add(int(r["end"]))

    texts: dict[tuple[str, str], str] = {}
    fields_of = {prop: fld for fld, prop in FIELD_PROPERTIES.items()}
    for x in store.select(f"""
            SELECT ?rec ?p ?t WHERE {{
              VALUES ?p {{ {' '.join(f'<{p}>' for p in fields_of)} }}
              ?rec ?p ?t . FILTER(STRSTARTS(STR(?rec), "{ids}record/"))
            }}"""):
        key = (str(x["rec"]), fields_of[str(x["p"])])
        if len(str(x["t"])) > len(texts.get(key, "")):
            texts[key] = str(x["t"])  # one per record; were there several, the longest
    labels: dict[str, list] = {}
    for x in store.select(f"""
            SELECT DISTINCT ?ent ?l WHERE {{
              VALUES ?type {{ {' '.join(f'<{c}>' for c in KIND_CLASSES)} }}
              ?ent a ?type ; <http://www.w3.org/2000/01/rdf-schema#label> ?l .
            }}"""):
        labels.setdefault(str(x["ent"]), []).append(x["l"])
    forms: dict[str, set[str]] = {}
    for rel in sorted({k[1] for k in found if len(found[k]["ends"]) > 1}):
        forms[rel] = {str(x["f"]) for x in store.select(f"SELECT ?f WHERE {{ <{rel}> <{terms}nameForm> ?f }}")}

    mentions: set[Mention] = set()
    for (rec, rel, ent, fld, start), entry in found.items():
        text = texts.get((rec, fld), "")
        ends = sorted(entry["ends"])
        if len(ends) > 1:  # a span node shared with an office phrase: keep the end of a name form
            ends = [e for e in ends if text[start:e] in forms.get(rel, ())] or ends
        for end in ends:
            left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
            context = ("…" if left else "") + text[left:start] + "[[" + text[start:end] + "]]" + \
                text[end:right] + ("…" if right < len(text) else "")
            mentions.add(Mention(_tail(rec, ids + "record/"), FIELDS.index(fld), start, end, _tail(ent, ids),
                                 fld, entry["kind"], _label(labels.get(ent, [])), text[start:end], one_line(context)))
    return sorted(mentions)


def authority_paths(path: Path | None = None) -> set[str]:
    """The entity paths (``person/…``, ``corporate-body/…``, ``place/…``) of the curated authority file."""
    from lod.config import Config
    from lod.names.authority import load_authority
    return {f"{AUTHORITY_SEGMENT.get(e.kind, e.kind)}/{e.key}" for e in load_authority(path or Config().authority)}


def figures(mentions: list[Mention], curated: set[str]) -> dict:
    """Mentions and distinct entities, by kind, and how many entities are curated or minted."""
    entities = {m.entity: m.kind for m in mentions}
    out = {"mentions": len(mentions), "entities": len(entities),
           "mentions_curated": sum(m.entity in curated for m in mentions),
           "entities_curated": sum(e in curated for e in entities), "by_kind": {}}
    for kind in KINDS:
        ents = [e for e, k in entities.items() if k == kind]
        out["by_kind"][kind] = {"mentions": sum(m.kind == kind for m in mentions), "entities": len(ents),
                                "curated": sum(e in curated for e in ents),
                                "minted": sum(e not in curated for e in ents)}
    out["records"] = len({m.record for m in mentions})
    out["fields"] = dict(Counter(m.field for m in mentions))
    return out


def draw_sample(mentions: list[Mention], size: int = SIZE, seed: int = SEED) -> list[Mention]:
    """``size`` mentions drawn with a seeded generator from the sorted list, sorted by record, field, start."""
    population = sorted(mentions)
    return sorted(random.Random(seed).sample(population, min(size, len(population))))


def read_sample(path: Path = SAMPLE_FILE) -> list[dict[str, str]]:
    """The rows of the judged sample file (``start`` and ``end`` as written)."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                                quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: header must be {' | '.join(COLUMNS)}, got {reader.fieldnames}")
        return list(reader)


def row_key(row: dict[str, str]) -> tuple[str, str, int, int, str]:
    return (row["record"], row["field"], int(row["start"]), int(row["end"]), row["entity"])


def write_sample(sample: list[Mention], path: Path = SAMPLE_FILE) -> int:
    """Write ``sample`` to ``path``, keeping the judgement and note of rows already judged; how many kept."""
    old = {row_key(r): r for r in read_sample(path)} if path.exists() else {}
    kept = 0
    lines = ["# Hand-judged sample of mention links (tools/mention_sample.py; README: Measured on the bundled",
             "# collection). judgement: correct | wrong-entity | not-an-entity | bad-span. Offsets in code",
             "# points into the record's title, summary (dcterms:abstract) or body (schema:text).",
             "\t".join(COLUMNS)]
    for m in sample:
        prev = old.get(m.key, {})
        kept += bool(prev.get("judgement"))
        lines.append("\t".join((m.record, m.field, str(m.start), str(m.end), one_line(m.surface), m.entity,
                                one_line(m.label), prev.get("judgement", ""), one_line(prev.get("note", "")))))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return kept


def precision(rows: list[dict[str, str]]) -> tuple[int, int, Counter]:
    """(correct, judged, count of each judgement) of the sample file's rows."""
    counts = Counter(r["judgement"] for r in rows if r["judgement"])
    return counts["correct"], sum(counts.values()), counts


def ingest_bundled(directory: Path, base: str):
    """The bundled records ingested, with the default authority and links files, into ``directory``."""
    from lod.config import Config
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local

    cfg = Config()
    store = open_store(str(directory / "store"))
    ingest([RECORDS], store, Local(base), authority=cfg.authority, links=cfg.links, progress=False)
    return store


def report(store, base: str, args) -> int:
    from lod.config import Config
    from lod.linking.authorities import link_counts, load_links

    mentions = collect_mentions(store, base)
    fig = figures(mentions, authority_paths())
    per_field = ", ".join(f"{k} {fig['fields'].get(k, 0)}" for k in FIELDS)
    print(f"mentions found and linked: {fig['mentions']} in {fig['records']} records ({per_field})")
    print(f"  to curated entities: {fig['mentions_curated']}, to minted entities: "
          f"{fig['mentions'] - fig['mentions_curated']}")
    print(f"distinct entities linked: {fig['entities']} ({fig['entities_curated']} curated, "
          f"{fig['entities'] - fig['entities_curated']} minted from the records)")
    for kind, k in fig["by_kind"].items():
        print(f"  {kind:6} {k['mentions']:5} mentions  {k['entities']:4} entities "
              f"({k['curated']} curated, {k['minted']} minted)")
    links = load_links(Config().links)
    counts = link_counts(links)
    linked = {m.entity for m in mentions}
    confirmed = {f"{AUTHORITY_SEGMENT[k.kind]}/{k.key}" for k in links if k.status == "confirmed"} & linked
    print(f"entities with confirmed authority links: {counts['confirmed']}; candidates only: {counts['candidate']} "
          f"({len(confirmed)} of the {len(linked)} entities mentioned have a confirmed link)")

    sample = draw_sample(mentions, args.size, args.seed)
    print(f"\nsample: {len(sample)} mentions (seed {args.seed})")
    for i, m in enumerate(sample, 1):
        print(f"{i:2}. {m.record} {m.field} {m.start}-{m.end} {one_line(m.surface)!r} → {m.entity} "
              f"({m.label}; {m.kind})\n    {m.context}")

    if args.write:
        kept = write_sample(sample, args.file)
        print(f"\nwrote {args.file} ({kept} of {len(sample)} rows keep an earlier judgement)")
        return 0
    if not args.file.exists():
        print(f"\n{args.file} does not exist yet: run with --write, then judge each row by hand")
        return 1
    rows = read_sample(args.file)
    current = {m.key for m in mentions}
    gone = [r for r in rows if row_key(r) not in current]
    correct, judged, kinds = precision(rows)
    print(f"\n{args.file.relative_to(ROOT) if args.file.is_relative_to(ROOT) else args.file}: "
          f"{correct}/{judged} correct" + (f" ({100 * correct / judged:.0f} %)" if judged else "")
          + "".join(f", {n} {j}" for j, n in sorted(kinds.items()) if j != "correct"))
    for r in rows:
        if r["judgement"] and r["judgement"] != "correct":
            print(f"  {r['judgement']}: {r['record']} {r['field']} {r['start']}-{r['end']} {r['surface']!r} "
                  f"→ {r['entity']}: {r['note']}")
    if gone:
        print(f"{len(gone)} judged mentions are no longer in the output (the mapping changed): re-review them")
        for r in gone:
            print(f"  {r['record']} {r['field']} {r['start']}-{r['end']} {r['surface']!r} → {r['entity']}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", help="read this embedded store instead of ingesting data/records afresh")
    ap.add_argument("--base", default="http://localhost:5000/", help="the store's base URI")
    ap.add_argument("--size", type=int, default=SIZE, help="sample size (default %(default)s)")
    ap.add_argument("--seed", type=int, default=SEED, help="random seed (default %(default)s)")
    ap.add_argument("--file", type=Path, default=SAMPLE_FILE, help="the judged sample (default %(default)s)")
    ap.add_argument("--write", action="store_true", help="(re)write the sample file, keeping judgements")
    args = ap.parse_args(argv)
    base = args.base if args.base.endswith("/") else args.base + "/"
    if args.store:
        from lod.store import open_store
        return report(open_store(args.store), base, args)
    with tempfile.TemporaryDirectory(prefix="mention-sample-") as tmp:
        store = ingest_bundled(Path(tmp), base)
        try:
            return report(store, base, args)
        finally:
            store.close()


if __name__ == "__main__":
    sys.exit(main())
