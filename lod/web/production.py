"""``lod serve --workers N``: the app under gunicorn, each worker building its own app (and opening the
embedded store read-only) after the fork, so workers share nothing but the configuration and the code: the
master imports the application's modules once, before it forks, so a worker starts with them loaded and only
builds its app (start-up is one import, not one per worker competing for the cores)."""
from __future__ import annotations

import gc
import os
import shutil
import tempfile

from gunicorn.app.base import BaseApplication

from lod.config import MAX_HEADER_LINE, Config


class _Server(BaseApplication):
    def __init__(self, config: Config) -> None:
        self.lod_config = config
        super().__init__()

    def load_config(self) -> None:
        c = self.lod_config
        self.cfg.set("bind", f"{c.host}:{c.port}")
        self.cfg.set("workers", c.workers)
        self.cfg.set("threads", 4)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("timeout", int(max(30, c.query_timeout * 3)))
        self.cfg.set("graceful_timeout", 10)
        self.cfg.set("preload_app", False)
        self.cfg.set("accesslog", None)  # our own structured access log (lod.web.accesslog)
        # gunicorn reads request lines of at most 8,190 bytes, or of any length (0): a long GET query must
        # reach the app, whose limit (LOD_MAX_QUERY_LENGTH) answers with a 414 that says why
        self.cfg.set("limit_request_line", 0)
        self.cfg.set("limit_request_field_size", MAX_HEADER_LINE)  # as the development server reads them

    def load(self):
        from lod.store import open_store
        from lod.web.app import create_app
        return create_app(self.lod_config, open_store(self.lod_config))


def serve(config: Config) -> None:
    """Run gunicorn in the foreground until it is stopped; the workers share one directory of per-client
    query slots (lod.web.limits), so a client's limit holds across them."""
    gc.disable()  # the modules' objects live as long as the server: collections while they load find nothing
    import lod.web.app  # noqa: F401 — imported once, before the fork: every worker inherits the code
    gc.freeze()  # ...and are left out of every later collection, so the workers' pages of them stay shared
    gc.enable()
    if config.limits_dir is not None or not config.client_queries:
        _Server(config).run()
        return
    master = os.getpid()
    config.limits_dir = tempfile.mkdtemp(prefix="lod-limits-")
    try:
        _Server(config).run()
    finally:
        if os.getpid() == master:  # a worker leaving (SystemExit after the fork) must not remove it
            shutil.rmtree(config.limits_dir, ignore_errors=True)
