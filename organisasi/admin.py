from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from .akses import opd_data_induk, pemda_dikelola, pemda_untuk_user
from .data_induk import JabatanResource, PegawaiResource
from .impor_ekspor import AdminDataInduk
from .models import Jabatan, OperatorOpd, Pegawai, Pemda, Penugasan, PerangkatDaerah, PeranPemda, Unit


@admin.register(Pemda)
class PemdaAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "hari_batas_laporan"]


def akun_dikelola(user):
    """Accounts a pemda's administrator may see and change: the operators of his pemda's OPDs, and accounts
    not yet given anything (no pegawai, pemda role or OPD), so the one he just created can be assigned.
    Never a superuser, a pegawai's account or a pemda role's (his own included): he cannot take over a
    camat's or Bappeda's login, nor raise himself."""
    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    pemda = pemda_dikelola(user)
    bebas = Q(operator_opd__isnull=True, peran_pemda__isnull=True, pegawai__isnull=True)
    return (
        User.objects.filter(is_superuser=False)
        .exclude(pk__in=PeranPemda.objects.values("user"))
        .exclude(pegawai__isnull=False)
        .filter(Q(operator_opd__opd__pemda__in=pemda) | bebas)
        .distinct()
    )


class DibatasiPemda:
    """Admin of a model scoped to the user's pemda (a superuser: all). ``jalur_pemda`` is the lookup from the
    model to its pemda. The list, the change page, the export and the autocomplete read through ``get_queryset``:
    the pemda where he holds a role (``pemda_untuk_user``; another pemda's row is "not found"). What he may
    write is the pemda he administers (``pemda_dikelola``): every foreign key to a pemda, an OPD, a unit, a
    jabatan, a pegawai or an account offers only his pemda's; and a save whose row would belong to another
    pemda is refused (``save_model``), so a hand-made POST cannot move a row out of, or into, his pemda.

    A model whose rows belong to an OPD names the lookup to it (``jalur_opd``: units, jabatan, penugasan); its
    rows are written by whoever writes that OPD's master data (``organisasi.akses.opd_data_induk``, the rule the
    jabatan import follows too): the pemda's administrator, and the OPD's operator for his own OPD, both as
    the row will be and as it is stored, so nobody moves another OPD's row into his own."""

    jalur_pemda = "pemda"
    jalur_opd: str | None = None

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(Q(**{f"{self.jalur_pemda}__in": pemda_untuk_user(request.user)}) | self.juga(request)).distinct()

    def juga(self, request) -> Q:
        """Rows a user who administers no pemda still sees (none by default)."""
        return Q(pk__in=[])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            pemda = pemda_dikelola(request.user)
            opd = PerangkatDaerah.objects.filter(pemda__in=pemda)
            if self.jalur_opd is not None:  # an OPD's operator writes his OPD's rows, naming its pemda's jabatan and pegawai
                opd = opd_data_induk(request.user)
                pemda = Pemda.objects.filter(Q(pk__in=pemda.values("pk")) | Q(opd__in=opd)).distinct()
            pilihan = {
                Pemda: lambda: pemda,
                PerangkatDaerah: lambda: opd,
                Unit: lambda: Unit.objects.filter(opd__in=opd).select_related("opd"),
                Jabatan: lambda: Jabatan.objects.filter(pemda__in=pemda),
                Pegawai: lambda: Pegawai.objects.filter(pemda__in=pemda),
                get_user_model(): lambda: akun_dikelola(request.user),
            }.get(db_field.related_model)
            if pilihan is not None:
                kwargs["queryset"] = pilihan()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and not self._boleh_tulis(request.user, obj):
            raise PermissionDenied(
                "Data ini bukan milik pemda yang Anda kelola"
                + (" atau perangkat daerah tempat Anda menjadi operator." if self.jalur_opd else ".")
            )
        super().save_model(request, obj, form, change)

    def _boleh_tulis(self, user, obj) -> bool:
        pemda_id = _id_dari(obj, self.jalur_pemda)
        if pemda_id is not None and pemda_dikelola(user).filter(pk=pemda_id).exists():
            return True
        if self.jalur_opd is None or pemda_id is None:
            return False
        opd_ids = {_id_dari(obj, self.jalur_opd)}
        if obj.pk is not None:
            opd_ids.add(type(obj)._default_manager.filter(pk=obj.pk).values_list(self.jalur_opd, flat=True).first())
        return None not in opd_ids and opd_data_induk(user).filter(pk__in=opd_ids, pemda_id=pemda_id).count() == len(opd_ids)


def _id_dari(obj, jalur: str):
    """The pk ``jalur`` ("opd__pemda", "jabatan__opd") leads to from ``obj``, followed on the unsaved object."""
    *antara, akhir = jalur.split("__")
    for langkah in antara:
        obj = getattr(obj, langkah, None)
        if obj is None:
            return None
    return getattr(obj, f"{akhir}_id", None)


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(DibatasiPemda, admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "pemda"]
    list_select_related = ["pemda"]
    list_filter = ["jenis", "pemda"]
    search_fields = ["kode", "nama"]

    def juga(self, request):
        return Q(operator__user=request.user)  # an OPD's operator keeps its master data


@admin.register(Unit)
class UnitAdmin(DibatasiPemda, admin.ModelAdmin):
    jalur_pemda = "opd__pemda"
    jalur_opd = "opd"
    list_display = ["nama", "opd", "induk"]
    list_select_related = ["opd", "induk"]
    list_filter = [("opd", admin.RelatedOnlyFieldListFilter)]  # the OPDs of the rows he sees, not every pemda's

    def juga(self, request):
        return Q(opd__operator__user=request.user)  # an OPD's operator reads its master data


class PenugasanInline(DibatasiPemda, admin.TabularInline):
    jalur_pemda = "jabatan__pemda"
    jalur_opd = "jabatan__opd"
    model = Penugasan
    extra = 0
    autocomplete_fields = ["pegawai"]


@admin.register(Jabatan)
class JabatanAdmin(DibatasiPemda, AdminDataInduk, SimpleHistoryAdmin):
    resource_classes = [JabatanResource]
    jalur_opd = "opd"
    list_display = ["nama", "jenis", "unit", "atasan", "opd"]
    list_select_related = ["unit", "atasan", "opd"]
    list_filter = [("opd", admin.RelatedOnlyFieldListFilter), "jenis"]
    search_fields = ["nama", "kode"]
    inlines = [PenugasanInline]

    def juga(self, request):
        return Q(opd__operator__user=request.user)


@admin.register(Pegawai)
class PegawaiAdmin(DibatasiPemda, AdminDataInduk, SimpleHistoryAdmin):
    resource_classes = [PegawaiResource]
    list_display = ["nama", "nip", "user"]
    list_select_related = ["user"]
    search_fields = ["nama", "nip"]

    def juga(self, request):
        return Q(penugasan__jabatan__opd__operator__user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A pegawai's account: one he manages (``akun_dikelola``) or one already linked to a pegawai of his
        pemda, so a pegawai keeps his login when the form is saved; the one-to-one refuses a second link."""
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and not request.user.is_superuser:
            field.queryset = get_user_model().objects.filter(
                Q(pk__in=akun_dikelola(request.user).values("pk")) | Q(pegawai__pemda__in=pemda_dikelola(request.user))
            )
        return field


@admin.register(Penugasan)
class PenugasanAdmin(DibatasiPemda, SimpleHistoryAdmin):
    jalur_pemda = "jabatan__pemda"
    jalur_opd = "jabatan__opd"
    list_display = ["jabatan", "pegawai", "plt", "mulai", "selesai"]
    list_select_related = ["jabatan", "pegawai"]
    list_filter = ["plt"]

    def juga(self, request):
        return Q(jabatan__opd__operator__user=request.user)


@admin.register(PeranPemda)
class PeranPemdaAdmin(SimpleHistoryAdmin):
    """Pemda roles are granted by the superuser only: a pemda's administrator creates operators, not readers."""

    list_display = ["user", "peran", "pemda"]
    list_select_related = ["user", "pemda"]
    list_filter = ["peran", "pemda"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(OperatorOpd)
class OperatorOpdAdmin(DibatasiPemda, SimpleHistoryAdmin):
    jalur_pemda = "opd__pemda"
    list_display = ["user", "opd"]
    list_select_related = ["user", "opd"]
    list_filter = ["opd__pemda"]
    search_fields = ["user__username", "opd__nama", "opd__kode"]
    autocomplete_fields = ["user", "opd"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PenggunaAdmin(UserAdmin):
    """Django's user admin; a pemda's administrator sees only the accounts he manages (``akun_dikelola``) and
    edits neither superuser status, groups nor permissions."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=akun_dikelola(request.user).values("pk"))

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_fieldsets(request, obj)
        return [
            (None, {"fields": ("username", "password")}),
            ("Data pribadi", {"fields": ("first_name", "last_name", "email")}),
            ("Akses", {"fields": ("is_active", "is_staff")}),
        ]
