"""Background jobs of the reminders (django-tasks; the worker is ``manage.py db_worker``)."""

import datetime

from django.utils import timezone
from django_tasks import task


@task()
def kirim_transisi(transisi_id: int) -> int:
    from lkj.pengingat.services import beri_tahu_transisi

    return beri_tahu_transisi(transisi_id)


@task()
def kirim_evaluasi(evaluasi_id: int) -> int:
    from lkj.pengingat.services import beri_tahu_evaluasi

    return beri_tahu_evaluasi(evaluasi_id)


@task()
def periksa_tenggat(tanggal: str) -> int:
    """The daily check (``manage.py pengingat_tenggat``): deadline reminders, then mails that failed lately."""
    from lkj.pengingat.services import beri_tahu_tenggat, kirim_ulang_gagal

    n = beri_tahu_tenggat(datetime.date.fromisoformat(tanggal))
    kirim_ulang_gagal(sejak=timezone.now() - datetime.timedelta(days=3))
    return n
