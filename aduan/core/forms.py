from django import forms

from aduan.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal beside the field it names, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
