from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """DESIGN.md's role ids; a person may hold several in one agency."""

    PELAPOR = "pelapor", _("Pelapor")
    RESEPSIONIS = "resepsionis", _("Resepsionis")
    PETUGAS = "petugas", _("Petugas pengaduan")
    ANALIS = "analis", _("Analis (JFT)")
    UNIT = "unit", _("Staf unit/bidang terkait")
    PEMARAF = "pemaraf", _("Pemaraf (Kabid/Sekretaris)")
    PENANDATANGAN = "penandatangan", _("Penandatangan (Kepala)")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Admin instansi")


# Roles that register complaints at the desk or on the phone (seeds 000, 002, 004).
INTAKE_ROLES = frozenset({Role.RESEPSIONIS, Role.PETUGAS})
# Roles whose work needs the reporter's contact data (NIK, phone, address).
PERSONAL_DATA_ROLES = frozenset(
    {Role.RESEPSIONIS, Role.PETUGAS, Role.ANALIS, Role.AUDITOR, Role.ADMIN}
)
