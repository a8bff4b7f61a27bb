"""Login pages around Django's own views: the lockout answer of django-axes, and password reset.

After ``AXES_FAILURE_LIMIT`` failed attempts for one username from one client address, axes
calls :func:`terkunci` instead of the login view. It answers the login page itself (429),
with the username kept in the form, the time the lock ends and what else to do (reset the
password by e-mail, or ask the operator), so the user neither retypes nor guesses.
"""

from __future__ import annotations

import math

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone


class Masuk(auth_views.LoginView):
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "reset_surel": settings.LKJ_RESET_SUREL}


class LupaSandi(auth_views.PasswordResetView):
    """Django's reset by e-mail (only users with an address receive one); 404 where no mail can be sent."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.LKJ_RESET_SUREL:
            raise Http404("Pengaturan ulang kata sandi lewat surel tidak diaktifkan; minta operator mengatur ulang kata sandi Anda.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "batas_jam": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def form_valid(self, form):
        self.extra_email_context = {"batas_jam": settings.PASSWORD_RESET_TIMEOUT // 3600}
        return super().form_valid(form)


def terkunci(request, original_response=None, credentials=None):
    nama = get_client_username(request, credentials) or ""
    jeda = get_cool_off(request)
    sampai = timezone.localtime(timezone.now() + jeda) if jeda else None
    form = AuthenticationForm(request, initial={"username": nama})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "nama_pengguna": nama,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "terkunci": {"sampai": sampai, "menit": math.ceil(jeda.total_seconds() / 60) if jeda else None},
            "reset_surel": settings.LKJ_RESET_SUREL,
        },
        status=429,
    )
