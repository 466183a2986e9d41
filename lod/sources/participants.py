"""Participants a document's text names in the structures records of meetings use: a list after a label
(``Present:``, ``Participants:``, ``Participating:``, ``Attended by``, ``Present were``, ``took part in the
meeting:``, ``… side was represented by:``, ``On the X side:``, ``Interpreted by``, ``in the presence of``),
one name a line or run together; the speaker labels of a dialogue (``Comrade X:``, ``Prime Minister Y:``,
``North (KIM):``) in a record of a conversation or a transcript; the people a report says its writer met
(``X visited me``, ``I had a conversation with X``), or who were handed something in a meeting (``delivered the
message to Comrade X``, ``presented to X in the presence of …``); and the subjects of a summary's "discuss" or
"meet" (``A and B discuss …``). Names as written, offices stripped (``"Foreign Minister A"`` is A); the
mapping resolves them and gives them the participant role.

>>> body_participants("Present were Ivo Brankov, Comrade Lia Tamsin (Interpreter). On the other side: Oru Vantel.")
['Ivo Brankov', 'Lia Tamsin', 'Oru Vantel']
>>> body_participants("I received your telegram. Present: the Minister.")  # an office alone names no one
[]
"""
from __future__ import annotations

import re

from lod.names.lexicon import org_words, role_words
from lod.names.normalise import NOT_NAMES
from lod.sources.title_parties import ABBREVIATIONS, agent_phrase

HEAD_CHARS = 4000  # the header of a record of a meeting: who took part is written before the talk itself
_SIDE = r"(?:on\s+the\s+)?(?:[A-Z][\w'’-]+\s+){1,2}side(?:\s+was\s+(?:also\s+|\[also\]\s+)?represented\s+by)?"
_LABEL = re.compile(
    r"(?:(?<=[\s.\]\[])|^)(?:"
    r"(?:also\s+)?present\s*[:;]|present\s+(?:were|was)\b|(?:were|was)\s+(?:also\s+)?present\s*:"
    r"|participants?\s*[:;]|participating\s*(?:[:;]|were\b|was\b)|(?:was|were)\s+attended\s+by\b|attended\s+by\s*:"
    r"|in\s+attendance\s*[:;]|(?:took|take)\s+part\s+in\s+the\s+(?:meeting|conversation|talks|negotiations|discussion)\s*:"
    r"|(?:was|were)\s+(?:also\s+|\[also\]\s+)?represented\s+by\s*:?"
    r"|interpreted\s+by\b|interpreters?\s*:|in\s+the\s+presence\s+of\b"
    rf"|{_SIDE}\s*:"
    r")(?=\s)", re.I)
_SIDE_LABEL = re.compile(rf"^{_SIDE}\s*[:;]?\s*", re.I)
_FROM_PLACE = re.compile(r"^(?i:from|for)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?$")  # a list's "From Seoul" group line
# a sentence ends at a full stop after a word of three letters or more (not an abbreviation such as "Cde.")
# or a closing bracket, before a capital, a closing bracket or the end
_END = re.compile(r"(?:(?<=\w{3})" + "".join(rf"(?<!\b{a})" for a in ABBREVIATIONS) + r"|(?<=[\)\]]))"
                  r"\.(?=\s+[A-Z\[]|\s*\]|\s*$)|\n\s*\n")
_SPLIT = re.compile(r",\s+(?:and\s+)?|;\s+|\s+and\s+(?=(?:the\s+|Comrade\s+|Cde\.\s+|Mr\.\s+)?\[?[A-Z])")
_GLOSS = re.compile(r"\s*\((?=[^()]*[a-z])[^()]*\)")  # "(Translator)", "(Special Assistant to …)"
_COMPLETED = re.compile(r"^\[[A-Z][^\[\]]*\]\s*[A-Z][^\W\d_'’-]*(?:[-'’][^\W\d_]+)?$")
_ALT = re.compile(r"\s*\[[A-Z][^\[\]]*\]$")
_SPEAKER = re.compile(r"^[ \t]*(?P<label>[^\s:][^:\n]{0,60}?)\s*:(?:\s|$)", re.M)
_SPEAKER_BRACKET = re.compile(r"^[A-Z][a-z]+\s+\((?P<name>[^()]+)\)$")  # "North (KIM)": the person in brackets
DIALOGUE_FORMS = frozenset({"record-of-conversation", "minutes"})
_ROLES = role_words()
_ORG = org_words()
_MISSPELT = frozenset(r[:k] + r[k + 1:] for r in _ROLES if len(r) >= 7 and " " not in r for k in range(len(r)))
"""Role words less one letter, the commonest typing slip ("Asistant", "Secretry"): still a role word."""


def body_participants(body: str | None, document_type: str | None = None, title: str | None = None) -> list[str]:
    """Participants named by the header lists of ``body``, and (a record of a conversation or minutes)
    by the speaker labels of its dialogue; each name once, in order of first appearance."""
    if not body:
        return []
    head = body[:HEAD_CHARS]
    names: list[str] = []
    for m in _LABEL.finditer(head):
        names.extend(_list_names(head, m.end(), cut=len(body) <= HEAD_CHARS))
    names.extend(met(body))
    if document_type in DIALOGUE_FORMS:
        names.extend(speakers(body, title))
    if document_type == "minutes":  # a transcript's "Surname. Text …"
        names.extend(speakers(body, title, stop=True))
    seen: set[str] = set()
    out = []
    for n in names:
        k = " ".join(n.split()).lower()
        if k not in seen:
            seen.add(k)
            out.append(n)
    return out


# a name of up to five words: initials and short abbreviations with their stop ("Cde.", "A.", "V[asily].")
_NAME = r"(?P<n>(?:(?:[A-Z][a-z]{0,3}\.|[A-Z]\[[a-z]+\]\.|[A-Z\[][\w\[\]'’-]*)\s+){0,4}[A-Z][\w'’-]*[\w\]])"
HONORIFIC = r"(?:Comrade|COMRADE|Comr\.|Cde\.|Com\.|C\.\[omrade\]|Mr\.|Mrs\.|Ms\.|Dr\.|Prof\.)"  # as written before a name
_HONOR = re.compile(rf"^{HONORIFIC}\s+")
# the writer met someone: "X visited me", "I met (with) X", "we had a conversation with X"
_MET = [re.compile(p) for p in (
    rf"(?:^|(?<=[.!?]\s)|(?<=\n)){_NAME}\s+(?:visited|called\s+on|received)\s+(?:me|us)\b",
    rf"\b(?:I|[Ww]e)\s+(?:met|visited|called\s+on|received)\s+(?:with\s+)?{_NAME}(?=[\s,.;])",
    rf"\b(?:I|[Ww]e)\s+had\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:conversation|talk|meeting|discussion)s?\s+with\s+{_NAME}"
    r"(?=[\s,.;])",
)]
# someone handed a message in a meeting: "delivered the message to Comrade X", "presented to X in the presence of"
_HANDED = re.compile(rf"\b(?:delivered|handed(?:\s+over)?|presented|transmitted|conveyed)\s+(?:(?:the|a|an|his|her|"
                     rf"their|our|your|this|these)\s+)?(?:[\w-]+\s+){{0,3}}?to\s+{_NAME}(?=[\s,.;])")
_IN_PRESENCE = re.compile(rf"\b(?:to|with)\s+{_NAME}\s+in\s+the\s+presence\s+of\b")


def met(body: str) -> list[str]:
    """The people a text says its writer met, or who were handed something (a message, a note) at a meeting;
    someone handed a message must be named with an honorific, a title or an initial (``"to Comrade X"``,
    ``"to A. B"``); anyone named before ``in the presence of`` (``"with X in the presence of Y"``).

    >>> met("Ivo Brankov visited me today. Later the note was delivered to Comrade Tamsin, and to Moscow.")
    ['Ivo Brankov', 'Tamsin']
    """
    found: list[tuple[int, str]] = []
    for pat in _MET:
        found.extend((m.start("n"), n) for m in pat.finditer(body) if (n := _name(m["n"])))
    for m in _HANDED.finditer(body):
        titled = _HONOR.match(m["n"]) or _is_role(m["n"].split()[0]) or re.match(r"^(?:[A-Z]\.\s*)+[A-Z]", m["n"])
        if titled and (n := _name(m["n"])):
            found.append((m.start("n"), n))
    found.extend((m.start("n"), n) for m in _IN_PRESENCE.finditer(body) if (n := _name(m["n"])))
    return list(dict.fromkeys(n for _, n in sorted(found)))


_DISCUSS = re.compile(r"^(?P<who>[A-Z][^;:]{1,120}?)\s+(?:discuss(?:es|ed)?|meet|met|hold\s+talks|held\s+talks"
                      r"|converse[sd]?|talk(?:s|ed)?\s+(?:with|about))\b")


def summary_participants(summary: str | None) -> list[str]:
    """The subjects of a summary sentence's "discuss", "meet" or "hold talks": ``"A and B discuss …"``; two at
    least (one who "discusses" a question may be the writer), each a name (a subject such as "The Soviet
    leadership" or "They" names no one).

    >>> summary_participants("Ivo Brankov and Lia Tamsin discuss the harvest. Brankov discusses the sowing.")
    ['Ivo Brankov', 'Lia Tamsin']
    >>> summary_participants("The two delegations discuss trade.")
    []
    """
    out: list[str] = []
    for sentence in _END.split(summary or ""):
        m = _DISCUSS.match(sentence.strip())
        if not m:
            continue
        items = _SPLIT.split(m["who"])
        names = [_name(i) for i in items]
        whole = all(n and (n == i.strip() or _HONOR.match(i.strip())) for n, i in zip(names, items))
        if len(names) >= 2 and whole and not any(n and n.lower() in NOT_NAMES for n in names):
            out.extend(n for n in names if n)
    return list(dict.fromkeys(out))


def _list_names(text: str, start: int, cut: bool) -> list[str]:
    """The names of the list that follows a label: to the end of its sentence, items parted by commas and
    "and"; or (a label ending its line) one item a line, the lines below it up to the first line of running
    text. A list the capture cuts (``cut``: the text ends inside it) loses its last, perhaps partial, item."""
    rest = text[start:]
    first, _, below = rest.partition("\n")
    if first.strip():
        m = _END.search(rest)
        items = _SPLIT.split(_GLOSS.sub("", rest[:m.start()] if m else rest))
        if m is None and cut:
            items = items[:-1]
        return [n for item in items if (n := _name(_SIDE_LABEL.sub("", item.strip())))]
    out: list[str] = []
    for line in below.splitlines():
        s = _SIDE_LABEL.sub("", line.strip())
        if not s or _FROM_PLACE.match(s):
            continue
        if len(s) > 200 or _SPEAKER.match(s):
            break  # the talk has begun
        name = _name(_GLOSS.sub("", s), office_after=True)
        if name:
            out.append(name)
    return out


def _name(item: str, office_after: bool = False) -> str | None:
    """The person an item of a list names, or None: ``"Comrade A B"`` → ``"A B"``; ``office_after`` (a list of
    one person a line): ``"LEE Dong Spokesman for the co-chairman"`` → ``"LEE Dong"``; an office or a body
    alone → None."""
    s = item.strip(" ,;:")
    s = s[:-1] if s.endswith(".") and not re.search(r"\b[A-Z]\.$", s) else s  # "Kim I.M." keeps its stop
    if not s or s.startswith("[") and s[1:2].islower():
        return None  # "[name blacked out]"
    if _COMPLETED.match(s):
        return s  # "[Cuban President Osvaldo] Dorticos": the editor's completion, read by the name rules
    words = s.split()
    while len(words) > 1 and _is_role(words[0]) and words[0][:1].isupper():
        words = words[1:]  # "Comrade", "Cde.", "Foreign Minister"
    if office_after:
        for i, w in enumerate(words):
            if i >= 2 and (_is_role(w) or any(ch.isdigit() for ch in w) or w[:1].islower()):
                words = words[:i]  # "KIM Il 1st Vice Premier": the name, then the office
                break
    alt = _ALT.search(" ".join(words))  # "A B [A Bee]": an alternative form, kept whole
    found = agent_phrase(" ".join(words)[:alt.start()] if alt else " ".join(words))
    if len(found) != 1:
        return None
    name = found[0]
    if re.search(r"\b[A-Z]\.[A-Z]$", name) and s.endswith(name + "."):
        name += "."  # "Kim I.M.": the initials' last stop
    words = name.split()
    if alt:
        name += alt.group(0)
    if any(w.strip("[]().,'’") in _ORG for w in words) or not any(c.isalpha() for c in name):
        return None
    if all(re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", w) for w in words):
        return None  # initials alone ("N.N.", the placeholder for an unnamed person) name no one
    if any(_is_role(w) for w in words) or len(words) > 5 or not all(w[:1].isupper() or w[:1] == "[" for w in words):
        return None
    return name


def _is_role(word: str) -> bool:
    """A role word, or a hyphenated word ending in one ("Co-chairman", "Vice-Minister"), or one missing a letter.

    >>> _is_role("Co-chairman"), _is_role("Asistant"), _is_role("Petrenko")
    (True, True, False)
    """
    low = word.lower().strip(".,;:()[]")
    last = low.rpartition("-")[2]
    return low in _ROLES or (len(last) >= 4 and last != low and last in _ROLES) or (len(low) >= 6 and low in _MISSPELT)


_SPEAKER_STOP = re.compile(r"^[ \t]*(?P<label>(?:(?:Cde|Com|Comrade)\.?\s+)?[A-Z][^\W\d_]{3,}(?:[-'’][^\W\d_]+)?)\.[ \t]+"
                           r"(?=[A-Z\[\"“])", re.M)


def speakers(body: str, title: str | None = None, stop: bool = False) -> list[str]:
    """The people a dialogue's speaker labels name, when at least two lines of the text open with such a
    label. A label is a speaker with a title or honorific (``"Cde. A:"``, ``"Prime Minister B:"``), a person in
    brackets (``"North (KIM):"``), or a name that opens two lines or that the text or title writes elsewhere;
    a field label (``Subject:``, ``Archival Signature:``) is none of these.

    >>> speakers("Cde. Ivo Brankov: Welcome.\\nMinister Tamsin: Thank you.\\nSubject: none")
    ['Ivo Brankov', 'Tamsin']

    ``stop``: a transcript's labels, one surname and a full stop (``"Tamsin. We agree."``); a word the text
    also writes in lower case, or a not-name (``"Yes."``, ``"They."``), is no speaker.

    >>> speakers("Tamsin. We agree.\\nVarkel. No. Tamsin is wrong.\\nTamsin. Cde. Varkel, thus it ends.\\nThus. No.", stop=True)
    ['Tamsin', 'Varkel']
    """
    labels = [(m["label"].strip(), m.end()) for m in (_SPEAKER_STOP if stop else _SPEAKER).finditer(body)]
    if stop:
        labels = [(lb, e) for lb, e in labels if (w := lb.split()[-1]).lower() not in NOT_NAMES
                  and not _is_role(w) and not re.search(rf"\b{re.escape(w.lower())}\b", body)]
    texts = [t for t in (title, body) if t]
    found: list[str] = []
    for label, end in labels:
        inner = _SPEAKER_BRACKET.match(label)
        words = label.split()
        if (not words or len(words) > 5 or any(ch.isdigit() for ch in label) or label.startswith("[")
                or not all(w[:1].isupper() or w[:1] == "(" for w in words)):
            continue
        name = _name(inner["name"] if inner else label)
        if not name or inner and len(name.split()) == 1:
            continue  # "North (KIM)": a bare family name in brackets identifies no one for certain
        titled = name != label and (inner is not None or _is_role(words[0]))
        again = sum(1 for other, _ in labels if other == label) >= 2
        elsewhere = sum(t.count(name) for t in texts) > (1 if not titled else 0)
        if titled or again or elsewhere:
            found.append(name)
    return list(dict.fromkeys(found)) if len(found) >= 2 else []
