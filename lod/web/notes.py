"""XHTML note literals (``rdf:XMLLiteral`` / ``rdf:HTML``, as :mod:`lod.mapping.ead_notes` writes them) as
markup for a page, sanitised: the files they come from are untrusted, so only structural tags survive
(paragraphs, lists, headings, emphasis, tables, links with http(s)/mailto targets); scripts, styles, event
attributes and ``javascript:`` URLs are dropped by `nh3 <https://nh3.readthedocs.io>`_ (ammonia).

>>> str(note_html('<html:p xmlns:html="http://www.w3.org/1999/xhtml">a <html:emph>b</html:emph></html:p>'))
'<p>a <emph>b</emph></p>'
>>> str(note_html('<html:p xmlns:html="http://www.w3.org/1999/xhtml" onclick="x()">a<html:script>bad()</html:script></html:p>'))
'<p>a</p>'
"""
from __future__ import annotations

import re
from html import unescape

import nh3
from markupsafe import Markup, escape
from rdflib import Literal
from rdflib.term import Node

from lod.vocab import RDF

#: the structural tags a note may keep (EAD's own ``emph`` is rendered by the stylesheet)
TAGS = {"p", "div", "span", "br", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "em", "strong",
        "i", "b", "u", "sub", "sup", "emph", "blockquote", "q", "cite", "abbr", "table", "thead", "tbody", "tr",
        "th", "td", "caption", "a", "pre", "code"}
ATTRIBUTES = {"*": {"lang", "title"}, "a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}
MARKUP_TYPES = (RDF.XMLLiteral, RDF.HTML)
_PREFIXED = re.compile(r"<(/?)[A-Za-z][\w.-]*:")  # <html:p …>, </html:p>
_DECLARATION = re.compile(r"""\s+xmlns(?::[\w.-]+)?\s*=\s*("[^"]*"|'[^']*')""")
_XML_LANG = re.compile(r"""\sxml:lang\s*=""")


def is_markup(value: Node) -> bool:
    """Whether an RDF value is an XHTML/HTML literal (else plain text)."""
    return isinstance(value, Literal) and value.datatype in MARKUP_TYPES


def note_html(text: str) -> Markup:
    """An XHTML fragment's sanitised HTML: element prefixes and namespace declarations dropped, ``xml:lang``
    as ``lang``, then only :data:`TAGS` with :data:`ATTRIBUTES` kept (what is inside a dropped ``script`` or
    ``style`` goes too)."""
    html = _XML_LANG.sub(" lang=", _DECLARATION.sub("", _PREFIXED.sub(r"<\1", text)))
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            clean_content_tags={"script", "style"}, link_rel="nofollow noopener"))


def rendered(value: Node) -> Markup:
    """A note value for a page: markup sanitised, any other literal escaped.

    >>> str(rendered(Literal("a < b")))
    'a &lt; b'
    """
    return note_html(str(value)) if is_markup(value) else Markup(escape(str(value)))


def plain(value: Node) -> str:
    """A note's text without its markup (for a list or a citation), spaces collapsed.

    >>> plain(Literal('<html:p xmlns:html="http://www.w3.org/1999/xhtml">a  <html:b>b</html:b></html:p>', datatype=RDF.XMLLiteral))
    'a b'
    """
    text = unescape(nh3.clean(str(value), tags=set(), clean_content_tags={"script", "style"})) if is_markup(value) else str(value)
    return " ".join(text.split())
