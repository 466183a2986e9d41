"""Field rules shared by every source format: documentary forms, security markings and funders. Dates are
read by :mod:`lod.sources.dates`, the parties a title names by :mod:`lod.sources.title_parties`, ``From:`` /
``To:`` lines by :mod:`lod.sources.letterhead`.

These are general rules about how archival document pages are written, not lists of one corpus's answers.

>>> document_type("Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky")
'ciphered-telegram'
>>> marking("TOP SECRET!")
Marking(text='TOP SECRET!', key='top-secret')
"""
from __future__ import annotations

import re

from lod.model import Marking
from lod.names.markings import marking_key, marking_patterns

# Documentary forms: (key, pattern). Earliest match in the title wins; a `Type` field wins over the title.
FORMS: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p, re.I)) for k, p in [
    ("ciphered-telegram", r"\bcipher(?:ed)?\s+telegram\b|\bciphergram\b|\bcipher\s+cable\b|\bszyfrogram"
                          r"|\bcryptogram\b"),
    ("telegram", r"\btelegram\b|\bcable\b|\btelex\b"),
    ("record-of-conversation", r"\brecord\s+of\s+(?:a\s+|the\s+)?conversation\b|\bconversation\b|\bdiscussion\b"
                               r"|\btalks?\b|\bmeeting\s+with\b|\bmemorandum\s+of\s+conversation\b"),
    ("minutes", r"\bminutes\b|\btranscript\b|\bstenographic\b"),
    ("memorandum", r"\bmemorandum\b|\bmemo\b|\baide[- ]m[ée]moire\b"),
    ("letter", r"\bletter\b|\bmessage\b"),
    ("journal", r"\bjournal\b|\bdiary\b"),
    ("report", r"\breport\b|\bbriefing\b|\bassessment\b"),
    ("note", r"\bnote\b|\bnotes\b"),
    ("resolution", r"\bresolution\b|\bdecree\b|\bdecision\b|\bdirective\b"),
    ("speech", r"\bspeech\b|\baddress\s+(?:by|to|at)\b|\bremarks\b"),
    ("statement", r"\bstatement\b|\bcommuniqu[ée]\b|\bdeclaration\b"),
    ("press-release", r"\bpress\s+release\b"),
    ("petition", r"\bpetition\b"),
    ("instruction", r"\binstructions?\b"),
    ("agreement", r"\bagreement\b|\btreaty\b|\bprotocol\b"),
]]
_TYPE_FIELD = {"meeting minutes": "minutes", "memorandum of conversation": "record-of-conversation"}


def document_type(title: str | None, type_field: str | None = None) -> str | None:
    """The documentary-form key of a record, from its `Type` field first, then its title."""
    if type_field and type_field.strip():
        key = _TYPE_FIELD.get(type_field.strip().lower())
        return key or document_type(type_field)
    if not title:
        return None
    # "Memorandum of Conversation" and "Record of a Conversation" must beat "memorandum" / "record".
    found = [(m.start(), i, key) for i, (key, pat) in enumerate(FORMS) if (m := pat.search(title))]
    if not found:
        return None
    head = [f for f in found if f[0] == min(found)[0]]
    return min(head, key=lambda f: f[1])[2]
CORRESPONDENCE = {"telegram", "ciphered-telegram", "letter"}  # "Telegram from X": X sent it


def marking(text: str) -> Marking:
    """A marking as written, with its concept key: ``marking("TOP SECRET!")`` → ``Marking("TOP SECRET!", "top-secret")``."""
    return Marking(text, marking_key(text))


def security_markings(body: str | None, max_lines: int = 25) -> list[str]:
    """Security markings stamped in a document's heading lines, as written (deduplicated by concept)."""
    found: dict[str, str] = {}
    if not body:
        return []
    for line in [ln.strip() for ln in body.splitlines() if ln.strip()][:max_lines]:
        if len(line) > 200:
            break  # the running text has begun
        for key, pat in marking_patterns():
            m = pat.search(line)
            if not m:
                continue
            word = m.group(0)
            # a stamp is either written in capitals or stands alone on a short line
            if word.isupper() or len(line.split()) <= 4:
                found.setdefault(key, word.rstrip(".!") if word.isupper() else line.rstrip(".!"))
            break
    return list(found.values())


_SUPPORT = re.compile(r"made possible with (?:the )?(?:generous )?support (?:from|of)\s+(?:the\s+)?(?P<who>.+?)\.?$", re.I)


def credit_funders(credits: str | None) -> list[str]:
    """Funders named in a ``This document was made possible with support from …`` line."""
    if not credits:
        return []
    m = _SUPPORT.search(credits.strip())
    if not m:
        return []
    parts = re.split(r",\s+(?:and\s+)?(?=(?:the\s+)?[A-Z])|\s+and\s+(?=the\s+[A-Z])", m.group("who"))
    return [re.sub(r"^the\s+", "", p.strip(" ."), flags=re.I) for p in parts if p.strip(" .")]
