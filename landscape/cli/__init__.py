"""The ``landscape`` command line, a thin layer over :mod:`landscape.pipeline` and render.

``main`` is the click group (the console script ``landscape``); each command is a
module of its own, and their shared options and value checks are in
:mod:`landscape.cli.options`. Every command runs behind the one-sentence guard
(:mod:`landscape.cli.guard`): a user mistake prints ``error: <sentence>`` to stderr
and exits with code 1; a usage error keeps click's message and exit code 2.
"""

from __future__ import annotations

import click

from landscape.cli.build import build_command
from landscape.cli.demo import demo_command
from landscape.cli.guard import GuardedGroup


@click.group(cls=GuardedGroup)
@click.version_option(package_name="landscape")
def main() -> None:
    """Who does what, where, when, with what money, on what land."""


main.add_command(build_command)
main.add_command(demo_command)

__all__ = ["main"]
