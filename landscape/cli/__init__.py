"""The ``landscape`` command line, a thin layer over :mod:`landscape.pipeline` and render.

``main`` is the click group (the console script ``landscape``); each command is a
module of its own, imported only when it runs, and their shared options and value
checks are in :mod:`landscape.cli.options`. Every command runs behind the
one-sentence guard (:mod:`landscape.cli.guard`): a user mistake prints
``error: <sentence>`` to stderr and exits with code 1; a usage error keeps click's
message and exit code 2. Importing this module is quick (the geo libraries load
with the command), so Ctrl-C at any time prints ``Aborted!`` and exits with code 1,
never a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from landscape.cli.guard import GuardedGroup

COMMANDS = ("build", "demo", "diff")


class LandscapeGroup(GuardedGroup):
    """The ``landscape`` group: commands imported when they run, Ctrl-C never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002 - click's API
        """Return the command names."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: ARG002
        """Import and return the command ``cmd_name`` (None for an unknown name)."""
        if cmd_name == "build":
            from landscape.cli.build import build_command  # noqa: PLC0415 - on first use

            return build_command
        if cmd_name == "demo":
            from landscape.cli.demo import demo_command  # noqa: PLC0415 - on first use

            return demo_command
        if cmd_name == "diff":
            from landscape.cli.diff import diff_command  # noqa: PLC0415 - on first use

            return diff_command
        return None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run as click does, and turn a Ctrl-C click did not see into ``Aborted!``, code 1."""
        try:
            return super().main(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("\nAborted!", err=True)
            sys.exit(1)


@click.group(cls=LandscapeGroup)
@click.version_option(package_name="landscape")
def main() -> None:
    """Who does what, where, when, with what money, on what land."""


__all__ = ["LandscapeGroup", "main"]
