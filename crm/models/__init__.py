"""All models, importable from one place (Alembic and the services load them from here)."""

from crm.models.audit import AuditEvent
from crm.models.contact import EmployerContact, employer_contact_participant
from crm.models.employer import ContactPerson, Employer
from crm.models.import_batch import ImportBatch
from crm.models.job import JobStart, SupportContact
from crm.models.match import JobMatch, JobMatchEvent
from crm.models.opening import Opening
from crm.models.participant import CareerProfile, Participant
from crm.models.setting import Setting
from crm.models.user import LoginFailure, Team, User

__all__ = [
    "AuditEvent", "CareerProfile", "ContactPerson", "Employer", "EmployerContact", "ImportBatch", "JobMatch",
    "JobMatchEvent",
    "JobStart", "LoginFailure", "Opening", "Participant", "Setting", "SupportContact", "Team", "User",
    "employer_contact_participant",
]
