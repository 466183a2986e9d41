"""Pure functions that normalise personal and corporate names for matching.

Nothing here knows about a particular collection: these are general rules (Unicode clean-up,
titles, catalogue inversion, transliteration folding). Curated knowledge lives in the
authority file (``data/authorities/entities.tsv``). Which part of a person's name is the family name is
:mod:`lod.names.name_order`'s job.

>>> match_key("IGNATIEV") == match_key("Ignatieff")
True
>>> is_inverted("Nehru, Jawaharlal")
True
"""
from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

from lod.names import lexicon

KINDS = ("person", "organisation", "place")

# --------------------------------------------------------------------------- tables

def _capitalised(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())


TITLES = tuple(dict.fromkeys([*lexicon.entries("honorifics"), *lexicon.entries("titles"),
                              *(_capitalised(h) for h in lexicon.displays("heads"))]))
"""Honorifics, ranks and office heads dropped from the start of a name (repeatedly, longest first), each
after any modifiers, qualifiers, portfolios and nationality adjectives ("Soviet Deputy Foreign Minister")."""

TITLE_PREFIXES = tuple(dict.fromkeys(_capitalised(w) for name in ("modifiers", "qualifiers", "portfolios", "demonyms")
                                     for w in lexicon.displays(name)))
"""Words that stand before an office head in a title ("Deputy", "Special", "Foreign", "Soviet")."""

HONORIFICS = tuple(lexicon.entries("honorifics"))
"""Forms of address ("Comrade", "Cde", "Mr"): what follows one is a name."""

ORG_WORDS = frozenset(w.lower() for w in lexicon.org_words())
"""Words that make a heading an organisation ("United Nations", "Korean Workers' Party")."""

PLACE_WORDS = frozenset(w.lower() for w in lexicon.entries("place_words"))

NOT_NAMES = frozenset(w.lower() for w in lexicon.entries("not_names"))
"""Capitalised words that are never a person's name ("Fragments", "Republic", "Cooperation")."""

_ABSTRACT = re.compile(r"(?:[^\W\d_]{3,}(?:ation|ition|ution|ments|ship|ism|ness))", re.IGNORECASE)
"""Abstract nouns ("Cooperation", "Agreements", "Leadership", "Socialism"): never a person's name."""

PARTICLES = frozenset(("de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la",
                       "le", "von", "van", "der", "den", "ten", "ter", "y", "e", "of", "the", "and", "in", "for",
                       "on", "at", "to",
                       "bin", "ibn", "al", "el"))


# Folding rules applied to each token (lower-case, diacritics stripped), in order.
FOLD_RULES: tuple[tuple[str, str, str], ...] = (
    (r"x", "ks", "Latin x = ks: Aleksei / Alexei, Alekseev / Alexeyev"),
    (r"(?<=\w)sk(?:yy|ii|iy|ij|yi|y|i)$", "ski", "Russian -sky / -skii / -skiy / -skyy"),
    (r"(?<=\w)[iyj]?e(?:ff|f|w|v)$", "ev", "Russian -ev / -iev / -yev / -ieff / -ief / -iew"),
    (r"(?<=\w)off$", "ov", "Russian -ov / -off"),
    (r"(?<=\w)(?:iy|ii|ij|y)$", "i", "final -y / -iy / -ii: Yuriy / Yuri, Aleksey / Aleksei"),
    (r"eo", "o", "Korean RR eo = MR o (Heon-yeong / Hon Yong)"),
    (r"eu", "u", "Korean RR eu = MR u"),
    (r"^ye", "e", "initial ye / e: Yevgeny / Evgeny, Yeltsin / Eltsin"),
    (r"(.)\1+", r"\1", "doubled letters: Ignatieff / Ignatief, Ikkan / Ikan"),
)
_FOLD = tuple((re.compile(p), r) for p, r, _ in FOLD_RULES)

_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_BRACKET_INITIALS = re.compile(r"\[\s*(?:[^\W\d_]{1,2}\.\s*)+\]")
_LEADING_BRACKET = re.compile(r"^\[([^\[\]]*[^\W\d_][^\[\]]*)\]\s*(?=[^\W\d_])")
_LETTERSPACED = re.compile(r"(?<![^\W_])(?:[^\W\d_] ){2,}[^\W\d_](?![^\W_])")
_STRAY = re.compile(r"(?<!\S)[.,;:·•*]+(?=[^\W\d_])")
_EDGE = " .,;:!?*•·/\\|–—-_"
_FINAL_INITIAL = re.compile(r"(?<=[\s.])[^\W\d_]\.\s*$")
def alternation(phrases: tuple[str, ...]) -> str:
    return "|".join(re.escape(t) for t in sorted(phrases, key=len, reverse=True))


_TITLE = re.compile(rf"^(?:(?:{alternation(TITLE_PREFIXES)})[\s\-]+)*(?:{alternation(TITLES)})\.?\s+",
                    re.IGNORECASE)
_HONORIFIC = re.compile(rf"(?<=\s)(?:{alternation(HONORIFICS)})\.?\s+(?=[^\W\d_])", re.IGNORECASE)
HEADING = re.compile(r"^[^\W\d_][^.,]{2,}(?<!\s[A-Z])\.\s+[^\W\d_]")  # not "V[yacheslav] I. Orlov": an initial

_ONSET = ("tch|zh|ch|sh|ts|tz|hs|kk|tt|pp|ss|jj|kh|ph|th|ng|nh|tr|gw|kw|gy|ky|ny|hy|by|py|my|ry|"
          "[bcdfghjklmnpqrstwxyz]")
_SYL = r"[aeiou]{1,3}(?:ng|n|m|l|k|p|t)?"
_SYLLABLES = [re.compile(rf"(?:{_ONSET})?{_SYL}" + rf"(?:(?:{_ONSET}){_SYL})" * k) for k in range(3)]


# --------------------------------------------------------------------------- helpers


def strip_marks(text: str) -> str:
    """Romanise ``text`` for matching (anyascii): diacritics dropped, special Latin letters folded, other
    scripts transliterated letter by letter ("й" is "y", never "и"). Names keep their written form elsewhere.

    >>> strip_marks("Nakajima Kenzō, Jeleń, Łódź"), strip_marks("Юрий")
    ('Nakajima Kenzo, Jelen, Lodz', 'Yuriy')
    """
    return anyascii(unicodedata.normalize("NFC", text))


def words(text: str) -> list[str]:
    """The letter/digit runs of ``text`` (hyphens, apostrophes and punctuation split words).

    >>> words("Kim Il-sung's")
    ['Kim', 'Il', 'sung', 's']
    """
    return _WORD.findall(text)


@functools.lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Fold one word with :data:`FOLD_RULES` (cached; used when scanning bodies).

    >>> fold_token("Vyshinskyy"), fold_token("Heon"), fold_token("IGNATIEFF")
    ('vyshinski', 'hon', 'ignatev')
    """
    t = "".join(_WORD.findall(strip_marks(token).lower()))
    for pattern, repl in _FOLD:
        t = pattern.sub(repl, t)
    return t


def syllable_count(word: str) -> int | None:
    """Number (1–3) of Chinese/Korean-style syllables in ``word``, or None if it does not parse.

    >>> syllable_count("Zedong"), syllable_count("yeong"), syllable_count("Robert")
    (2, 1, None)
    """
    w = strip_marks(word).lower()
    for k, pattern in enumerate(_SYLLABLES, start=1):
        if pattern.fullmatch(w):
            return k
    return None


# --------------------------------------------------------------------------- public rules


def is_org(text: str) -> bool:
    return any(w.lower() in ORG_WORDS for w in words(text))


@functools.lru_cache(maxsize=131_072)  # the same names come back in record after record
def clean(name: str) -> str:
    """Unicode- and typography-clean a name as written, keeping its spelling.

    NFC, whitespace collapsed, bracketed initials ("[A.]") dropped, a leading editorial bracket
    unwrapped ("[Adam] Rapacki"), letter-spaced runs of 3+ letters joined, stray punctuation
    removed, a final possessive dropped, and leading honorifics/titles removed.

    >>> clean("[A.] IGNATIEV"), clean("S H T Y K O V"), clean("Jawaharlal .Nehru")
    ('IGNATIEV', 'SHTYKOV', 'Jawaharlal Nehru')
    >>> clean("Petrenko I.M."), clean("Orlov."), clean("Petrenko, I. M.")
    ('Petrenko I.M.', 'Orlov', 'Petrenko, I. M.')
    >>> clean("Comrade Prime Minister Sato"), clean("General Assembly")
    ('Sato', 'General Assembly')
    """
    s = unicodedata.normalize("NFC", str(name))
    s = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in s)
    s = _SPACE.sub(" ", s).strip()
    s = _BRACKET_INITIALS.sub(" ", s)
    s = _LEADING_BRACKET.sub(lambda m: m.group(1).strip() + " ", s)
    s = _LETTERSPACED.sub(lambda m: m.group(0).replace(" ", ""), s)
    s = _STRAY.sub("", s)
    initial = _FINAL_INITIAL.search(s)
    s = _SPACE.sub(" ", s).strip(_EDGE)
    if len(s) >= 2 and s[0] in "\"“'‘" and s[-1] in "\"”'’" and s.count(s[0]) <= 2:
        s = s[1:-1].strip(_EDGE)
    s = re.sub(r"['’]s$", "", s).strip(_EDGE)
    if initial and s[-1:].isalpha() and _FINAL_INITIAL.search(s + "."):
        s += "."  # "Petrenko I.M.": the full stop of a final initial is the name's
    if (not s.endswith(".") and re.search(r"(?<![^\W\d_])(?:[A-Z]\.){1,}[A-Z]$", s)
            and re.search(r"(?:[A-Z]\.){2,}[\s\]\)]*$", name)):
        s += "."  # the last full stop of initials ("Washington, D.C.", "U.S.") is part of the abbreviation
    while rest := next((r for m in (_TITLE.match(s), _last_honorific(s)) if m and _name_after(r := s[m.end():])), ""):
        s = rest
    return _SPACE.sub(" ", s).strip()


def _name_after(rest: str) -> bool:
    return bool(rest) and (rest[0].isupper() or rest[0] == "[") and not is_org(rest)


def _last_honorific(s: str) -> re.Match[str] | None:
    """The last form of address inside a name, when only titles stand before it ("PEOPLE'S COMMISSAR of
    INTERNAL AFFAIRS Comrade BERIA": what follows is the name)."""
    found = list(_HONORIFIC.finditer(s))
    return found[-1] if found and is_title_only(s[:found[-1].start()]) else None


_TRAILING_GROUP = re.compile(r"\s*([\[(])([^\[\]()]*)[\])]\s*$")
_ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z.&]{2,10}")
_NICKNAME = re.compile(r"\s*\(\s*[\"“”']([^\"“”'()]+)[\"“”']\s*\)|\s+[\"“]([^\"“”]+)[\"”](?=\s|$)")


def split_forms(name: str) -> tuple[str, list[tuple[str, str]]]:
    """Like :func:`split_variants`, but says how each variant was written: bracket|paren|nickname.

    >>> split_forms('FENG XI [STALIN]'), split_forms('Blair, Tony ("Tony")')[1]
    (('FENG XI', [('STALIN', 'bracket')]), [('Tony Blair', 'nickname')])
    """
    s = clean(name)
    found: list[tuple[str, str]] = []
    nick = _NICKNAME.search(s)
    if nick:
        s = (s[:nick.start()] + " " + s[nick.end():]).strip()
    while m := _TRAILING_GROUP.search(s):
        content = clean(m.group(2))
        if m.group(1) == "(" and not _ACRONYM.fullmatch(content) and (HEADING.match(s) or is_org(s[:m.start()])):
            break  # a qualifier, not another name: "Poland. Embassy (Canada)", "Department … (Ireland)"
        s = s[:m.start()].rstrip()
        if content and content[0].isupper() and not re.search(r"\d|\?", content) and not is_generic(content):
            found.append((content, "bracket" if m.group(1) == "[" else "paren"))
    main = clean(s)
    if not main and found:
        main = found.pop()[0]
    found.reverse()
    if nick:
        given = clean(nick.group(1) or nick.group(2))
        family = main.split(",")[0].strip() if "," in main else (words(main) or [""])[-1]
        if given and family:
            found.append((f"{given} {family}", "nickname"))
    return main, found


def split_variants(name: str) -> tuple[str, list[str]]:
    """Split a name from the alternative forms written after it in brackets or quotes.

    >>> split_variants("Ri Ju-yeon [Ri Ju Yon]")
    ('Ri Ju-yeon', ['Ri Ju Yon'])
    >>> split_variants("Chiang, Ching-kuo (Jiang Jingguo)")
    ('Chiang, Ching-kuo', ['Jiang Jingguo'])
    >>> split_variants('Cremin, Cornelius Christopher ("Con")')
    ('Cremin, Cornelius Christopher', ['Con Cremin'])
    """
    main, found = split_forms(name)
    return main, [v for v, _ in found]


TITLE_WORDS = frozenset(w.lower() for t in TITLES + TITLE_PREFIXES for w in _WORD.findall(t)) | PARTICLES | {"a", "an"}


def is_title_only(name: str) -> bool:
    """True when a name has no word but titles, articles and particles ("The Chancellor").

    >>> is_title_only("The Chancellor's"), is_title_only("Chancellor Kohl")
    (True, False)
    """
    return all(w.lower() in TITLE_WORDS or w.lower() == "s" for w in words(name))


def is_generic(name: str) -> bool:
    """True when every word of a name is a title, a particle, a word of :data:`NOT_NAMES` or an abstract noun:
    the name of a document part or of a topic, never of a person ("Economic Cooperation", "Fragments").

    >>> is_generic("Economic Cooperation"), is_generic("the Leadership"), is_generic("Mongolia")
    (True, True, False)
    """
    ws = [w for w in words(name) if w.lower() != "s"]
    return bool(ws) and all(w.lower() in TITLE_WORDS or w.lower() in NOT_NAMES or _ABSTRACT.fullmatch(w)
                            for w in ws)


def is_inverted(name: str) -> bool:
    """True for a person-like catalogue heading ``Family, Given`` (one comma, no corporate parts).

    >>> is_inverted("Kohl, Helmut"), is_inverted("Japan. Foreign Ministry"), is_inverted("Kohl")
    (True, False, False)
    """
    s = re.split(r"\s*[\[(]", name, maxsplit=1)[0]
    if s.count(",") != 1 or HEADING.match(s) or is_org(s):
        return False
    family, given = (p.strip() for p in s.split(","))
    fam_words, giv_words = words(family), [w for w in words(given) if w.lower() not in PARTICLES]
    return (0 < len(fam_words) <= 3 and 0 < len(giv_words) <= 5 and family[:1].isupper()
            and given[:1].isupper() and any(len(w) > 1 and not w.isupper() or len(w) > 3 for w in giv_words))


def _cap(part: str) -> str:
    pieces = re.split(r"(['’])", part)
    out = pieces[0][:1].upper() + pieces[0][1:].lower()
    for i in range(2, len(pieces), 2):
        upper_next = len(pieces[i - 2]) == 1 and i == 2
        p = pieces[i]
        out += pieces[i - 1] + ((p[:1].upper() + p[1:].lower()) if upper_next else p.lower())
    return out


def display_case(name: str) -> str:
    """Title-case an ALL-CAPS name; leave mixed case alone.

    Hyphenated single syllables stay lower-case after the hyphen (Korean/Chinese given names),
    particles are lower-cased, short vowel-less tokens (DPRK) and single short tokens (NATO) kept.

    >>> display_case("KIM IL SUNG"), display_case("PAK HEON-YEONG"), display_case("Kim Il-sung")
    ('Kim Il Sung', 'Pak Heon-yeong', 'Kim Il-sung')
    """
    if any(c.islower() for c in name) or not any(c.isupper() for c in name):
        return name
    tokens = name.split(" ")
    if len(tokens) == 1 and len(words(name)) == 1 and len(name) <= 4:
        return name
    out = []
    for i, token in enumerate(tokens):
        letters = "".join(words(token))
        if len(letters) <= 4 and not re.search(r"[AEIOUY]", strip_marks(letters)) or "." in token:
            out.append(token)
        elif i > 0 and token.lower() in PARTICLES:
            out.append(token.lower())
        else:
            parts = token.split("-")
            res = [_cap(parts[0])]
            for prev, part in zip(parts, parts[1:]):
                syllabic = syllable_count(prev) == 1 and syllable_count(part) == 1
                res.append(part.lower() if syllabic else _cap(part))
            out.append("-".join(res))
    return " ".join(out)


@functools.lru_cache(maxsize=131_072)
def match_key(name: str) -> str:
    """The comparison key: cleaned, diacritics stripped, lower-case, punctuation and spaces dropped,
    each word folded with :data:`FOLD_RULES`.

    >>> match_key("Vyshinskyy") == match_key("Vyshinsky"), match_key("Nakajima, Kenzō")
    (True, 'nakajimakenzo')
    >>> match_key("PAK HEON-YEONG") == match_key("Pak Hon Yong")
    True
    """
    return "".join(fold_token(w) for w in words(clean(name)))


def token_keys(name: str) -> list[str]:
    """Folded keys of each word, in order (compare ``sorted()`` for word-order-free matching).

    >>> sorted(token_keys("Nakajima Kenzo")) == sorted(token_keys("Kenzō Nakajima"))
    True
    """
    return [k for k in (fold_token(w) for w in words(clean(name))) if k]


def years(text: str) -> list[int]:
    """The years (1000–2099) a free text writes, in order: a note's, a date's, a query's.

    >>> years("Minister 1949-1953; b. 1883"), years("no. 12345 of 15.03.1950")
    ([1949, 1953, 1883], [1950])
    """
    return [int(y) for y in _YEAR.findall(text)]
