"""The wording each agency starts with (version 0), after DOCUMENTS.md; an admin's
saved version replaces it. Customary phrasing, not set by regulation."""

from aduan.documents.models import DocumentKind

DEFAULT_BODIES: dict[str, str] = {
    DocumentKind.TANDA_TERIMA: (
        "Pengaduan Saudara telah kami terima dan dicatat dengan nomor register "
        "{nomor_register}.\n\n"
        "Pengaduan diselesaikan paling lambat {batas_waktu} setelah berkas dinyatakan "
        "lengkap. Layanan ini tidak dipungut biaya.\n\n"
        "Perkembangan pengaduan dapat diikuti di laman pelacakan dengan kode lacak "
        "{kode_lacak}. Simpan tanda terima ini."
    ),
    DocumentKind.LEMBAR_DISPOSISI: (
        "PERHATIAN: Dilarang memisahkan sehelai naskah dinas yang tergabung dalam "
        "berkas ini."
    ),
    DocumentKind.SURAT_JAWABAN: (
        "Menindaklanjuti pengaduan Saudara tanggal {tanggal_pengaduan} nomor register "
        "{nomor_register} perihal {perihal}, dengan ini kami sampaikan hal-hal sebagai "
        "berikut:\n\n"
        "{isi}\n\n"
        "Demikian disampaikan, atas perhatian Saudara diucapkan terima kasih."
    ),
    DocumentKind.BAPP: (
        "Pada hari ini {hari} tanggal {tanggal_terbilang} bulan {bulan} tahun "
        "{tahun_terbilang}, bertempat di {tempat}, kami yang bertanda tangan di bawah "
        "ini:\n\n"
        "{para_pihak}\n\n"
        "Kedua belah pihak menyatakan bahwa:\n"
        "1. PIHAK KEDUA telah menyampaikan pengaduan tanggal {tanggal_pengaduan} nomor "
        "register {nomor_register} perihal {perihal};\n"
        "2. PIHAK PERTAMA telah menangani pengaduan tersebut dengan hasil sebagai "
        "berikut:\n\n"
        "{isi}\n\n"
        "3. PIHAK KEDUA menerima penyelesaian tersebut dan pengaduan dinyatakan "
        "selesai.\n\n"
        "Demikian Berita Acara ini dibuat dengan sebenarnya dalam rangkap 2 (dua) untuk "
        "dipergunakan sebagaimana mestinya."
    ),
    DocumentKind.FORM_PENERIMAAN_LAYANAN: (
        "Yang bertanda tangan di bawah ini, {nama_pelapor}, menyatakan telah menerima "
        "layanan informasi dan konsultasi dari {instansi} atas pengaduan nomor register "
        "{nomor_register} perihal {perihal}, dengan isi sebagai berikut:\n\n"
        "{isi}\n\n"
        "Demikian formulir ini dibuat untuk dipergunakan sebagaimana mestinya."
    ),
}
