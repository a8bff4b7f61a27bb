"""The operator's LRA page: upload → preview → confirm, history and restore; and the kabupaten-wide
LRA (every OPD of a pemda in one file), split by organisation code in one preview.

Only an OPD's operators (``OperatorOpd``, a superuser) import; other signed-in users get 403. An OPD or
import outside the user's OPDs is a 404 (``organisasi.akses``). The kabupaten-wide import writes every
OPD of a pemda, so only the pemda's administrator (``PeranPemda`` admin_pemda, a superuser) may do it
(``organisasi.akses.pemda_dikelola``); an OPD's operator may not.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anggaran.forms import UnggahLraForm, UnggahLraKabupatenForm
from anggaran.lra import LraError, baca_lra, baca_lra_semua
from anggaran.models import LraImport
from anggaran.selectors import lra_riwayat
from anggaran.services import (
    LraImportError,
    LraKedaluwarsa,
    lra_import,
    lra_import_kabupaten,
    lra_pratinjau,
    lra_pratinjau_kabupaten,
    lra_pulihkan,
)
from dasar import format as fmt
from dasar.format import BULAN
from organisasi.akses import admin_pemda_required, get_opd_operator, get_pemda_dikelola, opd_operator, operator_required, pemda_dikelola
from organisasi.draf import LRA as draf
from organisasi.draf import LRA_KABUPATEN as draf_kabupaten

hanya_operator = operator_required("Hanya operator yang dapat mengimpor LRA.")


def _get_import_for_user(user, pk) -> LraImport:
    """An import of one of the user's OPDs, or 404; ``opd`` joined for the messages."""
    try:
        return LraImport.objects.select_related("opd").get(pk=pk, opd__in=opd_operator(user))
    except LraImport.DoesNotExist:
        raise Http404("Impor LRA tidak ditemukan.")


def _url_index(opd_kode):
    return f"{reverse('anggaran:index')}?opd={opd_kode}"


def _halaman(request, form, opd_qs, opd):
    riwayat = list(lra_riwayat(opd)) if opd else []
    return render(
        request,
        "anggaran/index.html",
        {"form": form, "opd": opd, "riwayat": riwayat, "tanpa_opd": not opd_qs, "boleh_kabupaten": pemda_dikelola(request.user).exists()},
    )


@hanya_operator
def index(request):
    opd_qs = list(opd_operator(request.user))
    kode = request.GET.get("opd") or (opd_qs[0].kode if opd_qs else None)
    opd = get_opd_operator(request.user, kode) if kode else None
    form = UnggahLraForm(opd_qs=opd_qs, initial={"opd": kode})
    return _halaman(request, form, opd_qs, opd)


@hanya_operator
@require_POST
def unggah(request):
    opd_qs = list(opd_operator(request.user))
    if request.POST.get("opd"):
        get_opd_operator(request.user, request.POST["opd"])  # another OPD is a 404, not a form error
    form = UnggahLraForm(request.POST, request.FILES, opd_qs=opd_qs)
    opd = get_opd_operator(request.user, request.POST["opd"]) if request.POST.get("opd") else None
    if not form.is_valid():
        return _halaman(request, form, opd_qs, opd)
    berkas = form.cleaned_data["berkas"]
    isi = berkas.read()
    try:
        baca_lra(io.BytesIO(isi), nama_file=berkas.name)
    except LraError as exc:
        form.add_error("berkas", str(exc))
        return _halaman(request, form, opd_qs, opd)
    sha = draf.titip(
        request,
        isi,
        {
            "opd": opd.kode,
            "nama_file": berkas.name[:255],
            "tahun": form.cleaned_data["tahun"],
            "bulan": form.cleaned_data["bulan"],
        },
    )
    return redirect("anggaran:pratinjau", sha=sha)


def _draf_dari_sesi(request, sha):
    """(session entry, bytes, opd) of a previewed upload, or None when it has expired."""
    ada = draf.ambil(request, sha)
    if ada is None:
        return None
    entri, isi = ada
    return entri, isi, get_opd_operator(request.user, entri["opd"])


def _kedaluwarsa(request):
    messages.warning(request, "Pratinjau ini sudah tidak tersedia (kedaluwarsa atau berkasnya berubah). Unggah ulang berkas LRA.")
    return redirect("anggaran:index")


@hanya_operator
def pratinjau(request, sha):
    ada = _draf_dari_sesi(request, sha)
    if ada is None:
        return _kedaluwarsa(request)
    entri, isi, opd = ada
    dokumen = baca_lra(io.BytesIO(isi), nama_file=entri["nama_file"])
    p = lra_pratinjau(opd=opd, dokumen=dokumen, isi=isi, nama_file=entri["nama_file"], tahun=entri["tahun"], bulan=entri["bulan"])
    entri["aktif"] = p.aktif.pk if p.aktif else None
    request.session.modified = True
    return render(request, "anggaran/pratinjau.html", {"p": p, "sha": sha, "opd": opd})


@hanya_operator
@require_POST
def konfirmasi(request, sha):
    ada = _draf_dari_sesi(request, sha)
    if ada is None or "aktif" not in ada[0]:
        return _kedaluwarsa(request)
    entri, isi, opd = ada
    mulai = timezone.now()
    try:
        dokumen = baca_lra(io.BytesIO(isi), nama_file=entri["nama_file"])
        imp = lra_import(
            opd=opd,
            dokumen=dokumen,
            isi=isi,
            nama_file=entri["nama_file"],
            oleh=request.user,
            tahun=entri["tahun"],
            bulan=entri["bulan"],
            aktif_terlihat=entri["aktif"],
        )
    except LraKedaluwarsa as exc:
        messages.warning(request, str(exc))
        return redirect("anggaran:pratinjau", sha=sha)
    except (LraError, LraImportError) as exc:
        messages.error(request, f"Tidak ada yang disimpan. {exc}")
        return redirect("anggaran:pratinjau", sha=sha)
    draf.lepas(request, sha)
    periode = f"{BULAN[imp.bulan - 1]} {imp.tahun}"
    if imp.diunggah_pada < mulai:
        messages.info(request, f"Berkas ini sudah diimpor sebagai LRA {periode}; tidak ada yang berubah.")
    else:
        r = imp.ringkasan
        messages.success(
            request,
            f"LRA {periode} tersimpan: {r['baris_rekening']} baris rekening dari {r['sub_kegiatan']} sub kegiatan, "
            f"realisasi s/d {fmt.rupiah(Decimal(r['realisasi_sd']))} dari anggaran {fmt.rupiah(Decimal(r['anggaran_setelah']))}.",
        )
    return redirect(_url_index(opd.kode))


@hanya_operator
@require_POST
def pulihkan(request, pk):
    imp = _get_import_for_user(request.user, pk)
    try:
        imp = lra_pulihkan(lra_import=imp, oleh=request.user)
    except LraImportError as exc:
        messages.error(request, f"Tidak ada yang diubah. {exc}")
    else:
        messages.success(
            request,
            f"LRA {BULAN[imp.bulan - 1]} {imp.tahun} kembali memakai impor {imp.nama_file} "
            f"({fmt.tanggal(timezone.localtime(imp.diunggah_pada).date())}).",
        )
    return redirect(_url_index(imp.opd.kode))


@hanya_operator
def berkas(request, pk):
    imp = _get_import_for_user(request.user, pk)
    if not imp.berkas:
        raise Http404("Berkas asli tidak tersimpan.")
    kabupaten = set(imp.ringkasan.get("berkas_kabupaten") or [])
    if kabupaten and not kabupaten <= set(opd_operator(request.user).values_list("kode", flat=True)):
        # a kabupaten-wide file holds other OPDs' lines too: only who may read all of them downloads it
        raise Http404("Berkas asli memuat perangkat daerah lain.")
    return FileResponse(imp.berkas.open("rb"), as_attachment=True, filename=imp.nama_file)


# --- a kabupaten-wide LRA --------------------------------------------------------------------


admin_pemda_saja = admin_pemda_required("Hanya administrator pemda yang dapat mengimpor LRA seluruh perangkat daerah.")


def _halaman_kabupaten(request, form):
    return render(request, "anggaran/kabupaten.html", {"form": form})


@admin_pemda_saja
def kabupaten(request):
    pemda_qs = list(pemda_dikelola(request.user).order_by("nama"))
    return _halaman_kabupaten(request, UnggahLraKabupatenForm(pemda_qs=pemda_qs, initial={"pemda": pemda_qs[0].kode}))


@admin_pemda_saja
@require_POST
def kabupaten_unggah(request):
    pemda_qs = list(pemda_dikelola(request.user).order_by("nama"))
    form = UnggahLraKabupatenForm(request.POST, request.FILES, pemda_qs=pemda_qs)
    if not form.is_valid():
        return _halaman_kabupaten(request, form)
    berkas = form.cleaned_data["berkas"]
    isi = berkas.read()
    try:
        baca_lra_semua(io.BytesIO(isi), nama_file=berkas.name)
    except LraError as exc:
        form.add_error("berkas", str(exc))
        return _halaman_kabupaten(request, form)
    sha = draf_kabupaten.titip(
        request,
        isi,
        {
            "pemda": form.cleaned_data["pemda"],
            "nama_file": berkas.name[:255],
            "tahun": form.cleaned_data["tahun"],
            "bulan": form.cleaned_data["bulan"],
        },
    )
    return redirect("anggaran:kabupaten_pratinjau", sha=sha)


def _kabupaten_kedaluwarsa(request):
    messages.warning(request, "Pratinjau ini sudah tidak tersedia (kedaluwarsa atau berkasnya berubah). Unggah ulang berkas LRA.")
    return redirect("anggaran:kabupaten")


@admin_pemda_saja
def kabupaten_pratinjau(request, sha):
    ada = draf_kabupaten.ambil(request, sha)
    if ada is None:
        return _kabupaten_kedaluwarsa(request)
    entri, isi = ada
    pemda = get_pemda_dikelola(request.user, entri["pemda"])
    dokumen = baca_lra_semua(io.BytesIO(isi), nama_file=entri["nama_file"])
    p = lra_pratinjau_kabupaten(
        pemda=pemda, dokumen=dokumen, isi=isi, nama_file=entri["nama_file"], tahun=entri["tahun"], bulan=entri["bulan"]
    )
    entri["aktif"] = p.aktif_terlihat
    request.session.modified = True
    return render(request, "anggaran/pratinjau_kabupaten.html", {"p": p, "sha": sha})


@admin_pemda_saja
@require_POST
def kabupaten_konfirmasi(request, sha):
    ada = draf_kabupaten.ambil(request, sha)
    if ada is None or "aktif" not in ada[0]:
        return _kabupaten_kedaluwarsa(request)
    entri, isi = ada
    pemda = get_pemda_dikelola(request.user, entri["pemda"])
    mulai = timezone.now()
    try:
        dokumen = baca_lra_semua(io.BytesIO(isi), nama_file=entri["nama_file"])
        hasil = lra_import_kabupaten(
            pemda=pemda,
            dokumen=dokumen,
            isi=isi,
            nama_file=entri["nama_file"],
            oleh=request.user,
            tahun=entri["tahun"],
            bulan=entri["bulan"],
            aktif_terlihat=entri["aktif"],
        )
    except LraKedaluwarsa as exc:
        messages.warning(request, str(exc))
        return redirect("anggaran:kabupaten_pratinjau", sha=sha)
    except (LraError, LraImportError) as exc:
        messages.error(request, f"Tidak ada yang disimpan. {exc}")
        return redirect("anggaran:kabupaten_pratinjau", sha=sha)
    draf_kabupaten.lepas(request, sha)
    baru = [i for i in hasil if i.diunggah_pada >= mulai]
    imp = hasil[0]
    periode = f"{BULAN[imp.bulan - 1]} {imp.tahun}"
    sd = sum((Decimal(i.ringkasan["realisasi_sd"]) for i in hasil), Decimal(0))
    pagu = sum((Decimal(i.ringkasan["anggaran_setelah"]) for i in hasil), Decimal(0))
    messages.success(
        request,
        f"LRA {periode} tersimpan untuk {len(hasil)} perangkat daerah ({len(baru)} diimpor dari berkas ini): "
        f"{sum(i.ringkasan['baris_rekening'] for i in hasil)} baris rekening, realisasi s/d {fmt.rupiah(sd)} "
        f"dari anggaran {fmt.rupiah(pagu)}.",
    )
    return redirect("anggaran:kabupaten")
