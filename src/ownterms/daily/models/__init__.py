"""Records made during support (issue 5), one module per family of records.

Every record of the person's day is a ``DailyRecord``: it belongs to one person, usually to the
shift it was written on, and is never deleted. An amendment changes it in place, bumps
``version`` and keeps what it replaced in an ``Amendment`` (with the reason), so every version
can be shown; the audit trail records who changed what, as for every change.
"""

from ownterms.daily.models.behaviour import (
    AuthorisedPractice,
    BehaviourSupportPlan,
    Incident,
    LegalBasis,
    PracticeKind,
    RestrictivePracticeEvent,
)
from ownterms.daily.models.medicines import (
    DoseOutcome,
    DoseRecord,
    DoseSchedule,
    MissedDoseAlert,
    StockCount,
)
from ownterms.daily.models.notes import DailyNote, Handover, HandoverAcknowledgement
from ownterms.daily.models.records import Amendment, DailyRecord
from ownterms.daily.models.seizures import Seizure, SeizureType
from ownterms.daily.models.today import BriefingSent

__all__ = [
    "Amendment",
    "AuthorisedPractice",
    "BehaviourSupportPlan",
    "BriefingSent",
    "DailyNote",
    "DailyRecord",
    "DoseOutcome",
    "DoseRecord",
    "DoseSchedule",
    "Handover",
    "HandoverAcknowledgement",
    "Incident",
    "LegalBasis",
    "MissedDoseAlert",
    "PracticeKind",
    "RestrictivePracticeEvent",
    "Seizure",
    "SeizureType",
    "StockCount",
]
