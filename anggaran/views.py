"""The operator's LRA page: upload → preview → confirm, history and restore.

Only an OPD's operators (``OperatorOpd``, a superuser) import; other signed-in users get 403. An OPD or
import outside the user's OPDs is a 404 (``organisasi.akses``).
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

from anggaran.forms import UnggahLraForm
from anggaran.lra import LraError, baca_lra
from anggaran.models import LraImport
from anggaran.selectors import lra_riwayat
from anggaran.services import LraImportError, LraKedaluwarsa, lra_import, lra_pratinjau, lra_pulihkan
from dasar import format as fmt
from dasar.format import BULAN
from organisasi.akses import get_opd_operator, opd_operator, operator_required
from organisasi.draf import LRA as draf

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
    return render(request, "anggaran/index.html", {"form": form, "opd": opd, "riwayat": riwayat, "tanpa_opd": not opd_qs})


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
    return FileResponse(imp.berkas.open("rb"), as_attachment=True, filename=imp.nama_file)
