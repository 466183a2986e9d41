"""The OAI-PMH and reconciliation benchmark (bench/protocols.py) on the bundled records: harvests that follow
their resumption tokens to the end (every live item of the registry, once), Turtle baselines of the same items,
reconciliation batches whose rewritten names still find their people, and every figure measured."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.protocols import BATCH, _ingested, run


def test_protocols_benchmark_harvests_every_item_and_reconciles_rewritten_names(tmp_path: Path):
    store = _ingested(str(tmp_path))
    res = run(store, rounds=1, seed=7, owned=True)

    with sqlite3.connect(store / "oai.sqlite") as db:  # rebuilt by the first request after its removal
        live = dict(db.execute("SELECT kind, COUNT(*) FROM items WHERE deleted = 0 GROUP BY kind").fetchall())
    lists = res["oai"]["ListRecords"]
    assert lists["oai_dc"]["ours"]["items"] == sum(live.values()) > 100  # more than one page
    assert lists["ead"]["ours"]["items"] == live["record"] + live["record-set"]
    assert lists["eac_cpf"]["ours"]["items"] == live["agent"]
    for figures in lists.values():
        assert figures["baseline"]["items"] == figures["ours"]["items"]
        assert figures["baseline"]["requests"] == figures["baseline"]["items"]  # one Turtle document an item
        for side in figures.values():
            assert side["wall_ms_per_item"] > 0 and side["cpu_ms_per_item"] > 0
    assert res["oai"]["cold_first_request_building_registry"]["ms"] > 0
    assert res["registry_build"]["items"] == sum(live.values())

    rec = res["reconcile"]
    assert len(rec["people"]) == BATCH
    assert all(right >= BATCH // 2 for right in rec["top_candidate_right"].values())
    for figures in rec["figures"].values():
        assert figures["ours"]["items"] == figures["baseline"]["items"] == BATCH
        assert figures["ours"]["p50_ms"] > 0 and figures["baseline"]["cpu_ms_per_item"] > 0
