"""Exceptions raised by the toolkit.

Every error a user can cause is a :class:`LandscapeError` whose message is one
sentence naming the file, sheet, row or feature and what to fix. The command
line prints that sentence and exits with code 1; it never shows a traceback for
a user mistake. Each class also subclasses a builtin so callers can catch either.
"""

from __future__ import annotations


class LandscapeError(Exception):
    """Root of every error the toolkit raises on purpose."""


class InputError(LandscapeError, ValueError):
    """An input file exists but cannot be used (wrong columns, no header, bad values)."""


class InputFileError(LandscapeError, OSError):
    """An input file is missing, unreadable or not of a format the toolkit reads."""


class LayerError(LandscapeError, ValueError):
    """A landscape layer descriptor or the file it points at cannot be used."""


class OutputError(LandscapeError, OSError):
    """The output folder cannot be written as asked (it is a file, or holds files of its own)."""
