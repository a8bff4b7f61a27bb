"""``manage.py pekerja``: the document render worker (django-tasks' ``db_worker``) with a heartbeat.

Takes every option of ``db_worker``. Run it as its own process beside the web server
(``deploy/lkj-pekerja.service``); ``/sehat/`` reports it missing when its heartbeat stops.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from lkj.operasi.denyut import DenyutLatar


class Command(DbWorker):
    help = "Menjalankan pembuat dokumen di latar belakang (antrean django-tasks) beserta denyutnya untuk /sehat/."

    def handle(self, *args, **options):
        options["reload"] = False  # a reloaded child would beat under the parent's id
        denyut = DenyutLatar(options["worker_id"])
        denyut.start()
        try:
            super().handle(*args, **options)
        finally:
            denyut.berhenti()
