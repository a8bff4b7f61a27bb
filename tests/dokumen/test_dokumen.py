"""The documents as a camat would read them: text extracted from the rendered PDFs."""

import subprocess
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lkj.dokumen import data as D
from lkj.dokumen import render, services
from lkj.dokumen.models import DokumenRender
from organisasi.models import Jabatan
from renja.models import AktivitasRealisasi

J = DokumenRender.Jenis


def _teks(tmp_path, isi: bytes, nama="d.pdf", layout=True) -> str:
    p = tmp_path / nama
    p.write_bytes(isi)
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(p), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _cetak(cetakan, nama):
    """A document of the demo quarter as rendered once for the run (``cetakan``): its bytes and page count."""
    c = cetakan[nama]
    return SimpleNamespace(isi=c.pdf.read_bytes(), halaman=len(c.halaman))


def _info(tmp_path, isi: bytes) -> dict:
    p = tmp_path / "i.pdf"
    p.write_bytes(isi)
    out = subprocess.run(["pdfinfo", str(p)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def test_the_opd_lkj_prints_the_golden_numbers_of_the_quarter(tmp_path, cetakan):
    hasil = _cetak(cetakan, "lkj_opd")
    teks = _teks(tmp_path, hasil.isi)
    for angka in (
        "76,44%",
        "59,14%",
        "17,30%",
        "110,44%",
        "54,45%",
        "55,99%",
        "104,94%",
        "52,40%",
        "52,54%",
        "66,67%",
        "26,69%",
        "39,98%",
        "86,70%",
        "102,71%",
        "2.014.894.365",
        "2.106.934.365",
        "1.191.647.876",
    ):
        assert angka in teks, angka
    assert "Tinggi" in teks
    assert "Lumajang, ............................ 2025" in teks and "DRAF" in teks  # a draft: dotted date
    assert "Juli s.d. September 2025" in teks
    assert "Halaman 2 dari" in teks
    # The seed's own printed errors are not reproduced.
    for salah in ("55,55", "52,6%", "Triwulan II ", "Triwulan II\n", "April"):
        assert salah not in teks, salah


def test_a_tw_iii_report_never_names_the_second_quarter(tmp_path, cetakan):
    for nama in ("lkj_opd", "individu-sekcam", "e81"):
        teks = _teks(tmp_path, _cetak(cetakan, nama).isi, layout=False)
        assert "Triwulan III" in teks
        assert "April" not in teks
        assert "Triwulan II " not in teks and "Triwulan II\n" not in teks and "Triwulan II)" not in teks


def test_the_e81_is_landscape_with_its_header_on_every_page(tmp_path, cetakan):
    hasil = _cetak(cetakan, "e81")
    info = _info(tmp_path, hasil.isi)
    lebar, tinggi = (float(x) for x in info["Page size"].split("pts")[0].split(" x "))
    assert lebar > tinggi
    assert int(info["Pages"]) == hasil.halaman >= 3
    halaman = _teks(tmp_path, hasil.isi).split("\f")
    for i, h in enumerate(p for p in halaman if p.strip()):
        assert "Penanggung" in h, f"halaman {i + 1} tanpa kepala tabel"
        assert f"Halaman {i + 1} dari {hasil.halaman}" in h
    teks = "\n".join(halaman)
    assert "86,70%" in teks and "Tinggi" in teks and "SAMSUL NURUL HUDA, SE" in teks
    assert "102,71%" in teks and "2.095.134.365" in teks


def test_a_staff_report_prints_nip_dash_and_the_five_review_options_unticked(tmp_path, cetakan):
    teks = _teks(tmp_path, _cetak(cetakan, "individu-pengadm_umum_daffa").isi, layout=False)
    assert "NIP. -" in teks
    for opsi in D.TANGGAPAN_PILIHAN:
        assert opsi in teks
    assert "Data Kinerja TW III" in teks
    assert "Cost per Outcome" not in teks
    assert "Capaian Kinerja sasaran" in teks


def test_the_sekcam_report_shows_cost_per_outcome_and_the_aktivitas_behind_p1(tmp_path, cetakan):
    teks = _teks(tmp_path, _cetak(cetakan, "individu-sekcam").isi, layout=False)
    assert "Cost per Outcome" in teks
    assert "172 / 225" in teks
    assert (
        "Capaian Kinerja sasaran Terselenggaranya fasilitasi kebutuhan operasional kantor sebesar 76,44% dan Capaian Anggaran sebesar 59,14%"
        in " ".join(teks.split())
    )
    assert "BAMBANG YULIANTO, SP" in teks and "NIP. 19700714 199403 1 004" in teks


def test_every_figure_of_the_opd_lkj_equals_the_e81_and_the_individual_reports(opd):
    lkj = D.data_lkj_opd(opd, 2025, 3)
    e81 = {(r.baris.level, r.baris.kode, r.baris.indikator): r.baris for r in D.data_e81(opd, 2025, 3).rows}
    individu = D.data_individu_semua(opd, 2025, 3)
    per_indikator = {}
    for d in individu.values():
        for b in d.pk.baris:
            per_indikator.setdefault(b.indikator, []).append(b)
    assert lkj.program and lkj.sasaran
    for p in lkj.program:
        r = e81[("program", p.kode, p.indikator)]
        assert (p.target, p.capaian, p.pagu, p.realisasi_rp, p.capaian_rp, p.efisiensi, p.predikat) == (
            r.target_k,
            r.capaian_k,
            r.target_rp,
            r.realisasi_rp,
            r.capaian_rp,
            r.efisiensi,
            r.predikat,
        )
        for b in per_indikator[p.indikator]:  # the Sekcam's PK rows
            assert (b.capaian, b.capaian_rp, b.efisiensi, b.pagu) == (p.capaian, p.capaian_rp, p.efisiensi, p.pagu)
    for s in lkj.sasaran:
        r = e81[("sasaran", None, s.indikator)]
        assert (s.capaian, s.capaian_rp, s.pagu) == (r.capaian_k, r.capaian_rp, r.target_rp)
    # Every staff/eselon IV PK row equals its E.81 row.
    kode_e81 = {r.indikator: r for r in e81.values()}
    for rows in per_indikator.values():
        for b in rows:
            r = kode_e81[b.indikator]
            assert (b.capaian, b.pagu, b.realisasi_rp, b.efisiensi) == (r.capaian_k, r.target_rp, r.realisasi_rp, r.efisiensi)
    # PK budget lines: the Camat's total equals the LRA summary's total pagu.
    assert lkj.pk_kepala.jumlah.pagu == lkj.lra.jumlah.pagu == Decimal("2106934365")
    assert lkj.e81.rata_rata_capaian == Decimal("86.70") and lkj.e81.predikat == "Tinggi"


def test_eighteen_individual_reports_and_nineteen_pks_exist_for_the_demo(opd):
    assert len(D.data_individu_semua(opd, 2025, 3)) == 18
    assert len(D.jabatan_ber_pk(opd, 2025, 3)) == 19


@pytest.mark.usefixtures("tanpa_cache_pengukuran")
def test_document_query_counts_do_not_grow_with_rows(opd):
    satu = Jabatan.objects.get(opd=opd, kode="sekcam")
    with CaptureQueriesContext(connection) as q1:
        D.data_individu_semua(opd, 2025, 3, jabatan_ids=[satu.pk])
    with CaptureQueriesContext(connection) as semua:
        D.data_individu_semua(opd, 2025, 3)
    assert len(q1) == len(semua)
    with CaptureQueriesContext(connection) as a:
        D.data_lkj_opd(opd, 2025, 3)
    # more aktivitas rows: same number of queries
    akt = AktivitasRealisasi.objects.select_related("aktivitas").first().aktivitas
    for i in range(20):
        akt.pk = None
        akt.uraian = f"Aktivitas tambahan {i}"
        akt.save()
    with CaptureQueriesContext(connection) as b:
        D.data_lkj_opd(opd, 2025, 3)
    assert len(a) == len(b)


def test_an_unchanged_document_is_served_from_the_cache_and_a_change_makes_a_new_version(opd, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r1 = services.dokumen_siapkan(jenis=J.LRA, opd=opd, tahun=2025, triwulan=3)
    r1.refresh_from_db()
    assert r1.status == DokumenRender.Status.SELESAI  # immediate backend in tests
    r2 = services.dokumen_siapkan(jenis=J.LRA, opd=opd, tahun=2025, triwulan=3)
    assert r2.pk == r1.pk and r2.sha256 == r1.sha256
    ar = AktivitasRealisasi.objects.first()
    ar.terlaksana += 1
    ar.save()
    r3 = services.dokumen_siapkan(jenis=J.E81, opd=opd, tahun=2025, triwulan=3, format="xlsx")
    r4 = services.dokumen_siapkan(jenis=J.E81, opd=opd, tahun=2025, triwulan=3, format="xlsx")
    assert r3.pk == r4.pk
    ar.terlaksana -= 2
    ar.save()
    r5 = services.dokumen_siapkan(jenis=J.E81, opd=opd, tahun=2025, triwulan=3, format="xlsx")
    assert r5.pk != r3.pk and r5.versi_data != r3.versi_data
    assert DokumenRender.objects.filter(jenis=J.E81).count() == 2  # the old version is kept


def test_the_e81_workbook_holds_the_same_numbers_as_numeric_cells(opd):
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(render.xlsx_e81(D.data_e81(opd, 2025, 3))))["Formulir E.81"]
    p1 = next(r for r in ws.iter_rows() if r[2].value == "7.01.01")  # column 3 Kode; the form's layout, see test_cetak
    assert p1[10].value == 2014894365 and p1[10].number_format == "#,##0"  # 8 Rp
    assert p1[21].value == pytest.approx(76.44)  # 14 K
    assert p1[22].value == pytest.approx(59.14)  # 14 Rp
    assert p1[28].value == "Predikat Tinggi; efisiensi 17,30%"


def test_the_renderer_refuses_the_network(opd):
    fetcher = render._fetcher_cls()()
    for url in (
        "http://example.com/x.png",
        "https://example.com/a.css",
        "file:///etc/passwd",
        f"https://{render.HOST}/static/../../etc/passwd",
        f"https://{render.HOST}/lain/x",
    ):
        with pytest.raises(render.AksesJaringanDitolak):
            fetcher.fetch(url)
    assert fetcher.fetch(f"https://{render.HOST}/static/dokumen/dokumen.css").status == 200


def test_the_document_page_lists_downloads_and_a_request_renders_in_the_background(client, opd, django_capture_on_commit_callbacks):
    client.force_login(get_user_model().objects.get(username="bambang"))
    resp = client.get(reverse("dokumen:index"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "LKj Individu — Sekretaris Kecamatan" in html and "Formulir E.81" in html
    sekcam = Jabatan.objects.get(opd=opd, kode="sekcam")
    form = {"opd": opd.kode, "tahun": 2025, "triwulan": 3, "jenis": "pk", "format": "pdf", "jabatan": sekcam.pk}
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("dokumen:minta"), form)
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("dokumen:index"))
    r = DokumenRender.objects.get(jenis="pk")
    assert r.status == DokumenRender.Status.SELESAI and r.halaman >= 2
    html = client.get(resp["Location"]).content.decode()
    assert reverse("dokumen:unduh", args=[r.pk]) in html
    # the same request again: unchanged data, so the stored file is offered at once
    resp = client.post(reverse("dokumen:minta"), form)
    assert resp["Location"] == reverse("dokumen:unduh", args=[r.pk])
    unduh = client.get(resp["Location"])
    assert unduh.status_code == 200 and unduh["Content-Type"] == "application/pdf"
    assert b"".join(unduh.streaming_content).startswith(b"%PDF")


def test_anonymous_users_and_other_opds_get_no_document(client, opd, django_capture_on_commit_callbacks):
    from organisasi.models import PerangkatDaerah

    assert client.get(reverse("dokumen:index")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        r = services.dokumen_siapkan(jenis=J.LRA, opd=opd, tahun=2025, triwulan=3)
    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    r_lain = DokumenRender.objects.create(
        jenis=J.LRA, opd=lain, tahun=2025, triwulan=3, format="pdf", tanggal=r.tanggal, versi_data="x", kunci="lain"
    )
    client.force_login(get_user_model().objects.get(username="gangsar"))
    assert client.get(reverse("dokumen:unduh", args=[r.pk])).status_code == 200
    assert client.get(reverse("dokumen:unduh", args=[r_lain.pk])).status_code == 404
    assert client.get(reverse("dokumen:status", args=[r_lain.pk])).status_code == 404


def test_a_staff_jabatan_without_pk_gets_a_clear_message(opd):
    from organisasi.models import Jabatan as Jab

    baru = Jab.objects.create(pemda=opd.pemda, opd=opd, kode="staf-baru", nama="Staf Baru", jenis="staf")
    with pytest.raises(services.DokumenTidakTersedia, match="tidak memiliki Perjanjian Kinerja"):
        services.dokumen_siapkan(jenis=J.INDIVIDU, opd=opd, tahun=2025, triwulan=3, jabatan=baru)


def test_the_opd_lkj_draws_grafik_3_1_as_svg_with_the_tables_figures(tmp_path, cetakan):
    isi = _cetak(cetakan, "lkj_opd").isi
    p = tmp_path / "grafik.pdf"
    p.write_bytes(isi)
    halaman = [
        subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(p), "-"], check=True, capture_output=True, text=True).stdout
        for i in range(1, _pdf_halaman(tmp_path, isi) + 1)
    ]
    grafik = next(h for h in halaman if "Grafik 3.1" in h)
    bagian = grafik[grafik.index("Grafik 3.1") :]
    bagian = bagian[: bagian.index("Tabel 3.4")] if "Tabel 3.4" in bagian else bagian
    # The SVG's text is text in the PDF: labels numbered as in Tabel 3.2/3.3 and the values as printed there.
    for teks in (
        "Program 2 — Indeks Pelayanan Publik",
        "Capaian kinerja",
        "Capaian anggaran",
        "102,71%",
        "58,89%",
        "76,44%",
        "59,14%",
        "110,44%",
        "54,45%",
        "66,67%",
        "26,69%",
    ):
        assert teks in bagian, teks


def _pdf_halaman(tmp_path, isi):
    return int(_info(tmp_path, isi)["Pages"])


def test_the_chart_is_named_by_its_figures_and_drawn_only_for_the_renderer(opd):
    from renja.models import Realisasi

    def nama():
        d = services.data_dokumen(J.LKJ_OPD, opd, 2025, 3, None, services.tanggal_baku(2025, 3))
        return services.konteks(J.LKJ_OPD, d)["grafik"]

    pertama = nama()
    assert pertama == nama()  # same figures, same name: the cached document stays current
    fetcher = render._fetcher_cls()()
    svg = fetcher.fetch(f"https://{render.HOST}/{pertama}").read()
    assert b"<svg" in svg and "Program 2 — Indeks Pelayanan Publik".encode() in svg
    r = Realisasi.objects.get(indikator__kode="ss1_ikm", tahun=2025, triwulan=3)
    r.nilai += 1
    r.save()
    assert nama() != pertama  # a changed figure renames the chart, so the document's version changes
    with pytest.raises(render.AksesJaringanDitolak):
        fetcher.fetch(f"https://{render.HOST}/grafik/{'0' * 64}.svg")


def test_a_colleagues_individual_report_is_not_listed_requested_or_downloaded(client, opd, django_capture_on_commit_callbacks):
    """As on the entry pages: the holder and the jabatan above him read a report; a colleague beside him does not."""
    U = get_user_model().objects
    indah, dwi, dhian = U.get(username="indah"), U.get(username="dwi"), U.get(username="dhian")
    jab_dwi = dwi.pegawai.penugasan.get().jabatan
    with django_capture_on_commit_callbacks(execute=True):
        r = services.dokumen_siapkan(jenis=J.INDIVIDU, opd=opd, tahun=2025, triwulan=3, jabatan=jab_dwi)
    halaman = reverse("dokumen:index") + f"?opd={opd.kode}&tahun=2025&triwulan=3"
    minta = {"opd": opd.kode, "tahun": 2025, "triwulan": 3, "jenis": "individu", "format": "pdf", "jabatan": jab_dwi.pk}

    client.force_login(indah)
    daftar = client.get(halaman).content.decode()
    assert f'name="jabatan" value="{indah.pegawai.penugasan.get().jabatan_id}"' in daftar  # her own report is offered
    assert f'name="jabatan" value="{jab_dwi.pk}"' not in daftar  # her colleague's is not
    assert client.post(reverse("dokumen:minta"), minta).status_code == 404
    assert client.get(reverse("dokumen:unduh", args=[r.pk])).status_code == 404

    for boleh in (dwi, dhian):  # the holder and her atasan
        client.force_login(boleh)
        assert client.get(reverse("dokumen:unduh", args=[r.pk])).status_code == 200


def test_the_renderer_finds_the_collected_hashed_stylesheet_production_links(settings, tmp_path):
    """With ManifestStaticFilesStorage, {% static %} names dokumen.<hash>.css, which only STATIC_ROOT holds."""
    (tmp_path / "dokumen").mkdir()
    (tmp_path / "dokumen" / "dokumen.0123456789ab.css").write_text("body { color: black }")
    settings.STATIC_ROOT = str(tmp_path)
    r = render._fetcher_cls()().fetch(f"https://{render.HOST}/static/dokumen/dokumen.0123456789ab.css")
    assert r.status == 200 and b"color: black" in r.read()
