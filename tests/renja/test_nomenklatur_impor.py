"""The national nomenclature list per year: loaded in the admin as XLSX by the pemda's administrator, and
the planning workbook checked against it once a year's list is there."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from perencanaan.services import WorkbookError, workbook_import
from renja.models import Kegiatan, Nomenklatur, Program, SubKegiatan
from tests.organisasi.impor_admin import baca, ekspor, galat, impor, unggah, url, xlsx
from tests.perencanaan.test_workbook import _ekspor

JUDUL = ["Tahun", "Kode", "Nomenklatur"]


@pytest.fixture(autouse=True)
def draf(settings, tmp_path):
    settings.LKJ_DATA_INDUK_DRAF_DIR = tmp_path / "draf"


@pytest.fixture
def admin(client, demo):
    client.force_login(get_user_model().objects.get(username="operator"))
    return client


def _kode_demo(opd):
    """The demo's 2025 planning codes in the national form, with their names."""
    baris = [(p.kode_obj.nasional, p.nama) for p in Program.objects.filter(opd=opd, tahun=2025).select_related("opd")]
    baris += [
        (k.kode_obj.nasional, k.nama) for k in Kegiatan.objects.filter(program__opd=opd, program__tahun=2025).select_related("program__opd")
    ]
    baris += [
        (s.kode_obj.nasional, s.nama)
        for s in SubKegiatan.objects.filter(kegiatan__program__opd=opd, kegiatan__program__tahun=2025).select_related(
            "kegiatan__program__opd"
        )
    ]
    return sorted(baris)


def _keadaan():
    return sorted(Nomenklatur.objects.values_list("tahun", "kode", "tingkat", "nama"))


def test_a_years_list_is_loaded_and_an_export_imported_again_changes_nothing(admin, opd):
    baris = [[2025, kode, nama] for kode, nama in _kode_demo(opd)]
    selesai = impor(admin, Nomenklatur, xlsx(JUDUL, baris))
    assert [str(m) for m in selesai.wsgi_request._messages] == [
        f"Impor nomenklatur nasional selesai: {len(baris)} baru, 0 diubah, 0 tidak berubah."
    ]
    assert Nomenklatur.objects.get(tahun=2025, kode="7.01.01").tingkat == Nomenklatur.Tingkat.PROGRAM
    assert Nomenklatur.objects.get(tahun=2025, kode="7.01.01.2.01.0001").tingkat == Nomenklatur.Tingkat.SUB_KEGIATAN

    sebelum = _keadaan()
    isi = ekspor(admin, Nomenklatur)
    assert baca(isi)[0] == ["Tahun", "Kode", "Nomenklatur", "Tingkat"]
    assert baca(isi)[1][:2] == [2025, "7.01.01"]  # the year a number, the code text
    pratinjau = unggah(admin, Nomenklatur, isi)
    assert pratinjau.context["result"].totals["skip"] == len(baris)
    impor(admin, Nomenklatur, isi)
    assert _keadaan() == sebelum


def test_an_e81_code_is_stored_in_the_national_form(admin):
    impor(admin, Nomenklatur, xlsx(JUDUL, [[2026, "7.01.01.201.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah"]]))
    assert _keadaan() == [(2026, "7.01.01.2.01.0001", "sub_kegiatan", "Penyusunan Dokumen Perencanaan Perangkat Daerah")]


@pytest.mark.parametrize(
    "baris, kalimat",
    [
        ([2025, "7.01", "Bidang Kewilayahan"], "Baris 3, kolom 'Kode': '7.01' adalah kode urusan atau bidang urusan"),
        ([2025, "7.01.01.2.1.0001", "Salah"], "Baris 3, kolom 'Kode': Kode nomenklatur '7.01.01.2.1.0001' tidak valid"),
        ([2025, "7.01.02", "Sama, bentuk lain"], "Baris 3, kolom 'Kode': sudah ada di baris 2 berkas ini"),
        ([2025, "7.01.01.201.01", "Sama"], None),
        ([25, "7.01.01", "Program"], "Baris 3, kolom 'Tahun': '25' bukan tahun (2000–2100)."),
        ([2025, "7.01.01", "N" * 301], "Baris 3, kolom 'Nomenklatur': paling banyak 300 karakter (berisi 301)."),
        ([2025, "7.01.01", None], "Baris 3, kolom 'Nomenklatur': wajib diisi."),
    ],
    ids=["urusan", "kode-salah", "kode-ganda", "bentuk-e81", "tahun", "terlalu-panjang", "nama-kosong"],
)
def test_a_bad_row_is_refused_in_indonesian_and_nothing_of_the_file_is_written(admin, baris, kalimat):
    """Row 2 is right each time; row 3 is not (or, for the E.81 form, is the same code as row 4)."""
    data = [[2025, "7.01.02", "Program yang benar"], baris]
    if kalimat is None:  # the same sub kegiatan in both forms is one code
        data.append([2025, "7.01.01.2.01.0001", "Sama"])
        kalimat = "Baris 4, kolom 'Kode': sudah ada di baris 3 berkas ini"
    pratinjau = unggah(admin, Nomenklatur, xlsx(JUDUL, data))
    assert any(k.startswith(kalimat) for k in galat(pratinjau)), galat(pratinjau)
    assert pratinjau.context.get("confirm_form") is None and _keadaan() == []


def test_only_the_pemda_administrator_changes_the_national_list(client, demo):
    staf = get_user_model().objects.create_user("staf-bappeda", password="x-sangat-panjang-1", is_staff=True)
    staf.user_permissions.set(Permission.objects.filter(content_type__model="nomenklatur"))  # every model permission
    client.force_login(staf)
    assert client.get(url(Nomenklatur, "import")).status_code == 403
    assert client.get(url(Nomenklatur, "add")).status_code == 403
    daftar = client.get(url(Nomenklatur, "changelist")).content.decode()
    assert ">Ekspor</a>" in daftar and ">Impor</a>" not in daftar
    assert len(baca(ekspor(client, Nomenklatur))) == 1  # reads and exports; the list is empty


def test_the_import_queries_do_not_grow_with_the_rows(admin):
    def kueri(n, tahun):
        isi = xlsx(JUDUL, [[tahun, f"7.01.{i:02d}", f"Program {i}"] for i in range(1, n + 1)])
        with CaptureQueriesContext(connection) as q:
            impor(admin, Nomenklatur, isi)
        assert Nomenklatur.objects.filter(tahun=tahun).count() == n
        return len(q)

    kueri(1, 2025)  # the first import of the process fills caches once (content types, the admin's session)
    assert kueri(90, 2027) == kueri(3, 2026)


def test_the_workbook_is_checked_against_its_years_list_once_one_is_loaded(opd):
    isi = _ekspor(opd)
    workbook_import(isi=isi, nama_file="x.xlsx", oleh=None, pratinjau=True)  # no list for 2025: not checked

    kode = _kode_demo(opd)
    hilang = next(k for k, _ in kode if k.count(".") == 5)  # a sub kegiatan
    Nomenklatur.objects.bulk_create(Nomenklatur(tahun=2025, kode=k, nama=n, tingkat="x") for k, n in kode if k != hilang)
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None, pratinjau=True)
    [salah] = exc.value.kesalahan
    assert (salah.lembar, salah.kolom) == ("Sub kegiatan", "Kode sub kegiatan")
    assert salah.pesan.startswith(f"sub kegiatan {hilang} tidak ada di nomenklatur tahun 2025 yang dimuat")

    Nomenklatur.objects.create(tahun=2025, kode=hilang, nama="ada")
    workbook_import(isi=isi, nama_file="x.xlsx", oleh=None, pratinjau=True)
