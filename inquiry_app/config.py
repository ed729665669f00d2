"""Configuration from the environment (prefix ``INQUIRY_APP_``)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ENV_PREFIX = "INQUIRY_APP_"


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(ENV_PREFIX + name, default)


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise SystemExit(f"Fehler: {ENV_PREFIX}{name}={value!r} ist keine ganze Zahl.") from exc


def mask_url(url: str) -> str:
    """The database URL with its password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = parts.username or ""
    host = netloc[1] if len(netloc) == 2 else ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def load_secret_key(instance_path: str) -> str:
    """The secret key from the environment, or one generated once and kept in the instance folder."""
    from_env = _env("SECRET_KEY")
    if from_env:
        return from_env
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


SEAL_FILE = "seal.p12"
SEAL_PASSWORD_FILE = "seal.password"


def seal_settings(instance_path: str) -> tuple[str | None, str | None]:
    """The seal's PKCS#12 file and its password: from the environment, else the files
    ``seal.p12`` and ``seal.password`` in the instance folder where they exist (``flask demo
    load`` puts a self-signed demo certificate there). A path of None (nothing configured or
    found) or "" (``INQUIRY_APP_SEAL_P12=`` switches the seal off): letters are not sealed."""
    path = _env("SEAL_P12")
    if path is None:
        candidate = Path(instance_path) / SEAL_FILE
        path = str(candidate) if candidate.is_file() else None
    password = _env("SEAL_PASSWORD")
    if password is None:
        candidate = Path(instance_path) / SEAL_PASSWORD_FILE
        password = candidate.read_text(encoding="utf-8").strip() if candidate.is_file() else None
    return path, password


def from_environment(instance_path: str) -> dict:
    """All settings the application reads, with their defaults."""
    default_db = "sqlite:///" + str(Path(instance_path) / "inquiries.sqlite3")
    seal_p12, seal_password = seal_settings(instance_path)
    return {
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL", default_db),
        "SECRET_KEY": None,  # filled by create_app via load_secret_key
        "SESSION_COOKIE_SECURE": _env_bool("SECURE_COOKIES", True),
        "REMEMBER_COOKIE_SECURE": _env_bool("SECURE_COOKIES", True),
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": _env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024 + 64 * 1024,
        "MAX_UPLOAD_BYTES": _env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024,
        # One typed or pasted text field (Werkzeug's default of 500 kB refused long pastes).
        "MAX_FORM_MEMORY_SIZE": _env_int("MAX_TEXT_MB", 16) * 1024 * 1024,
        "SQLITE_BUSY_TIMEOUT_MS": _env_int("SQLITE_BUSY_TIMEOUT", 15) * 1000,
        "CITY_NAME": _env("CITY_NAME", "Landeshauptstadt Dresden"),
        "CITY_PLACE": _env("CITY_PLACE", "Dresden"),
        "INQUIRY_NUMBER_FORMAT": _env("INQUIRY_NUMBER_FORMAT", "AF{seq:04d}/{yy}"),
        "ANSWER_PERIOD_WEEKS": _env_int("ANSWER_PERIOD_WEEKS", 4),
        "INTERNAL_DEADLINE_WORKING_DAYS": _env_int("INTERNAL_DEADLINE_WORKING_DAYS", 5),
        "HOLIDAY_SUBDIVISION": _env("HOLIDAY_SUBDIVISION", "SN"),
        "MAIL_SERVER": _env("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _env_int("MAIL_PORT", 25),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),
        "MAIL_SENDER": _env("MAIL_SENDER", "anfragen@dresden.example"),
        "MAIL_ENABLED": _env_bool("MAIL_ENABLED", True),
        # mail outbox worker (`flask mail deliver`): retries 1, 2, 4 … minutes, capped
        "MAIL_TIMEOUT": _env_int("MAIL_TIMEOUT", 30),
        "MAIL_MAX_ATTEMPTS": _env_int("MAIL_MAX_ATTEMPTS", 10),
        "MAIL_RETRY_SECONDS": _env_int("MAIL_RETRY_SECONDS", 60),
        "MAIL_RETRY_MAX_SECONDS": _env_int("MAIL_RETRY_MAX_SECONDS", 3600),
        "MAIL_POLL_SECONDS": _env_int("MAIL_POLL_SECONDS", 5),
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_LOCK_MINUTES": 15,
        "CHECK_DATABASE_ON_START": _env_bool("CHECK_DATABASE", True),
        "REVIEW_CHAIN": _env("REVIEW_CHAIN", "lead_head,division,mayor"),
        "LETTER_LOGO": _env("LETTER_LOGO"),
        # title of the text block that opens letters to inquiries without a claim to an
        # answer (§ 28 Abs. 6 SächsGemO); empty: no standard paragraph
        "ADMISSIBILITY_TEXT_BLOCK": _env(
            "ADMISSIBILITY_TEXT_BLOCK",
            "Standardabsatz: kein Anspruch auf Beantwortung (§ 28 Abs. 6 SächsGemO)"),
        "PDF_TIMEOUT": _env_int("PDF_TIMEOUT", 90),
        # electronic seal (PAdES) of signed letters: PKCS#12 file and its password
        "SEAL_P12": seal_p12,
        "SEAL_PASSWORD": seal_password,
        # page images of the letter (LibreOffice + pdftoppm), cached in the instance folder
        "LETTER_PREVIEW": _env_bool("LETTER_PREVIEW", True),
        "PREVIEW_DIR": _env("PREVIEW_DIR", str(Path(instance_path) / "previews")),
        # reading and splitting an inquiry (drafting.limits, drafting.isolation)
        "MAX_DOCUMENT_CHARS": _env_int("MAX_DOCUMENT_CHARS", 1_000_000),
        "MAX_PARAGRAPH_CHARS": _env_int("MAX_PARAGRAPH_CHARS", 100_000),
        "READ_TIMEOUT": _env_int("READ_TIMEOUT", 30),
        "READ_MEMORY_MB": _env_int("READ_MEMORY_MB", 1024),
        # OCR of PDF pages without text (drafting.reading.ocr; own budget, outside READ_TIMEOUT)
        "OCR_MAX_PAGES": _env_int("OCR_MAX_PAGES", 40),
        "OCR_TIMEOUT": _env_int("OCR_TIMEOUT", 300),
        "OCR_COMMAND": _env("OCR_COMMAND"),
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_I18N_ENABLED": False,  # use WTForms' built-in German translations (Form.Meta)
    }
