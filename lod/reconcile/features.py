"""The matching features of a candidate: what its score rests on, with our evidence — the form of its name
that matched, the records where that spelling occurs (with their dates), the offices and dates that bore out
the query's properties.

>>> spelled("A. A. Gromyko", "… Comrade A.A. GROMYKO said …"), spelled("Gromyko", "Grom")
(True, False)
"""
from __future__ import annotations

import re

from lod.names.normalise import fold_token, words
from lod.reconcile.candidates import Form
from lod.reconcile.catalogue import Catalogue, Fact
from lod.reconcile.scoring import Scored
from lod.store.base import Store
from lod.vocab import SCHEMA

RECORDS_SHOWN = 3  # records cited a candidate


def _folded(text: str) -> str:
    return " ".join(k for w in words(text) if (k := fold_token(w)))


def spelled(form: str, text: str) -> bool:
    """Whether ``form`` is written in ``text`` (words folded; initials run together or apart)."""
    f, t = _folded(form), _folded(text)
    if not f:
        return False
    return re.search(rf"(?<!\S){re.escape(f)}(?!\S)", t) is not None


def texts(store: Store, records: list[str]) -> dict[str, str]:
    """The titles and texts of ``records`` (one SELECT)."""
    if not records:
        return {}
    values = " ".join(f"<{r}>" for r in records)
    out: dict[str, str] = {}
    for row in store.select(f"SELECT ?r ?t WHERE {{ VALUES ?r {{ {values} }} "
                            f"{{ ?r <{SCHEMA.text}> ?t }} UNION {{ ?r <{SCHEMA.name}> ?t }} }}"):
        out[str(row["r"])] = out.get(str(row["r"]), "") + "\n" + str(row["t"])
    return out


def best_form(q: Form, fact: Fact) -> str:
    """The entity's form nearest the query as written (the one that matched)."""
    qw = set(q.names) | set(q.initials)
    return max(fact.names or [fact.label], key=lambda n: (len(qw & set(_folded(n).split())), -len(n)))


def features(scored: Scored, q: Form, catalogue: Catalogue, store: Store | None) -> list[dict]:
    """The features of one candidate (``store``: to cite the records where the spelling occurs; None: not)."""
    fact = scored.fact
    out: list[dict] = [{"id": "name", "value": scored.name}]
    form = best_form(q, fact)
    out.append({"id": f"form:{form}", "name": f"our form “{form}”", "value": True})
    for ev in scored.evidence:
        out.append({"id": f"{ev.pid}:{ev.detail}" if ev.detail else ev.pid,
                    "name": f"{ev.pid} {'borne out by' if ev.held else 'not borne out'} {ev.detail}".strip(),
                    "value": ev.held})
    if store is not None and fact.records:
        found = texts(store, fact.records)
        shown = 0
        for r in fact.records:
            spelling = next((s for s in (q.text, form) if spelled(s, found.get(r, ""))), None)
            if spelling is None:
                continue
            rec = catalogue.facts[r]
            out.append({"id": f"record:{rec.id}", "name": f"“{spelling}” in {rec.label}"
                        + (f" ({rec.date})" if rec.date else ""), "value": True})
            shown += 1
            if shown == RECORDS_SHOWN:
                break
    return out
