"""A self-signed seal certificate for the demo (``flask demo load``): a PKCS#12 file and its
password in the instance folder, where the configuration finds them (``config.seal_settings``)."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from inquiry_app.config import SEAL_FILE, SEAL_PASSWORD_FILE


def self_signed_p12(common_name: str, organisation: str, password: str, *,
                    days: int = 3650) -> bytes:
    """A PKCS#12 file with an RSA key and a self-signed certificate for seals (PDF signatures)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(
        b"seal", key, certificate, None,
        serialization.BestAvailableEncryption(password.encode("utf-8")))


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def ensure_demo_seal(instance_path: str, city_name: str) -> Path | None:
    """Create the demo seal in the instance folder unless it is there; the new file's path,
    or None when it existed."""
    folder = Path(instance_path)
    p12 = folder / SEAL_FILE
    if p12.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(18)
    _write_private(folder / SEAL_PASSWORD_FILE, password.encode("utf-8"))
    _write_private(p12, self_signed_p12(f"{city_name} – Siegel (Demo)", city_name, password))
    return p12
