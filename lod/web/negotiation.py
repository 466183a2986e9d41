"""Content negotiation, written once: media type by Accept (q-values, wildcards, via werkzeug's parser)
and profile by Accept-Profile or ``?_profile=`` (W3C Content Negotiation by Profile).

>>> from werkzeug.datastructures import MIMEAccept
>>> from werkzeug.http import parse_accept_header
>>> choose_format(parse_accept_header("application/ld+json, text/turtle;q=0.9, */*;q=0.1", MIMEAccept),
...               FORMATS[:5]).name
'jsonld'
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept

from lod.formats import ALIASES, FORMATS, Format
from lod.vocab import Local


class NotAcceptable(Exception):
    """Nothing we offer satisfies the client's Accept header."""

    def __init__(self, offered: Sequence[Format]) -> None:
        self.offered = list(offered)
        super().__init__("none of the available types is acceptable: "
                         + ", ".join(f.media_type for f in self.offered))


def choose_format(accept: MIMEAccept, offered: Sequence[Format]) -> Format:
    """The offered format the client rates best; ties go to our order. Raises NotAcceptable."""
    if not accept:  # no Accept header: anything goes
        return offered[0]
    candidates: list[tuple[str, Format]] = [(f.media_type, f) for f in offered]
    candidates += [(alias, f) for alias, f in ALIASES if f in offered]
    best = accept.best_match([m for m, _ in candidates])
    if best is None or accept.quality(best) <= 0:
        raise NotAcceptable(offered)
    return next(f for m, f in candidates if m == best)


@dataclass(frozen=True)
class Profile:
    token: str
    uri: str
    label: str


SUMMARY = "summary"  # an entity's summary (lod.web.summary_rdf)


def profiles(base: str) -> tuple[Profile, ...]:
    """The profiles we serve: full RiC-O (default), schema.org + Dublin Core only, and an entity's summary."""
    local = Local(base)
    return (Profile("rico", local.profile("rico"), "RiC-O 1.1 with the Dublin Core / schema.org alignment layer"),
            Profile("schema", local.profile("schema"), "schema.org and Dublin Core only, for generic clients"),
            Profile(SUMMARY, local.profile(SUMMARY), "The entity's summary made at ingest: its records by year and "
                                                     "the first of each of its lists, with their counts"))


_ITEM = re.compile(r"\s*(?:<(?P<uri>[^>]*)>|(?P<token>[A-Za-z0-9_.-]+))\s*(?P<params>(?:;[^,]*)?)")


def choose_profile(header: str | None, param: str | None, available: Sequence[Profile]) -> Profile | None:
    """The profile asked for by ``?_profile=`` (token or URI), else by Accept-Profile (with q-values);
    the default (first) when none is asked for; None when only unavailable ones are."""
    if param:
        return next((p for p in available if param in (p.token, p.uri)), None)
    if not header or not header.strip():
        return available[0]
    ranked: list[tuple[float, int, Profile]] = []
    for i, part in enumerate(header.split(",")):
        m = _ITEM.match(part)
        if not m:
            continue
        q = 1.0
        qm = re.search(r";\s*q\s*=\s*([0-9.]+)", m.group("params") or "")
        if qm:
            try:
                q = float(qm.group(1))
            except ValueError:
                q = 0.0
        wanted = m.group("uri") or m.group("token")
        for p in available:
            if wanted in (p.uri, p.token) and q > 0:
                ranked.append((-q, i, p))
    return min(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None


__all__ = ["FORMATS", "NotAcceptable", "Profile", "SUMMARY", "choose_format", "choose_profile", "profiles"]
