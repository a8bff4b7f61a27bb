"""A superseded signed PDF is never offered as current (decisions §7): /dokumen/ after reopening."""

import re

import pytest
from django.urls import reverse

from lkj.dokumen import render
from lkj.dokumen import services as dsvc
from lkj.dokumen.models import DokumenRender
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda
from tests.entri.conftest import camat, kasubag, sekcam, staf
from tests.tinjauan.conftest import jab_indah

TAHUN, TW = 2025, 3


def _halaman(client, opd):
    return client.get(reverse("dokumen:index"), {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW}).content.decode()


def _baris(teks, label):
    return next(tr for tr in re.findall(r"<tr>.*?</tr>", teks, re.S) if label in tr)


def test_after_the_camat_reopens_the_opd_lkj_v1_is_listed_as_replaced_by_v2_with_its_own_link(client, opd, sekcam, camat):
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW}
    svc.laporan_ajukan(**p, oleh=sekcam)
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Batas waktu Bupati")
    v1 = DokumenTertanda.objects.get(jenis=DokumenRender.Jenis.LKJ_OPD)
    client.force_login(camat)
    baris = _baris(_halaman(client, opd), "Laporan Kinerja (LKj) Perangkat Daerah")
    assert "Berlaku" in baris and reverse("tinjauan:unduh", args=[v1.pk]) in baris
    assert reverse("dokumen:unduh", args=[v1.render_id]) not in baris  # the signed file is not the draft column's "Unduh"

    svc.laporan_buka_kembali(**p, oleh=camat, alasan="Realisasi IKM salah ketik")
    baris = _baris(_halaman(client, opd), "Laporan Kinerja (LKj) Perangkat Daerah")
    assert "PDF bertanda tangan V1</a> — digantikan oleh V2" in baris and "Realisasi IKM salah ketik" in baris
    assert reverse("tinjauan:unduh", args=[v1.pk]) in baris  # still downloadable, by its own link
    assert "Berlaku" not in baris
    assert reverse("dokumen:unduh", args=[v1.render_id]) not in baris
    assert client.get(reverse("tinjauan:unduh", args=[v1.pk])).status_code == 200

    # the current document is the new draft: a request gives an unsigned render, not V1
    r = client.post(reverse("dokumen:minta"), {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW, "jenis": "lkj_opd", "format": "pdf"})
    baru = DokumenRender.objects.filter(jenis="lkj_opd", tertanda__isnull=True).order_by("-pk").first()
    dsvc.dokumen_render(dokumen_id=baru.pk)
    assert r.status_code == 302
    baris = _baris(_halaman(client, opd), "Laporan Kinerja (LKj) Perangkat Daerah")
    assert reverse("dokumen:unduh", args=[baru.pk]) in baris

    # signed again: V2 is the current document, V1 stays replaced by V2
    svc.laporan_ajukan(**p, oleh=sekcam)
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Batas waktu Bupati")
    v2 = DokumenTertanda.objects.get(jenis=DokumenRender.Jenis.LKJ_OPD, versi=2)
    baris = _baris(_halaman(client, opd), "Laporan Kinerja (LKj) Perangkat Daerah")
    assert f'Berlaku</span> <a href="{reverse("tinjauan:unduh", args=[v2.pk])}">PDF bertanda tangan V2</a>' in baris
    assert "PDF bertanda tangan V1</a> — digantikan oleh V2" in baris


def test_the_report_page_says_which_version_replaced_a_signed_file(client, opd, jab_indah, staf, kasubag):
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW, "jabatan": jab_indah}
    svc.laporan_ajukan(**p, oleh=staf)
    svc.laporan_tanggapi(**p, oleh=kasubag, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=staf)
    svc.laporan_tandatangani(**p, oleh=kasubag)
    svc.laporan_buka_kembali(**p, oleh=kasubag, alasan="Salah ketik")
    client.force_login(staf)
    teks = client.get(reverse("tinjauan:laporan", args=[opd.kode, TAHUN, TW, jab_indah.pk])).content.decode()
    assert "digantikan oleh V2: Salah ketik" in teks
    assert "Asal angka versi" not in teks  # an individual report's signature stores no explanation of its own
    teks = _halaman(client, opd)
    assert "PDF bertanda tangan V1</a> — digantikan oleh V2" in _baris(teks, f"LKj Individu — {jab_indah.nama}")


def test_a_replaced_opd_signature_links_to_its_own_frozen_explanation_not_the_live_one(client, opd, sekcam, camat, staf):
    """After reopening, V1 is listed with "Asal angka versi 1": the rata-rata as signed in V1, even once a realisation
    changed it live. The report page lists the same link; an individual report's signature stores none and has none."""
    from dasar import format as fmt
    from lkj.e81 import laporan_e81
    from lkj.selectors import pengukuran_opd
    from renja import realisasi_services as rsvc
    from renja.models import Realisasi

    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW}
    svc.laporan_ajukan(**p, oleh=sekcam)
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Batas waktu Bupati")
    ditandatangani = laporan_e81(pengukuran_opd(opd, TAHUN, TW)).rata_rata_capaian
    client.force_login(camat)
    assert "Asal angka versi" not in _halaman(client, opd)  # the valid signature opens from the page's figures

    svc.laporan_buka_kembali(**p, oleh=camat, alasan="Realisasi program salah ketik")
    # a program whose capaian stands on a typed realisation (the rata-rata averages the programs)
    r = Realisasi.objects.filter(
        indikator__program__isnull=False, indikator__opd=opd, tahun=TAHUN, triwulan=TW, nilai__isnull=False
    ).first()
    rsvc.realisasi_simpan(
        indikator=r.indikator, tahun=TAHUN, triwulan=TW, nilai=r.nilai + 1, catatan="", oleh=staf, versi_diharapkan=r.versi
    )
    sekarang = laporan_e81(pengukuran_opd(opd, TAHUN, TW)).rata_rata_capaian
    url = reverse("asal_angka", args=[opd.kode, TAHUN, TW, "laporan", "rata_rata_capaian"])
    halaman = _halaman(client, opd)
    for label in ("Laporan Kinerja (LKj) Perangkat Daerah", "Formulir E.81"):
        assert f'<a href="{url}?versi=1">Asal angka versi 1</a>' in _baris(halaman, label)
    laporan = client.get(reverse("tinjauan:laporan_opd", args=[opd.kode, TAHUN, TW])).content.decode()
    assert f'<a href="{url}?versi=1">Asal angka versi 1</a>' in laporan

    beku = client.get(f"{url}?versi=1").content.decode()
    assert "Dibekukan saat penandatanganan" in beku and fmt.persen(ditandatangani) in beku
    assert sekarang != ditandatangani and fmt.persen(sekarang) in client.get(url).content.decode()
