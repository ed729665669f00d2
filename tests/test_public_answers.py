"""The public page shows the signed reply's answers as accessible HTML (a heading per
question, the quoted question, the answer from its rich text) and offers the tagged PDF/A;
the editable DOCX is never published."""

from __future__ import annotations

import io
import itertools
import os
import shutil
from datetime import date

import factories
import lxml.html
import pikepdf
import pytest
import sqlalchemy as sa
from factories import login, post

from inquiry_app.models import InquiryState, ReplyLetter
from inquiry_app.public.views import answered_items

ANSWERS = {
    "1": "Die Kosten betragen **979.500 EUR**:\n\n- Planung\n- Bau\n\n"
         "| Jahr | Betrag |\n|---|---|\n| 2025 | 12 % |",
    "2": "Vorgesehen sind:\n\n1. erstens\n2. zweitens",
    "3": "Kein <script>alert(1)</script> und *kursiv*.",
}  # fmt: skip


@pytest.fixture
def world(session):
    """The world's mayor's office is the last review station."""
    return factories.world(sole_mayor_office=True)


def publish(browser, world, session, *, remark: str = "") -> int:
    """Three questions answered with rich text, signed, sent by post and published."""
    inquiry = factories.complete(world, 3)
    for answer in inquiry.answers:
        answer.text = ANSWERS[answer.questions[0].number]
    inquiry.remark = remark
    factories.stored()
    base = factories.signed(browser, world, inquiry)
    login(browser, world.council_office)
    assert post(browser, f"{base}/versand", {"sent_on": date.today().isoformat(),
                                             "channel": "Post"}).status_code == 302  # fmt: skip
    assert post(browser, f"/anfragen/{inquiry.id}/veroeffentlichen").status_code == 302
    session.expire_all()
    assert factories.fresh(session, inquiry).state == InquiryState.PUBLISHED
    browser.logout()
    return inquiry.id


def page_of(browser, inquiry_id: int):
    response = browser.get(f"/oeffentlich/anfragen/{inquiry_id}")
    assert response.status_code == 200
    return lxml.html.fromstring(response.get_data(as_text=True))


def reply_section(tree):
    return tree.xpath("//section[@aria-labelledby='reply-heading']")[0]


def text(element) -> str:
    return " ".join(element.text_content().split())


def test_answers_as_html_with_a_heading_per_question(browser, world, session):
    tree = page_of(browser, publish(browser, world, session, remark="Vorab: *wichtig*."))
    reply = reply_section(tree)
    assert [text(h) for h in reply.xpath(".//h3")] == ["Vorbemerkung", "Frage 1", "Frage 2",
                                                       "Frage 3"]  # fmt: skip
    levels = [int(h.tag[1]) for h in tree.xpath("//main//*[self::h1 or self::h2 or self::h3]")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    sections = reply.xpath(".//section[h3]")
    first = sections[1]
    quote = first.xpath(".//blockquote")[0]
    assert text(quote).startswith("1. „") and text(quote).endswith("“")
    answer = first.xpath(".//div[contains(@class, 'app-public-answer__text')]")[0]
    assert [text(s) for s in answer.xpath(".//strong")] == ["979.500 EUR"]
    assert [text(li) for li in answer.xpath(".//ul/li")] == ["Planung", "Bau"]
    assert [text(c) for c in answer.xpath(".//table//th")] == ["Jahr", "Betrag"]
    assert [text(c) for c in answer.xpath(".//table//td")] == ["2025", "12 %"]
    second = sections[2].xpath(".//div[contains(@class, 'app-public-answer__text')]")[0]
    assert [text(li) for li in second.xpath(".//ol/li")] == ["erstens", "zweitens"]
    third = sections[3]
    assert not third.xpath(".//script") and "<script>alert(1)</script>" in text(third)
    assert [text(e) for e in third.xpath(".//em")] == ["kursiv"]
    remark = sections[0].xpath(".//em")
    assert [text(e) for e in remark] == ["wichtig"]


def test_no_remark_no_remark_heading(browser, world, session):
    reply = reply_section(page_of(browser, publish(browser, world, session)))
    assert "Vorbemerkung" not in [text(h) for h in reply.xpath(".//h3")]


def test_the_docx_is_never_published(browser, world, session):
    inquiry_id = publish(browser, world, session)
    page = browser.get(f"/oeffentlich/anfragen/{inquiry_id}").get_data(as_text=True)
    assert ".docx" not in page and "Word" not in page
    assert browser.get(f"/oeffentlich/anfragen/{inquiry_id}/antwort.docx").status_code == 404


def require_soffice() -> None:
    if shutil.which("soffice") is not None or os.environ.get("DRAFTING_SOFFICE"):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("auf CI erforderlich: LibreOffice (soffice)")
    pytest.skip("LibreOffice (soffice) ist nicht installiert; PDF-Test übersprungen")


def test_pdf_download_is_the_tagged_pdfa_letter(browser, world, session):
    require_soffice()
    inquiry_id = publish(browser, world, session)
    tree = page_of(browser, inquiry_id)
    link = tree.xpath("//a[contains(., 'als PDF herunterladen')]")[0]
    assert link.get("href") == f"/oeffentlich/anfragen/{inquiry_id}/antwort.pdf"
    response = browser.get(link.get("href"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Antwort_" in response.headers["Content-Disposition"]
    pdf = pikepdf.open(io.BytesIO(response.data))
    with pdf.open_metadata() as xmp:
        assert xmp["pdfaid:part"] == "2"
    assert str(pdf.Root.Lang) == "de-DE" and "/StructTreeRoot" in pdf.Root
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.signed_at.is_not(None),
                                                          ReplyLetter.inquiry_id == inquiry_id))
    assert response.data == letter.pdf


def test_without_a_stored_pdf_the_answers_still_show_and_there_is_no_link(browser, world,
                                                                          session, monkeypatch):
    monkeypatch.setenv("DRAFTING_SOFFICE", "/nicht/vorhanden/soffice")  # signed without PDF
    inquiry_id = publish(browser, world, session)
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.signed_at.is_not(None),
                                                          ReplyLetter.inquiry_id == inquiry_id))
    assert letter.pdf is None
    tree = page_of(browser, inquiry_id)
    assert not tree.xpath("//a[contains(., 'PDF')]")
    assert "Frage 1" in [text(h) for h in reply_section(tree).xpath(".//h3")]
    assert browser.get(f"/oeffentlich/anfragen/{inquiry_id}/antwort.pdf").status_code == 404


def test_unpublished_inquiry_has_no_public_pdf(client, world, session):
    inquiry = factories.complete(world, 1)
    factories.stored()
    assert client.get(f"/oeffentlich/anfragen/{inquiry.id}/antwort.pdf").status_code == 404


def test_grouped_questions_share_one_heading_and_answer():
    structure = {"items": [
        {"questions": [{"number": "1", "text": "Wann?"}, {"number": "2.", "text": "Wo?\n\nWie?"}],
         "answer": "Gemeinsam."},
        {"questions": [{"number": "3", "text": "Wer?",
                        "parts": [{"number": "a)", "text": "Amt"}]}], "answer": ["Eins.", "Zwei."]},
    ]}  # fmt: skip
    items = answered_items(structure)
    assert [item["heading"] for item in items] == ["Fragen 1 und 2", "Frage 3"]
    assert items[0]["questions"][1] == {"number": "2", "paragraphs": ["Wo?", "Wie?"], "parts": []}
    assert items[1]["questions"][0]["parts"] == [("a", "Amt")]
    assert items[1]["answer"] == "Eins.\n\nZwei."
    assert answered_items(None) == [] and answered_items({"kind": "interim", "items": []}) == []
