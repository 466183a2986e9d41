"""HTML pages (server-rendered) and error responses. (Minimal first version; see templates/.)"""
from __future__ import annotations

import html
import json

from flask import Response, request

from lod.web.describe import Description


def problem(status: int, message: str) -> Response:
    """A JSON error body: ``{"error": …, "status": …}``."""
    return Response(json.dumps({"error": message, "status": status}), status=status,
                    content_type="application/json")


def error(status: int, message: str) -> Response:
    """An error in the form the client prefers: an HTML page for browsers, JSON otherwise."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"]) if request else None
    if best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]:
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{html.escape(message)}</p>"
        return Response(body, status=status, content_type="text/html; charset=utf-8")
    return problem(status, message)


def resource(desc: Description, alternates: list[tuple[str, str]], profile) -> str:
    rows = "".join(f"<tr><td>{html.escape(str(p))}</td><td>{html.escape(str(o))}</td></tr>"
                   for s, p, o in sorted(desc.graph) if s == desc.iri)
    links = "".join(f'<link rel="alternate" type="{m}" href="{html.escape(u)}">' for u, m in alternates)
    return f"<!doctype html><html><head><meta charset='utf-8'>{links}<title>{html.escape(str(desc.iri))}</title></head>" \
           f"<body><h1>{html.escape(str(desc.iri))}</h1><table>{rows}</table></body></html>"


def profiles_page(doc, available) -> str:
    items = "".join(f"<li><a href='?_profile={p.token}'>{html.escape(p.label)}</a> ({p.uri})</li>" for p in available)
    return f"<!doctype html><title>Profiles</title><ul>{items}</ul>"
