"""An EAD note's content as XHTML, the way the RiC-O Converter writes it (its ``mode="html"`` templates):
``p`` → ``p``, ``list``/``item`` → ``ul``/``li``, ``lb`` → ``br``, ``emph`` by ``@render`` → ``b``, ``i``,
``u``, ``sup``, ``sub``, ``head`` → ``h5``, a nested ``scopecontent`` → ``div``, ``title`` → ``cite``, links to
other finding aids and to the web → ``a``; any other element gives its content. The result is an XML fragment
in the XHTML namespace with the ``html:`` prefix (declared by whoever wraps it).

>>> from lxml import etree
>>> e = etree.fromstring('<scopecontent><p>a <emph render="bold">b</emph></p><list><item>c</item></list></scopecontent>')
>>> render(e)
'<html:p>a <html:b>b</html:b></html:p><html:ul><html:li>c</html:li></html:ul>'
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

EMPH = {"super": "sup", "sub": "sub", "italic": "i", "bold": "b", "underline": "u"}
WRAP = {"list": "ul", "item": "li", "bibref": "p", "title": "cite", "bibseries": "cite", "date": "time",
        "scopecontent": "div"}
SPAN = {"persname": "persname_auteur", "imprint": "imprint"}
WEB_ROLES = {"web", "WEB", "ANX", "anx"}


@dataclass(frozen=True)
class Links:
    """Where links written relatively point: another finding aid (``archref``, ``extref`` in a reference to a
    finding aid: ``{finding_aids}{href}``, or ``{units}{eadid}/{cid}`` for ``eadid#cid``), and any other relative
    link (``{relative}{href}``). Empty bases keep hrefs as written."""

    finding_aids: str = ""
    units: str = ""
    relative: str = ""


def local(e) -> str:
    return e.tag.rsplit("}", 1)[-1] if isinstance(e.tag, str) else ""


def _text(t: str | None, first: bool, last: bool) -> str:
    if not t:
        return ""
    norm = " ".join(t.split())
    if not norm:
        return " " if not first and not last and t else ""
    return (" " if t[0].isspace() and not first else "") + escape(norm) + (" " if t[-1].isspace() and not last else "")


def render(e: etree._Element, links: Links = Links()) -> str:
    """The content of ``e`` (its text and children) as XHTML."""
    nodes: list = []
    if e.text:
        nodes.append(e.text)
    for c in e:
        if isinstance(c.tag, str):
            nodes.append(c)
        if c.tail:
            nodes.append(c.tail)
    out = []
    for i, n in enumerate(nodes):
        if isinstance(n, str):
            out.append(_text(n, i == 0, i == len(nodes) - 1))
        else:
            out.append(_element(n, links))
    return "".join(out)


def refs_only(p: etree._Element) -> bool:
    """A paragraph holding references and nothing else (the converter makes each its own paragraph)."""
    kids = [local(c) for c in p if isinstance(c.tag, str)]
    texts = [p.text, *(c.tail for c in p)]
    return "ref" in kids and all(k == "ref" for k in kids) and not any(t and t.strip() for t in texts)


def _tag(name: str, inner: str, **attrs: str) -> str:
    a = "".join(f" {k.rstrip('_')}={quoteattr(v)}" for k, v in attrs.items())
    return f"<html:{name}{a}/>" if not inner and name == "br" else f"<html:{name}{a}>{inner}</html:{name}>"


def _ancestor_ref_role(e: etree._Element) -> set[str]:
    roles = set()
    for a in e.iterancestors():
        if local(a) == "ref" and a.get("role"):
            roles.add(a.get("role"))
    return roles


def _href(e: etree._Element) -> str | None:
    return e.get("href") or e.get("{http://www.w3.org/1999/xlink}href")


def _element(e: etree._Element, links: Links) -> str:
    name = local(e)
    if name == "p":
        if not "".join(e.itertext()).strip():
            return render(e, links)
        if refs_only(e):
            return render(e, links)
        if any(local(c) == "list" for c in e):
            parts = [] if not (e.text and e.text.strip()) else [_tag("p", _text(e.text, True, True))]
            for c in e:
                if isinstance(c.tag, str):
                    parts.append(_element(c, links))
                if c.tail and c.tail.strip():
                    parts.append(_tag("p", _text(c.tail, True, True)))
            return "".join(parts)
        return _tag("p", render(e, links))
    if name == "emph" and e.get("render") in EMPH:
        return _tag(EMPH[e.get("render")], render(e, links))
    if name in WRAP:
        return _tag(WRAP[name], render(e, links))
    if name in SPAN:
        return _tag("span", render(e, links), class_=SPAN[name])
    if name == "lb":
        return "<html:br/>"
    if name == "head":
        return _tag("h5", escape(" ".join("".join(e.itertext()).split())))
    if name == "ref":
        href = _href(e) or ""
        if e.get("role") == "WEB" and href.startswith("https://www.siv.archives-nationales.culture.gouv.fr/siv/IR/"):
            return _tag("p", _tag("a", render(e, links), href=href))
        parent = e.getparent()
        if parent is not None and local(parent) == "p" and refs_only(parent):
            return _tag("p", render(e, links))
        return render(e, links)
    roles = _ancestor_ref_role(e)
    href = _href(e)
    if href and (name == "archref" or (name == "extref" and "IR" in roles)):
        eadid, _, cid = href.partition("#")
        url = (f"{links.units}{eadid}/{cid}" if cid else f"{links.finding_aids}{href}") if links.finding_aids \
            else href
        return render(e, links) if " " in url else _tag("a", render(e, links), href=url)
    if href and name == "extref" and roles & WEB_ROLES:
        url = href if href.startswith("http") else f"{links.relative}{href}"
        url = url[:-1] if url.endswith(".") else url
        return render(e, links) if " " in url else _tag("a", render(e, links), href=url)
    return render(e, links)
