"""``From:`` / ``To:`` lines near the top of a document's text: the sender and addressee values a
letterhead or telegram heading gives, as written.

>>> letterhead_parties(chr(10).join(["FROM: PYONGYANG", "TO: Comrade V. M. MOLOTOV", "", "Text"]))
(['PYONGYANG'], ['Comrade V. M. MOLOTOV'])
"""
from __future__ import annotations

import re

from lod.sources.title_parties import ORG_WORD, ROLE_WORDS, strip_roles

_FROM_TO = re.compile(r"^\s*(?:(?:telegram|cable|message|letter|memo|ciphergram)\s+)?(?P<kw>from|to)(?P<colon>\s*:)?\s+"
                      r"(?P<v>(?:the\s+|\[+)?[A-Z].*?)\s*[.:]?\s*$", re.I)


_TO_LABEL, _FROM_LABEL = re.compile(r"\bto\s*:", re.I), re.compile(r"\bfrom\s*:", re.I)


def _both_roles(line: str) -> bool:
    """A short line holding both a ``To:`` and a ``From:`` label."""
    return len(line) <= 180 and bool(_TO_LABEL.search(line)) and bool(_FROM_LABEL.search(line))


_TWO_ROLES = re.compile(r"(?<=\S)\s+(?=(?:From|To|FROM|TO)\s*:)")
_HONORIFIC = re.compile(r"\b(?:Comrade|COMRADE|Comr\.|Cde\.|Com\.|C\.\[omrade\]|Mr\.|Mrs\.|Ms\.|Dr\.)\s+(?=\S)")
_SPACED = re.compile(r"\b(?:[A-Z] ){2,}[A-Z]\b")


def _title_only(value: str) -> bool:
    """An office without its holder's name: ``"the President of Ukraine"``, ``"President of SFRY"``."""
    v = re.sub(r"^the\s+", "", value, flags=re.I)
    return strip_roles(v) == "" or bool(_OFFICE_OF_ACRONYM.match(v))


_OFFICE_OF_ACRONYM = re.compile(rf"^(?:(?:{ROLE_WORDS})\s+)+(?:of|to)\s+(?:the\s+)?[A-Z]{{2,}}$")


def _letter_spaced(value: str) -> str:
    """Letter-spaced capitals joined: ``"M A G A D A N"`` → ``"MAGADAN"``."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), value)


def letterhead_parties(body: str | None, max_lines: int = 20) -> tuple[list[str], list[str]]:
    """Sender and addressee values of ``From:`` / ``To:`` lines near the top of a body (as written).

    ``"FROM: PYONGYANG"`` is returned too: the caller decides whether a value is a place or an agent.
    """
    senders: list[str] = []
    addressees: list[str] = []
    if not body:
        return senders, addressees
    lines = [ln for ln in body.splitlines() if ln.strip()][:max_lines]
    lines = [part for ln in lines for part in (_TWO_ROLES.split(ln) if _both_roles(ln) else [ln])
             if part.strip()]  # "To: A  From: B" is two roles, not one party
    for n, line in enumerate(lines):
        if len(line) > 90:
            continue
        m = _FROM_TO.match(line)
        if not m or m.group("kw").islower() or (not m.group("colon") and not line.lstrip()[:1].isupper()):
            continue
        if not m.group("colon") and not line.lstrip().lower().startswith(m.group("kw").lower()):
            continue
        value = re.sub(r"(?<=[A-Za-z])\d+$", "", m.group("v")).strip(" ,")  # footnote marker "JELEN1"
        value = re.sub(r",\s*EYES ONLY$", "", value, flags=re.I)
        value = _letter_spaced(value)
        h = _HONORIFIC.search(value)
        office = value[:h.start()] if h else ""
        if h and office and not re.search(r"\band\b|,", office) and not ORG_WORD.search(office):
            value = value[h.start():]  # "PEOPLE'S COMMISSAR of INTERNAL AFFAIRS Comrade BERIA": the person
        elif _title_only(value):
            nxt = lines[n + 1].strip() if n + 1 < len(lines) else ""
            if not (_HONORIFIC.match(nxt) and len(nxt.split()) <= 6):
                continue  # "To the President of Ukraine": an office alone names no one
            value = nxt  # "To President of X" / "Comrade Y": the person on the next line
        if not value or len(value.split()) > 10 or re.search(r"\d", value) or "illegible" in value.lower():
            continue
        target = senders if m.group("kw").lower() == "from" else addressees
        target.extend(p.strip() for p in re.split(r"\s+and\s+(?=(?:Comrade|Cde\.?|the\s)?\s*\[?[A-Z])", value) if p.strip())
    return senders, addressees
