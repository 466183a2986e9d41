"""The one error a source parser raises: a file or row it cannot take, with the reason."""
from __future__ import annotations


class SourceRejected(Exception):
    """An input that is not a record (or not readable): ``SourceRejected("a.txt", "empty file")``."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source, self.reason, self.line = source, reason, line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


def decode_text(data: bytes, source: str) -> str:
    """Bytes of a text input as str, rejecting empty, binary and non-UTF-8 input with a precise reason."""
    if not data.strip():
        raise SourceRejected(source, "empty file")
    if b"\x00" in data[:8192]:
        raise SourceRejected(source, "binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SourceRejected(source, f"invalid UTF-8 at byte {e.start} ({e.reason}), expected UTF-8 text", line) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > 8:
        raise SourceRejected(source, f"binary file ({controls} control characters), expected UTF-8 text")
    return text
