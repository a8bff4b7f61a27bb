"""The planning workbook: one Excel file in which an operator writes an OPD's year —
the planning tree (renja), targets, aktivitas and the Perjanjian Kinerja (perjanjian) —
previews it and saves it; and the same workbook exported back.

It sits above both ``renja`` and ``perjanjian`` because it writes both; it has no models.
"""
