"""``lod link``: propose authority links for review, and turn reviewed proposals into links.

``lod link [--endpoint URL] [--type person|place|body] [-o candidates.csv]`` looks up every entity of the
authority file without a confirmed Wikidata link by its names, scores what comes back with the evidence we
hold (the years of the records naming it, from the store; its note's offices, years and countries) and
writes the candidates, best first. ``lod link --accept candidates.csv`` applies the reviewer's decisions to
``links.tsv``.

Exit status: 0 done; 1 some lookups failed (the failed batches are named) or some decisions were refused;
2 usage error or malformed input.
"""
from __future__ import annotations

import argparse
import copy
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lod.config import Config
from lod.linking.authorities import (AuthorityLink, LinkError, confirmed_ids, load_links, rejected_ids,
                                     write_links)
from lod.linking.candidates import CandidateRow, apply_decisions, read_decisions, write_candidates
from lod.linking.client import AuthorityClient, EndpointError, Politeness
from lod.linking.lookup import Candidate, Name, batches, candidates_from, lookup_query, names_for
from lod.linking.scoring import Evidence, fold, country_keys, score
from lod.names.authority import AuthorityError, Entity, load_authority
from lod.store.base import Store
from lod.vocab import Local

TYPES = {"person": "person", "place": "place", "body": "organisation"}
_YEAR = re.compile(r"^\s*(-?\d{4})")


@dataclass
class Proposal:
    """The candidates for review and what happened on the way."""

    rows: list[CandidateRow] = field(default_factory=list)
    looked_up: int = 0
    skipped: int = 0  # entities with a confirmed link
    names: int = 0
    requests: int = 0
    failures: list[str] = field(default_factory=list)


def propose(entities: Iterable[Entity], links: list[AuthorityLink], client: AuthorityClient,
            record_years: dict[str, tuple[int, int]] | None = None, *, limit: int = 5,
            min_score: float = 0.0) -> Proposal:
    """Look up ``entities`` (those without a confirmed Wikidata link) and score what the endpoint answers."""
    entities = sorted(entities, key=lambda e: e.path)
    confirmed = confirmed_ids(links)
    rejected = rejected_ids(links)
    out = Proposal()
    todo = [e for e in entities if e.path not in confirmed]
    out.skipped = len(entities) - len(todo)
    out.looked_up = len(todo)
    places = {fold(form): e.key for e in entities if e.kind == "place" for form in e.forms if len(form) > 3}
    owners: dict[str, set[str]] = defaultdict(set)  # folded name -> entity paths
    names: set[Name] = set()
    for e in todo:
        for n in names_for(e):
            names.add(n)
            owners[fold(n.text)].add(e.path)
    ordered = sorted(names)
    out.names = len(ordered)
    found = _look_up(client, ordered, owners, out.failures)
    out.requests = client.requests
    by_path = {e.path: e for e in todo}
    for path in sorted(found):
        e = by_path[path]
        countries = {confirmed[f"place/{k}"] for k in country_keys(e.note, places) if f"place/{k}" in confirmed}
        ev = Evidence(e, (record_years or {}).get(path), countries)
        scored = [(score(ev, c), c) for qid, c in found[path].items() if (path, qid) not in rejected]
        scored = [(s, c) for s, c in scored if s.value >= min_score]
        scored.sort(key=lambda sc: (-sc[0].value, int(sc[1].qid[1:])))
        for rank, (s, c) in enumerate(scored[:limit], 1):
            out.rows.append(CandidateRow(path, e.label, rank, s.value, "wikidata", c.qid, c.label, c.description,
                                         _dates(e, c), "; ".join(s.reasons)))
    return out


def _look_up(client: AuthorityClient, names: list[Name], owners: dict[str, set[str]],
             failures: list[str]) -> dict[str, dict[str, Candidate]]:
    """Entity path → QID → candidate, from batched queries; a failed batch is noted and skipped."""
    found: dict[str, dict[str, Candidate]] = defaultdict(dict)
    batch_list = list(batches(names, client.politeness.batch_size))
    for i, batch in enumerate(batch_list, 1):
        try:
            answer = candidates_from(client.select(lookup_query(batch)))
        except EndpointError as err:
            shown = ", ".join(n.text for n in batch[:3]) + (", …" if len(batch) > 3 else "")
            failures.append(f"batch {i} of {len(batch_list)} ({shown}): {err}")
            continue
        for c in answer.values():
            for path in sorted({p for m in c.matched for p in owners.get(fold(m), ())}):
                mine = copy.deepcopy(c)  # each entity sees only its own names among those matched
                mine.matched = {m for m in c.matched if path in owners.get(fold(m), ())}
                if c.qid in found[path]:
                    found[path][c.qid].merge(mine)
                else:
                    found[path][c.qid] = mine
    return found


def record_years(store: Store, local: Local, entities: Iterable[Entity]) -> dict[str, tuple[int, int]]:
    """Entity path → (first, last) year of the records that name it (any predicate from a record with a
    ``dcterms:created`` to the entity's IRI)."""
    from lod.mapping.entities import KIND_SEGMENT
    iris = {str(local.entity(KIND_SEGMENT[e.kind], e.key)): e.path for e in entities}
    prefix = local.base + "id/"
    rows = store.select(f"""SELECT DISTINCT ?e ?d WHERE {{
        ?r <http://purl.org/dc/terms/created> ?d ; ?p ?e .
        FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{prefix}")) }}""")
    years: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        path = iris.get(str(row.get("e")))
        m = _YEAR.match(str(row.get("d", "")))
        if path and m:
            years[path].append(int(m.group(1)))
    return {path: (min(ys), max(ys)) for path, ys in years.items()}


def _dates(e: Entity, c: Candidate) -> str:
    if e.kind == "person":
        return f"{c.birth if c.birth is not None else '?'}–{c.death if c.death is not None else ''}"
    if c.inception is None and c.dissolved is None:
        return ""
    return f"{c.inception if c.inception is not None else '?'}–{c.dissolved if c.dissolved is not None else ''}"


# --- the command line ------------------------------------------------------------------------------------

def add_arguments(sp: argparse.ArgumentParser) -> None:
    """The options of ``lod link``."""
    from lod.linking.client import WIKIDATA_SPARQL
    sp.add_argument("--endpoint", dest="authority_endpoint", metavar="URL", default=WIKIDATA_SPARQL,
                    help=f"SPARQL endpoint with Wikidata's data shape (default {WIKIDATA_SPARQL})")
    sp.add_argument("--type", choices=sorted(TYPES), help="only people, places or bodies")
    sp.add_argument("-o", "--output", type=Path, default=Path("candidates.csv"), metavar="FILE",
                    help="the candidates for review (default candidates.csv)")
    sp.add_argument("--accept", type=Path, metavar="FILE",
                    help="apply a reviewed candidates file (decision accept|reject) to the links file")
    sp.add_argument("--links", type=Path, metavar="FILE", help="the links file (default "
                    "data/authorities/links.tsv beside the authority file)")
    sp.add_argument("--authority", type=Path, metavar="FILE", help="authority file (env LOD_AUTHORITY)")
    g = sp.add_mutually_exclusive_group()
    g.add_argument("--store", metavar="DIR", help="embedded store giving the records' dates (env LOD_STORE)")
    g.add_argument("--store-endpoint", dest="endpoint", metavar="QUERY_URL",
                   help="or a remote store's query URL (env LOD_ENDPOINT)")
    sp.add_argument("--base", metavar="URI", help="base URI of the entities in the store (env LOD_BASE)")
    sp.add_argument("--limit", type=int, default=5, metavar="N", help="candidates per entity (default 5)")
    sp.add_argument("--min-score", type=float, default=0.0, metavar="S",
                    help="leave out candidates scoring below S, in -1…1 (default 0)")
    d = Politeness()
    sp.add_argument("--batch-size", type=int, default=d.batch_size, metavar="N",
                    help=f"names per query (default {d.batch_size})")
    sp.add_argument("--interval", type=float, default=d.min_interval, metavar="SECONDS",
                    help=f"at least this long between two requests (default {d.min_interval:g})")
    sp.add_argument("--timeout", type=float, default=d.timeout, metavar="SECONDS",
                    help=f"time limit of one request (default {d.timeout:g})")
    sp.add_argument("--retries", type=int, default=d.retries, metavar="N",
                    help=f"retries after 429, 5xx or a failed connection (default {d.retries})")
    sp.add_argument("--contact", metavar="URL_OR_EMAIL",
                    help="how the endpoint's operators reach you, sent in the User-Agent (env LOD_CONTACT; "
                         "default the base URI)")


def cmd_link(args: argparse.Namespace, cfg: Config) -> int:
    """``lod link``: propose candidates, or (``--accept``) apply a reviewed file."""
    links_path = args.links or Path(cfg.authority).with_name("links.tsv")
    if args.accept:
        return _accept(args.accept, links_path)
    if args.batch_size < 1 or args.limit < 1 or args.retries < 0 or args.interval < 0 or args.timeout <= 0:
        print("lod link: --batch-size and --limit must be at least 1, --retries and --interval not negative, "
              "--timeout positive", file=sys.stderr)
        return 2
    try:
        entities = load_authority(cfg.authority)
        links = load_links(links_path) if links_path.exists() else []
    except (AuthorityError, LinkError) as e:
        print(f"lod link: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"lod link: cannot read {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    if args.type:
        entities = [e for e in entities if e.kind == TYPES[args.type]]
    years, status = _years(cfg, entities)
    contact = args.contact or os.environ.get("LOD_CONTACT") or cfg.base
    client = AuthorityClient(args.authority_endpoint, Politeness(args.batch_size, args.interval, args.timeout,
                                                                 args.retries), contact=contact)
    result = propose(entities, links, client, years, limit=args.limit, min_score=args.min_score)
    write_candidates(args.output, result.rows)
    err = sys.stderr
    if status:
        print(f"warning: {status}", file=err)
    for f in result.failures:
        print(f"failed: {f}", file=err)
    with_rows = len({r.entity for r in result.rows})
    print(f"{result.looked_up} entities looked up by {result.names} names in {result.requests} requests to "
          f"{args.authority_endpoint} ({result.skipped} skipped: confirmed link); {len(result.rows)} candidates "
          f"for {with_rows} entities written to {args.output}; {len(result.failures)} batches failed", file=err)
    return 1 if result.failures else 0


def _years(cfg: Config, entities: list[Entity]) -> tuple[dict[str, tuple[int, int]], str]:
    """Record years from the store, or none and why."""
    from lod.config import BaseMismatch
    from lod.store import StoreError, open_dataset
    try:
        cfg, store = open_dataset(cfg)
        if not store.exists():
            return {}, f"no store at {cfg.store}: candidates are scored without the records' dates"
        return record_years(store, Local(cfg.base), entities), ""
    except (StoreError, BaseMismatch) as e:
        return {}, f"{e}: candidates are scored without the records' dates"


def _accept(reviewed: Path, links_path: Path) -> int:
    try:
        decisions = read_decisions(reviewed)
        links = load_links(links_path) if links_path.exists() else []
    except LinkError as e:
        print(f"lod link: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"lod link: cannot read {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    outcome = apply_decisions(links, decisions, str(reviewed))
    write_links(links_path, outcome.links)
    for r in outcome.refused:
        print(f"refused: {r}", file=sys.stderr)
    print(f"{links_path}: {outcome.confirmed} links confirmed, {outcome.rejected} rejected, {outcome.superseded} "
          f"candidates superseded, {len(outcome.refused)} decisions refused", file=sys.stderr)
    return 1 if outcome.refused else 0
