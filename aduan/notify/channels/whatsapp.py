"""WhatsApp through the same gateway interface as SMS (ADUAN_WHATSAPP_BACKEND, _URL,
_TOKEN); a business API that takes JSON fits HttpGateway's shape."""

from aduan.notify.channels.sms import gateway_for


def send_whatsapp(*, to: str, text: str, idempotency_key: str) -> str:
    """Send one WhatsApp message through the configured gateway."""
    return gateway_for("whatsapp").send(
        to=to, text=text, idempotency_key=idempotency_key
    )
