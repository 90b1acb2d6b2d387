"""Writes of the front desk: calls, standard answers, appointments and visits."""

from aduan.frontdesk.services.answers import (
    AnswerInput,
    record_deflection,
    save_standard_answer,
)
from aduan.frontdesk.services.appointments import (
    AppointmentRequestInput,
    accept_proposal,
    cancel_appointment,
    confirm_appointment,
    mark_no_show,
    propose_appointment,
    request_appointment,
    request_from_complaint,
    reschedule_appointment,
    send_due_reminders,
)
from aduan.frontdesk.services.calls import (
    CallInput,
    evidence_channels_text,
    finish_call,
    procedure_message,
    read_back,
    start_call,
)
from aduan.frontdesk.services.common import manage_url
from aduan.frontdesk.services.desk import (
    WalkInInput,
    call_visitor,
    check_in,
    finish_visit,
    hand_schedule,
    record_walk_in,
    register_visit_complaint,
)

__all__ = [
    "AnswerInput",
    "AppointmentRequestInput",
    "CallInput",
    "WalkInInput",
    "accept_proposal",
    "call_visitor",
    "cancel_appointment",
    "check_in",
    "confirm_appointment",
    "evidence_channels_text",
    "finish_call",
    "finish_visit",
    "hand_schedule",
    "manage_url",
    "mark_no_show",
    "procedure_message",
    "propose_appointment",
    "read_back",
    "record_deflection",
    "record_walk_in",
    "register_visit_complaint",
    "request_appointment",
    "request_from_complaint",
    "reschedule_appointment",
    "save_standard_answer",
    "send_due_reminders",
    "start_call",
]
