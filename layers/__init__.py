"""The layer catalogue and the demo's sources, installed as ``landscape.layers``.

This folder is their one home in the repository; ``pyproject.toml`` maps it to the
sub-package ``landscape.layers`` so that a wheel carries it and the code reads it with
:mod:`importlib.resources`. There is no code here.
"""
