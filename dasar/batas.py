"""Length limits of typed text, one table for the models, the forms and the services (plain Python).

Every text a user types has a limit in the model (``max_length`` plus a validator, also for
``TextField``), in the form (the browser's ``maxlength`` and the form's own check) and, for
the narrative lists, in the service that writes them. Numbers are characters.
"""

CATATAN = 2000  # notes, reasons, review answers, evidence notes of a realisation
FORMULASI = 1000  # an indicator's formula as printed on the E.81
NARASI_TEKS = 10000  # latar belakang, penutup, gambaran umum, aspek strategis
NARASI_TUPOKSI = 20000  # the OPD's tugas pokok dan fungsi of every unit (BAB I of the OPD LKj)
PERATURAN = 300  # the title of a regulation as cited (Peraturan Bupati … tentang …)
NARASI_BUTIR = 1000  # one item of a narrative list (faktor pendukung, …)
NARASI_JUMLAH_BUTIR = 30  # items per list
PESAN_SISTEM = 2000  # a render's failure message
PEMBERITAHUAN = 4000  # a notice the system writes (it quotes a note of at most CATATAN characters)
NAMA_DAFTAR = 300  # a name in a published list: program / kegiatan / sub kegiatan nomenclature, kode rekening
