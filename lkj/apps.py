from django.apps import AppConfig


class LkjConfig(AppConfig):
    name = "lkj"
    verbose_name = "Laporan Kinerja"
