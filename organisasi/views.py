"""The pemda workbook page: upload → preview → confirm, by the pemda's administrator (``organisasi.buku_pemda``).

Only a pemda's administrator (``PeranPemda`` admin_pemda) or a superuser opens it (``pemda_dikelola``; anyone
else signed in: 403); a pemda he does not administer is not among his choices, and a draft naming one is a 404.
The result page carries the one-time password links: it is the confirm's own answer (never a redirect, never
a message kept in the session) and is not cached, so the links exist only on the administrator's screen.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from organisasi import buku_pemda as layanan
from organisasi.akses import admin_pemda_required, get_pemda_dikelola, pemda_dikelola
from organisasi.buku_pemda import BukuPemdaDitolak, baca_buku_pemda, tautan_atur_sandi, templat_buku_pemda
from organisasi.draf import BUKU_PEMDA as draf
from organisasi.forms import UnggahBukuPemdaForm
from organisasi.impor_ekspor import BerkasDitolak
from organisasi.models import Pemda

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


admin_pemda_saja = admin_pemda_required("Hanya administrator pemda yang dapat mengimpor buku pemda (perangkat daerah dan operatornya).")


def _pemda_qs(user) -> list[Pemda]:
    return list(pemda_dikelola(user).order_by("nama"))


def _halaman(request, form, status=200):
    return render(
        request, "organisasi/buku_pemda.html", {"form": form, "batas_jam": settings.PASSWORD_RESET_TIMEOUT // 3600}, status=status
    )


@admin_pemda_saja
def buku_pemda(request):
    pemda_qs = _pemda_qs(request.user)
    return _halaman(request, UnggahBukuPemdaForm(pemda_qs=pemda_qs, initial={"pemda": pemda_qs[0].kode}))


@admin_pemda_saja
def buku_pemda_templat(request):
    resp = HttpResponse(templat_buku_pemda(), content_type=XLSX)
    resp["Content-Disposition"] = 'attachment; filename="templat-buku-pemda.xlsx"'
    return resp


@admin_pemda_saja
@require_POST
def buku_pemda_unggah(request):
    form = UnggahBukuPemdaForm(request.POST, request.FILES, pemda_qs=_pemda_qs(request.user))
    if not form.is_valid():
        return _halaman(request, form)
    berkas = form.cleaned_data["berkas"]
    isi = berkas.read()
    try:
        baca_buku_pemda(isi)
    except BerkasDitolak as exc:
        form.add_error("berkas", str(exc))
        return _halaman(request, form)
    sha = draf.titip(request, isi, {"pemda": form.cleaned_data["pemda"], "nama_file": berkas.name[:255]})
    return redirect("organisasi:buku_pemda_pratinjau", sha=sha)


def _kedaluwarsa(request):
    messages.warning(
        request, "Pratinjau ini sudah tidak tersedia (kedaluwarsa, sudah disimpan, atau berkasnya berubah). Unggah ulang buku pemda."
    )
    return redirect("organisasi:buku_pemda")


@admin_pemda_saja
def buku_pemda_pratinjau(request, sha):
    ada = draf.ambil(request, sha)
    if ada is None:
        return _kedaluwarsa(request)
    entri, isi = ada
    pemda = get_pemda_dikelola(request.user, entri["pemda"])
    p = layanan.buku_pemda_pratinjau(pemda=pemda, buku=baca_buku_pemda(isi))
    return render(
        request,
        "organisasi/buku_pemda_pratinjau.html",
        {"p": p, "sha": sha, "nama_file": entri["nama_file"], "surel_aktif": settings.LKJ_RESET_SUREL},
    )


@admin_pemda_saja
@require_POST
def buku_pemda_konfirmasi(request, sha):
    ada = draf.ambil(request, sha)
    if ada is None:
        return _kedaluwarsa(request)
    entri, isi = ada
    pemda = get_pemda_dikelola(request.user, entri["pemda"])
    try:
        hasil = layanan.buku_pemda_impor(pemda=pemda, buku=baca_buku_pemda(isi), oleh=request.user)
    except BukuPemdaDitolak as exc:
        messages.error(
            request,
            f"Tidak ada yang disimpan. {exc.kesalahan[0]}"
            + (f" (dan {len(exc.kesalahan) - 1} penolakan lain)" if len(exc.kesalahan) > 1 else ""),
        )
        return redirect("organisasi:buku_pemda_pratinjau", sha=sha)
    draf.lepas(request, sha)
    # Mailed when the administrator left the box ticked (the service sends only where this server sends mail).
    kiriman = layanan.kirim_tautan_sandi(
        [(u, request.build_absolute_uri(tautan_atur_sandi(u))) for u in hasil.tanpa_sandi],
        pemda=pemda,
        alamat_masuk=request.build_absolute_uri("/"),
        kirim=request.POST.get("kirim_surel") == "1",
    )
    resp = render(
        request,
        "organisasi/buku_pemda_hasil.html",
        {
            "p": hasil.pratinjau,
            "kiriman": kiriman,
            "belum_terkirim": sum(k.status != "terkirim" for k in kiriman),
            "batas_jam": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "nama_file": entri["nama_file"],
        },
    )
    add_never_cache_headers(resp)
    return resp
