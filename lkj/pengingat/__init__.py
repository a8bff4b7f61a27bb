"""Reminders: a notice on the Beranda and an email when a report is submitted, returned, approved or
signed, and before the deadline to those whose act is pending.

The review announces each status change (``lkj.tinjauan.sinyal.transisi_tercatat``, sent inside its
transaction); ``services.transisi_tercatat`` hears it and the mail goes out from the background
worker after the commit (a rolled-back act sends nothing, and a slow mail server never delays the
act). Nothing here may make a review act fail: a queueing error is logged, not raised.
"""
