"""lod: a linked-open-data publisher for archival records (RiC-O 1.1 with a Dublin Core / schema.org layer).

The version is the installed distribution's (``pyproject.toml`` declares it once):

>>> __version__ == metadata.version("lod-archive")
True
"""
from importlib import metadata

try:
    __version__ = metadata.version("lod-archive")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
