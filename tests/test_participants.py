"""Participants named in the body of a record of a meeting: header lists and speaker labels (made-up names)."""
from __future__ import annotations

import pytest

from lod.sources.page import parse_page
from lod.sources.participants import body_participants, speakers, summary_participants


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
     ["[Ostrian President Ivo] Brankov", "[Lia] Tamsin", "A. Varkel"]),  # the one handed the notes met them too
])
def test_header_lists_name_the_participants(body, expected):
    assert body_participants(body) == expected


@pytest.mark.parametrize("body", [
    "Your notes were presented at the session in the presence of the Minister.",  # "presented" is no label
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


@pytest.mark.parametrize("body, expected", [
    ("Oru Vantel Tamsin visited me and told me of the harvest.", ["Oru Vantel Tamsin"]),
    ("Yesterday I met with Ivo Brankov at the ministry. We had a long conversation with Lia Tamsin.",
     ["Ivo Brankov", "Lia Tamsin"]),
    ("The envoy delivered the message to Comrade Varkel. Your notes were presented to A. Kormov in the presence "
     "of the Minister.", ["Varkel", "A. Kormov"]),
])
def test_the_people_the_writer_met(body, expected):
    assert body_participants(body) == expected


@pytest.mark.parametrize("body", [
    "The letter was delivered to Moscow on Monday.",  # a place, and no title or initial: no one met
    "The proposal was presented to the Central Committee.",
    "We met the deadline. I received your telegram.",
])
def test_no_meeting_without_a_person_met(body):
    assert body_participants(body) == []


@pytest.mark.parametrize("summary, expected", [
    ("Ivo Brankov and Lia Tamsin discuss the harvest in Ostria.", ["Ivo Brankov", "Lia Tamsin"]),
    ("Varkel, Kormov and Cde. Tamsin met to discuss the border.", ["Varkel", "Kormov", "Tamsin"]),
    ("The Ostrian leadership discusses the border.", []),
    ("Ivo Brankov reports on his talks with the Examplian side.", []),
    ("Ivo Brankov discusses the border.", []),  # one who discusses a question is perhaps the writer
    ("Brankov and Tamsin review the year. They discuss the harvest.", []),  # a pronoun names no one
])
def test_summary_subjects_of_discuss(summary, expected):
    assert summary_participants(summary) == expected


def test_a_transcripts_surname_labels():
    body = ("Varkel. I am sure the plan was wrong.\nTamsin. I want to add a fact about cde. Varkel's report.\n"
            "Varkel. Say the facts.\nTamsin. I am telling facts.\nYes. Thus we close.\nNo. It is late, and yes, no.")
    assert speakers(body, stop=True) == ["Varkel", "Tamsin"]  # "Yes", "No" are written in lower case too
    assert body_participants(body, "minutes") == ["Varkel", "Tamsin"]
    assert body_participants(body, "report") == []  # only a transcript is read for such labels


def test_a_misspelt_office_after_a_name_is_still_an_office() -> None:
    from lod.sources.participants import _name
    assert _name("PAK Song-chol Asistant to the co-chairman", office_after=True) == "PAK Song-chol"
