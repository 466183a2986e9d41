"""``lod serve`` without ``--workers``: the app under werkzeug's development server, with two of
http.server's habits corrected so that it answers as gunicorn does:

- it reads request lines as long as a GET of the longest query we take (``Config.max_request_line``)
  instead of a fixed 64 KiB, so that the SPARQL endpoint's own limit (a 414 with CORS headers) answers;
- it sends one ``Date`` header: werkzeug writes its own before the application's headers, and a
  response that sets one (``make_conditional`` does, for conditional requests) would carry two.

>>> # serve(config, create_app(config, store))
"""
from __future__ import annotations

from http import HTTPStatus

from flask import Flask
from werkzeug.serving import WSGIRequestHandler

from lod.config import Config


class RequestHandler(WSGIRequestHandler):
    """werkzeug's handler with our request-line limit (``max_line`` bytes) and one ``Date`` header per
    response (RFC 9110 §6.6.1 allows one); the rest is werkzeug's (every method goes to ``run_wsgi``, a
    dropped connection is handled by ``handle``)."""

    max_line = 65_536
    _date_sent = False

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

    def send_response_only(self, code: int, message: str | None = None) -> None:
        self._date_sent = False  # a new status line: a new header block (interim 1xx responses included)
        super().send_response_only(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "date":
            if self._date_sent:
                return
            self._date_sent = True
        super().send_header(keyword, value)


def serve(config: Config, app: Flask) -> None:
    """Run the development server in the foreground (threaded, no reloader, no debugger) until stopped."""
    handler = type("Handler", (RequestHandler,), {"max_line": config.max_request_line})
    app.run(host=config.host, port=config.port, debug=False, use_reloader=False, threaded=True,
            request_handler=handler)
