import pytest

from aduan.accounts.models import User
from aduan.agencies.models import Agency
from aduan.frontdesk.models import FrontdeskSettings


@pytest.fixture
def bappebti(agency_factory) -> Agency:
    """Seed 000's agency (call centre and on-site by appointment), users 000-*."""
    agency = agency_factory("seed_000", prefix="000-")
    FrontdeskSettings.objects.create(
        agency=agency, capacity=2, location="Lantai 2 Gedung Bappebti"
    )
    return agency


@pytest.fixture
def staff(bappebti):
    def get(suffix: str) -> User:
        return User.objects.get(username=f"000-{suffix}")

    return get


# The real SMTP server and HTTP gateway of aduan/notify's tests, for delivery.
from aduan.notify.tests.conftest import gateway, smtp_server  # noqa: E402, F401
