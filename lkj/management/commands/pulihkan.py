"""``manage.py pulihkan FILE``: restore an archive of ``cadangkan`` into an empty database and media folder."""

from django.core.management.base import BaseCommand, CommandError

from lkj.operasi import cadangan


class Command(BaseCommand):
    help = (
        "Memulihkan arsip cadangan ke basis data (DATABASE_URL) dan folder media (LKJ_MEDIA_ROOT) yang kosong. "
        "Arsip diperiksa seluruhnya (SHA-256 setiap berkas) sebelum apa pun ditulis."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="Arsip hasil manage.py cadangkan.")
        parser.add_argument(
            "--periksa-saja", action="store_true", help="Hanya periksa keutuhan arsip (SHA-256 setiap berkas); tidak menulis apa pun."
        )

    def handle(self, *args, berkas, periksa_saja=False, **options):
        try:
            if periksa_saja:
                m = cadangan.periksa_arsip(berkas)
                self.stdout.write(
                    f"Arsip {berkas} utuh: {len(m['berkas'])} berkas cocok dengan manifest "
                    f"(basis data {m['mesin_basis_data']}, dibuat {m['dibuat_pada']})."
                )
                return
            hasil = cadangan.pulihkan(berkas)
        except cadangan.GagalCadangan as exc:
            raise CommandError(str(exc)) from exc
        m = hasil.manifest
        self.stdout.write(
            f"Dipulihkan dari {berkas} (dibuat {m['dibuat_pada']}, basis data {m['mesin_basis_data']}, "
            f"versi aplikasi {m['versi_aplikasi']}): {hasil.jumlah_media} berkas media."
        )
        self.stdout.write(
            f"Dokumen bertanda tangan: {hasil.tertanda_cocok} dari {hasil.tertanda} cocok dengan SHA-256 saat "
            f"ditandatangani; {hasil.render_selesai - len(hasil.render_hilang)} dari {hasil.render_selesai} "
            "berkas dokumen ada."
        )
        if hasil.tidak_cocok or hasil.render_hilang:
            raise CommandError(
                "Pemulihan selesai tetapi tidak utuh: "
                + "; ".join(
                    [f"tidak cocok: {', '.join(hasil.tidak_cocok)}"] * bool(hasil.tidak_cocok)
                    + [f"hilang: {', '.join(hasil.render_hilang[:5])}"] * bool(hasil.render_hilang)
                )
            )
        self.stdout.write("Jalankan `manage.py migrate` bila aplikasi ini lebih baru daripada cadangannya.")
