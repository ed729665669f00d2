"""SQLAlchemy models, one module per aggregate. Import from here."""

from inquiry_app.models.accounts import LoginAttempt, User
from inquiry_app.models.archive import ArchiveRecord, QuestionOffice
from inquiry_app.models.audit import AuditEntry, Transition
from inquiry_app.models.council import Body, CouncilMember, Faction, FactionMembership
from inquiry_app.models.enums import (
    AssignmentRole,
    AssignmentState,
    BodyKind,
    ContributionState,
    FormOfAddress,
    InquiryKind,
    InquiryState,
    LetterKind,
    OrgUnitKind,
    ReviewDecision,
    Role,
)
from inquiry_app.models.inquiries import DeadlineExtension, Inquiry, Question, inquiry_submitter
from inquiry_app.models.letters import ReplyLetter, Review
from inquiry_app.models.org import CompetenceTerm, OrgUnit
from inquiry_app.models.outbox import MailPurpose, MailState, OutboxAttachment, OutboxMail
from inquiry_app.models.routing import (
    RoutingExample,
    RoutingFeature,
    RoutingState,
    RoutingUnit,
    RoutingUnitFeature,
    RoutingVersion,
)
from inquiry_app.models.search import SearchDoc, SearchTerm
from inquiry_app.models.work import (
    Answer,
    AnswerRevision,
    Assignment,
    Comment,
    Contribution,
    ContributionRevision,
    Reminder,
    TextBlock,
    answer_question,
)

__all__ = [
    "Answer", "AnswerRevision", "ArchiveRecord", "Assignment", "AssignmentRole", "AssignmentState",
    "AuditEntry", "Body", "BodyKind", "Comment", "CompetenceTerm", "Contribution", "ContributionRevision",
    "ContributionState", "CouncilMember", "DeadlineExtension", "Faction", "FactionMembership",
    "FormOfAddress",
    "Inquiry", "InquiryKind", "InquiryState", "LetterKind", "LoginAttempt", "MailPurpose",
    "MailState", "OrgUnit", "OrgUnitKind", "OutboxAttachment", "OutboxMail", "Question", "QuestionOffice",
    "Reminder", "ReplyLetter", "Review", "ReviewDecision", "Role",
    "RoutingExample", "RoutingFeature", "RoutingState", "RoutingUnit",
    "RoutingUnitFeature", "RoutingVersion", "SearchDoc", "SearchTerm", "TextBlock", "Transition",
    "User", "answer_question",
    "inquiry_submitter",
]
