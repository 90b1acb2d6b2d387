from django import forms
from django.core.exceptions import ValidationError

from aduan.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal beside the field it names, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


# The largest id the primary keys hold (BigAutoField: a signed 64-bit integer).
MAX_ID = 2**63 - 1


def id_param(text: str) -> int | None:
    """A row id from a query string; None for anything else (letters, another
    script's digits, or a number no id column can hold)."""
    if (
        len(text) <= 19
        and text.isascii()
        and text.isdigit()
        and 0 < int(text) <= MAX_ID
    ):
        return int(text)
    return None


class IdsField(forms.ModelMultipleChoiceField):
    """Rows picked by id. A number no id column holds is "not a valid choice" like
    any other: Django's own check sends it to the database, where it overflows."""

    def _check_values(self, value):
        for pk in value:
            if id_param(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
