"""The candidates file a reviewer works through, and turning its decisions into links.

``lod link`` writes one row per (entity, candidate), best first, with an empty ``decision`` column; the
reviewer writes ``accept`` or ``reject`` (blank: undecided) and may explain in ``comment``.
``lod link --accept`` then turns accepted rows into confirmed links and rejected rows into ``rejected`` links
(never proposed again), keeping ``links.tsv`` sorted and free of duplicates.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lod.linking.authorities import ID_PATTERNS, AuthorityLink, LinkError, ENTITY_PATH

COLUMNS = ("entity", "our_label", "rank", "score", "scheme", "id", "authority_label", "description",
           "dates", "evidence", "decision", "comment")
REQUIRED = ("entity", "scheme", "id", "decision")
ACCEPT = {"accept", "accepted", "yes", "y"}
REJECT = {"reject", "rejected", "no", "n"}


@dataclass(frozen=True)
class CandidateRow:
    """One proposed link, as written for review."""

    entity: str
    our_label: str
    rank: int
    score: float
    scheme: str
    id: str
    authority_label: str
    description: str
    dates: str
    evidence: str
    decision: str = ""
    comment: str = ""

    def cells(self) -> list[str]:
        return [self.entity, self.our_label, str(self.rank), f"{self.score:.3f}", self.scheme, self.id,
                self.authority_label, self.description, self.dates, self.evidence, self.decision, self.comment]


def write_candidates(path: Path, rows: Iterable[CandidateRow]) -> None:
    """Write the candidates CSV (UTF-8, a header, rows sorted by entity then rank)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for row in sorted(rows, key=lambda r: (r.entity, r.rank)):
        w.writerow(row.cells())
    tmp = Path(path).with_name(Path(path).name + ".part")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(path)


@dataclass
class Decision:
    """A reviewed row: ``accept`` or ``reject`` of one identifier for one entity."""

    verdict: str  # "accept" | "reject"
    entity: str
    scheme: str
    id: str
    label: str
    why: str
    line: int


def read_decisions(path: Path) -> list[Decision]:
    """The decided rows of a reviewed candidates CSV; raise :class:`LinkError` naming ``path:line``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise LinkError(f"{path}:1: not UTF-8 ({e.reason})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise LinkError(f"{path}:1: missing column(s) {', '.join(missing)} (a file written by `lod link`, "
                        "with a decision column)")
    out: list[Decision] = []
    for row in reader:
        line = reader.line_num

        def cell(name: str) -> str:
            return " ".join((row.get(name) or "").split())  # no tabs or newlines in links.tsv

        decision = cell("decision").lower()
        if not decision:
            continue
        if decision not in ACCEPT | REJECT:
            raise LinkError(f"{path}:{line}: decision {decision!r} is neither accept nor reject (or blank)")
        entity, scheme, ident = cell("entity"), cell("scheme"), cell("id")
        if not ENTITY_PATH.fullmatch(entity):
            raise LinkError(f"{path}:{line}: entity {entity!r} is not kind/key")
        if scheme not in ID_PATTERNS or not ID_PATTERNS[scheme].fullmatch(ident):
            raise LinkError(f"{path}:{line}: {scheme}:{ident} is not a known scheme and identifier")
        verdict = "accept" if decision in ACCEPT else "reject"
        why = cell("comment") or "; ".join(x for x in (
            f"score {cell('score')}" if cell("score") else "", cell("description"), cell("dates"),
            cell("evidence")) if x)
        out.append(Decision(verdict, entity, scheme, ident, cell("authority_label"), why, line))
    return out


@dataclass
class Outcome:
    """What applying decisions did."""

    links: list[AuthorityLink]
    confirmed: int = 0
    rejected: int = 0
    superseded: int = 0  # other candidates of an entity that got a confirmed link
    refused: list[str] = field(default_factory=list)


def apply_decisions(links: list[AuthorityLink], decisions: Iterable[Decision], source: str) -> Outcome:
    """The links after the decisions: an accepted row becomes (or confirms) a confirmed link and replaces the
    entity's other candidates in that scheme; a rejected row becomes a ``rejected`` link. A decision that
    contradicts a confirmed link (another identifier accepted, or the confirmed one rejected) is refused."""
    by_key = {(link.entity, link.scheme, link.id): link for link in links}
    out = Outcome([])
    for d in decisions:
        key = (d.entity, d.scheme, d.id)
        current = by_key.get(key)
        status = "confirmed" if d.verdict == "accept" else "rejected"
        problem = _contradiction(d, current, by_key.values())
        if problem:
            out.refused.append(f"{source}:{d.line}: {problem}")
            continue
        if current is not None and current.status == status:
            continue
        by_key[key] = AuthorityLink(d.entity, d.scheme, d.id, status, d.label or (current.label if current else ""),
                                    f"reviewed and {d.verdict}ed: " + (d.why or "no comment"))
        if status == "rejected":
            out.rejected += 1
            continue
        out.confirmed += 1
        for k, link in list(by_key.items()):
            if link.entity == d.entity and link.scheme == d.scheme and link.status == "candidate":
                del by_key[k]
                out.superseded += 1
    out.links = sorted(by_key.values(), key=lambda link: (link.entity, link.scheme, link.id))
    return out


def _contradiction(d: Decision, current: AuthorityLink | None, links: Iterable[AuthorityLink]) -> str:
    """Why a decision cannot be applied over a confirmed link, or ``""``."""
    if d.verdict == "reject":
        if current is not None and current.status == "confirmed":
            return f"{d.entity} → {d.scheme}:{d.id} is a confirmed link; edit links.tsv to withdraw it"
        return ""
    other = next((link for link in links if link.entity == d.entity and link.scheme == d.scheme
                  and link.status == "confirmed" and link.id != d.id), None)
    if other is not None:
        return f"{d.entity} already has the confirmed {d.scheme} link {other.id}; reject that one in links.tsv first"
    return ""
