"""Template filters only the documents use (loaded by the documents' own template engine)."""

from django import template

from dasar import format as fmt

register = template.Library()


@register.filter
def rupiah_sen(nilai):
    """LRA form: ``2.014.894.365,00``."""
    return fmt.rupiah(nilai, sen=True)


@register.filter
def persen_angka(nilai):
    """A percentage without the sign (LRA column '%'): ``59,14``."""
    return fmt.persen(nilai, tanda=False)


@register.filter
def angka(nilai):
    return fmt.nilai_kinerja(nilai)


@register.filter
def satuan(nilai, satuan):
    """``{{ target|satuan:"%" }}`` → ``100,00%``; other units ``12 dokumen``."""
    return fmt.nilai_satuan(nilai, satuan or "")


@register.filter
def romawi(tw):
    return fmt.ROMAWI.get(tw, "")


@register.filter
def huruf(i):
    """1 → a, 2 → b (sub-lists of the closing sentences)."""
    return "abcdefghijklmnopqrstuvwxyz"[(int(i) - 1) % 26]
