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
    teks = _halaman(client, opd)
    assert "PDF bertanda tangan V1</a> — digantikan oleh V2" in _baris(teks, f"LKj Individu — {jab_indah.nama}")
