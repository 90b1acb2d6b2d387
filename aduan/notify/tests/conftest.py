import pytest

from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.notify.tests.servers import GatewayServer, SmtpServer


@pytest.fixture
def smtp_server(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
        settings.DEFAULT_FROM_EMAIL = "Pengaduan DPMPTSP <pengaduan@dpmptsp.test>"
        yield server


@pytest.fixture
def gateway(settings):
    with GatewayServer() as server:
        settings.ADUAN_SMS_BACKEND = "http"
        settings.ADUAN_SMS_URL = server.url
        settings.ADUAN_SMS_TOKEN = server.state.token
        settings.ADUAN_WHATSAPP_BACKEND = "http"
        settings.ADUAN_WHATSAPP_URL = server.url
        settings.ADUAN_WHATSAPP_TOKEN = server.state.token
        yield server


@pytest.fixture
def follow(agency, officer):
    """Register a complaint whose reporter follows the case (seed 002 steps 7-9)."""

    def make(
        *,
        email: str = "",
        phone: str = "",
        wants_updates: bool = True,
        language: str = "id",
        subject: str = "Izin usaha belum terbit",
        on=None,
    ):
        return register_complaint(
            agency=on or agency,
            actor=officer if on is None else None,
            data=ComplaintInput(
                kind="pengaduan",
                channel="telepon" if on is None else "website",
                subject=subject,
                what="Sudah tiga minggu izin belum terbit.",
                wants_updates=wants_updates,
                language=language,
                reporter=ReporterInput(name="Siti Aminah", email=email, phone=phone),
            ),
        )

    return make
