"""Signing the OPD LKj: a confirm step (unsigned reports, what freezes), a required reason kept with the signature."""

import pytest
from django.urls import reverse

from lkj.dokumen import render
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda, Laporan, Status, Transisi

TAHUN, TW = 2025, 3


@pytest.fixture
def opd_disetujui(opd, sekcam, camat, jab_indah, staf, kasubag):
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW}
    # one individual report signed, so the list shows the others only
    svc.laporan_ajukan(**p, jabatan=jab_indah, oleh=staf)
    svc.laporan_tanggapi(**p, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, jabatan=jab_indah, oleh=staf)
    svc.laporan_tandatangani(**p, jabatan=jab_indah, oleh=kasubag)
    svc.laporan_ajukan(**p, oleh=sekcam)
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    return p


def _url(opd, nama="laporan_opd", *extra):
    return reverse(f"tinjauan:{nama}", args=[opd.kode, TAHUN, TW, *extra])


def test_the_camat_confirms_sees_the_unsigned_reports_and_must_give_a_reason(client, opd, camat, jab_indah, opd_disetujui):
    client.force_login(camat)
    halaman = client.get(_url(opd)).content.decode()
    assert _url(opd, "tandatangani_opd") in halaman and "Tandatangani…" in halaman
    assert "alasan_pengecualian" not in halaman  # no signing straight from the report page

    teks = client.get(_url(opd, "tandatangani_opd")).content.decode()
    assert "Laporan Kinerja Individu yang belum ditandatangani: 17 dari 18" in teks
    assert "DWI WULANDARI, S.H" in teks and "AGUSTIN DIANA FITRI, A.Md" in teks
    assert "INDAH KURNIA" not in teks  # hers is signed
    assert "semua jabatan" in teks and "unggahan LRA September 2025 tidak dapat diganti" in teks
    assert 'name="alasan_pengecualian"' in teks and "required" in teks
    assert 'data-sedang="Sedang menandatangani…"' in teks and "tinjauan/tinjauan.js" in teks

    aksi = _url(opd, "aksi_opd", "tandatangani")
    r = client.post(aksi, {"alasan_pengecualian": "Batas waktu"})  # not from the confirm page
    assert r.status_code == 302 and r.url == _url(opd, "tandatangani_opd")
    r = client.post(aksi, {"konfirmasi": "True", "alasan_pengecualian": "  "}, follow=True)
    assert "Belum semua Laporan Kinerja Individu ditandatangani (17:" in r.content.decode()
    assert r.redirect_chain[-1][0] == _url(opd, "tandatangani_opd")
    assert Laporan.objects.get(opd=opd, jabatan=None, tahun=TAHUN, triwulan=TW).status == Status.DISETUJUI

    alasan = "Batas waktu penyampaian ke Bupati; 17 laporan individu menyusul pada versi berikutnya."
    r = client.post(aksi, {"konfirmasi": "True", "alasan_pengecualian": alasan}, follow=True)
    assert "Tanda tangan tercatat." in r.content.decode()
    assert Laporan.objects.get(opd=opd, jabatan=None, tahun=TAHUN, triwulan=TW).status == Status.DITANDATANGANI
    t = Transisi.objects.get(laporan__jabatan=None, aksi="tandatangani")
    assert t.pengecualian and t.catatan == alasan
    for dok in DokumenTertanda.objects.filter(laporan__jabatan=None):
        assert dok.alasan_pengecualian == alasan  # kept with the signature
        verifikasi = client.get(reverse("tinjauan:verifikasi_kode", args=[dok.kode])).content.decode()
        assert alasan in verifikasi


def test_a_signed_individual_report_carries_no_exception(opd_disetujui, jab_indah):
    dok = DokumenTertanda.objects.get(laporan__jabatan=jab_indah)
    assert dok.alasan_pengecualian == ""


def test_only_the_camat_reaches_the_confirm_step(client, opd, sekcam, staf, staf_opd_lain, opd_disetujui):
    url = _url(opd, "tandatangani_opd")
    assert client.get(url).status_code == 302
    client.force_login(sekcam)
    assert client.get(url).status_code == 403  # he reads the OPD LKj, but signing is the camat's act
    client.force_login(staf_opd_lain)
    assert client.get(url).status_code == 404


def test_the_reason_is_printed_in_the_signature_block(opd, camat, opd_disetujui, settings):
    """With the real renderer: the exception and its reason are on the signed PDF itself."""
    import subprocess
    import tempfile

    svc.laporan_tandatangani(**opd_disetujui, oleh=camat, alasan_pengecualian="Batas waktu Bupati")
    dok = DokumenTertanda.objects.get(laporan__jabatan=None, jenis="e81")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(dok.render.berkas.open("rb").read())
        fh.flush()
        teks = subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, text=True).stdout
    assert "Ditandatangani dengan pengecualian" in teks and "Batas waktu Bupati" in teks
