"""The pemda workbook: the pemda's administrator creates OPDs and their operators from one .xlsx, with a
preview; any refusal names its sheet, row and column and writes nothing; new operators set their own
password through a one-time link and then see only their OPD."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from organisasi.buku_pemda import (
    BukuPemdaDitolak,
    baca_buku_pemda,
    buku_pemda_impor,
    buku_pemda_pratinjau,
    templat_buku_pemda,
)
from organisasi.models import OperatorOpd, Pegawai, Pemda, PerangkatDaerah, PeranPemda, VersiData

User = get_user_model()
KLAKAH, RANUYOSO, DINKES = "7.01.0.00.0.00.22.0000", "7.01.0.00.0.00.23.0000", "1.02.0.00.0.00.01.0000"
SANDI_BARU = "Klakah-lumajang-2025!"


def buku(opd=(), operator=()) -> bytes:
    """The downloadable template with these rows added under its header row: what an administrator uploads."""
    wb = load_workbook(io.BytesIO(templat_buku_pemda()))
    for lembar, rows in (("OPD", opd), ("Operator", operator)):
        for row in rows:
            wb[lembar].append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# Kode OPD · Nama · Nama pendek · Jenis · Alamat  /  Nama pengguna · Nama lengkap · Surel · Kode OPD
OPD_CONTOH = [
    (KLAKAH, "Kecamatan Klakah", "Klakah", "kecamatan", "Jl. Raya Klakah 1"),
    (RANUYOSO, "Kecamatan Ranuyoso", "", "", ""),
    (DINKES, "Dinas Kesehatan", "Dinkes", "Dinas", "Jl. Cokroaminoto 161"),
]
OPERATOR_CONTOH = [
    ("op.klakah", "Siti Aminah", "siti@lumajangkab.go.id", KLAKAH),
    ("op.ranuyoso", "Rudi Hartono", "", RANUYOSO),
    ("op.dinkes", "Wulan Sari", "wulan@lumajangkab.go.id", DINKES),
    ("op.dinkes", "Wulan Sari", "wulan@lumajangkab.go.id", RANUYOSO),  # one operator, two OPDs
]


def keadaan():
    """Everything the import could write, as plain values."""
    return (
        sorted(PerangkatDaerah.objects.values_list("kode", "pemda_id", "kode_urusan", "nama", "nama_pendek", "jenis", "alamat")),
        sorted(User.objects.values_list("username", "first_name", "email", "password", "is_staff")),
        sorted(OperatorOpd.objects.values_list("user__username", "opd__kode")),
        sorted(VersiData.objects.values_list("kunci", "token")),
    )


def impor(pemda, isi, **kw):
    return buku_pemda_impor(pemda=pemda, buku=baca_buku_pemda(isi), **kw)


@pytest.fixture
def pemda(opd):
    return opd.pemda


@pytest.fixture
def jember(db):
    """Another kabupaten with an OPD and a Bappeda account of its own."""
    j = Pemda.objects.create(kode="3509", nama="Kabupaten Jember", ibukota="Jember")
    PerangkatDaerah.objects.create(pemda=j, kode="7.01.0.00.0.00.31.0000", kode_urusan="7.01", nama="Kecamatan Sumbersari")
    u = User.objects.create_user("bappeda-jember", password="x-sangat-panjang-1")
    PeranPemda.objects.create(user=u, pemda=j, peran=PeranPemda.Peran.BAPPEDA)
    return j


# --- the service ---------------------------------------------------------------------------------


def test_one_workbook_creates_the_opds_and_their_operators_without_passwords(pemda):
    hasil = impor(pemda, buku(OPD_CONTOH, OPERATOR_CONTOH))

    klakah, ranuyoso, dinkes = (PerangkatDaerah.objects.get(kode=k) for k in (KLAKAH, RANUYOSO, DINKES))
    assert {o.pemda_id for o in (klakah, ranuyoso, dinkes)} == {pemda.pk}
    assert (klakah.nama, klakah.nama_pendek, klakah.jenis, klakah.alamat, klakah.kode_urusan) == (
        "Kecamatan Klakah",
        "Klakah",
        "kecamatan",
        "Jl. Raya Klakah 1",
        "7.01",
    )
    assert ranuyoso.jenis == "kecamatan"  # empty: from the name
    assert (dinkes.jenis, dinkes.kode_urusan) == ("dinas", "1.02")  # the label "Dinas" read as its value
    assert sorted(OperatorOpd.objects.filter(user__username__startswith="op.").values_list("user__username", "opd__kode")) == [
        ("op.dinkes", DINKES),
        ("op.dinkes", RANUYOSO),
        ("op.klakah", KLAKAH),
        ("op.ranuyoso", RANUYOSO),
    ]
    siti = User.objects.get(username="op.klakah")
    assert (siti.first_name, siti.email, siti.has_usable_password(), siti.is_staff, siti.is_superuser) == (
        "Siti Aminah",
        "siti@lumajangkab.go.id",
        False,
        False,
        False,
    )
    assert [u.username for u in hasil.tanpa_sandi] == ["op.dinkes", "op.klakah", "op.ranuyoso"]
    assert (hasil.pratinjau.jumlah_opd, hasil.pratinjau.jumlah_operator) == ({"baru": 3}, {"baru": 4})


def test_importing_the_same_workbook_twice_changes_nothing_and_offers_the_links_again(pemda):
    isi = buku(OPD_CONTOH, OPERATOR_CONTOH)
    impor(pemda, isi)
    sebelum = keadaan()

    kedua = impor(pemda, isi)

    assert keadaan() == sebelum  # no row, no account, no data stamp moved
    assert kedua.pratinjau.jumlah_opd == {"tetap": 3} and kedua.pratinjau.jumlah_operator == {"tetap": 4}
    assert [u.username for u in kedua.tanpa_sandi] == ["op.dinkes", "op.klakah", "op.ranuyoso"]


def test_an_existing_code_of_the_pemda_is_updated_in_name_and_address_only(pemda, opd):
    stempel = VersiData.objects.filter(kunci=f"opd:{opd.pk}").values_list("token", flat=True).first()
    alamat_baru = "Jl. Raya Kedungjajang 7"

    p = buku_pemda_pratinjau(pemda=pemda, buku=baca_buku_pemda(buku([(opd.kode, opd.nama, "", "", alamat_baru)])))
    assert p.jumlah_opd == {"diperbarui": 1}
    assert p.opd[0].perubahan == [f"Alamat: '{opd.alamat}' → '{alamat_baru}'"]
    impor(pemda, buku([(opd.kode, opd.nama, "", "", alamat_baru)]))

    segar = PerangkatDaerah.objects.get(pk=opd.pk)
    assert (segar.alamat, segar.nama, segar.nama_pendek, segar.jenis, segar.kode_urusan) == (
        alamat_baru,
        opd.nama,
        opd.nama_pendek,
        opd.jenis,
        opd.kode_urusan,
    )
    assert VersiData.objects.get(kunci=f"opd:{opd.pk}").token != stempel  # printed master data: its documents render anew


def test_an_operator_may_be_added_to_an_opd_the_pemda_already_has(pemda, opd):
    impor(pemda, buku(operator=[("op.kedungjajang", "Dewi Lestari", "", opd.kode)]))

    assert OperatorOpd.objects.filter(user__username="op.kedungjajang", opd=opd).exists()


@pytest.mark.parametrize(
    "opd_rows, operator_rows, pesan",
    [
        pytest.param(
            [OPD_CONTOH[0], ("7.01.22", "Kecamatan Tempeh", "", "", "")],
            [],
            "Lembar 'OPD', baris 3, kolom 'Kode OPD': '7.01.22' bukan kode SIPD; tulis seperti 7.01.0.00.0.00.21.0000.",
            id="kode-salah-bentuk",
        ),
        pytest.param(
            [OPD_CONTOH[0], (KLAKAH, "Kecamatan Klakah Baru", "", "", "")],
            [],
            f"Lembar 'OPD', baris 3, kolom 'Kode OPD': kode {KLAKAH} sudah tertulis di baris 2; satu kode satu baris.",
            id="kode-ganda",
        ),
        pytest.param(
            [OPD_CONTOH[0], ("7.01.0.00.0.00.31.0000", "Kecamatan Sumbersari", "", "", "")],
            [],
            "Lembar 'OPD', baris 3, kolom 'Kode OPD': kode 7.01.0.00.0.00.31.0000 sudah dipakai perangkat daerah pemda lain; periksa kodenya.",
            id="kode-pemda-lain",
        ),
        pytest.param(
            [OPD_CONTOH[0], (RANUYOSO, "Kecamatan Ranuyoso", "", "kantor", "")],
            [],
            "Lembar 'OPD', baris 3, kolom 'Jenis': jenis 'kantor' tidak dikenal; pilih salah satu: kecamatan, dinas, badan, sekretariat, inspektorat, lainnya.",
            id="jenis-tak-dikenal",
        ),
        pytest.param(
            [OPD_CONTOH[0], (RANUYOSO, "", "", "", "")],
            [],
            "Lembar 'OPD', baris 3, kolom 'Nama': wajib diisi.",
            id="nama-kosong",
        ),
        pytest.param(
            [OPD_CONTOH[0]],
            [OPERATOR_CONTOH[0], ("bappeda-jember", "Agus", "", KLAKAH)],
            "Lembar 'Operator', baris 3, kolom 'Nama pengguna': nama pengguna bappeda-jember sudah dipakai pengguna pemda lain; pilih nama lain.",
            id="username-pemda-lain",
        ),
        pytest.param(
            [OPD_CONTOH[0]],
            [OPERATOR_CONTOH[0], ("samsul", "Samsul", "", KLAKAH)],
            "Lembar 'Operator', baris 3, kolom 'Nama pengguna': nama pengguna samsul milik akun pegawai yang tidak dapat dijadikan operator",
            id="username-pegawai",
        ),
        pytest.param(
            [OPD_CONTOH[0]],
            [OPERATOR_CONTOH[0], ("op.tempeh", "Agus", "agus@", KLAKAH)],
            "Lembar 'Operator', baris 3, kolom 'Surel': 'agus@' bukan alamat surel yang sah, mis. nama@lumajangkab.go.id.",
            id="surel-salah",
        ),
        pytest.param(
            [OPD_CONTOH[0]],
            [OPERATOR_CONTOH[0], ("op.tempeh", "Agus", "", "7.01.0.00.0.00.77.0000")],
            "Lembar 'Operator', baris 3, kolom 'Kode OPD': perangkat daerah 7.01.0.00.0.00.77.0000 tidak ada di lembar OPD maupun di Kabupaten Lumajang.",
            id="opd-tak-ada",
        ),
        pytest.param(
            [OPD_CONTOH[0]],
            [OPERATOR_CONTOH[0], ("op.tempeh", "Agus", "", "7.01.0.00.0.00.31.0000")],
            "Lembar 'Operator', baris 3, kolom 'Kode OPD': perangkat daerah 7.01.0.00.0.00.31.0000 tidak ada di lembar OPD maupun di Kabupaten Lumajang.",
            id="opd-pemda-lain",
        ),
        pytest.param(
            [OPD_CONTOH[0]],
            [OPERATOR_CONTOH[0], ("op klakah", "Agus", "", KLAKAH)],
            "Lembar 'Operator', baris 3, kolom 'Nama pengguna': 'op klakah' bukan nama pengguna yang sah",
            id="username-spasi",
        ),
    ],
)
def test_each_refusal_names_sheet_row_and_column_and_nothing_is_written(pemda, jember, opd_rows, operator_rows, pesan):
    isi = buku(opd_rows, operator_rows)
    sebelum = keadaan()

    p = buku_pemda_pratinjau(pemda=pemda, buku=baca_buku_pemda(isi))
    with pytest.raises(BukuPemdaDitolak) as exc:
        impor(pemda, isi)

    assert not p.bisa_diimpor
    assert [str(k) for k in p.kesalahan if str(k).startswith(pesan)] != [], [str(k) for k in p.kesalahan]
    assert any(str(k).startswith(pesan) for k in exc.value.kesalahan)
    assert keadaan() == sebelum  # the valid rows beside it are not written either
    assert pemda.nama == "Kabupaten Lumajang"


def test_a_missing_sheet_or_column_is_refused_by_name(pemda):
    wb = load_workbook(io.BytesIO(templat_buku_pemda()))
    del wb["Operator"]
    wb["OPD"].delete_cols(3)  # Nama pendek
    out = io.BytesIO()
    wb.save(out)

    p = buku_pemda_pratinjau(pemda=pemda, buku=baca_buku_pemda(out.getvalue()))

    assert [str(k) for k in p.kesalahan] == [
        "Lembar 'OPD', baris 1, kolom 'Nama pendek': judul kolom ini tidak ditemukan di baris 1.",
        "Lembar 'Operator': lembar ini tidak ada; pakai templat dari halaman Buku pemda.",
    ]


def test_the_blank_template_imports_nothing(pemda):
    p = buku_pemda_pratinjau(pemda=pemda, buku=baca_buku_pemda(templat_buku_pemda()))

    assert (p.opd, p.operator, p.kesalahan, p.bisa_diimpor) == ([], [], [], False)


def test_the_administrator_of_another_pemda_is_refused_by_the_service(pemda, jember):
    admin_jember = User.objects.create_user("admin-jember")
    PeranPemda.objects.create(user=admin_jember, pemda=jember, peran=PeranPemda.Peran.ADMIN_PEMDA)
    sebelum = keadaan()

    with pytest.raises(PermissionDenied):
        impor(pemda, buku(OPD_CONTOH), oleh=admin_jember)
    assert keadaan() == sebelum


# --- the page ----------------------------------------------------------------------------------


def _tautan(halaman: str) -> dict[str, str]:
    """{username: one-time link} of the result page's table."""
    return dict(
        re.findall(
            r'<td class="text-break">([^<]+)</td><td>[^<]*</td>\s*<td class="surel">.*?</td>\s*<td><code[^>]*>([^<]+)</code>', halaman, re.S
        )
    )


def _unggah(client, pemda, isi):
    return client.post(reverse("organisasi:buku_pemda_unggah"), {"pemda": pemda.kode, "berkas": io.BytesIO(isi)}, follow=True)


def test_the_administrator_previews_confirms_and_the_new_operator_sets_his_password_and_sees_only_his_opd(
    client, pemda, opd, settings, tmp_path
):
    settings.LKJ_BUKU_PEMDA_DRAF_DIR = tmp_path
    client.force_login(User.objects.get(username="adminpemda"))
    sebelum = keadaan()

    r = _unggah(client, pemda, buku(OPD_CONTOH, OPERATOR_CONTOH))
    halaman = r.content.decode()
    assert "Pratinjau buku pemda" in halaman and "Kecamatan Ranuyoso" in halaman and "Akun baru, tanpa kata sandi" in halaman
    assert "7.<wbr>01.<wbr>0.<wbr>00.<wbr>0.<wbr>00.<wbr>22.<wbr>0000" in halaman  # on a phone the code breaks only after a dot
    assert keadaan() == sebelum
    sha = r.redirect_chain[-1][0].rstrip("/").rsplit("/", 1)[-1]

    r = client.post(reverse("organisasi:buku_pemda_konfirmasi", args=[sha]))
    halaman = r.content.decode()
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    assert "3 perangkat daerah baru" in halaman and "3 akun operator baru" in halaman
    tautan = _tautan(halaman)
    assert sorted(tautan) == ["op.dinkes", "op.klakah", "op.ranuyoso"]
    assert halaman.count("Tidak dikirim; berikan tautannya sendiri.") == 3  # the box was not ticked: nothing mailed
    assert client.post(reverse("organisasi:buku_pemda_konfirmasi", args=[sha])).status_code == 302  # the draft is gone

    siti = Client()
    r = siti.get(tautan["op.klakah"], follow=True)
    assert "Buat kata sandi baru" in r.content.decode()
    r = siti.post(r.redirect_chain[-1][0], {"new_password1": SANDI_BARU, "new_password2": SANDI_BARU}, follow=True)
    assert r.status_code == 200
    assert "Tautan ini tidak berlaku lagi" in siti.get(tautan["op.klakah"], follow=True).content.decode()  # used once

    masuk = Client()
    r = masuk.post(reverse("login"), {"username": "op.klakah", "password": SANDI_BARU})
    assert r.status_code == 302 and r["Location"] == reverse("beranda")  # the login form lets him in
    lra = masuk.get(reverse("anggaran:index")).content.decode()
    assert "Kecamatan Klakah" in lra and opd.nama not in lra
    assert masuk.get(reverse("e81") + f"?opd={KLAKAH}&tahun=2025&triwulan=3").status_code == 200
    assert masuk.get(reverse("e81") + f"?opd={opd.kode}&tahun=2025&triwulan=3").status_code == 404


def test_the_preview_page_lists_the_refusals_and_offers_no_confirm(client, pemda, jember, settings, tmp_path):
    settings.LKJ_BUKU_PEMDA_DRAF_DIR = tmp_path
    client.force_login(User.objects.get(username="adminpemda"))

    r = _unggah(client, pemda, buku([OPD_CONTOH[0], ("7.01.22", "Kecamatan Tempeh", "", "", "")], [("op.x", "X", "x@", KLAKAH)]))

    halaman = r.content.decode()
    assert "Lembar &#x27;OPD&#x27;, baris 3, kolom &#x27;Kode OPD&#x27;: &#x27;7.01.22&#x27; bukan kode SIPD" in halaman
    assert "Lembar &#x27;Operator&#x27;, baris 2, kolom &#x27;Surel&#x27;" in halaman
    assert "Konfirmasi dan simpan" not in halaman


def test_a_file_that_is_not_xlsx_is_refused_on_the_form(client, pemda):
    client.force_login(User.objects.get(username="adminpemda"))

    r = _unggah(client, pemda, b"kode;nama\n7.01;Klakah\n")

    assert "bukan Excel (.xlsx)" in r.content.decode()


def test_the_template_downloads_with_both_sheets_and_the_notes(client, pemda):
    client.force_login(User.objects.get(username="adminpemda"))

    r = client.get(reverse("organisasi:buku_pemda_templat"))

    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["OPD", "Operator", "Petunjuk"]
    assert [c.value for c in wb["Operator"][1]] == ["Nama pengguna *", "Nama lengkap *", "Surel", "Kode OPD *"]


def test_only_the_pemda_administrator_opens_the_page(client, opd):
    url = reverse("organisasi:buku_pemda")
    assert client.get(url).status_code == 302  # anonymous → login
    staf = User.objects.get(username="dhian")
    client.force_login(staf)
    assert client.get(url).status_code == 403  # a pegawai
    OperatorOpd.objects.create(user=staf, opd=opd)
    assert client.get(url).status_code == 403  # an OPD's operator
    for nama in ("bappeda", "ortala", "inspektorat"):
        client.force_login(User.objects.get(username=nama))
        assert client.get(url).status_code == 403, nama
    client.force_login(User.objects.get(username="adminpemda"))
    assert "Buku pemda" in client.get(url).content.decode()
    client.force_login(User.objects.get(username="operator"))
    assert client.get(url).status_code == 200


def test_the_administrator_of_another_pemda_cannot_choose_this_one(client, pemda, jember):
    admin_jember = User.objects.create_user("admin-jember")
    PeranPemda.objects.create(user=admin_jember, pemda=jember, peran=PeranPemda.Peran.ADMIN_PEMDA)
    client.force_login(admin_jember)
    sebelum = keadaan()

    r = _unggah(client, pemda, buku(OPD_CONTOH))

    assert "Masukkan pilihan yang valid" in r.content.decode()
    assert keadaan() == sebelum


# --- the command -------------------------------------------------------------------------------


def test_the_command_previews_with_dry_run_then_imports_and_prints_the_links(pemda, tmp_path, capsys):
    path = tmp_path / "buku.xlsx"
    path.write_bytes(buku(OPD_CONTOH, OPERATOR_CONTOH))
    sebelum = keadaan()

    call_command("impor_pemda", str(path), "--pemda", pemda.kode, "--dry-run")
    assert "OPD 3 baru" in capsys.readouterr().out and keadaan() == sebelum

    call_command("impor_pemda", str(path), "--pemda", pemda.kode)
    keluar = capsys.readouterr().out
    assert "OPD 3 baru, 0 diperbarui, 0 tetap; operator 4 baru" in keluar
    assert re.search(r"op\.klakah: http://127\.0\.0\.1:8000/masuk/atur/\S+/\S+/ \(berikan sendiri\)", keluar)
    assert Pegawai.objects.filter(user__username="op.klakah").count() == 0  # an operator is an account, not a pegawai


def test_the_command_mails_the_links_when_asked_and_says_whose_to_hand_over(pemda, tmp_path, capsys, mailoutbox, settings):
    settings.LKJ_URL_PUBLIK = "https://lkj.lumajangkab.go.id"
    path = tmp_path / "buku.xlsx"
    path.write_bytes(buku(OPD_CONTOH, OPERATOR_CONTOH))
    call_command("impor_pemda", str(path), "--pemda", pemda.kode, "--kirim-surel")
    keluar = capsys.readouterr().out
    assert sorted(m.to[0] for m in mailoutbox) == ["siti@lumajangkab.go.id", "wulan@lumajangkab.go.id"]
    assert re.search(r"op\.klakah: https://lkj\.lumajangkab\.go\.id/masuk/atur/\S+ \(terkirim lewat surel\)", keluar)
    assert re.search(r"op\.ranuyoso: https://\S+ \(tanpa alamat surel; berikan sendiri\)", keluar)
    assert "Setelah itu masuk di https://lkj.lumajangkab.go.id/ " in mailoutbox[0].body


def test_the_command_names_every_refusal_and_writes_nothing(pemda, tmp_path):
    path = tmp_path / "buku.xlsx"
    path.write_bytes(buku([OPD_CONTOH[0], ("7.01.22", "Kecamatan Tempeh", "", "", "")]))
    sebelum = keadaan()

    with pytest.raises(CommandError, match="Lembar 'OPD', baris 3, kolom 'Kode OPD': '7.01.22' bukan kode SIPD"):
        call_command("impor_pemda", str(path), "--pemda", pemda.kode)
    assert keadaan() == sebelum


def test_the_preview_reads_the_same_number_of_queries_for_one_row_and_for_forty(pemda):
    def isi(n):
        opd = [(f"7.01.0.00.0.00.{40 + i:02d}.0000", f"Kecamatan Uji {i}", "", "", "") for i in range(n)]
        operator = [(f"op.uji{i}", f"Operator {i}", "", f"7.01.0.00.0.00.{40 + i:02d}.0000") for i in range(n)]
        return baca_buku_pemda(buku(opd, operator))

    satu, empat_puluh = isi(1), isi(40)
    impor(pemda, buku([(f"7.01.0.00.0.00.{40 + i:02d}.0000", f"Kecamatan Uji {i}", "", "", "") for i in range(0, 40, 2)]))
    with CaptureQueriesContext(connection) as q1:
        buku_pemda_pratinjau(pemda=pemda, buku=satu)
    with CaptureQueriesContext(connection) as q40:
        p = buku_pemda_pratinjau(pemda=pemda, buku=empat_puluh)

    assert p.jumlah_opd == {"tetap": 20, "baru": 20} and p.jumlah_operator == {"baru": 40}
    assert len(q1) == len(q40) <= 5


# --- the links by mail ---------------------------------------------------------------------------------


def _sampai_hasil(client, pemda, settings, tmp_path, **data):
    settings.LKJ_BUKU_PEMDA_DRAF_DIR = tmp_path
    client.force_login(User.objects.get(username="adminpemda"))
    r = _unggah(client, pemda, buku(OPD_CONTOH, OPERATOR_CONTOH))
    sha = r.redirect_chain[-1][0].rstrip("/").rsplit("/", 1)[-1]
    return r.content.decode(), client.post(reverse("organisasi:buku_pemda_konfirmasi", args=[sha]), data)


def test_each_operator_with_an_address_gets_his_own_link_by_mail_and_sets_his_password_with_it(
    client, pemda, settings, tmp_path, mailoutbox
):
    pratinjau, r = _sampai_hasil(client, pemda, settings, tmp_path, kirim_surel="1")
    assert 'name="kirim_surel" value="1" id="kirim-surel" checked' in pratinjau  # offered, ticked
    halaman = r.content.decode()
    tautan = _tautan(halaman)

    surat = {m.to[0]: m for m in mailoutbox}
    assert sorted(surat) == ["siti@lumajangkab.go.id", "wulan@lumajangkab.go.id"]  # Rudi has no address
    siti, wulan = surat["siti@lumajangkab.go.id"], surat["wulan@lumajangkab.go.id"]
    assert siti.subject == "[LKj] Akun operator Kabupaten Lumajang: buat kata sandi Anda"
    assert "Yth. Siti Aminah," in siti.body and "Nama pengguna Anda: op.klakah" in siti.body
    assert "untuk Kecamatan Klakah." in siti.body and tautan["op.klakah"] in siti.body
    assert "untuk Dinas Kesehatan, Kecamatan Ranuyoso." in wulan.body and tautan["op.dinkes"] in wulan.body
    assert tautan["op.klakah"] not in wulan.body  # each his own link, nobody else's

    assert "Terkirim ke <span" in halaman and halaman.count("Terkirim ke") == 2
    assert "Tidak ada alamat surel; berikan tautannya sendiri." in halaman  # Rudi's link is handed over
    assert "belum menerimanya lewat surel</strong> (1 orang)" in halaman

    link = re.search(r"^(http\S+)$", siti.body, re.M)[1]
    tamu = Client()
    r = tamu.get(link, follow=True)
    r = tamu.post(r.redirect_chain[-1][0], {"new_password1": SANDI_BARU, "new_password2": SANDI_BARU}, follow=True)
    assert User.objects.get(username="op.klakah").check_password(SANDI_BARU)  # the mailed link set it


def test_an_unreachable_mail_server_keeps_the_import_and_says_whose_link_to_hand_over(client, pemda, settings, tmp_path, mailoutbox):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", port, False, 5

    _pratinjau, r = _sampai_hasil(client, pemda, settings, tmp_path, kirim_surel="1")
    halaman = r.content.decode()
    assert r.status_code == 200 and "3 perangkat daerah baru" in halaman
    assert PerangkatDaerah.objects.filter(pemda=pemda, kode__in=[KLAKAH, RANUYOSO, DINKES]).count() == 3  # kept
    assert halaman.count("server surel tidak dapat dihubungi (ConnectionRefusedError). Berikan tautannya sendiri.") == 2
    assert sorted(_tautan(halaman)) == ["op.dinkes", "op.klakah", "op.ranuyoso"]  # every link still on the page


def test_a_server_that_sends_no_mail_offers_no_box_and_mails_nothing(client, pemda, settings, tmp_path, mailoutbox):
    settings.LKJ_RESET_SUREL = False
    pratinjau, r = _sampai_hasil(client, pemda, settings, tmp_path, kirim_surel="1")
    assert "kirim_surel" not in pratinjau and "Server ini tidak mengirim surel" in pratinjau
    assert mailoutbox == [] and r.content.decode().count("Tidak dikirim; berikan tautannya sendiri.") == 3


def test_a_mail_server_slower_than_the_page_can_wait_leaves_the_rest_to_hand_over(pemda, monkeypatch, mailoutbox):
    from django.core.mail.backends.locmem import EmailBackend

    from organisasi import buku_pemda as bp

    jam = iter(range(0, 1000, 40))  # each message takes 40 s of the page's 60
    monkeypatch.setattr(bp.time, "monotonic", lambda: next(jam))
    monkeypatch.setattr(EmailBackend, "send_messages", lambda self, pesan: len(pesan))
    akun = [User(pk=900 + i, username=f"op.{i}", email=f"op{i}@lumajangkab.go.id") for i in range(3)]
    hasil = bp.kirim_tautan_sandi([(u, f"https://lkj/atur/{u.pk}/") for u in akun], pemda=pemda, alamat_masuk="https://lkj/", kirim=True)
    assert [k.status for k in hasil] == ["terkirim", "gagal", "gagal"]
    assert hasil[2].pesan == "pengiriman dihentikan setelah 60 detik (server surel lambat)"


def test_the_sending_itself_mails_nothing_where_the_server_sends_no_mail(pemda, settings, mailoutbox):
    """The rule sits in the service, so no caller (the page, the command, a later one) can mail past it."""
    from organisasi import buku_pemda as bp

    settings.LKJ_RESET_SUREL = False
    akun = [User(pk=910, username="op.x", email="opx@lumajangkab.go.id")]
    hasil = bp.kirim_tautan_sandi([(u, f"https://lkj/atur/{u.pk}/") for u in akun], pemda=pemda, alamat_masuk="https://lkj/", kirim=True)
    assert [k.status for k in hasil] == ["tidak_dikirim"] and mailoutbox == []
