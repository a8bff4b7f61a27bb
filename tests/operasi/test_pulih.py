"""The restore drill: back up the demo after a signature, restore it elsewhere, and find the same pages
and every signed PDF verifying. On the database the suite runs on (SQLite; PostgreSQL when
``DATABASE_URL`` points there), with the media folder on disk."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from lkj.operasi import cadangan
from lkj.tinjauan import services as svc

AKAR = Path(__file__).resolve().parents[2]


def _url(settings_dict, nama=None) -> str:
    s = settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{nama or s['NAME']}"
    kred = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s.get("PASSWORD") else "")
    return f"postgres://{kred}@{quote(s['HOST'] or '', safe='')}:{s['PORT'] or 5432}/{nama or s['NAME']}"


def _env(db_url, media) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lkj.settings.dev",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=db_url,
        LKJ_MEDIA_ROOT=str(media),
        LKJ_LOG_LEVEL="WARNING",
    )
    return env


def _jalankan(args, env):
    return subprocess.run([sys.executable, *args], cwd=AKAR, env=env, capture_output=True, text=True, timeout=600)


def _sidik(env, opd, keluar: Path) -> dict:
    r = _jalankan(["-m", "tests.operasi.sidik_halaman", opd.kode, str(keluar)], env)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(keluar.read_text())


@pytest.fixture
def media_di_disk(settings, tmp_path):
    """Uploads and rendered files on disk (the test settings keep them in memory): a backup reads MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path / "media"


@pytest.fixture
def basis_data_lain(tmp_path):
    """An empty database beside the test database: a SQLite file, or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield _url(connection.settings_dict, tmp_path / "pulih.sqlite3")
        return
    nama = f"lkj_pulih_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{nama}"')
    try:
        yield _url(connection.settings_dict, nama)
    finally:
        connection.close()
        with connection.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_restore_drill_pages_answer_the_same_and_every_signed_pdf_verifies(demo, media_di_disk, basis_data_lain, tmp_path):
    opd = demo["opd"]
    U = get_user_model().objects
    p = {"opd": opd, "tahun": 2025, "triwulan": 3}
    svc.laporan_ajukan(**p, oleh=U.get(username="bambang"))
    svc.laporan_tanggapi(**p, oleh=U.get(username="samsul"), tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=U.get(username="samsul"), alasan_pengecualian="Uji pemulihan")

    arsip = tmp_path / "lkj-cadangan.tar"
    keluar = io.StringIO()
    call_command("cadangkan", "--output", str(arsip), stdout=keluar)
    print(keluar.getvalue())
    manifest = cadangan.baca_manifest(arsip)
    assert manifest["mesin_basis_data"] == connection.vendor
    assert any(b["nama"].startswith("media/dokumen/") for b in manifest["berkas"])
    assert oct(arsip.stat().st_mode & 0o777) == "0o600"

    media_pulih = tmp_path / "media-pulih"
    env_pulih = _env(basis_data_lain, media_pulih)
    r = _jalankan(["manage.py", "pulihkan", str(arsip)], env_pulih)
    print(r.stdout, r.stderr)
    assert r.returncode == 0, r.stderr
    assert "Dokumen bertanda tangan: 2 dari 2 cocok" in r.stdout

    asli = _sidik(_env(_url(connection.settings_dict), media_di_disk), opd, tmp_path / "sidik-asli.json")
    pulih = _sidik(env_pulih, opd, tmp_path / "sidik-pulih.json")
    assert len(asli["halaman"]) == 12 and {k: v[0] for k, v in asli["halaman"].items() if v[0] != 200} == {}
    assert pulih == asli
    assert len(pulih["tertanda"]) == 2
    for nomor, t in pulih["tertanda"].items():
        assert t["sha256_berkas"] == t["sha256_tercatat"] and t["verifikasi_sama"], nomor
    print(
        f"Latihan pemulihan: {len(pulih['halaman'])} halaman sama, {len(pulih['tertanda'])} PDF bertanda tangan "
        f"terverifikasi ({', '.join(pulih['tertanda'])})"
    )

    # The restored database is no longer empty: a second restore is refused and changes nothing.
    lagi = _jalankan(["manage.py", "pulihkan", str(arsip)], env_pulih)
    assert lagi.returncode != 0 and "Basis data tujuan tidak kosong" in lagi.stderr


def _arsip_dengan(tmp_path, arsip, ubah) -> Path:
    """A copy of ``arsip`` with its members passed through ``ubah(name, bytes) -> bytes | None`` (None drops it)."""
    rusak = tmp_path / f"rusak-{uuid.uuid4().hex[:6]}.tar"
    with tarfile.open(arsip) as masuk, tarfile.open(rusak, "w") as keluar:
        for m in masuk:
            isi = ubah(m.name, masuk.extractfile(m).read())
            if isi is None:
                continue
            m.size = len(isi)
            keluar.addfile(m, io.BytesIO(isi))
    return rusak


@pytest.fixture
def arsip_kecil(media_di_disk, tmp_path, db):
    (media_di_disk / "bukti").mkdir(parents=True)
    (media_di_disk / "bukti" / "foto.jpg").write_bytes(b"\xff\xd8bukan-foto-sungguhan")
    arsip = tmp_path / "kecil.tar"
    call_command("cadangkan", "--output", str(arsip), stdout=io.StringIO())
    return arsip


def test_a_damaged_archive_is_refused_before_anything_is_written(arsip_kecil, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media-kosong")
    cek = cadangan.periksa_arsip(arsip_kecil)
    assert {b["nama"] for b in cek["berkas"]} >= {"media/bukti/foto.jpg"}

    diubah = _arsip_dengan(tmp_path, arsip_kecil, lambda n, b: b + b"x" if n == "media/bukti/foto.jpg" else b)
    with pytest.raises(CommandError, match="Berkas media/bukti/foto.jpg dalam arsip .* rusak: SHA-256"):
        call_command("pulihkan", str(diubah))
    hilang = _arsip_dengan(tmp_path, arsip_kecil, lambda n, b: None if n == "media/bukti/foto.jpg" else b)
    with pytest.raises(CommandError, match="tidak lengkap: media/bukti/foto.jpg tercatat di manifest.json tetapi tidak ada"):
        call_command("pulihkan", str(hilang))
    tanpa_manifest = _arsip_dengan(tmp_path, arsip_kecil, lambda n, b: None if n == "manifest.json" else b)
    with pytest.raises(CommandError, match="tidak memuat manifest.json"):
        call_command("pulihkan", str(tanpa_manifest))
    terpotong = tmp_path / "terpotong.tar"
    terpotong.write_bytes(arsip_kecil.read_bytes()[:700])
    with pytest.raises(CommandError):
        call_command("pulihkan", str(terpotong))
    (tmp_path / "bukan.tar").write_text("ini bukan arsip")
    with pytest.raises(CommandError, match="bukan arsip cadangan LKj"):
        call_command("pulihkan", str(tmp_path / "bukan.tar"))
    assert not Path(settings.MEDIA_ROOT).exists()


def test_a_member_outside_the_manifest_or_the_media_folder_is_refused(arsip_kecil, tmp_path):
    def tambah_jahat(n, b):
        if n != "manifest.json":
            return b
        m = json.loads(b)
        m["berkas"].append({"nama": "../../etc/passwd", "sha256": "0" * 64, "ukuran": 1})
        return json.dumps(m).encode()

    with pytest.raises(CommandError, match="menyebut berkas yang tidak diizinkan: '../../etc/passwd'"):
        call_command("pulihkan", str(_arsip_dengan(tmp_path, arsip_kecil, tambah_jahat)))


def test_a_restore_into_a_database_that_is_not_empty_is_refused(arsip_kecil, tmp_path, settings):
    """The test database itself holds the demo: refused, and the media folder stays as it was."""
    settings.MEDIA_ROOT = str(tmp_path / "media-lain")
    with pytest.raises(CommandError, match="Basis data tujuan tidak kosong: sudah berisi"):
        call_command("pulihkan", str(arsip_kecil))
    assert not Path(settings.MEDIA_ROOT).exists()


def test_a_backup_never_overwrites_and_names_a_missing_folder(arsip_kecil, tmp_path):
    with pytest.raises(CommandError, match="sudah ada; pilih nama lain"):
        call_command("cadangkan", "--output", str(arsip_kecil))
    with pytest.raises(CommandError, match="tidak-ada untuk --output tidak ada"):
        call_command("cadangkan", "--output", str(tmp_path / "tidak-ada" / "x.tar"))


def test_only_the_newest_backups_are_kept_when_asked(arsip_kecil, tmp_path):
    lain = tmp_path / "bukan-cadangan.tar"
    lain.write_bytes(b"x")
    for i in range(3):
        call_command("cadangkan", "--output", str(tmp_path / f"c{i}.tar"), "--simpan", "2", stdout=io.StringIO())
    sisa = sorted(p.name for p in tmp_path.glob("*.tar"))
    assert len([n for n in sisa if n.startswith(("c", "kecil"))]) == 2 and "bukan-cadangan.tar" in sisa
