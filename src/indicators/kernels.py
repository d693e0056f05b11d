"""Warm Jupyter kernels shared by every notebook of a run: started and primed once, reset cheaply, always reaped.

Executing a short notebook is mostly start-up: the kernel's imports (pandas, matplotlib, the package),
papermill waiting for a new client's IOPub channel to fall silent, and ``%reset``'s full garbage
collection over a heap that holds all of pandas. A :class:`KernelPool` keeps ``workers`` kernels for
a whole run (one worker thread each, owning the kernel, its one client and its event loop). Each
kernel runs ``prime`` once (the imports the notebooks need, then ``gc.freeze()`` so later collections
skip that heap), and before every notebook a silent reset empties the namespace without a collection
and sets the execution count back to 1, so an executed notebook reads as if it ran in a fresh kernel.

Every kernel is shut down and reaped (its process waited for) before :meth:`KernelPool.close`
returns; leaving the ``with`` block on an exception (a failure, Ctrl-C) kills them at once instead.
Nothing heavy is imported until a kernel starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

KERNEL = "python3"
START_TIMEOUT = 60  # seconds for a kernel to answer its first request
SHUTDOWN_WAIT = 2.0  # seconds a kernel gets to exit after a shutdown request before it is killed
ENGINE = "indicators-warm"  # papermill engine name: executes on a pool kernel through its one client

#: before every notebook, run silently: empty the namespace the way ``%reset -f`` does, but without
#: its full ``gc.collect()`` (the primed heap is frozen; cycles left by a notebook are collected by
#: the usual generational collections), forget which warnings were already shown (a fresh kernel
#: would show them again), start counting executions at 1 and go back to the working directory
RESET_SOURCE = """\
def __indicators_reset(ip=get_ipython(), gc=__import__("gc"), os=__import__("os"), warnings=__import__("warnings")):
    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        ip.reset(new_session=False)
    finally:
        gc.collect = collect
    getattr(warnings, "_filters_mutated", lambda: None)()
    ip.execution_count = 1
    os.chdir({cwd!r})
__indicators_reset()
"""

#: last lines of priming: everything imported so far is moved out of the collector's sight
FREEZE_SOURCE = "import gc\ngc.collect()\ngc.freeze()\ndel gc\n"

_BLOCKED_ON_IMPORT = ("rfc3987_syntax", "pyarrow")


class KernelError(RuntimeError):
    """A kernel could not be started or primed, or died in a way a restart did not cure."""


@contextlib.contextmanager
def _without(names: tuple[str, ...]) -> Iterator[None]:
    """Import with ``names`` reported missing, where nothing has imported them yet.

    papermill → nbformat → jsonschema imports ``rfc3987_syntax`` when it is installed, which compiles
    a grammar for a format check nbformat never uses (0.7–2.6 s measured with ``python -X importtime``);
    papermill.iorw imports pyarrow only for an HDFS handler. Both are optional to their importers.
    """
    blocked = [name for name in names if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


def import_execution_stack() -> None:
    """Import papermill and nbconvert once, without the optional modules they do not need here."""
    if "papermill" in sys.modules and "nbconvert" in sys.modules:
        return
    with _without(_BLOCKED_ON_IMPORT):
        import nbconvert  # noqa: F401
        import nbformat
        import papermill  # noqa: F401

    nbformat.validate(nbformat.v4.new_notebook())  # compiles the schema validator once, here


_ENGINE_LOCK = threading.Lock()


def _register_engine() -> None:
    """A papermill engine that runs on a pool kernel through its existing client (registry, not a fork)."""
    with _ENGINE_LOCK:
        _register_engine_once()


def _register_engine_once() -> None:
    import_execution_stack()
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    if ENGINE in papermill_engines._engines:
        return

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=START_TIMEOUT,
            execution_timeout=None,
            slot=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, km=slot.km, **final)
            client.kc = slot.kc  # the slot's client: no new channels, no wait for IOPub to fall silent
            return client.execute()

    papermill_engines.register(ENGINE, WarmEngine)


class _Slot(threading.Thread):
    """One worker: a kernel, its client and the event loop both live on, for the whole run."""

    def __init__(self, pool: KernelPool, index: int) -> None:
        super().__init__(name=f"kernel-{index}", daemon=True)
        self.pool = pool
        self.km: Any = None
        self.kc: Any = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.process: Any = None  # the kernel's Popen, so the pool can kill and reap it from any thread
        self.started = 0  # kernels this slot has started (a restart after a crash or a timeout adds one)
        self.busy = False

    # --- in the slot's own thread ------------------------------------------------------------------

    def run(self) -> None:
        from jupyter_core.utils import ensure_event_loop

        self.loop = ensure_event_loop()  # the loop papermill's synchronous calls will use in this thread
        try:
            while True:
                task = self.pool._tasks.get()
                if task is None or self.pool._aborted:
                    if task is not None:
                        task[0].cancel()
                    break
                future, fn, args = task
                if not future.set_running_or_notify_cancel():
                    continue
                self.busy = True
                try:
                    future.set_result(self._run_task(fn, args))
                except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
                    future.set_exception(exc)
                finally:
                    self.busy = False
        except BaseException as exc:  # noqa: BLE001 - never die silently: the pool reports it
            self.pool._crashed = exc
        finally:
            self._shut_down(now=self.pool._aborted)

    def _run_task(self, fn: Callable, args: tuple) -> Any:
        if self.pool._aborted:
            raise KernelError("the kernel pool was stopped")
        if not self._alive():
            self._start()
        try:
            self._sync(self._execute_quietly(RESET_SOURCE.format(cwd=str(self.pool.cwd)), "reset"))
        except Exception:
            self._restart()
        _register_engine()
        try:
            return fn(self, *args)
        except BaseException as exc:
            if not _is_cell_error(exc) and not self.pool._aborted:
                self._restart()  # a timeout, a dead kernel, anything unexpected: start clean
            raise

    def _sync(self, coro) -> Any:
        assert self.loop is not None
        return self.loop.run_until_complete(coro)

    def _alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager

        if self.pool._aborted:
            raise KernelError("the kernel pool was stopped")
        started = time.perf_counter()
        self.km = AsyncKernelManager(kernel_name=self.pool.kernel)
        self._sync(
            self.km.start_kernel(
                cwd=str(self.pool.cwd),
                # as nbclient does: no shared history database between kernels
                extra_arguments=["--HistoryManager.hist_file=:memory:"],
                stdout=self.pool.log_file,
                stderr=self.pool.log_file,
            )
        )
        self.process = getattr(self.km.provisioner, "process", None)
        self.started += 1
        if self.pool._aborted:  # stopped while starting: do not prime a kernel nobody will use
            raise KernelError("the kernel pool was stopped")
        self.kc = self.km.client()
        self.kc.start_channels()
        self._sync(self.kc.wait_for_ready(timeout=START_TIMEOUT))
        self.kc.allow_stdin = False
        if self.pool.prime:
            self._sync(self._execute_quietly(self.pool.prime + "\n" + FREEZE_SOURCE, "priming"))
        self.pool._log_kernel(self, time.perf_counter() - started)

    async def _execute_quietly(self, code: str, what: str) -> None:
        reply = await self.kc.execute_interactive(
            code, silent=True, store_history=False, allow_stdin=False, timeout=START_TIMEOUT, output_hook=_ignore
        )
        content = reply.get("content", {})
        if content.get("status") != "ok":
            raise KernelError(f"kernel {what} failed: {content.get('ename')}: {content.get('evalue')}")

    def _restart(self) -> None:
        self._shut_down(now=True)
        self._start()

    def _shut_down(self, now: bool) -> None:
        """Shut the kernel down (a request, then a kill after SHUTDOWN_WAIT) and wait for its process."""
        km, kc, process = self.km, self.kc, self.process
        self.km = self.kc = None
        if kc is not None:
            with contextlib.suppress(Exception):
                kc.stop_channels()
        if km is not None and self.loop is not None and not self.loop.is_closed():
            with contextlib.suppress(BaseException):  # let a cancel sent by kill() land on this, not on the cleanup
                self._sync(asyncio.sleep(0))
            with contextlib.suppress(BaseException):
                if not now and process is not None and process.poll() is None:
                    km.shutdown_wait_time = SHUTDOWN_WAIT
                    self._sync(km.shutdown_kernel(now=False))
            with contextlib.suppress(BaseException):
                self._sync(km.cleanup_resources())
        _reap(process)

    # --- from other threads ---------------------------------------------------------------------------

    def kill(self) -> None:
        """Kill and reap the kernel now, and cancel whatever the slot is waiting for."""
        _reap(self.process, kill=True)
        loop = self.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_cancel_all, loop)


def _ignore(_msg: dict) -> None:
    return None


def _cancel_all(loop: asyncio.AbstractEventLoop) -> None:
    for task in asyncio.all_tasks(loop):
        task.cancel()


def _reap(process: Any, kill: bool = False) -> None:
    """Make sure a kernel process has ended and been waited for (so no zombie or orphan is left)."""
    if process is None:
        return
    if kill and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGKILL)
    try:
        process.wait(timeout=SHUTDOWN_WAIT)
    except Exception:  # noqa: BLE001 - still running after a shutdown request: kill it
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold a second Ctrl-C back while kernels are being stopped (in the main thread; elsewhere no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _is_cell_error(exc: BaseException) -> bool:
    """A notebook's own error (its kernel is fine and idle), as opposed to a timeout or a dead kernel."""
    return type(exc).__name__ in ("PapermillExecutionError", "CellExecutionError")


class KernelPool:
    """``workers`` warm kernels; :meth:`submit` runs ``fn(slot, *args)`` in the first free worker.

    Use as a context manager: leaving normally shuts every kernel down (:meth:`close`), leaving on an
    exception kills them (:meth:`abort`); either way each kernel process has been reaped on return.
    """

    def __init__(
        self,
        workers: int | None = None,
        prime: str = "",
        cwd: str | Path | None = None,
        kernel: str = KERNEL,
        log_path: str | Path | None = None,
    ) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.prime = prime
        self.cwd = Path(cwd or os.getcwd())
        self.kernel = kernel
        self.log_path = Path(log_path) if log_path else None
        self.log_file: IO[bytes] | int | None = None
        self.kernel_log: list[tuple[str, int, float]] = []  # (slot, pid, seconds to start and prime)
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._slots: list[_Slot] = []
        self._lock = threading.Lock()
        self._aborted = False
        self._closed = False
        self._crashed: BaseException | None = None
        self._submitted = 0

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def start(self) -> None:
        """Start the workers now (each starts and primes its kernel on its first notebook)."""
        with self._lock:
            if self._slots or self._closed:
                return
            if self.log_path is not None:
                self.log_path.parent.mkdir(parents=True, exist_ok=True)
                self.log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in _finish
            self._slots = [_Slot(self, i) for i in range(self.workers)]
            for slot in self._slots:
                slot.start()
            _register_engine()  # papermill's imports here while the kernels boot in their own processes

    def warm(self) -> None:
        """Start every kernel now, in the background (overlaps their start-up with other work)."""
        self.start()
        for _ in self._slots:
            self._tasks.put((Future(), _noop, ()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run ``fn(slot, *args)`` on a warm kernel; the future holds its result or its exception."""
        if self._closed:
            raise KernelError("the kernel pool is closed")
        self.start()
        future: Future = Future()
        self._submitted += 1
        self._tasks.put((future, fn, args))
        return future

    @property
    def pids(self) -> list[int]:
        """Process ids of every kernel this pool started (for logs and tests)."""
        return [pid for _, pid, _ in self.kernel_log]

    def _log_kernel(self, slot: _Slot, seconds: float) -> None:
        pid = getattr(slot.process, "pid", -1)
        self.kernel_log.append((slot.name, pid, seconds))

    def close(self) -> None:
        """Let queued work finish, then shut every kernel down and reap it."""
        if self._closed:
            return
        self._closed = True
        if not self._submitted:  # nothing was ever asked for: no reason to wait for a start-up
            self.abort()
            return
        for _ in self._slots:
            self._tasks.put(None)
        with _uninterrupted():
            self._finish()

    def abort(self) -> None:
        """Cancel queued work and kill every kernel now (Ctrl-C, a failure, a stop)."""
        with _uninterrupted():
            self._abort()

    def _abort(self) -> None:
        self._closed = True
        self._aborted = True
        while True:
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                break
            if task is not None:
                task[0].cancel()
        for slot in self._slots:
            self._tasks.put(None)
            slot.kill()
        self._finish()

    def _finish(self) -> None:
        for slot in self._slots:
            slot.join(timeout=30)
            if slot.is_alive():  # stuck in a library call: its kernel is killed and reaped all the same
                slot.kill()
            _reap(slot.process, kill=True)
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None


def _noop(_slot: _Slot) -> None:
    return None
