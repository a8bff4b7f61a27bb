"""Moved to ``organisasi.akses``; kept importable while callers move."""
from organisasi.akses import get_opd_for_user, operator_required, opd_untuk_user  # noqa: F401
