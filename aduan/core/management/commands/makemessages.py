from django.core.management.commands.makemessages import Command as MakeMessages


class Command(MakeMessages):
    """makemessages that also extracts `_l` (gettext_lazy as _l, used beside _)."""

    xgettext_options = [*MakeMessages.xgettext_options, "--keyword=_l"]
