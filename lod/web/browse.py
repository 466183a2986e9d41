"""Browse lists and full-text search (HTML)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("browse", __name__)
