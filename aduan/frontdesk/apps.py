from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "aduan.frontdesk"
    label = "frontdesk"
    verbose_name = _("Layanan depan")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from aduan.frontdesk.models import StandardAnswer
        from aduan.frontdesk.selectors import forget_public_answers

        # Any write (service, admin, shell) drops the cached FAQ list of the public form.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_public_answers,
                sender=StandardAnswer,
                dispatch_uid=f"forget_public_answers_{signal}",
            )
