"""The E.81 page: logged-in users of the OPD see it with Indonesian formatting; others don't."""

from django.contrib.auth import get_user_model
from django.urls import reverse


def test_anonymous_is_sent_to_login(client, db):
    resp = client.get(reverse("e81"))
    assert resp.status_code == 302
    assert reverse("login") in resp["Location"]


def test_the_camat_sees_the_e81_in_indonesian_format(client, opd):
    client.force_login(get_user_model().objects.get(username="samsul"))
    resp = client.get(reverse("e81"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "76,44%" in html
    assert "2.014.894.365" in html
    assert "86,70%" in html
    assert "Tinggi" in html
    assert "Triwulan III" in html
    assert "76.44" not in html


def test_staff_of_the_opd_can_choose_another_quarter(client, opd):
    client.force_login(get_user_model().objects.get(username="gangsar"))
    resp = client.get(reverse("e81"), {"opd": opd.kode, "tahun": 2025, "triwulan": 2})
    assert resp.status_code == 200
    assert "Triwulan II" in resp.content.decode()
    assert "belum diunggah" in resp.content.decode()


def test_a_user_without_jabatan_cannot_open_an_opd(client, opd):
    outsider = get_user_model().objects.create_user("luar", password="x-very-long-1")
    client.force_login(outsider)
    html = client.get(reverse("e81")).content.decode()
    assert "2.014.894.365" not in html
    assert "belum terhubung" in html
    assert client.get(reverse("e81"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3}).status_code == 404


def test_a_malformed_year_gets_an_indonesian_message(client, opd):
    client.force_login(get_user_model().objects.get(username="samsul"))
    resp = client.get(reverse("e81"), {"opd": opd.kode, "tahun": "dua ribu", "triwulan": 3})
    assert resp.status_code == 200
    assert "Tahun harus berupa angka" in resp.content.decode()


def test_a_wrong_password_gets_an_indonesian_message(client, db):
    resp = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert "Nama pengguna atau kata sandi salah" in resp.content.decode()


def test_another_opd_is_a_404(client, opd):
    from organisasi.models import PerangkatDaerah

    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    client.force_login(get_user_model().objects.get(username="samsul"))
    resp = client.get(reverse("e81"), {"opd": lain.kode, "tahun": 2025, "triwulan": 3})
    assert resp.status_code == 404


def test_years_are_not_printed_with_a_thousands_separator(client, opd):
    client.force_login(get_user_model().objects.get(username="samsul"))
    html = client.get(reverse("e81"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3}).content.decode()
    assert "2.025" not in html
    assert "Tahun 2025" in html
    assert "LRA September 2025" in html


def test_the_e81_page_query_count_does_not_grow_with_rows(client, opd):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(get_user_model().objects.get(username="samsul"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("e81"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3})
    # 50 rows; a query per row would show as 50+ queries.
    assert len(ctx.captured_queries) < 30


def test_row_d_budget_mean_is_one_figure_on_the_page_the_json_and_the_document(client, opd):
    from lkj.dokumen.data import data_e81
    from lkj.e81 import laporan_e81
    from lkj.selectors import pengukuran_opd

    lap = laporan_e81(pengukuran_opd(opd, 2025, 3))
    assert lap.as_json()["rata_rata_anggaran"] == "48.54"
    assert data_e81(opd, 2025, 3).rata_rata_anggaran == lap.rata_rata_anggaran
    client.force_login(get_user_model().objects.get(username="samsul"))
    teks = client.get(reverse("e81"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3}).content.decode()
    assert "d. Rata-rata capaian kinerja dan anggaran" in teks and "anggaran 48,54%" in teks
