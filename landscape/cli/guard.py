"""The one-sentence guard: a user mistake prints ``error: <sentence>`` and exits with code 1.

Every command of the ``landscape`` group runs inside it, so no command can show a
traceback for a missing file, a workbook without a header or a folder that cannot
be written. Bugs (any other exception) still show their traceback.
"""

from __future__ import annotations

from typing import Any

import click

from landscape.errors import LandscapeError


def one_sentence(exc: Exception) -> str:
    """Return the sentence shown for a user mistake or a file the system refused."""
    if isinstance(exc, LandscapeError) or not isinstance(exc, OSError):
        return str(exc)
    where = exc.filename or "a file"
    return (f"{where}: {exc.strerror or exc}; check the path, its permissions and the free "
            "space")


class GuardedGroup(click.Group):
    """A click group whose every command runs behind the one-sentence guard."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn a user mistake into ``error: <sentence>`` and exit code 1."""
        try:
            return super().invoke(ctx)
        except (LandscapeError, OSError) as exc:
            click.echo(f"error: {one_sentence(exc)}", err=True)
            ctx.exit(1)
