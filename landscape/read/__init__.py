"""Stage 1, read: the only stage besides render that touches the disk.

Turns the user's files into raw records: the forum's workbook or 3W table
(:mod:`~landscape.read.tables`, headers matched by :mod:`~landscape.read.schema`),
partner area files (:mod:`~landscape.read.areas`), admin boundaries
(:mod:`~landscape.read.boundaries`), landscape layers through the catalogue
(:mod:`~landscape.read.layers`) and map definitions (:mod:`~landscape.read.mapdef`).

May import: the shared modules only (``model``, ``settings``, ``errors``,
``problems``, ``catalogue``, ``_text``, ``_cells``).
"""
