"""Backup and restore of everything that matters: the database and the media folder, in one tar.

An archive holds

* ``basisdata.sqlite3`` — a consistent copy made with SQLite's online backup API (the server
  may keep running), or ``basisdata.pgdump`` — ``pg_dump`` in its custom format;
* ``media/…`` — every file under ``MEDIA_ROOT``: evidence, photos, kept LRA uploads, rendered
  and signed PDFs;
* ``manifest.json`` — format, application version, database engine, creation time and the
  SHA-256 and size of every other member.

``pulihkan`` checks the whole archive (every member listed, nothing extra, every hash) and
that the database and media folder are empty *before* it writes anything; then it stages the
media next to ``MEDIA_ROOT``, restores the database, moves the media into place and checks
every signed PDF against the SHA-256 recorded when it was signed.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from lkj.dokumen.models import DokumenRender
from lkj.dokumen.stempel import versi_program
from lkj.tinjauan.models import DokumenTertanda

log = logging.getLogger("lkj.operasi")

FORMAT = "lkj-cadangan"
VERSI_FORMAT = 1
MANIFEST = "manifest.json"
NAMA_BASIS_DATA = {"sqlite": "basisdata.sqlite3", "postgresql": "basisdata.pgdump"}
AWALAN_MEDIA = "media/"
_POTONG = 1024 * 1024


class GagalCadangan(Exception):
    """A backup or restore that cannot be done; the message is Indonesian and says what to do."""


class ArsipRusak(GagalCadangan):
    pass


class TujuanTidakKosong(GagalCadangan):
    pass


def _sha256_berkas(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while potong := f.read(_POTONG):
            h.update(potong)
    return h.hexdigest()


class _Hitung(io.RawIOBase):
    """A read-through file that hashes what tarfile copies, so the manifest hashes exactly what was archived."""

    def __init__(self, f):
        self.f, self.h, self.n = f, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, n=-1):
        b = self.f.read(n)
        self.h.update(b)
        self.n += len(b)
        return b


def _mesin() -> str:
    vendor = connection.vendor
    if vendor not in NAMA_BASIS_DATA:
        raise GagalCadangan(f"Basis data {vendor} tidak didukung; cadangan hanya untuk SQLite dan PostgreSQL.")
    return vendor


def _program_pg(nama: str) -> str:
    bindir = getattr(settings, "LKJ_PG_BINDIR", None) or os.environ.get("LKJ_PG_BINDIR")
    path = os.path.join(bindir, nama) if bindir else shutil.which(nama)
    if not path or not os.access(path, os.X_OK):
        raise GagalCadangan(
            f"Program {nama} tidak ditemukan. Pasang klien PostgreSQL (apt-get install postgresql-client) "
            "atau arahkan LKJ_PG_BINDIR ke foldernya."
        )
    return path


def _pg_argumen() -> tuple[list[str], dict]:
    s = connection.settings_dict
    arg, env = [], dict(os.environ)
    if s.get("HOST"):
        arg += ["--host", s["HOST"]]
    if s.get("PORT"):
        arg += ["--port", str(s["PORT"])]
    if s.get("USER"):
        arg += ["--username", s["USER"]]
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return arg + ["--dbname", s["NAME"], "--no-password"], env


def _salin_basis_data(tujuan: Path) -> None:
    """A consistent copy of the live database in ``tujuan``."""
    if _mesin() == "sqlite":
        sumber = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True, timeout=60)
        try:
            salinan = sqlite3.connect(tujuan)
            with salinan:
                sumber.backup(salinan)
            salinan.close()
        finally:
            sumber.close()
        return
    arg, env = _pg_argumen()
    hasil = subprocess.run(
        [_program_pg("pg_dump"), "--format=custom", "--file", str(tujuan), *arg], env=env, capture_output=True, text=True
    )
    if hasil.returncode != 0:
        raise GagalCadangan(f"pg_dump gagal (kode {hasil.returncode}): {hasil.stderr.strip()[:1000]}")


def _versi_aplikasi() -> str:
    return versi_program()


def _migrasi_terakhir() -> dict[str, str]:
    terakhir = {}
    for app, nama in MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name"):
        terakhir[app] = nama
    return terakhir


def _berkas_media() -> list[Path]:
    akar = Path(settings.MEDIA_ROOT)
    if not akar.is_dir():
        return []
    return sorted(p for p in akar.rglob("*") if p.is_file() and not p.is_symlink())


def cadangkan(tujuan: Path | str) -> dict:
    """Write one archive of the database and the media folder to ``tujuan``; returns its manifest.

    Written beside ``tujuan`` under a temporary name and renamed when complete, readable by
    its owner only (it holds password hashes): a half-written archive never carries the name.
    """
    tujuan = Path(tujuan)
    if not tujuan.parent.is_dir():
        raise GagalCadangan(f"Folder {tujuan.parent} untuk --output tidak ada.")
    if tujuan.exists():
        raise GagalCadangan(f"Berkas {tujuan} sudah ada; pilih nama lain (cadangan tidak pernah ditimpa).")
    mesin = _mesin()
    nama_db = NAMA_BASIS_DATA[mesin]
    with tempfile.TemporaryDirectory(dir=tujuan.parent, prefix=".lkj-cadangan-") as kerja:
        kerja = Path(kerja)
        db = kerja / nama_db
        _salin_basis_data(db)
        berkas = []
        sementara = kerja / "arsip.tar"
        fd = os.open(sementara, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as keluar, tarfile.open(fileobj=keluar, mode="w", format=tarfile.PAX_FORMAT) as tar:
            akar = Path(settings.MEDIA_ROOT)
            for path, nama in [(db, nama_db)] + [(p, AWALAN_MEDIA + p.relative_to(akar).as_posix()) for p in _berkas_media()]:
                try:
                    info = tar.gettarinfo(str(path), arcname=nama)
                    with open(path, "rb") as f:
                        hitung = _Hitung(f)
                        tar.addfile(info, hitung)
                except FileNotFoundError:  # deleted (a draft, a removed photo) between listing and reading
                    continue
                berkas.append({"nama": nama, "sha256": hitung.h.hexdigest(), "ukuran": hitung.n})
            manifest = {
                "format": FORMAT,
                "versi_format": VERSI_FORMAT,
                "versi_aplikasi": _versi_aplikasi(),
                "mesin_basis_data": mesin,
                "basis_data": nama_db,
                "dibuat_pada": timezone.now().isoformat(timespec="seconds"),
                "migrasi": _migrasi_terakhir(),
                "berkas": berkas,
            }
            isi = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(isi), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(isi))
        os.replace(sementara, tujuan)
    log.info("Cadangan dibuat", extra={"berkas": str(tujuan), "mesin": mesin, "jumlah": len(berkas), "ukuran": tujuan.stat().st_size})
    return manifest


def buang_lama(folder: Path | str, simpan: int) -> list[Path]:
    """Delete all but the ``simpan`` newest LKj archives in ``folder`` (by their manifest's time); returns the deleted."""
    arsip = []
    for p in Path(folder).glob("*.tar"):
        try:
            arsip.append((baca_manifest(p)["dibuat_pada"], p))
        except GagalCadangan:
            continue  # not ours, or damaged: never deleted here
    arsip.sort(reverse=True)
    dibuang = [p for _, p in arsip[simpan:]]
    for p in dibuang:
        p.unlink()
    return dibuang


# ---------------------------------------------------------------- reading and checking


def _buka(sumber: Path) -> tarfile.TarFile:
    if not sumber.is_file():
        raise ArsipRusak(f"Berkas cadangan {sumber} tidak ditemukan.")
    try:
        return tarfile.open(sumber, mode="r:")
    except (tarfile.TarError, OSError) as exc:
        raise ArsipRusak(f"Berkas {sumber} bukan arsip cadangan LKj yang dapat dibaca (arsip tar rusak atau terpotong).") from exc


def _manifest_dari(tar: tarfile.TarFile, sumber: Path) -> dict:
    try:
        anggota = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(anggota).read())
    except KeyError:
        raise ArsipRusak(f"Arsip {sumber} tidak memuat {MANIFEST}: bukan cadangan LKj, atau rusak.") from None
    except (ValueError, tarfile.TarError, OSError, AttributeError) as exc:
        raise ArsipRusak(f"{MANIFEST} dalam arsip {sumber} rusak dan tidak dapat dibaca.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArsipRusak(f"Arsip {sumber} bukan cadangan LKj ({MANIFEST} tidak dikenal).")
    if manifest.get("versi_format") != VERSI_FORMAT:
        raise ArsipRusak(f"Cadangan {sumber} berformat versi {manifest.get('versi_format')}; aplikasi ini membaca versi {VERSI_FORMAT}.")
    if not isinstance(manifest.get("berkas"), list) or manifest.get("mesin_basis_data") not in NAMA_BASIS_DATA:
        raise ArsipRusak(f"{MANIFEST} dalam arsip {sumber} tidak lengkap.")
    return manifest


def baca_manifest(sumber: Path | str) -> dict:
    sumber = Path(sumber)
    with _buka(sumber) as tar:
        return _manifest_dari(tar, sumber)


def _nama_aman(nama: str) -> bool:
    p = PurePosixPath(nama)
    return bool(nama) and not p.is_absolute() and ".." not in p.parts and "\\" not in nama and "\x00" not in nama


def _salin_terhitung(f, keluar=None) -> tuple[str, int]:
    h, n = hashlib.sha256(), 0
    while potong := f.read(_POTONG):
        h.update(potong)
        n += len(potong)
        if keluar is not None:
            keluar.write(potong)
    return h.hexdigest(), n


def periksa_arsip(sumber: Path | str) -> dict:
    """The manifest of an archive whose every member is present, expected, and matches its SHA-256 and size.

    Raises ``ArsipRusak`` naming the first member that does not; reads the whole archive once.
    """
    sumber = Path(sumber)
    with _buka(sumber) as tar:
        manifest = _manifest_dari(tar, sumber)
        daftar = {}
        for b in manifest["berkas"]:
            nama = b.get("nama") if isinstance(b, dict) else None
            if not isinstance(nama, str) or not _nama_aman(nama) or not (nama == manifest["basis_data"] or nama.startswith(AWALAN_MEDIA)):
                raise ArsipRusak(f"{MANIFEST} dalam arsip {sumber} menyebut berkas yang tidak diizinkan: {nama!r}.")
            daftar[nama] = b
        if manifest["basis_data"] not in daftar:
            raise ArsipRusak(f"Arsip {sumber} tidak memuat basis data ({manifest['basis_data']}).")
        terlihat = set()
        try:
            for anggota in tar:
                if anggota.name == MANIFEST:
                    continue
                if anggota.name not in daftar:
                    raise ArsipRusak(f"Arsip {sumber} memuat {anggota.name!r} yang tidak tercatat di {MANIFEST}.")
                if not anggota.isfile():
                    raise ArsipRusak(f"Anggota arsip {anggota.name!r} bukan berkas biasa.")
                if anggota.name in terlihat:
                    raise ArsipRusak(f"Anggota arsip {anggota.name!r} muncul dua kali.")
                terlihat.add(anggota.name)
                sha, n = _salin_terhitung(tar.extractfile(anggota))
                harap = daftar[anggota.name]
                if sha != harap.get("sha256") or n != harap.get("ukuran"):
                    raise ArsipRusak(
                        f"Berkas {anggota.name} dalam arsip {sumber} rusak: SHA-256 atau ukurannya tidak sama dengan {MANIFEST}."
                    )
        except tarfile.TarError as exc:
            raise ArsipRusak(f"Arsip {sumber} rusak atau terpotong: {exc}.") from exc
        hilang = sorted(set(daftar) - terlihat)
        if hilang:
            lagi = f" dan {len(hilang) - 1} lainnya" if len(hilang) > 1 else ""
            raise ArsipRusak(f"Arsip {sumber} tidak lengkap: {hilang[0]}{lagi} tercatat di {MANIFEST} tetapi tidak ada.")
    return manifest


# ---------------------------------------------------------------- restoring


def _tabel_basis_data() -> list[str]:
    if _mesin() == "sqlite":
        nama = connection.settings_dict["NAME"]
        if str(nama) in ("", ":memory:") or not Path(nama).exists() or Path(nama).stat().st_size == 0:
            return []
    return connection.introspection.table_names()


def _isi_media() -> list[Path]:
    akar = Path(settings.MEDIA_ROOT)
    return sorted(akar.iterdir()) if akar.is_dir() else []


def periksa_tujuan_kosong() -> None:
    tabel = _tabel_basis_data()
    if tabel:
        raise TujuanTidakKosong(
            f"Basis data tujuan tidak kosong: sudah berisi {len(tabel)} tabel (mis. {', '.join(tabel[:3])}). "
            "Cadangan hanya dipulihkan ke basis data baru yang kosong; tidak ada yang diubah."
        )
    isi = _isi_media()
    if isi:
        raise TujuanTidakKosong(
            f"Folder media {settings.MEDIA_ROOT} tidak kosong (berisi {isi[0].name}"
            f"{f' dan {len(isi) - 1} lainnya' if len(isi) > 1 else ''}). Pulihkan ke folder media yang kosong atau belum ada; "
            "tidak ada yang diubah."
        )


def _pulihkan_sqlite(berkas: Path) -> None:
    sumber = sqlite3.connect(f"file:{berkas}?mode=ro", uri=True)
    try:
        hasil = sumber.execute("PRAGMA integrity_check").fetchone()[0]
        if hasil != "ok":
            raise ArsipRusak(f"Basis data dalam arsip tidak utuh (PRAGMA integrity_check: {hasil}).")
        connection.close()
        tujuan = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            with tujuan:
                sumber.backup(tujuan)
        finally:
            tujuan.close()
    finally:
        sumber.close()


def _pulihkan_pg(berkas: Path) -> None:
    arg, env = _pg_argumen()
    connection.close()
    hasil = subprocess.run(
        [_program_pg("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *arg, str(berkas)],
        env=env,
        capture_output=True,
        text=True,
    )
    if hasil.returncode != 0:
        raise GagalCadangan(f"pg_restore gagal (kode {hasil.returncode}); basis data tujuan tidak diubah: {hasil.stderr.strip()[:1000]}")


@dataclass
class HasilPulih:
    manifest: dict
    jumlah_media: int = 0
    tertanda: int = 0
    tertanda_cocok: int = 0
    render_selesai: int = 0
    render_hilang: list[str] = field(default_factory=list)
    tidak_cocok: list[str] = field(default_factory=list)


def pulihkan(sumber: Path | str) -> HasilPulih:
    """Restore an archive into this (empty) database and (empty) media folder.

    Everything is checked before anything is written (``ArsipRusak``, ``TujuanTidakKosong``).
    The media is staged beside ``MEDIA_ROOT`` and moved into place only after the database
    was restored; a failed database restore leaves neither.
    """
    sumber = Path(sumber)
    manifest = periksa_arsip(sumber)
    if manifest["mesin_basis_data"] != _mesin():
        raise GagalCadangan(
            f"Cadangan ini dari basis data {manifest['mesin_basis_data']}, sedangkan tujuan {_mesin()}; "
            "pulihkan ke basis data berjenis sama (DATABASE_URL)."
        )
    periksa_tujuan_kosong()
    daftar = {b["nama"]: b for b in manifest["berkas"]}
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    panggung = Path(tempfile.mkdtemp(dir=media.parent, prefix=".lkj-pulih-"))
    try:
        berkas_db = panggung / "_basisdata" / manifest["basis_data"]
        berkas_db.parent.mkdir()
        n_media = 0
        with _buka(sumber) as tar:
            for anggota in tar:
                if anggota.name == MANIFEST:
                    continue
                if anggota.name == manifest["basis_data"]:
                    keluar_path = berkas_db
                else:
                    keluar_path = panggung / "media" / anggota.name[len(AWALAN_MEDIA) :]
                    keluar_path.parent.mkdir(parents=True, exist_ok=True)
                    n_media += 1
                with open(keluar_path, "xb") as keluar:
                    sha, _n = _salin_terhitung(tar.extractfile(anggota), keluar)
                if sha != daftar[anggota.name]["sha256"]:  # the archive changed since it was checked
                    raise ArsipRusak(f"Berkas {anggota.name} berubah saat dipulihkan; tidak ada yang diubah.")
        if manifest["mesin_basis_data"] == "sqlite":
            _pulihkan_sqlite(berkas_db)
        else:
            _pulihkan_pg(berkas_db)
        (panggung / "media").mkdir(exist_ok=True)
        if media.is_dir():
            media.rmdir()  # checked empty above
        os.replace(panggung / "media", media)
    finally:
        shutil.rmtree(panggung, ignore_errors=True)
    hasil = periksa_dokumen(manifest)
    hasil.jumlah_media = n_media
    log.info(
        "Cadangan dipulihkan",
        extra={"berkas": str(sumber), "media": n_media, "tertanda": hasil.tertanda, "tertanda_cocok": hasil.tertanda_cocok},
    )
    return hasil


def periksa_dokumen(manifest: dict | None = None) -> HasilPulih:
    """Every signed PDF's file against the SHA-256 recorded when it was signed; every finished render's file exists."""
    hasil = HasilPulih(manifest=manifest or {})
    for dok in DokumenTertanda.objects.select_related("render").order_by("pk"):
        hasil.tertanda += 1
        try:
            with default_storage.open(dok.render.berkas.name, "rb") as f:
                sha, _n = _salin_terhitung(f)
        except (FileNotFoundError, ValueError):
            sha = None
        if sha == dok.sha256 == dok.render.sha256:
            hasil.tertanda_cocok += 1
        else:
            hasil.tidak_cocok.append(dok.nomor)
    for r in DokumenRender.objects.filter(status=DokumenRender.Status.SELESAI).only("berkas"):
        hasil.render_selesai += 1
        if not default_storage.exists(r.berkas.name):
            hasil.render_hilang.append(r.berkas.name)
    return hasil
