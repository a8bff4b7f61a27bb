"""Who puts the signature on a PDF: one interface, the built-in signer now, BSrE TTE later.

The review services call ``penandatangan_aktif().tandatangani(...)`` once per signed
file, after the PDF is rendered from the frozen data and before it is stored and
hashed. The built-in signer records the act (who, when, which bytes) and returns the
PDF unchanged; its proof is the stored SHA-256 and the verification page. A BSrE
(Balai Sertifikasi Elektronik) provider would send the PDF with the signer's NIK and
passphrase to the TTE API and return the PAdES-signed bytes; the services
(``lkj.dokumen.services.dokumen_render_tertanda``) store, hash, serve and verify
exactly the bytes the provider returns, and keep its ``bukti`` on every signature
(``Tandatangan.bukti``, per document number), so nothing else changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings


@dataclass(frozen=True)
class HasilTandatangan:
    pdf: bytes
    bukti: dict = field(default_factory=dict)


class Penandatangan(Protocol):
    kode: str
    nama: str

    def tandatangani(self, *, pdf: bytes, penanda: list[dict], nomor: str) -> HasilTandatangan: ...


class PenandatanganBawaan:
    """Records the act; the file's integrity is proven by its SHA-256 on the verification page."""

    kode = "bawaan"
    nama = "Tanda tangan elektronik LKj (bawaan)"

    def tandatangani(self, *, pdf: bytes, penanda: list[dict], nomor: str) -> HasilTandatangan:
        return HasilTandatangan(
            pdf,
            {"metode": self.kode, "nomor": nomor, "sha256_masuk": hashlib.sha256(pdf).hexdigest(), "penanda": [p["nama"] for p in penanda]},
        )


class PenandatanganBsre:
    """Placeholder for the national TTE (BSrE). Configure ``LKJ_PENANDATANGAN = "bsre"`` once the API is contracted."""

    kode = "bsre"
    nama = "TTE BSrE"

    def tandatangani(self, *, pdf: bytes, penanda: list[dict], nomor: str) -> HasilTandatangan:
        raise NotImplementedError("Tanda tangan elektronik BSrE belum dikonfigurasi untuk pemda ini.")


PENYEDIA = {"bawaan": PenandatanganBawaan, "bsre": PenandatanganBsre}


def penandatangan_aktif() -> Penandatangan:
    return PENYEDIA[getattr(settings, "LKJ_PENANDATANGAN", "bawaan")]()
