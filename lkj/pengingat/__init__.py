"""Reminders: a notice on the Beranda and an email when a report is submitted, returned, approved or
signed, and before the deadline to those whose act is pending.

The review services call ``transisi_tercatat(lap)`` right after a status change, inside their
transaction; the mail goes out from the background worker after the commit (a rolled-back act
sends nothing, and a slow mail server never delays the act). Nothing here may make a review act
fail: a queueing error is logged, not raised.
"""

import logging

logger = logging.getLogger(__name__)


def transisi_tercatat(laporan) -> None:
    """Queue the notices of the report's latest transition once the current transaction commits."""
    from django.db import transaction

    from lkj.tinjauan.models import Transisi

    transisi_id = Transisi.objects.filter(laporan=laporan).order_by("-pk").values_list("pk", flat=True).first()
    if transisi_id is not None:
        transaction.on_commit(lambda: _antre(transisi_id))


def _antre(transisi_id: int) -> None:
    try:
        from lkj.pengingat.tasks import kirim_transisi

        kirim_transisi.enqueue(transisi_id)
    except Exception:  # the act is already committed; a lost reminder must not turn it into an error page
        logger.exception("Pemberitahuan transisi %s tidak dapat diantrekan", transisi_id)
