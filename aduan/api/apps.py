from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "aduan.api"
    label = "api"

    def ready(self) -> None:
        # Registers the OpenAPI description of API-key authentication.
        from aduan.api import schema  # noqa: F401
