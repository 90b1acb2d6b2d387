from django.core.management.base import BaseCommand

from aduan.agencies.demo import DEMO_AGENCIES, DEMO_PASSWORD, load_demo_agency


class Command(BaseCommand):
    help = "Create the demo agency (seed 001 profile by default) with a user per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--profile", default="seed_001", choices=sorted(DEMO_AGENCIES)
        )
        parser.add_argument("--all", action="store_true", help="all five seed agencies")

    def handle(self, *args, profile: str, all: bool, **options):
        keys = [profile] + (
            [k for k in sorted(DEMO_AGENCIES) if k != profile] if all else []
        )
        for index, key in enumerate(keys):
            # The first agency gets the plain logins; the others are prefixed.
            prefix = "" if index == 0 else f"{key.split('_')[1]}-"
            agency = load_demo_agency(key, prefix=prefix)
            self.stdout.write(f"Instansi demo: {agency.code} (profil {key})")
        self.stdout.write(f"Kata sandi semua pengguna demo: {DEMO_PASSWORD}")
