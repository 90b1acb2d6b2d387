"""SMS (and WhatsApp) through a gateway adapter: one real HTTP provider shape and a
development adapter that only logs. Chosen by ADUAN_SMS_BACKEND ("log", "http" or a
dotted path to a class with the same constructor)."""

import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from aduan.notify.channels import DeliveryError

logger = logging.getLogger("aduan.notify")

# Statuses after which the same request may succeed later.
RETRYABLE_HTTP = frozenset({408, 425, 429})


class Gateway(Protocol):
    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        """Hand one message to the provider; return its id or raise DeliveryError."""


class LogGateway:
    """Development: write the message to the log; nothing leaves the machine."""

    def __init__(self, *, channel: str = "sms", **_options: object):
        self.channel = channel

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        logger.warning(
            "[%s to %s] %s (key %s)", self.channel, to, text, idempotency_key
        )
        return f"log:{idempotency_key}"


class HttpGateway:
    """A JSON-over-HTTPS provider: POST {to, text, channel, reference, sender} to a
    configurable URL with a bearer token, and the message's idempotency key in the
    Idempotency-Key header, which the provider uses to refuse a second copy. Expects
    2xx with {"id": ...}."""

    def __init__(
        self,
        *,
        url: str,
        token: str = "",
        sender: str = "",
        channel: str = "sms",
        timeout: float = 10.0,
    ):
        if not url:
            raise ValueError("HttpGateway needs a URL")
        self.url, self.token, self.sender = url, token, sender
        self.channel, self.timeout = channel, timeout

    def send(self, *, to: str, text: str, idempotency_key: str) -> str:
        body = json.dumps(
            {
                "to": to,
                "text": text,
                "channel": self.channel,
                "reference": idempotency_key,
                "sender": self.sender,
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Idempotency-Key": idempotency_key,
            "User-Agent": "Aduan",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            self.url, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read(64 * 1024)
        except urllib.error.HTTPError as error:
            detail = error.read(2000).decode("utf-8", "replace")
            permanent = 400 <= error.code < 500 and error.code not in RETRYABLE_HTTP
            raise DeliveryError(
                f"HTTP {error.code}: {detail}", permanent=permanent
            ) from error
        except (urllib.error.URLError, OSError) as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from error
        try:
            data = json.loads(payload or b"{}")
        except ValueError as error:
            raise DeliveryError("provider answered with no JSON") from error
        provider_id = (
            (data.get("id") or data.get("message_id"))
            if isinstance(data, dict)
            else None
        )
        if not provider_id:
            raise DeliveryError("provider answered without a message id")
        return str(provider_id)


BACKENDS = {"log": LogGateway, "http": HttpGateway}


def gateway_for(channel: str) -> Gateway:
    """The configured gateway of a channel ("sms" or "whatsapp"), read at call time."""
    prefix = "ADUAN_SMS" if channel == "sms" else "ADUAN_WHATSAPP"
    name = getattr(settings, f"{prefix}_BACKEND", "log") or "log"
    cls = BACKENDS.get(name) or import_string(name)
    if cls is LogGateway:
        return cls(channel=channel)
    return cls(
        url=getattr(settings, f"{prefix}_URL", ""),
        token=getattr(settings, f"{prefix}_TOKEN", ""),
        sender=getattr(settings, f"{prefix}_SENDER", ""),
        channel=channel,
        timeout=settings.ADUAN_GATEWAY_TIMEOUT,
    )


def send_sms(*, to: str, text: str, idempotency_key: str) -> str:
    """Send one SMS through the configured gateway."""
    return gateway_for("sms").send(to=to, text=text, idempotency_key=idempotency_key)
