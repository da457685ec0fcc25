"""The ``landscape`` command line: a thin layer over :func:`landscape.build` and :func:`landscape.write`."""

from landscape.cli.commands import main

__all__ = ["main"]
