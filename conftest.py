"""Doctest collection for the ``lod`` package (``--doctest-modules``, see pyproject.toml).

Modules whose import does work are not collected: ``lod/web/wsgi.py`` opens the configured store and builds
the application at import (it is the production entry point). Every doctest runs in a fresh temporary
directory, with ``LOD_STORE`` there too, so no example writes into the source tree.
"""
from __future__ import annotations

import pytest

collect_ignore = ["lod/web/wsgi.py"]


@pytest.fixture(autouse=True)
def _doctest_elsewhere(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(request.node, pytest.DoctestItem):
        tmp = request.getfixturevalue("tmp_path")
        monkeypatch.chdir(tmp)
        monkeypatch.setenv("LOD_STORE", str(tmp / "store"))
