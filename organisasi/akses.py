"""Scoped getters: what a user may see, or 404, and who may write.

The organisation is the lowest layer that knows users (a pegawai holds jabatan of an OPD, an
operator is assigned to an OPD, a pemda role reads every OPD of its pemda), so the pages of
every layer above use these rules. Another OPD's object is a 404, never a 403, so its
existence doesn't leak; another pemda's too.

Three ways to reach an OPD (docs/architecture.md "Who reads what"):

* holding a jabatan of it (``Penugasan``): the pegawai reads the OPD, and what his jabatan
  allows inside it (``organisasi.selectors.jabatan_terlihat``);
* being its operator (``OperatorOpd``; a superuser is operator of every OPD): reads all of
  it and enters its data on behalf of its holders;
* a pemda role (``PeranPemda``: Bagian Organisasi, Bappeda, Inspektorat, the pemda's
  administrator): reads every OPD of that pemda and never enters an OPD's figures.

Write rights come only from the first two; a pemda role never adds one.
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q
from django.http import Http404

from organisasi.models import OperatorOpd, Pemda, PerangkatDaerah, PeranPemda


def pemda_untuk_user(user):
    """QuerySet of the ``Pemda`` whose every OPD the user reads, ordered by name.

    A superuser: every pemda. Otherwise the pemda where the user holds a ``PeranPemda`` (any of
    the four roles). Anonymous users, pegawai and operators without a pemda role: an empty
    QuerySet. This is the door of pemda-wide pages (the kabupaten recap, Bappeda's evaluation):
    a pemda not in it is a 404. One query when evaluated.
    """
    qs = Pemda.objects.order_by("nama")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(peran__user=user).distinct()


def pemda_dikelola(user):
    """The pemda whose administrator (``PeranPemda.Peran.ADMIN_PEMDA``) the user is; every pemda for a superuser.

    The door of what writes across a pemda's OPDs: its admin (OPDs, operators) and the kabupaten-wide LRA."""
    if not user.is_authenticated or not user.is_active:
        return Pemda.objects.none()
    if user.is_superuser:
        return Pemda.objects.all()
    return Pemda.objects.filter(peran__user=user, peran__peran=PeranPemda.Peran.ADMIN_PEMDA)


def peran_navigasi(user) -> dict[str, bool]:
    """What the menu offers, in one query, by the rules below themselves: ``pembaca_pemda``
    (``pemda_untuk_user`` is not empty), ``mengelola_pemda`` (``pemda_dikelola`` is not empty), ``operator``
    (``adalah_operator_mana_pun``)."""
    if not user.is_authenticated or not user.is_active:
        return {"pembaca_pemda": False, "mengelola_pemda": False, "operator": False}
    hasil = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            pembaca_pemda=Exists(pemda_untuk_user(user)),
            mengelola_pemda=Exists(pemda_dikelola(user)),
            operator=Exists(opd_operator(user)),
        )
        .values("pembaca_pemda", "mengelola_pemda", "operator")
        .first()
    ) or {"pembaca_pemda": False, "mengelola_pemda": False, "operator": False}
    return {**hasil, "operator": hasil["operator"] or user.is_superuser}


def peran_pemda(user, pemda) -> set[str]:
    """The ``PeranPemda.Peran`` values (plain strings, e.g. ``{"bappeda"}``) the user holds in ``pemda``.

    Empty for an anonymous or inactive user, for a user without a role there and for another
    pemda's roles. A superuser holds no role implicitly (he reads everything through
    ``pemda_untuk_user``, but he is not Bappeda): pages that act as Bappeda ask for
    ``PeranPemda.Peran.BAPPEDA in peran_pemda(user, pemda)``. One query.
    """
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(PeranPemda.objects.filter(user=user, pemda=pemda).values_list("peran", flat=True))


def peran_pemda_saya(user) -> list:
    """The user's ``PeranPemda`` rows with their pemda (``select_related``), by pemda and role; empty for
    anonymous. For pages that say in which capacity he reads (the Beranda). One query."""
    if not user.is_authenticated:
        return []
    return list(PeranPemda.objects.filter(user=user).select_related("pemda").order_by("pemda__nama", "peran"))


def opd_untuk_user(user):
    """QuerySet of the OPDs the user may read, with their pemda (``select_related``), ordered by code.

    A superuser: all. Otherwise the union of the OPDs of every pemda where he holds a pemda role,
    the OPDs he is operator of (``OperatorOpd``) and the OPDs of the jabatan he holds. Anonymous:
    none. ``is_staff`` alone adds nothing.
    """
    qs = PerangkatDaerah.objects.select_related("pemda").order_by("kode")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(Q(pemda__peran__user=user) | Q(operator__user=user) | Q(jabatan__penugasan__pegawai__user=user)).distinct()


def opd_operator(user):
    """QuerySet of the OPDs whose data the user enters as operator (with pemda, ordered by code).

    A superuser: all. Otherwise the OPDs of his ``OperatorOpd`` rows. Anonymous: none. A pemda
    role adds none: Bagian Organisasi, Bappeda and Inspektorat never enter an OPD's figures.
    """
    qs = PerangkatDaerah.objects.select_related("pemda").order_by("kode")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(operator__user=user)


def opd_data_induk(user):
    """QuerySet of the OPDs whose master data — units, jabatan and who holds them — the user writes, in the
    admin's forms and in the jabatan import alike: every OPD for a superuser; otherwise the OPDs of the pemda
    he administers (``pemda_dikelola``) and those he is operator of (``OperatorOpd``: an OPD's operator keeps
    its master data). Reading gives none: a pemda role, or holding a jabatan, writes no master data. The
    pemda's own rows — its pegawai, and the jabatan above the OPDs (kepala daerah, a Kepala Bappeda outside an
    OPD) — are its administrator's alone (``pemda_dikelola``)."""
    qs = PerangkatDaerah.objects.select_related("pemda").order_by("kode")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(Q(pemda__in=pemda_dikelola(user)) | Q(operator__user=user)).distinct()


def adalah_operator(user, opd) -> bool:
    """True when the user is operator of ``opd`` (an ``OperatorOpd`` row, or a superuser). One query at most."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return OperatorOpd.objects.filter(user=user, opd=opd).exists()


def adalah_operator_mana_pun(user) -> bool:
    """True when the user is operator of at least one OPD (the menu's "Operator" entries). One query at most."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or OperatorOpd.objects.filter(user=user).exists()


def peran_pembaca(user, opd) -> set[str]:
    """The pemda roles through which the user reads ``opd`` (its pemda's ``PeranPemda`` values); empty: none."""
    return peran_pemda(user, opd.pemda_id)


def pesan_hanya_baca(peran: set[str]) -> str:
    """The Indonesian refusal a pemda reader meets on every write: which role, and that it only reads."""
    nama = dict(PeranPemda.Peran.choices)
    daftar = ", ".join(str(nama[p]) for p in sorted(peran) if p in nama) or "pemda"
    return f"Peran {daftar} hanya membaca data perangkat daerah; angka, bukti dan narasi diisi oleh pemegang jabatan atau operator OPD."


def tolak_pembaca_pemda(user, opd) -> None:
    """Raise ``PermissionDenied`` (403) with the pemda reader's message when ``user`` reaches ``opd`` only
    through a pemda role: no jabatan held in it, not its operator. ``opd`` is an OPD or its pk.

    Called by every writer of an OPD's figures (the realisation, aktivitas, evidence, narrative and photo
    services, the LRA import) and by the review acts, so a pemda role is refused whatever page or script
    asks. ``user`` None (a loader, a command) and a superuser pass. One query for a user without a pemda
    role, the common case; two more for one with a role.
    """
    if user is None or user.is_superuser:
        return
    opd_id = getattr(opd, "pk", opd)
    peran = set(PeranPemda.objects.filter(user=user, pemda__opd=opd_id).values_list("peran", flat=True))
    if not peran:
        return
    if OperatorOpd.objects.filter(user=user, opd_id=opd_id).exists():
        return
    if PerangkatDaerah.objects.filter(pk=opd_id, jabatan__penugasan__pegawai__user=user).exists():
        return
    raise PermissionDenied(pesan_hanya_baca(peran))


def get_opd_for_user(user, kode):
    try:
        return opd_untuk_user(user).get(kode=kode)
    except PerangkatDaerah.DoesNotExist:
        raise Http404("Perangkat daerah tidak ditemukan.")


def get_opd_operator(user, kode):
    """The OPD ``kode`` if the user is its operator; 404 when he cannot read it at all, 403 when he only reads it."""
    opd = get_opd_for_user(user, kode)
    if not adalah_operator(user, opd):
        peran = peran_pembaca(user, opd)
        raise PermissionDenied(pesan_hanya_baca(peran) if peran else "Hanya operator perangkat daerah ini yang dapat melakukannya.")
    return opd


def operator_required(pesan: str):
    """Decorator: signed in (else the login page) and operator of at least one OPD (else 403 with ``pesan``;
    a pemda reader is told his role only reads)."""

    def hias(view):
        @wraps(view)
        @login_required
        def inner(request, *args, **kwargs):
            if not adalah_operator_mana_pun(request.user):
                peran = set(PeranPemda.objects.filter(user=request.user).values_list("peran", flat=True))
                raise PermissionDenied(f"{pesan} {pesan_hanya_baca(peran)}" if peran else pesan)
            return view(request, *args, **kwargs)

        return inner

    return hias


def admin_pemda_required(pesan: str):
    """Decorator: signed in (else the login page) and administrator of at least one pemda (else 403 with ``pesan``)."""

    def hias(view):
        @wraps(view)
        @login_required
        def inner(request, *args, **kwargs):
            if not pemda_dikelola(request.user).exists():
                raise PermissionDenied(pesan)
            return view(request, *args, **kwargs)

        return inner

    return hias


def get_pemda_dikelola(user, kode) -> Pemda:
    """The pemda ``kode`` if the user administers it; 404 otherwise (another pemda is not told it exists)."""
    try:
        return pemda_dikelola(user).get(kode=kode)
    except Pemda.DoesNotExist:
        raise Http404("Pemerintah daerah tidak ditemukan.")
