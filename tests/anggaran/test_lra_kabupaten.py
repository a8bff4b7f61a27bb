"""A kabupaten-wide LRA (several OPDs in one SIPD export) is split by organisation code in one
preview and imported per OPD, each part exactly as that OPD's own upload; a code matching no OPD
of the pemda is refused with its sheet row, and then nothing is written."""

import gc
import hashlib
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from anggaran.lra import LraError, baca_lra, baca_lra_semua
from anggaran.models import LraImport, RealisasiAnggaran
from anggaran.services import LraImportError, lra_import, lra_import_kabupaten, lra_pratinjau_kabupaten
from organisasi import kunci
from organisasi.models import OperatorOpd, Pemda, PerangkatDaerah, PeranPemda, TriwulanTerkunci
from renja.models import Kegiatan, Program, SubKegiatan
from tests.anggaran.test_lra_import import keadaan
from tests.anggaran.test_lra_reader import DATA, JUDUL, KEPALA_TABEL, PENUTUP, K, tulis

KODE_KEDUA = "7.01.0.00.0.00.22.0000"
SEGMEN_KEDUA = "7 01 7 01 22"
KODE_ASING = "7.01.0.00.0.00.99.0000"


def bulan(nama):
    return [r if "BULAN" not in str(r[:1]) else [f"BAGIAN BULAN {nama}"] for r in JUDUL]


def bagian(kode_opd, nama, segmen, kali=1):
    """One OPD's part: its URUSAN and ORGANISASI lines, the table header, its rows (amounts × kali), the footer."""
    data = [[r[0].replace(K, segmen), r[1], *(v * kali if isinstance(v, int) else v for v in r[2:7]), r[7], r[8] * kali] for r in DATA]
    return [["URUSAN PEMERINTAHAN", ": 7.01 KECAMATAN"], ["ORGANISASI", f": {kode_opd} {nama}"], [], *KEPALA_TABEL, *data, *PENUTUP, []]


def satu_sheet(tmp_path, *parts, judul_bulan="OKTOBER", nama="lra-kabupaten.xlsx"):
    """One sheet: the title (year and month) once, then each part; the first part's ORGANISASI is the title's."""
    judul = [r for r in bulan(judul_bulan) if "URUSAN" not in str(r[:1]) and "ORGANISASI" not in str(r[:1])]
    return tulis(tmp_path / nama, {"Laporan": [*judul, *[row for p in parts for row in p]]}).read_bytes()


@pytest.fixture
def opd_kedua(opd):
    """A second kecamatan of the demo's pemda, with a copy of the demo's 2025 planning tree."""
    kedua = PerangkatDaerah.objects.create(pemda=opd.pemda, kode=KODE_KEDUA, kode_urusan="7.01", nama="Kecamatan Klakah")
    with transaction.atomic(), kunci.sekaligus():
        for prog in Program.objects.filter(opd=opd, tahun=2025).prefetch_related("kegiatan__sub_kegiatan"):
            p = Program.objects.create(opd=kedua, tahun=2025, kode=prog.kode, nama=prog.nama)
            for keg in prog.kegiatan.all():
                k = Kegiatan.objects.create(program=p, kode=keg.kode, nama=keg.nama)
                SubKegiatan.objects.bulk_create(SubKegiatan(kegiatan=k, kode=s.kode, nama=s.nama) for s in keg.sub_kegiatan.all())
    return kedua


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LKJ_LRA_DRAF_DIR = tmp_path / "draf"


def dua_opd(tmp_path, opd, **kw):
    return satu_sheet(
        tmp_path,
        bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K),
        bagian(KODE_KEDUA, "KECAMATAN KLAKAH", SEGMEN_KEDUA, kali=2),
        **kw,
    )


def pratinjau(opd, isi, **kw):
    return lra_pratinjau_kabupaten(pemda=opd.pemda, dokumen=baca_lra_semua(io.BytesIO(isi)), isi=isi, nama_file="kab.xlsx", **kw)


def impor(opd, isi, **kw):
    return lra_import_kabupaten(pemda=opd.pemda, dokumen=baca_lra_semua(io.BytesIO(isi)), isi=isi, nama_file="kab.xlsx", **kw)


# --- the reader ----------------------------------------------------------------


def test_one_sheet_with_two_opds_reads_as_two_parts_with_their_rows(tmp_path, opd):
    docs = baca_lra_semua(io.BytesIO(dua_opd(tmp_path, opd)))

    assert [(d.opd_kode, d.opd_nama, d.tahun, d.bulan, d.urusan) for d in docs] == [
        (opd.kode, "KECAMATAN KEDUNGJAJANG", 2025, 10, "7.01"),
        (KODE_KEDUA, "KECAMATAN KLAKAH", 2025, 10, "7.01"),
    ]
    assert [len(d.baris) for d in docs] == [len(DATA), len(DATA)]
    assert [d.peringatan for d in docs] == [[], []]
    # the rows keep their sheet row numbers: the second part starts below the first part's rows
    assert docs[1].baris_organisasi > docs[0].baris[-1].baris
    assert docs[1].baris[0].baris == docs[1].baris_organisasi + 1 + len(KEPALA_TABEL) + 1
    assert docs[1].baris[0].anggaran_setelah == 2 * docs[0].baris[0].anggaran_setelah


def test_one_sheet_per_opd_reads_the_same(tmp_path, opd):
    judul = [r for r in bulan("OKTOBER") if "URUSAN" not in str(r[:1]) and "ORGANISASI" not in str(r[:1])]
    isi = tulis(
        tmp_path / "per-sheet.xlsx",
        {
            "Kedungjajang": [*judul, *bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K)],
            "Klakah": [*judul, *bagian(KODE_KEDUA, "KECAMATAN KLAKAH", SEGMEN_KEDUA, kali=2)],
        },
    ).read_bytes()

    docs = baca_lra_semua(io.BytesIO(isi))

    assert [(d.sheet, d.opd_kode, d.bulan) for d in docs] == [("Kedungjajang", opd.kode, 10), ("Klakah", KODE_KEDUA, 10)]


def test_a_single_opd_file_still_refuses_a_second_organisation(tmp_path, opd):
    """baca_lra (one OPD's upload) keeps refusing rows of another organisation code in its file."""
    with pytest.raises(Exception, match="satu LRA hanya boleh memuat satu perangkat daerah"):
        baca_lra(io.BytesIO(dua_opd(tmp_path, opd)))


# --- the preview -----------------------------------------------------------------


def test_the_preview_gives_each_opd_its_rows_totals_and_quarter(tmp_path, opd, opd_kedua):
    isi = dua_opd(tmp_path, opd, judul_bulan="SEPTEMBER")
    sebelum = keadaan()

    p = pratinjau(opd, isi)

    assert p.bisa_diimpor and p.galat_semua == []
    assert (p.tahun, p.bulan) == (2025, 9)
    assert [(b.opd.kode, b.total_setelah, b.total_sd, b.jumlah_rekening) for b in p.bagian] == [
        (opd.kode, Decimal(1700), Decimal(500), 3),
        (KODE_KEDUA, Decimal(3400), Decimal(1000), 3),
    ]
    assert p.total_setelah == Decimal(5100)
    assert "menjadi angka anggaran Triwulan III" in p.dipakai
    # the demo's September LRA is active for Kedungjajang: its part replaces it; Klakah's is new
    assert p.bagian[0].aktif is not None and p.bagian[0].perubahan
    assert p.bagian[1].aktif is None
    assert keadaan() == sebelum


def test_an_unknown_organisation_code_is_refused_with_its_row_and_nothing_is_written(tmp_path, opd, opd_kedua):
    isi = satu_sheet(
        tmp_path,
        bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K),
        bagian(KODE_ASING, "KECAMATAN ANTAH", "7 01 7 01 99"),
    )
    baris_asing = baca_lra_semua(io.BytesIO(isi))[1].baris_organisasi
    sebelum = keadaan()

    p = pratinjau(opd, isi)

    assert not p.bisa_diimpor
    assert [(b.opd.kode, b.total_setelah, b.galat) for b in p.bagian] == [(opd.kode, Decimal(1700), [])]  # the known OPD is still shown
    assert p.tidak_dikenal == [{"sheet": "Laporan", "baris": baris_asing, "kode": KODE_ASING, "nama": "KECAMATAN ANTAH"}]
    assert p.galat == [
        f"Sheet Laporan baris {baris_asing}: kode organisasi {KODE_ASING} (KECAMATAN ANTAH) tidak cocok dengan perangkat "
        f"daerah mana pun di {opd.pemda.nama}. Tambahkan perangkat daerahnya lebih dahulu atau periksa berkasnya."
    ]
    with pytest.raises(LraImportError, match=f"Sheet Laporan baris {baris_asing}: kode organisasi {KODE_ASING}"):
        impor(opd, isi)
    assert keadaan() == sebelum


def test_a_refused_file_leaves_the_cycle_collector_running(tmp_path, opd, opd_kedua):
    """The reader and the import hold Python's cycle collector off while they build their rows; a refusal
    in either must not leave a long-running server without it."""
    unknown = satu_sheet(tmp_path, bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K), bagian(KODE_ASING, "KECAMATAN ANTAH", "7 01 7 01 99"))
    rusak = satu_sheet(
        tmp_path,
        [r if "0026" not in str(r[:1]) else [r[0], r[1], "12a", *r[3:]] for r in bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K)],
        nama="rusak.xlsx",
    )
    assert gc.isenabled()

    with pytest.raises(LraImportError):
        impor(opd, unknown)
    assert gc.isenabled()
    with pytest.raises(LraError, match="bukan angka"):
        baca_lra_semua(io.BytesIO(rusak))
    assert gc.isenabled()


def test_an_opd_of_another_pemda_is_unknown_here(tmp_path, opd, opd_kedua):
    lain = Pemda.objects.create(kode="3599", nama="Kabupaten Sumberwangi", ibukota="Sumberwangi")
    opd_kedua.pemda = lain
    opd_kedua.save()

    p = pratinjau(opd, dua_opd(tmp_path, opd))

    assert [t["kode"] for t in p.tidak_dikenal] == [KODE_KEDUA]
    assert not p.bisa_diimpor


def test_an_opd_twice_in_one_file_is_refused(tmp_path, opd):
    isi = satu_sheet(tmp_path, bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K), bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K))

    p = pratinjau(opd, isi)

    assert not p.bisa_diimpor
    assert any(f"organisasi {opd.kode} (KECAMATAN KEDUNGJAJANG) sudah muncul di sheet Laporan baris" in g for g in p.galat)


# --- the import --------------------------------------------------------------------


def test_each_opd_gets_its_own_import_of_the_month_kept_with_the_files_sha256(tmp_path, opd, opd_kedua):
    isi = dua_opd(tmp_path, opd)

    hasil = impor(opd, isi)

    sha = hashlib.sha256(isi).hexdigest()
    assert [(i.opd.kode, i.tahun, i.bulan, i.aktif, i.sha256) for i in hasil] == [
        (opd.kode, 2025, 10, True, sha),
        (KODE_KEDUA, 2025, 10, True, sha),
    ]
    # the file is kept once, both imports point at it, and its bytes are the file's
    assert hasil[0].berkas.name == hasil[1].berkas.name
    assert hashlib.sha256(hasil[1].berkas.open("rb").read()).hexdigest() == sha
    assert sorted(hasil[1].baris.values_list("kode_rekening", "anggaran_setelah", "realisasi_sd")) == [
        ("5 1 02 01 01 0026", 1000, 400),
        ("5 1 02 04 01 0003", 1400, 600),
        ("5 2 02 10 01 0002", 1000, 0),
    ]


def test_an_opds_lines_are_those_its_own_upload_writes(tmp_path, opd, opd_kedua):
    """The kabupaten file's part of an OPD writes the same lines as that OPD's own file would."""
    isi = dua_opd(tmp_path, opd)
    sendiri = satu_sheet(tmp_path, bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K), nama="sendiri.xlsx")

    def baris(imp):
        return sorted(
            RealisasiAnggaran.objects.filter(lra_import=imp).values_list(
                "sub_kegiatan_id",
                "kode_rekening",
                "uraian",
                "anggaran_sebelum",
                "anggaran_setelah",
                "realisasi_bulan_lalu",
                "realisasi_bulan_ini",
                "realisasi_sd",
            )
        )

    dari_kabupaten = baris(impor(opd, isi)[0])
    satu = lra_import(opd=opd, dokumen=baca_lra(io.BytesIO(sendiri)), isi=sendiri, nama_file="sendiri.xlsx")

    assert baris(satu) == dari_kabupaten


def test_a_line_keeps_its_description_as_written_backslash_and_all(tmp_path, opd, opd_kedua):
    """The lines go in as the database's bulk load (COPY on PostgreSQL): a description with characters
    that load format treats specially is stored as the file has it."""
    aneh = "Belanja Alat\\Bahan — Kantor \\N 100% \\t"
    isi = satu_sheet(
        tmp_path,
        bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K),
        [r if "0026" not in str(r[:1]) else [r[0], aneh, *r[2:]] for r in bagian(KODE_KEDUA, "KECAMATAN KLAKAH", SEGMEN_KEDUA)],
    )

    hasil = impor(opd, isi)

    assert hasil[1].baris.get(kode_rekening="5 1 02 01 01 0026").uraian == aneh
    assert hasil[0].baris.get(kode_rekening="5 1 02 01 01 0026").uraian == next(r[1] for r in DATA if r[0].endswith(" 0026"))


def test_importing_the_same_kabupaten_file_twice_changes_nothing(tmp_path, opd, opd_kedua):
    isi = dua_opd(tmp_path, opd)
    impor(opd, isi)
    sebelum = keadaan()

    impor(opd, isi)

    assert keadaan() == sebelum


def test_a_signed_quarter_of_one_opd_refuses_the_whole_file(tmp_path, opd, opd_kedua):
    TriwulanTerkunci.objects.create(
        opd=opd_kedua,
        tahun=2025,
        triwulan=4,
        dokumen="LKj Kecamatan Klakah Triwulan IV Tahun 2025",
        memuat_anggaran=True,
        sejak="2026-01-10T09:00+07:00",
        oleh=get_user_model().objects.get(username="operator"),
    )
    isi = dua_opd(tmp_path, opd, judul_bulan="DESEMBER")
    sebelum = keadaan()

    p = pratinjau(opd, isi)
    assert not p.bisa_diimpor and not p.bagian[0].galat
    assert "LKj Kecamatan Klakah Triwulan IV Tahun 2025 telah ditandatangani" in p.bagian[1].galat[0]
    with pytest.raises(LraImportError, match="Kecamatan Klakah: LRA bulan Desember 2025 dipakai Triwulan IV"):
        impor(opd, isi)
    assert keadaan() == sebelum


# --- the page and the command --------------------------------------------------------


def test_only_the_pemda_administrator_may_open_the_kabupaten_import(client, opd):
    url = reverse("anggaran:kabupaten")
    User = get_user_model()
    assert client.get(url).status_code == 302  # anonymous → login
    staf = User.objects.get(username="dhian")
    client.force_login(staf)
    assert client.get(url).status_code == 403  # a pegawai
    OperatorOpd.objects.create(user=staf, opd=opd)
    assert client.get(url).status_code == 403  # an OPD's operator writes his OPD only
    client.force_login(User.objects.get(username="bappeda"))
    assert client.get(url).status_code == 403  # a pemda role that only reads
    client.force_login(User.objects.get(username="adminpemda"))
    assert client.get(url).status_code == 200
    client.force_login(User.objects.get(username="operator"))
    assert client.get(url).status_code == 200


def test_the_pemda_administrator_of_another_pemda_cannot_import_this_one(client, opd, opd_kedua, tmp_path):
    lain = Pemda.objects.create(kode="3599", nama="Kabupaten Sumberwangi", ibukota="Sumberwangi")
    admin_lain = get_user_model().objects.create_user("admin_sumberwangi")
    PeranPemda.objects.create(user=admin_lain, pemda=lain, peran=PeranPemda.Peran.ADMIN_PEMDA)
    client.force_login(admin_lain)
    sebelum = keadaan()

    r = client.post(reverse("anggaran:kabupaten_unggah"), {"pemda": opd.pemda.kode, "berkas": io.BytesIO(dua_opd(tmp_path, opd))})

    assert r.status_code == 200 and "Masukkan pilihan yang valid" in r.content.decode()  # Lumajang is not among his choices
    assert keadaan() == sebelum


def test_upload_previews_every_opd_then_confirm_writes_them(client, opd, opd_kedua, tmp_path):
    operator = get_user_model().objects.get(username="operator")
    client.force_login(operator)
    sebelum = keadaan()
    r = client.post(
        reverse("anggaran:kabupaten_unggah"), {"pemda": opd.pemda.kode, "berkas": io.BytesIO(dua_opd(tmp_path, opd))}, follow=True
    )
    halaman = r.content.decode()
    assert "Pratinjau LRA seluruh perangkat daerah" in halaman
    assert "Kecamatan Klakah" in halaman and "Kecamatan Kedungjajang" in halaman and "3.400" in halaman
    assert keadaan() == sebelum

    sha = r.redirect_chain[-1][0].rstrip("/").rsplit("/", 1)[-1]
    r = client.post(reverse("anggaran:kabupaten_konfirmasi", args=[sha]), follow=True)
    assert "LRA Oktober 2025 tersimpan untuk 2 perangkat daerah" in r.content.decode()
    assert set(LraImport.objects.filter(bulan=10, aktif=True).values_list("opd__kode", "diunggah_oleh")) == {
        (opd.kode, operator.pk),
        (KODE_KEDUA, operator.pk),
    }


def test_the_preview_page_lists_an_unknown_code_with_its_row_and_offers_no_confirm(client, opd, tmp_path):
    client.force_login(get_user_model().objects.get(username="operator"))
    isi = satu_sheet(tmp_path, bagian(opd.kode, "KECAMATAN KEDUNGJAJANG", K), bagian(KODE_ASING, "KECAMATAN ANTAH", "7 01 7 01 99"))
    baris_asing = baca_lra_semua(io.BytesIO(isi))[1].baris_organisasi

    r = client.post(reverse("anggaran:kabupaten_unggah"), {"pemda": opd.pemda.kode, "berkas": io.BytesIO(isi)}, follow=True)

    halaman = r.content.decode()
    assert f"Sheet Laporan baris {baris_asing}: kode organisasi {KODE_ASING}" in halaman
    assert "Konfirmasi dan simpan" not in halaman


def test_a_kept_kabupaten_file_is_not_downloaded_by_one_opds_operator(client, opd, opd_kedua, tmp_path):
    imp = impor(opd, dua_opd(tmp_path, opd))[0]
    url = reverse("anggaran:berkas", args=[imp.pk])
    client.force_login(get_user_model().objects.get(username="operator"))
    assert client.get(url).status_code == 200
    staf = get_user_model().objects.get(username="dhian")
    OperatorOpd.objects.create(user=staf, opd=opd)  # Kedungjajang's operator: the file holds Klakah's lines too
    client.force_login(staf)
    assert client.get(url).status_code == 404


def test_cli_imports_a_kabupaten_file_per_opd(opd, opd_kedua, tmp_path, capsys):
    path = tmp_path / "kab.xlsx"
    path.write_bytes(dua_opd(tmp_path, opd))

    call_command("import_lra", str(path), "--pemda", opd.pemda.kode)

    keluar = capsys.readouterr().out
    assert "Kecamatan Klakah" in keluar and "2 perangkat daerah" in keluar
    assert LraImport.objects.filter(opd=opd_kedua, bulan=10, aktif=True).exists()


def test_cli_names_the_unknown_code_and_writes_nothing(opd, tmp_path):
    path = tmp_path / "kab.xlsx"
    path.write_bytes(satu_sheet(tmp_path, bagian(KODE_ASING, "KECAMATAN ANTAH", "7 01 7 01 99")))
    sebelum = keadaan()

    with pytest.raises(CommandError, match=f"kode organisasi {KODE_ASING}"):
        call_command("import_lra", str(path), "--pemda", opd.pemda.kode)
    assert keadaan() == sebelum
