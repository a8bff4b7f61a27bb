"""Scoped getters: what a user may see, or 404.

The organisation is the lowest layer that knows users (a pegawai holds jabatan of an OPD),
so the pages of every layer above use this one rule. Another OPD's object is a 404, never
a 403, so its existence doesn't leak.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from organisasi.models import PerangkatDaerah


def opd_untuk_user(user):
    """OPDs the user may read: a superuser sees all; a pegawai the OPDs of the jabatan he holds."""
    qs = PerangkatDaerah.objects.select_related("pemda").order_by("kode")
    if user.is_superuser:
        return qs
    return qs.filter(jabatan__penugasan__pegawai__user=user).distinct()


def get_opd_for_user(user, kode):
    try:
        return opd_untuk_user(user).get(kode=kode)
    except PerangkatDaerah.DoesNotExist:
        raise Http404("Perangkat daerah tidak ditemukan.")


def operator_required(pesan: str):
    """Decorator: signed in (else the login page) and an operator (else 403 with ``pesan``)."""

    def hias(view):
        @wraps(view)
        @login_required
        def inner(request, *args, **kwargs):
            if not (request.user.is_staff or request.user.is_superuser):
                raise PermissionDenied(pesan)
            return view(request, *args, **kwargs)

        return inner

    return hias
