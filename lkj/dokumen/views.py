"""Document pages: list the quarter's documents, request a render, poll its status, download.

Rendering never happens here: ``minta`` records the request and enqueues it; the
page polls (htmx) until the file is ready. A cached render downloads at once.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lkj.dokumen import services
from lkj.dokumen.jenis import SPESIFIKASI, Pembaca, dokumen_terbaca
from lkj.dokumen.models import DokumenRender
from lkj.dokumen.stempel import stempel_dokumen
from lkj.forms import galat_form
from lkj.operasi.denyut import pekerja_hidup
from lkj.tinjauan.selectors import dokumen_tertanda_periode
from lkj.views import periode_opd
from organisasi.akses import opd_untuk_user
from organisasi.models import Jabatan


def _terakhir(opd, tahun, triwulan):
    """The newest unsigned render per (jenis, jabatan, format) of the period: one query.

    Signed files are listed apart (``tertanda``), each with its version and, once reopened,
    "digantikan oleh V2": a superseded signature is never offered as the current document."""
    hasil = {}
    for r in DokumenRender.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan, tertanda__isnull=True).order_by("-dibuat_pada"):
        hasil.setdefault((r.jenis, r.jabatan_id, r.format), r)
    for r in hasil.values():
        _basi_gagalkan(r)
    return hasil


def _basi_gagalkan(r):
    """A render its worker left "Sedang dibuat…" (killed mid-job) is failed and shown so: no write otherwise."""
    if services.dokumen_basi(r) and services.dokumen_basi_gagalkan(dokumen_id=r.pk):
        r.refresh_from_db()


def _pekerja_mati(renders) -> bool:
    """Whether a waiting render waits for a worker that is not running (checked only when one waits)."""
    menunggu = any(r is not None and r.status in (DokumenRender.Status.ANTRE, DokumenRender.Status.PROSES) for r in renders)
    return menunggu and settings.LKJ_PEKERJA_WAJIB and not pekerja_hidup()


@login_required
def index(request):
    form, opd, tahun, triwulan = periode_opd(request, request.GET)
    baris = []
    if opd is not None:
        terakhir = _terakhir(opd, tahun, triwulan)

        tertanda = dokumen_tertanda_periode(opd, tahun, triwulan)
        # Every registered kind the user may read (a colleague's own report is not his, as on the entry pages).
        for spek, jab in dokumen_terbaca(Pembaca(request.user, opd, tahun, triwulan)):
            jab_id = jab.pk if jab is not None else None
            baris.append(
                {
                    "jenis": spek.kode,
                    "asal": spek.e81 is not None,
                    "label": spek.label(jab),
                    "jabatan": jab,
                    "format": [(f, terakhir.get((spek.kode, jab_id, f))) for f in spek.format],
                    "tertanda": tertanda.get((spek.kode, jab_id), []),
                }
            )
    return render(
        request,
        "dokumen/index.html",
        {
            "form": form,
            "opd": opd,
            "tahun": tahun,
            "triwulan": triwulan,
            "baris": baris,
            "pekerja_mati": _pekerja_mati(r for b in baris for _f, r in b["format"]),
            "cap": stempel_dokumen(opd.pk) if opd is not None else None,
            "tanpa_opd": not opd_untuk_user(request.user).exists(),
        },
    )


@login_required
@require_POST
def minta(request):
    """Request a document at the current data version; redirect back to the list (or straight to the file)."""
    form, opd, tahun, triwulan = periode_opd(request, request.POST)
    if opd is None:
        messages.error(request, "Periode tidak valid. " + galat_form(form))
        return redirect("dokumen:index")
    jenis = request.POST.get("jenis")
    fmt = request.POST.get("format", "pdf")
    spek = SPESIFIKASI.get(jenis)
    if spek is None or fmt not in DokumenRender.Format.values:
        raise Http404("Jenis dokumen tidak dikenal.")
    jabatan = None
    if request.POST.get("jabatan"):
        # scoped: only a jabatan of this (already permitted) OPD
        pk = request.POST["jabatan"]
        jabatan = Jabatan.objects.filter(opd=opd, pk=int(pk)).first() if pk.isascii() and pk.isdigit() else None
        if jabatan is None:
            raise Http404("Jabatan tidak ditemukan.")
    if not spek.boleh_dibaca(Pembaca(request.user, opd, tahun, triwulan), jabatan):  # the kind's read rule
        raise Http404("Jabatan tidak ditemukan.")
    try:
        obj = services.dokumen_siapkan(
            jenis=jenis,
            opd=opd,
            tahun=tahun,
            triwulan=triwulan,
            format=fmt,
            jabatan=jabatan,
            lampiran_asal=request.POST.get("lampiran_asal") == "1",
        )
    except services.DokumenTidakTersedia as exc:
        messages.error(request, str(exc))
        obj = None
    if obj is not None:
        obj.refresh_from_db()  # an immediate backend (or a fast worker) may already have finished it
    url = reverse("dokumen:index") + f"?opd={opd.kode}&tahun={tahun}&triwulan={triwulan}"
    if obj is not None and obj.status == DokumenRender.Status.SELESAI:
        return redirect("dokumen:unduh", pk=obj.pk)
    return redirect(url)


def _get_render_for_user(user, pk):
    """A render of an OPD the user may read that its kind's read rule lets him read, or 404.

    Another OPD's document, or a colleague's own report, does not exist for him.
    """
    obj = DokumenRender.objects.filter(pk=pk, opd__in=opd_untuk_user(user)).select_related("opd", "jabatan").first()
    spek = SPESIFIKASI.get(obj.jenis) if obj is not None else None
    if spek is None or not spek.boleh_dibaca(Pembaca(user, obj.opd, obj.tahun, obj.triwulan), obj.jabatan):
        raise Http404("Dokumen tidak ditemukan.")
    return obj


@login_required
def status(request, pk):
    obj = _get_render_for_user(request.user, pk)
    _basi_gagalkan(obj)
    return render(
        request,
        "dokumen/_status.html",
        {"r": obj, "f": obj.format, "cap": stempel_dokumen(obj.opd_id), "pekerja_mati": _pekerja_mati([obj])},
    )


@login_required
def unduh(request, pk):
    obj = _get_render_for_user(request.user, pk)
    if obj.status != DokumenRender.Status.SELESAI:
        raise Http404("Dokumen belum selesai dibuat.")
    ctype = "application/pdf" if obj.format == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    resp = FileResponse(obj.berkas.open("rb"), content_type=ctype, as_attachment=obj.format != "pdf", filename=obj.nama_berkas)
    resp["X-Content-SHA256"] = obj.sha256
    return resp
