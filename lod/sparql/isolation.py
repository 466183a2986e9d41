"""Take the network away from a process that evaluates users' queries, before it reads any.

The engine evaluates ``SERVICE`` with its own HTTP client; the guard refuses SERVICE, and this is the
layer under it, so that a query the guard misreads still makes no connection. Two mechanisms, each
used where it can be had, and at least one required (``LOD_QUERY_ISOLATION``):

- a **network namespace** of the process's own (``unshare(CLONE_NEWNET)``; as an unprivileged user
  inside a new user namespace), where no interface is up: there is no route to anywhere, loopback
  included;
- a **seccomp filter** (libseccomp, through pyseccomp) under which ``socket()`` for IPv4 and IPv6
  fails with EACCES, for containers and kernels where namespaces are not allowed.

Either is then checked by trying to open a TCP connection to 127.0.0.1, which must fail.

>>> isolate("off")
'off'
"""
from __future__ import annotations

import ctypes
import errno
import os
import socket
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MODES = ("required", "best-effort", "off")


class IsolationUnavailable(OSError):
    """No mechanism could cut this process off the network; the message says what each one answered."""


def isolate(mode: str = "required") -> str:
    """Cut the calling process off the network; returns what is in force (for the logs and the README's
    promise), ``"none: …"`` under ``best-effort`` when nothing could be had. Call it before any thread
    starts (a user namespace needs a single-threaded process)."""
    if mode not in MODES:
        raise ValueError(f"query isolation must be one of {', '.join(MODES)}, got {mode!r}")
    if mode == "off":
        return "off"
    done, failed = [], []
    for name, mechanism in (("network namespace", _namespace), ("seccomp socket filter", _seccomp)):
        try:
            done.append(f"{name} ({mechanism()})")
        except OSError as e:
            failed.append(f"{name}: {e}")
    if done:
        reachable = _loopback_reachable()
        if reachable is None:
            return " + ".join(done)
        failed.append(f"yet a TCP connection to 127.0.0.1 was still possible ({reachable})")
    message = "; ".join(failed)
    if mode == "required":
        raise IsolationUnavailable(errno.EPERM, f"query processes cannot be cut off the network: {message}")
    return f"none: {message}"


def _namespace() -> str:
    if not sys.platform.startswith("linux"):
        raise OSError(errno.ENOSYS, "Linux only")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) == 0:
        return "unshare(CLONE_NEWNET)"
    first = os.strerror(ctypes.get_errno())
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), f"unshare: {first}; in a user namespace: "
                                          f"{os.strerror(ctypes.get_errno())}")
    for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"{uid} {uid} 1"),
                       ("/proc/self/gid_map", f"{gid} {gid} 1")):
        with open(path, "w") as f:  # keep our own ids, so the store's files keep their owner
            f.write(text)
    return "unshare(CLONE_NEWUSER | CLONE_NEWNET)"


def _seccomp() -> str:
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as e:  # the package, or libseccomp.so.2 under it, is missing
        raise OSError(errno.ENOSYS, f"pyseccomp/libseccomp unavailable ({e})") from None
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for family in (socket.AF_INET, socket.AF_INET6):
            rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "io_uring_setup")  # sockets opened through io_uring
        rules.load()
    except (RuntimeError, ValueError) as e:
        raise OSError(errno.EPERM, f"the filter could not be loaded ({e})") from None
    return "socket(AF_INET/AF_INET6) denied"


def _loopback_reachable() -> str | None:
    """None when no TCP connection to 127.0.0.1 can be opened (what isolation must give), else how far a
    connection got."""
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return None
    with sock:
        sock.settimeout(2)
        code = sock.connect_ex(("127.0.0.1", 9))
    if code in (errno.ENETUNREACH, errno.EACCES, errno.EPERM, errno.EHOSTUNREACH):
        return None
    return os.strerror(code) if code else "connected"
