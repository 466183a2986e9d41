"""``lod serve`` without ``--workers``: werkzeug's development server, reading request lines as long as a GET
of the longest query we take (``Config.max_request_line``) instead of http.server's fixed 64 KiB, so that the
SPARQL endpoint's own limit is the one that answers.

>>> # serve(Config(), create_app(Config(), open_store("var/store")))
"""
from __future__ import annotations

from http import HTTPStatus

from flask import Flask
from werkzeug.serving import WSGIRequestHandler

from lod.config import Config


class LongLineHandler(WSGIRequestHandler):
    """http.server's ``handle_one_request`` with our request-line limit (``max_line`` bytes); the rest is
    werkzeug's (every method goes to ``run_wsgi``; a dropped connection is handled by ``handle``)."""

    max_line = 65_536

    def handle_one_request(self) -> None:
        self.raw_requestline = self.rfile.readline(self.max_line + 1)
        if len(self.raw_requestline) > self.max_line:
            self.requestline = self.request_version = self.command = ""
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG, f"request line over {self.max_line:,} bytes")
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        if self.parse_request():  # else it has sent its 400 (malformed line, bad version, too many headers)
            self.run_wsgi()
            self.wfile.flush()


def serve(config: Config, app: Flask) -> None:
    """Run the development server in the foreground, threaded, until it is stopped."""
    handler = type("Handler", (LongLineHandler,), {"max_line": config.max_request_line})
    app.run(host=config.host, port=config.port, debug=False, use_reloader=False, threaded=True,
            request_handler=handler)
