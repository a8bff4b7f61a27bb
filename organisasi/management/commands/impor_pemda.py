"""python manage.py impor_pemda FILE --pemda KODE [--dry-run] [--kirim-surel]

The pemda workbook (sheets OPD and Operator) through the page's own read, preview and service
(``organisasi.buku_pemda``). Prints the counts per sheet; any refusal is a CommandError (exit 1)
naming every sheet, row and column, and nothing is written. New operators get no password: the
command prints each one's one-time link to set it (on ``LKJ_URL_PUBLIK``) and, with ``--kirim-surel``
where this server sends mail, mails it to every operator who has an address, saying whose it did not.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from organisasi.buku_pemda import (
    BukuPemdaDitolak,
    baca_buku_pemda,
    buku_pemda_impor,
    buku_pemda_pratinjau,
    kirim_tautan_sandi,
    tautan_atur_sandi,
)
from organisasi.impor_ekspor import BerkasDitolak
from organisasi.models import Pemda


def _jumlah(j: dict, kata: str) -> str:
    return f"{j.get('baru', 0)} baru, {j.get(kata, 0)} {kata}, {j.get('tetap', 0)} tetap"


class Command(BaseCommand):
    help = "Impor buku pemda (.xlsx): perangkat daerah dan operatornya, dengan pratinjau; satu penolakan, tidak ada yang disimpan."

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas buku pemda .xlsx (lembar OPD dan Operator)")
        parser.add_argument("--pemda", required=True, help="kode pemda, mis. 3508")
        parser.add_argument("--dry-run", action="store_true", help="tampilkan pratinjau, tidak menyimpan apa pun")
        parser.add_argument(
            "--kirim-surel", action="store_true", help="kirim tautan pembuatan kata sandi lewat surel kepada operator yang beralamat surel"
        )

    def handle(self, *args, berkas, pemda, dry_run, kirim_surel, **options):
        try:
            isi = Path(berkas).read_bytes()
        except OSError:
            raise CommandError(f"Berkas '{berkas}' tidak dapat dibaca; periksa nama dan foldernya.") from None
        try:
            pd = Pemda.objects.get(kode=pemda)
        except Pemda.DoesNotExist:
            raise CommandError(f"Pemda dengan kode {pemda} tidak ada di basis data.") from None
        try:
            buku = baca_buku_pemda(isi)
            if dry_run:
                p = buku_pemda_pratinjau(pemda=pd, buku=buku)
                if p.kesalahan:
                    raise BukuPemdaDitolak(p.kesalahan)
            else:
                hasil = buku_pemda_impor(pemda=pd, buku=buku)
                p = hasil.pratinjau
        except BerkasDitolak as exc:
            raise CommandError(str(exc)) from None
        except BukuPemdaDitolak as exc:
            raise CommandError("Tidak ada yang disimpan.\n" + "\n".join(map(str, exc.kesalahan))) from None
        self.stdout.write(f"{pd.nama}: OPD {_jumlah(p.jumlah_opd, 'diperbarui')}; operator {_jumlah(p.jumlah_operator, 'ditugaskan')}.")
        if dry_run:
            self.stdout.write("Uji coba (--dry-run): tidak ada yang disimpan.")
            return
        if hasil.tanpa_sandi:
            if kirim_surel and not settings.LKJ_RESET_SUREL:
                self.stderr.write("Server ini tidak mengirim surel (LKJ_EMAIL_HOST kosong): berikan setiap tautan sendiri.")
            akar = settings.LKJ_URL_PUBLIK.rstrip("/")
            kiriman = kirim_tautan_sandi(
                [(u, akar + tautan_atur_sandi(u)) for u in hasil.tanpa_sandi],
                pemda=pd,
                alamat_masuk=akar + "/",
                kirim=kirim_surel,
            )
            jam = settings.PASSWORD_RESET_TIMEOUT // 3600
            self.stdout.write(f"Tautan sekali pakai untuk membuat kata sandi (berlaku {jam} jam):")
            keterangan = {"terkirim": "terkirim lewat surel", "tanpa_surel": "tanpa alamat surel; berikan sendiri"}
            for k in kiriman:
                status = keterangan.get(k.status) or (
                    f"surel gagal: {k.pesan}; berikan sendiri" if k.status == "gagal" else "berikan sendiri"
                )
                self.stdout.write(f"  {k.user.username}: {k.tautan} ({status})")
