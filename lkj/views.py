from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lkj import beranda as sel
from lkj.asal import NAMA_ANGKA, penjelasan, penjelasan_beku, teks_dibekukan
from lkj.e81 import laporan_e81
from lkj.forms import PeriodeForm
from lkj.pengingat.models import Pemberitahuan
from lkj.selectors import kunci_fragmen, pengukuran_opd
from lkj.tinjauan.selectors import asal_tertanda, dibekukan
from organisasi.akses import get_opd_for_user, opd_untuk_user, peran_pemda_saya
from organisasi.selectors import jabatan_terlihat
from renja.periode import periode_baku


def periode_baku_untuk(request, opd_list=None) -> tuple[int, int]:
    """The quarter a page opens on for this user (``renja.periode``), from today's date in the app's time zone."""
    if opd_list is None:
        opd_list = opd_untuk_user(request.user)
    return periode_baku(opd_list, timezone.localdate())


@login_required
def beranda(request):
    """What the user has to do now, a section per role his jabatan give him (``lkj.beranda``)."""
    opd_list = list(opd_untuk_user(request.user))
    hari_ini = timezone.localdate()
    tahun, triwulan = periode_baku(opd_list, hari_ini)
    data = sel.beranda(request.user, opd_list, tahun, triwulan, hari_ini)
    baru = Pemberitahuan.objects.filter(user=request.user, dibaca_pada__isnull=True)
    return render(
        request,
        "lkj/beranda.html",
        {
            "b": data,
            "tahun": tahun,
            "triwulan": triwulan,
            "hari_ini": hari_ini,
            "opd_list": opd_list,
            "pemberitahuan": list(baru[:5]),
            "pemberitahuan_jumlah": baru.count(),
            "peran_pemda": peran_pemda_saya(request.user),
        },
    )


def periode_opd(request, source):
    """(form, opd, tahun, triwulan) from a GET/POST of the period form; opd is None when the form is invalid.

    Defaults: the user's first OPD and the quarter ``periode_baku_untuk`` gives. Another OPD is a 404,
    not a form error.
    """
    opd_qs = list(opd_untuk_user(request.user))
    data = source.copy()
    diminta = get_opd_for_user(request.user, data["opd"]) if data.get("opd") else None
    if opd_qs:
        data.setdefault("opd", opd_qs[0].kode)
    if not data.get("tahun") or not data.get("triwulan"):
        tahun, triwulan = periode_baku_untuk(request, [diminta] if diminta else opd_qs)
        data.setdefault("tahun", str(tahun))
        data.setdefault("triwulan", str(triwulan))
    form = PeriodeForm(data, opd_qs=opd_qs)
    if opd_qs and form.is_valid():
        opd = diminta or next(o for o in opd_qs if o.kode == form.cleaned_data["opd"])
        return form, opd, form.cleaned_data["tahun"], form.cleaned_data["triwulan"]
    return form, None, None, None


@login_required
def e81(request):
    """Formulir E.81 of an OPD for a year and quarter, as a page."""
    form, opd, tahun, triwulan = periode_opd(request, request.GET)
    # The table is the same for every reader of one measurement: rendered once per data stamp (the key is
    # read before the measurement, so a write landing between files newer figures under the older key).
    kunci_tabel = kunci_fragmen(opd, tahun, triwulan) if opd is not None else None
    laporan = laporan_e81(pengukuran_opd(opd, tahun, triwulan)) if opd is not None else None
    return render(
        request,
        "lkj/e81.html",
        {
            "form": form,
            "laporan": laporan,
            "kunci_tabel": kunci_tabel,
            "tanpa_opd": not form.fields["opd"].choices,
            "asal_url": url_asal(opd, tahun, triwulan),
        },
    )


def url_asal(opd, tahun, triwulan) -> str:
    """The common beginning of the quarter's "Asal angka" URLs; a figure's button adds "<ref>/<angka>/"."""
    if opd is None:
        return ""
    return reverse("asal_angka", args=[opd.kode, tahun, triwulan, "x", "y"]).removesuffix("x/y/")


@login_required
def asal_angka(request, kode, tahun, triwulan, ref, angka):
    """How one figure of the quarter's E.81 was made, as the panel's HTML fragment (a whole page without htmx).

    A quarter whose OPD LKj is signed shows the explanation stored with the signature (what was signed), a
    draft the live one; ``?versi=N`` the one stored with version N's signature, kept after reopening.
    Read by whoever reads the OPD's E.81 (its members, the operator): another OPD is a 404. Inside,
    evidence and entry rows link only for jabatan the user may read (``jabatan_terlihat``)."""
    opd = get_opd_for_user(request.user, kode)
    if triwulan not in (1, 2, 3, 4) or angka not in NAMA_ANGKA:
        raise Http404("Angka tidak dikenal.")
    versi = request.GET.get("versi", "")
    versi = int(versi) if versi.isdigit() else None
    dok = asal_tertanda(opd, tahun, triwulan, versi)
    if versi is not None and dok is None:
        raise Http404("Versi bertanda tangan ini tidak ada.")
    terlihat = jabatan_terlihat(request.user, opd, tahun, triwulan)
    u = pengukuran_opd(opd, tahun, triwulan)
    if dok is not None:
        simpul = penjelasan_beku(dok.asal, u, ref, angka, request.user, terlihat)
    else:
        simpul = penjelasan(laporan_e81(u), ref, angka, request.user, terlihat)
    if simpul is None:
        raise Http404("Angka ini tidak ada pada Formulir E.81 triwulan tersebut.")
    konteks = {
        "s": simpul,
        "opd": opd,
        "tahun": tahun,
        "triwulan": triwulan,
        "beku": teks_dibekukan(dibekukan(dok)) if dok is not None else "",
        "url_e81": f"{reverse('e81')}?opd={opd.kode}&tahun={tahun}&triwulan={triwulan}",
    }
    return render(request, "lkj/_asal.html" if request.htmx else "lkj/asal.html", konteks)
