"""Progress and messages on the terminal: a bar per stage, plain lines in logs.

On a terminal (stderr is a TTY) a build shows one tqdm bar that advances through
the stages and is erased when the build ends, so the summary (and an ``error:``
sentence) stand alone. In a log or CI (not a TTY) no bar is drawn: ``--verbose``
prints one plain line per stage with the seconds since the start; without it a
log holds the summary alone, as before. ``--quiet`` prints nothing but errors.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import click

from landscape.cli.messages import say

__all__ = ["Console", "quiet_opt", "verbose_opt"]

quiet_opt = click.option("--quiet", "-q", is_flag=True, default=False,
                         help="Print nothing but errors.")
verbose_opt = click.option("--verbose", "-v", is_flag=True, default=False,
                           help="Print every stage (also in logs) and every problem.")


@dataclass(slots=True)
class Console:
    """Where a command speaks: its language, how much, and the stage bar.

    Use as a context manager around the work; pass :meth:`stage` as the pipeline's
    ``progress`` callback.
    """

    lang: str = "en"
    quiet: bool = False
    verbose: bool = False
    stages: Sequence[str] = ()
    tty: bool | None = None
    _bar: Any = field(default=None, repr=False)
    _start: float = field(default=0.0, repr=False)
    _done: int = field(default=0, repr=False)

    def __enter__(self) -> Self:
        """Start the clock (and the bar, on a terminal)."""
        self._start = time.monotonic()
        if self.tty is None:
            self.tty = sys.stderr.isatty()
        if self.tty and not self.quiet and self.stages:
            from tqdm import tqdm  # noqa: PLC0415 - only on a terminal

            self._bar = tqdm(total=len(self.stages), leave=False, file=sys.stderr,
                             bar_format="{desc:<28} {bar} {n_fmt}/{total_fmt} {elapsed}")
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Erase the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def stage(self, name: str) -> None:
        """Say that stage ``name`` starts."""
        label = say(name, self.lang) if name else name
        if self._bar is not None:
            if self._done:
                self._bar.update(1)
            self._done += 1
            self._bar.set_description_str(label)
            return
        self._done += 1
        if self.verbose and not self.quiet:
            seconds = time.monotonic() - self._start
            total = f"/{len(self.stages)}" if self.stages else ""
            click.echo(f"[{self._done}{total}] {label} ({seconds:.1f} s)", err=True)

    def echo(self, line: str) -> None:
        """Print a summary line (not with ``--quiet``)."""
        if not self.quiet:
            click.echo(line)

    def detail(self, line: str) -> None:
        """Print a line only with ``--verbose``."""
        if self.verbose and not self.quiet:
            click.echo(line)
