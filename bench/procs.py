"""Child processes of the benchmark: commands run to completion (wall time, peak RSS), servers on 127.0.0.1
started and stopped by their own process group, and what a server's whole process tree has used, read from
/proc (RSS, CPU seconds).

>>> tree_cpu_s(os.getpid()) >= 0
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
    """Like run_child, but reaped with os.wait4 so the peak RSS is this child's alone."""
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


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by the tree of ``pid``: each live process's own time and that
    of its children it has reaped (utime, stime, cutime, cstime), so a worker that exited still counts
    once its parent reaped it. Resolution: one clock tick (usually 10 ms) per process."""
    ticks = 0
    for p in tree_pids(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it exited while we read
        ticks += sum(int(x) for x in fields[11:15])  # fields 14-17 of stat(5), counted from the state (3)
    return ticks / TICK
