"""Outgoing channels: each hands one message to its provider and returns the
provider's id, or raises DeliveryError saying whether trying again can help."""


class DeliveryError(Exception):
    """The provider did not take the message; `permanent` means retrying is useless
    (a refused address, a rejected request), otherwise it is tried again later."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent
