"""Who a source citation credits: the contributor sentences (``Obtained and translated by X and Y.``,
``Translation and editing by X``), one contribution per role and person, and the editors and authors of a
printed edition the source was published in.

>>> [(c.role, c.name) for c in contributions_in("Obtained and translated by Ann Example.")]
[('obtainer', 'Ann Example'), ('translator', 'Ann Example')]
"""
from __future__ import annotations

import re

from lod.model.record import Contribution
from lod.names.name_kinds import not_a_person
from lod.names.normalise import PLACE_WORDS

# --- contributor sentences -------------------------------------------------------------------
_VERB = (r"(?:obtained|translated|contributed|transcribed|donated|provided|edited|compiled|digiti[sz]ed|annotated"
         r"|translation|editing|transcription|compilation|annotation)")  # "translation and editing by X"

_VERB_RE = re.compile(_VERB, re.I)
_ROLES = {"obtained": "obtainer", "translated": "translator", "contributed": "contributor",
          "transcribed": "transcriber", "donated": "donor", "provided": "provider", "edited": "editor",
          "compiled": "compiler", "digitized": "digitizer", "digitised": "digitizer", "annotated": "annotator",
          "translation": "translator", "editing": "editor", "transcription": "transcriber", "compilation": "compiler",
          "annotation": "annotator"}

# A name token is an initial ("G.") or a word; names stop at "(", ".", ",", ";" and " and ".
_NAME_TOKEN = r"(?:[^\W\d_]\.(?=\s)|(?!(?:and|for|from|with)\b)[^\s().,;:]+)"
CREDIT = re.compile(
    rf"\b(?P<verbs>{_VERB}(?:\s*,\s*(?:and\s+)?{_VERB}|\s+and\s+{_VERB})*)"
    rf"(?:\s+(?:for|from|with)\s+[^.;()]*?)?\s+by\s+(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})*)",
    re.I,
)
_MORE = re.compile(rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?!{_VERB}\b)(?P<name>[A-Z]{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})*)", re.I)
"""Another name credited with the same verbs: "translation and editing by A. B and C. D"."""
_PERSON = r"(?:[A-Z]\.|[A-Z][a-z\u00e0-\u024f][\w'’\-]*)(?:\s+(?:[A-Z]\.|[A-Z][a-z\u00e0-\u024f][\w'’\-]*)){0,3}"
_EDITOR = re.compile(rf"(?:^|(?<=[,;.]\s))(?P<name>{_PERSON}),\s+eds?\.(?=[\s,;])")
"""A printed edition's editor: "A. Editor, ed., Collected Papers"."""
_BOOK_AUTHORS = re.compile(rf"(?:^|\bin\s+)(?P<names>{_PERSON}(?:(?:,\s*|\s+and\s+|\s*&\s*){_PERSON}){{0,3}}),\s*(?:''|[\"“‘])")
"""The authors of a book a source was published in, before its quoted title: "in Author and Other, ''Title''"."""
CREDIT_START = re.compile(rf"(?:^|(?<=[.;])|(?<=[.;][\"”]))\s*(?={_VERB}\b)", re.I)
# Sentence end: a period after a word of two or more characters or a closing bracket/quote
# (so initials such as "James G. Hershberg" do not end a sentence).
_SENT_END = re.compile(r"(?:(?<=\w\w[.!?])|(?<=[)\]\"”’'][.!?]))\s+")


def contributions_in(credits: str) -> tuple[Contribution, ...]:
    """Contributions named in the credit sentences, one per role and person."""
    out: list[Contribution] = []
    for sentence in _SENT_END.split(credits):
        sentence = sentence.strip()
        for m in CREDIT.finditer(sentence):
            names, pos = [m["name"].strip()], m.end()
            while (more := _MORE.match(sentence, pos)) and more["name"][:1].isupper():
                names.append(more["name"].strip())
                pos = more.end()
            for name in names:
                for verb in _VERB_RE.findall(m["verbs"]):
                    out.append(Contribution(_ROLES[verb.lower()], name, sentence))
    return tuple(out)


def printed_credits(cited: str, published_in: str | None) -> tuple[Contribution, ...]:
    """The editors (``X, ed.``) and the authors of a book (``in X and Y, "Title"``) a source was printed in;
    a name that cannot be a person's (a place word, an office, a title) is left out.

    >>> [(c.role, c.name) for c in printed_credits("A. Editor, ed., Papers, 1960 (Oslo: Press, 2001)", None)]
    [('editor', 'A. Editor')]
    >>> [(c.role, c.name) for c in printed_credits("", "Document no. 5 in Ann Author and Bo Other, ''Title'' (Oslo: P, 2005)")]
    [('author', 'Ann Author'), ('author', 'Bo Other')]
    """
    out: list[Contribution] = []
    for m in _EDITOR.finditer(cited):
        out.append(Contribution("editor", m["name"], cited))
    if published_in:
        if m := _BOOK_AUTHORS.search(published_in):
            for name in re.split(r",\s*|\s+and\s+|\s*&\s*", m["names"]):
                out.append(Contribution("author", name.strip(), published_in))
    return tuple(c for c in out if not not_a_person(c.name) and not any(w.lower() in PLACE_WORDS for w in c.name.split()))
