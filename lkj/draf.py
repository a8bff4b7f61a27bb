"""Moved to ``organisasi.draf``; kept importable while callers move."""
from organisasi.draf import LRA, WORKBOOK, DrafUnggahan  # noqa: F401
