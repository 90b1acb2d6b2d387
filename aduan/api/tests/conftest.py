"""Fixtures of the API tests: keys for the demo agency, clients that send them."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from aduan.accounts.models import User
from aduan.agencies.models import Unit
from aduan.api.services import create_api_key
from aduan.intake.services import ComplaintInput, ReporterInput, register_complaint
from aduan.workflow.services import (
    DispositionInput,
    dispose_complaint,
    verify_complaint,
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_key(agency):
    def make(
        *,
        scopes=("complaints:read", "complaints:write"),
        roles=("petugas",),
        unit: str = "",
        name: str = "Integrasi",
        on=None,
    ):
        target = on or agency
        unit_row = Unit.objects.get(agency=target, code=unit) if unit else None
        return create_api_key(
            target,
            name=name,
            scopes=scopes,
            roles=() if unit_row else roles,
            unit=unit_row,
        )

    return make


@pytest.fixture
def key_client():
    def make(token: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    return make


@pytest.fixture
def complaint_in(agency, officer):
    def make(**overrides):
        data = {
            "kind": "pengaduan",
            "channel": "telepon",
            "what": "Izin usaha saya belum terbit sejak bulan lalu.",
            "reporter": ReporterInput(
                name="Budi Santoso", phone="+6281234567890", nik="3201011501900001"
            ),
            **overrides,
        }
        return register_complaint(
            agency=agency, data=ComplaintInput(**data), actor=officer
        )

    return make


@pytest.fixture
def routed(agency):
    def route(complaint, unit_code: str):
        """Verify a complaint and route it to one unit, as the analyst does."""
        verify_complaint(complaint, actor=User.objects.get(username="petugas"))
        dispose_complaint(
            complaint,
            actor=User.objects.get(username="analis"),
            data=DispositionInput(
                units=(Unit.objects.get(agency=agency, code=unit_code),),
                instruction="telaah",
            ),
        )
        return complaint

    return route
