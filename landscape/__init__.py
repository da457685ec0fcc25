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

from landscape import catalogue as catalogue
from landscape import errors as errors
from landscape import link as link
from landscape import pipeline as build
from landscape import settings as settings
from landscape.analyse import coordination as coordination
from landscape.analyse import coverage as coverage
from landscape.analyse import gaps as gaps
from landscape.analyse import land as land
from landscape.analyse import landstatus as landstatus
from landscape.analyse import plan as plan
from landscape.analyse import zonal as zonal
from landscape.errors import InputError, InputFileError, LandscapeError, LayerError
from landscape.normalise import dates as dates
from landscape.normalise import gazetteer as gazetteer
from landscape.normalise import money as money
from landscape.normalise import orgs as orgs
from landscape.normalise import places as places
from landscape.normalise import records as records
from landscape.pipeline import Result, run
from landscape.problems import Problem
from landscape.read import areas as areas
from landscape.read import boundaries as boundaries
from landscape.read import mapdef as mapdef
from landscape.read import tables as tables
from landscape.render import folder as report
from landscape.render.atlas import overlays as overlays
from landscape.render.atlas import payload as atlas
from landscape.render.folder import write_build

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
