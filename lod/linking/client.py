"""A polite SPARQL client for other authorities' endpoints (Wikidata's query service by default).

Polite means: a User-Agent naming the project and a contact (Wikimedia's User-Agent policy), one request at
a time and at most one every ``min_interval`` seconds, a time limit on every request, and retries with
exponential backoff on 429, 5xx and connection failures that honour the server's ``Retry-After``.

>>> p = Politeness(min_interval=0)
>>> AuthorityClient("http://127.0.0.1:9/sparql", p).user_agent.startswith("lod-archive/")
True
"""
from __future__ import annotations

import email.utils
import http.client
import math
import time
import urllib.error
from dataclasses import dataclass
from typing import Any, Callable

import SPARQLWrapper as sparqlwrapper_module
from SPARQLWrapper import JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

from lod import __version__

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
PROJECT = "lod-archive"
PURPOSE = "linked open data for {} records"  # the collection's name (lod/collection.py)
RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Politeness:
    """How we treat a remote endpoint. The defaults suit Wikidata's query service (one client, sequential
    queries, its 60-second query limit)."""

    batch_size: int = 25  # names per query (VALUES rows)
    min_interval: float = 1.0  # seconds between the starts of two requests
    timeout: float = 65.0  # seconds for one request (connect and each read)
    retries: int = 4  # further attempts after a 429, a 5xx or a connection failure
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    max_wait: float = 120.0  # the longest wait we accept (a longer Retry-After gives up)


class EndpointError(Exception):
    """A request that failed for good (after its retries, or at once for a 4xx); the message says why."""


def user_agent(contact: str | None = None, collection: str | None = None) -> str:
    """``lod-archive/0.1.0 (linked open data for <collection> records; contact) SPARQLWrapper/2.0.0``
    (default: the bundled collection's name)."""
    if collection is None:
        from lod.collection import bundled
        collection = bundled().name
    about = PURPOSE.format(collection) + (f"; {contact}" if contact else "")
    return f"{PROJECT}/{__version__} ({about}) SPARQLWrapper/{sparqlwrapper_module.__version__}"


class AuthorityClient:
    """SELECT queries against one endpoint, politely. ``requests`` counts the HTTP requests sent, ``started``
    holds when each began (``time.monotonic()``)."""

    def __init__(self, endpoint: str, politeness: Politeness = Politeness(), contact: str | None = None,
                 sleep: Callable[[float], None] = time.sleep, collection: str | None = None) -> None:
        self.endpoint = endpoint
        self.politeness = politeness
        self.user_agent = user_agent(contact, collection)
        self.requests = 0
        self.started: list[float] = []
        self._sleep = sleep
        self._last: float | None = None

    def select(self, query: str) -> list[dict[str, dict[str, Any]]]:
        """The bindings of a SELECT query (SPARQL JSON results); raise :class:`EndpointError`."""
        p = self.politeness
        attempt = 0
        while True:
            self._wait_turn()
            try:
                return self._once(query)
            except _Retryable as e:
                attempt += 1
                if attempt > p.retries:
                    raise EndpointError(f"{self.endpoint}: {e.reason} (gave up after {attempt} attempts)") from None
                wait = e.retry_after if e.retry_after is not None else min(p.backoff * 2 ** (attempt - 1), p.max_wait)
                if wait > p.max_wait:
                    raise EndpointError(f"{self.endpoint}: {e.reason}; asked to wait {wait:g} s, more than "
                                        f"{p.max_wait:g} s") from None
                self._sleep(wait)

    def _wait_turn(self) -> None:
        """At most one request every ``min_interval`` seconds."""
        now = time.monotonic()
        if self._last is not None:
            gap = self.politeness.min_interval - (now - self._last)
            if gap > 0:
                self._sleep(gap)
        self._last = time.monotonic()
        self.started.append(self._last)

    def _once(self, query: str) -> list[dict[str, dict[str, Any]]]:
        client = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        client.setQuery(query)
        client.setReturnFormat(JSON)
        # GET is cacheable at the query service; long queries go by form POST
        client.setMethod("GET" if len(query) < 6000 else "POST")
        client.setTimeout(max(1, math.ceil(self.politeness.timeout)))  # SPARQLWrapper takes whole seconds
        self.requests += 1
        try:
            result = client.query().convert()
        except urllib.error.HTTPError as e:  # SPARQLWrapper re-raises the codes it has no class for
            if e.code in RETRY_STATUS:
                raise _Retryable(f"HTTP {e.code} {e.reason}", _retry_after(e.headers.get("Retry-After")))
            raise EndpointError(f"{self.endpoint}: HTTP {e.code} {e.reason}") from None
        except EndPointInternalError as e:
            raise _Retryable(f"HTTP 500: {_first_line(e)}", None) from None
        except SPARQLWrapperException as e:  # 400, 401, 404, 414: asking again will not help
            raise EndpointError(f"{self.endpoint}: {_first_line(e)}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, TimeoutError) or isinstance(e, TimeoutError):
                reason = f"no answer within {math.ceil(self.politeness.timeout)} s"
            raise _Retryable(f"request failed: {reason}", None) from None
        except ValueError as e:  # the body was not SPARQL JSON
            raise EndpointError(f"{self.endpoint}: not SPARQL JSON results: {e}") from None
        if not isinstance(result, dict) or "results" not in result:
            raise EndpointError(f"{self.endpoint}: the answer is not a SELECT result")
        return list(result["results"].get("bindings", []))


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _first_line(e: Exception) -> str:
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__
