"""Indonesian number words (DOCUMENTS.md §6): the se- forms for one, then the rest."""

from datetime import date

import pytest

from aduan.documents.terbilang import date_in_words, number_words, quantity


@pytest.mark.parametrize(
    ("n", "words"),
    [
        # units and the se- forms
        (0, "nol"),
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        # tens
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (22, "dua puluh dua"),
        (99, "sembilan puluh sembilan"),
        # hundreds and thousands
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (2000, "dua ribu"),
        (2026, "dua ribu dua puluh enam"),
        (10_000, "sepuluh ribu"),
        (11_000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (
            999_999,
            "sembilan ratus sembilan puluh sembilan "
            "ribu sembilan ratus sembilan puluh "
            "sembilan",
        ),
        # larger scales: "satu juta", never "sejuta" in official writing
        (1_000_000, "satu juta"),
        (2_500_000, "dua juta lima ratus ribu"),
        (1_000_000_000, "satu miliar"),
        (3_000_000_000_000, "tiga triliun"),
    ],
)
def test_number_words(n, words):
    assert number_words(n) == words


def test_quantity_writes_digits_then_words():
    assert quantity(14, "hari kerja") == "14 (empat belas) hari kerja"
    assert quantity(2) == "2 (dua)"


def test_berita_acara_date_in_words():
    assert date_in_words(date(2026, 11, 22)) == (
        "hari Minggu tanggal dua puluh dua bulan November tahun dua ribu dua puluh enam"
    )


def test_negative_and_too_large():
    assert number_words(-5) == "minus lima"
    with pytest.raises(ValueError):
        number_words(10**15)
