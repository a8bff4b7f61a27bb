"""The user's own notices and mail preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lkj.pengingat import services
from lkj.pengingat.forms import PreferensiForm
from lkj.pengingat.models import Pemberitahuan, Preferensi


@login_required
def preferensi(request):
    """Every notice of the user, newest first, and whether he also wants them by mail."""
    pref = Preferensi.objects.filter(user=request.user).first()
    form = PreferensiForm(initial={"email": request.user.email, "surel": pref.surel if pref else True})
    if request.method == "POST":
        form = PreferensiForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            services.preferensi_simpan(user=request.user, surel=d["surel"], email=d["email"])
            if d["surel"] and not d["email"]:
                messages.warning(request, "Tersimpan, tetapi surel tidak dapat dikirim sebelum alamat surel diisi.")
            else:
                messages.success(request, "Pengaturan pemberitahuan tersimpan.")
            return redirect("pengingat:preferensi")
    halaman = Paginator(Pemberitahuan.objects.filter(user=request.user), 30).get_page(request.GET.get("halaman"))
    return render(request, "pengingat/preferensi.html", {"form": form, "halaman": halaman})


@login_required
@require_POST
def dibaca(request):
    services.tandai_dibaca(user=request.user)
    kembali = request.POST.get("kembali") or "/"
    if not url_has_allowed_host_and_scheme(kembali, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        kembali = "/"
    return redirect(kembali)
