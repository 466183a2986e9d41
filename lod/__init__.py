"""lod: a linked-open-data publisher for archival records (RiC-O 1.1 with a Dublin Core / schema.org layer)."""

__version__ = "0.1.0"
