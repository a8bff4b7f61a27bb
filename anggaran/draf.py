"""Uploaded LRA files waiting for the operator's confirmation.

The preview and the confirm are two requests; the file between them is kept
on disk under its SHA-256, outside MEDIA_ROOT (never served). The confirm
re-reads these exact bytes and checks their hash, so what is written is
exactly what was previewed.
"""
from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

from django.conf import settings

_RE_SHA = re.compile(r"[0-9a-f]{64}")


def _folder() -> Path:
    folder = Path(getattr(settings, "LKJ_LRA_DRAF_DIR", Path(tempfile.gettempdir()) / "lkj-lra-draf"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def simpan(isi: bytes) -> str:
    sha = hashlib.sha256(isi).hexdigest()
    path = _folder() / f"{sha}.xlsx"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(isi)
        tmp.replace(path)
    return sha


def baca(sha: str) -> bytes | None:
    """The draft's bytes, or None when it is gone or no longer matches its name."""
    if not _RE_SHA.fullmatch(sha or ""):
        return None
    path = _folder() / f"{sha}.xlsx"
    try:
        isi = path.read_bytes()
    except OSError:
        return None
    return isi if hashlib.sha256(isi).hexdigest() == sha else None


def hapus(sha: str) -> None:
    if _RE_SHA.fullmatch(sha or ""):
        (_folder() / f"{sha}.xlsx").unlink(missing_ok=True)
