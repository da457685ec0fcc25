"""Who does what, where, when, with what money, on what land.

A toolkit for a district's multi-stakeholder landscape forum: it reads the
forum's workbook and the partners' map files, resolves every place to its
Kemendagri code, links activities to land, and writes tables, a GeoPackage and
an offline HTML atlas.

The pipeline runs one way: :mod:`tables` / :mod:`areas` / :mod:`boundaries`
(read) -> :mod:`records` / :mod:`places` (normalise) -> :mod:`link` ->
:mod:`coverage` (analyse) -> :mod:`report` / :mod:`atlas` (render);
:func:`landscape.build.run` runs the first four stages.
"""

from importlib.metadata import PackageNotFoundError, version

from landscape import areas as areas
from landscape import boundaries as boundaries
from landscape import build as build
from landscape import coverage as coverage
from landscape import dates as dates
from landscape import errors as errors
from landscape import gazetteer as gazetteer
from landscape import link as link
from landscape import money as money
from landscape import orgs as orgs
from landscape import places as places
from landscape import records as records
from landscape import settings as settings
from landscape import tables as tables
from landscape.build import Result, run
from landscape.errors import InputError, InputFileError, LandscapeError, LayerError
from landscape.problems import Problem

try:
    __version__ = version("landscape")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "InputError",
    "InputFileError",
    "LandscapeError",
    "LayerError",
    "Problem",
    "Result",
    "__version__",
    "areas",
    "boundaries",
    "build",
    "coverage",
    "dates",
    "errors",
    "gazetteer",
    "link",
    "money",
    "orgs",
    "places",
    "records",
    "run",
    "settings",
    "tables",
]
