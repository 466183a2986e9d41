"""Literals of an authority record's mapping: typed dates, languages and XHTML rich text (``rdf:XMLLiteral``
written as the RiC-O Converter writes it: ``html:`` prefixed elements in a ``div`` or one ``p`` per note).

>>> str(date_literal("1947-01-01").datatype), str(date_literal("1947").datatype)
('http://www.w3.org/2001/XMLSchema#date', 'http://www.w3.org/2001/XMLSchema#gYear')
>>> from lod.model.authority_record import Html
>>> str(note_literal([Html("p", ["a & b"])], "fr"))
'<html:p xmlns:html="http://www.w3.org/1999/xhtml" xml:lang="fr">a &amp; b</html:p>'
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from rdflib import Literal

from lod.mapping.ead import language_tag
from lod.model.authority_record import Html, Text
from lod.vocab import RDF, XSD

XHTML = "http://www.w3.org/1999/xhtml"
def lang_tag(code: str) -> str | None:
    """A BCP 47 tag for an EAC language code (the EAD mapping's :func:`~lod.mapping.ead.language_tag`):
    ``lang_tag("fre")`` → ``'fr'``; ``None`` when empty or unknown."""
    return language_tag([code]) if (code or "").strip() else None


def date_literal(standard: str | None) -> Literal | None:
    """A typed date: ``xsd:date`` for YYYY-MM-DD, ``xsd:gYearMonth``, ``xsd:gYear``; None for anything else."""
    s = (standard or "").strip()
    if re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", s):
        return Literal(s, datatype=XSD.date)
    if re.fullmatch(r"-?\d{4}-\d{2}", s):
        return Literal(s, datatype=XSD.gYearMonth)
    if re.fullmatch(r"-?\d{4}", s):
        return Literal(s, datatype=XSD.gYear)
    return None


def compact(standard: str | None) -> str:
    """A date as the converter writes it in a relation's key: ``compact("1947-01-01")`` → ``'19470101'``;
    ``'*'`` when there is none."""
    return (standard or "").replace("-", "") or "*"


def _xml(node: str | Html) -> str:
    if isinstance(node, str):
        return escape(node)
    inner = "".join(_xml(c) for c in node.children)
    return f"<html:{node.tag}>{inner}</html:{node.tag}>"


def _decl(lang: str | None) -> str:
    return f' xmlns:html="{XHTML}"' + (f' xml:lang="{lang}"' if lang else "")


def note_literal(text: Text, lang: str | None) -> Literal | None:
    """A descriptiveNote: each block its own top-level XHTML element (the converter's ``rico:note``)."""
    if not text:
        return None
    out = []
    for block in text:
        x = _xml(block)
        out.append(x.replace(f"<html:{block.tag}>", f"<html:{block.tag}{_decl(lang)}>", 1))
    return Literal(" ".join(out), datatype=RDF.XMLLiteral)


def div_literal(text: Text, lang: str | None, heading: str | None = None) -> Literal | None:
    """Rich text as one ``html:div`` (biogHist, structureOrGenealogy, generalContext), with an optional
    ``h4`` heading written as the converter does (unprefixed)."""
    if not text:
        return None
    head = f"<h4>{escape(heading)}</h4> " if heading else ""
    body = " ".join(_xml(b) for b in text)
    return Literal(f"<html:div{_decl(lang)}>{head}{body}</html:div>", datatype=RDF.XMLLiteral)
