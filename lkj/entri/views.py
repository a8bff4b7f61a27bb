"""Quarterly entry pages: "Kinerja Saya", one jabatan's rows, per-row htmx saves, evidence, narrative.

Each row is its own small form posted by htmx and answered with the row re-rendered
(capaian and predikat included), so saving one row never touches another and a grid
of 150 indicators never approaches Django's field limit. Access always goes through
``akses_jabatan`` (404 for anyone without a role on the jabatan).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lkj.entri import selectors as sel
from lkj.entri import services as narasi_services
from lkj.entri.forms import AktivitasForm, BuktiForm, DokumentasiForm, NarasiForm, PeriodeForm, RealisasiForm
from lkj.models import Dokumentasi, Narasi
from lkj.tinjauan.models import Laporan
from lkj.views import periode_baku_untuk
from organisasi.akses import get_opd_operator, opd_operator, peran_pemda_saya, pesan_hanya_baca
from renja import realisasi_services as svc

PESAN_TERKUNCI = "Laporan triwulan ini sudah ditandatangani; datanya hanya dapat dibaca."


def _periode(request):
    data = {"tahun": request.GET.get("tahun"), "triwulan": request.GET.get("triwulan")}
    if not data["tahun"] or not data["triwulan"]:
        baku = periode_baku_untuk(request)
        data = {"tahun": data["tahun"] or baku[0], "triwulan": data["triwulan"] or baku[1]}
    form = PeriodeForm(data)
    if form.is_valid():
        return form, form.cleaned_data["tahun"], form.cleaned_data["triwulan"]
    return form, *periode_baku_untuk(request)


def _laporan_per_jabatan(jabatan_ids, tahun, triwulan) -> dict:
    """The review state of each jabatan's individual report (with the atasan's Tanggapan), one query."""
    return {lap.jabatan_id: lap for lap in Laporan.objects.filter(jabatan_id__in=jabatan_ids, tahun=tahun, triwulan=triwulan)}


@login_required
def index(request):
    """Kinerja Saya: every jabatan the user holds at the quarter's end, with its PK rows."""
    form, tahun, triwulan = _periode(request)
    penugasan = sel.penugasan_saya(request.user, tahun, triwulan)
    baris = sel.baris_jabatan([p.jabatan for p in penugasan], tahun, triwulan)
    laporan = _laporan_per_jabatan([p.jabatan_id for p in penugasan], tahun, triwulan)
    potret = sel.potret_kunci({p.jabatan.opd_id for p in penugasan})  # every jabatan's freezes: two queries, not a few per jabatan
    kelompok = []
    for p in penugasan:
        akses = sel.Akses(p.jabatan, p, "pemegang", *sel.kunci_jabatan(p.jabatan, tahun, triwulan, potret))
        kelompok.append(
            {"akses": akses, "baris": _pasang_form(akses, baris.get(p.jabatan_id, []), potret), "laporan": laporan.get(p.jabatan_id)}
        )
    return render(
        request,
        "entri/index.html",
        {
            "form": form,
            "tahun": tahun,
            "triwulan": triwulan,
            "kelompok": kelompok,
            "bawahan": sel.bawahan_saya(penugasan),
            "opd_operator": list(opd_operator(request.user)),
            "peran_pemda": peran_pemda_saya(request.user) if not kelompok else [],
        },
    )


@login_required
def jabatan(request, jabatan_id, tahun, triwulan):
    """One jabatan's rows: the holder or an operator edits, the atasan reads."""
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    baris = _pasang_form(akses, sel.baris_jabatan([akses.jabatan], tahun, triwulan)[akses.jabatan.pk])
    return render(
        request,
        "entri/jabatan.html",
        {
            "tahun": tahun,
            "triwulan": triwulan,
            "kelompok": [
                {"akses": akses, "baris": baris, "laporan": _laporan_per_jabatan([akses.jabatan.pk], tahun, triwulan).get(akses.jabatan.pk)}
            ],
            "akses": akses,
        },
    )


def _pasang_form(akses, baris, potret=None):
    """Give each editable row its own small form (ids prefixed per row so labels stay unique).

    A row another report froze (it prints there too, and that report is submitted, approved
    or signed) gets no form but the reason, so nobody types what the service would refuse.
    ``potret``: the OPD's freezes the page already read."""
    beku = (
        sel.indikator_beku(akses.jabatan.opd_id, baris[0].ukur.tahun, baris[0].ukur.triwulan, potret) if baris and akses.boleh_ubah else {}
    )
    for b in baris:
        b.pesan_beku = beku.get(b.indikator.pk) or beku.get("*", "")
        b.form = _form_untuk(b) if akses.boleh_ubah and b.cara != "turunan" and not b.pesan_beku else None
    return baris


def _render_baris(request, akses, b, tahun, triwulan, *, form=None, pesan=None, konflik=None, status=200):
    _pasang_form(akses, [b])
    if form is not None:
        b.form = form
    ctx = {"akses": akses, "b": b, "tahun": tahun, "triwulan": triwulan, "pesan": pesan, "konflik": konflik}
    if request.htmx:
        return render(request, "entri/_baris.html", ctx, status=status)
    return render(request, "entri/baris_halaman.html", ctx, status=status)


def _form_untuk(b, data=None):
    if b.cara == "aktivitas":
        initial = {}
        for a in b.aktivitas:
            initial[f"aktivitas_{a.aktivitas.pk}"] = a.terlaksana
            initial[f"versi_{a.aktivitas.pk}"] = a.versi
        return AktivitasForm(data, aktivitas=b.aktivitas, initial=initial, auto_id=f"b{b.indikator.pk}_%s")
    r = b.realisasi
    initial = {"versi": b.versi}
    if r is not None:
        initial.update(nilai=r.nilai, pembilang=r.pembilang, penyebut=r.penyebut, catatan=r.catatan_sumber)
    return RealisasiForm(data, persentase=b.cara == "persentase", initial=initial, auto_id=f"b{b.indikator.pk}_%s")


def _pasang_galat(form, e: ValidationError) -> None:
    """Show a service's refusal on the form: at its field when it names one, above the form otherwise."""
    for bidang, pesan in e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]:
        form.add_error(bidang if bidang in form.fields else None, pesan)


def _tolak_baca_saja(request, akses, b, tahun, triwulan):
    """403 with the row and the reason: the quarter is signed, or the user may only read it."""
    pesan = (akses.pesan_kunci or PESAN_TERKUNCI) if akses.terkunci else akses.pesan_baca or "Anda hanya dapat melihat baris ini."
    return _render_baris(request, akses, b, tahun, triwulan, pesan=("danger", pesan), status=403)


def _url_jabatan(akses, tahun, triwulan):
    return reverse("entri:jabatan", args=[akses.jabatan.pk, tahun, triwulan])


@login_required
@require_POST
def baris_simpan(request, jabatan_id, tahun, triwulan, indikator_id):
    """Save one row; answer with the row (new capaian/predikat, or errors, or the conflict)."""
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    b = sel.baris_satu(akses, indikator_id, tahun, triwulan)
    if not akses.boleh_ubah:
        return _tolak_baca_saja(request, akses, b, tahun, triwulan)
    if b.cara == "turunan":
        return _render_baris(
            request, akses, b, tahun, triwulan, pesan=("danger", "Baris ini dihitung dari aktivitas kegiatan."), status=400
        )
    form = _form_untuk(b, request.POST)
    if not form.is_valid():
        return _render_baris(request, akses, b, tahun, triwulan, form=form, status=422)
    try:
        if b.cara == "aktivitas":
            svc.aktivitas_realisasi_simpan(
                indikator=b.indikator,
                tahun=tahun,
                triwulan=triwulan,
                terlaksana=form.terlaksana(),
                versi_diharapkan=form.versi(),
                oleh=request.user,
                atas_nama=akses.atas_nama,
            )
        else:
            d = form.cleaned_data
            svc.realisasi_simpan(
                indikator=b.indikator,
                tahun=tahun,
                triwulan=triwulan,
                nilai=d.get("nilai"),
                pembilang=d.get("pembilang"),
                penyebut=d.get("penyebut"),
                catatan=d.get("catatan", ""),
                versi_diharapkan=d["versi"],
                oleh=request.user,
                atas_nama=akses.atas_nama,
            )
    except svc.KonflikVersi:
        # Show the newer row (fresh form with its version) and what the user had typed.
        baru = sel.baris_satu(akses, indikator_id, tahun, triwulan)
        return _render_baris(request, akses, baru, tahun, triwulan, konflik={"diketik": request.POST}, status=409)
    except ValidationError as e:
        _pasang_galat(form, e)
        return _render_baris(request, akses, b, tahun, triwulan, form=form, status=422)
    baru = sel.baris_satu(akses, indikator_id, tahun, triwulan)
    if not request.htmx:
        messages.success(request, "Realisasi tersimpan.")
        return redirect(_url_jabatan(akses, tahun, triwulan))
    return _render_baris(request, akses, baru, tahun, triwulan, pesan=("success", "Tersimpan."))


@login_required
@require_POST
def bukti_unggah(request, jabatan_id, tahun, triwulan, indikator_id):
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    b = sel.baris_satu(akses, indikator_id, tahun, triwulan)
    if not akses.boleh_ubah:
        return _tolak_baca_saja(request, akses, b, tahun, triwulan)
    form = BuktiForm(request.POST, request.FILES)
    galat = None
    if form.is_valid():
        try:
            svc.bukti_tambah(
                indikator=b.indikator,
                tahun=tahun,
                triwulan=triwulan,
                berkas=form.cleaned_data["berkas"],
                keterangan=form.cleaned_data["keterangan"],
                oleh=request.user,
            )
        except ValidationError as e:
            galat = " ".join(e.messages)
    else:
        galat = " ".join(m for errs in form.errors.values() for m in errs)
    baru = sel.baris_satu(akses, indikator_id, tahun, triwulan)
    if galat:
        return _render_baris(request, akses, baru, tahun, triwulan, pesan=("danger", f"Bukti tidak diunggah: {galat}"), status=422)
    if not request.htmx:
        messages.success(request, "Bukti dukung diunggah.")
        return redirect(_url_jabatan(akses, tahun, triwulan))
    return _render_baris(request, akses, baru, tahun, triwulan, pesan=("success", "Bukti dukung diunggah."))


def _bukti_di_baris(b, bukti_id):
    for bk in b.bukti:
        if bk.pk == bukti_id:
            return bk
    raise Http404("Bukti dukung tidak ditemukan.")


@login_required
def bukti_unduh(request, jabatan_id, tahun, triwulan, indikator_id, bukti_id):
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    bk = _bukti_di_baris(sel.baris_satu(akses, indikator_id, tahun, triwulan), bukti_id)
    resp = FileResponse(
        bk.berkas.open("rb"),
        content_type=bk.jenis_isi or "application/octet-stream",
        filename=bk.nama_asli or bk.berkas.name.rsplit("/", 1)[-1],
    )
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@login_required
@require_POST
def bukti_hapus(request, jabatan_id, tahun, triwulan, indikator_id, bukti_id):
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    b = sel.baris_satu(akses, indikator_id, tahun, triwulan)
    bk = _bukti_di_baris(b, bukti_id)
    if not akses.boleh_ubah:
        return _tolak_baca_saja(request, akses, b, tahun, triwulan)
    try:
        svc.bukti_hapus(bukti=bk, oleh=request.user)
    except ValidationError as e:  # e.g. another jabatan's signed report prints this indicator
        return _render_baris(request, akses, b, tahun, triwulan, pesan=("danger", " ".join(e.messages)), status=409)
    baru = sel.baris_satu(akses, indikator_id, tahun, triwulan)
    if not request.htmx:
        return redirect(_url_jabatan(akses, tahun, triwulan))
    return _render_baris(request, akses, baru, tahun, triwulan, pesan=("success", "Bukti dukung dihapus."))


@login_required
def riwayat(request, jabatan_id, tahun, triwulan, indikator_id):
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    b = sel.baris_satu(akses, indikator_id, tahun, triwulan)
    return render(
        request,
        "entri/riwayat.html",
        {
            "akses": akses,
            "b": b,
            "tahun": tahun,
            "triwulan": triwulan,
            "riwayat": sel.riwayat_baris(b, tahun, triwulan),
        },
    )


def _jabatan_narasi(akses):
    """Whose narrative the page edits: the head of the OPD's report is the OPD LKj, whose narrative has no jabatan."""
    return None if akses.jabatan.jenis == akses.jabatan.Jenis.KEPALA_OPD else akses.jabatan


@login_required
def narasi(request, jabatan_id, tahun, triwulan):
    """The narrative of a jabatan's quarterly report (the OPD LKj's for the head of the OPD): text, lists, photos."""
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    opd, jab = akses.jabatan.opd, _jabatan_narasi(akses)
    lkj_opd = jab is None
    obj = Narasi.objects.filter(opd=opd, jabatan=jab, tahun=tahun, triwulan=triwulan).first()
    form, foto_form = NarasiForm.dari_narasi(obj, opd=lkj_opd), DokumentasiForm()
    if request.method == "POST":
        if not akses.boleh_ubah:
            if akses.pesan_baca:
                raise PermissionDenied(akses.pesan_baca)
            messages.error(request, (akses.pesan_kunci or PESAN_TERKUNCI) if akses.terkunci else "Anda hanya dapat melihat narasi ini.")
            return redirect(request.path)
        if "foto" in request.FILES or request.POST.get("aksi") == "foto":
            foto_form = DokumentasiForm(request.POST, request.FILES)
            if foto_form.is_valid():
                try:
                    narasi_services.dokumentasi_tambah(
                        opd=opd, jabatan=jab, tahun=tahun, triwulan=triwulan, oleh=request.user, **foto_form.cleaned_data
                    )
                    messages.success(request, "Foto dokumentasi ditambahkan.")
                    return redirect(request.path)
                except ValidationError as e:
                    _pasang_galat(foto_form, e)
        else:
            form = NarasiForm(request.POST, opd=lkj_opd)
            if form.is_valid():
                try:  # the report may have been signed since the page was opened: the service refuses
                    narasi_services.narasi_simpan(
                        opd=opd,
                        jabatan=jab,
                        tahun=tahun,
                        triwulan=triwulan,
                        daftar=form.daftar(),
                        teks=form.teks(),
                        oleh=request.user,
                        atas_nama=akses.atas_nama,
                        versi_diharapkan=form.cleaned_data["versi"],
                    )
                except svc.KonflikVersi as e:
                    # Someone saved since this page was opened: show the saved text (in a fresh form at its
                    # version) beside what this user typed, nothing overwritten.
                    return _narasi_konflik(request, akses, tahun, triwulan, e.terbaru, form, lkj_opd)
                except ValidationError as e:
                    _pasang_galat(form, e)
                else:
                    messages.success(request, "Narasi tersimpan.")
                    return redirect(request.path)
    dokumentasi = list(obj.dokumentasi.all()) if obj else []
    return render(
        request,
        "entri/narasi.html",
        {
            "akses": akses,
            "tahun": tahun,
            "triwulan": triwulan,
            "form": form,
            "foto_form": foto_form,
            "dokumentasi": dokumentasi,
            "lkj_opd": lkj_opd,
        },
    )


def _narasi_konflik(request, akses, tahun, triwulan, terbaru, diketik, lkj_opd=False):
    """409: the narrative saved by someone else, in the form, and the text this user typed, side by side."""
    return render(
        request,
        "entri/narasi.html",
        {
            "akses": akses,
            "tahun": tahun,
            "triwulan": triwulan,
            "form": NarasiForm.dari_narasi(terbaru, opd=lkj_opd),
            "lkj_opd": lkj_opd,
            "foto_form": DokumentasiForm(),
            "dokumentasi": list(terbaru.dokumentasi.all()),
            "konflik": {
                "oleh": sel.pengubah_terakhir(terbaru),
                "pada": terbaru.diubah_pada,
                "bagian": [
                    {"label": diketik.fields[b].label, "diketik": ketik, "tersimpan": tersimpan}
                    for b in (*diketik.bidang_teks, *diketik.bidang_daftar)
                    if b in diketik.data
                    for ketik, tersimpan in [_ketik_dan_tersimpan(diketik, terbaru, b)]
                ],
            },
        },
        status=409,
    )


def _ketik_dan_tersimpan(form, narasi, bidang):
    """A section as the user typed it and as it is saved, both as lists of lines (a paragraph is one item)."""
    if bidang in form.bidang_teks:
        ketik, tersimpan = form.cleaned_data.get(bidang, ""), getattr(narasi, bidang) or ""
        return [ketik] if ketik else [], [tersimpan] if tersimpan else []
    return form.daftar()[bidang], list(getattr(narasi, bidang) or [])


@login_required
@require_POST
def dokumentasi_hapus(request, jabatan_id, tahun, triwulan, dokumentasi_id):
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    if akses.pesan_baca:
        raise PermissionDenied(akses.pesan_baca)
    if not akses.boleh_ubah:
        raise Http404("Dokumentasi tidak ditemukan.")
    try:
        dok = Dokumentasi.objects.get(
            pk=dokumentasi_id,
            narasi__jabatan=_jabatan_narasi(akses),
            narasi__opd=akses.jabatan.opd,
            narasi__tahun=tahun,
            narasi__triwulan=triwulan,
        )
    except Dokumentasi.DoesNotExist:
        raise Http404("Dokumentasi tidak ditemukan.")
    narasi_services.dokumentasi_hapus(dokumentasi=dok, oleh=request.user)
    messages.success(request, "Foto dokumentasi dihapus.")
    return redirect("entri:narasi", akses.jabatan.pk, tahun, triwulan)


@login_required
def dokumentasi_foto(request, jabatan_id, tahun, triwulan, dokumentasi_id):
    akses = sel.akses_jabatan(request.user, jabatan_id, tahun, triwulan)
    try:
        dok = Dokumentasi.objects.get(
            pk=dokumentasi_id,
            narasi__jabatan=_jabatan_narasi(akses),
            narasi__opd=akses.jabatan.opd,
            narasi__tahun=tahun,
            narasi__triwulan=triwulan,
        )
    except Dokumentasi.DoesNotExist:
        raise Http404("Dokumentasi tidak ditemukan.")
    return FileResponse(dok.foto.open("rb"), content_type="image/jpeg")


@login_required
def operator(request):
    """The operator's view of an OPD's quarter: who entered what, empty rows, rows without evidence."""
    form, tahun, triwulan = _periode(request)
    daftar_opd = list(opd_operator(request.user))
    if not daftar_opd:
        peran = {p for p in request.user.peran_pemda.values_list("peran", flat=True)}
        if peran:
            raise PermissionDenied(pesan_hanya_baca(peran))
        raise Http404("Halaman tidak ditemukan.")
    opd = get_opd_operator(request.user, request.GET["opd"]) if request.GET.get("opd") else daftar_opd[0]
    rekap = sel.rekap_opd(opd, tahun, triwulan)
    semua = [b for r in rekap for b in r.baris]
    return render(
        request,
        "entri/operator.html",
        {
            "form": form,
            "tahun": tahun,
            "triwulan": triwulan,
            "opd": opd,
            "daftar_opd": daftar_opd,
            "rekap": rekap,
            "jumlah": {
                "baris": len(semua),
                "terisi": sum(1 for b in semua if b.terisi),
                "kosong": sum(len(r.kosong) for r in rekap),
                "tanpa_bukti": sum(len(r.tanpa_bukti) for r in rekap),
            },
            "terkunci": sel.triwulan_terkunci(opd, tahun, triwulan),
        },
    )
