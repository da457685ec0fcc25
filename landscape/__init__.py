"""Who does what, where, when, with what money, on what land.

A toolkit for a district's multi-stakeholder landscape forum: it reads the
forum's workbook and the partners' map files, resolves every place to its
Kemendagri code, links activities to land, and writes tables, a GeoPackage and
an offline HTML atlas.

The pipeline runs one way: :mod:`tables` / :mod:`areas` / :mod:`boundaries`
(read) -> :mod:`records` / :mod:`places` (normalise) -> :mod:`link` ->
:mod:`coverage`, :mod:`land`, :mod:`plan`, :mod:`coordination` (analyse) ->
:mod:`report` / :mod:`atlas` (render). :func:`run` runs the first four stages and
:func:`write_build` writes a build folder::

    >>> import landscape
    >>> callable(landscape.run) and callable(landscape.write_build)
    True
"""

from importlib.metadata import PackageNotFoundError, version

from landscape import areas as areas
from landscape import atlas as atlas
from landscape import boundaries as boundaries
from landscape import build as build
from landscape import catalogue as catalogue
from landscape import coordination as coordination
from landscape import coverage as coverage
from landscape import dates as dates
from landscape import errors as errors
from landscape import gaps as gaps
from landscape import gazetteer as gazetteer
from landscape import land as land
from landscape import landstatus as landstatus
from landscape import link as link
from landscape import mapdef as mapdef
from landscape import money as money
from landscape import orgs as orgs
from landscape import overlays as overlays
from landscape import places as places
from landscape import plan as plan
from landscape import records as records
from landscape import report as report
from landscape import settings as settings
from landscape import tables as tables
from landscape import zonal as zonal
from landscape.build import Result, run
from landscape.errors import InputError, InputFileError, LandscapeError, LayerError
from landscape.problems import Problem
from landscape.report import write_build

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
    "atlas",
    "boundaries",
    "build",
    "catalogue",
    "coordination",
    "coverage",
    "dates",
    "errors",
    "gaps",
    "gazetteer",
    "land",
    "landstatus",
    "link",
    "mapdef",
    "money",
    "orgs",
    "overlays",
    "places",
    "plan",
    "records",
    "report",
    "run",
    "settings",
    "tables",
    "write_build",
    "zonal",
]
