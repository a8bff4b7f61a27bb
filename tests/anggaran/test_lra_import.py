"""anggaran.services: the LRA import is all or nothing, repeatable, versioned per month;
the operator's page previews before it writes; the CLI exits 0 or says why not."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from anggaran.lra import baca_lra
from anggaran.models import LraImport, RealisasiAnggaran
from anggaran.services import LraImportError, LraKedaluwarsa, lra_import, lra_pratinjau, lra_pulihkan
from organisasi.models import OperatorOpd
from tests.anggaran.test_lra_reader import DATA, JUDUL, K, ganti, laporan, tulis

OKTOBER = [r if "BULAN" not in str(r[:1]) else ["BAGIAN BULAN OKTOBER"] for r in JUDUL]


def berkas(tmp_path, data=None, judul=OKTOBER, nama="lra-oktober.xlsx"):
    path = tulis(tmp_path / nama, {"Laporan": [*judul, *laporan(data, judul=False)]})
    return path.read_bytes()


def impor(opd, isi, nama="lra-oktober.xlsx", **kw):
    return lra_import(opd=opd, dokumen=baca_lra(io.BytesIO(isi), nama_file=nama), isi=isi, nama_file=nama, **kw)


def pratinjau(opd, isi, **kw):
    return lra_pratinjau(opd=opd, dokumen=baca_lra(io.BytesIO(isi), nama_file="x.xlsx"), isi=isi, nama_file="x.xlsx", **kw)


def keadaan():
    return (
        LraImport.objects.count(),
        RealisasiAnggaran.objects.count(),
        sorted(
            RealisasiAnggaran.objects.values_list(
                "lra_import_id", "sub_kegiatan_id", "kode_rekening", "anggaran_sebelum", "anggaran_setelah"
            )
        ),
        sorted(LraImport.objects.filter(aktif=True).values_list("bulan", "sha256")),
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LKJ_LRA_DRAF_DIR = tmp_path / "draf"


def test_a_new_month_is_written_with_its_own_budget_columns(opd, tmp_path):
    imp = impor(opd, berkas(tmp_path))

    assert (imp.tahun, imp.bulan, imp.aktif) == (2025, 10, True)
    assert imp.baris.count() == 3
    assert sorted(imp.baris.values_list("anggaran_sebelum", "anggaran_setelah", "realisasi_sd")) == [
        (400, 500, 200),
        (500, 500, 0),
        (600, 700, 300),
    ]
    assert imp.ringkasan["realisasi_sd"] == "500"


def test_importing_the_same_file_twice_leaves_the_same_state(opd, tmp_path):
    isi = berkas(tmp_path)
    impor(opd, isi)
    sebelum = keadaan()

    impor(opd, isi)

    assert keadaan() == sebelum


def test_a_bad_last_row_leaves_the_database_unchanged(opd, tmp_path):
    sebelum = keadaan()
    data = [list(r) for r in DATA]
    data[-1][6] = "lima ratus"

    with pytest.raises(Exception, match="baris 29 kolom G"):
        impor(opd, berkas(tmp_path, data))

    assert keadaan() == sebelum


def test_a_code_with_no_sub_kegiatan_is_listed_and_nothing_is_written(opd, tmp_path):
    data = [[c.replace("2.07.0006", "2.07.0099") if isinstance(c, str) else c for c in r] for r in DATA]
    sebelum = keadaan()
    p = pratinjau(opd, berkas(tmp_path, data))

    assert [t["nasional"] for t in p.tidak_dikenal] == ["7.01.01.2.07.0099"]
    with pytest.raises(LraImportError, match="7.01.01.2.07.0099 \\(baris 25\\)"):
        impor(opd, berkas(tmp_path, data))
    assert keadaan() == sebelum


def test_a_file_of_another_opd_is_refused(opd, tmp_path):
    judul = [r if "ORGANISASI" not in str(r[:1]) else ["ORGANISASI", ": 7.01.0.00.0.00.22.0000 KECAMATAN LAIN"] for r in OKTOBER]
    with pytest.raises(LraImportError, match="organisasi 7.01.0.00.0.00.22.0000 .*bukan 7.01.0.00.0.00.21.0000"):
        impor(opd, berkas(tmp_path, judul=judul))


def test_a_file_without_year_and_month_needs_them_given(opd, tmp_path):
    judul = [r for r in OKTOBER if "TAHUN" not in str(r[:1]) and "BULAN" not in str(r[:1])]
    isi = berkas(tmp_path, judul=judul)

    with pytest.raises(LraImportError, match="Tahun anggaran dan bulan tidak ditemukan"):
        impor(opd, isi)
    assert impor(opd, isi, tahun=2025, bulan=11).bulan == 11


def test_a_signed_quarter_refuses_the_import_of_its_last_month(opd, tmp_path):
    from organisasi.models import TriwulanTerkunci

    TriwulanTerkunci.objects.create(
        opd=opd,
        tahun=2025,
        triwulan=4,
        dokumen="LKj Kecamatan Kedungjajang Triwulan IV Tahun 2025",
        memuat_anggaran=True,
        sejak="2026-01-10T09:00+07:00",
        oleh=get_user_model().objects.get(username="samsul"),
    )
    desember = [r if "BULAN" not in str(r[:1]) else ["BAGIAN BULAN DESEMBER"] for r in JUDUL]
    sebelum = keadaan()

    with pytest.raises(
        LraImportError, match="dipakai Triwulan IV .* LKj Kecamatan Kedungjajang Triwulan IV Tahun 2025 telah ditandatangani"
    ):
        impor(opd, berkas(tmp_path, judul=desember))
    assert keadaan() == sebelum
    impor(opd, berkas(tmp_path))  # October feeds no quarter's figures: kept, nothing signed moves


def test_a_new_file_replaces_the_month_and_the_preview_shows_old_to_new(opd, tmp_path):
    pertama = impor(opd, berkas(tmp_path))
    kode = f"{K} 01 2.01.0001 5 1 02 01 01 0026"
    isi = berkas(tmp_path, ganti(DATA, kode, ini=150, sd=250), nama="revisi.xlsx")

    p = pratinjau(opd, isi)
    assert [(c["rekening"], c["lama"], c["baru"]) for c in p.perubahan] == [("5 1 02 01 01 0026", Decimal(200), Decimal(250))]
    kedua = impor(opd, isi, nama="revisi.xlsx")

    pertama.refresh_from_db()
    assert (pertama.aktif, kedua.aktif) == (False, True)
    assert LraImport.objects.filter(opd=opd, bulan=10).count() == 2


def test_a_month_can_be_restored_to_a_previous_import(opd, tmp_path):
    def pagu_aktif():
        return RealisasiAnggaran.objects.get(
            lra_import__opd=opd, lra_import__bulan=10, lra_import__aktif=True, kode_rekening="5 1 02 01 01 0026"
        ).anggaran_setelah

    pertama = impor(opd, berkas(tmp_path))
    kode = f"{K} 01 2.01.0001 5 1 02 01 01 0026"
    impor(opd, berkas(tmp_path, ganti(DATA, kode, setelah=600, sisa=400, persen=33.33), nama="revisi.xlsx"), nama="revisi.xlsx")
    assert pagu_aktif() == 600

    lra_pulihkan(lra_import=pertama)

    assert LraImport.objects.get(opd=opd, bulan=10, aktif=True) == pertama
    assert pagu_aktif() == 500


def test_realisation_lower_than_the_previous_month_is_a_warning_with_the_row(opd, tmp_path):
    impor(opd, berkas(tmp_path))
    november = [r if "BULAN" not in str(r[:1]) else ["BAGIAN BULAN NOVEMBER"] for r in JUDUL]
    kode = f"{K} 01 2.01.0001 5 1 02 01 01 0026"
    p = pratinjau(opd, berkas(tmp_path, ganti(DATA, kode, lalu=100, ini=50, sd=150), judul=november))

    assert any("baris 19" in w and "150 lebih kecil dari realisasi s/d Oktober 200" in w for w in p.peringatan)
    assert p.bisa_diimpor


def test_a_stale_confirm_is_refused(opd, tmp_path):
    impor(opd, berkas(tmp_path))
    isi = berkas(tmp_path, ganti(DATA, f"{K} 01 2.01.0001 5 1 02 01 01 0026", ini=150, sd=250), nama="b.xlsx")
    with pytest.raises(LraKedaluwarsa, match="sudah diubah orang lain"):
        impor(opd, isi, nama="b.xlsx", aktif_terlihat=None)


def test_preview_totals_per_program_and_kegiatan(opd, tmp_path):
    p = pratinjau(opd, berkas(tmp_path))
    assert [(j.kode, j.anggaran_setelah, j.realisasi_sd) for j in p.per_program] == [("7.01.01", Decimal(1700), Decimal(500))]
    assert [(j.kode, j.anggaran_setelah) for j in p.per_kegiatan] == [("7.01.01.201", Decimal(1200)), ("7.01.01.207", Decimal(500))]


# --- CLI ---------------------------------------------------------------------


def test_cli_imports_and_prints_one_line(opd, tmp_path, capsys):
    path = tmp_path / "cli.xlsx"
    path.write_bytes(berkas(tmp_path))
    call_command("import_lra", str(path))
    keluar = capsys.readouterr().out.strip()
    assert keluar.count("\n") == 0
    assert keluar.startswith("LRA Kecamatan Kedungjajang Oktober 2025: 3 baris rekening")


def test_cli_dry_run_writes_nothing(opd, tmp_path, capsys):
    path = tmp_path / "cli.xlsx"
    path.write_bytes(berkas(tmp_path))
    sebelum = keadaan()
    call_command("import_lra", str(path), "--dry-run")
    assert "tidak ada yang disimpan" in capsys.readouterr().out
    assert keadaan() == sebelum


def test_cli_fails_with_the_message(opd, tmp_path):
    path = tmp_path / "bukan.xlsx"
    path.write_bytes(b"%PDF-1.4 hello")
    with pytest.raises(CommandError, match="Isinya PDF"):
        call_command("import_lra", str(path))


# --- the operator's page -----------------------------------------------------


@pytest.fixture
def operator(opd):
    return get_user_model().objects.get(username="operator")


def test_page_permission_ladder(client, opd):
    url = reverse("anggaran:index")
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(get_user_model().objects.get(username="dhian"))
    assert client.get(url).status_code == 403  # a pegawai who is not an operator
    client.force_login(get_user_model().objects.get(username="operator"))
    assert client.get(url).status_code == 200


def test_upload_previews_then_confirm_writes_exactly_that(client, operator, opd, tmp_path):
    client.force_login(operator)
    isi = berkas(tmp_path)
    sebelum = keadaan()
    r = client.post(reverse("anggaran:unggah"), {"opd": opd.kode, "berkas": io.BytesIO(isi)}, follow=True)
    r.request  # noqa: B018
    halaman = r.content.decode()
    assert "Pratinjau impor LRA" in halaman and "Oktober" in halaman and "1.700" in halaman
    assert keadaan() == sebelum  # preview writes nothing

    sha = r.redirect_chain[-1][0].rstrip("/").rsplit("/", 1)[-1]
    r = client.post(reverse("anggaran:konfirmasi", args=[sha]), follow=True)
    assert "LRA Oktober 2025 tersimpan" in r.content.decode()
    assert LraImport.objects.get(opd=opd, bulan=10, aktif=True).diunggah_oleh == operator


def test_upload_of_a_bad_file_shows_the_message_and_writes_nothing(client, operator, opd):
    client.force_login(operator)
    sebelum = keadaan()
    f = io.BytesIO(b"kode;uraian\n1;2\n")
    f.name = "lra.xlsx"
    r = client.post(reverse("anggaran:unggah"), {"opd": opd.kode, "berkas": f})
    assert r.status_code == 200
    assert "bukan berkas Excel (.xlsx)" in r.content.decode()
    assert keadaan() == sebelum


def test_upload_for_an_opd_outside_the_users_is_404(client, opd, tmp_path):
    staf = get_user_model().objects.get(username="dhian")
    OperatorOpd.objects.create(user=staf, opd=opd)  # the OPD's operator, not a superuser
    client.force_login(staf)
    f = io.BytesIO(berkas(tmp_path))
    f.name = "lra.xlsx"
    assert client.post(reverse("anggaran:unggah"), {"opd": "9.99.0.00.0.00.99.0000", "berkas": f}).status_code == 404


def test_history_query_count_does_not_grow_with_imports(client, operator, opd, tmp_path, django_assert_max_num_queries):
    client.force_login(operator)
    url = reverse("anggaran:index")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as satu:
        client.get(url)
    for n, sd in enumerate((250, 260, 270)):
        impor(
            opd,
            berkas(tmp_path, ganti(DATA, f"{K} 01 2.01.0001 5 1 02 01 01 0026", ini=sd - 300, sd=sd), nama=f"{n}.xlsx"),
            nama=f"{n}.xlsx",
        )
    with CaptureQueriesContext(connection) as banyak:
        r = client.get(url)
    assert r.content.decode().count("Pulihkan</button>") == 2
    assert len(banyak) == len(satu)
