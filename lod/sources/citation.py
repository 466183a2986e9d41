"""Parse Wilson Center source-citation lines into archives, archival units and contributions.

The rules are general (labels, archive words, acronyms, code shapes), not a list of known answers:

>>> c = parse_citation("APRF, fond 45, opis 1, delo 335, list 3.")
>>> c.archives[0].archive, [u.value for u in c.archives[0].units], c.archives[0].folios
('APRF', ['45', '1', '335'], '3')
>>> document_id_from_url("https://digitalarchive.wilsoncenter.org/document/113395")
'113395'
"""
from __future__ import annotations

import re
from itertools import islice

from lod.model.record import ArchivalUnit, ArchiveCitation, Contribution, SourceCitation
from lod.names.lexicon import org_words, state_words

# --- contributor sentences -------------------------------------------------------------------
_VERB = r"(?:obtained|translated|contributed|transcribed|donated|provided|edited|compiled|digiti[sz]ed|annotated)"
_VERB_RE = re.compile(_VERB, re.I)
_ROLES = {"obtained": "obtainer", "translated": "translator", "contributed": "contributor",
          "transcribed": "transcriber", "donated": "donor", "provided": "provider", "edited": "editor",
          "compiled": "compiler", "digitized": "digitizer", "digitised": "digitizer", "annotated": "annotator"}
# A name token is an initial ("G.") or a word; names stop at "(", ".", ",", ";" and " and ".
_NAME_TOKEN = r"(?:[^\W\d_]\.(?=\s)|(?!(?:and|for|from|with)\b)[^\s().,;:]+)"
_CREDIT = re.compile(
    rf"\b(?P<verbs>{_VERB}(?:\s*,\s*(?:and\s+)?{_VERB}|\s+and\s+{_VERB})*)"
    rf"(?:\s+(?:for|from|with)\s+[^.;()]*?)?\s+by\s+(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})*)",
    re.I,
)
_CREDIT_START = re.compile(rf"(?:^|(?<=[.;])|(?<=[.;][\"”]))\s*(?={_VERB}\b)", re.I)
# Sentence end: a period after a word of two or more characters or a closing bracket/quote
# (so initials such as "James G. Hershberg" do not end a sentence).
_SENT_END = re.compile(r"(?:(?<=\w\w[.!?])|(?<=[)\]\"”’'][.!?]))\s+")

# --- archives and units ----------------------------------------------------------------------
_ARCHIVE_WORD = re.compile(
    r"\b(?:ar(?:ch|kh|qu)iv\w*|archief|archiwum|arkiv\w*|librar(?:y|ies)|bibliot\w*|museum|museo"
    r"|records?\s+office|records\s+management|арх[іи]в\w*)\b", re.I)
_LAW = re.compile(r"\b(?:Act|Law|Decree|Statute|Ordinance|Regulations?)\b(?:\s+(?:of\s+)?(?:1[5-9]|20)\d\d)?\s*$"
                  r"|\b(?:under|pursuant\s+to)\s+the\b", re.I)
_PAREN_ABBR = re.compile(r"\(\s*([^()]{2,14}?)\s*\)\s*$")
_PUBLISHED = re.compile(r"[,;.]?\s*\bpublished\s+(?:in|as)\b\s*", re.I)
_IMPRINT = re.compile(r"\([^():]{2,40}:\s*[^()]{2,80},\s*(?:1[5-9]|20)\d\d\)")  # "(Hanoi: Publisher, 2003)": a book
_LABELS: tuple[tuple[str, str], ...] = (
    ("fond", r"fonds?|f\.|фонд|ф\."),
    ("opis", r"opis['’]?|op\.|опис|оп\."),
    ("delo", r"delo|dela|d\.|справа|спр\.|дело|д\."),
    ("papka", r"papka|p\."),
    ("folios", r"listy|list|ll?\.|folios?|ff\.|fol\.|pages?|pp\.|аркуші?|арк\.|лист[ыи]?|л\."),
    ("doboz", r"doboz"),
    ("box", r"box(?:es)?|karton"),
    ("folder", r"folders?|teczka"),
    ("file", r"files?(?:\s+no\.?)?|sygn\.|sygnatura"),
    ("series", r"series|ser\.|serie"),
    ("volume", r"volumes?|vol\.?|tom|bd\."),
    ("document", r"documents?(?:\s+no\.?)?|doc\.(?:\s+no\.?)?|dok\."),
    ("item", r"items?|no\.|nr\."),
    ("record-group", r"rg|record\s+group"),
    ("year", r"year"),
    ("issue", r"issues?"),
    ("country", r"country"),
)
_LABELLED = tuple(
    (level, re.compile(rf"^(?P<label>{pat})(?:(?P<colon>\s*:\s*)|\s+|(?<=\.)\s*)(?P<value>\S.*)$", re.I | re.S))
    for level, pat in _LABELS
)
_POSTFIX = re.compile(r"^(?P<value>\d+[a-z]?)\.?\s*(?P<label>doboz|tétel)$", re.I)
_POSTFIX_LEVELS = {"doboz": "doboz", "tétel": "file"}
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

# --- Chicago-style strings and URLs ----------------------------------------------------------
_DIGITAL_ARCHIVE = re.compile(
    r",\s*(?:History\s+and\s+Public\s+Policy\s+Program\s+)?Digital\s+Archive\s*,\s*", re.I)
_QUOTED_HEAD = re.compile(r"^\s*[\"“](?P<title>.*)[\"”]\s*,?\s*(?P<date>.*?)\s*$", re.S)
_DATE_TAIL = re.compile(r",\s*(?P<date>(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+|[A-Z][a-z]+\.?,?\s+)?\d{4})\s*$")
_TRAILING_URL = re.compile(r"\s*https?://\S+\s*$")
_DOCUMENT_ID = re.compile(r"/document/(\d+)(?![\w-])")


def _labelled(part: str) -> tuple[str, str] | None:
    """``(level, value)`` when ``part`` is a labelled unit such as ``Fond 059a`` or ``Year: 1954``."""
    for level, pattern in _LABELLED:
        m = pattern.match(part)
        if not m:
            continue
        value = _PAREN.sub("", m["value"]).strip(" .,;:")
        words = value.split()
        label = m["label"]
        if label.endswith(".") and len(label) <= 4 and not any(ch.isdigit() for ch in value):
            continue  # "D.C." is no delo: an abbreviated label takes a number
        if value and (any(ch.isdigit() for ch in value) or m["colon"]
                      or (len(words) == 1 and value.lower() not in _STOPWORDS)):
            return level, value
    return None


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
        lab, post = _labelled(t), _POSTFIX.match(t)
        levels = {u.level for u in units}
        if lab:
            level, value = lab
            if level == "papka" and _SHORT_P.match(t) and ("delo" in levels or _RANGE.match(value)):
                level = "folios"  # "p.16-42" after the delo are pages, not a papka
        elif post:
            level, value = _POSTFIX_LEVELS[post["label"].lower()], post["value"]
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
        if level == "folios":
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


def _contributions(credits: str) -> tuple[Contribution, ...]:
    """Contributions named in the credit sentences, one per role and person."""
    out: list[Contribution] = []
    for sentence in _SENT_END.split(credits):
        sentence = sentence.strip()
        for m in _CREDIT.finditer(sentence):
            name = m["name"].strip()
            for verb in _VERB_RE.findall(m["verbs"]):
                out.append(Contribution(_ROLES[verb.lower()], name, sentence))
    return tuple(out)


def parse_citation(text: str) -> SourceCitation:
    """Parse a source line (kept verbatim in ``text``) into archives, units and contributions.

    Never raises: when nothing is recognised the result carries ``text`` only.
    """
    cut = len(text)
    for m in _CREDIT_START.finditer(text):
        if _CREDIT.match(text, m.end()):
            cut = m.start()
            break
    contributions = _contributions(text[cut:])
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
    return SourceCitation(text=text, archives=archives, contributions=contributions, published_in=published_in)


def publishers(text: str) -> list[str]:
    """The publishers of the printed editions a citation names in their imprints.

    >>> publishers("Stalin's Sites (Moscow: Materik, 2005), 464; Papers (Hanoi: State Publishing House, 1999)")
    ['Materik', 'State Publishing House']
    """
    return [m.group(1).strip() for m in re.finditer(r"\([^():]{2,40}:\s*([^()]{2,80}?),\s*(?:1[5-9]|20)\d\d\)", text)]


def parse_chicago_citation(text: str) -> tuple[str | None, str | None, str | None]:
    """``(title, date as written, source)`` from the older site's Chicago-style citation string.

    The source is everything after "Digital Archive, " (contributor sentences included) minus a trailing URL.
    An unquoted title (as some PDF exports print it) ends at the date before "History and Public Policy …":

    >>> parse_chicago_citation("Note, A with B, C, and D, November 05, 1962, History and Public Policy "
    ...                        "Program Digital Archive, Archive X.")
    ('Note, A with B, C, and D', 'November 05, 1962', 'Archive X.')
    """
    body = _TRAILING_URL.sub("", text)
    marker = _DIGITAL_ARCHIVE.search(body)
    head = body[:marker.start()] if marker else body
    source = (body[marker.end():].strip() or None) if marker else None
    title = date = None
    quoted = _QUOTED_HEAD.match(head)
    if quoted:
        title = quoted["title"].strip().rstrip(",").strip() or None
        if marker:
            date = quoted["date"].strip(" ,") or None
    elif marker and (dated := _DATE_TAIL.search(head)):  # an unquoted title: "Title, March 05, 1962"
        title, date = head[:dated.start()].strip(" ,") or None, dated["date"]
    return title, date, source


def document_id_from_url(text: str) -> str | None:
    """The numeric id in a ``/document/<digits>`` path anywhere in ``text``, else None."""
    m = _DOCUMENT_ID.search(text)
    return m[1] if m else None
