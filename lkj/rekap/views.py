"""The pemda recap's pages: the table with its charts, its PDF and XLSX, and the charts as SVG.

Every view reads the pemda through ``pemda_untuk_rekap`` (another pemda: 404) and asks
``boleh_baca_rekap`` (an OPD's own staff: 403), then builds the one ``Rekap`` of the quarter."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dasar import format as fmt
from lkj.konverter import TAHUN_MAKS, TAHUN_MIN
from lkj.rekap import cetak, ekspor, grafik
from lkj.rekap.selectors import boleh_baca_rekap, pemda_baku, pemda_untuk_rekap, rekap_pemda
from lkj.rekap.tasks import segarkan_rekap
from organisasi.akses import opd_untuk_user
from organisasi.models import JenisOpd, PerangkatDaerah
from renja.periode import periode_baku

PESAN_403_CETAK = "Cetak seluruh kabupaten dimulai oleh administrator pemda atau Bagian Organisasi; peran lain mengikuti kemajuannya."
PESAN_403 = "Rekap perangkat daerah se-pemda hanya untuk Bagian Organisasi, Bappeda, Inspektorat dan administrator pemda."


def _rekap(request, kode, tahun, triwulan, batas_hitung=None):
    pemda = pemda_untuk_rekap(request.user, kode)
    if not boleh_baca_rekap(request.user, pemda):
        raise PermissionDenied(PESAN_403)
    jenis = request.GET.get("jenis", "")
    if jenis and jenis not in JenisOpd.values:
        messages.warning(request, f"Jenis perangkat daerah “{jenis[:40]}” tidak dikenal; semua jenis ditampilkan.")
        jenis = ""
    return rekap_pemda(pemda, tahun, triwulan, timezone.localdate(), jenis, batas_hitung=batas_hitung)


def _q(rk) -> str:
    return f"?jenis={rk.jenis}" if rk.jenis else ""


@login_required
def indeks(request):
    """``/pemda/``: the user's pemda and the quarter pages open on, or the period chosen in the form."""
    kode = request.GET.get("pemda")
    pemda = pemda_untuk_rekap(request.user, kode) if kode else pemda_baku(request.user)
    if pemda is None:
        if opd_untuk_user(request.user).exists():  # an OPD's own staff or operator: the recap is not his (403)
            raise PermissionDenied(PESAN_403)
        raise Http404("Pemerintah daerah tidak ditemukan.")
    if not boleh_baca_rekap(request.user, pemda):
        raise PermissionDenied(PESAN_403)
    tahun, triwulan = request.GET.get("tahun", ""), request.GET.get("triwulan", "")
    if tahun.isdigit() and triwulan in ("1", "2", "3", "4") and TAHUN_MIN <= int(tahun) <= TAHUN_MAKS:
        tahun, triwulan = int(tahun), int(triwulan)
    else:
        if tahun or triwulan:
            messages.warning(request, f"Tahun harus {TAHUN_MIN}–{TAHUN_MAKS} dan triwulan 1–4; ditampilkan triwulan baku.")
        opds = list(PerangkatDaerah.objects.filter(pemda=pemda).select_related("pemda"))
        tahun, triwulan = periode_baku(opds, timezone.localdate())
    url = reverse("rekap:rekap", args=[pemda.kode, tahun, triwulan])
    jenis = request.GET.get("jenis", "")
    return redirect(url + (f"?jenis={jenis}" if jenis else ""))


@login_required
def rekap(request, kode, tahun, triwulan):
    """The page measures at most ``LKJ_REKAP_HITUNG_LANGSUNG`` stale OPDs itself and queues the rest for the
    background worker (once a minute per pemda and quarter, through the cache); the exports measure all."""
    rk = _rekap(request, kode, tahun, triwulan, settings.LKJ_REKAP_HITUNG_LANGSUNG)
    if rk.tertunda and cache.add(f"rekap-antre:{rk.pemda.pk}:{tahun}:{triwulan}", 1, 60):
        segarkan_rekap.enqueue(rk.pemda.pk, tahun, triwulan)
    q = _q(rk)
    return render(
        request,
        "rekap/rekap.html",
        {
            **_konteks_cetak(request, rk.pemda, tahun, triwulan),
            "rk": rk,
            "judul": ekspor.judul(rk),
            "jenis_pilihan": JenisOpd.choices,
            "q": q,
            "url_e81": reverse("e81"),
            "tanpa_titik": sum(1 for b in rk.rows if b.r is None or b.r.rata_rata_capaian is None or b.r.rata_rata_anggaran is None),
        },
    )


@login_required
def rekap_pdf(request, kode, tahun, triwulan):
    rk = _rekap(request, kode, tahun, triwulan)
    resp = HttpResponse(ekspor.pdf(rk), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="{ekspor.nama_berkas(rk, "pdf")}"'
    return resp


@login_required
def rekap_xlsx(request, kode, tahun, triwulan):
    rk = _rekap(request, kode, tahun, triwulan)
    resp = HttpResponse(ekspor.xlsx(rk), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{ekspor.nama_berkas(rk, "xlsx")}"'
    return resp


def _svg(isi: str) -> HttpResponse:
    resp = HttpResponse(isi, content_type="image/svg+xml")
    resp["Cache-Control"] = "private, max-age=60"
    return resp


@login_required
def grafik_predikat(request, kode, tahun, triwulan):
    rk = _rekap(request, kode, tahun, triwulan, 0)  # what the page just showed; it measures nothing itself
    return _svg(grafik.sebaran_predikat(rk.jumlah_predikat, f"Perangkat daerah per predikat, {fmt.triwulan(triwulan)} {tahun}"))


@login_required
def grafik_capaian(request, kode, tahun, triwulan):
    rk = _rekap(request, kode, tahun, triwulan, 0)
    return _svg(grafik.sebaran_capaian(ekspor.titik_capaian(rk), ekspor.judul_capaian(rk)))


# --- cetak seluruh kabupaten (lkj.rekap.cetak) ---------------------------------------------------


def _pemda_dibaca(request, kode):
    pemda = pemda_untuk_rekap(request.user, kode)
    if not boleh_baca_rekap(request.user, pemda):
        raise PermissionDenied(PESAN_403)
    return pemda


def _pemda_dicetak(request, kode):
    pemda = _pemda_dibaca(request, kode)
    if not cetak.boleh_mulai_cetak(request.user, pemda):
        raise PermissionDenied(PESAN_403_CETAK)
    return pemda


def _konteks_cetak(request, pemda, tahun, triwulan) -> dict:
    c = cetak.cetak_terakhir(pemda, tahun, triwulan)
    return {
        "cetak": c,
        "km": cetak.kemajuan(c) if c is not None else None,
        "boleh_cetak": cetak.boleh_mulai_cetak(request.user, pemda),
        "cetak_args": [pemda.kode, tahun, triwulan],
    }


def _ke_cetak(kode, tahun, triwulan):
    return redirect(reverse("rekap:rekap", args=[kode, tahun, triwulan]) + "#cetak")


@login_required
@require_POST
def cetak_mulai(request, kode, tahun, triwulan):
    """Start printing every OPD's documents of the quarter (the pemda administrator and Bagian Organisasi)."""
    pemda = _pemda_dicetak(request, kode)
    try:
        c = cetak.cetak_mulai(pemda, tahun, triwulan, request.user)
    except cetak.CetakDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Pencetakan seluruh dokumen {c.bagian.count()} perangkat daerah {fmt.triwulan(triwulan)} {tahun} diantrekan; "
            "kemajuannya tampil di bawah.",
        )
    return _ke_cetak(kode, tahun, triwulan)


@login_required
def cetak_kemajuan(request, kode, tahun, triwulan):
    """The progress block alone, for the page's small script to refresh it in place."""
    pemda = _pemda_dibaca(request, kode)
    return render(request, "rekap/_cetak.html", _konteks_cetak(request, pemda, tahun, triwulan))


@login_required
@require_POST
def cetak_ulang(request, kode, tahun, triwulan):
    """Request again the failed documents of the quarter's latest printing (of one OPD, or of all)."""
    pemda = _pemda_dicetak(request, kode)
    c = cetak.cetak_terakhir(pemda, tahun, triwulan)
    if c is None:
        raise Http404("Belum ada pencetakan seluruh kabupaten untuk triwulan ini.")
    opd = get_object_or_404(PerangkatDaerah, pemda=pemda, kode=request.POST["opd"]) if request.POST.get("opd") else None
    try:
        n = cetak.cetak_ulang(c, opd)
    except cetak.CetakDitolak as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Dokumen gagal dari {n} perangkat daerah diminta ulang.")
    return _ke_cetak(kode, tahun, triwulan)


@login_required
def cetak_zip(request, kode, tahun, triwulan, opd=None):
    """The finished files of the quarter's latest printing as one ZIP: of one OPD, or of the whole pemda."""
    pemda = _pemda_dibaca(request, kode)
    c = cetak.cetak_terakhir(pemda, tahun, triwulan)
    if c is None:
        raise Http404("Belum ada pencetakan seluruh kabupaten untuk triwulan ini.")
    o = get_object_or_404(PerangkatDaerah, pemda=pemda, kode=opd) if opd is not None else None
    berkas = cetak.zip_cetak(c, o)
    if berkas is None:
        raise Http404("Belum ada dokumen yang selesai dicetak.")
    return FileResponse(berkas, as_attachment=True, filename=cetak.nama_zip(c, o), content_type="application/zip")
