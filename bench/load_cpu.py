"""Who used the processors while the load test ran: the server, the load generator, everything else."""

from __future__ import annotations

import contextlib
import os
import threading
import time


class CpuSampler(threading.Thread):
    """Every half second, the processor seconds used so far by each server process, the generator and the machine.

    Needs psutil (installed with locust). Server processes are counted one by one, so a worker that gunicorn
    replaces mid-run neither vanishes from the sum nor makes it go backwards.
    """

    def __init__(self, server_pid: int, generator_pid: int):
        super().__init__(daemon=True, name="cpu-sampler")
        import psutil

        self._psutil = psutil
        self._server, self._generator = psutil.Process(server_pid), psutil.Process(generator_pid)
        self.samples: list[tuple[float, dict[int, float], float, float, float]] = []
        self.done = threading.Event()

    def _seconds(self, process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    def _server_seconds(self) -> dict[int, float]:
        used = {}
        with contextlib.suppress(self._psutil.Error):
            for process in [self._server, *self._server.children(recursive=True)]:
                with contextlib.suppress(self._psutil.Error):
                    used[process.pid] = self._seconds(process)
        return used

    def run(self):
        """Sample until done is set."""
        while not self.done.is_set():
            machine = self._psutil.cpu_times()
            idle = machine.idle + getattr(machine, "iowait", 0.0)
            generator = 0.0
            with contextlib.suppress(self._psutil.Error):
                generator = self._seconds(self._generator)
            self.samples.append((time.time(), self._server_seconds(), generator, sum(machine) - idle, idle))
            self.done.wait(0.5)

    def between(self, start: float, end: float) -> dict:
        """Processor seconds each side used from start to end (epoch seconds); {} without two samples inside."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            return {}
        first, last = inside[0], inside[-1]
        scale = (end - start) / (last[0] - first[0])
        server = sum(used - first[1].get(pid, 0.0) for pid, used in last[1].items()) * scale
        generator, busy, idle = ((last[i] - first[i]) * scale for i in (2, 3, 4))
        return {"server": server, "generator": generator, "other": max(0.0, busy - server - generator),
                "idle": idle, "cores": os.cpu_count()}


def start_sampler(server_pid: int, generator_pid: int) -> CpuSampler | None:
    """A running sampler of the two processes, or None when psutil is missing."""
    try:
        sampler = CpuSampler(server_pid, generator_pid)
    except ImportError:
        return None
    sampler.start()
    return sampler
