"""Enumerations of the domain, stored as their string values (no free-text states)."""

from __future__ import annotations

import enum

import sqlalchemy as sa


class LabelledEnum(enum.StrEnum):
    """A string enum with a German label for display."""

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.value


def enum_column_type(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """A portable (VARCHAR + CHECK) enum type that stores the members' values."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class Role(LabelledEnum):
    COUNCIL_OFFICE = "council_office", "Stadtratsangelegenheiten"
    DEPARTMENT = "department", "Fachbereich (Bearbeitung)"
    DEPARTMENT_HEAD = "department_head", "Amtsleitung"
    SIGNATORY = "signatory", "Zeichnungsberechtigt"
    ADMIN = "admin", "Administration"


#: who takes part in the review (Mitzeichnung): approve or return a draft, as heads of their
#: unit or as signatories (the one source for the workflow table and the model rules)
REVIEW_ROLES = (Role.DEPARTMENT_HEAD, Role.SIGNATORY)


class OrgUnitKind(LabelledEnum):
    MAYOR_OFFICE = "mayor_office", "Büro des Oberbürgermeisters"
    DIVISION = "division", "Geschäftsbereich"
    OFFICE = "office", "Amt"
    DEPARTMENT = "department", "Abteilung"
    ENTERPRISE = "enterprise", "Eigenbetrieb"


class InquiryKind(LabelledEnum):
    WRITTEN = "written", "Schriftliche Anfrage"
    ORAL = "oral", "Mündliche Anfrage"
    DISTRICT = "district", "Anfrage im Stadtbezirksbeirat"


class InquiryState(LabelledEnum):
    RECEIVED = "received", "Eingegangen"
    SPLIT = "split", "Fragen bestätigt"
    ROUTED = "routed", "In Bearbeitung"
    ANSWERS_COMPLETE = "answers_complete", "Antworten vollständig"
    DRAFT = "draft", "Entwurf"
    IN_REVIEW = "in_review", "In Mitzeichnung"
    AWAITING_SIGNATURE = "awaiting_signature", "Zur Zeichnung"
    SIGNED = "signed", "Gezeichnet"
    SENT = "sent", "Versandt"
    PUBLISHED = "published", "Veröffentlicht"
    RETURNED = "returned", "Zurückgegeben"
    WITHDRAWN = "withdrawn", "Zurückgezogen"


SIGNED_STATES = (InquiryState.SIGNED, InquiryState.SENT, InquiryState.PUBLISHED)
SENT_STATES = (InquiryState.SENT, InquiryState.PUBLISHED)
#: no more work for the offices: answered (signed, sent, published) or withdrawn
FINISHED_STATES = (*SIGNED_STATES, InquiryState.WITHDRAWN)


class AssignmentRole(LabelledEnum):
    LEAD = "lead", "federführend"
    CONTRIBUTING = "contributing", "beteiligt"


class AssignmentState(LabelledEnum):
    DRAFT = "draft", "Vorgeschlagen"
    OPEN = "open", "Offen"
    ACCEPTED = "accepted", "Angenommen"
    RETURNED = "returned", "Zurückgegeben"
    FORWARDED = "forwarded", "Weitergegeben"
    SUBMITTED = "submitted", "Zugearbeitet"
    # the inquiry was withdrawn while the office was still working on it: nothing more to do,
    # a contribution begun is kept (readable) but can no longer be submitted
    CLOSED = "closed", "Geschlossen (Anfrage zurückgezogen)"


#: assignments an office still works on (closed when the inquiry is withdrawn)
WORKING_ASSIGNMENT_STATES = (AssignmentState.OPEN, AssignmentState.ACCEPTED)


class ContributionState(LabelledEnum):
    DRAFT = "draft", "Entwurf"
    AWAITING_APPROVAL = "awaiting_approval", "Zur Freigabe bei der Amtsleitung"
    SUBMITTED = "submitted", "Eingereicht"


class LetterKind(LabelledEnum):
    FINAL = "final", "Antwortschreiben"
    INTERIM = "interim", "Zwischenbescheid"


class ReviewDecision(LabelledEnum):
    PENDING = "pending", "Ausstehend"
    APPROVED = "approved", "Mitgezeichnet"
    RETURNED = "returned", "Zurückgegeben"


class FormOfAddress(LabelledEnum):
    FRAU = "Frau", "Frau"
    HERR = "Herr", "Herr"
    NONE = "", "keine Anrede"


class BodyKind(LabelledEnum):
    """The body an inquiry comes from (Gremium)."""

    CITY_COUNCIL = "city_council", "Stadtrat"
    DISTRICT_COUNCIL = "district_council", "Stadtbezirksbeirat"
    LOCAL_COUNCIL = "local_council", "Ortschaftsrat"
