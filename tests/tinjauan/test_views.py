"""Pages: the permission ladder per role and action, the overview and deadline, verification, audit."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda, Laporan, Status
from lkj.tinjauan.selectors import batas_waktu


def _login(client, user):
    client.force_login(user)
    return client


def _url_laporan(opd, jab, aksi=None):
    if aksi:
        return reverse("tinjauan:aksi", args=[opd.kode, 2025, 3, jab.pk, aksi])
    return reverse("tinjauan:laporan", args=[opd.kode, 2025, 3, jab.pk])


def test_the_report_page_ladder_anonymous_outsider_colleague_holder_atasan(client, opd, jab_indah, staf, staf_lain, kasubag, staf_opd_lain):
    url = _url_laporan(opd, jab_indah)
    assert client.get(url).status_code == 302
    assert _login(client, staf_opd_lain).get(url).status_code == 404
    assert _login(client, staf_lain).get(url).status_code == 404  # a report one may not read does not exist for him
    assert _login(client, staf).get(url).status_code == 200
    r = _login(client, kasubag).get(url)
    assert r.status_code == 200 and "Pratinjau" in r.content.decode()


def test_the_submit_action_ladder_and_the_atasan_answer(client, opd, jab_indah, staf, staf_lain, kasubag, staf_opd_lain):
    url = _url_laporan(opd, jab_indah, "ajukan")
    assert client.post(url).status_code == 302 and not Laporan.objects.exists()  # to the login page
    assert _login(client, staf_opd_lain).post(url).status_code == 404
    assert _login(client, staf_lain).post(url).status_code == 404
    r = _login(client, staf).post(url, {"catatan": "Mohon ditinjau"}, follow=True)
    assert "Laporan diajukan kepada atasan." in r.content.decode()
    r = _login(client, kasubag).post(
        _url_laporan(opd, jab_indah, "tanggapi"), {"tanggapan": "capaian", "keterangan": "Hitung ulang"}, follow=True
    )
    assert "Laporan dikembalikan untuk diperbaiki." in r.content.decode()
    # the staff member sees the Tanggapan on her page
    r = _login(client, staf).get(reverse("tinjauan:saya") + "?tahun=2025&triwulan=3")
    assert "Capaian diteliti ulang" in r.content.decode() and "Hitung ulang" in r.content.decode()


def test_a_refused_act_comes_back_as_a_message_not_an_error(client, opd, jab_indah, staf):
    r = _login(client, staf).post(_url_laporan(opd, jab_indah, "tandatangani"), follow=True)
    assert r.status_code == 200 and "hanya laporan yang sudah disetujui" in r.content.decode()


def test_the_overview_ladder_staff_403_sekcam_and_camat_200(client, opd, staf, sekcam, camat, staf_opd_lain):
    url = reverse("tinjauan:ikhtisar", args=[opd.kode, 2025, 3])
    assert client.get(url).status_code == 302
    assert _login(client, staf_opd_lain).get(url).status_code == 404
    assert _login(client, staf).get(url).status_code == 403
    assert _login(client, sekcam).get(url).status_code == 200
    assert _login(client, camat).get(url).status_code == 200
    assert _login(client, camat).get(reverse("tinjauan:index")).url == url
    assert _login(client, staf).get(reverse("tinjauan:index")).url.startswith(reverse("tinjauan:saya"))


def test_the_deadline_is_fifteen_days_after_the_quarter_across_the_year_end(opd):
    assert batas_waktu(opd, 2025, 3) == datetime.date(2025, 10, 15)
    assert batas_waktu(opd, 2025, 4) == datetime.date(2026, 1, 15)
    opd.pemda.hari_batas_laporan = 14
    assert batas_waktu(opd, 2025, 4) == datetime.date(2026, 1, 14)


@pytest.mark.parametrize(
    "hari, sisa, terlambat",
    [
        ("2025-12-31 10:00", "15 hari lagi", False),
        ("2026-01-15 10:00", "hari ini", False),
        ("2026-01-16 10:00", "lewat 1 hari", True),
    ],
)
def test_days_left_on_the_overview_compare_with_today_across_the_year_end(client, opd, camat, hari, sisa, terlambat):
    with time_machine.travel(datetime.datetime.fromisoformat(hari + "+07:00"), tick=False):
        r = _login(client, camat).get(reverse("tinjauan:ikhtisar", args=[opd.kode, 2025, 4]))
    teks = r.content.decode()
    assert "15 Januari 2026" in teks and sisa in teks
    assert ("Terlambat" in teks) is terlambat


def test_the_overview_shows_whom_each_report_waits_on(client, opd, jab_indah, staf, kasubag, camat):
    svc.laporan_ajukan(opd=opd, tahun=2025, triwulan=3, jabatan=jab_indah, oleh=staf)
    teks = _login(client, camat).get(reverse("tinjauan:ikhtisar", args=[opd.kode, 2025, 3])).content.decode()
    assert f"{kasubag.pegawai.nama} (menanggapi)" in teks
    assert "Diajukan: <strong>1</strong>" in teks


def test_the_overview_query_count_does_not_grow_with_rows(client, opd, camat, staf):
    from django.contrib.auth import get_user_model

    from lkj.tinjauan.selectors import ikhtisar
    from organisasi.models import Jabatan, Pegawai, Penugasan
    from perjanjian.models import PerjanjianKinerja, PKVersi

    def tambah(n):
        atas = Jabatan.objects.get(opd=opd, jenis=Jabatan.Jenis.KEPALA_OPD)
        for i in range(n):
            j = Jabatan.objects.create(
                pemda=opd.pemda, opd=opd, kode=f"uji-{Jabatan.objects.count()}", nama=f"Staf uji {i}", jenis=Jabatan.Jenis.STAF, atasan=atas
            )
            peg = Pegawai.objects.create(pemda=opd.pemda, nama=f"Pegawai uji {j.pk}")
            Penugasan.objects.create(pegawai=peg, jabatan=j, mulai=datetime.date(2025, 1, 1))
            pk = PerjanjianKinerja.objects.create(jabatan=j, tahun=2025)
            PKVersi.objects.create(
                perjanjian=pk,
                jenis="awal",
                tanggal=datetime.date(2025, 1, 2),
                pihak_pertama=peg,
                pihak_pertama_jabatan_label=j.nama,
                pihak_kedua=camat.pegawai,
                pihak_kedua_jabatan=atas,
                pihak_kedua_jabatan_label="Camat",
            )
            Laporan.objects.create(opd=opd, tahun=2025, triwulan=3, jabatan=j, status=Status.DIAJUKAN)

    def hitung():
        with CaptureQueriesContext(connection) as q:
            data = ikhtisar(opd, 2025, 3, datetime.date(2025, 10, 1))
        return len(q.captured_queries), len(data["rows"])

    tambah(1)
    n1, rows1 = hitung()
    tambah(20)
    n2, rows2 = hitung()
    assert rows2 == rows1 + 20
    assert n1 == n2


def test_the_chart_is_an_svg_drawn_on_the_server(client, opd, camat):
    r = _login(client, camat).get(reverse("tinjauan:grafik", args=[opd.kode, 2025, 3]))
    assert (
        r["Content-Type"] == "image/svg+xml"
        and b"<svg" in r.content
        and b"Triwulan III" in r.content
        and "Sasaran 1 — ".encode() in r.content
    )


def test_the_audit_log_lists_transitions_and_changes_and_filters_by_person(client, opd, jab_indah, staf, kasubag, camat):
    svc.laporan_ajukan(opd=opd, tahun=2025, triwulan=3, jabatan=jab_indah, oleh=staf)
    svc.laporan_tanggapi(
        opd=opd, tahun=2025, triwulan=3, jabatan=jab_indah, oleh=kasubag, tanggapan="diperbaiki", keterangan="Perbaiki narasi"
    )
    url = reverse("tinjauan:audit", args=[opd.kode])
    teks = _login(client, camat).get(url).content.decode()
    assert "Draf → Diajukan" in teks and "Diajukan → Dikembalikan" in teks and "Perbaiki narasi" in teks
    teks = client.get(url, {"oleh": staf.pk}).content.decode()
    assert "Draf → Diajukan" in teks and "Diajukan → Dikembalikan" not in teks
    teks = client.get(url, {"objek": "laporan", "dari": "2000-01-01", "sampai": "2000-01-02"}).content.decode()
    assert "Tidak ada catatan yang cocok." in teks
    assert _login(client, staf).get(url).status_code == 403


@pytest.fixture
def dok_tertanda(opd, jab_indah, staf, kasubag):
    p = {"opd": opd, "tahun": 2025, "triwulan": 3, "jabatan": jab_indah}
    svc.laporan_ajukan(**p, oleh=staf)
    svc.laporan_tanggapi(**p, oleh=kasubag, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=staf)
    svc.laporan_tandatangani(**p, oleh=kasubag)
    return DokumenTertanda.objects.get()


def test_the_verification_page_needs_no_login_and_tells_the_right_file_from_a_tampered_one(client, dok_tertanda):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.get(reverse("tinjauan:verifikasi"), {"kode": dok_tertanda.kode})
    assert r.status_code == 302 and r.url == reverse("tinjauan:verifikasi_kode", args=[dok_tertanda.kode])
    url = r.url
    teks = client.get(url).content.decode()
    assert dok_tertanda.sha256 in teks and "INDAH KURNIA" in teks and "masih berlaku" in teks
    asli = dok_tertanda.render.berkas.open("rb").read()
    teks = client.post(url, {"berkas": SimpleUploadedFile("x.pdf", asli, "application/pdf")}).content.decode()
    assert "SAMA dengan dokumen" in teks
    palsu = asli[:1000] + bytes([asli[1000] ^ 1]) + asli[1001:]  # one bit changed
    teks = client.post(url, {"berkas": SimpleUploadedFile("x.pdf", palsu, "application/pdf")}).content.decode()
    assert "BERBEDA dari dokumen" in teks
    assert client.get(reverse("tinjauan:verifikasi"), {"kode": "ZZZZ-ZZZZ"}).status_code == 200
    assert client.get(reverse("tinjauan:verifikasi_kode", args=["ZZZZ-ZZZZ"])).status_code == 404


def test_the_signed_pdf_downloads_for_the_opd_and_is_404_for_another(client, dok_tertanda, staf, staf_opd_lain):
    url = reverse("tinjauan:unduh", args=[dok_tertanda.pk])
    r = _login(client, staf).get(url)
    assert r.status_code == 200 and r["X-Content-SHA256"] == dok_tertanda.sha256
    assert _login(client, staf_opd_lain).get(url).status_code == 404


def test_the_holder_sees_the_atasans_tanggapan_on_kinerja_saya(client, opd, jab_indah, staf, kasubag):
    halaman = reverse("entri:index") + "?tahun=2025&triwulan=3"
    awal = _login(client, staf).get(halaman).content.decode()
    assert "Draf, belum diajukan" in awal
    svc.laporan_ajukan(opd=opd, tahun=2025, triwulan=3, jabatan=jab_indah, oleh=staf)
    svc.laporan_tanggapi(
        opd=opd, tahun=2025, triwulan=3, jabatan=jab_indah, oleh=kasubag, tanggapan="capaian", keterangan="Lampirkan daftar hadir rapat."
    )
    isi = _login(client, staf).get(halaman).content.decode()
    assert "Dikembalikan" in isi
    assert "Tanggapan atasan langsung: <strong>Capaian diteliti ulang</strong>" in isi
    assert "Lampirkan daftar hadir rapat." in isi
    assert _url_laporan(opd, jab_indah) in isi


def test_the_audit_log_shows_evidence_targets_and_lra_uploads_and_pages_keep_the_filter(client, opd, staf, camat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renja import realisasi_services as rsvc
    from renja.models import Indikator, Target
    from tests.entri.conftest import PDF_BYTES

    ind = Indikator.objects.get(opd=opd, kode="ss1_ikm")
    bukti = rsvc.bukti_tambah(
        indikator=ind,
        tahun=2025,
        triwulan=3,
        oleh=staf,
        berkas=SimpleUploadedFile("hasil-survei-ikm.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    rsvc.bukti_hapus(bukti=bukti, oleh=staf)
    t = Target.objects.get(indikator=ind, triwulan=None)
    t.nilai = 86
    t._history_user = camat
    t.save()
    url = reverse("tinjauan:audit", args=[opd.kode])
    teks = _login(client, camat).get(url, {"objek": "bukti"}).content.decode()
    assert "diunggah" in teks and "dihapus" in teks and "hasil-survei-ikm.pdf" in teks and staf.pegawai.nama in teks
    teks = client.get(url, {"objek": "perencanaan"}).content.decode()
    assert "Target Indeks Kepuasan Masyarakat" in teks and "nilai 85 → 86<" in teks
    teks = client.get(url, {"objek": "lra"}).content.decode()
    assert "LRA Kecamatan Kedungjajang September 2025" in teks and "lra-2025-09-kedungjajang.xlsx" in teks
    # The demo's own load is long: the log is paged, and the next page keeps the filter.
    teks = client.get(url, {"objek": "aktivitas"}).content.decode()
    assert "halaman 1 dari" in teks and "objek=aktivitas&amp;halaman=2" in teks
    kedua = client.get(url, {"objek": "aktivitas", "halaman": 2}).content.decode()
    assert "« Sebelumnya" in kedua and "Draf → Diajukan" not in kedua


def test_the_audit_log_follows_who_holds_office_today_not_in_a_past_quarter(client, opd, camat):
    import datetime

    url = reverse("tinjauan:audit", args=[opd.kode])
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0), tick=False):
        assert _login(client, camat).get(url).status_code == 200
        p = camat.pegawai.penugasan.get(jabatan__jenis="kepala_opd")
        p.selesai = datetime.date(2026, 1, 31)  # he left the post
        p.save()
        resp = client.get(url)
        assert resp.status_code == 403 and "yang sedang menjabat" in resp.content.decode()


def test_the_report_page_offers_no_signature_the_service_would_refuse(client, opd, jab_indah, staf, kasubag, sekcam, camat):
    p = {"opd": opd, "tahun": 2025, "triwulan": 3}
    svc.laporan_ajukan(**p, jabatan=jab_indah, oleh=staf)
    svc.laporan_tanggapi(**p, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    tanda = _url_laporan(opd, jab_indah, "tandatangani")
    assert tanda in _login(client, staf).get(_url_laporan(opd, jab_indah)).content.decode()
    svc.laporan_ajukan(**p, oleh=sekcam)
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Batas waktu")
    assert tanda not in _login(client, staf).get(_url_laporan(opd, jab_indah)).content.decode()
    with pytest.raises(svc.TransisiDitolak):  # and the service agrees
        svc.laporan_tandatangani(**p, jabatan=jab_indah, oleh=staf)
