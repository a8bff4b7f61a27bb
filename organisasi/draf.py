"""Uploaded spreadsheets waiting for the operator's confirmation (LRA, planning workbook, master data).

The preview and the confirm are two requests; the file between them is kept under its
SHA-256, outside MEDIA_ROOT (never served), and the upload's details (file name, OPD,
month…) in the operator's session under the same hash, so only the session that uploaded a
draft can preview or confirm it. The confirm re-reads these exact bytes and checks their
hash, so what is written is exactly what was previewed.

Where the file is kept: a folder on this machine (``settings.<setting>`` or the temp folder),
unless ``STORAGES`` names a ``"draf"`` storage; then there, under the kind's folder. Behind a
load balancer the preview and the confirm may reach two web servers, so there the drafts must
be in storage they share (the S3 switch of ``lkj.settings.production`` sets it): a folder on one
server's disk would make the confirm on the other say the draft expired.

A draft nobody confirms (the operator closed the tab) is deleted once it is older than
``LKJ_DRAF_UMUR_JAM`` hours: by the next upload of the same kind, by a preview that finds it
expired, and by ``manage.py bersihkan`` (daily).
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

_RE_SHA = re.compile(r"[0-9a-f]{64}")
log = logging.getLogger("lkj.draf")


def _umur_maks() -> float:
    return float(getattr(settings, "LKJ_DRAF_UMUR_JAM", 24)) * 3600


class DrafUnggahan:
    """One kind of draft, in its own folder (``settings.<setting>`` or ``<tmp>/<folder_baku>``) and session key."""

    def __init__(self, setting: str, folder_baku: str, sesi: str):
        self.setting, self.folder_baku, self.sesi = setting, folder_baku, sesi

    def _folder(self) -> Path:
        folder = Path(getattr(settings, self.setting, Path(tempfile.gettempdir()) / self.folder_baku))
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _simpanan(self) -> tuple[Storage, str]:
        """(storage, folder inside it): the shared ``"draf"`` storage when configured, else this machine's folder."""
        if "draf" in settings.STORAGES:
            return storages["draf"], f"{self.folder_baku}/"
        return FileSystemStorage(location=self._folder()), ""

    def simpan(self, isi: bytes) -> str:
        sha = hashlib.sha256(isi).hexdigest()
        st, dir_ = self._simpanan()
        nama = f"{dir_}{sha}.xlsx"
        if not st.exists(nama):
            # Two uploads of the same bytes at once: the second may land under another name, which the
            # sweep below removes; readers check the hash, so a half-written file is never used.
            st.save(nama, ContentFile(isi))
        return sha

    def baca(self, sha: str) -> bytes | None:
        """The draft's bytes, or None when it is gone, expired, or no longer matches its name."""
        if not _RE_SHA.fullmatch(sha or ""):
            return None
        st, dir_ = self._simpanan()
        nama = f"{dir_}{sha}.xlsx"
        try:
            if time.time() - st.get_modified_time(nama).timestamp() > _umur_maks():
                st.delete(nama)
                return None
            with st.open(nama, "rb") as f:
                isi = f.read()
        except (OSError, FileNotFoundError):
            return None
        return isi if hashlib.sha256(isi).hexdigest() == sha else None

    def bersihkan(self, *, umur_detik: float | None = None) -> int:
        """Delete drafts (and half-written ``.tmp`` files) older than the limit; returns how many."""
        batas = time.time() - (_umur_maks() if umur_detik is None else umur_detik)
        st, dir_ = self._simpanan()
        n = 0
        try:
            _, berkas = st.listdir(dir_)
        except FileNotFoundError:
            return 0
        for b in berkas:
            if Path(b).suffix not in (".xlsx", ".tmp"):
                continue
            try:
                if st.get_modified_time(f"{dir_}{b}").timestamp() < batas:
                    st.delete(f"{dir_}{b}")
                    n += 1
            except FileNotFoundError:  # another process cleaned it first
                continue
        if n:
            log.info("Draf unggahan lama dihapus", extra={"folder": dir_ or str(self._folder()), "jumlah": n})
        return n

    def hapus(self, sha: str) -> None:
        if _RE_SHA.fullmatch(sha or ""):
            st, dir_ = self._simpanan()
            st.delete(f"{dir_}{sha}.xlsx")

    def titip(self, request, isi: bytes, entri) -> str:
        """Keep an upload for its preview: the bytes on disk, ``entri`` in this session. Returns its hash.

        Drafts abandoned earlier (older than the limit) go first, so the folder never grows unbounded.
        """
        self.bersihkan()
        sha = self.simpan(isi)
        semua = request.session.get(self.sesi, {})
        semua[sha] = entri
        request.session[self.sesi] = semua
        return sha

    def ambil(self, request, sha: str):
        """(entri, bytes) of an upload this session previewed, or None when it expired or its file changed."""
        entri = request.session.get(self.sesi, {}).get(sha)
        if entri is None:
            return None
        isi = self.baca(sha)
        return (entri, isi) if isi is not None else None

    def lepas(self, request, sha: str) -> None:
        """The upload was written (or abandoned): forget it in the session and delete its file."""
        request.session.get(self.sesi, {}).pop(sha, None)
        request.session.modified = True
        self.hapus(sha)


LRA = DrafUnggahan("LKJ_LRA_DRAF_DIR", "lkj-lra-draf", "lra_draf")
# A kabupaten-wide LRA (every OPD of a pemda): the same folder, its own session key.
LRA_KABUPATEN = DrafUnggahan("LKJ_LRA_DRAF_DIR", "lkj-lra-draf", "lra_kabupaten_draf")
WORKBOOK = DrafUnggahan("LKJ_RENJA_DRAF_DIR", "lkj-renja-draf", "renja_workbook_draf")
# Master data imported in the admin (organisasi.impor_ekspor): django-import-export's preview → confirm.
DATA_INDUK = DrafUnggahan("LKJ_DATA_INDUK_DRAF_DIR", "lkj-data-induk-draf", "data_induk_draf")
# The pemda workbook (organisasi.buku_pemda): a pemda's OPDs and operators, previewed by its administrator.
BUKU_PEMDA = DrafUnggahan("LKJ_BUKU_PEMDA_DRAF_DIR", "lkj-buku-pemda-draf", "buku_pemda_draf")
SEMUA = (LRA, WORKBOOK, DATA_INDUK, BUKU_PEMDA)
