"""Uploaded spreadsheets waiting for the operator's confirmation (LRA, planning workbook).

The preview and the confirm are two requests; the file between them is kept on disk
under its SHA-256, outside MEDIA_ROOT (never served). The confirm re-reads these exact
bytes and checks their hash, so what is written is exactly what was previewed.
"""
from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

from django.conf import settings

_RE_SHA = re.compile(r"[0-9a-f]{64}")


class DrafUnggahan:
    """One kind of draft, in its own folder: ``settings.<setting>`` or ``<tmp>/<folder_baku>``."""

    def __init__(self, setting: str, folder_baku: str):
        self.setting, self.folder_baku = setting, folder_baku

    def _folder(self) -> Path:
        folder = Path(getattr(settings, self.setting, Path(tempfile.gettempdir()) / self.folder_baku))
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def simpan(self, isi: bytes) -> str:
        sha = hashlib.sha256(isi).hexdigest()
        path = self._folder() / f"{sha}.xlsx"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(isi)
            tmp.replace(path)
        return sha

    def baca(self, sha: str) -> bytes | None:
        """The draft's bytes, or None when it is gone or no longer matches its name."""
        if not _RE_SHA.fullmatch(sha or ""):
            return None
        try:
            isi = (self._folder() / f"{sha}.xlsx").read_bytes()
        except OSError:
            return None
        return isi if hashlib.sha256(isi).hexdigest() == sha else None

    def hapus(self, sha: str) -> None:
        if _RE_SHA.fullmatch(sha or ""):
            (self._folder() / f"{sha}.xlsx").unlink(missing_ok=True)


LRA = DrafUnggahan("LKJ_LRA_DRAF_DIR", "lkj-lra-draf")
WORKBOOK = DrafUnggahan("LKJ_RENJA_DRAF_DIR", "lkj-renja-draf")
