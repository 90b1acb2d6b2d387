from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    TELEPON = "telepon", _("Telepon / call center")
    LANGSUNG = "langsung", _("Datang langsung")
    SURAT = "surat", _("Surat")
    EMAIL = "email", _("Surat elektronik (e-mail)")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    KOTAK = "kotak_pengaduan", _("Kotak pengaduan")
    FAKSIMILI = "faksimili", _("Faksimili")
    WEBSITE = "website", _("Situs web")
    LAPOR = "sp4n_lapor", _("SP4N-LAPOR!")
    MEDIA_SOSIAL = "media_sosial", _("Media sosial")


# Channels an officer types in from paper, voice or a desk visit (issue A, point 3).
DESK_CHANNELS = [
    Channel.LANGSUNG,
    Channel.TELEPON,
    Channel.SURAT,
    Channel.KOTAK,
    Channel.FAKSIMILI,
    Channel.EMAIL,
    Channel.SMS,
    Channel.WHATSAPP,
    Channel.LAPOR,
    Channel.MEDIA_SOSIAL,
]


class Kind(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    SARAN = "saran", _("Saran")
    ASPIRASI = "aspirasi", _("Aspirasi")
    INFORMASI = "permintaan_informasi", _("Permintaan informasi")


class Category(models.TextChoices):
    """The nine elements of the public-satisfaction survey (DOCUMENTS.md §3.2)."""

    PERSYARATAN = "persyaratan", _("Persyaratan")
    PROSEDUR = "prosedur", _("Prosedur")
    WAKTU = "waktu", _("Waktu pelayanan")
    BIAYA = "biaya", _("Biaya/tarif")
    PRODUK = "produk", _("Produk layanan")
    KOMPETENSI = "kompetensi", _("Kompetensi pelaksana")
    PERILAKU = "perilaku", _("Perilaku pelaksana")
    SARANA = "sarana", _("Sarana dan prasarana")
    PENANGANAN = "penanganan_pengaduan", _("Penanganan pengaduan")
    LAINNYA = "lainnya", _("Lainnya")


class Document(models.TextChoices):
    """Documents a profile may require with a complaint (seeds 001, 003)."""

    FORMULIR = "formulir_pengaduan", _("Formulir pengaduan")
    PERNYATAAN = "surat_pernyataan", _("Surat Pernyataan Kebenaran Aduan")
    IDENTITAS = "identitas", _("Fotokopi identitas (KTP)")
    BUKTI = "bukti", _("Bukti pendukung")


class Outcome(models.TextChoices):
    """How a complaint ended, beyond "answered" (issue B point 8)."""

    TERSELESAIKAN = "terselesaikan", _("Terselesaikan")
    SEBAGIAN = "sebagian", _("Terselesaikan sebagian")
    TIDAK_TERBUKTI = "tidak_terbukti", _("Tidak terbukti")
    BUKAN_KEWENANGAN = "bukan_kewenangan", _("Bukan kewenangan (diteruskan)")
    DUPLIKAT = "duplikat", _("Duplikat")
    DITOLAK = "ditolak", _("Ditolak")
    INFORMASI = "informasi_diberikan", _("Informasi/konsultasi diberikan")


class Source(models.TextChoices):
    """Where the complaint came from (UU 25/2009 Pasal 36; SP4N-LAPOR!)."""

    LANGSUNG = "langsung", _("Langsung dari masyarakat")
    OMBUDSMAN = "ombudsman", _("Rekomendasi Ombudsman")
    DPR = "dpr", _("DPR")
    DPRD = "dprd", _("DPRD")
    LAPOR = "sp4n_lapor", _("SP4N-LAPOR!")
    INSTANSI_LAIN = "instansi_lain", _("Limpahan instansi lain")


class RejectReason(models.TextChoices):
    OUT_OF_SCOPE = "di_luar_lingkup", _("Di luar lingkup layanan")
    OVER_WINDOW = "lewat_batas_waktu", _("Melewati batas waktu pengaduan")
    DUPLICATE = "duplikat", _("Duplikat pengaduan lain")
    INCOMPLETE = "tidak_lengkap", _("Tidak dilengkapi")
