"""Configuration in one place: defaults a new user wants, overridden by environment, then options."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass
class Config:
    """Settings shared by the command line and the web application.

    >>> Config.from_env({"LOD_BASE": "https://example.org"}).base
    'https://example.org/'
    """

    store: str = "var/store"
    base: str = "http://localhost:5000/"
    authority: Path = REPO_DATA / "authorities" / "entities.tsv"
    host: str = "127.0.0.1"
    port: int = 5000

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            self.base += "/"

    @property
    def dumps(self) -> Path:
        """Where ingest writes the dataset dumps and the server finds them."""
        return Path(self.store) / "dumps"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> "Config":
        """Defaults, then ``LOD_STORE``/``LOD_BASE``/``LOD_AUTHORITY``, then non-None ``overrides``."""
        env = dict(os.environ if env is None else env)
        values: dict[str, object] = {}
        if env.get("LOD_STORE"):
            values["store"] = env["LOD_STORE"]
        if env.get("LOD_BASE"):
            values["base"] = env["LOD_BASE"]
        if env.get("LOD_AUTHORITY"):
            values["authority"] = Path(env["LOD_AUTHORITY"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
