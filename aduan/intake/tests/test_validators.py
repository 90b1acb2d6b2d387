import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from aduan.intake.validators import clean_nik, clean_nip, clean_phone

# Real region codes (province 31 DKI Jakarta, 35 Jawa Timur, 73 Sulawesi Selatan).
regions = st.sampled_from(["317101", "357301", "731701", "190101"])
birthdays = st.dates().filter(lambda d: 1940 <= d.year <= 2009)


@given(regions, birthdays, st.booleans(), st.integers(1, 9999))
def test_valid_nik_round_trips(region, born, female, serial):
    # given a NIK built as Dukcapil builds them (women: day + 40)
    day = born.day + (40 if female else 0)
    nik = f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    # when / then: spaces people type are forgiven
    assert clean_nik(f"{nik[:6]} {nik[6:12]} {nik[12:]}") == nik


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("123", "NIK harus 16 digit angka."),
        ("31710115019000AB", "NIK harus 16 digit angka."),
        ("3171013201900001", "NIK tidak sah"),  # 32 January
        # the right digits in another script are not a NIK the registry knows
        ("٣١٧١٠١١٥٠١٩٠٠٠٠١", "NIK harus 16 digit angka."),
    ],
)
def test_bad_nik_is_explained(value, message):
    with pytest.raises(ValidationError) as caught:
        clean_nik(value)
    assert message in caught.value.messages[0]


@given(
    st.sampled_from(["811", "812", "813", "821", "852", "857", "878", "895"]),
    st.integers(10_000_000, 99_999_999),
)
def test_indonesian_mobile_numbers_are_stored_as_e164(prefix, rest):
    # given a number written the local way
    local = f"0{prefix}-{str(rest)[:4]}-{str(rest)[4:]}"
    # when
    stored = clean_phone(local)
    # then: E.164 that parses back to the same number
    assert stored == f"+62{prefix}{rest}"
    assert phonenumbers.is_valid_number(phonenumbers.parse(stored))
    assert clean_phone(stored) == stored


@pytest.mark.parametrize("value", ["abc", "0812", "+62 21 1"])
def test_bad_phone_is_refused(value):
    with pytest.raises(ValidationError):
        clean_phone(value)


def test_nip_needs_18_digits():
    assert clean_nip("19800101 200501 1 001") == "198001012005011001"
    with pytest.raises(ValidationError):
        clean_nip("1980")
    with pytest.raises(ValidationError):  # Arabic-Indic digits
        clean_nip("١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١")
