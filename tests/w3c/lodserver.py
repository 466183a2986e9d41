"""Our server as the conformance runners need it: ``lod serve`` with test loading on and the union
default graph off (``lod serve`` has no flag for either).

    python -m tests.w3c.lodserver --store DIR --port PORT

The store directory gets an empty generation first when it has none.
"""
from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--base", default="http://lod.test/")
    ap.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args(argv)

    from lod.config import Config
    from lod.store import open_store
    from lod.web.app import create_app

    store = open_store(args.store)
    if not store.exists():
        w = store.writer(replace=True)
        w.commit()
    config = Config(store=args.store, base=args.base, test_load=True, union_default_graph=False,
                    query_timeout=args.timeout, host=args.host, port=args.port)
    app = create_app(config, store)
    app.run(host=args.host, port=args.port, threaded=True, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
