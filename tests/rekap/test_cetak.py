"""Cetak seluruh kabupaten (issue 16 point 5): starting it requests every document of every OPD of the pemda's
quarter for the background workers, reusing what is already rendered for the current data; the recap shows
the progress as the renders finish, lists a failure with its reason and retries it; who may start it and who
only follows it; another pemda's is a 404."""

import datetime
import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lkj.dokumen import render as dokumen_render_modul
from lkj.dokumen import services as dokumen
from lkj.dokumen.jenis import SPESIFIKASI
from lkj.dokumen.models import DokumenRender
from lkj.rekap import cetak
from lkj.rekap.models import CetakKabupaten
from organisasi.models import Jabatan, Pemda, PeranPemda
from tests.opd_kedua import tahun as opd_kedua

S = DokumenRender.Status
User = get_user_model()


def _url(kode, nama="rekap:rekap", *extra):
    return reverse(nama, args=[kode, 2025, 3, *extra])


@pytest.fixture
def kabupaten(opd):
    """The demo pemda with two OPDs: Kedungjajang and the second OPD's January planning, moved into it."""
    opd_kedua.januari()
    kedua = opd_kedua.opd()
    kedua.pemda = opd.pemda
    kedua.save()
    return [opd, kedua]


def _jumlah_dokumen(o) -> int:
    """What the registry lists for the OPD's TW III, counted here from the PKs in force at the quarter's end."""
    jabatan = Jabatan.objects.filter(opd=o, perjanjian__tahun=2025, perjanjian__versi__tanggal__lte=datetime.date(2025, 9, 30)).distinct()
    n = sum(1 for j in SPESIFIKASI.values() if not j.per_jabatan)
    for jab in jabatan:
        n += sum(1 for j in SPESIFIKASI.values() if j.per_jabatan and j.untuk_jabatan(jab))
    return n


def _login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def _mulai(client, kode, django_capture_on_commit_callbacks):
    """Start the printing as the client's user; run the per-OPD jobs; return the render jobs they enqueued."""
    with django_capture_on_commit_callbacks() as siapkan:
        resp = client.post(_url(kode, "rekap:cetak_mulai"))
    assert resp.status_code == 302 and resp["Location"].endswith("#cetak")
    with django_capture_on_commit_callbacks() as render:
        for f in siapkan:
            f()
    return render


def _ringkas(client, kode) -> str:
    html = client.get(_url(kode, "rekap:cetak_kemajuan")).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.search(r'class="mb-1 ringkas"[^>]*>(.*?)</p>', html, re.S).group(1)))


def test_starting_requests_every_document_reuses_the_rendered_and_counts_as_renders_finish(
    client, kabupaten, django_capture_on_commit_callbacks
):
    opd, kedua = kabupaten
    # The demo's E.81 is already rendered for the current data: the printing reuses it, it is not rendered again.
    with django_capture_on_commit_callbacks(execute=True):
        e81 = dokumen.dokumen_siapkan(jenis="e81", opd=opd, tahun=2025, triwulan=3)
    e81.refresh_from_db()
    assert e81.status == S.SELESAI
    sebelum = DokumenRender.objects.count()

    _login(client, "ortala")
    render = _mulai(client, opd.pemda.kode, django_capture_on_commit_callbacks)
    jumlah = sum(_jumlah_dokumen(o) for o in kabupaten)
    c = CetakKabupaten.objects.get()
    km = cetak.kemajuan(c)
    assert (km.jumlah, km.siap, km.gagal, km.dipakai_ulang, km.selesai) == (jumlah, 1, 0, 1, False)
    assert {b.opd: b.jumlah for b in km.bagian} == {o: _jumlah_dokumen(o) for o in kabupaten}
    assert len(render) == jumlah - 1  # one render job per document, none for the reused E.81
    assert DokumenRender.objects.count() == sebelum + jumlah - 1
    assert DokumenRender.objects.filter(status=S.ANTRE, format="pdf").count() == jumlah - 1
    assert _ringkas(client, opd.pemda.kode).startswith(f"1 dari {jumlah} dokumen siap, 0 gagal")

    for f in render[:3]:  # the workers take three jobs
        f()
    assert _ringkas(client, opd.pemda.kode).startswith(f"4 dari {jumlah} dokumen siap, 0 gagal")
    assert cetak.kemajuan(c).perkiraan is not None  # a pace to estimate the end from

    # The ready files download as one ZIP (a folder per OPD), and per OPD.
    resp = client.get(_url(opd.pemda.kode, "rekap:cetak_zip"))
    isi = zipfile.ZipFile(io.BytesIO(b"".join(resp.streaming_content)))
    assert len(isi.namelist()) == 4 and all(n.endswith(".pdf") for n in isi.namelist())
    siap_opd = DokumenRender.objects.filter(
        opd=opd, status=S.SELESAI, pk__in=[d.pk for b in c.bagian.all() for d in b.dokumen.all()]
    ).count()
    resp = client.get(_url(opd.pemda.kode, "rekap:cetak_zip_opd", opd.kode))
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(resp.streaming_content))).namelist()) == siap_opd

    # A second start while this one runs is refused, with the reason.
    resp = client.post(_url(opd.pemda.kode, "rekap:cetak_mulai"), follow=True)
    assert "masih berjalan" in resp.content.decode()
    assert CetakKabupaten.objects.count() == 1

    for f in render[3:]:
        f()
    km = cetak.kemajuan(c)
    assert (km.siap, km.gagal, km.selesai) == (jumlah, 0, True)
    assert "selesai" in _ringkas(client, opd.pemda.kode)
    # Printed again with nothing changed: every document is found as it is, no render job at all.
    assert len(_mulai(client, opd.pemda.kode, django_capture_on_commit_callbacks)) == 0
    km = cetak.kemajuan(CetakKabupaten.objects.first())
    assert (km.jumlah, km.siap, km.dipakai_ulang) == (jumlah, jumlah, jumlah)


def test_a_failed_document_is_listed_with_its_reason_and_retried(client, opd, django_capture_on_commit_callbacks, monkeypatch):
    _login(client, "adminpemda")
    render = _mulai(client, opd.pemda.kode, django_capture_on_commit_callbacks)
    asli = dokumen_render_modul.pdf

    def rusak(isi_html):
        raise RuntimeError("Fon tidak ditemukan")

    monkeypatch.setattr(dokumen_render_modul, "pdf", rusak)
    render[0]()
    monkeypatch.setattr(dokumen_render_modul, "pdf", asli)
    for f in render[1:]:
        f()
    c = CetakKabupaten.objects.get()
    km = cetak.kemajuan(c)
    assert (km.siap, km.gagal, km.selesai) == (km.jumlah - 1, 1, True)
    halaman = client.get(_url(opd.pemda.kode)).content.decode()
    assert f"{km.jumlah - 1} dari {km.jumlah}" in halaman and "Fon tidak ditemukan" in halaman
    assert "Cetak ulang semua yang gagal" in halaman

    gagal = DokumenRender.objects.get(status=S.GAGAL)
    with django_capture_on_commit_callbacks() as siapkan:
        resp = client.post(_url(opd.pemda.kode, "rekap:cetak_ulang"), {"opd": opd.kode})
    assert resp.status_code == 302
    with django_capture_on_commit_callbacks() as ulang:
        for f in siapkan:
            f()
    assert len(ulang) == 1  # only the failed one is rendered again
    gagal.refresh_from_db()
    assert gagal.status == S.ANTRE and gagal.pesan == ""
    ulang[0]()
    km = cetak.kemajuan(c)
    assert (km.siap, km.gagal, km.selesai) == (km.jumlah, 0, True)
    resp = client.post(_url(opd.pemda.kode, "rekap:cetak_ulang"), follow=True)
    assert "Tidak ada dokumen gagal" in resp.content.decode()


def test_who_starts_the_printing_and_who_follows_it(client, opd, django_capture_on_commit_callbacks):
    """The pemda administrator, Bagian Organisasi and the superuser start it; Bappeda and Inspektorat see its
    progress only; an OPD's own staff gets 403; another pemda's role, or an unknown pemda, 404."""
    kode = opd.pemda.kode
    assert client.post(_url(kode, "rekap:cetak_mulai")).status_code == 302 and not CetakKabupaten.objects.exists()  # login
    for username in ("bappeda", "inspektorat"):
        _login(client, username)
        assert client.post(_url(kode, "rekap:cetak_mulai")).status_code == 403, username
        assert client.post(_url(kode, "rekap:cetak_ulang")).status_code == 403, username
        assert "Pencetakan dimulai oleh administrator pemda atau Bagian Organisasi" in client.get(_url(kode)).content.decode()
    assert not CetakKabupaten.objects.exists()
    for username in ("samsul", "indah"):
        _login(client, username)
        for nama in ("rekap:cetak_mulai", "rekap:cetak_ulang"):
            assert client.post(_url(kode, nama)).status_code == 403, (username, nama)
        assert client.get(_url(kode, "rekap:cetak_kemajuan")).status_code == 403, username
    for username in ("adminpemda", "ortala", "operator"):
        _login(client, username)
        assert 'action="' + _url(kode, "rekap:cetak_mulai") in client.get(_url(kode)).content.decode(), username
        render = _mulai(client, kode, django_capture_on_commit_callbacks)
        for f in render:
            f()
        assert cetak.kemajuan(CetakKabupaten.objects.first()).selesai, username
    assert CetakKabupaten.objects.count() == 3
    for username in ("bappeda", "inspektorat"):
        _login(client, username)
        assert client.get(_url(kode, "rekap:cetak_kemajuan")).status_code == 200
        assert client.get(_url(kode, "rekap:cetak_zip")).status_code == 200

    lain = Pemda.objects.create(kode="3599", nama="Kabupaten Sumberwangi", ibukota="Sumberwangi")
    orang_lain = User.objects.create_user("ortala-sumberwangi", password="x-sangat-panjang-1")
    PeranPemda.objects.create(user=orang_lain, pemda=lain, peran=PeranPemda.Peran.BAGIAN_ORGANISASI)
    client.force_login(orang_lain)
    for nama in ("rekap:cetak_mulai", "rekap:cetak_ulang"):
        assert client.post(_url(kode, nama)).status_code == 404
    for nama in ("rekap:cetak_kemajuan", "rekap:cetak_zip"):
        assert client.get(_url(kode, nama)).status_code == 404
    assert client.get(_url(kode, "rekap:cetak_zip_opd", opd.kode)).status_code == 404
    assert client.post(_url("9999", "rekap:cetak_mulai")).status_code == 404
    # His own pemda has no OPD: nothing to print, said so.
    resp = client.post(_url(lain.kode, "rekap:cetak_mulai"), follow=True)
    assert "belum memiliki perangkat daerah" in resp.content.decode()


def test_the_service_itself_refuses_a_start_by_whoever_may_only_follow(opd):
    """Not only the page: any caller of cetak_mulai gets the refusal, and nothing is recorded."""
    for username in ("bappeda", "samsul"):
        with pytest.raises(cetak.CetakDitolak, match="administrator pemda atau Bagian Organisasi"):
            cetak.cetak_mulai(opd.pemda, 2025, 3, User.objects.get(username=username))
    assert not CetakKabupaten.objects.exists()
