"""Bodies a record names without saying whose they are ("the Politburo", "the Ministry of Foreign Affairs",
"State Council"), and groups formed for one occasion ("the Chinese delegation"): each is a body of the record
that names it, never one body across records, for each state's records mean their own; a record that names
the fuller body ("the FZP Politburo") says whose (:func:`shortens`).

>>> record_body_forms("The Politburo met the Finnish Delegation; the FZP Politburo agreed.")
['Politburo', 'Finnish Delegation']
"""
from __future__ import annotations

import functools
import re

from lod.names import lexicon
from lod.names.bodies import body_forms, comma_joined, divided, own_acronym, phrases_of, qualifier
from lod.names.normalise import split_forms


def record_body_forms(text: str) -> list[str]:
    """Bodies a text names without saying whose they are, or groups of one occasion, in text order, each once:
    each is a body of the record that names it, never one body across records (whose "Politburo" or
    "Ministry of Foreign Affairs" it is, each state's records answer differently).

    >>> record_body_forms("The Politburo and the Ministry of Foreign Affairs told the Finnish Delegation and "
    ...                   "the Chinese government; the Department agreed with the Finnish Embassy.")
    ['Politburo', 'Ministry of Foreign Affairs', 'Finnish Delegation', 'Chinese government']
    """
    return list(_record_body_forms(text))


@functools.lru_cache(maxsize=4096)  # a record's texts and its senders' names come back several times
def _record_body_forms(text: str) -> tuple[str, ...]:
    joined = {p for _, p, _ in comma_joined(text, phrases_of(text, "own"))}
    found = [(i, f) for i, f in phrases_of(text, "record") if f not in joined]
    nouns = "|".join(map(re.escape, lexicon.entries("body_nouns") + lexicon.entries("ad_hoc_bodies")))
    for m in re.finditer(rf"(?<![\w\-])(?<!north )(?<!south )(?P<q>[A-Z][a-z]+|[A-Z]{{2,5}})[ \t]+(?P<noun>{nouns})"
                         rf"(?![\w\-])", text):  # "the south Korean army" says which Korea's
        state = qualifier(m.group("q"), False)
        ad_hoc = m.group("noun") in lexicon.entries("ad_hoc_bodies")
        if state not in (None, "acronym") and (ad_hoc or state in divided()):
            found.append((m.start(), m.group()))  # "the Korean government": which Korea's?
    return tuple(dict.fromkeys(f for _, f in sorted(found, key=lambda x: x[0])))


def record_body_spans(text: str, taken: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """Where a text names the bodies of :func:`record_body_forms`, ``(start, end, form)``, outside the spans
    ``taken`` by known names ("FZP Central Committee" holds no "Central Committee" of its own) unless they lie
    inside the body's name.

    >>> record_body_spans("The Politburo met; the FZP Politburo agreed for The Politburo.", [(22, 35)])
    [(4, 13, 'Politburo'), (48, 61, 'Politburo')]
    """
    out: list[tuple[int, int, str]] = []
    for form in record_body_forms(text):
        for m in re.finditer(rf"(?<![\w\-]){re.escape(form)}(?![\w\-])", text):
            # a known name inside the body's ("Office of Anna Orlova") takes nothing from it
            if not any(m.start() < e and s < m.end() and not (m.start() <= s and e <= m.end() and e - s < len(form))
                       for s, e in taken):
                start = m.start()
                before = text[:start - 4].rstrip()
                if text[start - 4:start] == "The " and before and before[-1] not in ".!?:;\"“”\n":
                    start -= 4  # "translated for The X Archive": a "The" inside a sentence is the name's
                out.append((start, m.end(), form))
    return sorted(out)


def shortens(form: str, names: list[str]) -> bool:
    """Whether a body's form is one of these fuller names less whose it is: "Politburo" of "FZP Politburo",
    "Politburo of the FZP" or "FZP's Politburo".

    >>> shortens("Politburo", ["Politburo of the FZP"]), shortens("Politburo", ["Politburo"]), shortens("Army", ["Red Army Choir"])
    (True, False, False)
    """
    f = form.lower()
    return any((n := name.lower()) != f and (n.endswith(" " + f) or n.startswith(f + " of ")) for name in names)


def is_body_name(name: str) -> bool:
    """Whether a name, whole, is a body's: an acronym of its own or a body phrase (less a leading "the").

    >>> is_body_name("NHK"), is_body_name("the Ruritanian Research Group"), is_body_name("Anna Orlova")
    (True, True, False)
    """
    bare = re.sub(r"^(?:the|The)\s+", "", " ".join(name.split()))
    if own_acronym(bare):
        return True
    forms = [split_forms(f)[0] for f in body_forms(bare)] + [*body_forms(bare), *record_body_forms(bare)]
    return bare in forms


def record_body(name: str) -> str | None:
    """The body a structured name (a sender, an addressee) names without saying whose, less a leading "the";
    None for any other name.

    >>> record_body("the Ministry of Foreign Affairs"), record_body("Ministry of Foreign Affairs of Finland")
    ('Ministry of Foreign Affairs', None)
    >>> record_body("Comrade Orlov"), record_body("Finnish Embassy")
    (None, None)
    """
    name = " ".join(name.split())
    forms = record_body_forms(name)
    bare = re.sub(r"^(?:the|The)\s+", "", name)
    return bare if forms == [bare] else None
