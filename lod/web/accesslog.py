"""Structured access logs: one JSON object per request on standard error.

    {"time": "2026-11-27T01:02:03Z", "method": "GET", "path": "/doc/record/300237", "status": 200,
     "ms": 4.1, "bytes": 15227, "remote": "127.0.0.1", "agent": "curl/8.0", "accept": "text/turtle"}
"""
from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, Response, g, request

logger = logging.getLogger("lod.access")


def install(app: Flask) -> None:
    """Log every request the app answers (query strings cut at 500 characters; no credentials)."""
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.before_request
    def _start() -> None:
        g.lod_started = time.perf_counter()

    @app.after_request
    def _log(resp: Response) -> Response:
        started = g.get("lod_started", time.perf_counter())
        query = request.query_string.decode("latin-1")
        logger.info(json.dumps({
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "method": request.method,
            "path": request.path,
            "query": query[:500] + ("…" if len(query) > 500 else ""),
            "status": resp.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "bytes": resp.calculate_content_length(),
            "remote": request.headers.get("X-Forwarded-For", request.remote_addr),
            "agent": request.headers.get("User-Agent", "")[:200],
            "accept": request.headers.get("Accept", "")[:200],
        }, ensure_ascii=False))
        return resp
