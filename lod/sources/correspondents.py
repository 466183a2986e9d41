"""Who wrote a document and who receives it, as its own text says (the title and ``From:``/``To:`` lines are
:mod:`lod.sources.title_parties` and :mod:`lod.sources.letterhead`): the signature at the end of the text (``Zoltán Fodor`` over ``Ambassador``,
``Ambassador … [Signature] A. Bee``, a quoted message's ``Filippov [Stalin].”``), the distribution list
(``Send to:``, ``Produced in 5 copies for:``, ``Distribution:``; a bare ``Copies:`` is the registry of the file
copies and names no addressee), a letter's salutation or a telegram's addressee line (``Dear Comrade X,``,
``[Deputy Minister A] Bee.``), and the sender of a telegram a cryptogram relays (``Com. X informs in his
telegram No 4:``). Names as written; the mapping resolves them.

>>> c = correspondents("Produced in 3 copies for:\\n- Comrade Varkel\\n- Comrade Tamsin\\nThe harvest was good in all "
...                    "the provinces this year.\\nIvo Brankov\\nAmbassador")
>>> c.distribution, c.signers
(['Varkel', 'Tamsin'], ['Ivo Brankov'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lod.names.normalise import NOT_NAMES
from lod.names.markings import marking_key
from lod.sources.participants import HONORIFIC as _HONORIFIC
from lod.sources.participants import _is_role, _name

TAIL_LINES = 12  # a signature stands in the last lines of a text, above its date, copies and notes
HEAD_LINES = 25  # a distribution list or an addressee line stands above the text itself
_DISTRIBUTION = re.compile(r"^\s*(?:send\s+to|distribution|distributed\s+to|copies\s+(?:to|for)|copy\s+(?:to|for)"
                           r"|(?:produced|made|prepared|printed|typed|done)\s+in\s+\w+\s+copies\s+for)\s*:\s*(?P<rest>.*)$",
                           re.I)
_ITEM = re.compile(r"^\s*(?:[-–•*]\s*|\d{1,2}[.)]\s*)?")
_TITLED = re.compile(rf"^(?:Dear\s+)?{_HONORIFIC}\s+\S")
_SIGNATURE_MARK = re.compile(r"\s*[\[(](?:signature|signed|sign|s)[\])]\s*|\s+/s/\s+", re.I)
_QUOTE_END = re.compile(r"[.,]?\s*[”\"»]\s*\.?$")
_SALUTATION = re.compile(rf"^(?:Dear\s+(?:{_HONORIFIC}\s+)?|{_HONORIFIC}\s+)(?P<n>[^,!:;]{{2,60}}?)\s*[,!:]\s*$")
_GREETING = re.compile(r"^(?:(?:my\s+)?dear\s+\S.{0,60}|(?:шановн|уважаем|дорог)\w*\s+\S.{0,60}|sir|madam|gentlemen"
                       r"|your\s+excellency)\s*[,!:]$", re.I)  # Russian and Ukrainian letters: "Уважаемый …!"
_RELAYED = re.compile(r"^(?P<n>[^,:;]{3,60}?)\s+(?:informs|reports|writes|cables|communicates|telegraphs)"
                      r"(?:\s+in\s+(?:his|her|their)\s+(?:telegram|cable|cryptogram|letter|report)\b[^:]*)?:\s*$")


@dataclass
class Correspondents:
    """Names a document's text gives in each role (as written)."""

    signers: list[str] = field(default_factory=list)  # who signed the text
    quoted_signers: list[str] = field(default_factory=list)  # who signed a message the text quotes
    distribution: list[str] = field(default_factory=list)  # the people a distribution list sends it to
    addressees: list[str] = field(default_factory=list)  # a salutation's or an addressee line's person
    relayed_senders: list[str] = field(default_factory=list)  # whose telegram a cryptogram relays
    salutation: bool = False  # the text opens as a letter ("Sir,", "Dear …,"): it was sent to someone


def correspondents(body: str | None) -> Correspondents:
    """Signers, addressees and relayed senders of a document, from its text."""
    out = Correspondents()
    if not body:
        return out
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    out.distribution.extend(distribution(lines[:HEAD_LINES]))
    out.addressees.extend(n for n in (_addressee_line(ln) for ln in _head(lines)) if n)
    out.salutation = bool(out.addressees) or any(_GREETING.match(ln) for ln in _head(lines))
    for ln in _head(lines)[:6]:
        m = _RELAYED.match(ln)
        if m and _TITLED.match(m["n"]) and (n := _plain(m["n"])):
            out.relayed_senders.append(n)
            break
    for line, quoted in signatures(lines):
        (out.quoted_signers if quoted else out.signers).append(line)
    return out


def _head(lines: list[str]) -> list[str]:
    """The lines above the first line of running text (one of more than 100 characters)."""
    head: list[str] = []
    for ln in lines[:HEAD_LINES]:
        if len(ln) > 100:
            break
        head.append(ln)
    return head


def distribution(lines: list[str]) -> list[str]:
    """The people of a distribution list: after its label, the items written with an honorific (``Comrade X``),
    on the label's line or one a line below it, stamps and copy numbers between them skipped; the list ends
    at the second line in a row that names no one.

    >>> distribution(["Send to:", "A COPY", "C.[omrade] Varkel", "Top Secret", "C.[omrade] Tamsin", "Copy No. 3",
    ...               "June 6, 1944", "Comrade Kormov"])
    ['Varkel', 'Tamsin']
    >>> distribution(["Copies:", "1. Comr. Varkel"])  # the registry of the file copies
    []
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        m = _DISTRIBUTION.match(line)
        if not m:
            continue
        items = [p for p in re.split(r",\s*|;\s*", m["rest"]) if p.strip()] if m["rest"].strip() else []
        misses = 0
        for item in items or lines[i + 1:]:
            s = _ITEM.sub("", item).strip(" .,;")
            if _TITLED.match(s) and len(s.split()) <= 6 and (n := _plain(s)):
                out.append(n)
                misses = 0
            elif len(item) > 100 or (misses := misses + 1) >= 2:
                break
    return out


def _addressee_line(line: str) -> str | None:
    """A letter's salutation (``Dear Comrade X,``, ``Cde. X!``) or a telegram's addressee line (``[Deputy
    Minister A] Bee.``): the person addressed, or None (an office, ``Dear Comrade President,``, names no one)."""
    line = line.lstrip("“\"„«")
    m = _SALUTATION.match(line)
    if m:
        n = _name(m["n"])
        if n and not _is_role(n.split()[0]) and n.lower() not in NOT_NAMES and (line.startswith("Dear") or _TITLED.match(line)):
            return _plain(re.sub(r"^Dear\s+", "", line).strip(" ,!:"))
        return None
    if re.fullmatch(r"\[[A-Z][^\[\]]*\]\s*[A-Z][\w'’-]+\s*[.,:]", line) and _name(line):
        return line.rstrip(".,: ")  # "[Deputy Foreign Minister Antonin] Gregor."
    return None


def signatures(lines: list[str]) -> list[tuple[str, bool]]:
    """The signatures below the last line of running text, as ``(name, quoted)``: a line that is a name alone
    (initials or a given name and surname; one word only with an editor's completion, ``Filippov [Stalin]``),
    or the name beside a ``[Signature]`` mark; ``quoted``: the line closes a quoted message.
    Items of a list (numbered, or under a label ending in a colon) sign nothing.

    >>> signatures(["I propose that we meet the Minister next week.", "Ivo Brankov", "Ambassador", "3 copies", "Copies:", "1. Comrade Tamsin"])
    [('Ivo Brankov', False)]
    >>> signatures(["I propose to meet with the Minister of Trade tomorrow.", "Ambassador [Signature] V[ano]. Kormov"])
    [('Vano Kormov', False)]
    """
    out: list[tuple[str, bool]] = []
    text_end = max((i for i, ln in enumerate(lines) if _running(ln)), default=None)
    if text_end is None:
        return out  # no running text: what stands alone on a line is a heading or a stamp, no signature
    tail = lines[max(text_end + 1, len(lines) - TAIL_LINES):]
    for k, line in enumerate(tail):
        prev = tail[k - 1] if k else ""
        if len(line) > 80 or prev.endswith(":") or re.match(r"^(?:\d|[-–•*])", line) or marking_key(line):
            continue
        mark = _SIGNATURE_MARK.search(line)
        if mark:
            after, before = line[mark.end():].strip(" .,"), line[:mark.start()].strip(" .,")
            n = _signature_name(after) or _signature_name(before.split(",")[-1]) if after or before else None
            if n:
                out.append((_plain(n) or n, False))
            continue
        quoted = bool(_QUOTE_END.search(line))
        bare = _QUOTE_END.sub("", line).strip(" .") if quoted else line.rstrip(".")
        n = _signature_name(bare)
        if not n:
            continue
        if len(n.split()) == 1 and "[" not in line:
            continue  # one word ("VYSHINSKY", but also "MOSCOW", "SECRET") signs only with its completion
        out.append((_plain(bare) or n, quoted))
    return out


_LEAD = re.compile(rf"^{_HONORIFIC}\s+")
_COMPLETION = re.compile(r"\b([A-Z])\[([a-z]+)\]\.?")


def _plain(s: str) -> str | None:
    """A name without its honorific, an initial the editor completed read whole: ``"C.[omrade] Bee"`` → ``"Bee"``,
    ``"V[ano]. Kormov"`` → ``"Vano Kormov"``."""
    return _name(_COMPLETION.sub(r"\1\2", _LEAD.sub("", s.strip())))


def _running(line: str) -> bool:
    """A line of running text: long, or a sentence of eight words or more."""
    return len(line) > 100 or (len(line.split()) >= 8 and line.rstrip("”\"’»").endswith((".", "!", "?", ":")))


def _signature_name(s: str) -> str | None:
    """The person a signature line names: two to four words of a name, or a surname in capitals, or None."""
    s = s.strip()
    words = s.split()
    if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in s) or _is_role(words[0]):
        return None
    if any(w.lower().strip(".,[]") in NOT_NAMES for w in words):
        return None
    n = _name(s)
    return n if n == s or (n and "[" in s) else None
