"""Stage 2, normalise: raw cells into clean records.

Organisations (:mod:`~landscape.normalise.orgs`), action items and partner
activities (:mod:`~landscape.normalise.records`), dates, amounts, and places
resolved to Kemendagri codes (:mod:`~landscape.normalise.gazetteer`,
:mod:`~landscape.normalise.places`). Every value that cannot be used as written
becomes a :class:`~landscape.problems.Problem`; no row is dropped silently.

May import: ``read`` and the shared modules.
"""
