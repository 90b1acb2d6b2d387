"""Public limits: body size, rate limits, and a clear 4xx for every bad request."""

from django.test import Client

from aduan.intake.models import Complaint


def test_an_oversized_json_body_is_413_before_parsing(make_key, key_client):
    # given
    client = key_client(make_key()[1])
    # when
    response = client.post(
        "/api/v1/complaints/create/",
        '{"what": "' + "x" * 300_000 + '"}',
        content_type="application/json",
    )
    # then
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert Complaint.objects.exists() is False


def test_malformed_json_is_400(make_key, key_client):
    # when
    response = key_client(make_key()[1]).post(
        "/api/v1/complaints/create/", "{not json", content_type="application/json"
    )
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_json_nested_too_deep_is_400_not_a_crash(make_key, key_client):
    # when a small body nests arrays thousands deep
    response = key_client(make_key()[1]).post(
        "/api/v1/complaints/create/",
        "[" * 5000 + "]" * 5000,
        content_type="application/json",
    )
    # then it is malformed input like any other, and nothing is saved
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert Complaint.objects.exists() is False


def test_a_wrong_content_type_is_415(make_key, key_client):
    # when
    response = key_client(make_key()[1]).post(
        "/api/v1/complaints/create/", "kind=x", content_type="text/plain"
    )
    # then
    assert response.status_code == 415


def test_a_wrong_method_is_405_problem(make_key, key_client):
    # when
    response = key_client(make_key()[1]).delete("/api/v1/complaints/")
    # then
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_api_address_is_a_problem_not_a_page(db):
    # when
    response = Client().get("/api/v2/nothing/")
    # then
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_callers_are_rate_limited_with_retry_after(settings, make_key, key_client):
    # given
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "3/minute",
        },
    }
    client = key_client(make_key()[1])
    # when
    codes = [client.get("/api/v1/categories/").status_code for _ in range(4)]
    # then
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/categories/")
    assert limited.json()["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0


def test_anonymous_readers_are_rate_limited_per_address(settings, agency):
    # given
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "2/minute",
        },
    }
    client = Client()
    # when
    codes = [client.get("/open311/v2/services.json").status_code for _ in range(3)]
    other = Client(REMOTE_ADDR="10.0.0.9").get("/open311/v2/services.json")
    # then
    assert codes == [200, 200, 429]
    assert other.status_code == 200


def test_guessing_keys_is_cut_off_before_any_lookup(settings, make_key, key_client):
    # given a low limit for wrong keys, and a right key from the same address
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "key_failures": "3/minute",
        },
    }
    _, token = make_key()
    guesses = [
        key_client(f"adn_0000000{n}_guess").get("/api/v1/categories/").status_code
        for n in range(4)
    ]
    # when
    right = key_client(token).get("/api/v1/categories/")
    open311 = Client().post("/open311/v2/requests.json", {"api_key": token})
    # then
    assert guesses == [401, 401, 401, 429]
    assert right.status_code == 429
    assert open311.status_code == 429
    assert open311.json()[0]["code"] == 429
