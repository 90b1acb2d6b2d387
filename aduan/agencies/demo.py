"""The demo agencies and their users: one per seed profile, a user for every role."""

from dataclasses import dataclass

from django.db import transaction

from aduan.accounts.models import Membership, User
from aduan.accounts.roles import Role
from aduan.agencies.models import Agency, TimeZone, Unit
from aduan.agencies.services import PROFILES_DIR, install_profile, read_profile_file

DEMO_PASSWORD = "aduan-demo"


@dataclass(frozen=True)
class DemoAgency:
    code: str
    profile: str
    name: str
    government: str
    city: str
    timezone: str
    units: tuple[tuple[str, str], ...]


DEMO_AGENCIES = {
    "seed_001": DemoAgency(
        "dpmptsp-contoh",
        "seed_001_dpmptsp.yaml",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "PEMERINTAH KABUPATEN CONTOH",
        "Kabupaten Contoh",
        TimeZone.WIB,
        (
            ("pengaduan", "Bidang Pengaduan, Kebijakan dan Pelaporan Layanan"),
            (
                "perizinan",
                "Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan",
            ),
            (
                "informasi",
                "Bidang Informasi dan Pengendalian Pelaksanaan Penanaman Modal",
            ),
        ),
    ),
    "seed_000": DemoAgency(
        "bappebti",
        "seed_000_bappebti.yaml",
        "Badan Pengawas Perdagangan Berjangka Komoditi",
        "KEMENTERIAN PERDAGANGAN REPUBLIK INDONESIA",
        "Jakarta",
        TimeZone.WIB,
        (("biro-hukum", "Biro Peraturan Perundang-undangan dan Penindakan"),),
    ),
    "seed_002": DemoAgency(
        "bc-malili",
        "seed_002_djbc_uki.yaml",
        "Kantor Pengawasan dan Pelayanan Bea dan Cukai Malili",
        "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
        "Malili",
        TimeZone.WITA,
        (("uki", "Unit Kepatuhan Internal"), ("p2", "Seksi Penindakan dan Penyidikan")),
    ),
    "seed_003": DemoAgency(
        "dpmptsp-babel",
        "seed_003_dpmptsp_babel.yaml",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "PEMERINTAH PROVINSI KEPULAUAN BANGKA BELITUNG",
        "Pangkalpinang",
        TimeZone.WIB,
        (("tim-teknis", "Tim Teknis PTSP"), ("opd-teknis", "OPD Teknis")),
    ),
    "seed_004": DemoAgency(
        "diskopindag-malang",
        "seed_004_diskopindag_malang.yaml",
        "Dinas Koperasi, Perindustrian dan Perdagangan",
        "PEMERINTAH KOTA MALANG",
        "Malang",
        TimeZone.WIB,
        (("perdagangan", "Bidang Perdagangan"), ("industri", "Bidang Perindustrian")),
    ),
}

# username suffix -> (role, display name, jabatan)
DEMO_USERS = (
    ("resepsionis", Role.RESEPSIONIS, "Rina Resepsionis", "Resepsionis"),
    ("petugas", Role.PETUGAS, "Putu Petugas", "Petugas Layanan Pengaduan"),
    ("analis", Role.ANALIS, "Andi Analis", "JFT Analis Kebijakan"),
    ("unit", Role.UNIT, "Umar Unit", "Staf Bidang"),
    ("kabid", Role.PEMARAF, "Kartika Kabid", "Kepala Bidang"),
    ("sekretaris", Role.PEMARAF, "Sari Sekretaris", "Sekretaris"),
    ("kepala", Role.PENANDATANGAN, "Hendra Kepala, S.H., M.Si.", "Kepala Dinas"),
    ("auditor", Role.AUDITOR, "Ayu Auditor", "Auditor Inspektorat"),
    ("admin", Role.ADMIN, "Adi Admin", "Admin Instansi"),
)


@transaction.atomic
def load_demo_agency(key: str = "seed_001", *, prefix: str = "") -> Agency:
    """Create (or refresh) one demo agency with its profile, units and users."""
    demo = DEMO_AGENCIES[key]
    agency, _ = Agency.objects.update_or_create(
        code=demo.code,
        defaults={
            "name": demo.name,
            "government": demo.government,
            "city": demo.city,
            "timezone": demo.timezone,
            "address": "Jalan Merdeka Nomor 1, " + demo.city,
            "phone": "(0341) 123456",
            "email": "pengaduan@example.go.id",
            "website": f"{demo.code}.example.go.id",
        },
    )
    install_profile(agency, read_profile_file(PROFILES_DIR / demo.profile))
    units = {
        code: Unit.objects.update_or_create(
            agency=agency, code=code, defaults={"name": name}
        )[0]
        for code, name in demo.units
    }
    first_unit = next(iter(units.values()))
    for index, (suffix, role, name, jabatan) in enumerate(DEMO_USERS, start=1):
        username = f"{prefix}{suffix}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "name": name,
                "jabatan": jabatan,
                "nip": f"19800101200501{index:04d}",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            # /admin/ shows every agency: only the main demo agency's admin (the
            # operator of the installation) gets it, never another agency's admin.
            operator = role == Role.ADMIN and not prefix
            user.is_staff = user.is_superuser = operator
            user.save()
        Membership.objects.update_or_create(
            user=user,
            agency=agency,
            role=role,
            unit=first_unit if role == Role.UNIT else None,
            defaults={"position": suffix if role == Role.PEMARAF else ""},
        )
    return agency
