"""Child processes that die with the run: nothing of a run outlives it, even after kill -9.

A run starts children: the spawned processes of the parse and claims pools
(:func:`flows.tasks.run_batches`) and, when no ``PREFECT_API_URL`` is set, Prefect's
ephemeral API server (a uvicorn subprocess, ``prefect.server.api.server.SubprocessASGIServer``).
When the run ends normally they are shut down; when it is killed at once (the OOM killer's
SIGKILL) nobody shuts them down, and they lived on for minutes holding about 1 GB. So each
child watches its parent itself:

* ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the child when the thread that
  started it ends, immediately, even while the child is busy in C code. Only asked for when
  that thread is the main thread: a child started from a short-lived thread would otherwise
  be killed with that thread.
* a watchdog thread that checks every half second that its parent is still its parent (an
  orphan is adopted by another process), for the other case and for systems without prctl.

The resource tracker of ``multiprocessing`` needs nothing: it exits when the last process
holding its pipe is gone.

Example (once, before the flow starts its API server; ``flows.runners.configured`` does it):
    >>> guard_prefect_server()          # doctest: +SKIP
"""
from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1                # <sys/prctl.h>
WATCH_SECONDS = 0.5


def die_with_parent(parent_pid: int, from_main_thread: bool) -> None:
    """Called first thing in a child process (a pool's ``initializer``): end it when the
    process ``parent_pid`` is gone.

    Args:
        parent_pid: the parent's pid, as the parent saw it when it started the child.
        from_main_thread: the child was started from the parent's main thread (then the
            kernel's parent-death signal is safe to ask for).
    """
    if from_main_thread:
        _ask_parent_death_signal()
    if os.getppid() != parent_pid:               # the parent died before we got here
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=_watch, args=(parent_pid,), name="lifeline", daemon=True).start()


def pool_lifeline() -> dict:
    """Keyword arguments for a ``ProcessPoolExecutor`` whose workers die with this process."""
    return {"initializer": die_with_parent,
            "initargs": (os.getpid(), threading.current_thread() is threading.main_thread())}


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGKILL)


def _ask_parent_death_signal() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):            # not Linux: the watchdog alone
        pass


# ----------------------------------------------------------------------------- Prefect's API server
class _GuardedSubprocess:
    """``subprocess`` as Prefect's server module sees it, except that ``python -m uvicorn ...``
    is started as ``python -m flows.lifeline <pid> <main thread?> uvicorn ...``: the same
    server, which first ties itself to this process."""

    def __init__(self, real) -> None:
        self._real = real

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def Popen(self, args, *rest, **kwargs):      # noqa: N802 - the name Prefect calls
        if list(args[:3]) == [sys.executable, "-m", "uvicorn"]:
            main = threading.current_thread() is threading.main_thread()
            args = [sys.executable, "-m", "flows.lifeline", str(os.getpid()), str(int(main)), *args[2:]]
            env = dict(kwargs.get("env") or os.environ)
            here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))      # flows/ must be importable there
            env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
            kwargs["env"] = env
        return self._real.Popen(args, *rest, **kwargs)


def guard_prefect_server() -> None:
    """Make the ephemeral API server Prefect starts for this process die with it (see the
    module docstring). Idempotent. Nothing to do when ``PREFECT_API_URL`` names a server:
    then Prefect starts none, and importing its server module would cost 2 s of start-up."""
    from prefect.settings import get_current_settings

    if get_current_settings().api.url:
        return
    from prefect.server.api import server

    if not isinstance(server.subprocess, _GuardedSubprocess):
        server.subprocess = _GuardedSubprocess(server.subprocess)


if __name__ == "__main__":
    # python -m flows.lifeline PARENT_PID FROM_MAIN_THREAD MODULE ARGS...: run MODULE as
    # ``python -m MODULE ARGS...`` would, tied to the parent.
    parent, main_thread, module = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3]
    die_with_parent(parent, main_thread)
    sys.argv = [module, *sys.argv[4:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
