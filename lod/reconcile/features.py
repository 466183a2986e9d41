"""The matching features of a candidate: what its score rests on, with our evidence — the form of its name
that matched, the records where that spelling is written and where the office a query gives is written
(each record's relation to the entity keeps the form its text uses, ``terms:nameForm``), with their dates.

>>> same_spelling("A. A. Gromyko", "A.A. GROMYKO"), same_spelling("Gromyko", "A. A. Gromyko")
(True, False)
"""
from __future__ import annotations

from lod.names.normalise import fold_token, words
from lod.reconcile.candidates import Form
from lod.reconcile.catalogue import Catalogue, Fact
from lod.reconcile.scoring import Scored
from lod.store.base import Store
from lod.vocab import RICO

RECORDS_SHOWN = 3  # records cited a spelling or an office


def _folded(text: str) -> str:
    return " ".join(k for w in words(text) if (k := fold_token(w)))


def same_spelling(a: str, b: str) -> bool:
    """Whether two forms are one spelling (case, diacritics, punctuation and spacing aside)."""
    return bool(_folded(a)) and _folded(a) == _folded(b)


def written(store: Store, cat: Catalogue, fact: Fact) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """How the records write this entity, and the offices they give it: two lists of (record IRI, form)."""
    iri, form, evidenced = f"<{fact.iri}>", f"<{cat.local.terms['nameForm']}>", f"<{RICO.isEvidencedBy}>"
    names = [(str(r["r"]), str(r["f"])) for r in store.select(
        f"SELECT DISTINCT ?r ?f WHERE {{ ?rel <{RICO.relationHasTarget}> {iri} ; {form} ?f ; {evidenced} ?r }}")]
    offices = [(str(r["r"]), str(r["f"])) for r in store.select(
        f"SELECT DISTINCT ?r ?f WHERE {{ ?rel a <{RICO.PositionHoldingRelation}> ; <{RICO.relationHasSource}> {iri} ; "
        f"{form} ?f ; {evidenced} ?r }}")]
    return names, offices


def best_form(q: Form, fact: Fact) -> str:
    """The entity's form nearest the query as written (the one that matched)."""
    qw = set(q.names) | set(q.initials)
    return max(fact.names or [fact.label],
               key=lambda n: (len(qw & set(_folded(n).split())), -len(n), any(c.islower() for c in n)))


def _in(cat: Catalogue, record: str, form: str) -> str:
    rec = cat.facts.get(record)
    title = rec.label if rec else record
    return f"“{form}” in {title}" + (f" ({rec.date})" if rec and rec.date else "")


def features(scored: Scored, q: Form, cat: Catalogue, store: Store | None) -> list[dict]:
    """The features of one candidate (``store``: to cite the records' spellings and offices; None: not)."""
    fact = scored.fact
    out: list[dict] = [{"id": "name", "value": scored.name}]
    form = best_form(q, fact)
    out.append({"id": f"form:{form}", "name": f"our form “{form}”", "value": True})
    for ev in scored.evidence:
        out.append({"id": f"{ev.pid}:{ev.detail}" if ev.detail else ev.pid,
                    "name": f"{ev.pid} {'borne out by' if ev.held else 'not borne out'} {ev.detail}".strip(),
                    "value": ev.held})
    if store is None or fact.type == "Record":
        return out
    names, offices = written(store, cat, fact)
    spelt = [(r, f) for r, f in names if same_spelling(f, q.text)] or [(r, f) for r, f in names
                                                                         if same_spelling(f, form)]
    out += _cited("record", spelt, cat)
    asked = set(q.titles) | {w for ev in scored.evidence if ev.pid in ("title", "office") and ev.held
                             for w in _folded(ev.detail).split()}
    out += _cited("office-record", [(r, f) for r, f in offices if asked & set(_folded(f).split())], cat)
    return out


def _cited(kind: str, found: list[tuple[str, str]], cat: Catalogue) -> list[dict]:
    """One feature a record (the first few by date), naming the form it writes."""
    by_record: dict[str, str] = {}
    for record, form in sorted(found, key=lambda x: (cat.facts[x[0]].date if x[0] in cat.facts else "", x[0],
                                                     x[1].isupper(), x[1])):
        by_record.setdefault(record, form)  # the mixed-case form of several that differ in case only
    out = []
    for record, form in list(by_record.items())[:RECORDS_SHOWN]:
        rec = cat.facts.get(record)
        out.append({"id": f"{kind}:{rec.id if rec else record}", "name": _in(cat, record, form), "value": True})
    return out
