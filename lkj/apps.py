from django.apps import AppConfig


class LkjConfig(AppConfig):
    name = "lkj"
    verbose_name = "Laporan Kinerja"

    def ready(self):
        from lkj.dokumen import stempel

        stempel.sambungkan()
