"""Synthetic records shaped like the real ones, in both input forms `lod ingest` reads.

* page text (``.txt``, the layout of data/records/wcda-300237.txt): date line, title, body, summary, then the
  metadata blocks ``Author(s):``, ``Associated People & Organizations``, ``Associated Places``,
  ``Subjects Discussed``, ``Document Information``, ``Source``, ``Original Archive``, ``Rights``,
  ``Original Uploaded Date``, ``Language``, ``Record ID``;
* JSON lines of the scraper's fields.

People come from a Zipf-skewed pool (exponent ~1.1), so the head of the pool appears in thousands of records
at 10k and more, the tail in one or two. Deterministic for a given seed.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

GIVEN = ("Aleksei", "Terentii", "Ivan", "Boleslaw", "Pal", "Frank", "Helmut", "Con", "Andrei", "Nikolai", "Kim",
         "Zhou", "Jawaharlal", "Josip", "Walter", "Janos", "Imre", "Wladyslaw", "Gustav", "Anastas", "Deng",
         "Liu", "Vyacheslav", "Mikhail", "Boris", "Jacques", "Aleksander", "Konstantin", "Georgi", "Todor")
FAMILY = ("Ignatiev", "Shtykov", "Puzanov", "Kim", "Pak", "Ri", "Zhou", "Mao", "Nehru", "Kohl", "Aiken",
          "Cremin", "Szarvas", "Csuka", "Jelen", "Gromyko", "Molotov", "Mikoyan", "Tito", "Ulbricht", "Kadar",
          "Nagy", "Gomulka", "Husak", "Zhivkov", "Yeltsin", "Chirac", "Kwasniewski", "Chernenko", "Suslov",
          "Ponomarev", "Andropov", "Brezhnev", "Khrushchev", "Dimitrov", "Ceausescu", "Hoxha", "Tsedenbal")
PLACES = ("Pyongyang", "Beijing", "Moscow", "Budapest", "Havana", "Warsaw", "Prague", "Berlin", "Bonn", "Hanoi",
          "Seoul", "Tokyo", "Washington", "Paris", "London", "Belgrade", "Sofia", "Bucharest", "Ulaanbaatar",
          "Korea (North)", "Korea (South)", "China", "Soviet Union", "Germany", "Poland", "Hungary", "Cuba")
COUNTRIES = ("Korea (North)", "China", "Soviet Union", "Germany", "Poland", "Hungary", "Cuba", "Vietnam",
             "United States", "Japan", "France", "Yugoslavia", "Romania", "Bulgaria", "Mongolia")
FORMS = ("Ciphered Telegram", "Letter", "Memorandum", "Report", "Telegram", "Record of Conversation",
         "Minutes of Conversation", "Journal Entry", "Note", "Information")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
ARCHIVES = (("Archive of Foreign Policy of the Russian Federation", "AVP RF, Fond 0102, Opis {a}, Delo {b}, "
             "Listy {c}-{d}"),
            ("German Federal Archives (BArch)", "BArch, B 136/{a}{b}, {c}-{d}"),
            ("Hungarian National Archives (MOL)", "MOL, XIX-J-1-j Korea, {a}. doboz, {b}/{c}"),
            ("Polish Foreign Ministry Archive", "AMSZ, Zespol {a}, wiazka {b}, teczka {c}"),
            ("Russian State Archive of Contemporary History (RGANI)", "RGANI, Fond 5, Opis {a}, Delo {b}, "
             "Listy {c}-{d}"))
TRANSLATORS = ("Gary Goldberg", "Sergey Radchenko", "Stephan Kieninger", "Balazs Szalontai", "Jakub Poprocki")
LANGUAGES = ("Russian", "German", "Hungarian", "Polish", "Chinese", "Korean")
RIGHTS = ("The History and Public Policy Program welcomes reuse of Digital Archive materials for research and "
          "educational purposes. Some documents may be subject to copyright, which is retained by the rights "
          "holders in accordance with U.S. and international copyright laws.\nTo enquire about this document's "
          "rights status or request permission for commercial use, please contact the History and Public "
          "Policy Program at HAPP@wilsoncenter.org.")
WORDS = ("situation", "delegation", "government", "question", "negotiations", "agreement", "embassy", "party",
         "comrade", "economic", "assistance", "military", "border", "treaty", "armistice", "unification",
         "conference", "proposal", "ambassador", "ministry", "meeting", "leadership", "declaration", "reply",
         "cooperation", "trade", "credit", "delivery", "industry", "agriculture", "students", "press", "radio",
         "congress", "plenum", "resolution", "security", "withdrawal", "troops", "visit", "invitation",
         "discussed", "informed", "emphasized", "expressed", "satisfaction", "concern", "important", "friendly")
RARE_WORDS = ("Weimar", "Zabrze", "Panmunjom", "Kaesong", "Dortmund", "Wonsan", "Chongjin", "Sinuiju")
SUBJECT_TAILS = ("Foreign relations", "Politics and government", "Economic conditions", "Military policy",
                 "Armed Forces")


def person_pool(n_records: int, seed: int = 7) -> list[str]:
    """Distinct "Given Family" names; big enough that the tail is long (about n/4, at least 200)."""
    rnd = random.Random(seed)
    size = max(200, n_records // 4)
    names: list[str] = []
    seen: set[str] = set()
    i = 0
    while len(names) < size:
        g, f = rnd.choice(GIVEN), rnd.choice(FAMILY)
        name = f"{g} {f}" if len(seen) < len(GIVEN) * len(FAMILY) // 2 else f"{g} {f}-{i}"
        i += 1
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


@dataclass
class Rec:
    record_id: str
    date: str  # "March 5, 1953"
    iso_year: int
    title: str
    body: str
    summary: str
    authors: list[str]
    people: list[str] = field(default_factory=list)  # "Family, Given"
    places: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    source: str = ""
    archive: str = ""
    language: str = ""
    uploaded: str = ""


def _inverted(name: str) -> str:
    g, _, f = name.partition(" ")
    return f"{f}, {g}"


def _sentence(rnd: random.Random, people: list[str], places: list[str]) -> str:
    words = rnd.choices(WORDS, k=rnd.randint(8, 22))
    if rnd.random() < 0.4:
        words.insert(rnd.randint(0, len(words)), rnd.choice(people))
    if rnd.random() < 0.3:
        words.insert(rnd.randint(0, len(words)), rnd.choice(places))
    if rnd.random() < 0.02:
        words.insert(rnd.randint(0, len(words)), rnd.choice(RARE_WORDS))
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def records(n: int, seed: int = 7, start_id: int = 500000):
    """Yield ``n`` synthetic records (deterministic for ``seed``)."""
    rnd = random.Random(seed)
    pool = person_pool(n, seed)
    weights = [1 / (i + 1) ** 1.1 for i in range(len(pool))]
    for i in range(n):
        a, b = rnd.choices(pool, weights, k=2)
        mentioned = list(dict.fromkeys(rnd.choices(pool, weights, k=rnd.randint(1, 8))))
        places = rnd.sample(PLACES, rnd.randint(1, 4))
        year = min(1991, max(1945, int(rnd.gauss(1962, 10))))
        month, day = rnd.choice(MONTHS), rnd.randint(1, 28)
        form = rnd.choice(FORMS)
        paras = []
        for _ in range(rnd.choices((1, 3, 8, 20, 45), (2, 5, 6, 3, 1))[0]):  # 150 B .. 30 kB of text
            paras.append(" ".join(_sentence(rnd, [a, b] + mentioned, places) for _ in range(rnd.randint(2, 6))))
        body = f"To {b}.\n" + "\n".join(paras) + f"\n{a.upper()}"
        summary = (f"{a} reports to {b} on the {rnd.choice(WORDS)} {rnd.choice(WORDS)} in {places[0]}. "
                   + _sentence(rnd, mentioned, places))
        archive, pattern = rnd.choice(ARCHIVES)
        source = pattern.format(a=rnd.randint(1, 20), b=rnd.randint(1, 99), c=rnd.randint(1, 50),
                                d=rnd.randint(51, 99)) + f". Translated by {rnd.choice(TRANSLATORS)}."
        c1, c2 = rnd.sample(COUNTRIES, 2)
        yield Rec(record_id=str(start_id + i), date=f"{month} {day}, {year}", iso_year=year,
                  title=f"{form} from {a} to {b}, {month} {day}, {year}", body=body, summary=summary,
                  authors=[_inverted(a)], people=[_inverted(p) for p in [b] + mentioned],
                  places=places, subjects=[f"{c1}--{rnd.choice(SUBJECT_TAILS)}--{c2}" for _ in range(rnd.randint(1, 3))],
                  source=source, archive=archive, language=rnd.choice(LANGUAGES),
                  uploaded=f"20{rnd.randint(11, 24):02d}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}")


def page_text(r: Rec) -> str:
    """The record as a page text, in the layout of data/records/wcda-300237.txt."""
    blocks = [r.date, r.title, r.body, r.summary,
              "Author(s):\n" + "\n".join(r.authors),
              "Associated People & Organizations\n" + "\n".join(r.people),
              "Associated Places\n" + "\n".join(r.places),
              "Subjects Discussed\n" + "\n".join(r.subjects),
              "Document Information", "Source\n\n" + r.source, "Original Archive\n\n" + r.archive,
              "Rights\n\n" + RIGHTS, "Original Uploaded Date\n\n" + r.uploaded, "Language\n\n" + r.language,
              "Record ID\n\n" + r.record_id]
    return "\n\n".join(blocks) + "\n"


def json_row(r: Rec) -> dict:
    """The record as the scraper's fields (one JSON line)."""
    return {"record_id": r.record_id, "title": r.title, "original_publication_date": r.date,
            "summary": r.summary, "text_body": r.body, "authors": r.authors,
            "associated_people_orgs": r.people, "associated_places": r.places,
            "subjects_discussed": r.subjects, "source": r.source, "language": [r.language],
            "original_archive_title": [r.archive], "rights": RIGHTS, "original_upload_date": r.uploaded}


def write_jsonl(path: Path, recs) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(json_row(r), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_inputs(folder: Path, n: int, seed: int = 7, txt_share: float = 0.5) -> dict:
    """``n`` records under ``folder``: the first ``txt_share`` as page texts (one file each), the rest as
    one JSON-lines file. Returns counts."""
    pages = folder / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    n_txt = int(n * txt_share)
    rows = []
    for i, r in enumerate(records(n, seed)):
        if i < n_txt:
            (pages / f"wcda-{r.record_id}.txt").write_text(page_text(r), encoding="utf-8")
        else:
            rows.append(r)
    write_jsonl(folder / "records.jsonl", rows)
    return {"txt": n_txt, "jsonl": len(rows)}
