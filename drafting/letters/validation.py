"""Validation of a structured reply: JSON Schema, XML-safe characters, content rules.

Every problem is reported as ``(path, German message)`` with a JSONPath-like path such as
``$.items[2].answer``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from drafting.errors import DraftingInputError

__all__ = ["ReplyValidationError", "find_invalid_characters", "sanitize_reply", "validate_reply"]

# Characters XML 1.0 does not allow (tab, line feed and carriage return are allowed), plus
# lone surrogates, which cannot be encoded as UTF-8.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_TYPE_NAMES = {
    "string": "ein Text",
    "array": "eine Liste",
    "object": "ein Objekt",
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
    "boolean": "ein Wahrheitswert",
    "null": "leer (null)",
}
_MAX_ERRORS = 50


class ReplyValidationError(DraftingInputError):
    """The reply does not match the schema or the content rules.

    ``errors`` lists ``(path, message)`` pairs, e.g. ``("$.recipient.name", "Pflichtfeld
    fehlt.")``; ``str(error)`` is one German sentence listing them all.
    """

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        listed = "; ".join(f"{path}: {message.rstrip('.')}" for path, message in errors)
        super().__init__(f"Das Antwortschreiben enthält ungültige Angaben: {listed}.")


def validate_reply(data: Any) -> None:
    """Raise :class:`ReplyValidationError` unless ``data`` is a renderable reply."""
    if not isinstance(data, dict):
        raise ReplyValidationError([("$", "Die Eingabe muss ein JSON-Objekt sein.")])
    errors = find_invalid_characters(data)
    flagged = {path for path, _ in errors}  # one message per field: the character wins
    errors.extend(error for error in _schema_errors(data) if error[0] not in flagged)
    if not errors:
        errors.extend(_content_errors(data))
    if errors:
        unique = sorted(set(errors), key=lambda error: _path_sort_key(error[0]))
        raise ReplyValidationError(unique[:_MAX_ERRORS])


def find_invalid_characters(value: Any, path: str = "$") -> list[tuple[str, str]]:
    """Paths of all strings (and keys) that contain characters XML 1.0 forbids."""
    errors: list[tuple[str, str]] = []
    pending: list[tuple[Any, str]] = [(value, path)]
    while pending:  # iterative: deeply nested input must not hit the recursion limit
        current, where = pending.pop()
        if isinstance(current, str):
            match = _INVALID_XML.search(current)
            if match:
                code = f"U+{ord(match.group()):04X}"
                message = f"Unzulässiges Steuerzeichen {code} an Position {match.start() + 1}."
                errors.append((where, message))
        elif isinstance(current, dict):
            for key, item in current.items():
                child = _join(where, str(key))
                if _INVALID_XML.search(str(key)):
                    errors.append((child, "Der Feldname enthält ein unzulässiges Steuerzeichen."))
                pending.append((item, child))
        elif isinstance(current, list):
            pending.extend((item, f"{where}[{index}]") for index, item in enumerate(current))
    return errors


def sanitize_reply(value: Any) -> Any:
    """Copy of ``value`` without characters XML 1.0 forbids.

    For pasted text: a vertical tab (Word's manual line break) and a form feed become a
    line break, every other forbidden character is removed.
    """
    if isinstance(value, str):
        value = value.replace("\x0b", "\n").replace("\x0c", "\n")
        return _INVALID_XML.sub("", value)
    if isinstance(value, dict):
        return {sanitize_reply(key): sanitize_reply(item) for key, item in value.items()}
    if isinstance(value, list):
        return [sanitize_reply(item) for item in value]
    return value


# --- schema -----------------------------------------------------------------------------


@cache
def _validator() -> Draft202012Validator:
    text = resources.files("drafting.letters").joinpath("schema", "reply.schema.json").read_text("utf-8")
    schema = json.loads(text)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def reply_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a structured reply."""
    return dict(_validator().schema)


def _schema_errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for error in _validator().iter_errors(data):
        errors.extend(_translate(error))
    return errors


def _translate(error: ValidationError) -> list[tuple[str, str]]:
    path = _format_path(error.absolute_path)
    keyword = error.validator
    value = error.validator_value
    instance = error.instance
    if keyword == "required":
        missing = [name for name in value if name not in instance]
        return [(_join(path, name), "Pflichtfeld fehlt.") for name in missing]
    if keyword == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            (_join(path, str(key)), "Unbekanntes Feld (nicht vorgesehen).")
            for key in instance
            if key not in known
        ]
    if keyword in ("anyOf", "oneOf"):
        return _translate_alternatives(error, path)
    return [(path, _message(keyword, value, instance))]


def _translate_alternatives(error: ValidationError, path: str) -> list[tuple[str, str]]:
    # Prefer the errors of the alternative whose type matched (deeper problems) ...
    deeper = [sub for sub in error.context if sub.relative_path or sub.validator != "type"]
    if deeper:
        return [message for sub in deeper for message in _translate(sub)]
    # ... otherwise say which types would have been accepted.
    types: list[str] = []
    for sub in error.context:
        expected = sub.validator_value
        for name in expected if isinstance(expected, list) else [expected]:
            label = _TYPE_NAMES.get(name, name)
            if label not in types:
                types.append(label)
    return [(path, f"Muss {_or_list(types)} sein.")]


def _message(keyword: str, value: Any, instance: Any) -> str:
    if keyword == "type":
        expected = value if isinstance(value, list) else [value]
        return f"Muss {_or_list([_TYPE_NAMES.get(name, name) for name in expected])} sein."
    if keyword == "pattern":
        if value == "\\S":
            return "Darf nicht leer sein."
        return "Ist kein gültiges Datum (Format JJJJ-MM-TT)."
    if keyword == "format":
        return "Ist kein gültiges Datum (Format JJJJ-MM-TT)."
    if keyword in ("enum", "const"):
        allowed = value if isinstance(value, list) else [value]
        shown = ", ".join(dict.fromkeys("leer" if item in (None, "") else f"„{item}“" for item in allowed))
        return f"Unzulässiger Wert; erlaubt: {shown}."
    if keyword == "minItems":
        return (
            "Mindestens ein Eintrag erforderlich."
            if value == 1
            else (f"Mindestens {value} Einträge erforderlich.")
        )
    if keyword == "maxItems":
        return f"Höchstens {value} Einträge erlaubt."
    if keyword == "maxLength":
        return f"Zu lang: höchstens {value:,} Zeichen erlaubt.".replace(",", ".")
    if keyword == "minimum":
        return f"Muss mindestens {value} sein."
    return f"Ungültiger Wert ({keyword})."


# --- content rules the schema cannot express ------------------------------------------


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return all(_blank(item) for item in value)


def _content_errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if data.get("kind", "final") == "final":
        for index, item in enumerate(data.get("items", [])):
            if _blank(item["answer"]):
                errors.append((f"$.items[{index}].answer", "Die Antwort fehlt (leer)."))
    signature = data["signature"]
    if _blank(signature.get("name")) and _blank(signature.get("function")):
        errors.append(("$.signature", "Name oder Funktion der unterzeichnenden Person muss angegeben sein."))
    if _blank(data["recipient"]["address_lines"]):
        errors.append(("$.recipient.address_lines", "Die Anschrift ist leer."))
    return errors


# --- helpers ----------------------------------------------------------------------------


def _join(path: str, key: str) -> str:
    if _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _format_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path = f"{path}[{part}]" if isinstance(part, int) else _join(path, part)
    return path


def _path_sort_key(path: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)]


def _or_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " oder " + items[-1]
