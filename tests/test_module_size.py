"""Modules stay small enough to read in one sitting (issue #14: no module over about 400 lines), and the
mapping reads the typed record model only: it imports nothing from the record sources."""
from __future__ import annotations

from pathlib import Path

import pytest

LOD = Path(__file__).resolve().parent.parent / "lod"
LIMIT = 420  # "about 400 lines"
EXEMPT = ("web",)  # the web layer's split is tracked apart


def _modules() -> list[Path]:
    return sorted(p for p in LOD.rglob("*.py") if p.relative_to(LOD).parts[0] not in EXEMPT)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(LOD.parent)))
def test_no_module_is_over_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LIMIT, f"{path.relative_to(LOD.parent)} has {lines} lines (limit {LIMIT}): split it by job"


def test_the_mapping_imports_nothing_from_the_sources() -> None:
    offenders = [str(p.relative_to(LOD.parent)) for p in (LOD / "mapping").rglob("*.py")
                 if "lod.sources" in p.read_text(encoding="utf-8")]
    assert offenders == []
