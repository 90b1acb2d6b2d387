from django.core.management.base import BaseCommand, CommandError

from aduan.agencies.models import Agency
from aduan.agencies.services import install_profile, read_profile_file
from aduan.core.errors import DomainError


class Command(BaseCommand):
    help = "Validate an SOP profile YAML and install it as the agency's active version."

    def add_arguments(self, parser):
        parser.add_argument("agency_code")
        parser.add_argument("path", help="YAML file, or a name in agencies/profiles/")
        parser.add_argument("--check", action="store_true", help="validate only")

    def handle(self, *args, agency_code: str, path: str, check: bool, **options):
        try:
            config = read_profile_file(path)
        except DomainError as error:
            raise CommandError(f"Profil tidak sah:\n{error.message}") from error
        if check:
            self.stdout.write(self.style.SUCCESS("Profil sah."))
            return
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise CommandError(f"Instansi dengan kode {agency_code!r} tidak ada.")
        profile = install_profile(agency, config)
        self.stdout.write(self.style.SUCCESS(f"Aktif: {profile} ({agency.code})"))
