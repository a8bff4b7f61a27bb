from django.apps import AppConfig


class LkjConfig(AppConfig):
    name = "lkj"
    verbose_name = "Laporan Kinerja"

    def ready(self):
        from lkj.dokumen import stempel

        stempel.sambungkan()
        stempel.versi_program()  # the files this process loaded, hashed now rather than at its first document
