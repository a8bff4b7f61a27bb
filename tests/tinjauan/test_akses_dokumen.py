"""Who reads what (docs/architecture.md): every URL that serves a document × every role, signed or not.

The subject is the Laporan Kinerja Individu of AGUSTIN DIANA FITRI (Pengolah Data dan Informasi
Seksi Pemerintahan). Her atasan is DHIAN (Plt. Kasi Pemerintahan), whose atasan is the camat
SAMSUL; the sekcam BAMBANG is outside that chain; ASIFAH works beside her in the same seksi.

Expected answers, nothing else: 200 (reads it) or 404 (it does not exist for him — never a
403 that confirms it does). Anonymous: every page but the public verification redirects to
the login page (302), which says nothing about the document either.

    document URL                                          holder colleague atasan atasan² sekcam operator other-OPD anonymous
    individual report page / preview / signed PDF /
      draft PDF / PK / entry page / narrative / evidence     200    404      200    200     404     200      404       login
    OPD LKj page / preview / draft PDF / signed PDF,
      signed E.81, the E.81 page                             200    200      200    200     200     200      404       login
    public verification of a signed document                200    200      200    200     200     200      200       200

States: ``draf`` (nothing signed yet), ``ditandatangani`` (her report and the OPD LKj signed),
``dibuka_kembali`` (both reopened: the signed files are superseded but still served to readers).
The light PDF renders here (tests/pdf_ringan.py): the rule, not the file, is under test.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lkj.dokumen import render
from lkj.dokumen import services as dsvc
from lkj.dokumen.models import DokumenRender
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda
from renja import realisasi_services as rsvc
from renja.models import Indikator
from tests.entri.conftest import PDF_BYTES

TAHUN, TW = 2025, 3
LOGIN = "login"

PERAN = ("pemegang", "rekan", "atasan", "atasan_atasan", "sekcam_luar_rantai", "operator", "opd_lain", "anonim")
PENGGUNA = {
    "pemegang": "fitri",
    "rekan": "asifah",
    "atasan": "dhian",
    "atasan_atasan": "samsul",
    "sekcam_luar_rantai": "bambang",
    "operator": "operator",
    "opd_lain": "orang_lain",
    "anonim": None,
}

INDIVIDU = dict(zip(PERAN, (200, 404, 200, 200, 404, 200, 404, LOGIN)))
OPD = dict(zip(PERAN, (200, 200, 200, 200, 200, 200, 404, LOGIN)))
PUBLIK = dict(zip(PERAN, (200,) * 8))

# document URL → (expected per role, the states in which it exists)
SEMUA = ("draf", "ditandatangani", "dibuka_kembali")
TERTANDA = ("ditandatangani", "dibuka_kembali")
TABEL = {
    "individu: halaman laporan /tinjauan/laporan/…/<jabatan>/": (INDIVIDU, SEMUA),
    "individu: pratinjau /tinjauan/laporan/…/<jabatan>/pratinjau/": (INDIVIDU, SEMUA),
    "individu: PDF bertanda tangan /tinjauan/unduh/<id>/": (INDIVIDU, TERTANDA),
    "individu: PDF bertanda tangan /dokumen/<id>/unduh/": (INDIVIDU, TERTANDA),
    "individu: PDF draf /dokumen/<id>/unduh/": (INDIVIDU, SEMUA),
    "individu: status PDF draf /dokumen/<id>/status/": (INDIVIDU, SEMUA),
    "individu: PK /dokumen/<id>/unduh/": (INDIVIDU, SEMUA),
    "individu: halaman entri /kinerja/jabatan/…/": (INDIVIDU, SEMUA),
    "individu: narasi /kinerja/jabatan/…/narasi/": (INDIVIDU, SEMUA),
    "individu: berkas bukti dukung /kinerja/…/bukti/<id>/": (INDIVIDU, SEMUA),
    "OPD: halaman LKj /tinjauan/laporan/…/": (OPD, SEMUA),
    "OPD: pratinjau LKj /tinjauan/laporan/…/pratinjau/": (OPD, SEMUA),
    "OPD: PDF draf LKj /dokumen/<id>/unduh/": (OPD, SEMUA),
    "OPD: PDF bertanda tangan LKj /tinjauan/unduh/<id>/": (OPD, TERTANDA),
    "OPD: PDF bertanda tangan E.81 /tinjauan/unduh/<id>/": (OPD, TERTANDA),
    "OPD: halaman Formulir E.81 /e81/": (OPD, SEMUA),
    "publik: verifikasi /tinjauan/verifikasi/<kode>/": (PUBLIK, TERTANDA),
}


@dataclass
class Keadaan:
    url: dict


def _siapkan(opd, keadaan: str, staf_opd_lain) -> Keadaan:
    U = get_user_model().objects
    fitri, dhian, samsul, bambang = (U.get(username=n) for n in ("fitri", "dhian", "samsul", "bambang"))
    jab = fitri.pegawai.penugasan.get().jabatan
    ind = Indikator.objects.get(kode="s06_201_02_dokumen_adm_tata_pemdes")
    bukti = rsvc.bukti_tambah(
        indikator=ind,
        tahun=TAHUN,
        triwulan=TW,
        oleh=fitri,
        berkas=SimpleUploadedFile("notulen.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    J = DokumenRender.Jenis
    draf = {
        j: dsvc.dokumen_siapkan(jenis=j, opd=opd, tahun=TAHUN, triwulan=TW, jabatan=jab if j in (J.INDIVIDU, J.PK) else None)
        for j in (J.INDIVIDU, J.PK, J.LKJ_OPD)
    }
    for r in draf.values():
        dsvc.dokumen_render(dokumen_id=r.pk)
    tertanda = {}
    if keadaan != "draf":
        ind_p = {"opd": opd, "tahun": TAHUN, "triwulan": TW, "jabatan": jab}
        svc.laporan_ajukan(**ind_p, oleh=fitri)
        svc.laporan_tanggapi(**ind_p, oleh=dhian, tanggapan="sudah_baik")
        svc.laporan_tandatangani(**ind_p, oleh=fitri)
        svc.laporan_tandatangani(**ind_p, oleh=dhian)
        opd_p = {"opd": opd, "tahun": TAHUN, "triwulan": TW}
        svc.laporan_ajukan(**opd_p, oleh=bambang)
        svc.laporan_tanggapi(**opd_p, oleh=samsul, tanggapan="sudah_baik")
        svc.laporan_tandatangani(**opd_p, oleh=samsul, alasan_pengecualian="Batas waktu Bupati")
        tertanda = {d.jenis: d for d in DokumenTertanda.objects.select_related("render")}
        if keadaan == "dibuka_kembali":
            svc.laporan_buka_kembali(**opd_p, oleh=samsul, alasan="Salah angka")
            svc.laporan_buka_kembali(**ind_p, oleh=dhian, alasan="Salah angka")
    p = (opd.kode, TAHUN, TW)
    url = {
        "individu: halaman laporan /tinjauan/laporan/…/<jabatan>/": reverse("tinjauan:laporan", args=[*p, jab.pk]),
        "individu: pratinjau /tinjauan/laporan/…/<jabatan>/pratinjau/": reverse("tinjauan:pratinjau", args=[*p, jab.pk]),
        "individu: PDF draf /dokumen/<id>/unduh/": reverse("dokumen:unduh", args=[draf[J.INDIVIDU].pk]),
        "individu: status PDF draf /dokumen/<id>/status/": reverse("dokumen:status", args=[draf[J.INDIVIDU].pk]),
        "individu: PK /dokumen/<id>/unduh/": reverse("dokumen:unduh", args=[draf[J.PK].pk]),
        "individu: halaman entri /kinerja/jabatan/…/": reverse("entri:jabatan", args=[jab.pk, TAHUN, TW]),
        "individu: narasi /kinerja/jabatan/…/narasi/": reverse("entri:narasi", args=[jab.pk, TAHUN, TW]),
        "individu: berkas bukti dukung /kinerja/…/bukti/<id>/": reverse("entri:bukti_unduh", args=[jab.pk, TAHUN, TW, ind.pk, bukti.pk]),
        "OPD: halaman LKj /tinjauan/laporan/…/": reverse("tinjauan:laporan_opd", args=p),
        "OPD: pratinjau LKj /tinjauan/laporan/…/pratinjau/": reverse("tinjauan:pratinjau_opd", args=p),
        "OPD: PDF draf LKj /dokumen/<id>/unduh/": reverse("dokumen:unduh", args=[draf[J.LKJ_OPD].pk]),
        "OPD: halaman Formulir E.81 /e81/": reverse("e81") + f"?opd={opd.kode}&tahun={TAHUN}&triwulan={TW}",
    }
    if tertanda:
        url.update(
            {
                "individu: PDF bertanda tangan /tinjauan/unduh/<id>/": reverse("tinjauan:unduh", args=[tertanda[J.INDIVIDU].pk]),
                "individu: PDF bertanda tangan /dokumen/<id>/unduh/": reverse("dokumen:unduh", args=[tertanda[J.INDIVIDU].render_id]),
                "OPD: PDF bertanda tangan LKj /tinjauan/unduh/<id>/": reverse("tinjauan:unduh", args=[tertanda[J.LKJ_OPD].pk]),
                "OPD: PDF bertanda tangan E.81 /tinjauan/unduh/<id>/": reverse("tinjauan:unduh", args=[tertanda[J.E81].pk]),
                "publik: verifikasi /tinjauan/verifikasi/<kode>/": reverse("tinjauan:verifikasi_kode", args=[tertanda[J.INDIVIDU].kode]),
            }
        )
    return Keadaan(url)


def _jawaban(client: Client, url: str):
    r = client.get(url)
    if r.status_code == 302 and r["Location"].startswith(reverse("login")):
        return LOGIN
    return r.status_code


@pytest.mark.parametrize("keadaan", SEMUA)
def test_every_document_url_answers_each_role_200_or_404(keadaan, opd, staf_opd_lain):
    """One state is prepared once and every document URL of that state is asked by every role; the
    answers are compared as one table, so a failure lists every URL and role that answered otherwise."""
    url = _siapkan(opd, keadaan, staf_opd_lain).url
    U = get_user_model().objects
    klien = {}
    for peran in PERAN:
        klien[peran] = Client()
        if PENGGUNA[peran]:
            klien[peran].force_login(U.get(username=PENGGUNA[peran]))
    didapat, diharapkan = {}, {}
    for dokumen, (harapan, keadaan_ada) in TABEL.items():
        if keadaan not in keadaan_ada:
            assert dokumen not in url, dokumen
            continue
        cache.clear()  # the public verification counts attempts per client
        diharapkan[dokumen] = harapan
        didapat[dokumen] = {peran: _jawaban(klien[peran], url[dokumen]) for peran in PERAN}
    assert {d: h for d, h in didapat.items() if h != diharapkan[d]} == {}
    assert set(didapat) == {d for d, (_h, k) in TABEL.items() if keadaan in k}


def test_the_table_covers_every_role_and_only_200_404_or_the_login_page():
    for harapan, _ in TABEL.values():
        assert tuple(harapan) == PERAN
        assert set(harapan.values()) <= {200, 404, LOGIN}
