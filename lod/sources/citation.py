"""Parse the WCDA pages' source-citation lines into archives, archival units and contributions (the credit
sentences are read by :mod:`lod.sources.credits`; the older site's Chicago-style strings by
:mod:`lod.sources.chicago_citation`).

The rules are general (labels, archive words, acronyms, code shapes), not a list of known answers:

>>> c = parse_citation("APRF, fond 45, opis 1, delo 335, list 3.")
>>> c.archives[0].archive, [u.value for u in c.archives[0].units], c.archives[0].folios
('APRF', ['45', '1', '335'], '3')
"""
from __future__ import annotations

import re
from itertools import islice

from lod.model.record import ArchivalUnit, ArchiveCitation, SourceCitation
from lod.names.lexicon import org_words, state_words, table
from lod.sources.credits import CREDIT, CREDIT_START, contributions_in, printed_credits


# --- archives and units ----------------------------------------------------------------------
_ARCHIVE_WORD = re.compile(
    r"\b(?:ar(?:ch|kh|qu)iv\w*|archief|archiwum|arkiv\w*|librar(?:y|ies)|bibliot\w*|museum|museo"
    r"|records?\s+office|records\s+management|арх[іи]в\w*)\b", re.I)
_LAW = re.compile(r"\b(?:Act|Law|Decree|Statute|Ordinance|Regulations?)\b(?:\s+(?:of\s+)?(?:1[5-9]|20)\d\d)?\s*$"
                  r"|\b(?:under|pursuant\s+to)\s+the\b", re.I)
_PAREN_ABBR = re.compile(r"\(\s*([^()]{2,14}?)\s*\)\s*$")
_PUBLISHED = re.compile(r"[,;.]?\s*\bpublished\s+(?:in|as)\b\s*", re.I)
_IMPRINT = re.compile(r"\([^():]{2,40}:\s*[^()]{2,80},\s*(?:1[5-9]|20)\d\d\)")  # "(Hanoi: Publisher, 2003)": a book
def _alternation(words: list[str]) -> str:
    """A regex alternation of lexicon labels, longest first; a space in a label matches any spacing."""
    return "|".join(r"\s*".join(re.escape(w) for w in label.split()) if "." in label
                    else r"\s+".join(re.escape(w) for w in label.split())
                    for label in sorted(words, key=len, reverse=True))


def _label_key(label: str) -> str:
    """A label as the lexicon keys it: lower case, spaces only after a full stop ("ő.e." → "ő. e.")."""
    return " ".join(re.sub(r"\.(?=\S)", ". ", label.lower()).split())


_PREFIX_LEVELS = {_label_key(k): v for k, v in table("unit_labels").items()}
_POSTFIX_LEVELS = {_label_key(k): v for k, v in table("unit_postfix_labels").items()}
_NUMBER_SIGN = r"(?:\s*(?:nos?|nr)\.(?=\s*\S)|\s*№)"  # "File No. 12": the sign is part of the label
_LABELLED = re.compile(rf"^(?P<label>{_alternation(list(_PREFIX_LEVELS))})(?P<sign>{_NUMBER_SIGN})?"
                       r"(?:(?P<colon>\s*:\s*)|\s+|(?<=\.)\s*|(?<=№))(?P<value>\S.*)$", re.I | re.S)
# a postfix label may lose its final stop at the end of the citation ("… 28. ő. e")
_POSTFIX_LABEL = (f"(?:{_alternation(list(_POSTFIX_LEVELS))}"
                  f"|(?:{_alternation([w[:-1] for w in _POSTFIX_LEVELS if w.endswith('.')])})(?=\\s*$))")
_POSTFIX_VALUE = r"\d+[a-z]?(?:/\d+[a-z]?)*"  # "9", "5/123"
_POSTFIX = re.compile(rf"^(?P<value>{_POSTFIX_VALUE})\.?\s*(?P<label>{_POSTFIX_LABEL})$", re.I)
# several units written in one part: "f. 17 op. 3 d. 5", a code run into a label ("AQPPSH-MPKK-V. 1967"),
# Hungarian numbers before their labels ("M-KS 288. f. 66. d. 28. ő. e.")
_INNER_LABEL = re.compile(rf"(?:(?<=\s)|(?<=\w-))(?:{_alternation(list(_PREFIX_LEVELS))}){_NUMBER_SIGN}?"
                          r"(?:\s*:\s*|\s+|(?<=\.)\s*)(?=[^\W\d_]{0,3}-?\d)", re.I)
_POSTFIX_UNIT = re.compile(rf"(?<!\S){_POSTFIX_VALUE}\.?\s*{_POSTFIX_LABEL}(?=\s|$)", re.I)
_HEAD_CODE = re.compile(r"^[A-Z][A-Z\d]*(?:-[A-Z\d]+)*$")  # "AQPPSH-MPKK", "M-KS": a code, no label
# a fond code, a Roman-numeral series and a file: "KPR I-1/655" (the slash joins units of this shape only)
_FOND_SERIES_FILE = re.compile(r"^(?P<fond>[A-Z]{2,8})\s+(?P<series>[IVXLCDM]+(?:-\w+)+)/(?P<file>\d+\w*)$")
_LOCATORS = frozenset({"folios", "pages"})
_SHORT_P = re.compile(r"^p\.", re.I)
_STOPWORDS = frozenset({"and", "or", "not", "given", "unknown", "n/a", "none"})
_PAREN = re.compile(r"\s+\([^()]*\)")  # a gloss "(Microfilm)"; "1012(14)" is part of its code
_RANGE = re.compile(r"^\d+[a-z]?\s*[-–]\s*\d+[a-z]?$")
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
_ROMAN_SERIES = re.compile(r"^[IVXLCDM]+-[\w-]+")
_CODE = re.compile(r"^\S*\d|^(?=.*\d).*/|^[A-Z]{1,4}\s+\d+[a-z]?$", re.S)  # "B 136/59748", "DY 30"
_TOKEN = re.compile(r"\S+")
_DIGIT_START = re.compile(r"\S*\d")
_LEAD_AND = re.compile(r"and\s+", re.I)
_INNER_AND = re.compile(r"\s+and\s+", re.I)
_ARCHIVAL_LEVELS = frozenset(
    {"fond", "opis", "delo", "papka", "doboz", "box", "folder", "record-group", "file", "series"})


def _labelled(part: str) -> tuple[str, str] | None:
    """``(level, value)`` when ``part`` is a labelled unit such as ``Fond 059a``, ``Year: 1954`` or
    ``Справа 7057`` (the labels of ``unit_labels.txt``; a number sign after the label is no part of the value).

    >>> _labelled("File No. AB/12(3)"), _labelled("Справа 7057"), _labelled("D.C.")
    (('file', 'AB/12(3)'), ('delo', '7057'), None)
    """
    m = _LABELLED.match(part)
    if not m:
        return None
    value = _PAREN.sub("", m["value"]).strip(" .,;:")
    words = value.split()
    label = m["label"]
    if label.endswith(".") and len(label) <= 5 and not any(ch.isdigit() for ch in value):
        return None  # "D.C." is no delo: an abbreviated label takes a number
    if value and (any(ch.isdigit() for ch in value) or m["colon"]
                  or (len(words) == 1 and value.lower() not in _STOPWORDS)):
        return _PREFIX_LEVELS[_label_key(label)], value
    return None


def _postfix_level(label: str) -> str:
    """The level of a label written after its number, its final stop optional (``ő. e``)."""
    key = _label_key(label)
    return _POSTFIX_LEVELS.get(key) or _POSTFIX_LEVELS[key + "."]


def unit_labels(level: str) -> tuple[str, ...]:
    """The labels (lower case) the lexicons give a level, written before or after the value.

    >>> "справа" in unit_labels("delo") and "d." in unit_labels("delo") and "ő. e." in unit_labels("file")
    True
    """
    return tuple(k for table_ in (_PREFIX_LEVELS, _POSTFIX_LEVELS) for k, v in table_.items() if v == level)


def _several(part: str) -> list[tuple[str, str, str]] | None:
    """``(level, value, label)`` of each unit when ``part`` writes several: labels in a row
    (``f. 17 op. 3 d. 5``), a code run into a label (``AQPPSH-MPKK-V. 1967``), numbers before their labels
    (``M-KS 288. f. 66. d. 28. ő. e.``) or a fond code, Roman series and file (``KPR I-1/655``).
    A leading code without a label is the top level: a series above a fond the part names, else the fond.

    >>> _several("X-Y-V. 1967"), _several("AB I-2/34")
    ([('fond', 'X-Y', 'X-Y'), ('year', '1967', 'V. 1967')], [('fond', 'AB', 'AB'), ('series', 'I-2', 'I-2'), ('file', '34', '34')])
    """
    part = part.strip()
    fsf = _FOND_SERIES_FILE.match(part)
    if fsf:
        return [(level, fsf[level], fsf[level]) for level in ("fond", "series", "file")]
    starts = [m.start() for m in _INNER_LABEL.finditer(part)]
    post = list(_POSTFIX_UNIT.finditer(part))
    if post and part[post[-1].end():].strip(" .") == "" and len(post) + bool(part[:post[0].start()].strip()) >= 2:
        head, pieces = part[:post[0].start()].strip(), [m[0] for m in post]
        gaps = [part[a.end():b.start()] for a, b in zip(post, post[1:])]
        if any(g.strip() for g in gaps):
            return None
        found = [(_postfix_level(m["label"]), m["value"], p)
                 for p in pieces if (m := _POSTFIX.match(p))]
    elif starts:
        head = part[:starts[0]].rstrip(" -")
        pieces = [part[a:b].strip().rstrip("-").strip() for a, b in zip(starts, starts[1:] + [len(part)])]
        labelled = [(_labelled(p), p) for p in pieces]
        if head and _labelled(head):
            labelled.insert(0, (_labelled(head), head))
            head = ""
        if any(lab is None for lab, _ in labelled):
            return None
        found = [(lab[0], lab[1], p) for lab, p in labelled if lab]
    else:
        return None
    if head and not _HEAD_CODE.match(head):
        return None
    out = ([("series" if any(lv == "fond" for lv, _, _ in found) else "fond", head, head)] if head else []) + found
    return out if len(out) >= 2 else None


def _is_acronym(token: str) -> bool:
    """Mostly capitals, short: ``APRF``, ``RF``, ``BArch``, ``TsKhSD``, ``SAPMO-BArch``."""
    letters = token.replace("-", "")
    upper = sum(ch.isupper() for ch in letters)
    return (0 < len(token) <= 12 and letters.isalpha() and token[0].isupper()
            and upper >= 2 and upper >= 0.4 * len(letters))


def _archive_head(part: str) -> tuple[str, str] | None:
    """``(archive, rest)`` when ``part`` names an archive (or starts with its abbreviation), else None."""
    part = part.strip()
    if not part or part[0] in "\"“" or _labelled(part) or _LAW.search(part):
        return None  # "the Archives Act 1983" is a law, not the archive that holds the document
    paren = _PAREN_ABBR.search(part)
    if _ARCHIVE_WORD.search(part) or (paren and _is_acronym(paren[1].replace(" ", ""))):
        return part, ""
    tokens = list(islice(_TOKEN.finditer(part), 4))  # an abbreviation is at most three tokens
    n = 0
    while n < min(len(tokens), 3) and _is_acronym(tokens[n][0]) and tokens[n].end() <= 12:
        n += 1
    for k in range(n, 0, -1):
        rest = part[tokens[k].start():] if k < len(tokens) else ""
        if not rest or _labelled(rest) or _DIGIT_START.match(rest) or _ROMAN_SERIES.match(rest):
            return part[:tokens[k - 1].end()], rest
    return None


# words of an institution's kind, not its identity: an archive named only by them ("Central State Archive")
# is one of many, and the place or state the citation writes after it is part of its name
_GENERIC = frozenset({"central", "state", "national", "main", "general", "historical", "presidential", "party",
                      "special", "federal", "diplomatic", "military", "foreign", "affairs", "departmental",
                      "branch", "of", "the", "and", "for"})
_SEAT = re.compile(r"^(?:[A-Z][^\W\d_]+(?:[-\s][A-Z][^\W\d_]+)?"  # a city: "Tirana", "New Delhi"
                   r"|(?:the\s+)?(?:[A-Z][^\W\d_]+\s+)*(?i:" + "|".join(sorted(state_words())) + r")"
                   r"(?:\s+of\s+(?:the\s+)?[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)*)?)$")  # "Republic of Poland"


def _generic(archive: str) -> bool:
    """An archive name made only of words of kind: ``"Central State Archive"``, ``"Archive of Ministry of
    Foreign Affairs"`` (not ``"Archives of Yugoslavia"``, ``"AVP RF"``, ``"Archive of the X Foundation"``)."""
    words = re.findall(r"[^\W\d_]+", archive)
    return bool(words) and bool(_ARCHIVE_WORD.search(archive)) and all(
        w.lower() in _GENERIC or w in org_words() or _ARCHIVE_WORD.fullmatch(w) for w in words)


def _split(s: str, nest: bool = True) -> list[tuple[str, int, int]]:
    """Top-level ``(separator, start, end)`` parts split at ``,`` and ``;`` outside brackets and quotes."""
    parts, depth, quoted, start, sep = [], 0, False, 0, ""
    for i, ch in enumerate(s):
        if nest and ch == '"':
            quoted = not quoted
        elif nest and ch in "([{“":
            depth += 1
        elif nest and ch in ")]}”":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0 and not quoted:
            parts.append((sep, start, i))
            sep, start = ch, i + 1
    if nest and (depth or quoted):  # unbalanced brackets: split plainly instead
        return _split(s, nest=False)
    parts.append((sep, start, len(s)))
    return parts


def _segments(s: str) -> list[tuple[str, int, int]]:
    """Parts of ``s``; a ``;`` separator marks a possible archive boundary (also before "and <archive>")."""
    out: list[tuple[str, int, int]] = []
    for sep, a, b in _split(s):
        while a < b and s[a].isspace():
            a += 1
        while b > a and s[b - 1].isspace():
            b -= 1
        lead = _LEAD_AND.match(s, a, b)
        if lead and _archive_head(s[lead.end():b]):
            sep, a = ";", lead.end()
        for m in _INNER_AND.finditer(s, a, b):
            left = s[a:m.start()]
            if (m.start() > a and any(ch.isdigit() for ch in left) and left.count("(") == left.count(")")
                    and _archive_head(s[m.end():b])):
                out.append((sep, a, m.start()))
                sep, a = ";", m.end()
        out.append((sep, a, b))
    return out


def _restated(part: str, archive: str) -> list[tuple[str, str, str]] | None:
    """The shelfmark at the end of a quoted reference that names the archive again (Hungarian references
    quote the file's title, then "MNL OL M-KS 288. f. 66. d. 28. ő. e."); the title's own numbers and
    dates are no units.

    >>> _restated("„A Title 1989. december. 4. ABC X-Y 12. f. 3. d.”", "Example Archive (ABC)")
    [('series', 'X-Y', 'X-Y'), ('fond', '12', '12. f.'), ('doboz', '3', '3. d.')]
    """
    paren = _PAREN_ABBR.search(archive)
    names = [n for n in (paren[1].strip() if paren else None, archive) if n and len(n) <= 15]
    body = part.strip().strip("\"“”„[]").strip()
    for name in names:
        at = body.rfind(f" {name} ")
        if at >= 0:
            return _several(body[at + len(name) + 2:].strip())
    return None


def _archive_citation(s: str, chunk: list[tuple[int, int]], head: int | None) -> ArchiveCitation:
    """Build one ArchiveCitation from its parts; ``head`` is the index of the archive-name part."""
    archive: str | None = None
    seat: str | None = None
    units: list[ArchivalUnit] = []
    folios: list[str] = []
    notes: list[str] = []
    texts = [s[a:b] for a, b in chunk]
    for i, t in enumerate(texts):
        if (head is not None and i == head + 1 and archive and _generic(archive) and not _labelled(t)
                and _SEAT.match(t.strip())):
            seat = t.strip()  # "Central State Archive, Tirana": which central state archive
            continue
        if i == len(texts) - 1 and t.endswith("-") and i != head:
            notes.append(f"{t} (cut short)")  # "XIX-J-": the capture ends inside the shelfmark
            continue
        if i == head:
            archive, t = _archive_head(t) or (t, "")
            if not t:
                continue
        if _LAW.search(t):
            notes.append(t)  # "Released under the Archives Act 1983": neither the archive nor a unit
            continue
        several = _several(t) if t.lstrip()[:1] not in "\"“„" else None
        if several is None and archive and t.lstrip()[:1] in "\"“„[":
            several = _restated(t, archive)
        if several:
            for level, value, label in several:
                (folios.append(value) if level in _LOCATORS else units.append(ArchivalUnit(level, value, label)))
            continue
        lab, post = _labelled(t), _POSTFIX.match(t)
        levels = {u.level for u in units}
        if lab:
            level, value = lab
            if level == "papka" and _SHORT_P.match(t) and ("delo" in levels or _RANGE.match(value)):
                level = "folios"  # "p.16-42" after the delo are pages, not a papka
        elif post:
            level, value = _postfix_level(post["label"]), post["value"]
        elif _YEAR.match(t):
            level, value = "year", t
        elif _ROMAN_SERIES.match(t):
            level, value = "series", t
        elif i == len(texts) - 1 and _RANGE.match(t) and (units or archive):
            level, value = "folios", t
        elif _CODE.match(t) and t[0] not in "\"“":  # a quoted part is a title, not a code
            level, value = ("item" if "file" in levels else "file"), t
        elif head is not None and i < head and "series" not in levels:
            level, value = "series", t  # a named group written before the archive
        else:
            notes.append(t)
            continue
        if level in _LOCATORS:
            folios.append(value)
        else:
            units.append(ArchivalUnit(level, value, t))
    paren = _PAREN_ABBR.search(archive or "")
    abbreviation = paren[1].strip() if paren and _is_acronym(paren[1].replace(" ", "")) else None
    return ArchiveCitation(text=s[chunk[0][0]:chunk[-1][1]], archive=archive, units=tuple(units),
                           folios=", ".join(folios) or None, note="; ".join(notes) or None,
                           abbreviation=abbreviation, seat=seat)


def _archives(s: str) -> tuple[ArchiveCitation, ...]:
    """Split the citation proper into archives; parts without an archive name join a neighbour."""
    chunks: list[list[tuple[int, int]]] = []
    boundary = True
    for sep, a, b in _segments(s):
        boundary = boundary or sep == ";"
        if a >= b:
            continue
        if boundary or not chunks:
            chunks.append([])
        chunks[-1].append((a, b))
        boundary = False
    merged: list[tuple[list[tuple[int, int]], int]] = []
    carry: list[tuple[int, int]] = []
    for chunk in chunks:
        head = next((i for i, (a, b) in enumerate(chunk) if _archive_head(s[a:b])), None)
        if head is None and merged:
            merged[-1][0].extend(chunk)
        elif head is None:
            carry.extend(chunk)
        else:
            merged.append((carry + chunk, head + len(carry)))
            carry = []
    if merged:
        return tuple(_archive_citation(s, chunk, head) for chunk, head in merged)
    if carry:
        bare = _archive_citation(s, carry, None)
        if any(u.level in _ARCHIVAL_LEVELS for u in bare.units):
            return (bare,)
    return ()


def parse_citation(text: str) -> SourceCitation:
    """Parse a source line (kept verbatim in ``text``) into archives, units and contributions.

    Never raises: when nothing is recognised the result carries ``text`` only.
    """
    cut = len(text)
    for m in CREDIT_START.finditer(text):
        if CREDIT.match(text, m.end()):
            cut = m.start()
            break
    contributions = contributions_in(text[cut:])
    cited = text[:cut].strip().rstrip(" .,;").strip()
    published_in: str | None = None
    pub = _PUBLISHED.search(cited)
    if pub:
        published_in = cited[pub.end():].strip().rstrip(" .,;").strip() or None
        cited = cited[:pub.start()].strip()
    if cited and _IMPRINT.search(cited) and not _ARCHIVE_WORD.search(cited) and published_in is None:
        published_in, cited = cited, ""  # a printed edition with its imprint, no archive
    archives = _archives(cited) if cited else ()
    if not archives and cited and published_in is None:
        published_in = cited  # a printed source such as a working paper
    contributions += printed_credits(text[:cut], published_in)
    return SourceCitation(text=text, archives=archives, contributions=contributions, published_in=published_in,
                          publishers=tuple(publishers(text)))


def publishers(text: str) -> list[str]:
    """The publishers of the printed editions a citation names in their imprints.

    >>> publishers("Stalin's Sites (Moscow: Materik, 2005), 464; Papers (Hanoi: State Publishing House, 1999)")
    ['Materik', 'State Publishing House']
    """
    return [m.group(1).strip() for m in re.finditer(r"\([^():]{2,40}:\s*([^()]{2,80}?),\s*(?:1[5-9]|20)\d\d\)", text)]


