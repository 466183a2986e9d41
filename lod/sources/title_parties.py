"""The parties a title names, by role: ``Type, X to Y``, ``Type from X``, ``Conversation between X and Y``,
``X's Notes`` … (:func:`title_parties`), and the agent names in one party phrase, role words and places
stripped (:func:`agent_phrase`); a plural such as "All Provincial Premiers" is a group (:func:`is_group`).

>>> title_parties("Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky").senders
['Aleksei Ignatieff']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lod.names.lexicon import org_words, role_words, state_words
from lod.sources.fields import CORRESPONDENCE, document_type

ORG_WORD = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, org_words()), key=len, reverse=True)) + r")\b")
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
    if held and ORG_WORD.search(held["office"]) and not ORG_WORD.search(held["name"]):
        return [held["name"]]  # "Albanian Council of Ministers Chairman Mehmet Shehu": the person
    if ORG_WORD.search(s):
        names.append(s)
        if extra and _looks_like_name(extra):
            names.append(extra)  # "Embassy in Havana (Jeleń)": the signatory
        return names
    s = strip_roles(_IN_PLACE.sub("", s))
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


ROLE_SET = role_words()
# the same words as a pattern (any case, an abbreviation's full stop optional)
ROLE_WORDS = r"(?i:" + "|".join(sorted(map(re.escape, ROLE_SET), key=len, reverse=True)) + r")\.?"


def strip_roles(s: str) -> str:
    """The name at the end of a phrase with role words: ``"Portuguese Prime Minister Guterres"`` → ``"Guterres"``."""
    tokens = s.split()
    if not any(t.lower().rstrip(".,") in ROLE_SET for t in tokens[:-1]):
        return s
    name: list[str] = []
    stop = -1
    for i in range(len(tokens) - 1, -1, -1):
        t = tokens[i]
        low = t.lower().rstrip(",")
        of_state = i + 1 < len(tokens) and tokens[i + 1].lower().rstrip(",") in state_words()  # "People's Republic"
        if (low in ROLE_SET and not of_state) or not (t[:1].isupper() or t[:1] == "["):
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
