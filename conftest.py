"""Shared fixtures: a demo agency (seed 001 profile) with a user for every role."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from aduan.accounts.models import User
from aduan.agencies.demo import load_demo_agency
from aduan.agencies.models import Agency

# Smallest valid files of each kind, judged by their bytes (filetype).
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01"
    b"\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # Primary keys repeat between tests; a fragment cached under a key of one
    # test's profile must not show up in the next, nor in the other xdist worker's
    # tests (a shared REDIS_URL cache would): each process keeps its own.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    cache.clear()
    # A request in English leaves English active in the thread; code that runs
    # outside a request (mail ingest, tasks) must start from the default language.
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def agency(db) -> Agency:
    return load_demo_agency("seed_001")


@pytest.fixture
def agency_factory(db):
    def make(key: str = "seed_001", prefix: str = "") -> Agency:
        return load_demo_agency(key, prefix=prefix)

    return make


@pytest.fixture
def user_for(agency):
    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def client_for(agency):
    def make(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def officer(user_for) -> User:
    return user_for("petugas")
