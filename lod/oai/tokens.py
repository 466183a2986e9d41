"""Resumption tokens: the arguments of the list request and the last identifier sent (a keyset, not an
offset), as URL-safe base64 JSON with an HMAC, so that a token is either one we made or refused.

>>> t = encode(b"k", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, "http://x/id/record/9")
>>> decode(b"k", t)
({'metadataPrefix': 'oai_dc', 'verb': 'ListIdentifiers'}, 'http://x/id/record/9')
>>> decode(b"other key", t)
Traceback (most recent call last):
...
lod.oai.tokens.BadToken: the resumption token is not one this repository issued (or it was altered)
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json

MAX_TOKEN = 4096  # characters: longer is no token of ours


class BadToken(ValueError):
    """A resumption token that does not decode, or was not made here."""


def _sign(key: bytes, body: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, body, hashlib.sha256).digest()[:16]).decode().rstrip("=")


def encode(key: bytes, args: dict[str, str], after: str) -> str:
    """A token continuing the list of ``args`` after identifier ``after``."""
    body = json.dumps({"a": args, "k": after}, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(body).decode().rstrip("=") + "." + _sign(key, body)


def decode(key: bytes, token: str) -> tuple[dict[str, str], str]:
    """(the original arguments, the last identifier sent) of a token; BadToken for anything else."""
    data, dot, mac = token.partition(".")
    if len(token) > MAX_TOKEN or not dot:
        raise BadToken("the resumption token is malformed")
    try:
        body = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        raise BadToken("the resumption token is malformed") from None
    if not hmac.compare_digest(_sign(key, body), mac):
        raise BadToken("the resumption token is not one this repository issued (or it was altered)")
    value = json.loads(body)
    return value["a"], value["k"]
