from django.apps import AppConfig


class OrganisasiConfig(AppConfig):
    name = "organisasi"
    verbose_name = "Organisasi"

    def ready(self):
        from organisasi import kunci

        kunci.sambungkan()  # the quarterly lock on every model a document prints (all models are loaded now)
