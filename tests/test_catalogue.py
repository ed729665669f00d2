"""Competence catalogue pages, CSV export and import."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from inquiry_app.models import CompetenceTerm, OrgUnit


def _unit(session, code) -> OrgUnit:
    session.expire_all()
    return session.scalar(sa.select(OrgUnit).where(OrgUnit.code == code))


def test_every_demo_unit_has_a_realistic_catalogue(session, demo):
    units = session.scalars(sa.select(OrgUnit).where(OrgUnit.kind.in_(["office", "enterprise"])))
    for unit in units:
        assert len(unit.terms) >= 10, unit.code
    assert "Einbürgerung" in {t.term for t in _unit(session, "33.32").terms}


@pytest.mark.parametrize("login", ["admin", "rat"])
def test_edit_terms_with_stop_word_warning(browser, demo, session, login):
    browser.login(login)
    unit = _unit(session, "52")
    old = {t.term for t in unit.terms}
    new = {"Sporthalle", "Bäderbetrieb", "und"}  # the duplicate and the blanks are dropped
    response = browser.submit(f"/verwaltung/katalog/{unit.id}",
                              {"terms": "Sporthalle\n  Sporthalle \nBäderbetrieb\nund\n"},
                              follow_redirects=True)
    page = response.get_data(as_text=True)
    assert (f"Katalog von 52 Sportamt gespeichert: 3 Begriffe ({len(new - old)} neu, "
            f"{len(old - new)} entfernt).") in page
    assert "Stoppwörtern" in page
    terms = [t.term for t in _unit(session, "52").terms]
    assert sorted(terms) == sorted(["Sporthalle", "Bäderbetrieb", "und"])


def test_csv_roundtrip(browser, demo, session):
    browser.login("admin")
    exported = browser.get("/verwaltung/katalog/export.csv")
    assert exported.status_code == 200
    text = exported.get_data(as_text=True)
    assert text.startswith("\ufeffeinheit;begriff")
    assert "EB IT;" in text
    count = session.scalar(sa.select(sa.func.count(CompetenceTerm.id)))

    upload = "einheit;begriff\n52;Schwimmhalle\n52;Sportstättenvergabe\nXX;egal\n"
    response = browser.submit("/verwaltung/katalog/import",
                              {"file": (io.BytesIO(upload.encode("cp1252")), "k.csv")},
                              form_url="/verwaltung/katalog/", content_type="multipart/form-data",
                              follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Import abgeschlossen: 1 Einheiten" in page
    assert "Die Einheit „XX“ gibt es nicht" in page
    assert sorted(t.term for t in _unit(session, "52").terms) == ["Schwimmhalle",
                                                                  "Sportstättenvergabe"]
    assert session.scalar(sa.select(sa.func.count(CompetenceTerm.id))) < count


def _catalogue(session) -> list[tuple[int, str]]:
    session.expire_all()
    return session.execute(sa.select(CompetenceTerm.org_unit_id, CompetenceTerm.term)
                           .order_by(CompetenceTerm.id)).all()


def test_bad_csv_is_refused(browser, demo, session):
    browser.login("admin")
    before = _catalogue(session)
    response = browser.submit("/verwaltung/katalog/import",
                              {"file": (io.BytesIO(b"   "), "k.csv")},
                              form_url="/verwaltung/katalog/", content_type="multipart/form-data")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/verwaltung/katalog/")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Die CSV-Datei ist leer." in page and "Import abgeschlossen" not in page
    assert _catalogue(session) == before


def test_departments_cannot_edit_the_catalogue(browser, demo):
    browser.login("amt33")
    assert browser.get("/verwaltung/katalog/").status_code == 403
    assert browser.get("/verwaltung/katalog/export.csv").status_code == 403
