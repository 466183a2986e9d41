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

from lod.model import Marking, PartialDate
from lod.names.lexicon import org_words, role_words, state_words

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


_ORG_WORDS = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, org_words()), key=len, reverse=True)) + r")\b")
_IN_PLACE = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]*$")  # "… in Pyongyang"
_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_QUOTED_TAIL = re.compile(r",?\s*['‘\"“](?=[A-Z])[^\"“”]*?['’\"”]\.?\s*$")  # apostrophes inside may be words' own
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
    issuers: list[str] = field(default_factory=list)  # "X, 'Title'": the sender of a letter, else the author


def agent_phrase(phrase: str) -> list[str]:
    """The agent names in a title phrase: ``"Soviet Representative Aleksei Ignatieff in Pyongyang"`` →
    ``["Aleksei Ignatieff"]``; ``"Polish Embassy in Havana (Jeleń)"`` → ``["Polish Embassy in Havana", "Jeleń"]``."""
    s = _OFFICE_TO.sub(r"\g<office>", _LOWER_BRACKET.sub("", phrase)).strip(" ,.;:")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.I)
    names: list[str] = []
    m = _PAREN.search(s)
    extra: str | None = None
    if m:
        extra, s = m.group(1).strip(), s[: m.start()].strip(" ,.;:")
        if any(w.lower().strip(".,") in _NOT_NAMES for w in extra.split()):
            extra = None
    if not s:
        return []
    held = _HELD_OFFICE.match(s)
    if held and _ORG_WORDS.search(held["office"]) and not _ORG_WORDS.search(held["name"]):
        return [held["name"]]  # "Albanian Council of Ministers Chairman Mehmet Shehu": the person
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


_PERSON_OFFICE = (r"Member|Chairman|Chairwoman|Secretary|Minister|Ambassador|Director|Head|Leader|President|"
                   r"Premier|Envoy|Representative|Consul|Deputy|Chief|Commander|Marshal|General|Comrade|Cde\.|Com\.")
# "Ambassador to Cuba": the place belongs to the office, it is no addressee
_OFFICE_TO = re.compile(rf"\b(?P<office>(?:{_PERSON_OFFICE}|Mission|Delegation|Delegate|Plenipotentiary))\s+(?:to|in|at)"
                        rf"\s+(?:the\s+)?(?:[A-Z]{{2,}}|[A-Z][a-z]+(?=\s+[A-Z]))\b", re.I)
_HELD_OFFICE = re.compile(rf"^(?P<office>.*\b(?:{_PERSON_OFFICE}))\s+(?P<name>(?:\[?[A-Z][\w.'’\[\]-]*\s*){{1,4}})$")
_LOWER_BRACKET = re.compile(r"\s+\[(?=[a-z])[^\]]*\]")  # "[of Yugoslavia]": an editor's completion of a title


_ROLE_SET = role_words()
# the same words as a pattern (any case, an abbreviation's full stop optional)
_ROLE_WORDS = r"(?i:" + "|".join(sorted(map(re.escape, _ROLE_SET), key=len, reverse=True)) + r")\.?"


def _strip_roles(s: str) -> str:
    """The name at the end of a phrase with role words: ``"Portuguese Prime Minister Guterres"`` → ``"Guterres"``."""
    tokens = s.split()
    if not any(t.lower().rstrip(".,") in _ROLE_SET for t in tokens[:-1]):
        return s
    name: list[str] = []
    stop = -1
    for i in range(len(tokens) - 1, -1, -1):
        t = tokens[i]
        low = t.lower().rstrip(",")
        of_state = i + 1 < len(tokens) and tokens[i + 1].lower().rstrip(",") in state_words()  # "People's Republic"
        if (low in _ROLE_SET and not of_state) or not (t[:1].isupper() or t[:1] == "["):
            stop = i
            break
        if len(t) >= 2 and t.isupper() and not s.isupper() and t.isalpha():
            stop = i
            break  # an acronym such as USSR, DPRK or UN belongs to the role
        name.insert(0, t)
    acronym = stop >= 0 and tokens[stop].isupper() and len(tokens[stop]) >= 2
    while stop >= 0 and (tokens[stop].lower() == "the" or (acronym and len(name) == 1 and tokens[stop].isupper())):
        stop -= 1  # "of the DPR Korea": the article and acronyms of a state's name ("of the FRG Helmut Kohl" names him)
    if stop >= 0 and tokens[stop].lower() == "of":
        return ""  # "Prime Minister of the Mongolian People's Republic": an office, its state, no person
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


_NOT_NAMES = {"excerpt", "excerpts", "extract", "extracts", "draft", "copy", "summary", "translation", "original",
              "abridged", "fragment", "fragments", "meeting", "session", "part", "conversation", "first", "second",
              "third", "fourth", "final", "continued", "continuation", "version", "attachment", "enclosure"}
_PLACE_HINTS = {"ottawa", "dublin", "moscow", "beijing", "peking", "pyongyang", "warsaw", "budapest", "prague",
                "havana", "washington", "london", "paris", "bonn", "berlin", "tokyo", "seoul", "hanoi", "bucharest",
                "new delhi", "delhi"}


_TITLE_MAX = 600
CORRESPONDENCE = {"telegram", "ciphered-telegram", "letter"}  # "Telegram from X": X sent it
_ON_TOPIC = re.compile(r"\s+on\s+(?=[A-Za-z]).*$")  # "… with X on Economic Aid": the subject follows
_CONVERSATION_WITH = re.compile(r"\b(?:conversation|meeting|talks?|discussion)s?(?:\s+of\s+(?P<a>.+?)|,\s+(?P<c>.+?))?"
                                r"\s+with\s+(?P<b>.+)$", re.I)
_CONVERSATION_PAIR = re.compile(r"\bconversation,\s+(?P<a>[^,–—]+?)\s+[–—-]\s+(?P<b>[^,–—]+)$", re.I)
_POSSESSIVE_AUTHOR = re.compile(r"^(?:(?:excerpts?|extracts?|fragments?)\s+(?:from|of)\s+)?(?P<a>[A-Z][^,'’]{1,50}?)['’]s\s+"
                                r"(?:[a-z-]+\s+){0,2}(?:notes?|diary|diaries|journal|memoirs?|report|letter|"
                                r"memorandum|speech|statement|account)\b", re.I)
_POSSESSIVE_EVENT = re.compile(r"\b(?:notes?|record|minutes|transcript|memorandum|report|account)\s+(?:on|of|about)\s+"
                               r"(?:the\s+)?(?P<a>[A-Z][^,'’\[\]]{1,50}?)['’]s\s+(?:[a-z-]+\s+)?(?:briefing|speech|address|"
                               r"remarks|lecture|talks?|conversations?|meetings?|interview|presentation)\b", re.I)
_REPLY = re.compile(r"^(?:reply|response|answer)(?:\s+(?:of|from|by)\s+(?P<a>.+?))?\s*\[?\s*\bto\s+(?:the\s+)?"
                    r"(?P<b>[^\[\]]+?)['’]s\s+(?:[a-z]+\s+)?(?:message|letter|telegram|cable|note|appeal|request|"
                    r"proposal|invitation|greetings|questions?)\b", re.I)
_HEAD_FROM = re.compile(r"^(?P<head>(?:[^\s,]+\s+){1,5}?)(?P<kw>from|of)\s+(?P<rest>.+)$", re.I)
ABBREVIATIONS = ("Prof", "Gen", "Col", "Cde", "Com", "Comr", "Amb", "Sen", "Gov", "Capt", "Maj", "Adm", "Sgt", "Rev",
                 "Mrs", "Lieut", "Cmdr", "Dept", "Nos")
_TOPIC = re.compile(r"\s+[-–—]\s+.*$|\s+(?:regarding|concerning|about)\s+.*$|"
                    r"(?<=[\w\]]{3})(?<!" + ")(?<!".join(rf"\b{a}" for a in ABBREVIATIONS) + r")\.\s+(?=[A-Z]).*$", re.I)
_OFFICE_WORD = re.compile(rf"\b(?:{_PERSON_OFFICE}|Mission|Delegation|Delegate|Plenipotentiary)$", re.I)
_LIST_SEP = re.compile(r",\s+(?:and\s+)?|\s+and\s+|\s+[–—]\s+")


def _party_text(s: str, topic: bool = True) -> str:
    """A title's party phrase without its date, and (``topic``) without the subject that follows a dash,
    "regarding", "on …" or a full stop: ``"Beria - X's visit"`` → ``"Beria"``."""
    s = _DATE_TAIL.sub("", s.strip())
    if topic:
        s = _TOPIC.sub("", s)
    s = _ON_TOPIC.sub("", s)
    return _PAREN.sub(lambda m: f" ({m.group(1)})", s).strip(" ,.;:")


def _split_to(s: str) -> tuple[str, str | None]:
    """``"X to Y"`` → ``("X", "Y")`` at the last " to " that does not follow an office word
    (``"Ambassador to Cuba A"`` is one party)."""
    for m in reversed(list(re.finditer(r"\s+to\s+", s))):
        if not _OFFICE_WORD.search(s[:m.start()]):
            return s[:m.start()], s[m.end():]
    return s, None


def _parties(phrase: str) -> list[str]:
    """The agents of one sender/addressee phrase. An apposition ``"the President of X, Kim Il Sung"``
    gives the name after the office; after a named party, a comma starts the subject."""
    parts = [p for p in re.split(r",\s+", phrase) if p.strip()]
    names: list[str] = []
    for i, part in enumerate(parts):
        found = agent_phrase(part)
        if i == 0 or not names:
            names.extend(found)
        else:
            break
        if i == 0 and found:
            break
    return names


def title_parties(title: str | None) -> Parties:
    """Senders, addressees, creators and participants a title names, by the patterns archives use:
    ``Type, X to Y`` · ``Type from/of X to Y`` · ``Type from X`` (a telegram or letter: the sender; a report or
    note: the author) · ``Type of X`` · ``X's Notes`` · ``Type between X, Y and Z`` · ``Conversation, X with Y`` ·
    ``Conversation, X – Y`` · ``X's [Name's] Conversation with Y`` · ``Notes on X's Speech`` (X a participant) ·
    ``Reply of X to Y's Letter`` · ``X, 'Quoted title'`` (X the issuer).

    >>> p = title_parties("Ciphered Telegram from Soviet Ambassador to Examplia Ivan Petrov")
    >>> p.senders, p.addressees
    (['Ivan Petrov'], [])
    >>> title_parties("Note from Ivan Petrov").creators
    ['Ivan Petrov']
    """
    out = Parties()
    if not title or len(title) > _TITLE_MAX:  # a longer "title" is running text: no pattern reads it
        return out
    t = _QUOTED_TAIL.sub("", title.strip())
    bracket = _POSSESSIVE_BRACKET.search(t)
    if bracket:  # "The Chancellor's [Helmut Kohl's] Meeting with ..."
        out.participants.append(bracket.group(1).strip())
    for m in _POSSESSIVE_EVENT.finditer(t):  # "Notes on X's Briefing": X spoke at the event the notes record
        out.participants.extend(agent_phrase(m["a"]))
    m = _REPLY.match(t)
    if m:  # "Response of X [to Y's Message of …]", "Reply to Y's Letter"
        out.senders.extend(_parties(_party_text(m["a"])) if m["a"] else [])
        out.addressees.extend(agent_phrase(m["b"]))
        return out
    if t != title.strip() and not document_type(t) and "," not in t and (found := agent_phrase(t)):
        out.issuers.extend(found)  # "A. Bee, 'The Harvest of 1960'": A. Bee issued the document
        return out
    own = _POSSESSIVE_AUTHOR.match(t)
    if own:  # "Rezső Nyers's handwritten Notes on …", "Excerpts from Tsedenbal's diary …"
        out.creators.extend(agent_phrase(own["a"]))
    m = _CONVERSATION_WITH.search(t)
    if m:
        for part in (m.group("a") or m.group("c"), _party_text(m.group("b"))):
            if part:
                for p in _LIST_SEP.split(part):
                    out.participants.extend(agent_phrase(p))
        return out
    m = _CONVERSATION_PAIR.search(t) or re.search(r"\bbetween\s+(?P<all>.+)$", t, re.I)
    if m:
        text = " – ".join(m.groups()) if "all" not in m.groupdict() else m.group("all")
        for p in _LIST_SEP.split(_party_text(text, topic=False)):
            out.participants.extend(agent_phrase(_party_text(p)))
        return out
    m = _HEAD_FROM.match(t)
    kind = document_type(m["head"]) if m else None
    if m and kind:
        a, b = _split_to(_party_text(m["rest"]))
        if b is not None and m["kw"].lower() == "of" and (kind not in CORRESPONDENCE | {"report"} or "," in a):
            b = None  # "Statement of X, Chairman …, Opposing the Visit to …": no addressee
        if b is not None:
            out.senders.extend(_parties(a))
            out.addressees.extend(_parties(b))
            return out
        elif m["kw"].lower() == "from":
            (out.senders if kind in CORRESPONDENCE else out.creators).extend(_parties(a))
            return out
    head, sep, rest = t.partition(", ")
    if (sep and len(head.split()) <= 5 and document_type(head) and " to " in rest
            and not re.search(r"\b(?:of|from|by)\b", head, re.I)):
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
    return _strip_roles(v) == "" or bool(_OFFICE_OF_ACRONYM.match(v))


_OFFICE_OF_ACRONYM = re.compile(rf"^(?:(?:{_ROLE_WORDS})\s+)+(?:of|to)\s+(?:the\s+)?[A-Z]{{2,}}$")


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
        if h and office and not re.search(r"\band\b|,", office) and not _ORG_WORDS.search(office):
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
