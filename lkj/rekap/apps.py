from django.apps import AppConfig


class RekapConfig(AppConfig):
    name = "lkj.rekap"
    label = "rekap"
    verbose_name = "Rekap perangkat daerah se-pemda"
    default_auto_field = "django.db.models.BigAutoField"
