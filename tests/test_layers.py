"""The layers import one way. The web layer reaches the store through its interface only (``lod.store``,
``lod.store.describe``, ``lod.store.terms``), never a backend module; the store knows nothing of the web; the
SPARQL machinery (guard, isolation, executor) knows neither. And nothing in the web layer or the SPARQL
machinery asks a store what it is (``hasattr``/``getattr`` on it): what depends on the backend is the
backend's own method."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

LOD = Path(__file__).resolve().parent.parent / "lod"
BACKENDS = ("lod.store.oxigraph", "lod.store.remote")


def imports(package: str) -> dict[str, set[str]]:
    """Module path -> the modules it imports (at the top or inside a function)."""
    out: dict[str, set[str]] = {}
    for path in sorted((LOD / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names)
        out[str(path.relative_to(LOD.parent))] = names
    return out


def _reaching(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path} imports {name}" for path, names in imports(package).items() for name in sorted(names)
            if any(name == f or name.startswith(f + ".") for f in forbidden)]


def test_the_web_layer_imports_no_backend():
    assert _reaching("web", BACKENDS) == []


@pytest.mark.parametrize("package, forbidden", [
    ("store", ("lod.web",)), ("sparql", ("lod.store", "lod.web")),
    # the readers hand typed values down: neither name resolution nor the mapping reads a source again
    ("names", ("lod.sources", "lod.mapping", "lod.store", "lod.web")),
    ("mapping", ("lod.sources", "lod.web")), ("model", ("lod.sources", "lod.names", "lod.mapping"))])
def test_lower_layers_import_nothing_above_them(package, forbidden):
    assert _reaching(package, forbidden) == []


@pytest.mark.parametrize("package", ["web", "sparql"])
def test_no_code_asks_a_store_what_it_is(package):
    found = []
    for path in sorted((LOD / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                    "hasattr", "getattr", "isinstance") and node.args and "store" in ast.unparse(node.args[0]):
                found.append(f"{path.relative_to(LOD.parent)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_the_scan_sees_an_import_inside_a_function(tmp_path, monkeypatch):
    """The scan is not fooled by a late import (as ``lod/web`` once had: ``from lod.store.oxigraph import
    from_ox`` inside a function)."""
    pkg = tmp_path / "lod" / "web"
    pkg.mkdir(parents=True)
    (pkg / "x.py").write_text("def f():\n    from lod.store.oxigraph import from_ox\n")
    monkeypatch.setitem(globals(), "LOD", tmp_path / "lod")
    assert _reaching("web", BACKENDS) == ["lod/web/x.py imports lod.store.oxigraph",
                                          "lod/web/x.py imports lod.store.oxigraph.from_ox"]
