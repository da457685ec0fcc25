"""The ``landscape`` command line, a thin layer over :mod:`landscape.pipeline` and render.

``main`` is the click group (the console script ``landscape``); each command is a
module of its own, imported only when it runs, and their shared options and value
checks are in :mod:`landscape.cli.options`. Every command runs behind the
one-sentence guard (:mod:`landscape.cli.guard`): a user mistake prints
``error: <sentence>`` to stderr and exits with code 1; a usage error keeps click's
message and exit code 2; a fault of the toolkit is one sentence too, exit code 3;
``--debug`` (on the group or a command) shows the traceback instead. Importing this
module is quick (the geo libraries load with the command), so Ctrl-C at any time
prints ``Aborted!`` and exits with code 1, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, cast

import click

from landscape.cli.guard import GuardedGroup, debug_opt

#: Each command's name, and the module and attribute it is imported from when it runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("landscape.cli.build", "build_command"),
    "demo": ("landscape.cli.demo", "demo_command"),
    "init": ("landscape.cli.init", "init_command"),
    "validate": ("landscape.cli.validate", "validate_command"),
    "overlay": ("landscape.cli.overlay", "overlay_command"),
    "fetch-boundaries": ("landscape.cli.fetch_boundaries", "fetch_boundaries_command"),
    "partner-sheets": ("landscape.cli.partners", "partners_command"),
    "diff": ("landscape.cli.diff", "diff_command"),
}


class LandscapeGroup(GuardedGroup):
    """The ``landscape`` group: commands imported when they run, Ctrl-C never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002 - click's API
        """Return the command names."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: ARG002
        """Import and return the command ``cmd_name`` (None for an unknown name)."""
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        return cast("click.Command", getattr(importlib.import_module(where[0]), where[1]))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run as click does, and turn a Ctrl-C click did not see into ``Aborted!``, code 1."""
        try:
            return super().main(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("\nAborted!", err=True)
            sys.exit(1)


@click.group(cls=LandscapeGroup)
@click.version_option(package_name="landscape")
@debug_opt
def main() -> None:
    """Who does what, where, when, with what money, on what land."""


__all__ = ["LandscapeGroup", "main"]
