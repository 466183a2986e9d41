"""Field rules shared by every source format: dates, documentary forms, parties named in a title,
``From:``/``To:`` lines, security markings and funders.

These are general rules about how archival document pages are written, not lists of one corpus's answers.

>>> parse_date("April 10, 1950")
PartialDate(iso='1950-04-10', expressed='April 10, 1950')
>>> document_type("Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky")
'ciphered-telegram'
>>> title_parties("Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky").senders
['Aleksei Ignatieff']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lod.model import PartialDate

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{2})(?:-(?P<day>\d{2}))?$"),
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(rf"^{_MONTH},?\s+(?P<year>\d{{4}})$", re.I),
    re.compile(r"^(?:c\.\s*|circa\s+)?(?P<year>\d{4})$", re.I),
]


def parse_date(text: str | None) -> PartialDate | None:
    """A whole-line date as written on archive pages, or None if the text is not (only) a date."""
    if not text:
        return None
    s = " ".join(text.split()).strip(" .")
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groupdict()
        year = int(g["year"])
        month = int(g["mnum"]) if g.get("mnum") else MONTHS.get((g.get("month") or "").lower().rstrip("."))
        day = int(g["day"]) if g.get("day") else None
        if not 1000 <= year <= 2999 or (month is not None and not 1 <= month <= 12):
            return None
        if day is not None and month is not None:
            import calendar
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return None
            return PartialDate(f"{year:04d}-{month:02d}-{day:02d}", text.strip())
        if month is not None:
            return PartialDate(f"{year:04d}-{month:02d}", text.strip())
        return PartialDate(f"{year:04d}", text.strip())
    return None


_DATE_IN_TEXT = re.compile(rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
                           rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})\b".replace("?P<month>", ""), re.I)


def find_dates(text: str | None) -> list[PartialDate]:
    """Full dates (day, month, year) written anywhere in ``text``, in order.

    >>> [d.iso for d in find_dates("Meeting of 4 December 1989, and again on May 5, 1990")]
    ['1989-12-04', '1990-05-05']
    """
    found = [parse_date(m.group(0)) for m in _DATE_IN_TEXT.finditer(text or "")]
    return [d for d in found if d is not None]

# Documentary forms: (key, pattern). Earliest match in the title wins; a `Type` field wins over the title.
FORMS: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p, re.I)) for k, p in [
    ("ciphered-telegram", r"\bcipher(?:ed)?\s+telegram\b|\bciphergram\b|\bcipher\s+cable\b|\bszyfrogram"),
    ("telegram", r"\btelegram\b|\bcable\b|\btelex\b"),
    ("record-of-conversation", r"\brecord\s+of\s+(?:a\s+|the\s+)?conversation\b|\bconversation\b|\bdiscussion\b"
                               r"|\btalks?\b|\bmeeting\s+with\b|\bmemorandum\s+of\s+conversation\b"),
    ("minutes", r"\bminutes\b|\btranscript\b|\bstenographic\b"),
    ("memorandum", r"\bmemorandum\b|\bmemo\b|\baide[- ]m[ée]moire\b"),
    ("letter", r"\bletter\b"),
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


_ROLE_WORDS = (r"Soviet|Chinese|Korean|Hungarian|Polish|Romanian|Czechoslovak|German|Japanese|Irish|Indian|"
               r"American|British|French|Cuban|Vietnamese|DPRK|PRC|USSR|North|South|Deputy|Vice|Acting|First|"
               r"Second|Third|Chief|Head|Representative|Ambassador|Consul|General|Minister|Foreign|Prime|PM|"
               r"President|Premier|Chairman|Secretary|Chancellor|Counsell?or|Advis[eo]r|Attach[ée]|Envoy|"
               r"Charg[ée]|d['’]Affaires|Leader|Comrade|Cde\.?|Marshal|Commander|Director|Official|of|the|to|"
               r"Affairs|External|State|Party|Committee|Central|Political|Bureau|Board|Department|Defen[cs]e|"
               r"National|Mr\.?|Mrs\.?|Dr\.?|Gen\.?|in")
_LEADING_ROLE = re.compile(rf"^(?:(?:{_ROLE_WORDS})\s+)+(?=[A-Z])")
_ORG_WORDS = re.compile(r"\b(?:Embassy|Ministry|Committee|Party|Government|Cabinet|Council|Department|Bureau|"
                        r"Office|Agency|Association|Foundation|Union|Assembly|Army|Command|Secretariat|"
                        r"Presidium|Politburo|Delegation|Mission|Consulate|Legation|Headquarters|Staff|"
                        r"Institute|Academy|Archives?|Nations|Organi[sz]ation)\b")
_IN_PLACE = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]*$")  # "… in Pyongyang"
_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_QUOTED_TAIL = re.compile(r",?\s*['‘\"“][^'‘’\"“”]+['’\"”]\s*$")
_DATE_TAIL = re.compile(r",?\s+(?:on\s+)?(?:\w+day,\s+)?\d{1,2}\s+[A-Z][a-z]+\s+\d{4}.*$|,?\s+(?:on|in|at)\s+\d.*$"
                        r"|,\s+[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}.*$|\s+for\s+\d.*$|\s+for\s+the\s+period.*$")
_POSSESSIVE_BRACKET = re.compile(r"\[([^\]]+?)['’]s\]")


@dataclass
class Parties:
    """Who a title or a letterhead names in which role (names as written, role words stripped)."""

    senders: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)


def agent_phrase(phrase: str) -> list[str]:
    """The agent names in a title phrase: ``"Soviet Representative Aleksei Ignatieff in Pyongyang"`` →
    ``["Aleksei Ignatieff"]``; ``"Polish Embassy in Havana (Jeleń)"`` → ``["Polish Embassy in Havana", "Jeleń"]``."""
    s = phrase.strip(" ,.;:")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.I)
    names: list[str] = []
    m = _PAREN.search(s)
    extra: str | None = None
    if m:
        extra, s = m.group(1).strip(), s[: m.start()].strip()
        if extra.lower() in _NOT_NAMES:
            extra = None
    if not s:
        return []
    if _ORG_WORDS.search(s):
        names.append(s)
        if extra and _looks_like_name(extra):
            names.append(extra)  # "Embassy in Havana (Jeleń)": the signatory
        return names
    s = _strip_roles(_IN_PLACE.sub("", s))
    if is_group(s):
        names.append(s)
        return names
    if _looks_like_name(s):
        names.append(f"{s} [{extra}]" if extra and _looks_like_name(extra) and not _is_place_word(extra) else s)
    return names


_ROLE_SET = {w.lower().rstrip(".?") for w in re.findall(r"[A-Za-z'’.]+", _ROLE_WORDS.replace("\\", ""))} | {
    "russian", "portuguese", "kazakh", "british", "italian", "spanish", "taiwan's", "kazakhstan's", "defense",
    "defence", "for", "foreign", "affairs", "external", "consul-general", "premier", "vice-minister"}


def _strip_roles(s: str) -> str:
    """The name at the end of a phrase with role words: ``"Portuguese Prime Minister Guterres"`` → ``"Guterres"``."""
    tokens = s.split()
    if not any(t.lower().rstrip(".,") in _ROLE_SET for t in tokens[:-1]):
        return s
    name: list[str] = []
    for t in reversed(tokens):
        low = t.lower().rstrip(",")
        if low in _ROLE_SET or not (t[:1].isupper() or t[:1] == "["):
            break
        if len(t) >= 3 and t.isupper() and not s.isupper() and t.isalpha():
            break  # an acronym such as USSR or DPRK belongs to the role
        name.insert(0, t)
    return " ".join(name) if name else s


_GROUP = re.compile(r"^(?:all|each|every|the)\s+(?:\w+\s+)*?\w+(?:ies|ers|ors|ents|ists|ians|ives|ors|ies|men)$",
                    re.I)


def is_group(name: str) -> bool:
    """A plural addressee such as "All Provincial Premiers" or "the Ambassadors" (a group, not a person)."""
    return bool(_GROUP.match(" ".join(name.split())))


def _looks_like_name(s: str) -> bool:
    words = s.split()
    return 0 < len(words) <= 8 and all(w[:1].isupper() or w[:1] in "[(" or w.lower() in {"de", "van", "von", "of", "the", "and", "la", "da", "bin", "al"} for w in words)


def _is_place_word(s: str) -> bool:
    return len(s.split()) == 1 and s.istitle() and s.lower() in _PLACE_HINTS


_NOT_NAMES = {"excerpt", "extract", "draft", "copy", "summary", "translation", "original", "abridged"}
_PLACE_HINTS = {"ottawa", "dublin", "moscow", "beijing", "peking", "pyongyang", "warsaw", "budapest", "prague",
                "havana", "washington", "london", "paris", "bonn", "berlin", "tokyo", "seoul", "hanoi", "bucharest",
                "new delhi", "delhi"}


def title_parties(title: str | None) -> Parties:
    """Senders, addressees, creators and participants a title names, by the patterns archives use:
    ``Type, X to Y`` · ``Type from X to Y`` · ``Type of X`` · ``Type between X, Y and Z`` · ``X's [Name's] Conversation with Y``."""
    out = Parties()
    if not title:
        return out
    t = _QUOTED_TAIL.sub("", title.strip())
    bracket = _POSSESSIVE_BRACKET.search(t)
    if bracket:  # "The Chancellor's [Helmut Kohl's] Meeting with ..."
        out.participants.append(bracket.group(1).strip())
    m = re.search(r"\b(?:conversation|meeting|talks?|discussion)s?\s+(?:of\s+(?P<a>.+?)\s+)?with\s+(?P<b>.+)$", t, re.I)
    if m:
        for part in (m.group("a"), _DATE_TAIL.sub("", m.group("b"))):
            if part:
                for p in re.split(r",\s+|\s+and\s+", part):
                    out.participants.extend(agent_phrase(p))
        return out
    m = re.search(r"\bbetween\s+(?P<all>.+)$", t, re.I)
    if m:
        for p in re.split(r",\s+|\s+and\s+", _DATE_TAIL.sub("", m.group("all"))):
            out.participants.extend(agent_phrase(p))
        return out
    m = re.search(r"\bfrom\s+(?P<a>.+?)(?:\s+to\s+(?P<b>.+))?$", t, re.I)
    if m and document_type(t[: m.start()] or "x"):
        out.senders.extend(agent_phrase(_DATE_TAIL.sub("", m.group("a"))))
        if m.group("b"):
            out.addressees.extend(agent_phrase(_DATE_TAIL.sub("", m.group("b"))))
        return out
    head, sep, rest = t.partition(", ")
    if sep and len(head.split()) <= 3 and document_type(head) and " to " in rest:
        a, _, b = rest.rpartition(" to ")
        out.senders.extend(agent_phrase(_DATE_TAIL.sub("", a)))
        out.addressees.extend(agent_phrase(_DATE_TAIL.sub("", b)))
        return out
    m = re.match(r"^(?:journal|diary|statement|speech|notes?|letter|report)\s+(?:of|by)\s+(?P<a>.+?)(?:,|\s+for\s|\s+on\s|$)", t, re.I)
    if m:
        out.creators.extend(agent_phrase(m.group("a")))
    return out


_FROM_TO = re.compile(r"^\s*(?:(?:telegram|cable|message|letter|memo|ciphergram)\s+)?(?P<kw>from|to)(?P<colon>\s*:)?\s+"
                      r"(?P<v>(?:the\s+|\[+)?[A-Z].*?)\s*[.:]?\s*$", re.I)


def letterhead_parties(body: str | None, max_lines: int = 20) -> tuple[list[str], list[str]]:
    """Sender and addressee values of ``From:`` / ``To:`` lines near the top of a body (as written).

    ``"FROM: PYONGYANG"`` is returned too: the caller decides whether a value is a place or an agent.
    """
    senders: list[str] = []
    addressees: list[str] = []
    if not body:
        return senders, addressees
    for line in [ln for ln in body.splitlines() if ln.strip()][:max_lines]:
        if len(line) > 90:
            continue
        m = _FROM_TO.match(line)
        if not m or m.group("kw").islower() or (not m.group("colon") and not line.lstrip()[:1].isupper()):
            continue
        if not m.group("colon") and not line.lstrip().lower().startswith(m.group("kw").lower()):
            continue
        value = re.sub(r"(?<=[A-Za-z])\d+$", "", m.group("v")).strip(" ,")  # footnote marker "JELEN1"
        value = re.sub(r",\s*EYES ONLY$", "", value, flags=re.I)
        if not value or len(value.split()) > 10 or re.search(r"\d", value) or "illegible" in value.lower():
            continue
        target = senders if m.group("kw").lower() == "from" else addressees
        target.extend(p.strip() for p in re.split(r"\s+and\s+(?=(?:Comrade|Cde\.?|the\s)?\s*\[?[A-Z])", value) if p.strip())
    return senders, addressees


# Security markings: (concept key, pattern) — most specific first.
MARKINGS: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p, re.I)) for k, p in [
    ("strictly-secret", r"\bstrictly\s+secret\b|\bсовершенно\s+секретно\b"),
    ("top-secret", r"\btop\s+secret\b"),
    ("secret", r"\bsecret\b|\bсекретно\b"),
    ("confidential", r"\bconfidential\b"),
    ("restricted", r"\brestricted\b"),
    ("for-official-use-only", r"\bfor\s+official\s+use\s+only\b"),
]]


def marking_key(text: str) -> str | None:
    """Our security-classification concept key for a marking as written (``"TOP SECRET!"`` → ``top-secret``)."""
    for key, pat in MARKINGS:
        if pat.search(text):
            return key
    return None


def security_markings(body: str | None, max_lines: int = 25) -> list[str]:
    """Security markings stamped in a document's heading lines, as written (deduplicated by concept)."""
    found: dict[str, str] = {}
    if not body:
        return []
    for line in [ln.strip() for ln in body.splitlines() if ln.strip()][:max_lines]:
        if len(line) > 200:
            break  # the running text has begun
        for key, pat in MARKINGS:
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
