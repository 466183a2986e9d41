"""The WSGI entry point for production servers, configured from the environment::

    LOD_STORE=/srv/lod/store LOD_BASE=https://lod.example.org/ \\
        gunicorn --workers 2 --bind 127.0.0.1:8000 'lod.web.wsgi:app'
"""
from __future__ import annotations

from lod.config import Config
from lod.store import open_dataset
from lod.web.app import create_app

config, store = open_dataset(Config.from_env())  # the base the store records, unless LOD_BASE says it
app = create_app(config, store)
