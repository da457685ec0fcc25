"""The one-sentence guard: a user mistake prints ``error: <sentence>`` and exits with code 1.

Every command of the ``landscape`` group runs inside it, so no command can show a
traceback for a missing file, a workbook without a header or a folder that cannot
be written. A fault of the toolkit itself (any other exception) is one sentence
too, with exit code 3, saying so. ``--debug`` (on the group, ``landscape --debug
build ...``, or on a command, ``landscape build --debug ...``) lets the exception
through, traceback and all, for a report.

With ``--lang id`` on the command, the sentence is shown in Indonesian where
:mod:`landscape.cli.translate` has a rendering of it (``galat: <kalimat>``); a
sentence it does not know stays English, whole.

Exit codes: 0 built; 1 an input (or the output folder) cannot be used as given;
2 a usage error (click's: an unknown option, a value outside a choice); 3 a fault
of the toolkit.
"""

from __future__ import annotations

from typing import Any

import click

from landscape.cli.messages import say
from landscape.cli.translate import translate
from landscape.errors import LandscapeError

#: Exit code of a user mistake (an unusable input, option value or output folder).
USER_ERROR = 1
#: Exit code of a fault of the toolkit itself (a bug): one sentence, no traceback.
INTERNAL_ERROR = 3
_DEBUG = "landscape.debug"
_LANG = "landscape.lang"


def one_sentence(exc: Exception) -> str:
    """Return the sentence shown for a user mistake or a file the system refused."""
    if isinstance(exc, LandscapeError) or not isinstance(exc, OSError):
        return str(exc)
    where = exc.filename or "a file"
    return (f"{where}: {exc.strerror or exc}; check the path, its permissions and the free "
            "space")


def internal(exc: Exception) -> str:
    """Return the sentence shown for a fault of the toolkit (a bug, not a user mistake).

    Examples
    --------
    >>> internal(KeyError("activity_id"))  # doctest: +NORMALIZE_WHITESPACE
    "landscape failed (KeyError: 'activity_id'); this is a fault of the toolkit, not of your
     files: run the command again with --debug and report what it prints"
    """
    return (f"landscape failed ({type(exc).__name__}: {exc}); this is a fault of the toolkit, "
            "not of your files: run the command again with --debug and report what it prints")


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:  # noqa: FBT001
    if value:
        ctx.meta[_DEBUG] = True  # one dict shared by the group's and the command's contexts
    return value


def remember_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Keep the command's ``--lang`` where the guard finds it (click's option callback)."""
    if value:
        ctx.meta[_LANG] = value
    return value


debug_opt = click.option(
    "--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
    help="Show the full traceback of an error (to report a fault).")
"""The ``--debug`` flag, for the group and every command."""


class GuardedGroup(click.Group):
    """A click group whose every command runs behind the one-sentence guard."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a user mistake is ``error: <sentence>``, exit code 1."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort):
            raise
        except (LandscapeError, OSError) as exc:
            if ctx.meta.get(_DEBUG):
                raise
            lang = ctx.meta.get(_LANG, "en")
            click.echo(f"{say('error', lang)}: {translate(one_sentence(exc), lang)}", err=True)
            ctx.exit(USER_ERROR)
        except Exception as exc:
            if ctx.meta.get(_DEBUG):
                raise
            click.echo(f"error: {internal(exc)}", err=True)
            ctx.exit(INTERNAL_ERROR)
