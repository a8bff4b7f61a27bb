"""What the review announces, so that the parts listening to it need not be imported by it."""

from django.dispatch import Signal

# Sent by the review services right after a report's status changed and its ``Transisi`` was
# written, inside their transaction, with ``laporan=`` the report. The reminders
# (``lkj.pengingat``, connected in its ``AppConfig.ready``) queue their mail on it.
transisi_tercatat = Signal()

# Sent by Bappeda's acts on a signed E.81 (returned with notes, or countersigned "Dievaluasi"), inside
# their transaction, with ``evaluasi=`` the ``EvaluasiE81`` row; the reminders tell the OPD's kepala and sekretaris.
evaluasi_tercatat = Signal()
