"""The typed record model: what every source parser produces and the mapping consumes."""
from lod.model.record import (
    ArchivalUnit,
    ArchiveCitation,
    Contribution,
    PartialDate,
    Record,
    SourceCitation,
)

__all__ = ["ArchivalUnit", "ArchiveCitation", "Contribution", "PartialDate", "Record", "SourceCitation"]
