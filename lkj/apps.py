from django.apps import AppConfig


class LkjConfig(AppConfig):
    name = "lkj"
    verbose_name = "Laporan Kinerja"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from lkj.dokumen import stempel
        from lkj.operasi.middleware import tandai_masuk

        stempel.sambungkan()
        user_logged_in.connect(tandai_masuk, dispatch_uid="lkj.operasi.tandai_masuk")
        stempel.versi_program()  # the files this process loaded, hashed now rather than at its first document
