"""Child processes of the benchmark: commands run to completion (wall time, peak RSS), servers on 127.0.0.1
started and stopped by their own process group, and what a server's whole process tree has used, read from
/proc (RSS, CPU seconds).

>>> tree_cpu_s(os.getpid()) >= 0 and tree_cpu(os.getpid())[0] > 0
True
"""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")  # /proc/PID/stat counts CPU time in these


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_child(cmd: list[str], env: dict | None = None, timeout: float = 7200) -> dict:
    """Run ``cmd`` to completion; wall time and output."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = p.communicate(timeout=timeout)
    wall = time.perf_counter() - t0
    return {"rc": p.returncode, "wall_s": wall, "stdout": out.decode(errors="replace"),
            "stderr": err.decode(errors="replace")}


def run_child_rss(cmd: list[str], env: dict | None = None) -> dict:
    """Like run_child, but reaped with os.wait4 so the peak RSS and the CPU seconds (user + system, of it and
    the children it waited for) are this child's alone."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.posix_spawn(cmd[0], cmd, env if env is not None else os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return {"rc": os.waitstatus_to_exitcode(status), "wall_s": wall, "peak_rss_mb": ru.ru_maxrss / 1024,
                "cpu_s": ru.ru_utime + ru.ru_stime,
                "stdout": out.read().decode(errors="replace"), "stderr": err.read().decode(errors="replace")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on 127.0.0.1; started, waited for, stopped by its own pid only. ``restart`` stops it
    and starts the same command on the same port: a fresh process, with empty caches."""

    def __init__(self, cmd: list[str], port: int, ready_path: str, env: dict | None = None,
                 log_path: Path | None = None):
        self.cmd, self.port, self.ready_path, self.env = cmd, port, ready_path, env
        self.log_path = log_path
        self._start()

    def _start(self) -> None:
        self.log = open(self.log_path or os.devnull, "ab")
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.cmd, stdout=self.log, stderr=subprocess.STDOUT, env=self.env,
                                     start_new_session=True)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, timeout: float = 60) -> float:
        """Seconds from start to the first 200 on ready_path."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log.name}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", self.ready_path)
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return time.perf_counter() - self.t0
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError(f"server not ready within {timeout}s")

    def restart(self) -> float:
        """Stop, start again, wait; seconds to ready."""
        self.stop()
        self._start()
        return self.wait_ready()

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, 15)  # its own process group (gunicorn master + workers) only
                self.proc.wait(timeout=15)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.proc.pid, 9)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        self.log.close()


def lod_env(store: Path, base: str = "http://localhost:5000/") -> dict:
    env = dict(os.environ)
    env.update(LOD_STORE=str(store), LOD_BASE=base, LOD_ACCESS_LOG="0")
    for k in ("LOD_ENDPOINT", "LOD_UPDATE_ENDPOINT", "LOD_GRAPH_STORE", "LOD_WORKERS"):
        env.pop(k, None)
    return env


# ---------------------------------------------------------------- a process tree, from /proc

def tree_pids(pid: int) -> list[int]:
    """``pid`` and every descendant (gunicorn workers, query processes) alive now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def tree_rss_mb(pid: int) -> float:
    """Sum of VmRSS over the tree of ``pid``, in MB."""
    total = 0
    for p in tree_pids(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass  # it exited while we read
    return round(total / 1024, 1)


def tree_cpu(pid: int) -> tuple[float, float, int]:
    """CPU seconds used so far by the tree of ``pid``, two ways: (the run time of its live threads, in ns from
    /proc/PID/task/TID/schedstat; user + system clock ticks from /proc/PID/stat; processes read). Both add
    the time of children a process has reaped (cutime, cstime), so a worker that exited counts once its
    parent reaped it. The ticks also hold threads that exited, at one tick's resolution (usually 10 ms)."""
    precise = ticks = 0.0
    n = 0
    for p in tree_pids(pid):
        try:
            f = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()  # f[0] is field 3 of stat(5)
            ns = sum(int(Path(f"/proc/{p}/task/{t}/schedstat").read_text().split()[0])
                     for t in os.listdir(f"/proc/{p}/task"))
        except (OSError, ValueError):
            continue  # it (or one of its threads) exited while we read
        reaped = (int(f[13]) + int(f[14])) / TICK
        precise += ns / 1e9 + reaped
        ticks += (int(f[11]) + int(f[12])) / TICK + reaped
        n += 1
    return precise, ticks, n


def cpu_delta(before: tuple[float, float, int], after: tuple[float, float, int]) -> float:
    """CPU seconds between two :func:`tree_cpu` readings: the threads' run time, unless the ticks say more
    than their resolution allows (threads exited in between), then the ticks.

    >>> cpu_delta((1.0, 1.0, 1), (1.004, 1.01, 1)), cpu_delta((1.0, 1.0, 1), (1.1, 1.5, 1))
    (0.004, 0.5)
    """
    precise, ticks = after[0] - before[0], after[1] - before[1]
    slack = 2 * max(before[2], after[2]) / TICK
    return round(ticks if ticks > precise + slack else precise, 6)


def tree_cpu_s(pid: int) -> float:
    """CPU seconds used so far by the tree of ``pid`` (clock ticks; see :func:`tree_cpu`)."""
    return tree_cpu(pid)[1]
