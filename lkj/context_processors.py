"""Context of every page: the number of reports waiting on the user, for the navigation bar."""

from django.utils.functional import SimpleLazyObject

from lkj.beranda import menunggu_saya
from organisasi.akses import peran_navigasi


def navigasi(request):
    """``menunggu_jumlah``: reports waiting for the user's answer or signature (``lkj.beranda.menunggu_saya``);
    ``adalah_operator``: operator of some OPD (``organisasi.akses``), for the operator's menu entries;
    ``pembaca_pemda``: holds a pemda role (or is the superuser), for the pemda recap's entry;
    ``mengelola_pemda``: administrator of a pemda (the kabupaten-wide LRA entry).

    Lazy, so a page that does not print it (an htmx row) runs no query for it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def hitung():
        return len(menunggu_saya(user))

    peran = SimpleLazyObject(lambda: peran_navigasi(user))  # one query for the three entries below
    return {
        "menunggu_jumlah": SimpleLazyObject(hitung),
        "adalah_operator": SimpleLazyObject(lambda: peran["operator"]),
        "pembaca_pemda": SimpleLazyObject(lambda: peran["pembaca_pemda"]),
        "mengelola_pemda": SimpleLazyObject(lambda: peran["mengelola_pemda"]),
    }
