"""The demo's archive of past inquiries (``flask demo load``): at least 200 past inquiries
with final answers, imported by the archive importer from the real replies shipped with the
demo and from letters written for it; each keeps its original file and its source; a second
load adds nothing; the open demo inquiries find similar past questions with answers.

The whole demo, archive included, is loaded once into a database of its own (the shared test
database holds the demo without the archive: the other tests build the past inquiries they
search and reuse). Each test runs in the app context of that database; nothing is rolled
back, and only the last test writes (a second load, which adds nothing)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from importlib import resources

import pytest
import sqlalchemy as sa

from inquiry_app.demo.archive_letters import letters
from inquiry_app.demo.loader import _demo_numbers, _inquiry_specs, load_demo
from inquiry_app.demo.past_replies import GENERATED_SOURCE, real_sources
from inquiry_app.extensions import db
from inquiry_app.models import (
    Answer,
    ArchiveRecord,
    Inquiry,
    InquiryState,
    OrgUnit,
    Question,
    Role,
    User,
)
from inquiry_app.models.archive import QuestionOffice
from inquiry_app.search import similar_questions


@pytest.fixture(scope="module")
def demo(db_server):
    """The demo loaded with its archive into a database of its own; yields the summary."""
    from flask_migrate import upgrade

    from inquiry_app import create_app
    from inquiry_app.models.accounts import use_fast_password_hashing

    use_fast_password_hashing()
    application = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": db_server("demo_archive"),
        "SECRET_KEY": "test-secret-key", "MAIL_ENABLED": False, "SEAL_P12": "",
        "LETTER_PREVIEW": False,
    })
    with application.app_context():
        upgrade()
        summary = load_demo()
        db.session.commit()
        yield summary
        db.session.remove()


@pytest.fixture
def session(demo):
    db.session.expire_all()
    return db.session


def _archived(session) -> list[Inquiry]:
    return list(session.scalars(sa.select(Inquiry).where(Inquiry.imported.is_(True))))


def test_at_least_200_past_inquiries_each_with_final_answers_and_its_file(session, demo):
    archived = _archived(session)
    assert len(archived) >= 200
    assert demo["archived"] == len(archived)
    for item in archived:
        assert item.state == InquiryState.PUBLISHED, item.number
        finals = [a for a in item.answers if a.is_final and a.text.strip()]
        assert finals, f"{item.number}: keine endgültige Antwort"
        assert all(a.questions for a in finals), item.number
        record = session.scalar(sa.select(ArchiveRecord).where(
            ArchiveRecord.inquiry_id == item.id))
        assert record is not None and record.reply_file, item.number
        assert record.reply_sha256 == hashlib.sha256(record.reply_file).hexdigest()
        assert record.source_key == f"sha256:{record.reply_sha256}"


def test_the_real_replies_carry_their_source_and_their_file(session, demo):
    sources = real_sources()
    assert len(sources) >= 60
    folder = resources.files("inquiry_app.demo").joinpath("archive")
    records = {r.reply_filename: r for r in session.scalars(
        sa.select(ArchiveRecord).where(ArchiveRecord.source != GENERATED_SOURCE))}
    assert set(records) == set(sources)
    for name, entry in sources.items():
        record = records[name]
        assert re.fullmatch(r"[0-9a-f]{40}", entry["commit"]), name
        for part in (entry["repository"], entry["path"], entry["commit"]):
            assert part in record.source, name
        assert record.reply_file == folder.joinpath(name).read_bytes()
        assert record.inquiry.number == entry["number"]
        if entry["date"]:
            assert record.inquiry.sent_on == date.fromisoformat(entry["date"])
    # no real reply is dated the day of loading for want of a legible date
    assert all(r.inquiry.received_on.year <= 2025 for r in records.values())


def test_the_letters_written_for_the_demo_fill_the_archive_up(session, demo):
    written = letters(_demo_numbers() | {e["number"] for e in real_sources().values()})
    records = list(session.scalars(sa.select(ArchiveRecord).where(
        ArchiveRecord.source == GENERATED_SOURCE)))
    assert len(records) == len(written) >= 200 - len(real_sources())
    assert {r.inquiry.number for r in records} == {w.number for w in written}
    years = {r.inquiry.sent_on.year for r in records}
    assert years == set(range(2016, 2026))
    # recurring questions: the same question asked in several years, answered with figures
    texts: dict[str, set[int]] = {}
    for record in records:
        for question in record.inquiry.questions:
            texts.setdefault(re.sub(r"\d+", "#", question.text), set()).add(
                record.inquiry.sent_on.year)
    assert sum(1 for ys in texts.values() if len(ys) >= 5) >= 15
    figures = sum(1 for r in records for a in r.inquiry.answers if re.search(r"\d", a.text))
    assert figures >= 2 * len(records)
    # asked by the demo's councillors, with their faction
    assert all(r.inquiry.submitters and r.inquiry.faction for r in records)


def test_the_demo_numbers_are_never_taken_by_the_archive(session, demo):
    for spec in _inquiry_specs(f"{date.today():%y}"):
        item = session.scalar(sa.select(Inquiry).where(Inquiry.number == spec["number"]))
        assert item is not None and not item.imported, spec["number"]
    written = {w.number for w in letters([])}
    taken = sorted(written)[:3]
    again = {w.number for w in letters(taken)}
    assert not again & set(taken) and len(again) == len(written)
    assert [w.text for w in letters(taken)] == [w.text for w in letters(taken)]


def test_the_archived_questions_have_offices_guessed_by_the_router(session, demo):
    rows = session.execute(
        sa.select(Inquiry.subject, OrgUnit.code, QuestionOffice.guessed)
        .join(Question, Question.inquiry_id == Inquiry.id)
        .join(QuestionOffice, QuestionOffice.question_id == Question.id)
        .join(OrgUnit, OrgUnit.id == QuestionOffice.org_unit_id)
        .where(Inquiry.imported.is_(True))).all()
    assert rows and all(guessed for _subject, _code, guessed in rows)
    naturalisation = {code for subject, code, _g in rows
                      if subject.startswith("Einbürgerungen in der Landeshauptstadt Dresden im")}
    assert naturalisation and naturalisation <= {"33", "33.3", "33.31", "33.32"}
    potholes = {code for subject, code, _g in rows if subject.startswith("Schlaglöcher im")}
    assert "66" in potholes


def test_a_second_load_adds_nothing(session, demo):
    def counts():
        return [session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (Inquiry, ArchiveRecord, Answer, Question, QuestionOffice)]

    before = counts()
    summary = load_demo()
    assert summary["archive"]["imported"] == 0 and summary["archive"]["failed"] == 0
    assert summary["created"] == 0
    assert counts() == before


def test_the_open_demo_inquiries_find_similar_past_questions_with_answers(session, demo):
    clerk = session.scalar(sa.select(User).join(OrgUnit, OrgUnit.id == User.org_unit_id).where(
        User.role == Role.DEPARTMENT, OrgUnit.code == "33"))
    numbers = [spec["number"] for spec in _inquiry_specs(f"{date.today():%y}")]
    for item in session.scalars(sa.select(Inquiry).where(Inquiry.number.in_(numbers))):
        for question in item.questions:
            found = similar_questions(question.text, clerk, limit=5, exclude_inquiry_id=item.id)
            useful = [s for s in found if s.answer_text and re.search(r"\d", s.answer_text)]
            assert len(useful) >= 2, (item.number, question.number, found)  # figures to check
            assert all(s.number != item.number for s in found)
