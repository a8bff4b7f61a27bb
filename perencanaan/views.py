"""The operator's planning workbook page: template, export, upload → preview → confirm.

Only an OPD's operators (``OperatorOpd``, a superuser) import and export; other signed-in users get 403,
anonymous users the login page. Exporting another OPD is a 404 (``organisasi.akses``);
the OPD an uploaded file names is checked by the service itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from organisasi.akses import get_opd_operator, opd_operator, operator_required
from organisasi.draf import WORKBOOK as draf
from perencanaan.forms import EksporForm, UnggahWorkbookForm
from perencanaan.selectors import workbook_ekspor
from perencanaan.services import WorkbookError, workbook_import
from perencanaan.workbook import LEMBAR, tulis_workbook
from renja.periode import periode_baku

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
hanya_operator = operator_required("Hanya operator yang dapat mengelola workbook perencanaan.")


def _xlsx(isi: bytes, nama: str) -> HttpResponse:
    resp = HttpResponse(isi, content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{nama}"'
    return resp


def _halaman(request, unggah=None, ekspor=None, kesalahan=None, status=200):
    opd_qs = list(opd_operator(request.user))
    tahun = next((int(t) for t in [request.GET.get("tahun")] if t and t.isdigit()), None) or periode_baku(opd_qs, timezone.localdate())[0]
    ekspor = ekspor or EksporForm(opd_qs=opd_qs, initial={"opd": opd_qs[0].kode if opd_qs else None, "tahun": tahun})
    return render(
        request,
        "perencanaan/index.html",
        {
            "unggah": unggah or UnggahWorkbookForm(),
            "ekspor": ekspor,
            "kesalahan": kesalahan,
            "lembar": [(nama, [h for _, h, _, _ in kolom]) for nama, kolom in LEMBAR.items()],
            "tanpa_opd": not opd_qs,
        },
        status=status,
    )


@hanya_operator
def index(request):
    return _halaman(request)


@hanya_operator
def templat(request):
    return _xlsx(tulis_workbook(), "templat-perencanaan.xlsx")


@hanya_operator
def ekspor(request):
    opd_qs = list(opd_operator(request.user))
    form = EksporForm(request.GET, opd_qs=opd_qs)
    if request.GET.get("opd"):
        get_opd_operator(request.user, request.GET["opd"])  # another OPD is a 404, not a form error
    if not form.is_valid():
        return _halaman(request, ekspor=form, status=400)
    opd = get_opd_operator(request.user, form.cleaned_data["opd"])
    tahun = form.cleaned_data["tahun"]
    isi = tulis_workbook(workbook_ekspor(opd, tahun))
    return _xlsx(isi, f"perencanaan-{tahun}-{(opd.nama_pendek or opd.kode).lower().replace(' ', '-')}.xlsx")


@hanya_operator
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
    sha = draf.titip(request, isi, berkas.name[:200])
    return redirect("perencanaan:pratinjau", sha=sha)


def _kedaluwarsa(request):
    messages.warning(request, "Pratinjau ini sudah tidak tersedia. Unggah ulang workbook perencanaan.")
    return redirect("perencanaan:index")


@hanya_operator
def pratinjau(request, sha):
    ada = draf.ambil(request, sha)
    if ada is None:
        return _kedaluwarsa(request)
    nama, isi = ada
    try:
        r = workbook_import(isi=isi, nama_file=nama, oleh=request.user, pratinjau=True)
    except WorkbookError as exc:  # the database moved on since the upload
        return _halaman(request, kesalahan=exc.kesalahan, status=400)
    return render(request, "perencanaan/pratinjau.html", {"r": r, "sha": sha, "nama_file": nama})


@hanya_operator
@require_POST
def konfirmasi(request, sha):
    ada = draf.ambil(request, sha)
    if ada is None:
        return _kedaluwarsa(request)
    nama, isi = ada
    try:
        r = workbook_import(isi=isi, nama_file=nama, oleh=request.user)
    except WorkbookError as exc:
        return _halaman(request, kesalahan=exc.kesalahan, status=400)
    draf.lepas(request, sha)
    baru = sum(j["baru"] for j in r.jumlah.values())
    diubah = sum(j["diubah"] for j in r.jumlah.values())
    if baru or diubah:
        messages.success(
            request, f"Workbook {nama} tersimpan untuk {r.opd_nama} tahun {r.tahun}: {baru} baris baru, {diubah} baris diubah."
        )
    else:
        messages.info(request, f"Workbook {nama} sama dengan data yang ada; tidak ada yang berubah.")
    return redirect("perencanaan:index")
