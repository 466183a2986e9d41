"""Record text with the people, places and bodies it names linked where they occur.

The spans come from the store (:func:`lod.web.queries.records.occurrences_in`: offsets in code points into the published
title, summary or body). A span is used only where the text agrees with it: it lies inside the text and
the characters there are one of the forms the record uses for that entity (or one of its labels), compared
case- and space-insensitively. A span that does not match is skipped, never highlighted somewhere else.
Of overlapping spans the longest is kept. Everything from the record is escaped.

>>> from lod.web.viewmodel import Link, Occurrence
>>> kim = Link("Kim Il Sung", "/doc/person/kim", kind="person")
>>> str(line("Dear <b>KIM IL SUNG</b>", [Occurrence("title", 8, 19, kim, frozenset({"kim il sung"}))]))
'Dear &lt;b&gt;<a class="mention person" href="/doc/person/kim" title="Kim Il Sung">KIM IL SUNG</a>&lt;/b&gt;'
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from lod.web.formatting import fold
from lod.web.viewmodel import Occurrence

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def matches(text: str, occ: Occurrence) -> bool:
    """Whether ``occ`` lies inside ``text`` and names its entity there (the characters at the span are one
    of its forms)."""
    if not (0 <= occ.start < occ.end <= len(text)) or not occ.link.url:
        return False
    return fold(text[occ.start:occ.end]) in occ.forms


def choose(text: str, spans: Iterable[Occurrence]) -> list[Occurrence]:
    """The spans to highlight in ``text``, in text order: those that match it; of overlapping ones the
    longest (then the earliest, then the entity's IRI, so the choice is stable)."""
    taken = bytearray(len(text))
    chosen: list[Occurrence] = []
    for occ in sorted((o for o in spans if matches(text, o)), key=lambda o: (o.start - o.end, o.start, o.link.iri)):
        if not any(taken[occ.start:occ.end]):
            taken[occ.start:occ.end] = b"\x01" * (occ.end - occ.start)
            chosen.append(occ)
    return sorted(chosen, key=lambda o: o.start)


def _render(text: str, begin: int, end: int, chosen: list[Occurrence]) -> Markup:
    """``text[begin:end]`` escaped, the chosen spans inside it as links, line breaks as ``<br>``."""
    out, pos = [], begin
    for occ in chosen:
        if occ.start < begin or occ.end > end:
            continue  # crosses a paragraph break: shown as plain text
        out.append(escape(text[pos:occ.start]))
        out.append(Markup('<a class="mention {}" href="{}" title="{}">{}</a>').format(
            occ.link.kind, occ.link.url, occ.link.label, text[occ.start:occ.end]))
        pos = occ.end
    out.append(escape(text[pos:end]))
    return Markup(str(Markup("").join(out)).replace("\n", "<br>\n"))


def line(text: str, spans: Iterable[Occurrence]) -> Markup:
    """One field (a title) escaped, with its matching spans linked."""
    return _render(text, 0, len(text), choose(text, spans))


def paragraphs(text: str, spans: Iterable[Occurrence]) -> list[Markup]:
    """A field split into paragraphs at blank lines, each escaped with its matching spans linked (offsets stay
    those of the whole field)."""
    chosen = choose(text, spans)
    out, begin = [], 0
    for brk in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        a, b = begin, end
        while a < b and text[a] == "\n":
            a += 1
        while b > a and text[b - 1] == "\n":
            b -= 1
        if text[a:b].strip():
            out.append(_render(text, a, b, chosen))
        begin = brk.end() if brk else len(text)
    return out


def by_field(spans: Iterable[Occurrence]) -> dict[str, list[Occurrence]]:
    """Spans grouped by the field they are in (``title``, ``summary``, ``body``)."""
    out: dict[str, list[Occurrence]] = {}
    for occ in spans:
        out.setdefault(occ.field, []).append(occ)
    return out
