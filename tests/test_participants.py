"""Participants named in the body of a record of a meeting: header lists and speaker labels (made-up names)."""
from __future__ import annotations

import pytest

from lod.sources.page import parse_page
from lod.sources.participants import body_participants, speakers


@pytest.mark.parametrize("body, expected", [
    ("[The meeting began at 9 p.m. Present were B.Ou. Vantelsky, R.T. Kormov, Lin A.B. (Interpreter). On the "
     "Ostrian side: Dal Heon-mi [Dal Hon Mi], the Ostrian envoy to Examplia Tor Bek-su, Ru Ha (Interpreter).]",
     ["B.Ou. Vantelsky", "R.T. Kormov", "Lin A.B.", "Dal Heon-mi [Dal Hon Mi]", "Tor Bek-su", "Ru Ha"]),
    ("The following Ostrian comrades took part in the meeting: Comrade Ilir Vaso, Comrade Dren Muka, and "
     "Comrade Arta Lek. The Examplian side was [also] represented by: Comrade Wu Pengfei.",
     ["Ilir Vaso", "Dren Muka", "Arta Lek", "Wu Pengfei"]),
    ("Participants; Ostrian side: Prime Minister Karvo, Foreign Minister Selin, [name blacked out]. "
     "Examplian side: Vice Premier Tan Qiming, Ambassador Ho Lan.",
     ["Karvo", "Selin", "Tan Qiming", "Ho Lan"]),
    ("Place: Capital Hall\n\nParticipants:\n\nFrom Ostria\nVARN Do-sik Co-chairman of the Committee\n"
     "PEL Min-ho Assistant to the co-chairman (Director of Planning and Settlement)\nTOR Il 2nd Vice Premier\n\n"
     "East (VARN): Welcome.\n", ["VARN Do-sik", "PEL Min-ho", "TOR Il"]),
    ("The talks were attended by Comrade Oru Tamsin and Comrade Ledo Vark.", ["Oru Tamsin", "Ledo Vark"]),
    ("Interpreted by Lin Ha [Lin Ha]\n\nThe talk began.", ["Lin Ha [Lin Ha]"]),
    ("Your notes were handed to A. Varkel in the presence of [Ostrian President Ivo] Brankov and [Lia] Tamsin. Then",
     ["[Ostrian President Ivo] Brankov", "[Lia] Tamsin"]),
])
def test_header_lists_name_the_participants(body, expected):
    assert body_participants(body) == expected


@pytest.mark.parametrize("body", [
    "Your notes were presented to A. Varkel in the presence of the Minister.",  # "presented" is no label
    "We have received your telegram of 8 September. Present: the Minister of Foreign Affairs.",  # an office alone
    "Present: the Ostrian Trade Delegation.",  # a body is no person
    "I would like to present our greetings to the Examplian comrades.",
])
def test_no_participant_without_a_list_of_names(body):
    assert body_participants(body) == []


def test_a_list_the_capture_cuts_loses_its_last_item():
    body = "The following comrades took part in the meeting: Comrade Ilir Vaso, Comrade Dren Muka, Comrad"
    assert body_participants(body) == ["Ilir Vaso", "Dren Muka"]


def test_speaker_labels_of_a_dialogue():
    body = ("Record of the talks.\nComrade Oru Tamsin:\nWe welcome you.\nComrade Ledo Vark:\nThank you.\n"
            "Archival Signature: XY 30, 12\n")
    assert body_participants(body, "minutes") == ["Oru Tamsin", "Ledo Vark"]
    assert body_participants(body, "letter") == []  # only a record of a conversation or minutes has speakers


def test_speakers_need_evidence_beyond_the_colon():
    # one label alone is no dialogue; an untitled single word counts when it opens two lines
    assert speakers("Subject: the harvest\nCopies: three") == []
    assert speakers("Varkel: Good.\nTamsin: Yes.\nVarkel: Then we agree.\nTamsin: We do.") == ["Varkel", "Tamsin"]
    # "North (VARN)": a bare family name in brackets identifies no one for certain
    assert speakers("North (VARN): Hello.\nSouth (PEL): Hello.") == []


def test_page_gives_body_participants_the_record():
    page = ("Skip to content\n\nMarch 3, 1961\n\nRecord of Conversation between Ivo Brankov and Lia Tamsin\n\n"
            "Present were Oru Vantel and Ledo Vark.\n\nBrankov said the harvest was in.\n\n"
            "Document Information\n\nSource\n\nArchive X, Fond 1.\n")
    rec = parse_page(page, "x.txt")
    assert rec.participants == ["Ivo Brankov", "Lia Tamsin", "Oru Vantel", "Ledo Vark"]


def test_initials_alone_are_no_participant() -> None:
    """"N.N." stands for a person the writer does not name: no one to link."""
    from lod.sources.participants import body_participants
    body = "Participants on the Zorbian side: President Orlav, Foreign Minister Petrenk as notetaker, N.N., adviser\n"
    assert "N.N." not in body_participants(body) and "N.N" not in body_participants(body)


def test_a_misspelt_office_after_a_name_is_still_an_office() -> None:
    from lod.sources.participants import _name
    assert _name("PAK Song-chol Asistant to the co-chairman", office_after=True) == "PAK Song-chol"
