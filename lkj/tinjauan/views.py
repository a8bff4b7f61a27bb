"""Review pages: my reports, one report (preview, changes, acts), the camat's overview, audit log, verification.

Access: the OPD through ``get_opd_tinjauan`` (another OPD is a 404); then the user's
role on the report (``selectors.peran``): none is a 403. The acts themselves check
the role again in the services.
"""
from __future__ import annotations

import datetime
import hashlib

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lkj.access import opd_untuk_user
from lkj.tinjauan import selectors as sel
from lkj.tinjauan import services
from lkj.tinjauan.forms import AuditForm, BukaForm, CatatanForm, TandatanganForm, TanggapanForm, UnggahForm, VerifikasiForm
from lkj.forms import galat_form
from lkj.tinjauan.models import DokumenTertanda, Status, Transisi
from lkj.views import TAHUN_BAKU, TRIWULAN_BAKU

PERAN_PIMPINAN = {"kepala", "sekretaris", "operator"}


def _periode(request):
    """(tahun, triwulan) from ?tahun=&triwulan=; a value that is not a period is told, not guessed."""
    from lkj.konverter import TAHUN_MAKS, TAHUN_MIN

    try:
        tahun = int(request.GET.get("tahun") or TAHUN_BAKU)
        triwulan = int(request.GET.get("triwulan") or TRIWULAN_BAKU)
    except ValueError:
        raise Http404("Periode tidak valid: tahun dan triwulan harus angka (mis. tahun=2025, triwulan=3).")
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise Http404(f"Tahun {tahun} di luar rentang {TAHUN_MIN}–{TAHUN_MAKS}.")
    if triwulan not in (1, 2, 3, 4):
        raise Http404(f"Triwulan {triwulan} tidak dikenal; pilih 1 sampai 4.")
    return tahun, triwulan


def hari_ini() -> datetime.date:
    """Today's date in the app's time zone: used only for "days left", never for a figure."""
    return timezone.localdate()


@login_required
def index(request):
    """The camat's / sekcam's overview of the default quarter; everyone else lands on his own reports."""
    tahun, triwulan = _periode(request)
    for opd in opd_untuk_user(request.user):
        if sel.peran(request.user, opd, tahun, triwulan) & PERAN_PIMPINAN:
            return redirect("tinjauan:ikhtisar", opd.kode, tahun, triwulan)
    return redirect(reverse("tinjauan:saya") + f"?tahun={tahun}&triwulan={triwulan}")


@login_required
def saya(request):
    """Reports I submit (holder) and reports I answer or sign (atasan), with state and Tanggapan."""
    tahun, triwulan = _periode(request)
    dilaporkan, ditinjau = [], []
    pg = getattr(request.user, "pegawai", None)
    # Only the OPDs where he holds a jabatan (a superuser may read all, but reports in none of them).
    opd_saya = opd_untuk_user(request.user).filter(jabatan__penugasan__pegawai=pg).distinct() if pg else []
    for opd in opd_saya:
        data = sel.ikhtisar(opd, tahun, triwulan, hari_ini())
        for r in data["rows"][1:]:
            if pg is not None and r.pemegang is not None and r.pemegang.pk == pg.pk:
                dilaporkan.append((opd, r))
            if pg is not None and r.atasan is not None and r.atasan.pk == pg.pk:
                ditinjau.append((opd, r))
    return render(request, "tinjauan/saya.html", {"tahun": tahun, "triwulan": triwulan, "dilaporkan": dilaporkan, "ditinjau": ditinjau})


def _pimpinan(request, kode, tahun, triwulan):
    if triwulan not in (1, 2, 3, 4):
        raise Http404("Triwulan tidak dikenal.")
    opd = sel.get_opd_tinjauan(request.user, kode)
    if not sel.peran(request.user, opd, tahun, triwulan) & PERAN_PIMPINAN:
        raise PermissionDenied("Ikhtisar hanya untuk camat, sekretaris, dan operator.")
    return opd


@login_required
def ikhtisar(request, kode, tahun, triwulan):
    opd = _pimpinan(request, kode, tahun, triwulan)
    data = sel.ikhtisar(opd, tahun, triwulan, hari_ini())
    return render(request, "tinjauan/ikhtisar.html", {
        "opd": opd, "tahun": tahun, "triwulan": triwulan, **data,
        "jumlah_predikat": sel.jumlah_predikat(opd, tahun, triwulan),
    })


@login_required
def grafik(request, kode, tahun, triwulan):
    opd = _pimpinan(request, kode, tahun, triwulan)
    from lkj.grafik import grafik_per_triwulan

    resp = HttpResponse(grafik_per_triwulan(opd, tahun, triwulan), content_type="image/svg+xml")
    resp["Cache-Control"] = "private, max-age=60"
    return resp


@login_required
def audit(request, kode):
    opd = sel.get_opd_tinjauan(request.user, kode)
    if not sel.boleh_lihat_audit(request.user, opd, hari_ini()):
        raise PermissionDenied("Log audit hanya untuk camat, sekretaris, dan operator yang sedang menjabat.")
    from lkj.tinjauan.audit import log_audit, orang_opd

    form = AuditForm(request.GET or None, orang=orang_opd(opd))
    f = form.cleaned_data if form.is_bound and form.is_valid() else {}
    from django.core.paginator import Paginator

    from lkj.tinjauan.audit import BATAS

    baris = log_audit(opd, oleh=f.get("oleh"), dari=f.get("dari"), sampai=f.get("sampai"), objek=f.get("objek") or None)
    halaman = Paginator(baris, 50).get_page(request.GET.get("halaman"))
    saringan = request.GET.copy()
    saringan.pop("halaman", None)
    return render(request, "tinjauan/audit.html", {
        "opd": opd, "form": form, "halaman": halaman, "saringan": saringan.urlencode(), "jumlah": len(baris),
        "batas": BATAS,
    })


def _laporan_konteks(request, kode, tahun, triwulan, jabatan_id):
    if triwulan not in (1, 2, 3, 4):
        raise Http404("Triwulan tidak dikenal.")
    opd = sel.get_opd_tinjauan(request.user, kode)
    jabatan = sel.get_jabatan_laporan(request.user, opd, jabatan_id) if jabatan_id is not None else None
    pihak = sel.pihak_semua(opd, tahun, triwulan, [jabatan.pk]).get(jabatan.pk) if jabatan else None
    if jabatan is not None and pihak is None:
        raise Http404("Jabatan ini tidak memiliki Perjanjian Kinerja yang berlaku pada triwulan tersebut.")
    peran = sel.peran(request.user, opd, tahun, triwulan, jabatan, pihak=pihak)
    if not peran:
        raise PermissionDenied("Anda tidak memiliki peran pada laporan ini.")
    return opd, jabatan, pihak, peran


@login_required
def laporan(request, kode, tahun, triwulan, jabatan_id=None):
    opd, jabatan, pihak, peran = _laporan_konteks(request, kode, tahun, triwulan, jabatan_id)
    lap = sel.laporan_baca(opd, tahun, triwulan, jabatan)
    perubahan, ada_lalu = sel.perubahan_sejak_pengajuan_lalu(lap)
    transisi = list(Transisi.objects.filter(laporan=lap).select_related("oleh__pegawai").order_by("-pada", "-pk")) if lap.pk else []
    dokumen = list(DokumenTertanda.objects.filter(laporan=lap).order_by("-versi", "jenis")) if lap.pk else []
    ttd = {t.peran: t for t in lap.tandatangan.filter(versi=lap.versi).select_related("pegawai")} if lap.pk else {}
    boleh = sel.aksi_tersedia(lap, peran, set(ttd))
    belum = sel.individu_belum_disetujui(opd, tahun, triwulan) if jabatan is None and boleh["tandatangani"] else []
    url_aksi = (lambda a: reverse("tinjauan:aksi", args=[opd.kode, tahun, triwulan, jabatan.pk, a])) if jabatan else \
        (lambda a: reverse("tinjauan:aksi_opd", args=[opd.kode, tahun, triwulan, a]))
    return render(request, "tinjauan/laporan.html", {
        "opd": opd, "jabatan": jabatan, "pihak": pihak, "peran": peran, "lap": lap, "tahun": tahun, "triwulan": triwulan,
        "perubahan": perubahan, "ada_lalu": ada_lalu, "transisi": transisi, "dokumen": dokumen, "ttd": ttd,
        "boleh": boleh, "belum": belum, "batas": sel.batas_waktu(opd, tahun, triwulan),
        "url": {a: url_aksi(a) for a in ("ajukan", "tanggapi", "tandatangani", "buka")},
        "url_pratinjau": reverse("tinjauan:pratinjau", args=[opd.kode, tahun, triwulan, jabatan.pk]) if jabatan
        else reverse("tinjauan:pratinjau_opd", args=[opd.kode, tahun, triwulan]),
        "f_catatan": CatatanForm(), "f_tanggapan": TanggapanForm(), "f_ttd": TandatanganForm(), "f_buka": BukaForm(),
    })


FORM_AKSI = {"ajukan": CatatanForm, "tanggapi": TanggapanForm, "tandatangani": TandatanganForm, "buka": BukaForm}
PESAN_AKSI = {
    "ajukan": "Laporan diajukan kepada atasan.", "tanggapi": "Tanggapan tersimpan.",
    "tandatangani": "Tanda tangan tercatat.", "buka": "Laporan dibuka kembali sebagai versi baru.",
}


@login_required
@require_POST
def aksi(request, kode, tahun, triwulan, aksi, jabatan_id=None):
    """One act on a report: bind the form, call one service, redirect back with the outcome."""
    if aksi not in FORM_AKSI:
        raise Http404("Aksi tidak dikenal.")
    opd, jabatan, pihak, peran = _laporan_konteks(request, kode, tahun, triwulan, jabatan_id)
    kembali = reverse("tinjauan:laporan", args=[opd.kode, tahun, triwulan, jabatan.pk]) if jabatan else \
        reverse("tinjauan:laporan_opd", args=[opd.kode, tahun, triwulan])
    form = FORM_AKSI[aksi](request.POST)
    if not form.is_valid():
        messages.error(request, galat_form(form))
        return redirect(kembali)
    d = form.cleaned_data
    pesan = PESAN_AKSI[aksi]
    umum = {"opd": opd, "tahun": tahun, "triwulan": triwulan, "jabatan": jabatan, "oleh": request.user}
    try:
        if aksi == "ajukan":
            services.laporan_ajukan(**umum, catatan=d["catatan"])
        elif aksi == "tanggapi":
            lap = services.laporan_tanggapi(**umum, tanggapan=d["tanggapan"], keterangan=d["keterangan"])
            pesan = "Laporan disetujui." if lap.status == Status.DISETUJUI else "Laporan dikembalikan untuk diperbaiki."
        elif aksi == "tandatangani":
            services.laporan_tandatangani(**umum, alasan_pengecualian=d["alasan_pengecualian"])
        else:
            services.laporan_buka_kembali(**umum, alasan=d["alasan"])
    except services.TransisiDitolak as e:
        messages.error(request, str(e))
        return redirect(kembali)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(kembali)
    messages.success(request, pesan)
    return redirect(kembali)


@login_required
@csp_update({"style-src": [UNSAFE_INLINE]})  # the PDF's own HTML sets table widths inline; it has no script
def pratinjau(request, kode, tahun, triwulan, jabatan_id=None):
    """The report as it will print (the document's own HTML), for the atasan to read before answering."""
    opd, jabatan, pihak, peran = _laporan_konteks(request, kode, tahun, triwulan, jabatan_id)
    from lkj.dokumen import render as R
    from lkj.dokumen import services as ds

    jenis = ds.Jenis.INDIVIDU if jabatan else ds.Jenis.LKJ_OPD
    try:
        d = ds.data_dokumen(jenis, opd, tahun, triwulan, jabatan, ds.tanggal_baku(tahun, triwulan))
    except ds.DokumenTidakTersedia as e:
        raise Http404(str(e))
    resp = HttpResponse(R.html(ds.SPESIFIKASI[jenis].template, ds.konteks(jenis, d)))
    resp["X-Frame-Options"] = "SAMEORIGIN"
    return resp


@login_required
def unduh(request, dok_id):
    dok = DokumenTertanda.objects.filter(pk=dok_id, laporan__opd__in=opd_untuk_user(request.user)).select_related("render").first()
    if dok is None:
        raise Http404("Dokumen tidak ditemukan.")
    resp = FileResponse(dok.render.berkas.open("rb"), content_type="application/pdf", filename=dok.render.nama_berkas)
    resp["X-Content-SHA256"] = dok.sha256
    return resp


# --- public verification (no login) ----------------------------------------------------------


def verifikasi(request):
    form = VerifikasiForm(request.GET or None)
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["kode"].strip().upper()
        dok = DokumenTertanda.objects.filter(kode=q).first() or DokumenTertanda.objects.filter(nomor__iexact=q).first()
        if dok is not None:
            return redirect("tinjauan:verifikasi_kode", dok.kode)
        form.add_error("kode", "Tidak ada dokumen bertanda tangan dengan kode atau nomor itu.")
    return render(request, "tinjauan/verifikasi.html", {"form": form})


def verifikasi_kode(request, kode):
    """What was signed, by whom, when, its SHA-256; a POSTed PDF is compared byte for byte (by hash)."""
    dok = DokumenTertanda.objects.filter(kode=kode.upper()).select_related("laporan__opd", "laporan__jabatan", "render").first()
    if dok is None:
        raise Http404("Dokumen tidak ditemukan.")
    hasil = None
    form = UnggahForm()
    if request.method == "POST":
        form = UnggahForm(request.POST, request.FILES)
        if form.is_valid():
            h = hashlib.sha256()
            for potong in form.cleaned_data["berkas"].chunks():
                h.update(potong)
            hasil = {"cocok": h.hexdigest() == dok.sha256, "sha256": h.hexdigest()}
    return render(request, "tinjauan/verifikasi_kode.html", {"dok": dok, "form": form, "hasil": hasil},
                  status=200)
