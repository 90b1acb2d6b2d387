"""Issue, list and revoke API keys from the shell.

    manage.py api_key create --agency dpmptsp-contoh --name "SP4N bridge" \\
        --scope complaints:read --scope complaints:write --role petugas
    manage.py api_key create --agency dpmptsp-contoh --name "Bidang X" \\
        --scope complaints:read --unit pengaduan
    manage.py api_key list [--agency CODE]
    manage.py api_key revoke PREFIX
"""

from django.core.management.base import BaseCommand, CommandError

from aduan.agencies.models import Agency, Unit
from aduan.api.models import ApiKey, Scope
from aduan.api.services import create_api_key, revoke_api_key
from aduan.core.errors import DomainError


class Command(BaseCommand):
    help = "Issue, list and revoke API keys for integrations."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a key; prints the token once")
        create.add_argument("--agency", required=True, help="agency code")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--scope", action="append", required=True, choices=Scope.values
        )
        create.add_argument(
            "--role", action="append", default=[], help="role of the service account"
        )
        create.add_argument("--unit", default="", help="unit code: routed cases only")
        listing = sub.add_parser("list", help="list keys")
        listing.add_argument("--agency", default="")
        revoke = sub.add_parser("revoke", help="revoke a key at once")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _create(self, *, agency, name, scope, role, unit, **_) -> None:
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise CommandError(f"No agency with code {agency!r}.")
        unit_row = None
        if unit:
            unit_row = Unit.objects.filter(agency=found, code=unit).first()
            if unit_row is None:
                raise CommandError(f"No unit {unit!r} in {agency}.")
        try:
            key, token = create_api_key(
                found, name=name, scopes=scope, roles=role, unit=unit_row
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stderr.write(f"Key {key.prefix} for {found.code}: copy the token now.")
        self.stdout.write(token)

    def _list(self, *, agency, **_) -> None:
        keys = ApiKey.objects.select_related("agency", "unit").order_by("created_at")
        if agency:
            keys = keys.filter(agency__code=agency)
        for key in keys:
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            unit = key.unit.code if key.unit else "-"
            self.stdout.write(
                f"{key.prefix}  {key.agency.code}  {key.name}  "
                f"scopes={','.join(key.scopes)}  unit={unit}  used={used}  {state}"
            )

    def _revoke(self, *, prefix, **_) -> None:
        key = ApiKey.objects.filter(prefix=prefix).first()
        if key is None:
            raise CommandError(f"No key with prefix {prefix!r}.")
        revoke_api_key(key)
        self.stdout.write(f"Revoked {key.prefix} ({key.name}).")
