"""One pool of warm kernels for a whole run: ``indicators pool -- make …`` serves every render inside it.

make stays the map: each report keeps its own rule (``indicators render <id>``), so a run rebuilds
only what changed and ``-j`` works. Run inside ``indicators pool``, that command starts no kernel of
its own: it hands the report to the pool through a Unix socket named in ``INDICATORS_RENDER_POOL``,
prints the pool's answer in one line and exits with its status; with no pool around (or another
project's), it renders on its own. The pool starts its kernels at once, so their start-up overlaps
extraction, and when the command it runs has ended (done, failed or interrupted) it shuts every kernel
down and reaps it before it returns.

The client half of this module imports only the standard library: a render inside the pool costs a
Python start-up, not an import of pandas or papermill.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .paths import ROOT

ENV = "INDICATORS_RENDER_POOL"


# --- client: `indicators render` inside a pool ----------------------------------------------------------


def request(kind: str, **fields) -> dict | None:
    """Ask the run's pool to render (``kind`` "report" or "panel"); None when there is no pool to ask.

    Returns the pool's last message: ``{"ok": True, "written": n, "seconds": s}`` or
    ``{"ok": False, "error": "..."}``.
    """
    address = os.environ.get(ENV)
    if not address:
        return None
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(address)
    except OSError:
        return None  # the pool has gone (or never was): render here
    with conn, conn.makefile("rwb") as stream:
        stream.write(json.dumps({"kind": kind, "root": str(ROOT), **fields}).encode() + b"\n")
        stream.flush()
        for line in stream:
            message = json.loads(line)
            if message.get("event") == "refused":
                return None
            if message.get("event") == "done":
                return message
    return {"ok": False, "error": "the render pool stopped before answering"}


# --- server: `indicators pool -- COMMAND` -------------------------------------------------------------------


def serve(command: list[str], workers: int | None = None) -> int:
    """Run ``command`` with a pool of warm kernels that its renders use; returns its exit status.

    Every kernel has been shut down and reaped when this returns, whatever happened: the command
    failed, a render failed, Ctrl-C (SIGINT) or SIGTERM (passed on to the command).
    """
    from .render import Progress, new_pool

    if not command:
        raise ValueError("give the command to run inside the pool, e.g. indicators pool -- make report")
    pool = new_pool(workers)
    progress = Progress()
    folder = tempfile.mkdtemp(prefix="indicators-pool-")
    address = os.path.join(folder, "socket")
    server = _Server(address, pool, progress)
    listener = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    child: subprocess.Popen | None = None
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, _raise_interrupt(received))
    try:
        listener.start()
        if not _dry_run():
            pool.warm()
        child = subprocess.Popen(command, env={**os.environ, ENV: address}, pass_fds=_jobserver_fds())
        status = child.wait()
        if status < 0:  # the command was killed by a signal: report it the way a shell does
            status = 128 - status
    except KeyboardInterrupt:
        signum = received[-1] if received else signal.SIGINT
        pool.abort()  # first the kernels: renders waiting on them fail at once, and the command winds down
        if child is not None:
            _stop_child(child, signum)
        status = 128 + signum
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.shutdown()
        server.server_close()
        pool.close()  # after an interrupt this is a no-op: abort() already reaped every kernel
        progress.close()
        Path(address).unlink(missing_ok=True)
        os.rmdir(folder)
    return status


def _raise_interrupt(received: list[int]):
    def handler(signum, _frame):
        received.append(signum)
        raise KeyboardInterrupt

    return handler


def _stop_child(child: subprocess.Popen, signum: int, grace: float = 10.0) -> None:
    """Pass the signal on (a terminal's Ctrl-C reached it already; a `kill` did not), wait, then kill."""
    if child.poll() is None:
        child.send_signal(signum)
    try:
        child.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _dry_run() -> bool:
    """``make -n`` (its flag letters come first in MAKEFLAGS): nothing will be rendered."""
    flags = os.environ.get("MAKEFLAGS", "").split()
    return bool(flags) and not flags[0].startswith("-") and "n" in flags[0]


def _jobserver_fds() -> tuple[int, ...]:
    """File descriptors of make's jobserver, so that ``make -j`` inside the pool shares its job slots."""
    match = re.search(r"--jobserver-(?:auth|fds)=(\d+),(\d+)", os.environ.get("MAKEFLAGS", ""))
    if not match:
        return ()
    fds = []
    for fd in map(int, match.groups()):
        try:
            os.fstat(fd)
        except OSError:
            continue
        fds.append(fd)
    return tuple(fds)


class _Server:
    """A threading Unix-socket server: one thread per render request, all on the same kernel pool."""

    def __init__(self, address: str, pool, progress) -> None:
        import socketserver

        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                owner.handle(self.rfile, self.wfile)

        class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
            daemon_threads = True

        self.pool = pool
        self.progress = progress
        self._server = Server(address, Handler)
        os.chmod(address, 0o600)

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._server.serve_forever(poll_interval)

    def shutdown(self) -> None:
        self._server.shutdown()

    def server_close(self) -> None:
        self._server.server_close()

    def handle(self, rfile, wfile) -> None:
        from .render import render_panel, render_report

        def send(**message) -> None:
            wfile.write(json.dumps(message).encode() + b"\n")
            wfile.flush()

        line = rfile.readline()
        if not line:
            return
        ask = json.loads(line)
        if ask.get("root") != str(ROOT):  # another project's render: let it work on its own
            send(event="refused", reason=f"this pool renders {ROOT}")
            return
        start = time.perf_counter()
        out = Path(ask["out"]) if ask.get("out") else None
        try:
            if ask.get("kind") == "panel":
                written = render_panel(ask.get("lang", "zh"), out, pool=self.pool, progress=self.progress)
            else:
                written = render_report(
                    ask["report_id"],
                    out,
                    ask.get("lang", "zh"),
                    float(ask.get("tolerance_pp", 0.5)),
                    pool=self.pool,
                    progress=self.progress,
                )
        except Exception as exc:  # noqa: BLE001 - the client prints it as the command's error
            send(event="done", ok=False, error=str(exc) or type(exc).__name__)
            return
        send(event="done", ok=True, written=len(written), seconds=round(time.perf_counter() - start, 2))


def main(argv: list[str] | None = None) -> int:
    """``python -m indicators.pool [--workers N] -- COMMAND`` (the same as ``indicators pool``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    workers = None
    if argv[:1] == ["--workers"]:
        workers, argv = int(argv[1]), argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    return serve(argv, workers)


if __name__ == "__main__":
    sys.exit(main())
