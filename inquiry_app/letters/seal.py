"""The authority's electronic seal on the signed letter: a PAdES signature (pyHanko) with the
key and certificate of the PKCS#12 file in ``SEAL_P12`` (password ``SEAL_PASSWORD``), and
its verification against that certificate for the letter page and the public page.

Without a configured file letters are not sealed (:data:`NOT_CONFIGURED` says so); a
configured file that cannot be used stops the signature with a message, so that no letter
goes out unsealed by accident."""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from inquiry_app.domain import DomainError

NOT_CONFIGURED = ("Schreiben werden nicht elektronisch gesiegelt: kein Siegelzertifikat "
                  "konfiguriert.")
FIELD_NAME = "Siegel"


class SealError(DomainError):
    """The configured seal cannot be used (the letter is not signed)."""

    status = 409


@dataclass(frozen=True)
class SealCheck:
    """What a reader learns about the seal of a PDF."""

    sealed: bool  # the PDF carries a signature
    valid: bool  # intact, cryptographically valid, covers the whole file, trusted certificate
    signer: str | None = None  # the certificate's common name (else its subject)
    subject: str | None = None  # the certificate subject, e.g. "CN=…,O=…,C=DE"
    signed_at: datetime | None = None  # naive UTC, as the app stores times
    problem: str | None = None  # why the seal is not valid (German)


def configured() -> bool:
    return bool(current_app.config.get("SEAL_P12"))


def _pyhanko():
    """pyHanko's modules, imported when needed (it warns about DSA at import time)."""
    from cryptography.utils import CryptographyDeprecationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        from pyhanko.sign import fields, signers
    return fields, signers


def _outside_event_loop(call, *args, **kwargs):
    """Run ``call`` (pyHanko's synchronous API, which starts an asyncio loop of its own) in a
    helper thread when this thread already runs an event loop (e.g. beside Playwright's)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call, *args, **kwargs).result()


def _password() -> bytes | None:
    password = current_app.config.get("SEAL_PASSWORD")
    return password.encode("utf-8") if password else None


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int, password: bytes | None):
    _, signers = _pyhanko()
    signer = signers.SimpleSigner.load_pkcs12_data(Path(path).read_bytes(), [], passphrase=password)
    if signer is None:
        raise ValueError("unreadable PKCS#12")
    return signer


def _signer():
    """The signer of the configured file (cached while the file is unchanged)."""
    path = str(current_app.config["SEAL_P12"])
    try:
        return _load(path, Path(path).stat().st_mtime_ns, _password())
    except Exception as exc:  # missing file, not PKCS#12, wrong password: pyHanko raises several
        raise SealError(
            f"Das Siegelzertifikat „{path}“ lässt sich nicht verwenden (Datei fehlt, ist keine "
            "PKCS#12-Datei oder das Passwort INQUIRY_APP_SEAL_PASSWORD stimmt nicht). Das "
            "Schreiben wurde nicht gezeichnet. Bitte wenden Sie sich an die Administration."
        ) from exc


def seal(pdf: bytes) -> bytes:
    """The PDF with the authority's PAdES signature; unchanged when no seal is configured."""
    if not configured():
        return pdf
    signer = _signer()
    fields, signers = _pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason="Elektronisches Siegel", location=current_app.config.get("CITY_PLACE") or None,
        name=current_app.config.get("CITY_NAME") or None)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        return _outside_event_loop(signers.sign_pdf, writer, meta, signer=signer).getvalue()
    except Exception as exc:  # a PDF pyHanko cannot extend
        raise SealError(f"Das PDF des Schreibens lässt sich nicht siegeln ({exc}). Das Schreiben "
                        "wurde nicht gezeichnet.") from exc


def _trusted():
    """The configured certificate (asn1crypto) and, where there is none, why (German)."""
    if not configured():
        return None, "Es ist kein Siegelzertifikat konfiguriert, gegen das geprüft werden kann."
    try:
        return _signer().signing_cert, None
    except SealError:
        return None, ("Das konfigurierte Siegelzertifikat lässt sich nicht laden; das Siegel "
                      "kann nicht geprüft werden.")


def check(pdf: bytes | None) -> SealCheck | None:
    """Validate the seal of ``pdf`` against the configured certificate; None without PDF."""
    if pdf is None:
        return None
    _pyhanko()  # first: its import warning silenced
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # a damaged file: pyHanko's reader raises several types
        return SealCheck(sealed=True, valid=False,
                         problem="Das PDF ist beschädigt und lässt sich nicht prüfen.")
    if not signatures:
        return SealCheck(sealed=False, valid=False)
    trusted, untrusted_because = _trusted()
    context = ValidationContext(trust_roots=[trusted] if trusted is not None else [],
                                allow_fetching=False)
    # an untrusted certificate is an expected answer here, not an error for the log
    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        status = _outside_event_loop(validate_pdf_signature, signatures[0], context)
    except Exception as exc:  # SignatureValidationError and what a broken signature raises
        return SealCheck(sealed=True, valid=False,
                         problem=f"Die Signatur lässt sich nicht prüfen ({exc}).")
    finally:
        quiet.setLevel(level)
    return _result(status, untrusted_because)


def _result(status, untrusted_because: str | None) -> SealCheck:
    from cryptography import x509
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    certificate = x509.load_der_x509_certificate(status.signing_cert.dump())
    subject = certificate.subject.rfc4514_string()
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    signer = str(names[0].value) if names else subject
    reported = status.signer_reported_dt
    signed_at = reported.astimezone(UTC).replace(tzinfo=None) if reported else None
    problem = None
    if not status.intact:
        problem = "Das Dokument wurde nach dem Siegeln verändert."
    elif not status.valid:
        problem = "Die Signatur ist kryptografisch ungültig."
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problem = "Das PDF wurde nach dem Siegeln ergänzt."
    elif not status.trusted:
        problem = untrusted_because or "Das Siegel stammt nicht vom konfigurierten Siegelzertifikat."
    elif not status.bottom_line:
        problem = "Die Signatur erfüllt die Prüfregeln nicht."
    return SealCheck(sealed=True, valid=problem is None, signer=signer, subject=subject,
                     signed_at=signed_at, problem=problem)
