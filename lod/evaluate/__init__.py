"""``lod evaluate``: ingest pages into a scratch store, read back what was published, score it against gold.

The inputs are ingested by the project's own :func:`lod.ingest.ingest` into an embedded store in a temporary
directory (removed afterwards), with the authority and link files of the configuration, exactly as
``lod ingest`` would load them; the scores come from the store's RDF (:mod:`lod.evaluate.extracted`), never
from the parser's objects, so they measure what a client of the published data sees.

>>> # scores = evaluate(Path("../shared/corpus/dev/gold.jsonl"), [], Config.from_env())
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from lod.config import Config
from lod.evaluate.extracted import read_records, source_file
from lod.evaluate.gold import GoldError, load_gold
from lod.evaluate.score import Scores, score
from lod.vocab import Local

__all__ = ["GoldError", "Scores", "default_inputs", "evaluate"]


def default_inputs(gold: Path) -> list[Path]:
    """The ``records/`` folder beside the gold file (the dev set's layout)."""
    return [gold.parent / "records"]


def evaluate(gold_path: Path, inputs: list[Path], cfg: Config) -> Scores:
    """Score the records ingested from ``inputs`` (default: :func:`default_inputs`) against ``gold_path``.
    Raises GoldError for a gold file that cannot be read, FileNotFoundError for an input that does not exist."""
    from lod.ingest import ingest
    from lod.store import open_store

    gold = load_gold(gold_path)
    inputs = inputs or default_inputs(gold_path)
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or directory: {', '.join(missing)}")
    local = Local(cfg.base)
    with tempfile.TemporaryDirectory(prefix="lod-evaluate-") as scratch:
        store = open_store(str(Path(scratch) / "store"))
        try:
            report = ingest(inputs, store, local, replace=True, authority=cfg.authority, progress=False,
                            links=cfg.links, successions=cfg.successions)
            records = read_records(store, local)
        finally:
            store.close()
    rejected = {source_file(r.source): r.reason for r in report.rejected}
    return score(gold, records, rejected)
