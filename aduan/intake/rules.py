"""Object permissions of intake (django-rules predicates; AutodiscoverRulesConfig loads it)."""

import rules

from aduan.accounts.roles import PERSONAL_DATA_ROLES
from aduan.accounts.selectors import roles_of
from aduan.intake.models import Complaint


@rules.predicate
def sees_personal_data(user, complaint: Complaint) -> bool:
    """NIK, phone, address: only roles that need them; for a confidential reporter,
    only the roles the profile names (identity_visible_to)."""
    if complaint is None or not user.is_authenticated:
        return False
    roles = roles_of(user, complaint.agency_id)
    reporter = complaint.reporter
    if reporter is not None and (reporter.is_confidential or reporter.is_anonymous):
        allowed = set(complaint.profile.config.get("identity_visible_to", []))
        return bool(roles & allowed)
    return bool(roles & PERSONAL_DATA_ROLES)


rules.add_perm("intake.view_personal_data", sees_personal_data)
