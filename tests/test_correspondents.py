"""Signers, addressees and relayed senders a document's own text names (made-up names)."""
from __future__ import annotations

import pytest

from lod.sources.correspondents import correspondents, distribution, signatures
from lod.sources.page import parse_page

TEXT = "The delegation will arrive on Monday and leave for the provinces on Thursday."


@pytest.mark.parametrize("lines, expected", [
    ([TEXT, "Ivo Brankov", "Ambassador"], [("Ivo Brankov", False)]),
    ([TEXT, "Ambassador of Ostria in Examplia [Signature] L[ia]. Tamsin"], [("Lia Tamsin", False)]),
    ([TEXT, "Varkel [Brankov].”", "Send the reply by cable.", "KORMOV", "4 copies"], [("Varkel [Brankov]", True)]),
    ([TEXT, "By order of the Minister", "Oru Vantel", "Deputy Head of Department"], [("Oru Vantel", False)]),
])
def test_signature_lines(lines, expected):
    assert signatures(lines) == expected


@pytest.mark.parametrize("lines", [
    ["Top Secret", "Ivo Brankov", "Making Copies Prohibited"],  # no running text: a heading, no signature
    [TEXT, "TOP SECRET", "MOSCOW", "Copies:", "Ivo Brankov"],  # stamps, a place, a list's items
    [TEXT, "Copies:", "1. Comr. Brankov", "2. Comr. Tamsin"],
    [TEXT, "Ministry of Foreign Affairs"],  # a body is no signer
])
def test_no_signature(lines):
    assert signatures(lines) == []


def test_distribution_lists_name_addressees():
    assert distribution(["Produced in 4 copies for:", "- Comrade Varkel", "- Comrade Tamsin", "- Department",
                         "Subject: the harvest"]) == ["Varkel", "Tamsin"]
    assert distribution(["Distribution: Comrade Varkel, Cde. Tamsin"]) == ["Varkel", "Tamsin"]
    assert distribution(["Copies:", "1. Comrade Varkel"]) == []  # the registry of the copies


def test_salutation_and_relayed_sender():
    c = correspondents("Dear Comrade Ivo Brankov,\nI write to you about the harvest of this year in the north.")
    assert c.addressees == ["Ivo Brankov"]
    assert correspondents("Dear Comrade President,\nI write to you about the harvest this year.").addressees == []
    c = correspondents("Cryptogram No 5\nfrom Examplia\nCom. Varkel informs in his telegram No 42 of May 1:\n" + TEXT)
    assert c.relayed_senders == ["Varkel"]


PAGE = """Skip to content

May 1, 1960

{title}

{body}

Author(s):
"""


def test_a_telegrams_signer_sent_it_a_reports_signer_wrote_it():
    body = TEXT + "\n\nIvo Brankov\nAmbassador"
    telegram = parse_page(PAGE.format(title="Telegram from the Ostrian Embassy in Examplia", body=body), "t.txt")
    assert "Ivo Brankov" in telegram.senders and "Ivo Brankov" not in telegram.creators
    report = parse_page(PAGE.format(title="Report, Ostrian Embassy to the Ostrian Foreign Ministry", body=body), "r.txt")
    assert "Ivo Brankov" in report.creators and "Ivo Brankov" not in report.senders
