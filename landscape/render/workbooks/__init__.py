"""Workbooks the toolkit writes for people to fill in: the empty plan, the partner sheets."""
