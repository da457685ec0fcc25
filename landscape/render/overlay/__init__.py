"""The area check's outputs: ``overlay.html`` (a focused offline map) and ``overlay.csv``."""
