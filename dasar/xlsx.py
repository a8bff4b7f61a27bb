"""Writing cells of a spreadsheet so that text stays text (plain Python over openpyxl; no Django).

openpyxl stores any string that starts with ``=`` as a formula, and Excel or LibreOffice run
it when the file is opened (and ``+``, ``-``, ``@`` starts are read as formulas when a user edits
such a cell): a sasaran typed as ``=HYPERLINK("http://…")`` or ``=cmd|'/c calc'!A0``
in a planning workbook or a report would become live in every export ("formula injection").
Every XLSX writer of the project puts values into cells through :func:`isi` or
:func:`tambah_baris`, which write every ``str`` as a string cell: the value is kept exactly as
typed (``=1+1`` reads back as the text ``=1+1``), numbers and dates keep their types, and
nothing a user typed is ever evaluated. The project's writers produce no formulas of their own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kesalahan:
    """One refusal of an uploaded workbook, said where it is: "Lembar 'X', baris N, kolom 'Y': pesan"."""

    lembar: str
    baris: int | None
    kolom: str | None
    pesan: str

    def __str__(self):
        tempat = [f"Lembar '{self.lembar}'"]
        if self.baris:
            tempat.append(f"baris {self.baris}")
        if self.kolom:
            tempat.append(f"kolom '{self.kolom}'")
        return f"{', '.join(tempat)}: {self.pesan}"


def isi(cell, nilai):
    """Put ``nilai`` into an openpyxl cell; a string is always a string cell, never a formula. Returns the cell."""
    cell.value = nilai
    if isinstance(nilai, str) and nilai:
        cell.data_type = "s"
    return cell


def sel(ws, baris: int, kolom: int, nilai):
    """``ws.cell(row, column, value)`` with :func:`isi`'s rule."""
    return isi(ws.cell(row=baris, column=kolom), nilai)


def tambah_baris(ws, nilai: list) -> None:
    """``ws.append(nilai)`` with :func:`isi`'s rule for every cell of the new row."""
    ws.append(nilai)
    baris = ws.max_row
    for kolom, v in enumerate(nilai, start=1):
        if isinstance(v, str) and v:
            ws.cell(row=baris, column=kolom).data_type = "s"
