"""Keys for the agents an archive's own record ids name, scoped so that two archives' ids never meet by chance.

An EAC-CPF ``recordId`` (and an EAD ``@authfilenumber`` without ``@source``) is an archive's own number. When
it does not say whose it is, another archive's record of the same number would share its IRI: a false merge,
the worst error. The rule (:func:`identifies_issuer`): an id identifies its issuer when it is a URI or an
ARK, an ANF ``FRAN_…`` id, or at least 6 characters with a letter and either a digit or a separator
(``DE-1a-173930``, ``RU007004``, ``OAC.caltech_feynmanr.c``, ``ehri-pers-000051``). Anything else (only digits
``65``, ``75121530``; a short code ``C0451``; one word) is prefixed with its agency (:func:`scoped`): the
EAC record's ``maintenanceAgency`` (its ``agencyCode``, else its ``agencyName``), the finding aid's
(``eadid/@mainagencycode`` with ``@countrycode``, EAD3 ``maintenanceagency``, else its publisher). So the
record ``65`` of ``DE-ITS`` and a persname ``authfilenumber="65"`` in a finding aid of ``DE-ITS`` meet in
``…/de-its-65``; the ``65`` of another agency does not. With no agency at all the file scopes it: such an id
meets nothing else (a missed meeting is a lesser error than a false merge).

>>> scoped("65", "DE-ITS"), scoped("DE-1a-173930", "DE-1a"), scoped("FRAN_NP_050551", "FR-FRAN")
('DE-ITS-65', 'DE-1a-173930', 'FRAN_NP_050551')
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePath

from lod.model.authority_record import AuthorityRecord
from lod.slug import slug

_SCHEME = re.compile(r"(?:https?|ark|urn):", re.I)

Canonical = Callable[[str, str], tuple[str, str]]
"""An agent's ``(kind, key)`` -> the ``(kind, key)`` of its IRI: the ingest's decision that an authority record's
agent is a curated entity (:class:`lod.names.aliases.Aliases`), passed to the mapping, which never decides it."""


def as_is(kind: str, key: str) -> tuple[str, str]:
    """The :data:`Canonical` of a mapping without aliases: every agent keeps its own key."""
    return kind, key


def identifies_issuer(ident: str) -> bool:
    """Whether a record id says whose it is (see the module's rule).

    >>> [identifies_issuer(i) for i in ("65", "C0451", "smith", "RU007004", "TEST_1", "http://n2t.net/ark:/1/x")]
    [False, False, False, True, True, True]
    """
    i = ident.strip()
    if _SCHEME.match(i) or i.startswith("FRAN_"):
        return True
    letter, digit, separated = (re.search(r"[^\W\d_]", i), re.search(r"\d", i), re.search(r"\w[._:-]+\w", i))
    return len(i) >= 6 and bool(letter) and bool(digit or separated)


def scoped(ident: str, agency: str | None) -> str:
    """The id, prefixed with its agency when it does not identify its issuer (as it is without an agency)."""
    i = ident.strip()
    if identifies_issuer(i) or not agency or not agency.strip():
        return i
    return f"{' '.join(agency.split())}-{i}"


def ead_agency(country: str | None, agency_code: str | None, agency_name: str | None = None,
               publisher: str | None = None) -> str | None:
    """A finding aid's agency, as an EAC record's ``agencyCode`` writes it (ISO 15511: ``US-NjP``): the
    code with its country when it lacks it, else the agency's or publisher's name; None without any.

    >>> ead_agency("us", "NjP"), ead_agency("NL", "NL-HaNA"), ead_agency("fr", None, None, "Archives X")
    ('US-NjP', 'NL-HaNA', 'Archives X')
    """
    code = (agency_code or "").strip()
    if code:
        c = (country or "").strip().upper()
        return code if not c or code.upper().startswith(f"{c}-") else f"{c}-{code}"
    return next((n.strip() for n in (agency_name, publisher) if n and n.strip()), None)


def record_agency(rec: AuthorityRecord) -> str:
    """Whose an EAC-CPF record is: its ``agencyCode``, else its ``agencyName``, else its file
    (:func:`by_file`)."""
    c = rec.control
    return next((a.strip() for a in (c.agency_code, c.agency_name) if a and a.strip()), by_file(rec.source))


def by_file(source: str) -> str:
    """The scope of a file that names no agency: its file name (not its path, so that its IRIs do not move
    with the folder it is ingested from): ``by_file("/data/EHRI__abwehr.xml")`` → ``file EHRI__abwehr.xml``."""
    return f"file {PurePath(source).name}"


def agent_key(rec: AuthorityRecord, ident: str | None = None) -> str:
    """The key of the agent a record describes (or of the record ``ident`` of the same agency it names):
    the slug of its scoped id.

    >>> from lod.model.authority_record import Control
    >>> agent_key(AuthorityRecord("65", control=Control(agency_code="DE-ITS"))), agent_key(AuthorityRecord("FRAN_NP_1"))
    ('de-its-65', 'fran-np-1')
    """
    return slug(scoped(rec.record_id if ident is None else ident, record_agency(rec)))
