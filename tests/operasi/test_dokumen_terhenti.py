"""Faults of the render worker: killed mid-job, a render that never ends, one that eats memory."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from lkj.dokumen import render, services
from lkj.dokumen.models import DokumenRender
from lkj.operasi.denyut import DenyutLatar, denyut_terakhir, pekerja_hidup
from lkj.operasi.models import DenyutPekerja

J = DokumenRender.Jenis


def _render_tertinggal(opd, *, status=DokumenRender.Status.PROSES, menit=30):
    """A row as a worker killed mid-job leaves it: "proses" since ``menit`` minutes ago."""
    r = services.dokumen_siapkan(jenis=J.LRA, opd=opd, tahun=2025, triwulan=3, antrekan=False)
    DokumenRender.objects.filter(pk=r.pk).update(status=status, mulai_pada=timezone.now() - datetime.timedelta(minutes=menit))
    return DokumenRender.objects.get(pk=r.pk)


def _masuk(client, nama="gangsar"):
    client.force_login(get_user_model().objects.get(username=nama))
    return client


def test_a_render_left_in_progress_by_a_killed_worker_is_failed_and_the_user_told(client, opd):
    r = _render_tertinggal(opd)
    html = _masuk(client).get(reverse("dokumen:status", args=[r.pk])).content.decode()
    r.refresh_from_db()
    assert r.status == DokumenRender.Status.GAGAL
    assert "terhenti sebelum selesai" in html and "minta ulang" in html and "Sedang dibuat" not in html


def test_the_next_request_of_a_failed_stale_render_queues_it_again(opd):
    r = _render_tertinggal(opd)
    assert services.dokumen_basi_gagalkan() == 1
    lagi = services.dokumen_siapkan(jenis=J.LRA, opd=opd, tahun=2025, triwulan=3, antrekan=False)
    assert lagi.pk == r.pk and lagi.status == DokumenRender.Status.ANTRE and lagi.mulai_pada is None


def test_a_render_in_progress_within_its_time_limit_is_left_alone(client, opd):
    r = _render_tertinggal(opd, menit=1)
    assert services.dokumen_basi_gagalkan() == 0
    html = _masuk(client).get(reverse("dokumen:index"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3}).content.decode()
    assert "Sedang dibuat" in html
    r.refresh_from_db()
    assert r.status == DokumenRender.Status.PROSES


def test_a_queued_render_says_when_no_worker_is_running(client, opd, settings):
    settings.LKJ_PEKERJA_WAJIB = True
    r = _render_tertinggal(opd, status=DokumenRender.Status.ANTRE, menit=0)
    c = _masuk(client)
    assert "sedang tidak berjalan" in c.get(reverse("dokumen:status", args=[r.pk])).content.decode()
    DenyutPekerja.objects.create(id_pekerja="w1", host="h", pid=1, versi_program="x", mulai_pada=timezone.now(), terakhir=timezone.now())
    assert "sedang tidak berjalan" not in c.get(reverse("dokumen:status", args=[r.pk])).content.decode()


def test_the_worker_heartbeat_beats_sweeps_stale_renders_and_leaves_when_stopped(opd, settings):
    r = _render_tertinggal(opd)
    denyut = DenyutLatar("pekerja-uji")
    denyut.detak()
    assert denyut_terakhir().id_pekerja == "pekerja-uji" and pekerja_hidup()
    assert DokumenRender.objects.get(pk=r.pk).status == DokumenRender.Status.GAGAL
    DenyutPekerja.objects.filter(id_pekerja="pekerja-uji").update(
        terakhir=timezone.now() - datetime.timedelta(seconds=settings.LKJ_DENYUT_BATAS_DETIK + 1)
    )
    assert not pekerja_hidup()


@pytest.mark.pdf_asli
def test_a_pdf_past_its_time_limit_is_stopped_with_a_message(settings, monkeypatch):
    settings.LKJ_RENDER_BATAS_DETIK = 0.3
    monkeypatch.setattr(render, "_pdf", lambda isi: time.sleep(60))
    with pytest.raises(render.RenderGagal, match="melewati batas waktu"):
        render.pdf("<p>x</p>")


def _sibuk(isi):
    while True:  # CPU, and nothing else, until the kernel stops it
        pass


@pytest.mark.pdf_asli
def test_a_pdf_past_its_cpu_limit_is_stopped_with_a_message_and_the_caller_goes_on(settings, monkeypatch):
    settings.LKJ_RENDER_BATAS_CPU_DETIK = 1
    settings.LKJ_RENDER_BATAS_DETIK = 60
    monkeypatch.setattr(render, "_pdf", _sibuk)
    mulai = time.monotonic()
    with pytest.raises(render.RenderGagal, match="lebih dari 1 detik waktu prosesor"):
        render.pdf("<p>x</p>")
    assert time.monotonic() - mulai < 30  # stopped by its CPU, long before the wall limit


@pytest.mark.pdf_asli
def test_a_pdf_that_waits_longer_than_its_cpu_limit_without_computing_is_not_stopped(settings, monkeypatch):
    """On a saturated machine a render waits for its share of a core: waiting is not the document's cost."""
    settings.LKJ_RENDER_BATAS_CPU_DETIK = 1
    settings.LKJ_RENDER_BATAS_DETIK = 60

    def menunggu(isi):
        time.sleep(2.5)
        return render.HasilPdf(b"%PDF-1.7 tunggu", 1)

    monkeypatch.setattr(render, "_pdf", menunggu)
    assert render.pdf("<p>x</p>") == render.HasilPdf(b"%PDF-1.7 tunggu", 1)


@pytest.mark.pdf_asli
def test_a_pdf_past_its_memory_cap_is_stopped_with_a_message(settings, monkeypatch):
    settings.LKJ_RENDER_MEMORI_MB = 64

    def rakus(isi):
        return [bytearray(16 * 1024 * 1024) for _ in range(64)]  # 1 GiB, never reached

    monkeypatch.setattr(render, "_pdf", rakus)
    with pytest.raises(render.RenderGagal, match="melampaui batas memori"):
        render.pdf("<p>x</p>")


@pytest.mark.pdf_asli
def test_a_failed_render_reaches_the_documents_list_as_its_message(opd, monkeypatch, settings):
    settings.LKJ_RENDER_MEMORI_MB = 64
    monkeypatch.setattr(render, "_pdf", lambda isi: bytearray(2 * 1024**3))
    r = services.dokumen_siapkan(jenis=J.LRA, opd=opd, tahun=2025, triwulan=3, antrekan=False)
    r = services.dokumen_render(dokumen_id=r.pk)
    assert r.status == DokumenRender.Status.GAGAL and "batas memori (64 MiB)" in r.pesan


@pytest.mark.pdf_asli
def test_a_normal_pdf_still_renders_in_its_child(opd):
    d = services.data_dokumen(J.LRA, opd, 2025, 3, None, services.tanggal_baku(2025, 3))
    hasil = render.pdf(render.html(services.SPESIFIKASI[J.LRA].template, services.konteks(J.LRA, d)))
    assert hasil.isi.startswith(b"%PDF") and hasil.halaman >= 1
