from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from .akses import pemda_dikelola
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
    """Admin of a model scoped to the pemda the user administers (a superuser: all). ``jalur_pemda`` is the
    lookup from the model to its pemda; foreign keys to a pemda, an OPD or an account offer only his."""

    jalur_pemda = "pemda"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(Q(**{f"{self.jalur_pemda}__in": pemda_dikelola(request.user)}) | self.juga(request)).distinct()

    def juga(self, request) -> Q:
        """Rows a user who administers no pemda still sees (none by default)."""
        return Q(pk__in=[])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.related_model is Pemda:
                kwargs["queryset"] = pemda_dikelola(request.user)
            elif db_field.related_model is PerangkatDaerah:
                kwargs["queryset"] = PerangkatDaerah.objects.filter(pemda__in=pemda_dikelola(request.user))
            elif db_field.related_model is get_user_model():
                kwargs["queryset"] = akun_dikelola(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(DibatasiPemda, admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "pemda"]
    list_select_related = ["pemda"]
    list_filter = ["jenis", "pemda"]
    search_fields = ["kode", "nama"]

    def juga(self, request):
        return Q(operator__user=request.user)  # an OPD's operator keeps its master data


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["nama", "opd", "induk"]
    list_select_related = ["opd", "induk"]
    list_filter = ["opd"]


class PenugasanInline(admin.TabularInline):
    model = Penugasan
    extra = 0
    autocomplete_fields = ["pegawai"]


@admin.register(Jabatan)
class JabatanAdmin(AdminDataInduk, SimpleHistoryAdmin):
    resource_classes = [JabatanResource]
    list_display = ["nama", "jenis", "unit", "atasan", "opd"]
    list_select_related = ["unit", "atasan", "opd"]
    list_filter = ["opd", "jenis"]
    search_fields = ["nama", "kode"]
    inlines = [PenugasanInline]


@admin.register(Pegawai)
class PegawaiAdmin(AdminDataInduk, SimpleHistoryAdmin):
    resource_classes = [PegawaiResource]
    list_display = ["nama", "nip", "user"]
    list_select_related = ["user"]
    search_fields = ["nama", "nip"]


@admin.register(Penugasan)
class PenugasanAdmin(SimpleHistoryAdmin):
    list_display = ["jabatan", "pegawai", "plt", "mulai", "selesai"]
    list_select_related = ["jabatan", "pegawai"]
    list_filter = ["plt"]


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
