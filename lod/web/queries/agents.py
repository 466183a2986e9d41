"""People and other agents: who wrote to or received from them, who is named with them, the forms of their
names the records use, the offices they held."""
from __future__ import annotations

from rdflib import Literal, URIRef

from lod.store import Store
from lod.vocab import SKOS
from lod.web.formatting import format_date, year_of
from lod.web.naming import Site, fallback_label
from lod.web.queries import AGENT_PREDICATES, is_a, kind_of, label_opt, select, term
from lod.web.sparql_text import iri_ref, sparql_string
from lod.web.viewmodel import NameForm, Neighbour, Office, RecordRow


def correspondents(store: Store, site: Site, iri: URIRef) -> list[Neighbour]:
    """Who wrote to or received from ``iri``, with counts each way."""
    x = iri_ref(iri)
    rows = select(store, f"""
        SELECT ?o (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types)
               (COUNT(DISTINCT ?r1) AS ?sent) (COUNT(DISTINCT ?r2) AS ?received)
        WHERE {{ {{ ?r1 rico:hasSender {x} ; rico:hasAddressee ?o }}
                 UNION {{ ?r2 rico:hasAddressee {x} ; rico:hasSender ?o }}
                 FILTER(?o != {x}) {label_opt("?o", "?l")} OPTIONAL {{ ?o a ?t }} }}
        GROUP BY ?o ORDER BY DESC(?sent + ?received) ?label""")
    return [Neighbour(site.link(r["o"], r.get("label"), kind_of(str(r.get("types", "")))),
                      sent=int(r.get("sent", 0)), received=int(r.get("received", 0))) for r in rows]


def co_mentioned(store: Store, site: Site, iri: URIRef, limit: int = 40) -> list[Neighbour]:
    """People named in the same records as ``iri`` (as sender, addressee, creator or subject)."""
    x, roles = iri_ref(iri), "|".join(iri_ref(p) for p in AGENT_PREDICATES)
    # the records naming ``iri`` (index lookups by predicate and object), then what each of them names
    # (lookups by record), counted before the person check and the labels are read per name: never a scan
    # of every record
    rows = select(store, f"""
        SELECT ?o ?n (SAMPLE(?l) AS ?label) WHERE {{
          {{ SELECT ?o (COUNT(DISTINCT ?r) AS ?n) WHERE {{
               {{ SELECT DISTINCT ?r WHERE {{ ?r {roles} {x} }} }}
               ?r {roles} ?o . FILTER(?o != {x}) }} GROUP BY ?o }}
          {is_a("?o", "rico:Person")} {label_opt("?o", "?l")} }}
        GROUP BY ?o ?n ORDER BY DESC(?n) ?label LIMIT {int(limit)}""")
    return [Neighbour(site.link(r["o"], r.get("label"), "person"), together=int(r.get("n", 0))) for r in rows]


def name_forms(store: Store, site: Site, iri: URIRef, max_records: int = 20) -> list[NameForm]:
    """Each name form of ``iri``: its preferred and alternative labels, and the forms records use (from the
    relations they evidence), with how many records use each and the years they span, and up to
    ``max_records`` of those records (by date)."""
    x, form_p = iri_ref(iri), term(site, "nameForm")
    forms: dict[str, NameForm] = {}
    for row in select(store, f"""SELECT ?form ?pred WHERE {{ {x} ?pred ?form
                                   FILTER(?pred IN (skos:prefLabel, skos:altLabel)) }} LIMIT 1000"""):
        form = row["form"]
        nf = forms.setdefault(str(form), NameForm(str(form)))
        nf.lang = nf.lang or (form.language or "" if isinstance(form, Literal) else "")
        nf.preferred = nf.preferred or row.get("pred") == SKOS.prefLabel
    for row in select(store, f"""SELECT ?form (COUNT(DISTINCT ?r) AS ?n) (MIN(STR(?d)) AS ?first)
                                        (MAX(STR(?d)) AS ?last) WHERE {{
                                   ?rel rico:relationHasTarget {x} ; {form_p} ?form ; rico:isEvidencedBy ?r
                                   OPTIONAL {{ ?r dcterms:created ?d }} }}
                                 GROUP BY ?form LIMIT 1000"""):
        nf = forms.setdefault(str(row["form"]), NameForm(str(row["form"])))
        nf.count, nf.first, nf.last = int(row.get("n", 0)), year_of(row.get("first")), year_of(row.get("last"))
    used = [nf for nf in forms.values() if nf.count][:50]
    for nf in used:  # some records using each form: from the relations that use it (a rare form of a famous
        # person is not looked for among all of the person's relations), then their titles and dates
        sample = select(store, f"""SELECT DISTINCT ?r WHERE {{ ?rel {form_p} {sparql_string(nf.form)} .
                                     FILTER EXISTS {{ ?rel rico:relationHasTarget {x} }}
                                     ?rel rico:isEvidencedBy ?r }} LIMIT {int(max_records)}""")
        if not sample:
            continue
        for row in select(store, f"""SELECT ?r (SAMPLE(?t) AS ?title) (MIN(STR(?d)) AS ?date) WHERE {{
                                       VALUES ?r {{ {" ".join(iri_ref(r["r"]) for r in sample)} }}
                                       OPTIONAL {{ ?r dcterms:created ?d }} OPTIONAL {{ ?r dcterms:title ?t }} }}
                                     GROUP BY ?r ORDER BY ?date ?r"""):
            nf.records.append(site.link(row["r"], row.get("title"), "record"))
    return sorted(forms.values(), key=lambda f: (not f.preferred, -f.count, f.form.casefold()))



def offices(store: Store, site: Site, iri: URIRef, limit: int = 100, max_records: int = 20) -> list[Office]:
    """The positions ``iri`` held (``rico:PositionHoldingRelation`` with ``iri`` as source), earliest first,
    each dated by the relations' dates (else their records' dates), with the evidencing records."""
    x = iri_ref(iri)
    held = (f"?rel rico:relationHasSource {x} ; rico:relationHasTarget ?pos . "
            + is_a("?rel", "rico:PositionHoldingRelation"))
    rows = select(store, f"""
        SELECT ?pos (SAMPLE(?l) AS ?label) (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) (COUNT(DISTINCT ?r) AS ?n)
        WHERE {{ {held}
          OPTIONAL {{ ?rel rico:isEvidencedBy ?r . OPTIONAL {{ ?r dcterms:created ?rd }} }}
          OPTIONAL {{ ?rel rico:relationHasDate/rico:normalizedDateValue ?od }}
          BIND(COALESCE(?od, ?rd) AS ?d) {label_opt("?pos", "?l")} }}
        GROUP BY ?pos ORDER BY ?first ?label ?pos LIMIT {int(limit)}""")
    if not rows:
        return []
    found = {str(r["pos"]): Office(site.link(r["pos"], r.get("label"), "position"), str(r.get("first") or ""),
                                   str(r.get("last") or ""), int(r.get("n", 0))) for r in rows}
    values = " ".join(iri_ref(p) for p in found)
    for row in select(store, f"""SELECT DISTINCT ?pos ?form WHERE {{ VALUES ?pos {{ {values} }} {held}
                                   ?rel {term(site, "nameForm")} ?form }} ORDER BY ?pos ?form LIMIT 1000"""):
        found[str(row["pos"])].forms.append(str(row["form"]))
    for row in select(store, f"""
            SELECT ?pos ?r (SAMPLE(?t) AS ?title) (MIN(STR(?d)) AS ?date) WHERE {{ VALUES ?pos {{ {values} }} {held}
              ?rel rico:isEvidencedBy ?r . OPTIONAL {{ ?r dcterms:title ?t }} OPTIONAL {{ ?r dcterms:created ?d }} }}
            GROUP BY ?pos ?r ORDER BY ?pos ?date ?r LIMIT 2000"""):
        office = found[str(row["pos"])]
        if len(office.records) < max_records:
            date = row.get("date")
            office.records.append(RecordRow(site.link(row["r"], row.get("title"), "record"), format_date(date),
                                            year_of(date)))
    for office in found.values():  # an office without a label of its own is called what the sources call it
        if office.link.label == fallback_label(office.link.iri) and office.forms:
            office.link.label = office.forms[0]
    return list(found.values())


