"""The meeting workbook ``report.xlsx``: its words (``labels``), tables and writer (``xlsx``)."""
