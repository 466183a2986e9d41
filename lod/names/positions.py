"""Offices held by the people a text names: ``Soviet Ambassador T. F. Shtykov``, ``Kim Il Sung, Chairman of …``.

An office phrase is a head noun from a lexicon of titles (ambassador, deputy minister, chargé d'affaires …)
with its modifiers: nationality adjectives, places and bodies before it (``Soviet``, ``DPRK``, ``Taiwan's``,
``CC CPSU``) and ``of/for/to/in/at`` complements after it (``of the DPRK in the PRC``). It is taken for a
person only where it stands in apposition to a person mention (the phrases are read by
:mod:`lod.names.office_phrases` over the words of :mod:`lod.names.office_words`; this module finds their holders):

- right before the name: ``Soviet Ambassador T. F. Shtykov``, ``[Foreign] Minister [Adam] Rapacki``,
  ``SOVIET AMBASSADOR IN THE DPRK [signature] /A. PUZANOV/``, ``The Chancellor's [Helmut Kohl's]``;
- right after it, set off by a comma, dash, parentheses or brackets and closed by punctuation or the line
  end: ``Kim Il Sung, Chairman of the Cabinet of Ministers,``, ``Shtykov (Soviet Ambassador)``; several in
  a row (``X, Minister of Health, the head of the delegation``); on the next line of a signature or
  letterhead (``Pál Szarvas`` / ``Ambassador``);
- ``the OFFICE, NAME, <lower-case word>``: ``the Chargé d'Affaires of Poland, Sieradzki, said``.

The key is built from the head and the resolved entities (``ambassador-of-soviet-union-in-north-korea``), so
spelling, case, article and adjective-or-complement variants of one office share it; the label is built
from the same parts, so one key has one label. Precision before recall: an office that cannot be read
whole, or whose holder is ambiguous, yields nothing.

>>> from lod.names import Entity, Resolver
>>> r = Resolver([Entity("place", "soviet-union", "Soviet Union", "en", {"USSR"}),
...               Entity("place", "north-korea", "North Korea", "en", {"DPRK"}),
...               Entity("person", "shtykov-terentii", "Terentii Shtykov", "ru-Latn", {"T. F. Shtykov"})])
>>> text = "USSR AMBASSADOR IN THE DPRK T. F. Shtykov met the ambassador."
>>> [(p.label, p.key, p.surface) for p in find_positions(text, r.find_mentions(text), r)]
[('Soviet Ambassador to North Korea', 'ambassador-of-soviet-union-in-north-korea', 'USSR AMBASSADOR IN THE DPRK')]
"""
from __future__ import annotations

from dataclasses import dataclass

from lod.names.office_phrases import Part, Phrase, PhraseReader
from lod.names.office_words import BOUNDARY, CAPITALISED_ONLY, DASHES, DIPLOMATIC, HONORIFICS, SAYING, TO_HEADS, tokens
from lod.names.resolver import Mention, Resolver
from lod.names.tokenised import Tokenised


@dataclass(frozen=True)
class PositionMention:
    """An office held by ``person``, as written at ``text[start:end] == surface``."""

    person: str  # entity path of the holder, e.g. "person/shtykov-terentii"
    label: str  # normalised display label, e.g. "Soviet Ambassador to North Korea"
    key: str  # stable slug for the position IRI, e.g. "ambassador-of-soviet-union-in-north-korea"
    start: int
    end: int
    surface: str




class HolderFinder(PhraseReader):
    """Whose office each phrase is: the person mention it stands in apposition to."""

    def before_name(self, phrase: Phrase) -> _Hit | None:
        """``Soviet Ambassador T. F. Shtykov``: the longest reading of the phrase that a name follows."""
        for last, of, in_ in reversed(phrase.ends):
            k = self.name_after(phrase, last)
            if k is not None:
                return _Hit(last, self.items[k].entity, of, in_ + self.posting_after(phrase, k, in_))
        return None

    def name_after(self, phrase: Phrase, last: int) -> int | None:
        """The person item right after item ``last`` (past honorifics, given names, ``(``, ``/``), if any."""
        i = self.follow(last)
        poss = self.at(i) is not None and self.items[i].kind == "s"
        i += poss
        while hon := self.match(i, HONORIFICS):
            i += hon[0]
        opener = self.items[i].text if self.punct(i, "(/") else ""
        i += bool(opener)
        given: list[int] = []
        while not self.person(i) and len(given) < 4 and (
                self.capital(i) and self.items[i].kind == "w" or self.punct(i, ".") and given):
            given.append(i)
            i += 1
        if not self.person(i):
            return None
        name, after = self.items[i], self.at(i + 1)
        if given:
            form = self.text[self.items[given[0]].start:name.end].replace("[", " ").replace("]", " ")
            found = self.resolver.lookup(form, "person")
            if found is None or found.path != name.entity:
                return None
        breaks = [self.items[k].nl for k in range(last + 1, i + 1)]
        if max(breaks) > 1 or sum(breaks) == 1 and not self.line_initial(phrase.lead):
            return None
        if opener and not self.punct(i + 1, ")" if opener == "(" else "/"):
            return None
        if poss and not (after is not None and after.kind == "s"):
            return None
        if not phrase.capital and (phrase.head_fold in CAPITALISED_ONLY and last == phrase.head
                                   or after is not None and after.kind == "s"):
            return None  # "in general Kim …", "told the minister Kim's view"
        if phrase.det and (self.word(phrase.lead - 1, *SAYING) or last == phrase.head and not phrase.before
                           and not phrase.portfolio and after is not None and after.kind == "s" and not poss):
            return None  # "I told the Ambassador Kim had left", "showed the Minister Kim's letter"
        return i

    def posting_after(self, phrase: Phrase, k: int, in_: list[Part]) -> list[Part]:
        """``Soviet Representative Aleksei Ignatieff in Pyongyang``: a diplomat's posting after the name."""
        if phrase.head_fold not in DIPLOMATIC or in_ or not self.word(k + 1, "in", "at") or self.items[k + 1].nl:
            return []
        q = k + 2 + self.word(k + 2, "the")
        if self.body(q) and self.items[q].entity.startswith("place/") and not self.items[q].nl:
            return [self.entity_part(self.items[q].entity, self.items[q].text)]
        return []

    def comma_before_name(self, phrase: Phrase) -> _Hit | None:
        """``the Chargé d'Affaires of Poland, Sieradzki, said``: a determined office, then the name."""
        if not phrase.det:
            return None
        for last, of, in_ in reversed(phrase.ends):
            if not self.punct(self.follow(last), ","):
                continue
            k = self.past_honorifics(self.follow(last) + 1)
            after = self.at(k + 2)
            if (self.person(k) and not self.items[k].nl and self.punct(k + 1, ",") and after is not None
                    and after.kind == "w" and after.text[:1].islower() and after.fold not in ("and", "or", "nor", "but")):
                return _Hit(last, self.items[k].entity, of, in_)
        return None

    def follow(self, last: int) -> int:
        """The item after a phrase ending at ``last``, past the final stop of an abbreviation (``D.P.R.K.``)."""
        abbreviation = "." in self.items[last].text and self.punct(last + 1, ".") and not self.items[last + 1].gap
        return last + 1 + abbreviation

    def past_honorifics(self, i: int) -> int:
        while hon := self.match(i, HONORIFICS):
            i += hon[0]
        return i

    def after_name(self, phrase: Phrase, held: dict[int, str]) -> _Hit | None:
        """``Kim Il Sung, Chairman of …,`` / ``Shtykov (Soviet Ambassador)`` / a signature's next line."""
        lead, j = self.items[phrase.lead], phrase.lead - 1
        if j < 0:
            return None
        if self.punct(j, ",") or self.punct(j, DASHES) or self.punct(j, "("):
            sep, j = self.items[j].text if self.items[j].text in ",(" else "-", j - 1
            if j < 0 or self.items[j + 1].nl or lead.nl > (sep == ","):
                return None
        elif self.word(j, "and") and j - 1 in held and not lead.nl:
            sep, j = "and", j - 1  # "Pak Heon-yeong, Vice Premier and Minister of Foreign Affairs,"
        elif "[" in lead.gap and not lead.nl:
            sep = "["
        elif lead.nl == 1:
            sep = "\n"
        else:
            return None
        if self.person(j) and sep != "and":
            holder = self.items[j].entity
        else:  # the office before: "X, Minister of Health, the head of the delegation"
            holder = held.get(j, "") if sep in (",", "and") else ""
        if not holder:
            return None
        signature = self.person(j) and self.line_initial(j)
        if sep == "\n" and not (signature and not self.listed(j, phrase)):
            return None
        for last, of, in_ in reversed(phrase.ends):
            if signature and sep in ",\n" and (tail := self.org_tail(last)):
                last, of = tail[0], of + [tail[1]]
            f = self.follow(last)
            nxt = self.at(f)
            if sep == "(":
                ok = self.punct(f, ")")
            elif sep == "[":
                ok = "]" in (nxt.gap if nxt is not None else self.text[self.items[last].end:])
            elif sep == "\n":
                ok = nxt is None or nxt.nl > 0
            else:
                ok = (nxt is None or nxt.nl > 0 or f > last + 1 or self.punct(f, BOUNDARY) or "[" in nxt.gap
                      or self.word(f, "and") and f + 1 in self.leads)
            if not ok:
                continue
            if phrase.det and self.punct(f, ",") and self.person(self.past_honorifics(f + 1)):
                return None  # "Daniell, the Chargé d'Affaires of Poland, Sieradzki": the office is Sieradzki's
            return _Hit(last, holder, of, in_)
        return None

    def listed(self, j: int, phrase: Phrase) -> bool:
        """The name at ``j`` is one of a list, one name a line (``Copies to:`` / ``Kim`` / ``Molotov``): the
        line before it, or the line after the office, holds a name alone."""
        first, _ = self.line_of(j)
        if first > 0 and self.name_line(*self.line_of(first - 1), labelled=True):
            return True
        _, last = self.line_of(phrase.head)
        return last + 1 < len(self.items) and self.name_line(*self.line_of(last + 1), labelled=False)

    def line_of(self, i: int) -> tuple[int, int]:
        """The first and last item of the line of item ``i``."""
        a = b = i
        while a > 0 and not self.items[a].nl:
            a -= 1
        while b + 1 < len(self.items) and not self.items[b + 1].nl:
            b += 1
        return a, b

    def name_line(self, a: int, b: int, labelled: bool) -> bool:
        """Items ``a..b`` are a person's name alone on a line (after ``To:`` or a number when ``labelled``)."""
        return self.person(b) and (a == b or labelled and self.line_initial(b))

    def org_tail(self, last: int) -> tuple[int, Part] | None:
        """A letterhead's body after the office: ``Chairman, Japan-China Import-Export Association`` or on
        the next line; it must end its line."""
        k = last + 2 if self.punct(last + 1, ",") and not self.items[last + 1].nl else last + 1
        item, after = self.at(k), self.at(k + 1)
        if (self.body(k) and item.entity.startswith("organisation/") and item.nl <= (k == last + 1)
                and (k == last + 2 or item.nl == 1) and (after is None or after.nl)):
            return k, self.entity_part(item.entity, item.text)
        return None


@dataclass
class _Hit:
    """A reading of a phrase for a holder: where it ends and its ``of`` and ``in`` parts."""

    last: int
    holder: str
    of: list[Part]
    in_: list[Part]



def _compose(phrase: Phrase, hit: _Hit) -> tuple[str, str]:
    """(label, key) of the office: head, then ``of`` parts (portfolio, complements, what stood before the
    head, nearest first), then ``in`` parts; one label for one key."""
    of: dict[str, Part] = {}
    for part in phrase.portfolio + hit.of + phrase.before:
        of.setdefault(part.key, part)
    in_: dict[str, Part] = {}
    for part in hit.in_:
        in_.setdefault(part.key, part)
    key = "-".join(phrase.title_keys) + "".join(f"-of-{k}" for k in of) + "".join(f"-in-{k}" for k in in_)
    ofs = list(of.values())
    adjective = ofs.pop().adjective if ofs and ofs[-1].adjective else ""
    label = " ".join(filter(None, [adjective, *phrase.title])) + "".join(f" of {p.label}" for p in ofs) + "".join(
        f" {'to' if phrase.head_fold in TO_HEADS and (p.adjective or p.label.startswith('the ')) else 'in'} {p.label}"
        for p in in_.values())
    return label, key


WINDOW = 400  # characters around a person mention an office phrase in apposition can reach (and then some)


def find_positions(text: str | Tokenised, mentions: list[Mention], resolver: Resolver) -> list[PositionMention]:
    """The offices ``text`` gives to the persons among ``mentions`` (as found by
    :meth:`Resolver.find_mentions`), sorted by offset; places and bodies among ``mentions`` key the office.

    Offices stand next to the person they belong to, so a long text is read only in whole-line windows
    around its person mentions. ``text`` may come tokenised (:mod:`lod.names.tokenised`), as mention
    scanning read it: its tokens are then read, not made again."""
    shared = text if isinstance(text, Tokenised) else None
    text = shared.text if shared is not None else text
    if not isinstance(text, str) or not text:
        return []
    people = [m for m in mentions if isinstance(m.entity_path, str) and m.entity_path.startswith("person/")
              and isinstance(m.start, int) and isinstance(m.end, int)]
    if not people:
        return []
    shared = shared or Tokenised(text)
    if len(text) <= 4 * WINDOW:
        return _find(shared, mentions, resolver)
    windows: list[list[int]] = []
    for m in sorted(people, key=lambda m: m.start):
        a, b = _line_start(text, max(0, m.start - WINDOW)), _line_end(text, min(len(text), m.end + WINDOW))
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    found: set[PositionMention] = set()
    for a, b in windows:
        inside = [Mention(m.entity_path, m.start - a, m.end - a, m.surface) for m in mentions
                  if isinstance(m.start, int) and isinstance(m.end, int) and a <= m.start and m.end <= b]
        for pm in _find(shared.window(a, b), inside, resolver):
            found.add(PositionMention(pm.person, pm.label, pm.key, pm.start + a, pm.end + a, pm.surface))
    return sorted(found, key=lambda p: (p.start, p.end, p.person, p.key))


def _line_start(text: str, i: int) -> int:
    """The start of the line before the one holding ``i`` (a window begins on a whole line, with one line of
    context for rules that look at what precedes a line)."""
    start = text.rfind("\n", 0, i) + 1
    return text.rfind("\n", 0, max(0, start - 1)) + 1 if start > 0 else 0


def _line_end(text: str, i: int) -> int:
    """The end of the line after the one holding ``i``."""
    end = text.find("\n", i)
    if end < 0:
        return len(text)
    after = text.find("\n", end + 1)
    return len(text) if after < 0 else after


def _find(shared: Tokenised, mentions: list[Mention], resolver: Resolver) -> list[PositionMention]:
    text = shared.text
    finder = HolderFinder(text, tokens(shared, mentions), resolver)
    held: dict[int, str] = {}
    found: set[PositionMention] = set()
    phrases = finder.phrases()
    finder.leads = {phrase.lead for phrase in phrases}
    for phrase in phrases:
        hit = finder.before_name(phrase) or finder.comma_before_name(phrase)
        if hit is None and (hit := finder.after_name(phrase, held)) is not None:
            held[hit.last] = hit.holder
        if hit is None:
            continue
        label, key = _compose(phrase, hit)
        start, end = finder.items[phrase.first].start, finder.items[hit.last].end
        found.add(PositionMention(hit.holder, label, key, start, end, text[start:end]))
    return sorted(found, key=lambda p: (p.start, p.end, p.person, p.key))