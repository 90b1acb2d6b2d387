from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "aduan.core"
    label = "core"
