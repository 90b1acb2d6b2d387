"""E-mail out through Django's e-mail backend (SMTP in production, console in the
demo), plain text plus HTML, threaded on the complaint's tracking code."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from aduan.notify.channels import DeliveryError


def mail_domain() -> str:
    """The right-hand side of every Message-ID Aduan makes."""
    configured = getattr(settings, "ADUAN_EMAIL_DOMAIN", "")
    if configured:
        return configured
    sender = settings.DEFAULT_FROM_EMAIL
    return sender.rpartition("@")[2].strip(">").strip() or "aduan.invalid"


def message_id_for(key: str) -> str:
    """The stable Message-ID of an outbox row: the same on every attempt, so a copy
    that went out twice is recognisable as one message."""
    return f"<{key}@{mail_domain()}>"


def thread_id_for(tracking_code: str) -> str:
    """The thread root of a complaint; replies quote it in In-Reply-To/References."""
    return f"<aduan.{tracking_code}@{mail_domain()}>"


def send_email(
    *,
    key: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    language: str,
    thread_id: str = "",
) -> str:
    """Send one e-mail; return its Message-ID as the provider id."""
    message_id = message_id_for(key)
    headers = {
        "Message-ID": message_id,
        # RFC 3834: a notice sent by a program; well-behaved auto-responders stay quiet.
        "Auto-Submitted": "auto-generated",
        "Content-Language": language,
        "X-Aduan-Key": key,
    }
    if thread_id:
        headers["In-Reply-To"] = thread_id
        headers["References"] = thread_id
    reply_to = [settings.ADUAN_EMAIL_REPLY_TO] if settings.ADUAN_EMAIL_REPLY_TO else []
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to,
        headers=headers,
        connection=get_connection(fail_silently=False),
    )
    if html:
        email.attach_alternative(html, "text/html")
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(
            f"recipient refused: {error.recipients}", permanent=True
        ) from error
    except smtplib.SMTPResponseException as error:
        detail = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
        raise DeliveryError(detail, permanent=500 <= error.smtp_code < 600) from error
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error
    return message_id
