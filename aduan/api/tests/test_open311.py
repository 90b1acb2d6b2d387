"""Open311 GeoReport v2 conformance, written from the specification
(wiki.open311.org/GeoReport_v2): both formats, required fields, errors, and a
POST followed by a GET that shows the request."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from aduan.accounts.models import User
from aduan.intake.models import Complaint
from aduan.workflow.services import forward_complaint, reject_complaint

BASE = "/open311/v2"
SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
DATATYPES = {
    "string",
    "number",
    "datetime",
    "text",
    "singlevaluelist",
    "multivaluelist",
}


def xml(response) -> ElementTree.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(response.content)


def json(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


@pytest.fixture
def open311_key(make_key):
    return make_key(scopes=("open311",), roles=("petugas",), name="Aplikasi Warga")


class KeyedClient(Client):
    """An integration reading requests: its api_key goes with every GET."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def get(self, path, data=None, **extra):
        return super().get(path, {**(data or {}), "api_key": self.token}, **extra)


def post_request(client, token, fmt="json", **fields):
    data = {
        "api_key": token,
        "service_code": "pengaduan",
        "lat": "-7.983908",
        "long": "112.621391",
        "address_string": "Jl. Merdeka 1, Kabupaten Contoh",
        "first_name": "Dewi",
        "last_name": "Lestari",
        "email": "dewi@example.com",
        "phone": "0812 3456 7890",
        "description": "Jalan berlubang di depan kantor.\nMohon diperbaiki.",
        "attribute[category]": "sarana",
        **fields,
    }
    return client.post(f"{BASE}/requests.{fmt}", data)


# Discovery ---------------------------------------------------------------------


def test_discovery_in_both_formats(agency):
    # when
    as_json = json(Client().get(f"{BASE}/discovery.json"))
    as_xml = xml(Client().get(f"{BASE}/discovery.xml"))
    # then
    assert set(as_json) == {"changeset", "contact", "key_service", "endpoints"}
    endpoint = as_json["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] in {"production", "test"}
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert as_xml.tag == "discovery"
    formats = as_xml.findall("endpoints/endpoint/formats/format")
    assert {f.text for f in formats} == {"text/xml", "application/json"}


# Services ------------------------------------------------------------------------


def test_service_list_json(agency):
    # when
    services = json(Client().get(f"{BASE}/services.json"))
    # then every service has every field, with the spec's values
    assert [s["service_code"] for s in services] == [
        "pengaduan",
        "saran",
        "aspirasi",
        "permintaan_informasi",
    ]
    for service in services:
        assert set(service) == SERVICE_FIELDS
        assert service["metadata"] is True
        assert service["type"] == "realtime"


def test_service_list_xml(agency):
    # when
    root = xml(Client().get(f"{BASE}/services.xml"))
    # then
    assert root.tag == "services"
    first = root.find("service")
    assert {child.tag for child in first} == SERVICE_FIELDS
    assert first.findtext("metadata") == "true"


def test_service_definition_json_and_xml(agency):
    # when
    definition = json(Client().get(f"{BASE}/services/pengaduan.json"))
    root = xml(Client().get(f"{BASE}/services/pengaduan.xml"))
    # then
    assert definition["service_code"] == "pengaduan"
    orders = [a["order"] for a in definition["attributes"]]
    assert orders == sorted(set(orders)) and min(orders) == 1
    for attribute in definition["attributes"]:
        assert {
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description",
        } <= set(attribute)
        assert attribute["datatype"] in DATATYPES
        if attribute["datatype"].endswith("valuelist"):
            assert all(set(v) == {"key", "name"} for v in attribute["values"])
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "pengaduan"
    category = next(
        a
        for a in root.findall("attributes/attribute")
        if a.findtext("code") == "category"
    )
    assert category.findtext("datatype") == "singlevaluelist"
    assert category.find("values/value/key").text == "persyaratan"


def test_required_attributes_follow_the_agencys_sop(agency_factory):
    # given seed 002 requires who, when, where and how
    agency_factory("seed_002", prefix="002-")
    # when
    definition = json(
        Client().get(
            f"{BASE}/services/pengaduan.json", {"jurisdiction_id": "bc-malili"}
        )
    )
    # then
    required = {a["code"] for a in definition["attributes"] if a["required"]}
    assert required == {"who", "when", "where", "how"}


def test_unknown_service_code_is_404_in_the_spec_error_format(agency):
    # when
    as_json = Client().get(f"{BASE}/services/parkir.json")
    as_xml = Client().get(f"{BASE}/services/parkir.xml")
    # then
    assert as_json.status_code == 404
    assert json(as_json) == [
        {"code": 404, "description": as_json.json()[0]["description"]}
    ]
    assert as_xml.status_code == 404
    root = xml(as_xml)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"
    assert root.findtext("error/description")


# Jurisdictions -----------------------------------------------------------------


def test_jurisdiction_is_required_once_several_agencies_serve(agency, agency_factory):
    # given a second agency taking public complaints
    agency_factory("seed_000", prefix="000-")
    # when
    missing = Client().get(f"{BASE}/services.json")
    unknown = Client().get(
        f"{BASE}/services.json", {"jurisdiction_id": "nowhere.go.id"}
    )
    by_code = Client().get(f"{BASE}/services.json", {"jurisdiction_id": agency.code})
    by_site = Client().get(
        f"{BASE}/services.json", {"jurisdiction_id": "www." + agency.website}
    )
    # then
    assert missing.status_code == 400
    assert missing.json()[0]["code"] == 400
    assert "jurisdiction_id" in missing.json()[0]["description"]
    assert unknown.status_code == 404
    assert by_code.status_code == 200
    assert by_site.json() == by_code.json()


def test_an_agency_without_the_web_channel_offers_no_services(agency_factory):
    # given seed 004 takes complaints at the desk and by phone only
    agency_factory("seed_004", prefix="004-")
    # when
    services = Client().get(
        f"{BASE}/services.json", {"jurisdiction_id": "diskopindag-malang"}
    )
    # then
    assert services.json() == []


# POST and GET --------------------------------------------------------------------


def test_post_then_get_shows_the_request(agency, open311_key):
    # given
    _, token = open311_key
    client = KeyedClient(token)
    # when
    created = post_request(client, token)
    number = json(created)[0]["service_request_id"]
    one = json(client.get(f"{BASE}/requests/{number}.json"))
    listed = json(client.get(f"{BASE}/requests.json"))
    # then the POST answered per the spec
    assert created.status_code == 200
    assert set(created.json()[0]) == {
        "service_request_id",
        "service_notice",
        "account_id",
    }
    assert number.startswith("ADU/")
    complaint = Complaint.objects.get(register_number=number)
    assert complaint.tracking_code in created.json()[0]["service_notice"]
    # and the GET shows it, open, with what was sent
    request = one[0]
    assert set(request) == REQUEST_FIELDS
    assert request["service_request_id"] == number
    assert request["status"] == "open"
    assert request["service_code"] == "pengaduan"
    assert request["description"] == "Jalan berlubang di depan kantor."
    assert (request["lat"], request["long"]) == (-7.983908, 112.621391)
    assert request["address"].startswith("Jl. Merdeka 1")
    assert request["agency_responsible"] == agency.name
    assert request["requested_datetime"].endswith("+07:00")
    assert number in [r["service_request_id"] for r in listed]
    # and the complaint is a public web submission with the reporter's data
    assert complaint.channel == "website"
    assert complaint.category == "sarana"
    assert complaint.reporter.name == "Dewi Lestari"
    assert complaint.reporter.phone == "+6281234567890"
    assert complaint.registered_by is None
    assert "Open311" in complaint.events.first().actor_label


def test_post_and_get_in_xml(agency, open311_key):
    # given
    _, token = open311_key
    client = KeyedClient(token)
    # when
    created = xml(post_request(client, token, fmt="xml"))
    number = created.findtext("request/service_request_id")
    fetched = xml(client.get(f"{BASE}/requests/{number}.xml"))
    # then
    assert created.tag == "service_requests"
    assert created.find("request/account_id") is not None
    assert fetched.tag == "service_requests"
    request = fetched.find("request")
    assert {child.tag for child in request} == REQUEST_FIELDS
    assert request.findtext("status") == "open"
    assert request.findtext("lat") == "-7.983908"


def test_the_public_listing_shows_no_personal_data(agency, open311_key):
    # given
    _, token = open311_key
    client = KeyedClient(token)
    post_request(client, token)
    # when
    body = client.get(f"{BASE}/requests.json").content.decode()
    # then
    for secret in ("Dewi", "dewi@example.com", "81234567890", "Mohon diperbaiki"):
        assert secret not in body


def test_secret_complaints_are_never_listed(agency, open311_key):
    # given
    _, token = open311_key
    client = KeyedClient(token)
    number = post_request(client, token, **{"attribute[is_secret]": "true"}).json()[0][
        "service_request_id"
    ]
    # when
    listed = client.get(f"{BASE}/requests.json").json()
    one = client.get(f"{BASE}/requests/{number}.json")
    # then
    assert listed == []
    assert one.status_code == 404


@pytest.mark.parametrize(
    "fields, fragment",
    [
        ({"lat": "", "long": "", "address_string": ""}, "lat & long"),
        ({"long": ""}, "lat dan long"),
        ({"service_code": ""}, "service_code"),
        ({"description": ""}, "description"),
        ({"lat": "91"}, "lat"),
        ({"email": "bukan-email"}, "email"),
        ({"attribute[warna]": "merah"}, "attribute[warna]"),
        ({"attribute[category]": "rasa"}, "attribute[category]"),
        ({"attribute[service_date]": "kemarin"}, "attribute[service_date]"),
        # well formed, but no such day
        ({"attribute[service_date]": "2026-02-30"}, "attribute[service_date]"),
        ({"attribute[service_date]": "0000-01-01"}, "attribute[service_date]"),
    ],
)
def test_bad_posts_are_400_with_a_description(agency, open311_key, fields, fragment):
    # given
    _, token = open311_key
    # when
    response = post_request(Client(), token, **fields)
    # then
    assert response.status_code == 400
    errors = response.json()
    assert all(e["code"] == 400 for e in errors)
    assert any(fragment in e["description"] for e in errors)
    assert Complaint.objects.exists() is False


def test_a_missing_required_attribute_is_400(agency_factory, make_key):
    # given seed 002 requires 5W1H
    malili = agency_factory("seed_002", prefix="002-")
    _, token = make_key(scopes=("open311",), on=malili)
    # when
    response = post_request(Client(), token, jurisdiction_id="bc-malili")
    # then
    assert response.status_code == 400
    assert "attribute[who]" in response.json()[0]["description"]


def test_post_without_a_valid_key_is_403(agency, open311_key, make_key):
    # given
    _, token = open311_key
    _, read_only = make_key(scopes=("complaints:read",))
    client = Client()
    # when
    missing = post_request(client, "")
    wrong = post_request(client, token + "x")
    out_of_scope = post_request(client, read_only)
    as_xml = post_request(client, "", fmt="xml")
    # then
    assert [r.status_code for r in (missing, wrong, out_of_scope, as_xml)] == [403] * 4
    assert missing.json()[0]["code"] == 403
    assert xml(as_xml).findtext("error/code") == "403"
    assert Complaint.objects.exists() is False


def test_a_key_posts_only_to_its_own_jurisdiction(agency, agency_factory, open311_key):
    # given
    agency_factory("seed_000", prefix="000-")
    _, token = open311_key
    # when
    response = post_request(Client(), token, jurisdiction_id="bappebti")
    # then
    assert response.status_code == 403
    assert Complaint.objects.exists() is False


def test_a_revoked_key_is_refused_at_once(agency, open311_key):
    # given
    from aduan.api.services import revoke_api_key

    key, token = open311_key
    assert post_request(Client(), token).status_code == 200
    # when
    revoke_api_key(key)
    response = post_request(Client(), token)
    # then
    assert response.status_code == 403


def test_posts_are_rate_limited_per_key(settings, agency, open311_key):
    # given
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "open311_post": "1/minute",
        },
    }
    _, token = open311_key
    client = Client()
    # when
    first, second = post_request(client, token), post_request(client, token)
    # then
    assert (first.status_code, second.status_code) == (200, 429)
    assert second.json()[0]["code"] == 429
    assert Complaint.objects.count() == 1


def test_an_oversized_post_is_413(agency, open311_key):
    # given
    _, token = open311_key
    # when
    response = post_request(Client(), token, description="x" * 70_000)
    # then
    assert response.status_code == 413
    assert response.json()[0]["code"] == 413


# Status mapping and filters ------------------------------------------------------


def test_closed_complaints_are_closed_with_notes(open311_key, agency, complaint_in):
    # given one rejected and one forwarded complaint, and one still open
    officer = User.objects.get(username="petugas")
    rejected = complaint_in(what="Di luar kewenangan")
    reject_complaint(rejected, actor=officer, reason="di_luar_lingkup", note="")
    forwarded = complaint_in(what="Urusan kota")
    forward_complaint(forwarded, actor=officer, to="Dinas PU Kota", note="")
    still_open = complaint_in(what="Masih diproses")
    client = KeyedClient(open311_key[1])
    # when
    closed = json(client.get(f"{BASE}/requests.json", {"status": "closed"}))
    opened = json(client.get(f"{BASE}/requests.json", {"status": "open"}))
    both = json(client.get(f"{BASE}/requests.json", {"status": "open,closed"}))
    # then
    by_id = {r["service_request_id"]: r for r in closed}
    assert set(by_id) == {rejected.register_number, forwarded.register_number}
    assert "Di luar lingkup layanan" in by_id[rejected.register_number]["status_notes"]
    assert by_id[forwarded.register_number]["agency_responsible"] == "Dinas PU Kota"
    assert [r["service_request_id"] for r in opened] == [still_open.register_number]
    assert len(both) == 3


def test_list_filters_by_ids_codes_and_dates(open311_key, agency, complaint_in):
    # given
    first = complaint_in(what="Satu")
    second = complaint_in(what="Dua", kind="saran")
    client = KeyedClient(open311_key[1])
    now = timezone.now()
    # when
    by_ids = json(
        client.get(
            f"{BASE}/requests.json",
            {"service_request_id": f"{first.register_number},{second.register_number}"},
        )
    )
    by_code = json(client.get(f"{BASE}/requests.json", {"service_code": "saran"}))
    in_range = json(
        client.get(
            f"{BASE}/requests.json",
            {
                "start_date": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "end_date": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )
    )
    before = json(
        client.get(f"{BASE}/requests.json", {"end_date": "2020-01-01T00:00:00Z"})
    )
    # then
    assert {r["service_request_id"] for r in by_ids} == {
        first.register_number,
        second.register_number,
    }
    assert [r["service_request_id"] for r in by_code] == [second.register_number]
    assert len(in_range) == 2
    assert before == []


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "kemarin"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
        {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
        {"status": "pending"},
        {"service_code": "parkir"},
        # the ends of the calendar, where the 90-day window would overflow
        {"start_date": "0001-01-01"},
        {"start_date": "9999-12-31"},
        {"end_date": "0001-01-01T00:00:00Z"},
        {"start_date": "0001-01-01", "end_date": "0001-01-02"},
    ],
)
def test_bad_filters_are_400(open311_key, agency, params):
    # when
    response = KeyedClient(open311_key[1]).get(f"{BASE}/requests.json", params)
    # then
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_an_unknown_request_is_404(open311_key, agency):
    # when
    response = KeyedClient(open311_key[1]).get(f"{BASE}/requests/ADU/2026/999999.xml")
    # then
    assert response.status_code == 404
    assert xml(response).findtext("error/code") == "404"


# Tokens ----------------------------------------------------------------------------


def test_a_tracking_code_is_a_token_for_the_service_request_id(agency, complaint_in):
    # given
    complaint = complaint_in()
    # when
    found = json(Client().get(f"{BASE}/tokens/{complaint.tracking_code}.json"))
    missing = Client().get(f"{BASE}/tokens/0000000000000000.json")
    # then
    assert found == [
        {
            "service_request_id": complaint.register_number,
            "token": complaint.tracking_code,
        }
    ]
    assert missing.status_code == 404


def test_an_unknown_open311_address_is_a_spec_error(agency):
    # when
    response = Client().get(f"{BASE}/nothing.json")
    # then
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


def test_reading_requests_needs_a_key_of_the_jurisdiction(
    agency, agency_factory, open311_key, make_key
):
    # given a request filed through Open311
    _, token = open311_key
    number = json(post_request(Client(), token))[0]["service_request_id"]
    # when the public reads without a key: only the tracking code opens a complaint
    anonymous_list = Client().get(f"{BASE}/requests.json")
    anonymous_one = Client().get(f"{BASE}/requests/{number}.xml")
    # then
    assert anonymous_list.status_code in (401, 403)
    assert number not in anonymous_list.content.decode()
    assert anonymous_one.status_code in (401, 403)
    assert xml(anonymous_one).findtext("error/code") in ("401", "403")
    # and a key of another agency reads nothing here
    agency_factory("seed_003", prefix="babel-")
    from aduan.agencies.models import Agency

    other = Agency.objects.get(code="dpmptsp-babel")
    _, foreign = make_key(scopes=("open311",), roles=("petugas",), on=other)
    refused = Client().get(
        f"{BASE}/requests.json", {"api_key": foreign, "jurisdiction_id": agency.code}
    )
    assert refused.status_code == 403


def test_a_unit_key_reads_only_what_is_routed_to_its_unit(
    agency, make_key, complaint_in, routed
):
    # given two complaints, one routed to perizinan and one to another unit
    mine = routed(complaint_in(), "perizinan")
    other = routed(complaint_in(), "pengaduan")
    _, token = make_key(scopes=("open311",), unit="perizinan")
    client = KeyedClient(token)
    # when the unit's integration lists requests and asks for the other one
    listed = json(client.get(f"{BASE}/requests.json"))
    asked = client.get(f"{BASE}/requests/{other.register_number}.json")
    # then it sees its own only
    assert [r["service_request_id"] for r in listed] == [mine.register_number]
    assert asked.status_code == 404
