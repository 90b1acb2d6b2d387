"""Identity checks: NIK with python-stdnum, phone numbers with phonenumbers (region ID)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.id import nik as stdnum_nik


def clean_nik(value: str) -> str:
    """Return the 16-digit NIK or raise ValidationError in plain words."""
    digits = "".join(value.split()).replace(".", "").replace("-", "")
    if not digits:
        return ""
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 16:
        raise ValidationError(_("NIK harus 16 digit angka."), code="nik_length")
    if not stdnum_nik.is_valid(digits):
        raise ValidationError(
            _(
                "NIK tidak sah: kode wilayah atau tanggal lahir di dalamnya tidak sesuai."
            ),
            code="nik_invalid",
        )
    return digits


def clean_phone(value: str) -> str:
    """Return the number in E.164 (+62...) or raise ValidationError."""
    value = value.strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Nomor telepon tidak dapat dibaca. Contoh: 0812 3456 7890."),
            code="phone_parse",
        ) from error
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("Nomor telepon tidak sah. Contoh: 0812 3456 7890."), code="phone_invalid"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def clean_nip(value: str) -> str:
    """A civil servant number: 18 digits (spaces allowed as people print it)."""
    digits = "".join(value.split())
    if not digits:
        return ""
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 18:
        raise ValidationError(_("NIP harus 18 digit angka."), code="nip")
    return digits
