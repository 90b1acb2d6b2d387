from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """DESIGN.md's life cycle; only workflow.machine.transition() assigns it."""

    DITERIMA = "diterima", _("Diterima")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan (berkas belum lengkap)")
    DIJAWAB_LANGSUNG = "dijawab_langsung", _("Dijawab langsung")
    DITOLAK = "ditolak", _("Ditolak")
    DITERUSKAN = "diteruskan", _("Diteruskan")
    TERVERIFIKASI = "terverifikasi", _("Terverifikasi")
    DIDISPOSISIKAN = "didisposisikan", _("Didisposisikan")
    DIPROSES = "diproses", _("Diproses")
    MENUNGGU_PERSETUJUAN = "menunggu_persetujuan", _("Menunggu persetujuan")
    DIJAWAB = "dijawab", _("Dijawab")
    DIBUKA_KEMBALI = "dibuka_kembali", _("Dibuka kembali")
    SELESAI = "selesai", _("Selesai")
