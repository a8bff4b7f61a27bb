"""Races of the review, with real threads and real database connections (issue 5, point 7).

* Two atasan-side approvals at the same moment make ONE transition; the other is refused.
* A signature taken while a realisation is being saved never yields a PDF that disagrees
  with the frozen data: whichever commits first wins, the other waits, then either the PDF
  shows the saved value or the save is refused.
* Since submitting freezes a report (decisions §7), the same race now happens at submission:
  a save caught inside it waits and is refused; a submission caught inside a save waits, and
  its snapshot, the approval and the signed PDFs show the saved value.

These tests commit (``transaction=True``): a test transaction would hide the locking.
"""

import subprocess
import tempfile
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.db.models.signals import post_save

from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda, Laporan, Status, Transisi
from organisasi.selectors import DataTerkunci
from renja import realisasi_services as rsvc
from renja.models import Realisasi
from tests.tinjauan.test_alur import _baris_indah

pytestmark = pytest.mark.django_db(transaction=True)

TUNGGU = 120  # seconds; only reached if the code under test deadlocks (a signature renders two PDFs: slow on a busy machine)


def _di_utas(fungsi, nama):
    """Run ``fungsi`` in a thread with its own database connection; keep its result or exception."""
    hasil = {}

    def jalan():
        try:
            hasil["nilai"] = fungsi()
        except Exception as exc:
            hasil["galat"] = exc
        finally:
            connection.close()

    t = threading.Thread(target=jalan, name=nama, daemon=True)
    t.start()
    return t, hasil


def _teks_pdf(isi: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(isi)
        fh.flush()
        return subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, text=True, check=True).stdout


def _nilai_realisasi(ind):
    return Realisasi.objects.get(indikator=ind, tahun=2025, triwulan=3).nilai


def test_two_simultaneous_approvals_make_one_transition(periode, jab_indah, staf, kasubag):
    svc.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    mulai = threading.Barrier(2, timeout=TUNGGU)

    def setujui():
        mulai.wait()
        return svc.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik", keterangan="Baik.")

    utas = [_di_utas(setujui, f"penyetuju-{i}") for i in (1, 2)]
    for t, _ in utas:
        t.join(TUNGGU)
        assert not t.is_alive(), "persetujuan macet"
    close_old_connections()

    hasil = [h for _, h in utas]
    berhasil = [h for h in hasil if "nilai" in h]
    ditolak = [h["galat"] for h in hasil if "galat" in h]
    assert len(berhasil) == 1, hasil
    assert len(ditolak) == 1 and isinstance(ditolak[0], svc.TransisiDitolak), ditolak
    assert "Disetujui" in str(ditolak[0])
    assert Transisi.objects.filter(laporan__jabatan=jab_indah, aksi="setujui").count() == 1
    assert Laporan.objects.get(jabatan=jab_indah, tahun=2025, triwulan=3).status == Status.DISETUJUI


NILAI_BARU = Decimal("97.31")  # printed "97,31": appears nowhere else in the demo's documents


def _ikm(opd):
    """The sasaran indicator Indeks Kepuasan Masyarakat: printed in the OPD LKj and the E.81."""
    from renja.models import Indikator

    return Indikator.objects.get(opd=opd, kode="ss1_ikm")


def _siap_ditandatangani_camat(periode, sekcam, camat):
    svc.laporan_ajukan(**periode, oleh=sekcam)
    svc.laporan_tanggapi(**periode, oleh=camat, tanggapan="sudah_baik")


def _tandatangani_opd(periode, camat):
    return lambda: svc.laporan_tandatangani(**periode, oleh=camat, alasan_pengecualian="Uji serentak")


def _simpan_ikm(ind, oleh):
    versi = Realisasi.objects.get(indikator=ind, tahun=2025, triwulan=3).versi
    return lambda: rsvc.realisasi_simpan(indikator=ind, tahun=2025, triwulan=3, nilai=NILAI_BARU, oleh=oleh, versi_diharapkan=versi)


def _teks_tertanda(opd):
    return {
        d.jenis: _teks_pdf(d.render.berkas.open("rb").read())
        for d in DokumenTertanda.objects.filter(laporan__opd=opd, laporan__jabatan=None)
    }


def test_a_save_caught_inside_a_signature_waits_then_is_refused_and_the_pdfs_show_the_frozen_value(
    periode, sekcam, camat, staf, monkeypatch
):
    """The camat's signature holds the locks while it renders; a save arriving then waits, then is refused."""
    from lkj.dokumen import services as dsvc

    ind = _ikm(periode["opd"])
    lama = _nilai_realisasi(ind)
    _siap_ditandatangani_camat(periode, sekcam, camat)
    simpan = _simpan_ikm(ind, staf)

    sedang_render, boleh_lanjut = threading.Event(), threading.Event()
    asli = dsvc.dokumen_render_tertanda

    def render_pelan(**kw):
        sedang_render.set()
        assert boleh_lanjut.wait(TUNGGU)
        return asli(**kw)

    monkeypatch.setattr(dsvc, "dokumen_render_tertanda", render_pelan)

    t_ttd, h_ttd = _di_utas(_tandatangani_opd(periode, camat), "penanda-tangan")
    assert sedang_render.wait(TUNGGU), "penandatanganan tidak sampai ke render"
    t_simpan, h_simpan = _di_utas(simpan, "penyimpan")
    t_simpan.join(1.5)
    assert t_simpan.is_alive(), "penyimpanan tidak menunggu penandatanganan yang sedang berjalan"
    boleh_lanjut.set()
    for t in (t_ttd, t_simpan):
        t.join(TUNGGU)
        assert not t.is_alive()
    close_old_connections()

    assert "galat" not in h_ttd, h_ttd
    assert isinstance(h_simpan.get("galat"), DataTerkunci), h_simpan
    assert "sudah dibekukan" in str(h_simpan["galat"])
    assert _nilai_realisasi(ind) == lama
    teks = _teks_tertanda(periode["opd"])
    assert set(teks) == {"lkj_opd", "e81"}
    for jenis, isi in teks.items():
        assert "97,31" not in isi, jenis


def test_a_submission_caught_inside_a_save_waits_and_its_snapshot_and_pdfs_show_the_saved_value(periode, sekcam, camat, staf):
    """The save holds the locks first; the submission waits for it, then snapshots and freezes the saved value.

    (Before submissions froze a report, this race was between a save and the signature; a save
    can no longer reach an approved report, so it is fought where the freeze begins.)"""
    ind = _ikm(periode["opd"])
    simpan = _simpan_ikm(ind, staf)

    sedang_simpan, boleh_lanjut = threading.Event(), threading.Event()
    lepas = _tahan_di("penyimpan", sedang_simpan, boleh_lanjut)
    try:
        t_simpan, h_simpan = _di_utas(simpan, "penyimpan")
        assert sedang_simpan.wait(TUNGGU), "penyimpanan tidak sampai menulis"
        t_aju, h_aju = _di_utas(lambda: svc.laporan_ajukan(**periode, oleh=sekcam), "pengaju")
        t_aju.join(1.5)
        assert t_aju.is_alive(), "pengajuan tidak menunggu penyimpanan yang sedang berjalan"
        boleh_lanjut.set()
        for t in (t_simpan, t_aju):
            t.join(TUNGGU)
            assert not t.is_alive()
    finally:
        lepas()
    close_old_connections()

    assert "galat" not in h_simpan and "galat" not in h_aju, (h_simpan, h_aju)
    assert _nilai_realisasi(ind) == NILAI_BARU
    cuplikan = Transisi.objects.get(laporan__jabatan=None, aksi="ajukan").cuplikan
    assert any(b["Realisasi"].startswith("97,31") for b in cuplikan["baris"].values()), cuplikan["baris"]
    svc.laporan_tanggapi(**periode, oleh=camat, tanggapan="sudah_baik")  # exactly what was submitted
    _tandatangani_opd(periode, camat)()
    teks = _teks_tertanda(periode["opd"])
    assert set(teks) == {"lkj_opd", "e81"}
    for jenis, isi in teks.items():
        assert "97,31" in isi, jenis


def test_a_save_caught_inside_a_submission_waits_then_is_refused_and_the_snapshot_shows_the_frozen_value(
    periode, sekcam, staf, monkeypatch
):
    from lkj.tinjauan import selectors as tsel

    ind = _ikm(periode["opd"])
    lama = _nilai_realisasi(ind)
    simpan = _simpan_ikm(ind, staf)
    sedang_aju, boleh_lanjut = threading.Event(), threading.Event()
    asli = tsel.cuplikan

    def cuplikan_pelan(*a, **kw):
        sedang_aju.set()
        assert boleh_lanjut.wait(TUNGGU)
        return asli(*a, **kw)

    monkeypatch.setattr(tsel, "cuplikan", cuplikan_pelan)
    t_aju, h_aju = _di_utas(lambda: svc.laporan_ajukan(**periode, oleh=sekcam), "pengaju")
    assert sedang_aju.wait(TUNGGU), "pengajuan tidak sampai ke cuplikan"
    t_simpan, h_simpan = _di_utas(simpan, "penyimpan")
    t_simpan.join(1.5)
    assert t_simpan.is_alive(), "penyimpanan tidak menunggu pengajuan yang sedang berjalan"
    boleh_lanjut.set()
    for t in (t_aju, t_simpan):
        t.join(TUNGGU)
        assert not t.is_alive()
    close_old_connections()

    assert "galat" not in h_aju, h_aju
    assert isinstance(h_simpan.get("galat"), DataTerkunci), h_simpan
    assert "sedang diajukan" in str(h_simpan["galat"])
    assert _nilai_realisasi(ind) == lama
    cuplikan = Transisi.objects.get(laporan__jabatan=None, aksi="ajukan").cuplikan
    assert not any(b["Realisasi"].startswith("97,31") for b in cuplikan["baris"].values())


def _tahan_di(nama_utas, sedang, lanjut):
    """A post_save receiver on Realisasi that, in the named thread only, says so and waits."""

    def penerima(sender, instance, **kw):
        if threading.current_thread().name == nama_utas:
            sedang.set()
            assert lanjut.wait(TUNGGU)

    post_save.connect(penerima, sender=Realisasi, weak=False, dispatch_uid=f"tahan-{nama_utas}")
    return lambda: post_save.disconnect(sender=Realisasi, dispatch_uid=f"tahan-{nama_utas}")
