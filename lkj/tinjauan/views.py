"""Review pages: my reports, one report (preview, changes, acts), the camat's overview, audit log, verification.

Access: the OPD through ``get_opd_tinjauan`` (another OPD is a 404); then the read rule
of docs/architecture.md "Who reads what" (``selectors.boleh_baca``, which calls the entry
pages' ``jabatan_terlihat``): a report one may not read is a 404 on its page, its preview,
its acts and its signed files alike, never a 403 that would confirm it exists. A reader
without a role on it reads it; the acts check the role in the services (403 to a reader).
"""

from __future__ import annotations

import datetime
import hashlib

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dasar import format as fmt
from lkj.dokumen import render as R
from lkj.dokumen import services as ds
from lkj.dokumen.data import jabatan_ber_pk
from lkj.dokumen.jenis import jenis_tertanda
from lkj.e81 import laporan_e81
from lkj.entri.selectors import baris_jabatan
from lkj.forms import galat_form
from lkj.grafik import grafik_per_triwulan
from lkj.konverter import TAHUN_MAKS, TAHUN_MIN
from lkj.selectors import pengukuran_opd
from lkj.tinjauan import kelengkapan, services
from lkj.tinjauan import selectors as sel
from lkj.tinjauan.audit import BATAS, angka_digerakkan, log_audit, orang_opd
from lkj.tinjauan.forms import (
    AuditForm,
    BukaForm,
    CatatanForm,
    KembalikanE81Form,
    TandatanganForm,
    TanggapanForm,
    UnggahForm,
    VerifikasiForm,
)
from lkj.tinjauan.models import DokumenTertanda, Status, Transisi
from lkj.views import periode_baku_untuk, url_asal
from organisasi.akses import opd_untuk_user, pemda_untuk_user, peran_pembaca, peran_pemda, tolak_pembaca_pemda
from organisasi.models import PerangkatDaerah, PeranPemda
from renja.periode import periode_baku

PERAN_PIMPINAN = {"kepala", "sekretaris", "operator"}


def _periode(request):
    """(tahun, triwulan) from ?tahun=&triwulan=; a value that is not a period is told, not guessed."""
    if not request.GET.get("tahun") or not request.GET.get("triwulan"):
        baku = periode_baku_untuk(request)
    try:
        tahun = int(request.GET.get("tahun") or baku[0])
        triwulan = int(request.GET.get("triwulan") or baku[1])
    except ValueError:
        raise Http404("Periode tidak valid: tahun dan triwulan harus angka (mis. tahun=2025, triwulan=3).")
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise Http404(f"Tahun {tahun} di luar rentang {TAHUN_MIN}–{TAHUN_MAKS}.")
    if triwulan not in (1, 2, 3, 4):
        raise Http404(f"Triwulan tidak dikenal ({triwulan}); pilih 1 sampai 4.")
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
    if _pemda_bappeda(request.user) is not None:  # Bappeda reviews the E.81s that reach it
        return redirect("tinjauan:evaluasi_index")
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
    if not (sel.peran(request.user, opd, tahun, triwulan) & PERAN_PIMPINAN or peran_pembaca(request.user, opd)):
        raise PermissionDenied(
            "Ikhtisar hanya untuk camat, sekretaris, operator dan peran pemda (Bagian Organisasi, Bappeda, Inspektorat)."
        )
    return opd


@login_required
def ikhtisar(request, kode, tahun, triwulan):
    opd = _pimpinan(request, kode, tahun, triwulan)
    data = sel.ikhtisar(opd, tahun, triwulan, hari_ini())
    return render(
        request,
        "tinjauan/ikhtisar.html",
        {
            "opd": opd,
            "tahun": tahun,
            "triwulan": triwulan,
            **data,
            "e81": laporan_e81(pengukuran_opd(opd, tahun, triwulan)),
            "asal_url": url_asal(opd, tahun, triwulan),
            "jumlah_predikat": sel.jumlah_predikat(opd, tahun, triwulan),
        },
    )


@login_required
def grafik(request, kode, tahun, triwulan):
    opd = _pimpinan(request, kode, tahun, triwulan)

    resp = HttpResponse(grafik_per_triwulan(opd, tahun, triwulan), content_type="image/svg+xml")
    resp["Cache-Control"] = "private, max-age=60"
    return resp


@login_required
def audit(request, kode):
    opd = sel.get_opd_tinjauan(request.user, kode)
    if not sel.boleh_lihat_audit(request.user, opd, hari_ini()):
        raise PermissionDenied("Log audit hanya untuk camat, sekretaris dan operator yang sedang menjabat, serta peran pemda.")

    form = AuditForm(request.GET or None, orang=orang_opd(opd))
    f = form.cleaned_data if form.is_bound and form.is_valid() else {}

    baris = log_audit(opd, oleh=f.get("oleh"), dari=f.get("dari"), sampai=f.get("sampai"), objek=f.get("objek") or None)
    halaman = Paginator(baris, 50).get_page(request.GET.get("halaman"))
    angka_digerakkan(opd, list(halaman))
    saringan = request.GET.copy()
    saringan.pop("halaman", None)
    return render(
        request,
        "tinjauan/audit.html",
        {
            "opd": opd,
            "form": form,
            "halaman": halaman,
            "saringan": saringan.urlencode(),
            "jumlah": len(baris),
            "batas": BATAS,
        },
    )


def _laporan_konteks(request, kode, tahun, triwulan, jabatan_id):
    if triwulan not in (1, 2, 3, 4):
        raise Http404("Triwulan tidak dikenal.")
    opd = sel.get_opd_tinjauan(request.user, kode)
    jabatan = sel.get_jabatan_laporan(request.user, opd, jabatan_id) if jabatan_id is not None else None
    pihak = sel.pihak_semua(opd, tahun, triwulan, [jabatan.pk]).get(jabatan.pk) if jabatan else None
    if jabatan is not None and pihak is None:
        raise Http404("Jabatan ini tidak memiliki Perjanjian Kinerja yang berlaku pada triwulan tersebut.")
    if not sel.boleh_baca(request.user, opd, tahun, triwulan, jabatan, pihak=pihak):
        raise Http404("Laporan tidak ditemukan.")
    peran = sel.peran(request.user, opd, tahun, triwulan, jabatan, pihak=pihak)
    return opd, jabatan, pihak, peran


@login_required
def laporan(request, kode, tahun, triwulan, jabatan_id=None):
    opd, jabatan, pihak, peran = _laporan_konteks(request, kode, tahun, triwulan, jabatan_id)
    lap = sel.laporan_baca(opd, tahun, triwulan, jabatan)
    perubahan, ada_lalu = sel.perubahan_sejak_pengajuan_lalu(lap)
    transisi = list(Transisi.objects.filter(laporan=lap).select_related("oleh__pegawai").order_by("-pada", "-pk")) if lap.pk else []
    dokumen = (
        list(sel.dengan_ada_asal(DokumenTertanda.objects.filter(laporan=lap)).select_related("laporan").order_by("-versi", "jenis"))
        if lap.pk
        else []
    )
    sel.tautan_asal_beku(opd, tahun, triwulan, dokumen)
    ttd = {t.peran: t for t in lap.tandatangan.filter(versi=lap.versi).select_related("pegawai")} if lap.pk else {}
    boleh = sel.aksi_tersedia(lap, peran, set(ttd))
    # The guard below every writer refuses changes while a report is under review; what lies outside it
    # (master data, SQL below the app) is shown to whoever would approve or sign, as the services refuse it.
    berubah = sel.berubah_sejak_diajukan(lap) if (boleh["tanggapi"] or boleh["tandatangani"]) else []
    # What the report still lacks, with where each is filled: shown to whoever would submit or sign it.
    kosong = (
        kelengkapan.bagian_kosong(opd, tahun, triwulan, jabatan, pembaca=request.user) if (boleh["ajukan"] or boleh["tandatangani"]) else []
    )
    url_aksi = (
        (lambda a: reverse("tinjauan:aksi", args=[opd.kode, tahun, triwulan, jabatan.pk, a]))
        if jabatan
        else (lambda a: reverse("tinjauan:aksi_opd", args=[opd.kode, tahun, triwulan, a]))
    )
    return render(
        request,
        "tinjauan/laporan.html",
        {
            "opd": opd,
            "jabatan": jabatan,
            "pihak": pihak,
            "peran": peran,
            "lap": lap,
            "tahun": tahun,
            "triwulan": triwulan,
            "perubahan": perubahan,
            "ada_lalu": ada_lalu,
            "berubah": berubah,
            "kosong": kosong,
            "transisi": transisi,
            "dokumen": dokumen,
            "ttd": ttd,
            "boleh": boleh,
            "batas": sel.batas_waktu(opd, tahun, triwulan),
            "url_konfirmasi": reverse("tinjauan:tandatangani_opd", args=[opd.kode, tahun, triwulan]) if jabatan is None else "",
            "url": {a: url_aksi(a) for a in ("ajukan", "tarik", "tanggapi", "tandatangani", "buka")},
            "url_pratinjau": reverse("tinjauan:pratinjau", args=[opd.kode, tahun, triwulan, jabatan.pk])
            if jabatan
            else reverse("tinjauan:pratinjau_opd", args=[opd.kode, tahun, triwulan]),
            "e81": laporan_e81(pengukuran_opd(opd, tahun, triwulan)) if jabatan is None else None,
            "angka": baris_jabatan([jabatan], tahun, triwulan)[jabatan.pk] if jabatan is not None else None,
            "asal_url": url_asal(opd, tahun, triwulan),
            "f_catatan": CatatanForm(),
            "f_tanggapan": TanggapanForm(),
            "f_ttd": TandatanganForm(),
            "f_buka": BukaForm(),
            "evaluasi": sel.evaluasi_laporan(lap),
        },
    )


@login_required
def tandatangani_opd(request, kode, tahun, triwulan):
    """The camat's confirm step before signing the OPD LKj and E.81 (decisions §7).

    Lists the individual reports not yet signed (each an exception: once the OPD LKj is
    signed they can be neither signed nor reopened) and what freezes for everyone; asks
    for the reason the exceptions require. The form posts to the ``tandatangani`` act.
    """
    opd, _jabatan, _pihak, peran = _laporan_konteks(request, kode, tahun, triwulan, None)
    lap = sel.laporan_baca(opd, tahun, triwulan)
    laporan_url = reverse("tinjauan:laporan_opd", args=[opd.kode, tahun, triwulan])
    if not peran:
        tolak_pembaca_pemda(request.user, opd)
    if "kepala" not in peran:
        raise PermissionDenied("LKj perangkat daerah dan Formulir E.81 ditandatangani oleh kepala perangkat daerah.")
    if not sel.aksi_tersedia(lap, peran, set())["tandatangani"]:
        messages.error(request, f"Laporan berstatus {lap.get_status_display()}; hanya LKj yang sudah disetujui dapat ditandatangani.")
        return redirect(laporan_url)
    belum = sel.individu_belum_ditandatangani(opd, tahun, triwulan)

    return render(
        request,
        "tinjauan/tandatangani_opd.html",
        {
            "opd": opd,
            "tahun": tahun,
            "triwulan": triwulan,
            "lap": lap,
            "belum": belum,
            "kosong": kelengkapan.bagian_kosong(opd, tahun, triwulan, pembaca=request.user),
            "orang_belum": len({b.pemegang.pk for b in belum if b.pemegang is not None}),
            "jumlah_individu": sum(1 for j in jabatan_ber_pk(opd, tahun, triwulan) if j.jenis != j.Jenis.KEPALA_OPD),
            "bulan_lra": f"{fmt.BULAN[3 * triwulan - 1]} {tahun}",
            "form": TandatanganForm(initial={"konfirmasi": True}),
            "laporan_url": laporan_url,
            "url_aksi": reverse("tinjauan:aksi_opd", args=[opd.kode, tahun, triwulan, "tandatangani"]),
        },
    )


FORM_AKSI = {"ajukan": CatatanForm, "tarik": CatatanForm, "tanggapi": TanggapanForm, "tandatangani": TandatanganForm, "buka": BukaForm}
PESAN_AKSI = {
    "ajukan": "Laporan diajukan kepada atasan.",
    "tanggapi": "Tanggapan tersimpan.",
    "tarik": "Laporan ditarik kembali; datanya dapat diubah lagi lalu diajukan ulang.",
    "tandatangani": "Tanda tangan tercatat.",
    "buka": "Laporan dibuka kembali sebagai versi baru.",
}


@login_required
@require_POST
def aksi(request, kode, tahun, triwulan, aksi, jabatan_id=None):
    """One act on a report: bind the form, call one service, redirect back with the outcome."""
    if aksi not in FORM_AKSI:
        raise Http404("Aksi tidak dikenal.")
    opd, jabatan, pihak, peran = _laporan_konteks(request, kode, tahun, triwulan, jabatan_id)
    if not peran:
        tolak_pembaca_pemda(request.user, opd)  # a pemda role reads the report and acts on none: a 403 saying so
    kembali = (
        reverse("tinjauan:laporan", args=[opd.kode, tahun, triwulan, jabatan.pk])
        if jabatan
        else reverse("tinjauan:laporan_opd", args=[opd.kode, tahun, triwulan])
    )
    form = FORM_AKSI[aksi](request.POST)
    if not form.is_valid():
        messages.error(request, galat_form(form))
        return redirect(kembali)
    d = form.cleaned_data
    kembali_ttd = reverse("tinjauan:tandatangani_opd", args=[opd.kode, tahun, triwulan])
    if aksi == "tandatangani" and jabatan is None:
        # The OPD LKj is signed from its confirm page only; a refusal brings the camat back there.
        if not d["konfirmasi"]:
            messages.info(request, "Periksa dahulu laporan yang belum ditandatangani dan data yang akan dibekukan.")
            return redirect(kembali_ttd)
    pesan = PESAN_AKSI[aksi]
    umum = {"opd": opd, "tahun": tahun, "triwulan": triwulan, "jabatan": jabatan, "oleh": request.user}
    try:
        if aksi == "ajukan":
            services.laporan_ajukan(**umum, catatan=d["catatan"])
        elif aksi == "tarik":
            services.laporan_tarik_kembali(**umum, catatan=d["catatan"])
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
        return redirect(kembali_ttd if aksi == "tandatangani" and jabatan is None else kembali)
    messages.success(request, pesan)
    return redirect(kembali)


@login_required
@csp_update({"style-src": [UNSAFE_INLINE]})  # the PDF's own HTML sets table widths inline; it has no script
def pratinjau(request, kode, tahun, triwulan, jabatan_id=None):
    """The report as it will print (the document's own HTML), for the atasan to read before answering."""
    opd, jabatan, pihak, peran = _laporan_konteks(request, kode, tahun, triwulan, jabatan_id)

    jenis = jenis_tertanda(per_jabatan=jabatan is not None)[0].kode  # the report's own document (its LKj)
    try:
        d = ds.data_dokumen(jenis, opd, tahun, triwulan, jabatan, ds.tanggal_baku(tahun, triwulan))
    except ds.DokumenTidakTersedia as e:
        raise Http404(str(e))
    resp = HttpResponse(R.html(ds.SPESIFIKASI[jenis].template, ds.konteks(jenis, d)))
    resp["X-Frame-Options"] = "SAMEORIGIN"
    return resp


@login_required
def unduh(request, dok_id):
    """A signed PDF (current or superseded), for exactly those who may read the report it signs."""
    dok = (
        DokumenTertanda.objects.filter(pk=dok_id, laporan__opd__in=opd_untuk_user(request.user))
        .select_related("render", "laporan__opd", "laporan__jabatan")
        .first()
    )
    if dok is None or not sel.boleh_baca(request.user, dok.laporan.opd, dok.laporan.tahun, dok.laporan.triwulan, dok.laporan.jabatan):
        raise Http404("Dokumen tidak ditemukan.")
    resp = FileResponse(dok.render.berkas.open("rb"), content_type="application/pdf", filename=dok.render.nama_berkas)
    resp["X-Content-SHA256"] = dok.sha256
    return resp


# --- public verification (no login) ----------------------------------------------------------
#
# Only the random verification code printed on the document (8 characters from 32, about 10^12
# codes) or the file itself finds a signed document, never its sequential number; every attempt
# counts against the client's address (Django's cache), so codes cannot be tried in bulk; and the
# page shows only what the paper already says: number, kind, signers, date, SHA-256 (and, for the
# OPD LKj and E.81, the reason they were signed with exceptions).

BATAS_VERIFIKASI = 30  # attempts per client …
JENDELA_VERIFIKASI = 600  # … per 10 minutes; settings LKJ_VERIFIKASI_BATAS / LKJ_VERIFIKASI_JENDELA


def _ip_klien(request) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted reverse proxy sets (``LKJ_HEADER_IP_KLIEN``,
    e.g. "HTTP_X_REAL_IP"; never trust a client-sent header without such a proxy in front)."""
    header = getattr(settings, "LKJ_HEADER_IP_KLIEN", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "?"


def _lewat_batas(request) -> HttpResponse | None:
    """Count one verification attempt of this client; a 429 page (Indonesian) once over the limit."""
    batas = getattr(settings, "LKJ_VERIFIKASI_BATAS", BATAS_VERIFIKASI)
    jendela = getattr(settings, "LKJ_VERIFIKASI_JENDELA", JENDELA_VERIFIKASI)
    kunci = f"lkj:verifikasi:{_ip_klien(request)}"
    cache.add(kunci, 0, jendela)  # the window starts at the first attempt
    try:
        n = cache.incr(kunci)
    except ValueError:  # expired between add and incr
        cache.set(kunci, 1, jendela)
        n = 1
    if n <= batas:
        return None
    menit = -(-jendela // 60)
    resp = render(request, "tinjauan/verifikasi_batas.html", {"menit": menit}, status=429)
    resp["Retry-After"] = str(jendela)
    return resp


def _kode_baku(teks: str) -> str:
    """ "abcd ef23", "ABCDEF23" → "ABCD-EF23" (the form printed on the document)."""
    k = "".join((teks or "").split()).upper().replace("-", "")
    return f"{k[:4]}-{k[4:]}" if len(k) == 8 else k


def _sha256(berkas) -> str:
    h = hashlib.sha256()
    for potong in berkas.chunks():
        h.update(potong)
    return h.hexdigest()


def _dokumen_publik(**kw):
    return DokumenTertanda.objects.filter(**kw).select_related("laporan", "render").first()


def verifikasi(request):
    """Find a signed document by its verification code (GET) or by the file itself (POST)."""
    form = VerifikasiForm(request.GET or None)
    unggah = UnggahForm()
    if request.method == "POST":
        ditolak = _lewat_batas(request)
        if ditolak is not None:
            return ditolak
        unggah = UnggahForm(request.POST, request.FILES)
        if unggah.is_valid():
            sha = _sha256(unggah.cleaned_data["berkas"])
            dok = _dokumen_publik(sha256=sha)
            if dok is not None:
                return render(
                    request, "tinjauan/verifikasi_kode.html", {"dok": dok, "form": UnggahForm(), "hasil": {"cocok": True, "sha256": sha}}
                )
            unggah.add_error(
                "berkas",
                "Tidak ada dokumen bertanda tangan yang sama persis dengan berkas ini. Berkas yang "
                "diubah sedikit pun (dicetak ulang, dipindai, disunting) tidak akan cocok; periksa "
                "dengan kode verifikasi yang tercetak pada dokumen.",
            )
    elif form.is_bound:
        ditolak = _lewat_batas(request)
        if ditolak is not None:
            return ditolak
        if form.is_valid():
            dok = _dokumen_publik(kode=_kode_baku(form.cleaned_data["kode"]))
            if dok is not None:
                return redirect("tinjauan:verifikasi_kode", dok.kode)
            form.add_error(
                "kode",
                "Tidak ada dokumen bertanda tangan dengan kode verifikasi itu. Periksa kembali kode "
                "yang tercetak di dekat kode QR (8 huruf/angka, mis. ABCD-EF23).",
            )
    return render(request, "tinjauan/verifikasi.html", {"form": form, "unggah": unggah})


def verifikasi_kode(request, kode):
    """Number, kind, signers, date and SHA-256 of the document with this code; a POSTed PDF is compared by hash."""
    ditolak = _lewat_batas(request)
    if ditolak is not None:
        return ditolak
    dok = _dokumen_publik(kode=_kode_baku(kode))
    if dok is None:
        raise Http404("Dokumen tidak ditemukan.")
    hasil = None
    form = UnggahForm()
    if request.method == "POST":
        form = UnggahForm(request.POST, request.FILES)
        if form.is_valid():
            sha = _sha256(form.cleaned_data["berkas"])
            hasil = {"cocok": sha == dok.sha256, "sha256": sha}
    return render(request, "tinjauan/verifikasi_kode.html", {"dok": dok, "form": form, "hasil": hasil})


# --- Bappeda's evaluation of the signed E.81 ---------------------------------------------------
#
# Access: the pemda through ``pemda_untuk_user`` (another pemda, or a user with no pemda role: 404),
# then the Bappeda role of that pemda (another pemda role: 403 saying who evaluates). A superuser reads
# the pages but holds no role, so he acts on nothing; the services check the role again.

PESAN_BAPPEDA = "Evaluasi Formulir E.81 hanya untuk Bappeda pemda ini."


def _pemda_bappeda(user):
    """The first pemda where the user holds the Bappeda role, or None."""
    if not user.is_authenticated:
        return None
    return pemda_untuk_user(user).filter(peran__user=user, peran__peran=PeranPemda.Peran.BAPPEDA).first()


def _boleh_evaluasi_baca(user, pemda) -> None:
    if not user.is_superuser and PeranPemda.Peran.BAPPEDA not in peran_pemda(user, pemda):
        raise PermissionDenied(PESAN_BAPPEDA)


@login_required
def evaluasi_index(request):
    """``/tinjauan/evaluasi/``: the user's pemda and the quarter pages open on."""
    pemda = _pemda_bappeda(request.user) or (pemda_untuk_user(request.user).first() if request.user.is_superuser else None)
    if pemda is None:
        if pemda_untuk_user(request.user).exists():
            raise PermissionDenied(PESAN_BAPPEDA)
        raise Http404("Pemerintah daerah tidak ditemukan.")
    tahun, triwulan = periode_baku(list(PerangkatDaerah.objects.filter(pemda=pemda).select_related("pemda")), hari_ini())
    return redirect("tinjauan:evaluasi", pemda.kode, tahun, triwulan)


@login_required
def evaluasi_daftar(request, kode, tahun, triwulan):
    """The quarter's E.81s received by Bappeda: every signed version, newest signature first, with its state."""
    pemda = pemda_untuk_user(request.user).filter(kode=kode).first()
    if pemda is None or triwulan not in (1, 2, 3, 4):
        raise Http404("Pemerintah daerah tidak ditemukan.")
    _boleh_evaluasi_baca(request.user, pemda)
    daftar = sel.e81_masuk(pemda, tahun, triwulan)
    return render(
        request,
        "tinjauan/evaluasi_daftar.html",
        {
            "pemda": pemda,
            "tahun": tahun,
            "triwulan": triwulan,
            "daftar": daftar,
            "menunggu": sum(1 for d in daftar if d.keadaan[0] == "Menunggu evaluasi"),
            "sebelum": (tahun, triwulan - 1) if triwulan > 1 else (tahun - 1, 4),
            "sesudah": (tahun, triwulan + 1) if triwulan < 4 else (tahun + 1, 1),
        },
    )


def _e81_bappeda(request, dok_id):
    dok = sel.get_e81_bappeda(request.user, dok_id, pemda_untuk_user(request.user))
    _boleh_evaluasi_baca(request.user, dok.laporan.opd.pemda)
    return dok


@login_required
def evaluasi_e81(request, dok_id):
    """One signed E.81 at Bappeda: its kept PDF and page, the earlier versions' answers, and the two acts."""
    dok = _e81_bappeda(request, dok_id)
    lap = dok.laporan
    pemda = lap.opd.pemda
    bappeda = PeranPemda.Peran.BAPPEDA in peran_pemda(request.user, pemda)
    boleh = bappeda and dok.keadaan[0] == "Menunggu evaluasi" and lap.status == Status.DITANDATANGANI and lap.versi == dok.versi
    tugas = sel.kepala_bappeda(pemda, hari_ini())
    return render(
        request,
        "tinjauan/evaluasi_e81.html",
        {
            "dok": dok,
            "lap": lap,
            "opd": lap.opd,
            "pemda": pemda,
            "boleh": boleh,
            "riwayat": [e for e in sel.evaluasi_laporan(lap) if e.dokumen_id != dok.pk],
            "kepala_bappeda": tugas,
            "label_kepala_bappeda": sel.label_kepala_bappeda(pemda, tugas),
            "url_e81": reverse("e81") + f"?opd={lap.opd.kode}&tahun={lap.tahun}&triwulan={lap.triwulan}",
            "f_kembali": KembalikanE81Form(),
        },
    )


@login_required
@require_POST
def evaluasi_aksi(request, dok_id, aksi):
    """Return with notes (``kembalikan``) or countersign (``tandatangani``): bind, call one service, redirect back."""
    if aksi not in ("kembalikan", "tandatangani"):
        raise Http404("Aksi tidak dikenal.")
    dok = _e81_bappeda(request, dok_id)
    kembali = reverse("tinjauan:evaluasi_e81", args=[dok.pk])
    try:
        if aksi == "kembalikan":
            form = KembalikanE81Form(request.POST)
            if not form.is_valid():
                messages.error(request, galat_form(form))
                return redirect(kembali)
            services.e81_kembalikan(dokumen=dok, oleh=request.user, **form.cleaned_data)
            messages.success(request, "Formulir E.81 dikembalikan kepada perangkat daerah dengan catatan.")
        else:
            ev = services.e81_evaluasi(dokumen=dok, oleh=request.user)
            messages.success(request, f"Formulir E.81 dievaluasi dan ditandatangani ({ev.tertanda.nomor}).")
    except services.TransisiDitolak as e:
        messages.error(request, str(e))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    except ds.DokumenTidakTersedia as e:
        messages.error(request, str(e))
    return redirect(kembali)
