"""The operator's planning workbook page: template, export, upload → preview → confirm.

Only operators (``is_staff``) import and export; other signed-in users get 403,
anonymous users the login page. Exporting another OPD is a 404 (``lkj.access``);
the OPD an uploaded file names is checked by the service itself.
"""
from __future__ import annotations

import hashlib
import re
import tempfile
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lkj.access import get_opd_for_user, opd_untuk_user
from renja.forms import EksporForm, UnggahWorkbookForm
from renja.selectors import workbook_ekspor
from renja.services import WorkbookError, workbook_import
from renja.workbook import LEMBAR, tulis_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESI = "renja_workbook_draf"
_RE_SHA = re.compile(r"[0-9a-f]{64}")


def operator_required(view):
    """Signed in (else login page) and an operator (else 403)."""

    @wraps(view)
    @login_required
    def inner(request, *args, **kwargs):
        if not (request.user.is_staff or request.user.is_superuser):
            raise PermissionDenied("Hanya operator yang dapat mengelola workbook perencanaan.")
        return view(request, *args, **kwargs)

    return inner


# The upload waits between preview and confirm on disk under its SHA-256, outside
# MEDIA_ROOT (never served); the confirm imports exactly the bytes that were previewed.
def _folder() -> Path:
    folder = Path(getattr(settings, "LKJ_RENJA_DRAF_DIR", Path(tempfile.gettempdir()) / "lkj-renja-draf"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _draf_simpan(isi: bytes) -> str:
    sha = hashlib.sha256(isi).hexdigest()
    path = _folder() / f"{sha}.xlsx"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(isi)
        tmp.replace(path)
    return sha


def _draf(request, sha):
    """(file name, bytes) of an upload this session previewed, or None."""
    nama = request.session.get(SESI, {}).get(sha)
    if nama is None or not _RE_SHA.fullmatch(sha):
        return None
    try:
        isi = (_folder() / f"{sha}.xlsx").read_bytes()
    except OSError:
        return None
    return (nama, isi) if hashlib.sha256(isi).hexdigest() == sha else None


def _xlsx(isi: bytes, nama: str) -> HttpResponse:
    resp = HttpResponse(isi, content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{nama}"'
    return resp


def _halaman(request, unggah=None, ekspor=None, kesalahan=None, status=200):
    opd_qs = list(opd_untuk_user(request.user))
    tahun = next((int(t) for t in [request.GET.get("tahun")] if t and t.isdigit()), 2025)
    ekspor = ekspor or EksporForm(opd_qs=opd_qs, initial={"opd": opd_qs[0].kode if opd_qs else None, "tahun": tahun})
    return render(request, "renja/index.html", {
        "unggah": unggah or UnggahWorkbookForm(), "ekspor": ekspor, "kesalahan": kesalahan,
        "lembar": [(nama, [h for _, h, _, _ in kolom]) for nama, kolom in LEMBAR.items()], "tanpa_opd": not opd_qs,
    }, status=status)


@operator_required
def index(request):
    return _halaman(request)


@operator_required
def templat(request):
    return _xlsx(tulis_workbook(), "templat-perencanaan.xlsx")


@operator_required
def ekspor(request):
    opd_qs = list(opd_untuk_user(request.user))
    form = EksporForm(request.GET, opd_qs=opd_qs)
    if request.GET.get("opd"):
        get_opd_for_user(request.user, request.GET["opd"])  # another OPD is a 404, not a form error
    if not form.is_valid():
        return _halaman(request, ekspor=form, status=400)
    opd = get_opd_for_user(request.user, form.cleaned_data["opd"])
    tahun = form.cleaned_data["tahun"]
    isi = tulis_workbook(workbook_ekspor(opd, tahun))
    return _xlsx(isi, f"perencanaan-{tahun}-{(opd.nama_pendek or opd.kode).lower().replace(' ', '-')}.xlsx")


@operator_required
@require_POST
def unggah(request):
    form = UnggahWorkbookForm(request.POST, request.FILES)
    if not form.is_valid():
        return _halaman(request, unggah=form, status=400)
    berkas = form.cleaned_data["berkas"]
    isi = berkas.read()
    try:
        workbook_import(isi=isi, nama_file=berkas.name, oleh=request.user, pratinjau=True)
    except WorkbookError as exc:
        return _halaman(request, unggah=form, kesalahan=exc.kesalahan, status=400)
    sha = _draf_simpan(isi)
    semua = request.session.get(SESI, {})
    semua[sha] = berkas.name[:200]
    request.session[SESI] = semua
    return redirect("renja:pratinjau", sha=sha)


def _kedaluwarsa(request):
    messages.warning(request, "Pratinjau ini sudah tidak tersedia. Unggah ulang workbook perencanaan.")
    return redirect("renja:index")


@operator_required
def pratinjau(request, sha):
    ada = _draf(request, sha)
    if ada is None:
        return _kedaluwarsa(request)
    nama, isi = ada
    try:
        r = workbook_import(isi=isi, nama_file=nama, oleh=request.user, pratinjau=True)
    except WorkbookError as exc:  # the database moved on since the upload
        return _halaman(request, kesalahan=exc.kesalahan, status=400)
    return render(request, "renja/pratinjau.html", {"r": r, "sha": sha, "nama_file": nama})


@operator_required
@require_POST
def konfirmasi(request, sha):
    ada = _draf(request, sha)
    if ada is None:
        return _kedaluwarsa(request)
    nama, isi = ada
    try:
        r = workbook_import(isi=isi, nama_file=nama, oleh=request.user)
    except WorkbookError as exc:
        return _halaman(request, kesalahan=exc.kesalahan, status=400)
    request.session[SESI].pop(sha, None)
    request.session.modified = True
    (_folder() / f"{sha}.xlsx").unlink(missing_ok=True)
    baru = sum(j["baru"] for j in r.jumlah.values())
    diubah = sum(j["diubah"] for j in r.jumlah.values())
    if baru or diubah:
        messages.success(request, f"Workbook {nama} tersimpan untuk {r.opd_nama} tahun {r.tahun}: {baru} baris baru, {diubah} baris diubah.")
    else:
        messages.info(request, f"Workbook {nama} sama dengan data yang ada; tidak ada yang berubah.")
    return redirect("renja:index")
