"""Pegawai and jabatan in and out of the admin as XLSX (django-import-export), the way an operator works:
export, edit in Excel, upload, read the preview, confirm. Natural keys, all or nothing, Indonesian."""

import datetime
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from organisasi import versi_data
from organisasi.models import Jabatan, OperatorOpd, Pegawai, Penugasan, PerangkatDaerah, PeranPemda, TriwulanTerkunci
from tests.organisasi.impor_admin import baca, ekspor, galat, impor, konfirmasi, unggah, url, xlsx

PEMDA = "3508"
OPD = "7.01.0.00.0.00.21.0000"
J_PEGAWAI = ["Kode pemda", "NIP", "Nama dan gelar"]
J_JABATAN = ["Kode pemda", "Kode", "Nama jabatan", "Jenis", "Kode OPD (SIPD)", "Unit (kode)", "Atasan (kode jabatan)"]


@pytest.fixture(autouse=True)
def draf(settings, tmp_path):
    settings.LKJ_DATA_INDUK_DRAF_DIR = tmp_path / "draf"


@pytest.fixture
def admin(client, demo):
    client.force_login(get_user_model().objects.get(username="operator"))
    return client


def _staf(username, *izin):
    user = get_user_model().objects.create_user(username, password="x-sangat-panjang-1", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=izin))
    return user


def _keadaan(model):
    """Every stored value of the model, its history and the admin's log: what an import could change."""
    nilai = sorted(tuple(r) for r in model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]))
    return nilai, model.history.count(), LogEntry.objects.count()


def _pesan(resp):
    return [str(m) for m in resp.wsgi_request._messages]


# --- round trip -----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Pegawai, Jabatan], ids=["pegawai", "jabatan"])
def test_an_export_imported_again_changes_nothing(admin, opd, model):
    sebelum, stempel = _keadaan(model), versi_data.baca(opd.pk)
    isi = ekspor(admin, model)
    assert len(baca(isi)) == model.objects.count() + 1

    pratinjau = unggah(admin, model, isi)
    assert galat(pratinjau) == []
    assert "Tidak ada perubahan" in pratinjau.content.decode()
    selesai = konfirmasi(admin, model, pratinjau)

    assert selesai.status_code == 302 and selesai["Location"] == url(model, "changelist")
    assert _pesan(selesai) == [f"Impor {model._meta.verbose_name_plural} selesai: 0 baru, 0 diubah, {model.objects.count()} tidak berubah."]
    assert _keadaan(model) == sebelum
    assert versi_data.baca(opd.pk) == stempel  # nothing written, so no document renders anew


def test_an_edited_export_updates_by_nip_and_adds_the_new_rows(admin, opd):
    camat = Pegawai.objects.get(nip="19830608 201001 1 034")
    baris = baca(ekspor(admin, Pegawai))
    judul, data = baris[0], baris[1:]
    i_nama = judul.index("Nama dan gelar")
    for b in data:
        if b[judul.index("NIP")] == camat.nip:
            b[i_nama] = "SYAMSUL NURUL HUDA, S.E., M.M."
    data.append([PEMDA, "199001012015031001", "PEGAWAI BARU, S.Kom"])  # 18 digits run together: read as a NIP
    data.append([PEMDA, None, "TENAGA HONORER BARU"])
    stempel = versi_data.baca(opd.pk)

    selesai = impor(admin, Pegawai, xlsx(judul, data))

    assert _pesan(selesai)[-1] == f"Impor pegawai selesai: 2 baru, 1 diubah, {len(data) - 3} tidak berubah."
    camat.refresh_from_db()
    assert camat.nama == "SYAMSUL NURUL HUDA, S.E., M.M." and camat.history.first().history_user.username == "operator"
    assert Pegawai.objects.get(nip="19900101 201503 1 001").nama == "PEGAWAI BARU, S.Kom"
    assert Pegawai.objects.get(nama="TENAGA HONORER BARU").nip is None
    assert versi_data.baca(opd.pk) != stempel  # the camat's name prints on every document: drafts render anew


def test_a_nip_given_to_a_pegawai_stored_without_one_updates_him(admin):
    tanpa = Pegawai.objects.filter(nip__isnull=True, penugasan__isnull=False).first()
    jumlah = Pegawai.objects.count()
    impor(admin, Pegawai, xlsx(J_PEGAWAI, [[PEMDA, "19951231 202012 2 001", tanpa.nama]]))
    tanpa.refresh_from_db()
    assert tanpa.nip == "19951231 202012 2 001" and Pegawai.objects.count() == jumlah


# --- bad input: nothing written, row and column named ----------------------------------------------


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row(admin):
    sebelum = _keadaan(Pegawai)
    isi = xlsx(
        J_PEGAWAI, [[PEMDA, "19900101 201503 1 001", "PEGAWAI SATU"], [PEMDA, "1990-01-01", "PEGAWAI DUA"], [PEMDA, None, "PEGAWAI TIGA"]]
    )

    pratinjau = unggah(admin, Pegawai, isi)

    assert galat(pratinjau) == ["Baris 3, kolom 'NIP': '1990-01-01' bukan NIP: harus 18 angka dengan format 19830608 201001 1 034."]
    assert pratinjau.context.get("confirm_form") is None  # no way to write it
    assert "Tidak ada yang disimpan" in pratinjau.content.decode()
    assert _keadaan(Pegawai) == sebelum


@pytest.mark.parametrize(
    "baris, kalimat",
    [
        ([[PEMDA, 198306082010011034, "ANGKA"]], "Baris 2, kolom 'NIP': NIP terbaca sebagai angka"),
        (
            [[PEMDA, "19900101 201503 1 001", "SATU"], [PEMDA, "199001012015031001", "DUA"]],
            "Baris 3, kolom 'NIP': sudah ada di baris 2 berkas ini; satu baris per data.",
        ),
        ([[PEMDA, None, "KEMBAR"], [PEMDA, None, "KEMBAR"]], "Baris 3, kolom 'Nama dan gelar': sudah ada di baris 2 berkas ini"),
        ([[PEMDA, None, "N" * 121]], "Baris 2, kolom 'Nama dan gelar': paling banyak 120 karakter (berisi 121)."),
        ([[PEMDA, "19900101 201503 1 001", None]], "Baris 2, kolom 'Nama dan gelar': wajib diisi."),
        ([["9999", None, "ORANG"]], "Baris 2, kolom 'Kode pemda': pemda '9999' tidak dikenal (yang ada: 3508)."),
        (
            [[PEMDA, "19900101 201503 1 001", "SAMSUL NURUL HUDA, SE"]],
            "Baris 2, kolom 'Nama dan gelar': nama ini sudah dipakai pegawai lain",
        ),
    ],
    ids=["nip-angka", "nip-ganda", "nama-ganda", "terlalu-panjang", "nama-kosong", "pemda-asing", "nama-dipakai"],
)
def test_each_bad_pegawai_row_is_refused_in_indonesian_with_row_and_column(admin, baris, kalimat):
    sebelum = _keadaan(Pegawai)
    pratinjau = unggah(admin, Pegawai, xlsx(J_PEGAWAI, baris))
    assert any(k.startswith(kalimat) for k in galat(pratinjau)), galat(pratinjau)
    assert pratinjau.context.get("confirm_form") is None and _keadaan(Pegawai) == sebelum


@pytest.mark.parametrize(
    "isi, pesan",
    [
        (b"Kode pemda;NIP;Nama dan gelar\n3508;;ORANG\n", "isinya teks (CSV?)"),
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "Berkas ini PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel lama (.xls)"),
        (b"PK\x03\x04 terpotong", "rusak atau terpotong"),
    ],
    ids=["csv", "pdf", "xls", "zip-rusak"],
)
def test_a_file_that_is_not_an_xlsx_is_refused_in_indonesian(admin, isi, pesan):
    sebelum = _keadaan(Pegawai)
    resp = unggah(admin, Pegawai, isi, nama="pegawai.xlsx")
    [kesalahan] = galat(resp)
    assert pesan in kesalahan
    assert _keadaan(Pegawai) == sebelum


def test_a_missing_column_is_named_and_no_row_is_read(admin):
    resp = unggah(admin, Pegawai, xlsx(["Kode pemda", "Nama"], [[PEMDA, "ORANG"]]))
    assert galat(resp) == [
        "Kolom 'NIP', 'Nama dan gelar' tidak ada di baris 1 (judul kolom). Kolom yang ada: 'Kode pemda', 'Nama'. "
        "Pakai judul kolom persis seperti hasil tombol Ekspor."
    ]
    assert "Traceback" not in resp.content.decode()


def test_a_collision_found_at_the_confirm_writes_none_of_the_file(admin):
    """The preview was clean; before the confirm someone stored another pegawai under one of the file's names."""
    sebelum = Pegawai.objects.count()
    isi = xlsx(J_PEGAWAI, [[PEMDA, "19900101 201503 1 001", "PEGAWAI SATU"], [PEMDA, "19900101 201503 1 002", "PEGAWAI DUA"]])
    pratinjau = unggah(admin, Pegawai, isi)
    assert galat(pratinjau) == []
    Pegawai.objects.create(pemda=Pegawai.objects.first().pemda, nip="19900101 201503 1 999", nama="PEGAWAI DUA")

    resp = konfirmasi(admin, Pegawai, pratinjau)

    assert resp.status_code == 200
    assert "Impor dibatalkan saat konfirmasi" in resp.content.decode()
    assert [k for k in galat(resp) if k.startswith("Baris 3, kolom 'Nama dan gelar': nama ini sudah dipakai pegawai lain")], galat(resp)
    assert Pegawai.objects.count() == sebelum + 1  # the other one only: row 2, though valid, was rolled back
    assert not Pegawai.objects.filter(nama="PEGAWAI SATU").exists()
    assert not any(m.startswith("Impor pegawai selesai") for m in _pesan(resp))


def test_a_confirm_without_this_sessions_preview_is_refused(admin, client):
    pratinjau = unggah(admin, Pegawai, xlsx(J_PEGAWAI, [[PEMDA, None, "PEGAWAI SATU"]]))
    admin.logout()
    admin.force_login(get_user_model().objects.get(username="operator"))  # a new session
    resp = konfirmasi(admin, Pegawai, pratinjau)
    assert resp.status_code == 302 and resp["Location"] == url(Pegawai, "import")
    assert "Berkas pratinjau tidak ditemukan" in _pesan(resp)[0]
    assert not Pegawai.objects.filter(nama="PEGAWAI SATU").exists()


# --- jabatan ------------------------------------------------------------------------------------


def test_a_jabatan_may_name_an_atasan_further_down_the_file(admin):
    baris = [
        [PEMDA, "staf_baru", "Pengadministrasi Perkantoran Seksi Baru", "staf", OPD, None, "kasi_baru"],
        [PEMDA, "kasi_baru", "Kasi Baru", "Kepala Sub Bagian / Kepala Seksi", OPD, None, "camat"],
    ]
    selesai = impor(admin, Jabatan, xlsx(J_JABATAN, baris))
    assert _pesan(selesai)[-1].startswith("Impor jabatan selesai: 2 baru")
    staf = Jabatan.objects.select_related("atasan__atasan").get(kode="staf_baru")
    assert (staf.atasan.kode, staf.atasan.atasan.kode, staf.jenis) == ("kasi_baru", "camat", Jabatan.Jenis.STAF)


def test_two_jabatan_of_one_name_in_one_opd_stay_two(admin):
    """The demo has them (two Pengadministrasi Perkantoran Sub Bagian Keuangan): the key is the code, not the name."""
    nama = "Pengadministrasi Perkantoran Sub Bagian Keuangan"
    assert Jabatan.objects.filter(opd__kode=OPD, nama=nama).count() == 2
    impor(admin, Jabatan, ekspor(admin, Jabatan))
    assert Jabatan.objects.filter(opd__kode=OPD, nama=nama).count() == 2


@pytest.mark.parametrize(
    "baris, kalimat",
    [
        (
            [[PEMDA, "staf_x", "Staf X", "staf", OPD, None, "wakil_camat"]],
            "Baris 2, kolom 'Atasan (kode jabatan)': jabatan 'wakil_camat' tidak dikenal: tidak ada di berkas ini maupun di data tersimpan.",
        ),
        (
            [[PEMDA, "a_x", "A", "staf", OPD, None, "b_x"], [PEMDA, "b_x", "B", "staf", OPD, None, "a_x"]],
            "Baris 2, kolom 'Atasan (kode jabatan)': rantai atasan berputar (a_x → b_x → a_x)",
        ),
        (
            [[PEMDA, "camat", "Camat Kedungjajang", "kepala_opd", OPD, None, "sekcam"]],
            "Baris 2, kolom 'Atasan (kode jabatan)': rantai atasan berputar (camat → sekcam → camat)",
        ),
        ([[PEMDA, "staf x", "Staf", "staf", OPD, None, None]], "Baris 2, kolom 'Kode': 'staf x' bukan kode jabatan"),
        ([[PEMDA, "staf_x", "Staf", "pelaksana senior", OPD, None, None]], "Baris 2, kolom 'Jenis': 'pelaksana senior' tidak dikenal"),
        (
            [[PEMDA, "staf_x", "Staf", "staf", None, None, None]],
            "Baris 2, kolom 'Kode OPD (SIPD)': wajib diisi untuk jabatan selain kepala daerah.",
        ),
        (
            [[PEMDA, "staf_x", "Staf", "staf", OPD, "SEKSI_X", None]],
            "Baris 2, kolom 'Unit (kode)': unit 'SEKSI_X' tidak ada di Kecamatan Kedungjajang.",
        ),
        (
            [[PEMDA, "staf_x", "S" * 161, "staf", OPD, None, None]],
            "Baris 2, kolom 'Nama jabatan': paling banyak 160 karakter (berisi 161).",
        ),
        (
            [[PEMDA, "staf_x", "Staf", "staf", OPD, None, None], [PEMDA, "staf_x", "Staf lain", "staf", OPD, None, None]],
            "Baris 3, kolom 'Kode': sudah ada di baris 2 berkas ini",
        ),
    ],
    ids=["atasan-asing", "atasan-berputar", "berputar-dengan-tersimpan", "kode", "jenis", "opd-kosong", "unit", "panjang", "kode-ganda"],
)
def test_each_bad_jabatan_row_is_refused_in_indonesian_with_row_and_column(admin, baris, kalimat):
    sebelum = _keadaan(Jabatan)
    pratinjau = unggah(admin, Jabatan, xlsx(J_JABATAN, baris))
    assert any(k.startswith(kalimat) for k in galat(pratinjau)), galat(pratinjau)
    assert pratinjau.context.get("confirm_form") is None and _keadaan(Jabatan) == sebelum


# --- text stays text ------------------------------------------------------------------------------


def test_a_name_that_looks_like_a_formula_is_exported_as_text_and_reads_back_unchanged(admin):
    rumus = '=HYPERLINK("http://contoh.invalid/x","klik")'
    p = Pegawai.objects.filter(nip__isnull=False).order_by("nama").first()
    p.nama = rumus
    p.save()

    isi = ekspor(admin, Pegawai)

    lembar = load_workbook(io.BytesIO(isi)).worksheets[0]
    [sel] = [r[2] for r in lembar.iter_rows(min_row=2) if r[1].value == p.nip]
    assert (sel.value, sel.data_type) == (rumus, "s")
    pratinjau = unggah(admin, Pegawai, isi)
    assert pratinjau.context["result"].totals["skip"] == Pegawai.objects.count()


# --- Indonesian -----------------------------------------------------------------------------------


def test_the_import_pages_answer_in_indonesian(admin):
    daftar = admin.get(url(Pegawai, "changelist")).content.decode()
    assert ">Impor</a>" in daftar and ">Ekspor</a>" in daftar

    halaman = admin.get(url(Pegawai, "import")).content.decode()
    for teks in ("<h1>Impor</h1>", "Berkas yang diimpor", 'value="Lanjutkan"', "Impor ini membaca kolom berikut", "Nama dan gelar"):
        assert teks in halaman, teks
    for inggris in ("File to import", "Submit", "This importer", "Import</h1>"):
        assert inggris not in halaman, inggris

    pratinjau = unggah(admin, Pegawai, xlsx(J_PEGAWAI, [[PEMDA, None, "PEGAWAI SATU"]])).content.decode()
    for teks in ("Pratinjau", 'value="Konfirmasi impor"', "Baru", "Yang akan disimpan:</strong> 1 baru"):
        assert teks in pratinjau, teks
    for inggris in ("Preview", "Confirm import", "Below is a preview", ">New<"):
        assert inggris not in pratinjau, inggris

    ekspor_ = admin.get(url(Pegawai, "export")).content.decode()
    assert "<h1>Ekspor</h1>" in ekspor_ and "Ekspor ini menulis kolom berikut" in ekspor_ and "Submit" not in ekspor_


# --- who may import -------------------------------------------------------------------------------


def test_a_non_operator_is_refused(client, demo):
    for alamat in (url(Pegawai, "import"), url(Pegawai, "export"), url(Jabatan, "import")):
        assert client.get(alamat)["Location"].startswith("/admin/login/")

    client.force_login(get_user_model().objects.get(username="indah"))  # a pegawai, not staff
    assert client.get(url(Pegawai, "import"))["Location"].startswith("/admin/login/")

    client.force_login(_staf("staf-tanpa-izin"))
    assert client.get(url(Pegawai, "import")).status_code == 403
    assert client.post(url(Pegawai, "process_import"), {"import_file_name": "0" * 64, "format": "0"}).status_code == 403
    assert client.get(url(Pegawai, "export")).status_code == 403


def test_who_may_only_read_pegawai_exports_but_does_not_import(client, demo):
    pembaca = _staf("pembaca", "view_pegawai")
    PeranPemda.objects.create(user=pembaca, pemda=demo["opd"].pemda, peran=PeranPemda.Peran.BAGIAN_ORGANISASI)  # reads the pemda
    client.force_login(pembaca)
    assert ">Impor</a>" not in client.get(url(Pegawai, "changelist")).content.decode()
    assert client.get(url(Pegawai, "import")).status_code == 403
    assert len(baca(ekspor(client, Pegawai))) == Pegawai.objects.count() + 1


def test_an_opd_operator_imports_only_his_own_opds_jabatan(client, opd):
    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    jab = Jabatan.objects.create(pemda=opd.pemda, opd=lain, kode="lain-operator", nama="Operator Kecamatan Lain", jenis="staf")
    user = _staf("operator-lain", "view_jabatan", "add_jabatan", "change_jabatan")
    Penugasan.objects.create(
        pegawai=Pegawai.objects.create(pemda=opd.pemda, nama="OPERATOR LAIN", user=user), jabatan=jab, mulai=datetime.date(2025, 1, 1)
    )
    OperatorOpd.objects.create(user=user, opd=lain)  # the operator's role is what writes; holding a jabatan there is not
    client.force_login(user)
    sebelum = _keadaan(Jabatan)

    pratinjau = unggah(
        client,
        Jabatan,
        xlsx(
            J_JABATAN,
            [
                [PEMDA, "lain-staf", "Staf Kecamatan Lain", "staf", lain.kode, None, "lain-operator"],
                [PEMDA, "camat", "Camat Kedungjajang", "kepala_opd", OPD, None, "bupati"],
                [PEMDA, "bupati", "Bupati Lumajang", "kepala_daerah", None, None, None],
            ],
        ),
    )

    assert galat(pratinjau) == [
        "Baris 3, kolom 'Kode OPD (SIPD)': Anda tidak berwenang mengubah jabatan perangkat daerah ini.",
        "Baris 4, kolom 'Kode OPD (SIPD)': jabatan kepala daerah hanya dapat diubah administrator pemda.",
    ]
    assert _keadaan(Jabatan) == sebelum


def test_holding_a_jabatan_or_a_pemda_role_writes_no_master_data_through_the_import(client, opd):
    """Reading an OPD is not writing its master data: the same rows as above, by a staff user who holds a jabatan in
    the OPD (no operator role) and by the pemda's Bagian Organisasi, are refused row by row; nothing is written."""
    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    jab = Jabatan.objects.create(pemda=opd.pemda, opd=lain, kode="lain-staf-lama", nama="Staf Kecamatan Lain", jenis="staf")
    pemegang = _staf("pemegang-lain", "view_jabatan", "add_jabatan", "change_jabatan")
    Penugasan.objects.create(
        pegawai=Pegawai.objects.create(pemda=opd.pemda, nama="PEMEGANG LAIN", user=pemegang), jabatan=jab, mulai=datetime.date(2025, 1, 1)
    )
    ortala = _staf("ortala-staf", "view_jabatan", "add_jabatan", "change_jabatan")
    PeranPemda.objects.create(user=ortala, pemda=opd.pemda, peran=PeranPemda.Peran.BAGIAN_ORGANISASI)
    sebelum = _keadaan(Jabatan)
    for user in (pemegang, ortala):
        client.force_login(user)
        pratinjau = unggah(client, Jabatan, xlsx(J_JABATAN, [[PEMDA, "lain-staf-baru", "Staf Baru", "staf", lain.kode, None, None]]))
        assert galat(pratinjau) == ["Baris 2, kolom 'Kode pemda': pemda '3508' (Kabupaten Lumajang) bukan pemda yang Anda kelola."]
    assert _keadaan(Jabatan) == sebelum


# --- the signed quarter ---------------------------------------------------------------------------


def test_renaming_a_signer_after_a_signed_quarter_is_said_before_confirming_and_moves_the_stamp(admin, opd):
    """Master data stays outside the quarter lock (organisasi.kunci): a name corrected after TW III is signed
    goes in; the signed files keep the bytes that were signed, every draft renders anew (the stamp moves),
    and the preview says so before the operator confirms."""
    camat = get_user_model().objects.get(username="samsul")
    TriwulanTerkunci.objects.create(
        opd=opd, tahun=2025, triwulan=3, dokumen="LKj Kecamatan Kedungjajang Triwulan III 2025", sejak=timezone.now(), oleh=camat
    )
    stempel = versi_data.baca(opd.pk)

    pratinjau = unggah(admin, Pegawai, xlsx(J_PEGAWAI, [[PEMDA, "19830608 201001 1 034", "SYAMSUL NURUL HUDA, SE"]]))

    [catatan] = pratinjau.context["result"].catatan
    assert catatan.startswith("SAMSUL NURUL HUDA, SE (NIP. 19830608 201001 1 034) → SYAMSUL NURUL HUDA, SE (NIP. 19830608 201001 1 034):")
    assert "tetap memuat nama seperti saat ditandatangani" in pratinjau.content.decode()
    selesai = konfirmasi(admin, Pegawai, pratinjau)
    assert catatan in _pesan(selesai)
    assert Pegawai.objects.get(nip="19830608 201001 1 034").nama == "SYAMSUL NURUL HUDA, SE"
    assert versi_data.baca(opd.pk) != stempel
