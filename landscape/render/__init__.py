"""Stage 5, render: a build's results written as files people open.

CSV tables, the results GeoPackage and ``validation.json``
(:mod:`~landscape.render.files`), the whole build folder
(:mod:`~landscape.render.folder`) and the offline HTML atlas
(:mod:`landscape.render.atlas`).

May import: every earlier stage and the shared modules; it stands on
:mod:`landscape.model`, never on :mod:`landscape.pipeline`.
"""
