"""The one slug of the project, for every key minted from a name or a title (record keys, people, bodies,
places, record sets, concepts): letters romanised by anyascii (so "Łódź" is ``lodz`` and "Дурдинцю"
``durdintsyu``), lower case, apostrophes dropped, anything else a hyphen.

>>> slug("Jeleń Łódź"), slug("Korean Workers’ Party"), slug("Fond 059a")
('jelen-lodz', 'korean-workers-party', 'fond-059a')
>>> slug("В.В. Дурдинцю"), slug("Report from Etre Sándor", limit=15)
('v-v-durdintsyu', 'report-from-etr')
"""
from __future__ import annotations

import hashlib
import re

from anyascii import anyascii


def slug(text: str, limit: int = 80) -> str:
    """A lower-case ASCII slug of at most ``limit`` characters; a hash-based one when nothing is left."""
    folded = anyascii(text).lower().replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit].rstrip("-")
    return s or "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
