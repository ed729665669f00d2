"""PDF through LibreOffice: text and page count; clear errors without LibreOffice."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pypdf
import pytest

from drafting.errors import DraftingInputError
from drafting.letters import pdf
from drafting.letters.letter import (
    PdfConversionError,
    PdfUnavailableError,
    docx_to_pdf,
    render_docx,
)

DATA = Path(__file__).resolve().parents[1] / "data"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def require_soffice() -> None:
    """Skip with the reason when LibreOffice is missing; on CI (CI=true) fail instead."""
    if pdf.find_soffice() is not None:
        return
    reason = "LibreOffice (soffice) ist nicht installiert"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"auf CI erforderlich: {reason}")
    pytest.skip(f"{reason}; PDF-Test übersprungen")


@pytest.fixture(scope="module")
def reference_pdf() -> pypdf.PdfReader:
    require_soffice()
    return pypdf.PdfReader(io.BytesIO(docx_to_pdf(render_docx(reference()), timeout=120)))


def text_of(page) -> str:
    return " ".join(page.extract_text().split())


def test_reference_pdf_pages_and_text(reference_pdf):
    assert len(reference_pdf.pages) == 2
    first, second = (text_of(page) for page in reference_pdf.pages)
    assert "Landeshauptstadt Dresden" in first
    assert "Frau Stadträtin Mühle" in first
    assert "Datum: 14.02.2025" in first
    assert "Sehr geehrte Frau Mühle," in first
    assert "„Durch ein hohes Antragsaufkommen" in first
    assert "Seite" not in first  # no page number on the first page
    assert "Mit freundlichen Grüßen" in second
    assert "Oberbürgermeister" in second
    assert "Seite 2 von 2" in second


def test_interim_notice_is_one_page():
    require_soffice()
    data = reference()
    data.update(kind="interim", items=[], interim={"new_date": "2025-03-14", "reason": "x"})
    reader = pypdf.PdfReader(io.BytesIO(docx_to_pdf(render_docx(data), timeout=120)))
    assert len(reader.pages) == 1
    assert "voraussichtlich bis zum 14.03.2025" in text_of(reader.pages[0])


def test_missing_libreoffice_is_a_clear_german_error(monkeypatch):
    monkeypatch.setenv("DRAFTING_SOFFICE", "/nicht/vorhanden/soffice")
    with pytest.raises(PdfUnavailableError, match=r"LibreOffice .* nicht installiert") as caught:
        docx_to_pdf(b"egal")
    assert isinstance(caught.value, DraftingInputError)


def test_timeout_is_reported(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv("DRAFTING_SOFFICE", str(fake))

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(pdf.subprocess, "run", slow)
    with pytest.raises(PdfConversionError, match="nach 5 Sekunden nicht geantwortet"):
        docx_to_pdf(b"egal", timeout=5)


def test_conversion_failure_is_reported(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DRAFTING_SOFFICE", str(fake))
    with pytest.raises(PdfConversionError, match="fehlgeschlagen: Error: source file"):
        docx_to_pdf(b"kein docx")
