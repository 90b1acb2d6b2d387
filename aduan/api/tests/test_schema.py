"""The OpenAPI schema, the self-hosted docs page, and schemathesis against both.

schemathesis generates requests for every operation from the schema and sends
them to the WSGI app in-process, authenticated with an API key: no response may
be a 5xx, and every response must match the schema.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application

OPEN311_POST = ("POST", "/open311/v2/requests.{fmt}")


def test_schema_is_openapi_3_with_every_operation(db):
    # when
    response = Client().get("/api/schema/", {"format": "json"})
    # then
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operations = {
        op["operationId"]
        for path in schema["paths"].values()
        for op in path.values()
        if isinstance(op, dict)
    }
    assert {
        "complaint_list",
        "complaint_create",
        "complaint_retrieve",
        "complaint_event_list",
        "complaint_action_list",
        "complaint_action_run",
        "attachment_list",
        "attachment_upload",
        "attachment_download",
        "disposition_list",
        "document_list",
        "document_download",
        "unit_list",
        "category_list",
        "open311_discovery",
        "open311_service_list",
        "open311_service_definition",
        "open311_request_list",
        "open311_request_create",
        "open311_request_retrieve",
        "open311_token_retrieve",
    } <= operations
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    problem = schema["paths"]["/api/v1/complaints/"]["get"]["responses"]["401"]
    assert "application/problem+json" in problem["content"]


def test_docs_page_loads_its_scripts_from_this_site(db):
    # when
    page = Client().get("/api/docs/").content.decode()
    # then no CDN: Swagger UI comes from the sidecar's static files
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    script = Client().get(
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    )
    assert script.status_code == 200


@pytest.fixture
def in_process_requests():
    # The WSGI app fires request_started/finished, whose handler would close the
    # test's connection mid-transaction; Django's own test client detaches it too.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(agency, make_key, complaint_in, routed):
    # Some data to find: a complaint routed to a unit, one just received.
    routed(complaint_in(what="Pungutan di loket"), "perizinan")
    complaint_in(what="Antrean lama")
    _, token = make_key(
        scopes=("complaints:read", "complaints:write", "open311"),
        roles=("petugas", "analis"),
        name="schemathesis",
    )
    return token


@pytest.fixture
def generous_limits(settings):
    # The fuzzer is one client sending many requests quickly.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/minute",
            "user": "100000/minute",
            "open311_post": "100000/minute",
        },
    }


# Loaded once, at collection, from the app itself (no database is needed to
# describe the API). schemathesis.pytest.from_fixture would load it per test, but
# it reads a pytest node attribute that pytest 9 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@schema.parametrize()
@hypothesis_settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(
    case, fuzz_token, generous_limits, in_process_requests
):
    # given an API key; Open311 POSTs carry it as api_key, as the spec says
    if (case.method, case.path) == OPEN311_POST and isinstance(case.body, dict):
        case.body["api_key"] = fuzz_token
    # when / then
    case.call_and_validate(
        headers={"Authorization": f"Bearer {fuzz_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
