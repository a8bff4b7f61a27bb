from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from lkj.access import get_opd_for_user, opd_untuk_user
from lkj.e81 import laporan_e81
from lkj.forms import PeriodeForm
from lkj.selectors import pengukuran_opd

TAHUN_BAKU = 2025
TRIWULAN_BAKU = 3


@login_required
def beranda(request):
    return redirect("e81")


@login_required
def e81(request):
    """Formulir E.81 of an OPD for a year and quarter, as a page."""
    opd_qs = list(opd_untuk_user(request.user))
    data = request.GET.copy()
    if data.get("opd"):
        get_opd_for_user(request.user, data["opd"])  # another OPD is a 404, not a form error
    if opd_qs:
        data.setdefault("opd", opd_qs[0].kode)
    data.setdefault("tahun", str(TAHUN_BAKU))
    data.setdefault("triwulan", str(TRIWULAN_BAKU))
    form = PeriodeForm(data, opd_qs=opd_qs)
    laporan = None
    if opd_qs and form.is_valid():
        opd = get_opd_for_user(request.user, form.cleaned_data["opd"])
        laporan = laporan_e81(pengukuran_opd(opd, form.cleaned_data["tahun"], form.cleaned_data["triwulan"]))
    return render(request, "lkj/e81.html", {"form": form, "laporan": laporan, "tanpa_opd": not opd_qs})
