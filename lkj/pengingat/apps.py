from django.apps import AppConfig


class PengingatConfig(AppConfig):
    name = "lkj.pengingat"
    label = "pengingat"
    verbose_name = "Pengingat dan pemberitahuan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lkj.pengingat import services
        from lkj.tinjauan.sinyal import evaluasi_tercatat, transisi_tercatat

        transisi_tercatat.connect(services.transisi_tercatat, dispatch_uid="pengingat.transisi_tercatat")
        evaluasi_tercatat.connect(services.evaluasi_tercatat, dispatch_uid="pengingat.evaluasi_tercatat")
