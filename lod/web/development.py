"""``lod serve`` without ``--workers``: the app under werkzeug's development server, which sends its own
``Date`` header before the application's headers; a response that sets one (``make_conditional`` does, for
conditional requests) would carry two. This handler sends the first only, as gunicorn does.

>>> # serve(create_app(config, store), "127.0.0.1", 5000)
"""
from __future__ import annotations

from flask import Flask
from werkzeug.serving import WSGIRequestHandler


class OneDateRequestHandler(WSGIRequestHandler):
    """werkzeug's handler with one ``Date`` header per response (RFC 9110 §6.6.1 allows one)."""

    _date_sent = False

    def send_response_only(self, code: int, message: str | None = None) -> None:
        self._date_sent = False  # a new status line: a new header block (interim 1xx responses included)
        super().send_response_only(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "date":
            if self._date_sent:
                return
            self._date_sent = True
        super().send_header(keyword, value)


def serve(app: Flask, host: str, port: int) -> None:
    """Run the development server in the foreground (threaded, no reloader, no debugger)."""
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True,
            request_handler=OneDateRequestHandler)
