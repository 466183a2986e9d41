"""Which archival standard an XML file is written in, told by its root element and namespace (never by its
name, and never by its DOCTYPE, which is not loaded): EAD 2002 (with or without its namespace), EAD3 or
EAC-CPF 2010.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.xml"
>>> _ = p.write_text('<?xml version="1.0"?><ead xmlns="http://ead3.archivists.org/schema/"><control/></ead>')
>>> xml_kind(p)
'ead3'
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

EAD2002_NS = "urn:isbn:1-931666-22-9"
EAD3_NS = "http://ead3.archivists.org/schema/"
EAC_NS = "urn:isbn:1-931666-33-4"
KINDS = {("ead", ""): "ead", ("ead", EAD2002_NS): "ead", ("ead", EAD3_NS): "ead3",
         ("eac-cpf", EAC_NS): "eac-cpf", ("eac-cpf", ""): "eac-cpf"}

# no DTD loaded, no entity replaced, nothing fetched: the files declare DOCTYPEs with remote URLs
SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False)


def root_name(path: Path) -> tuple[str, str]:
    """(local name, namespace) of the file's root element; ``etree.XMLSyntaxError`` if there is none."""
    for _, el in etree.iterparse(str(path), events=("start",), **SAFE):
        q = etree.QName(el)
        return q.localname, q.namespace or ""
    raise etree.XMLSyntaxError("no root element", None, 1, 0)


def xml_kind(path: Path) -> str | None:
    """``"ead"`` (EAD 2002), ``"ead3"``, ``"eac-cpf"``, or None for any other XML (or none)."""
    try:
        return KINDS.get(root_name(path))
    except (etree.XMLSyntaxError, OSError):
        return None
