"""The pemda recap (issue 16 point 3): each OPD's figures are its own E.81's, a write moves them, the warm
page's query count does not grow with the OPDs, filters, exports and who may read it."""

import datetime
import io
import re
import subprocess
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dasar import format as fmt
from lkj.e81 import laporan_e81
from lkj.rekap import views
from lkj.rekap.models import RingkasanOpd
from lkj.rekap.selectors import TANPA_PREDIKAT, rekap_pemda
from lkj.selectors import pengukuran_opd
from lkj.tinjauan import services as tinjauan
from lkj.tinjauan.models import DokumenTertanda
from organisasi.models import OperatorOpd, Pemda, PerangkatDaerah, PeranPemda, jenis_dari_nama
from renja.models import Realisasi
from renja.realisasi_services import realisasi_simpan
from tests.opd_kedua import tahun as opd_kedua


def _url(pemda_kode, nama="rekap:rekap", tahun=2025, triwulan=3):
    return reverse(nama, args=[pemda_kode, tahun, triwulan])


@pytest.fixture
def operator(client, demo):
    client.force_login(get_user_model().objects.get(username="operator"))
    return client


def _baris(html: str) -> dict[str, dict[str, str]]:
    """{kode OPD: {capaian, predikat, anggaran, peringkat, ...}} as the page shows each row (text, tags removed)."""
    hasil = {}
    for kode, isi in re.findall(r'<tr data-opd="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        sel = {
            k: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", v)).strip()
            for k, v in re.findall(r'class="[^"]*?([a-z-]+)">(.*?)</t[dh]>', isi, re.S)
        }
        sel["peringkat"] = re.search(r'class="peringkat">([^<]*)<', isi).group(1)
        hasil[kode] = sel
    return hasil


def _footer(opd, tahun=2025, triwulan=3):
    """What the OPD's own E.81 prints in rows d and e."""
    e = laporan_e81(pengukuran_opd(opd, tahun, triwulan))
    return fmt.persen(e.rata_rata_capaian), e.predikat or TANPA_PREDIKAT, fmt.persen(e.rata_rata_anggaran)


def _kedua_dimuat():
    opd_kedua.januari()
    opd_kedua.lra(6)
    opd_kedua.entri(2)
    opd_kedua.september()
    opd_kedua.lra(9)
    opd_kedua.entri(3)
    return opd_kedua.opd()


def test_each_opds_figures_are_its_own_e81_footer(operator, opd):
    kedua = _kedua_dimuat()
    for o in (opd, kedua):
        for tw in (2, 3):
            baris = _baris(operator.get(_url(o.pemda.kode, triwulan=tw)).content.decode())[o.kode]
            capaian, predikat, anggaran = _footer(o, triwulan=tw)
            assert (baris["angka-capaian"], baris["predikat"], baris["angka-anggaran"].split(" ")[0]) == (capaian, predikat, anggaran), (
                o,
                tw,
            )
    # the demo's golden figure (decisions §9), to be sure the footer read is the right one
    assert _baris(operator.get(_url(opd.pemda.kode)).content.decode())[opd.kode]["angka-capaian"] == "86,70%"


def _realisasi_program(opd):
    return (
        Realisasi.objects.filter(indikator__opd=opd, indikator__program__isnull=False, tahun=2025, triwulan=3, nilai__isnull=False)
        .select_related("indikator")
        .order_by("pk")
        .first()
    )


def test_a_saved_realisation_moves_the_figure_on_the_recap(operator, opd):
    sebelum = _baris(operator.get(_url(opd.pemda.kode)).content.decode())[opd.kode]["angka-capaian"]
    r = _realisasi_program(opd)
    realisasi_simpan(
        indikator=r.indikator,
        tahun=2025,
        triwulan=3,
        nilai=r.nilai * 2,
        oleh=get_user_model().objects.get(username="operator"),
        versi_diharapkan=r.versi,
    )
    rk = rekap_pemda(opd.pemda, 2025, 3, datetime.date(2025, 10, 1))
    assert rk.dihitung_ulang == 1  # the stamp moved: measured again through the E.81
    sesudah = _baris(operator.get(_url(opd.pemda.kode)).content.decode())[opd.kode]["angka-capaian"]
    assert sesudah != sebelum
    assert sesudah == _footer(opd)[0]


def _jumlah_query(client, url) -> int:
    client.get(url)  # cold: fills the summaries
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q.captured_queries)


def test_the_warm_recap_takes_the_same_queries_for_one_and_for_several_opds(operator, opd):
    pemda = opd.pemda
    assert PerangkatDaerah.objects.filter(pemda=pemda).count() == 1
    satu = _jumlah_query(operator, _url(pemda.kode))
    with CaptureQueriesContext(connection) as q:
        rk = rekap_pemda(pemda, 2025, 3, datetime.date(2025, 10, 1))
    assert (len(q.captured_queries), rk.dihitung_ulang) == (4, 0)  # OPDs, stamps, summaries, predikat scale

    kedua = _kedua_dimuat()
    kedua.pemda = pemda
    kedua.save()
    for i in (1, 2, 3):
        PerangkatDaerah.objects.create(pemda=pemda, kode=f"2.1{i}.0.00.0.00.0{i}.0000", kode_urusan=f"2.1{i}", nama=f"Dinas Uji {i}")
    assert _jumlah_query(operator, _url(pemda.kode)) == satu
    with CaptureQueriesContext(connection) as q:
        rk = rekap_pemda(pemda, 2025, 3, datetime.date(2025, 10, 1))
    assert (len(q.captured_queries), rk.dihitung_ulang, len(rk.rows)) == (4, 0, 5)
    assert RingkasanOpd.objects.filter(opd__pemda=pemda, tahun=2025, triwulan=3).count() == 5


def test_the_recap_ranks_by_the_e81_mean_and_filters_by_kind_of_opd(operator, opd):
    dinas = PerangkatDaerah.objects.create(
        pemda=opd.pemda, kode="2.16.0.00.0.00.01.0000", kode_urusan="2.16", nama="Dinas Komunikasi dan Informatika"
    )
    assert (opd.jenis, dinas.jenis) == ("kecamatan", "dinas")
    semua = _baris(operator.get(_url(opd.pemda.kode)).content.decode())
    assert list(semua) == [opd.kode, dinas.kode]  # the OPD without a mean comes last, unranked
    assert (semua[opd.kode]["peringkat"], semua[dinas.kode]["peringkat"]) == ("1.", "–")
    assert list(_baris(operator.get(_url(opd.pemda.kode) + "?jenis=dinas").content.decode())) == [dinas.kode]
    assert list(_baris(operator.get(_url(opd.pemda.kode) + "?jenis=kecamatan").content.decode())) == [opd.kode]
    resp = operator.get(_url(opd.pemda.kode) + "?jenis=dinas", follow=True)
    assert "berjenis dinas" in resp.content.decode()
    tak_dikenal = operator.get(_url(opd.pemda.kode) + "?jenis=kelurahan").content.decode()
    assert "tidak dikenal; semua jenis ditampilkan" in tak_dikenal and len(_baris(tak_dikenal)) == 2


def test_the_kind_of_an_opd_comes_from_its_name_unless_set():
    assert [jenis_dari_nama(n) for n in ("Kecamatan Tempeh", "Badan Perencanaan Pembangunan Daerah", "Satuan Polisi Pamong Praja")] == [
        "kecamatan",
        "badan",
        "lainnya",
    ]


def test_the_period_form_leads_to_the_quarters_page(operator, opd):
    resp = operator.get(reverse("rekap:indeks"), {"pemda": opd.pemda.kode, "tahun": "2025", "triwulan": "2", "jenis": "kecamatan"})
    assert resp.status_code == 302 and resp["Location"] == _url(opd.pemda.kode, triwulan=2) + "?jenis=kecamatan"
    resp = operator.get(reverse("rekap:indeks"), {"pemda": opd.pemda.kode, "tahun": "99999", "triwulan": "2"}, follow=True)
    assert "Tahun harus 2000–2100 dan triwulan 1–4" in resp.content.decode()


@pytest.mark.pdf_asli
def test_the_pdf_export_prints_each_opds_footer(operator, opd, tmp_path):
    resp = operator.get(_url(opd.pemda.kode, "rekap:pdf"))
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    (tmp_path / "rekap.pdf").write_bytes(resp.content)
    teks = subprocess.run(["pdftotext", "-layout", str(tmp_path / "rekap.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    capaian, predikat, anggaran = _footer(opd)
    assert "REKAP CAPAIAN KINERJA PERANGKAT DAERAH KABUPATEN LUMAJANG TRIWULAN III TAHUN 2025" in teks
    baris = next(b for b in teks.splitlines() if "Kecamatan" in b and capaian in b)
    assert predikat in baris and anggaran in baris
    # the capaian chart follows the table, with the list naming its numbered points
    assert "Capaian kinerja dan capaian anggaran per perangkat daerah" in teks
    assert f"{opd.nama}: {capaian} / {anggaran}" in " ".join(teks.split())
    assert re.search(rb"/Subtype\s*/Image|/Type\s*/XObject", resp.content)  # the chart is drawn, not only its caption


def test_the_xlsx_export_holds_each_opds_footer_as_numbers(operator, opd):
    resp = operator.get(_url(opd.pemda.kode, "rekap:xlsx") + "?jenis=kecamatan")
    assert resp["Content-Disposition"] == f'attachment; filename="rekap-{opd.pemda.kode}-2025-tw3-kecamatan.xlsx"'
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    kepala = next(i for i, r in enumerate(rows) if r[0] == "Peringkat")
    data = dict(zip(rows[kepala], rows[kepala + 1]))
    e = laporan_e81(pengukuran_opd(opd, 2025, 3))
    assert data["Kode"] == opd.kode and data["Peringkat"] == 1
    assert Decimal(str(data["Rata-rata capaian kinerja (%)"])) == e.rata_rata_capaian
    assert Decimal(str(data["Rata-rata capaian anggaran (%)"])).quantize(Decimal("0.01")) == e.rata_rata_anggaran.quantize(Decimal("0.01"))
    assert data["Predikat"] == e.predikat


def test_the_charts_are_svg_drawn_from_the_recap(operator, opd):
    operator.get(_url(opd.pemda.kode))  # the page measures; the charts draw what it showed
    for nama in ("rekap:grafik_predikat", "rekap:grafik_capaian"):
        resp = operator.get(_url(opd.pemda.kode, nama))
        assert resp.status_code == 200 and resp["Content-Type"] == "image/svg+xml"
    # the chart numbers its points; the list under it names the OPD of each number with its two figures
    svg = operator.get(_url(opd.pemda.kode, "rekap:grafik_capaian")).content.decode()
    assert re.search(r"<text[^>]*fill: #222222[^>]*>1</text>", svg) and opd.nama not in svg
    halaman = operator.get(_url(opd.pemda.kode)).content.decode()
    legenda = re.search(r'<ol class="legenda-grafik[^>]*>(.*?)</ol>', halaman, re.S).group(1)
    capaian, _predikat, anggaran = _footer(opd)
    assert re.findall(r"<li>(.*?)</li>", legenda)[0] == f"{opd.nama}: kinerja {capaian}, anggaran {anggaran}"


URL_REKAP = ["rekap:rekap", "rekap:pdf", "rekap:xlsx", "rekap:grafik_predikat", "rekap:grafik_capaian"]


@pytest.mark.parametrize("nama", URL_REKAP)
def test_who_reads_the_recap(client, opd, nama):
    """Anonymous → login; the superuser and the pemda roles 200; an OPD's own staff and its operator 403 (they
    know their pemda exists, the other OPDs' figures side by side are not theirs); a pemda role of another
    pemda, or a pemda that does not exist, 404."""
    User = get_user_model()
    url = _url(opd.pemda.kode, nama)
    assert client.get(url).status_code == 302
    for username in ("operator", "ortala", "bappeda", "inspektorat", "adminpemda"):
        client.force_login(User.objects.get(username=username))
        assert client.get(url).status_code == 200, username
        assert client.get(_url("9999", nama)).status_code == 404, username
    operator_opd = User.objects.create_user("op-kedungjajang", password="x-sangat-panjang-1", is_staff=True)
    OperatorOpd.objects.create(user=operator_opd, opd=opd)
    for user in (User.objects.get(username="samsul"), User.objects.get(username="indah"), operator_opd):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    lain = Pemda.objects.create(kode="3599", nama="Kabupaten Sumberwangi", ibukota="Sumberwangi")
    bappeda_lain = User.objects.create_user("bappeda-sumberwangi", password="x-sangat-panjang-1")
    PeranPemda.objects.create(user=bappeda_lain, pemda=lain, peran=PeranPemda.Peran.BAPPEDA)
    client.force_login(bappeda_lain)
    assert client.get(url).status_code == 404
    assert client.get(_url(lain.kode, nama)).status_code == 200
    client.force_login(User.objects.get(username="samsul"))
    assert client.get(_url(lain.kode, nama)).status_code == 404


def test_the_menu_offers_the_recap_to_the_pemda_roles_only(client, opd):
    User = get_user_model()
    client.force_login(User.objects.get(username="bappeda"))
    beranda = client.get("/").content.decode()
    assert "Rekap Pemda" in beranda
    resp = client.get(reverse("rekap:indeks"))
    assert resp.status_code == 302 and resp["Location"].startswith(f"/pemda/{opd.pemda.kode}/")
    client.force_login(User.objects.get(username="samsul"))
    assert "Rekap Pemda" not in client.get("/").content.decode()
    assert client.get(reverse("rekap:indeks")).status_code == 403


def test_the_background_refresh_leaves_the_page_nothing_to_measure(opd, capsys):
    PerangkatDaerah.objects.create(
        pemda=opd.pemda, kode="2.16.0.00.0.00.01.0000", kode_urusan="2.16", nama="Dinas Komunikasi dan Informatika"
    )
    call_command("rekap_segarkan", "--tahun", "2025", "--triwulan", "3", "--langsung")
    assert "Kabupaten Lumajang Triwulan III 2025: 2 ringkasan perangkat daerah diperbarui." in capsys.readouterr().out
    assert rekap_pemda(opd.pemda, 2025, 3, datetime.date(2025, 10, 1)).dihitung_ulang == 0
    call_command("rekap_segarkan", "--tahun", "2025", "--triwulan", "3", "--langsung")
    assert "0 ringkasan" in capsys.readouterr().out


def test_a_change_every_opd_shares_is_measured_a_few_at_a_time_and_the_rest_in_the_background(operator, opd, settings, monkeypatch):
    from django.core.cache import cache

    from organisasi import versi_data

    settings.LKJ_REKAP_HITUNG_LANGSUNG = 1
    cache.clear()
    for i in (1, 2):
        PerangkatDaerah.objects.create(pemda=opd.pemda, kode=f"2.1{i}.0.00.0.00.0{i}.0000", kode_urusan=f"2.1{i}", nama=f"Dinas Uji {i}")
    antre = []
    monkeypatch.setattr(views, "segarkan_rekap", SimpleNamespace(enqueue=lambda *a: antre.append(a)))
    html = operator.get(_url(opd.pemda.kode)).content.decode()
    assert "Angka 2 perangkat daerah berubah dan sedang dihitung ulang di latar belakang" in html
    assert html.count("Sedang dihitung; muat ulang halaman") == 2
    assert antre == [(opd.pemda.pk, 2025, 3)]
    call_command("rekap_segarkan", "--tahun", "2025", "--triwulan", "3", "--langsung")  # what the worker does
    html = operator.get(_url(opd.pemda.kode)).content.decode()
    assert "sedang dihitung ulang" not in html and _baris(html)[opd.kode]["angka-capaian"] == "86,70%"

    versi_data.naikkan_semua()  # e.g. a pegawai's name corrected: every OPD's stamp moves
    cache.clear()
    html = operator.get(_url(opd.pemda.kode)).content.decode()
    assert "Angka 2 perangkat daerah berubah" in html and html.count("sedang diperbarui") == 2
    assert _baris(html)[opd.kode]["angka-capaian"] == "86,70%"  # the last figures stay readable meanwhile
    assert len(antre) == 2


def test_the_review_and_bappedas_evaluation_move_the_opds_state_whom_it_waits_on_and_its_lateness(operator, opd):
    User = get_user_model()
    sekcam, camat = User.objects.get(username="bambang"), User.objects.get(username="samsul")
    p = {"opd": opd, "tahun": 2025, "triwulan": 3}

    def baris():
        return _baris(operator.get(_url(opd.pemda.kode)).content.decode())[opd.kode]

    assert baris()["menunggu"] == f"{sekcam.pegawai.nama} (mengajukan)"
    tinjauan.laporan_ajukan(**p, oleh=sekcam)
    assert baris()["menunggu"] == f"{camat.pegawai.nama} (menanggapi)"
    tinjauan.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    assert baris()["menunggu"] == f"tanda tangan {camat.pegawai.nama}"
    with time_machine.travel(datetime.datetime(2025, 10, 14, 9, tzinfo=datetime.UTC)):
        tinjauan.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Batas waktu Bupati; individu menyusul")
    akhir = baris()
    assert (akhir["menunggu"], akhir["tenggat"], akhir["evaluasi"]) == ("-", "Tepat waktu", "Menunggu evaluasi")
    assert "Ditandatangani" in operator.get(_url(opd.pemda.kode)).content.decode()
    e81 = DokumenTertanda.objects.get(jenis="e81", laporan__opd=opd, laporan__jabatan=None, laporan__tahun=2025, laporan__triwulan=3)
    tinjauan.e81_evaluasi(dokumen=e81, oleh=User.objects.get(username="bappeda"))
    assert baris()["evaluasi"] == "Dievaluasi"
