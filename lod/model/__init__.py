"""The typed record model: what every source parser produces and the mapping consumes."""
from lod.model.record import (
    ArchivalUnit,
    ArchiveCitation,
    Contribution,
    Marking,
    PartialDate,
    Record,
    SourceCitation,
)

__all__ = ["ArchivalUnit", "ArchiveCitation", "Contribution", "Marking", "PartialDate", "Record", "SourceCitation"]
