"""Parse workers that never outlive the build that started them.

A `kill -9` of a build leaves its spawn-pool workers blocked on the task queue forever (each holds a
write end of that queue, so it never sees end-of-file), and with them multiprocessing's resource tracker.
Each worker therefore asks the kernel to kill it when its parent dies (Linux `PR_SET_PDEATHSIG`) and, where
that is not available, watches its parent id from a daemon thread. Once the workers are gone the resource
tracker sees end-of-file on its pipe and exits by itself.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_EVERY_S = 0.5


def die_with_parent(parent_pid: int) -> None:
    """ProcessPoolExecutor initializer: end this worker as soon as `parent_pid` is gone."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the watcher below does it
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(WATCH_EVERY_S)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
