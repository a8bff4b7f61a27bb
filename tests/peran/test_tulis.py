"""A pemda role never enters an OPD's figures (decisions §8): every write POST answers 403 with the reason, and nothing is written.

Each write is first made by whoever may make it (fitri, the holder; the demo's superuser operator for
the LRA and the workbook), on a copy rolled back, to show the same request does write; then by each
pemda role, which must change nothing.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from anggaran.models import LraImport
from lkj.demo import DEMO_LRA
from lkj.entri import services as nsvc
from lkj.models import Dokumentasi, Narasi
from lkj.tinjauan.models import Laporan, Transisi
from organisasi.models import LaporanDitinjau
from renja import realisasi_services as rsvc
from renja.models import BuktiDukung, Indikator, Realisasi
from tests.entri.conftest import PDF_BYTES, png_bytes

pytestmark = pytest.mark.django_db

TAHUN, TW = 2025, 3
PERAN_PEMDA = ("ortala", "bappeda", "inspektorat", "adminpemda")
HX = {"HTTP_HX_REQUEST": "true"}


def _keadaan():
    """Every stored row a write of these pages could add, change or remove."""
    return [
        sorted(Realisasi.objects.values_list("pk", "versi")),
        sorted(BuktiDukung.objects.values_list("pk", flat=True)),
        sorted(Narasi.objects.values_list("pk", "versi")),
        sorted(Dokumentasi.objects.values_list("pk", flat=True)),
        sorted(LraImport.objects.values_list("pk", "aktif")),
        sorted(Laporan.objects.values_list("pk", "status")),
        Transisi.objects.count(),
        LaporanDitinjau.objects.count(),
    ]


class _Batal(Exception):
    pass


def _tulisan(opd):
    """(name, who may, method args) of every write page, with valid data."""
    U = get_user_model().objects
    fitri = U.get(username="fitri")
    jab = fitri.pegawai.penugasan.get().jabatan
    ind = Indikator.objects.get(kode="s06_201_02_dokumen_adm_tata_pemdes")
    j = (jab.pk, TAHUN, TW)
    versi = Realisasi.objects.filter(indikator=ind, tahun=TAHUN, triwulan=TW).values_list("versi", flat=True).first() or 0
    bukti = rsvc.bukti_tambah(indikator=ind, tahun=TAHUN, triwulan=TW, oleh=fitri, berkas=SimpleUploadedFile("a.pdf", PDF_BYTES))
    foto = nsvc.dokumentasi_tambah(
        opd=opd,
        jabatan=jab,
        tahun=TAHUN,
        triwulan=TW,
        foto=SimpleUploadedFile("r.png", png_bytes()),
        keterangan="Rapat",
        tanggal=datetime.date(2025, 9, 1),
        oleh=fitri,
    )
    p = (opd.kode, TAHUN, TW)
    workbook = _klien("operator").get(reverse("perencanaan:ekspor") + f"?opd={opd.kode}&tahun={TAHUN}").content
    return [
        ("realisasi", "fitri", reverse("entri:baris_simpan", args=[*j, ind.pk]), lambda: {"nilai": "7", "versi": versi}),
        (
            "bukti dukung",
            "fitri",
            reverse("entri:bukti_unggah", args=[*j, ind.pk]),
            lambda: {"berkas": SimpleUploadedFile("b.pdf", PDF_BYTES)},
        ),
        ("hapus bukti", "fitri", reverse("entri:bukti_hapus", args=[*j, ind.pk, bukti.pk]), dict),
        ("narasi", "fitri", reverse("entri:narasi", args=j), lambda: {"faktor_pendukung": "Dukungan desa", "versi": "0"}),
        ("hapus foto", "fitri", reverse("entri:dokumentasi_hapus", args=[*j, foto.pk]), dict),
        ("ajukan laporan individu", "fitri", reverse("tinjauan:aksi", args=[*p, jab.pk, "ajukan"]), lambda: {"catatan": ""}),
        ("ajukan LKj OPD", "bambang", reverse("tinjauan:aksi_opd", args=[*p, "ajukan"]), lambda: {"catatan": ""}),
        (
            "unggah LRA",
            "operator",
            reverse("anggaran:unggah"),
            lambda: {"opd": opd.kode, "tahun": TAHUN, "bulan": 9, "berkas": SimpleUploadedFile("lra.xlsx", DEMO_LRA.read_bytes())},
        ),
        ("unggah workbook", "operator", reverse("perencanaan:unggah"), lambda: {"berkas": SimpleUploadedFile("wb.xlsx", workbook)}),
    ]


def _klien(username):
    k = Client()
    k.force_login(get_user_model().objects.get(username=username))
    return k


def test_every_write_page_refuses_each_pemda_role_with_403_and_writes_nothing(opd, demo):
    tulisan = _tulisan(opd)
    sebelum = _keadaan()
    for nama, boleh, url, data in tulisan:
        # the same request by whoever may make it does something (rolled back)
        with pytest.raises(_Batal), transaction.atomic():
            r = _klien(boleh).post(url, data(), **HX)
            assert r.status_code in (200, 302), (nama, r.status_code)
            if nama not in ("unggah LRA", "unggah workbook"):  # these write at the confirm, after a preview
                assert _keadaan() != sebelum, nama
            raise _Batal
        for peran in PERAN_PEMDA:
            r = _klien(peran).post(url, data(), **HX)
            assert r.status_code == 403, (nama, peran, r.status_code)
            assert "hanya membaca data perangkat daerah" in r.content.decode(), (nama, peran)
            assert _keadaan() == sebelum, (nama, peran)


def test_the_pemda_role_is_named_in_the_refusal(opd, demo):
    _nama, _boleh, url, data = _tulisan(opd)[0]
    teks = _klien("bappeda").post(url, data(), **HX).content.decode()
    assert "Peran Bappeda hanya membaca data perangkat daerah" in teks


def test_the_entry_and_review_pages_offer_a_pemda_role_no_write_button(opd, demo):
    fitri = get_user_model().objects.get(username="fitri")
    jab = fitri.pegawai.penugasan.get().jabatan
    k = _klien("bappeda")
    halaman = k.get(reverse("entri:jabatan", args=[jab.pk, TAHUN, TW])).content.decode()
    assert "hx-post" not in halaman and "Simpan" not in halaman
    assert "hanya membaca data perangkat daerah" in halaman
    narasi = k.get(reverse("entri:narasi", args=[jab.pk, TAHUN, TW])).content.decode()
    assert "Simpan narasi" not in narasi and "<textarea" not in narasi
    for url in (
        reverse("tinjauan:laporan", args=[opd.kode, TAHUN, TW, jab.pk]),
        reverse("tinjauan:laporan_opd", args=[opd.kode, TAHUN, TW]),
    ):
        laporan = k.get(url).content.decode()
        assert "/aksi/" not in laporan, url
    menu = k.get(reverse("beranda")).content.decode()
    assert reverse("anggaran:index") not in menu and reverse("perencanaan:index") not in menu
    assert "Bappeda Kabupaten Lumajang" in menu and reverse("rekap:rekap", args=[opd.pemda.kode, TAHUN, TW]) in menu
    assert "belum terhubung dengan data pegawai" not in menu


def test_the_services_themselves_refuse_a_pemda_role_whatever_page_or_script_calls(opd, demo):
    """Below the pages: the realisation, evidence, narrative and photo services and the LRA import refuse
    a pemda role with the same 403 (``PermissionDenied``), and write nothing."""
    from django.core.exceptions import PermissionDenied

    from anggaran.lra import baca_lra
    from anggaran.services import lra_import

    bappeda = get_user_model().objects.get(username="bappeda")
    fitri = get_user_model().objects.get(username="fitri")
    jab = fitri.pegawai.penugasan.get().jabatan
    ind = Indikator.objects.get(kode="s06_201_02_dokumen_adm_tata_pemdes")
    versi = Realisasi.objects.filter(indikator=ind, tahun=TAHUN, triwulan=TW).values_list("versi", flat=True).first() or 0
    isi = DEMO_LRA.read_bytes()
    sebelum = _keadaan()
    panggilan = {
        "realisasi": lambda: rsvc.realisasi_simpan(indikator=ind, tahun=TAHUN, triwulan=TW, nilai=7, oleh=bappeda, versi_diharapkan=versi),
        "bukti": lambda: rsvc.bukti_tambah(
            indikator=ind, tahun=TAHUN, triwulan=TW, oleh=bappeda, berkas=SimpleUploadedFile("a.pdf", PDF_BYTES)
        ),
        "narasi": lambda: nsvc.narasi_simpan(opd=opd, jabatan=jab, tahun=TAHUN, triwulan=TW, daftar={"upaya": ["x"]}, oleh=bappeda),
        "foto": lambda: nsvc.dokumentasi_tambah(
            opd=opd,
            jabatan=jab,
            tahun=TAHUN,
            triwulan=TW,
            foto=SimpleUploadedFile("r.png", png_bytes()),
            keterangan="x",
            tanggal=None,
            oleh=bappeda,
        ),
        "LRA": lambda: lra_import(
            opd=opd, dokumen=baca_lra(io.BytesIO(isi), nama_file="lra.xlsx"), isi=isi, nama_file="lra.xlsx", oleh=bappeda
        ),
    }
    for nama, panggil in panggilan.items():
        with pytest.raises(PermissionDenied, match="Peran Bappeda hanya membaca data perangkat daerah"):
            panggil()
        assert _keadaan() == sebelum, nama


def test_kinerja_saya_tells_a_pemda_reader_in_which_capacity_he_reads_instead_of_an_unlinked_account(client, bappeda, staf):
    client.force_login(bappeda)
    teks = client.get(reverse("entri:index"), {"tahun": TAHUN, "triwulan": TW}).content.decode()
    assert "Anda membaca sebagai Bappeda Kabupaten Lumajang" in teks
    assert "akun belum terhubung" not in teks
    client.force_login(staf)  # a holder still sees his rows, no such notice
    assert "Anda membaca sebagai" not in client.get(reverse("entri:index"), {"tahun": TAHUN, "triwulan": TW}).content.decode()
