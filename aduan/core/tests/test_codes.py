from datetime import UTC, date

from hypothesis import given
from hypothesis import strategies as st

from aduan.core import codes
from aduan.core.numbering import format_number, pattern_errors

values = st.integers(min_value=0, max_value=2**80 - 1)


@given(values)
def test_code_round_trips_and_has_check_symbol(value):
    # given / when
    code = codes.encode(value)
    # then
    assert len(code) == 17
    assert codes.normalize(code) == code
    assert codes.decode(code) == value


@given(values)
def test_code_forgives_how_people_type_it(value):
    # given
    code = codes.encode(value)
    typed = codes.display(code).lower().replace("0", "o").replace("1", "l")
    # when / then
    assert codes.normalize(f"  {typed} ") == code


@given(values, st.integers(min_value=0, max_value=15), st.integers(1, 31))
def test_any_single_symbol_typo_is_caught(value, position, shift):
    # given: one data symbol replaced by another
    code = codes.encode(value)
    index = codes.ALPHABET.index(code[position])
    wrong = codes.ALPHABET[(index + shift) % 32]
    typo = code[:position] + wrong + code[position + 1 :]
    # when / then: the check symbol rejects it
    assert codes.normalize(typo) is None


def test_new_codes_are_random_and_distinct():
    assert len({codes.new_tracking_code() for _ in range(1000)}) == 1000


def test_register_pattern_tokens():
    # given a pattern with every token a register or letter number uses
    pattern = "{seq:06}/{kode}/{bulan_romawi}/{bulan2}/{tahun}"
    # when
    number = format_number(pattern, seq=123, on=date(2026, 11, 22), agency_code="dpm")
    # then
    assert number == "000123/dpm/XI/11/2026"
    assert pattern_errors(pattern) == []
    assert pattern_errors("ADU/{tahun}") == ["pola harus memuat {seq}"]
    assert "token tidak dikenal: nomor" in pattern_errors("{nomor}/{seq}")


def test_month_bounds_cross_the_year_in_the_agencys_zone():
    from datetime import datetime

    from aduan.core.dates import month_bounds

    start, end = month_bounds(date(2026, 12, 15), "Asia/Jayapura")
    # 1 December 00.00 WIT to 1 January 00.00 WIT, i.e. 15.00 UTC the day before
    assert start == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    assert end == datetime(2026, 12, 31, 15, 0, tzinfo=UTC)
