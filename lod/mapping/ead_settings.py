"""What a collection's EAD files leave unsaid (:class:`EadSettings`), and the small terms every part of the EAD
mapping writes alike: the texts' language tag, typed dates.

>>> language_tag(["fre"]), str(typed("1979").datatype)
('fr', '<http://www.w3.org/2001/XMLSchema#gYear>')
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pycountry
import pyoxigraph as ox

from lod.mapping.ead_notes import HEADINGS_EN
from lod.mapping.terms import iri, lit
from lod.vocab import XSD


@dataclass(frozen=True)
class EadSettings:
    """What a collection's EAD files leave unsaid and its publisher knows: the language of texts when the
    header declares none, and what its digital objects are (the Archives nationales' are JPEG images made by
    digitisation; nothing is said when unset)."""

    language: str | None = None
    object_format: str | None = None  # dc:format of every digital object ("image/jpeg")
    object_technique: str | None = None  # rico:hasProductionTechniqueType of every digital object (an IRI)
    headings: dict[str, str] = field(default_factory=lambda: HEADINGS_EN)  # notes' headings (the converter's: HEADINGS_FR)
    language_iri: str = "http://id.loc.gov/vocabulary/iso639-2/{code}"  # a langmaterial language's IRI by its code
    #: a physloc naming one of these (a regular expression, case ignored) is at that place (its authority id)
    physloc_places: tuple[tuple[str, str], ...] = ()
    #: the authority id of the body that writes and publishes the finding aids (the ANF: ``FRAN_NP_005061``);
    #: unset, a publisher is known by its name and an author only in the finding aid's history
    publisher_id: str | None = None
    #: physfacet types that are representation types, not carrier types; those that say a unit is born digital
    representation_types: frozenset[str] = frozenset()
    digital_types: frozenset[str] = frozenset()
    #: the identifiers (``{source}-{number}``) of the publisher's documentary form types, record states and
    #: record set types: what a ``genreform`` with that number is (unknown: its text as ``rico:type``)
    documentary_form_types: frozenset[str] = frozenset()
    record_states: frozenset[str] = frozenset()
    record_set_types: frozenset[str] = frozenset()


def language_tag(languages: list[str]) -> str | None:
    """A BCP 47 tag for the finding aid's first language, None if unknown.

    >>> language_tag(["fre"]), language_tag(["dut"]), language_tag(["eng"]), language_tag(["xx-unknown"])
    ('fr', 'nl', 'en', None)
    """
    for code in (c.strip().lower() for c in languages):
        if len(code) == 2 and code.isalpha():
            return code
        found = len(code) == 3 and (pycountry.languages.get(alpha_3=code)
                                    or pycountry.languages.get(bibliographic=code))
        if found:
            return getattr(found, "alpha_2", None) or found.alpha_3
    return None


def typed(value: str):
    """An ISO date as ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` by its length."""
    dtype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value))
    return lit(value) if dtype is None else ox.Literal(value, datatype=iri(str(dtype)))




def collapsed(begin: str, end: str) -> str:
    """A range in one date as the converter writes a publication or revision date: the date both ends share,
    to the month or the year, else the beginning.

    >>> collapsed("1979-01-01", "1979-12-31"), collapsed("1901-01-01", "2000-12-31"), collapsed("2015-03-02", "2015-03-09")
    ('1979', '1901-01-01', '2015-03')
    """
    if begin == end:
        return begin
    if begin[:7] == end[:7]:
        return begin[:7]
    if begin[:4] == end[:4]:
        return begin[:4]
    return begin
