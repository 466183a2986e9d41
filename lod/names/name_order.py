"""Which part of a personal name is the family name, and the order a name is written in: family-first
East Asian (Chinese, Korean, Vietnamese) and Japanese names, Hungarian family-first order, and a catalogue's
``Family, Given`` heading turned into natural order (:func:`uninvert`).

>>> uninvert("Nehru, Jawaharlal"), uninvert("Mao, Zedong")
('Jawaharlal Nehru', 'Mao Zedong')
"""
from __future__ import annotations

import re

from lod.names import lexicon
from lod.names.normalise import clean, is_inverted, strip_marks, syllable_count

EAST_ASIAN_SURNAMES = frozenset("""
an ahn bae baek bai bak cao chae chang chao chen cheng chiang chin cho choe choi chon chong chou
chu chun chung cui dai deng ding dong du fan fang feng fu gao gong go gu guo ha han hao he heo ho
hong hou hu hua huang hwang hyon hyun im jang jeon jeong jia jiang jin jo jon ju jung kang kao
ki kim ko kong kuo kwon lai lee lei li liang liao lim lin liu lo long lu luo lui ma mao meng min mo
moon mun na nam ng no noh o oh om paek pak pan park peng pyon qian qiao qin ra ren rhee ri ro roh
ryu seo shen shi shin sin so son song su sun sung tan tang tao tian tsai tsao tseng tung wan wang
wei wen wong wu xia xiao xie xu xue yan yang yao ye yi yin yoo yoon yu yuan yun zeng zhang zhao
zheng zhong zhou zhu zou nguyen tran le pham hoang huynh phan vu vo dang bui do ngo duong ly
""".split())
"""Family names written first in Chinese, Korean and Vietnamese usage (pinyin, Wade–Giles, RR, MR)."""
_MORA = re.compile(r"(?:(?:sh|ch|ts|[kgsztdnhbpmr]y|[kgsztdnhbpmrfjyw])?[aeiou]|n(?![aeiouy]))")


def _morae(word: str) -> int:
    w = re.sub(r"([kstpgdbz])\1", r"\1", strip_marks(word).lower()).replace("tch", "ch")
    pieces = _MORA.findall(w)
    return len(pieces) if "".join(pieces) == w else 0


def family_first(family: str, given: str) -> bool:
    """True when a ``Family, Given`` name is written family-first (Chinese, Korean, Vietnamese, Japanese).

    A heuristic: an East Asian surname followed by one or two syllabic given-name parts, or a
    Japanese-looking family and given name (both made of Japanese morae).

    >>> family_first("Mao", "Zedong"), family_first("Nakajima", "Kenzō"), family_first("Nehru", "Jawaharlal")
    (True, True, False)
    """
    fam = strip_marks(family).strip().lower()
    parts = [p for p in re.split(r"[\s\-]+", given.strip()) if p]
    if not fam or " " in fam or not parts:
        return False
    if fam in EAST_ASIAN_SURNAMES and len(parts) <= 2 and all(syllable_count(p) in (1, 2) for p in parts):
        return True
    return len(parts) == 1 and _morae(fam) >= 2 and _morae(parts[0]) >= 2


def _hungarian_given() -> frozenset[str]:
    names = [n.lower() for n in lexicon.entries("hungarian_given_names")]
    # unmarked as well ("Sandor"), but for the few that are then another language's given name
    return frozenset(names) | {f for n in names if (f := strip_marks(n)) != n and f not in {"adam", "peter"}}

HUNGARIAN_GIVEN = _hungarian_given()


def hungarian_order(first: str, second: str) -> bool:
    """True when a two-word name is written family-first the Hungarian way: its second word is a Hungarian given
    name and its first is none ("Nyers Rezső" is Rezső Nyers). Two given names ("Péter János") stay in doubt.

    >>> hungarian_order("Nyers", "Rezső"), hungarian_order("Rezső", "Nyers"), hungarian_order("Péter", "János")
    (True, False, False)
    """
    return second.lower() in HUNGARIAN_GIVEN and first.lower() not in HUNGARIAN_GIVEN and first[:1].isupper()


def uninvert(name: str) -> str:
    """Turn a catalogue ``Family, Given`` heading into natural order (East Asian names stay family-first).

    A trailing bracketed or parenthesised part is kept at the end. Non-person headings are
    returned cleaned but otherwise unchanged.

    >>> uninvert("Nehru, Jawaharlal"), uninvert("Mao, Zedong"), uninvert("Japan. Foreign Ministry")
    ('Jawaharlal Nehru', 'Mao Zedong', 'Japan. Foreign Ministry')
    """
    s = clean(name)
    m = re.search(r"\s*[\[(]", s)
    head, tail = (s[:m.start()], s[m.start():]) if m else (s, "")
    if not is_inverted(head):
        return s
    family, given = (p.strip() for p in head.split(","))
    natural = f"{family} {given}" if family_first(family, given) else f"{given} {family}"
    return natural + tail
