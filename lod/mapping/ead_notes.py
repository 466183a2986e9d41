"""An EAD unit's notes in RiC-O as the RiC-O Converter writes them: XHTML literals (``rdf:XMLLiteral``) in a
``div`` (or a lone ``p``) in the texts' language, with a heading where the converter gives one; the history
of a unit (processing, appraisal, origination said in words, originals elsewhere) and of its instantiation
(custodial history, acquisition, processing, appraisal, origination) each one literal, a ``div`` of ``div``s
when there are several; references to other finding aids' units as ``rico:isRecordResourceAssociatedWith
RecordResource``.

>>> from lod.model.finding_aid import Note
>>> markup([Note("custodhist", ("x",), html="<html:p>x</html:p>")][0], "fr", HEADINGS_FR)
'<html:div xml:lang="fr"><html:h4>Historique de la conservation</html:h4><html:p>x</html:p></html:div>'
"""
from __future__ import annotations

from xml.sax.saxutils import escape

import pyoxigraph as ox

from lod.mapping.mapped import MappedRecord
from lod.mapping.terms import lit, sub
from lod.model.finding_aid import Component, Note
from lod.vocab import RDF, RICO, Local

XHTML = "http://www.w3.org/1999/xhtml"
#: the converter's headings (its texts are French); an English publisher's own
HEADINGS_FR = {"custodhist": "Historique de la conservation", "acqinfo": "Informations sur les modalités d’entrée",
               "processinfo": "Informations sur le traitement", "appraisal": "Informations sur l'évaluation",
               "altformavail": "Documents de substitution", "bibliography": "Bibliographie",
               "otherfindaid": "Autre(s) instrument(s) de recherche", "relatedmaterial": "Document(s) en relation",
               "separatedmaterial": "Document(s) séparé(s)",
               "originalsloc": "Existence et lieu de conservation des documents originaux", "origination": "Origine",
               "link": "Lien", "author": "auteur(s)", "edition": "mention d’édition"}
HEADINGS_EN = {"custodhist": "Custodial history", "acqinfo": "Immediate source of acquisition",
               "processinfo": "Processing information", "appraisal": "Appraisal information",
               "altformavail": "Alternative form available", "bibliography": "Bibliography",
               "otherfindaid": "Other finding aids", "relatedmaterial": "Related material",
               "separatedmaterial": "Separated material", "originalsloc": "Location of originals",
               "origination": "Origination", "link": "Link", "author": "Author(s)", "edition": "Edition"}
#: a note -> its property on the resource (None: only in a history)
ON_RESOURCE = {"scopecontent": RICO.scopeAndContent, "accessrestrict": RICO.conditionsOfAccess,
               "userestrict": RICO.conditionsOfUse, "arrangement": RICO.structure, "accruals": RICO.accruals,
               "altformavail": RICO.generalDescription, "bibliography": RICO.generalDescription,
               "otherfindaid": RICO.generalDescription, "relatedmaterial": RICO.generalDescription,
               "separatedmaterial": RICO.generalDescription}
ON_INSTANTIATION = {"accessrestrict": RICO.conditionsOfAccess, "userestrict": RICO.conditionsOfUse,
                    "arrangement": RICO.structure}
ON_EVERY_COPY = {"accessrestrict", "userestrict"}  # said of the digital copies too
RESOURCE_HISTORY = ("processinfo", "appraisal", "origination", "originalsloc")
INSTANTIATION_HISTORY = ("custodhist", "acqinfo", "processinfo", "appraisal", "origination")
GENERAL_NEEDS_CONTENT = {"otherfindaid", "relatedmaterial", "separatedmaterial"}  # a list or a p


def lang_attr(lang: str | None) -> str:
    return f' xml:lang="{lang}"' if lang else ""


def markup(note: Note, lang: str | None, headings: dict[str, str]) -> str | None:
    """One note's XHTML fragment (no namespace declaration), None when it says nothing."""
    if not note.paragraphs and not note.html.strip():
        return None
    e = note.element
    if e == "scopecontent" and note.lone_markup is not None:
        return f"<html:p{lang_attr(lang)}>{note.lone_markup}</html:p>"
    if e in ("accessrestrict", "userestrict") and note.lone_paragraph is not None:
        return f"<html:p{lang_attr(lang)}>{escape(note.lone_paragraph)}</html:p>" if note.lone_paragraph else None
    head = f"<html:h4>{escape(headings[e])}</html:h4>" if e in headings else ""
    return f"<html:div{lang_attr(lang)}>{head}{note.html}</html:div>"


def xml_literal(*fragments: str) -> ox.Literal:
    """Fragments (each one element) as one ``rdf:XMLLiteral``, the XHTML prefix declared on each.

    >>> xml_literal("<html:p>a</html:p>", "<html:br/>").value
    '<html:p xmlns:html="http://www.w3.org/1999/xhtml">a</html:p><html:br xmlns:html="http://www.w3.org/1999/xhtml"/>'
    """
    out = []
    for f in fragments:
        end = len(f.split(">", 1)[0]) - (1 if f.split(">", 1)[0].endswith("/") else 0)
        name_end = f.find(" ", 0, end)
        at = name_end if name_end > 0 else end
        out.append(f'{f[:at]} xmlns:html="{XHTML}"{f[at:]}')
    return ox.Literal("".join(out), datatype=ox.NamedNode(str(RDF.XMLLiteral)))


def _history(parts: list[str]) -> str | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else f"<html:div>{''.join(parts)}</html:div>"


def map_notes(out: MappedRecord, c: Component, copies: list, local: Local, lang: str | None,
              headings: dict[str, str]) -> None:
    """A unit's notes on the unit (``out.subject``), its first instantiation and its other copies (``copies``,
    the first instantiation first); the references of an ``originalsloc`` as records genetically linked."""
    inst = copies[0]
    s = out.subject
    pieces: dict[str, list[str]] = {}
    for note in c.notes:
        if note.element in GENERAL_NEEDS_CONTENT and not note.html.strip():
            continue
        if note.element in ("otherfindaid", "relatedmaterial", "separatedmaterial", "originalsloc"):
            for key, cid in note.links:
                out.add(s, RICO.isRecordResourceAssociatedWithRecordResource, local.record_resource(key, cid))
                if note.element == "otherfindaid":
                    out.add(s, RICO.isOrWasSubjectOf, local.finding_aid(key))
        if note.element == "originalsloc" and note.refs:
            for n, (title, href) in enumerate(note.refs, start=1):  # the converter follows its references only
                other = sub(s, "original", str(n))
                out.add(s, RICO.hasGeneticLinkToRecordResource, other)
                out.add(other, RDF.type, RICO.RecordResource)
                out.add(other, RICO.title, lit(title, lang))
                if href:
                    out.add(other, RICO.generalDescription, lit(f"{headings.get('link', 'Link')} : {href}", lang))
            continue
        fragment = markup(note, lang, headings)
        if fragment is None:
            continue
        pieces.setdefault(note.element, []).append(fragment)
        if note.element in ON_RESOURCE:
            out.add(s, ON_RESOURCE[note.element], xml_literal(fragment))
        for copy in copies if note.element in ON_EVERY_COPY else [inst] if note.element in ON_INSTANTIATION else []:
            out.add(copy, ON_INSTANTIATION[note.element], xml_literal(fragment))
    for text in c.origination_text:
        pieces.setdefault("origination", []).append(
            f"<html:div{lang_attr(lang)}><html:h4>{escape(headings.get('origination', ''))}</html:h4>"
            f"<html:p>{escape(text)}</html:p></html:div>")
    for subject, order in ((s, RESOURCE_HISTORY), (inst, INSTANTIATION_HISTORY)):
        history = _history([f for e in order for f in pieces.get(e, [])])
        if history:
            out.add(subject, RICO.history, xml_literal(history))
