"""Progress lines on stderr: rewritten in place on a terminal, a few plain lines elsewhere (CI logs)."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, quiet: bool = False, stream=None):
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._started: dict[str, float] = {}

    def step(self, name: str, message: str) -> None:
        self._started[name] = time.perf_counter()
        self.say(f"[{name}] {message}")

    def done(self, name: str, message: str = "done") -> None:
        elapsed = time.perf_counter() - self._started.pop(name, time.perf_counter())
        self.say(f"[{name}] {message} ({elapsed:.1f} s)")

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.stream, flush=True)

    def counter(self, name: str):
        last = [-1]

        def update(done: int, total: int) -> None:
            if self.quiet:
                return
            if self.tty:
                end = "\n" if done == total else ""
                print(f"\r[{name}] {done}/{total}", end=end, file=self.stream, flush=True)
            else:
                tenth = done * 10 // max(total, 1)
                if tenth != last[0]:
                    last[0] = tenth
                    print(f"[{name}] {done}/{total}", file=self.stream, flush=True)

        return update
