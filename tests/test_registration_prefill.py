"""Registration from a real council form: the fields come from the document, marked as such,
the printed names are matched to the councillors, the file survives the round trip, and the
letter says "Ihre Anfrage vom <date on the inquiry>"."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from inquiry_app.models import CouncilMember, Faction, FormOfAddress, Inquiry

REAL = Path(__file__).resolve().parent / "data" / "real" / "inquiries"
CASE = REAL / "dd-af-2591.txt"  # AF0263/15 of 03.02.2015, Ulrike Caspary, Bündnis 90/Die Grünen


@pytest.fixture
def clerk(browser, demo):
    browser.login("rat")
    return browser


@pytest.fixture
def greens(session):
    faction = Faction(name="Fraktion Bündnis 90/Die Grünen", short_name="Grüne")
    session.add(faction)
    session.commit()
    return faction


def _post(browser, action, **fields):
    data = {"number": "AF0001/26", "kind": "written", "received_on": date.today().isoformat(),
            "subject": "", "faction": "0", "text": "", "action": action}
    data.update(fields)
    return browser.submit("/anfragen/neu", data, content_type="multipart/form-data")


def _value(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else ""


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option selected value="([^"]*)"', select)


def test_the_form_is_filled_from_a_real_dresden_inquiry_and_the_name_matched(clerk, session,
                                                                             greens):
    document = (io.BytesIO(CASE.read_bytes()), "AF0263-15.txt")
    first = _post(clerk, "prefill", document=document, dated_on="")  # as a browser posts it
    page = first.get_data(as_text=True)
    assert first.status_code == 200
    assert _value(page, "number") == "AF0263/15"
    assert _value(page, "dated_on") == "2015-02-03"
    assert _value(page, "subject") == "Finanzierung Kita/Krippe/Hort im EB Kita"
    assert _selected(page, "faction") == [str(greens.id)]
    assert page.count("Aus dem Dokument übernommen") >= 4
    assert "„Ulrike Caspary“: keine Stadträtin und kein Stadtrat dieses Namens" in page
    assert "Stadtrat anlegen" in page and "vorname=Ulrike" in page and "nachname=Caspary" in page
    assert "Hochgeladene Datei: <strong>AF0263-15.txt</strong>" in page
    assert session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0263/15")) is None

    # The clerk creates the councillor (another tab) and takes the data over again.
    member = CouncilMember(form_of_address=FormOfAddress.FRAU, first_name="Ulrike",
                           last_name="Caspary", role="Stadträtin", faction=greens)
    session.add(member)
    session.commit()
    token = _value(page, "upload_token")
    second = _post(clerk, "prefill", upload_token=token, number=_value(page, "number"))
    page = second.get_data(as_text=True)
    assert _selected(page, "submitters") == [str(member.id)]
    assert "keine Stadträtin" not in page

    # Registered without uploading again: the kept file is the original.
    done = _post(clerk, "register", upload_token=token, number="AF0263/15",
                 dated_on="2015-02-03", subject=_value(page, "subject"),
                 submitters=str(member.id), faction=str(greens.id))
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0263/15"))
    assert inquiry.dated_on == date(2015, 2, 3)
    assert inquiry.original_filename == "AF0263-15.txt"
    assert [m.last_name for m in inquiry.submitters] == ["Caspary"]
    assert len(inquiry.questions) == 7

    from inquiry_app.letters.structure import build_reply

    reply = build_reply(inquiry)
    assert reply["inquiry"]["received_on"] == "2015-02-03"  # printed as "Ihre Anfrage vom"


def test_prefill_without_a_document_says_what_to_do(clerk):
    response = _post(clerk, "prefill")
    assert response.status_code == 422
    assert "Bitte laden Sie zuerst eine Datei hoch" in response.get_data(as_text=True)


def test_pasted_form_text_is_taken_over_too(clerk, session, greens):
    response = _post(clerk, "prefill", text=CASE.read_text(encoding="utf-8"))
    page = response.get_data(as_text=True)
    assert _value(page, "number") == "AF0263/15"
    assert _value(page, "upload_token") == ""


def test_a_forged_upload_token_is_ignored(clerk, session):
    response = _post(clerk, "prefill", upload_token="../../etc/passwd")
    assert response.status_code == 422
