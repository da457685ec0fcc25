"""The ``landscape`` command line, a thin layer over :mod:`landscape.pipeline` and render."""

from landscape.cli.commands import main

__all__ = ["main"]
