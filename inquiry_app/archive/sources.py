"""What an archive import reads: the items of a folder of files or of an OParl 1.1 dump.

No database and no network here: :func:`items_of` turns ``PATH`` into :class:`Item` rows,
one per reply (or inquiry) to import, each with what is known before reading it. Problems
found while collecting (unsupported file types, a Paper whose file is missing or only on the
web, invalid JSON) are items too, with ``skip`` or ``problem`` set, so that the report has a
line for every file and every Paper.

OParl: a JSON file (or a folder of JSON files) holding Paper objects, as a list, an OParl
list page (``{"data": [...]}``) or one object. An inquiry is a Paper whose ``paperType``
names an "Anfrage", its reply a Paper "Beantwortung einer Anfrage" / "Antwort" that names
the inquiry in ``relatedPaper`` (or is named by it). Files (``mainFile``, ``auxiliaryFile``)
are read only from the dump's folder: a relative path or a ``file://`` URL inside it; an
``http(s)`` URL is reported as not available locally (``File.text``, when given, is used
instead)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

SUFFIXES = (".pdf", ".docx", ".txt")
OPARL_PAPER = "https://schema.oparl.org/1.1/Paper"
NOT_LOCAL = "nicht lokal verfügbar"


@dataclass
class Item:
    """One thing to import. ``label`` is the report's path column (a file path, or the
    Paper's id); ``key`` the source key when known before reading (OParl), else the file's
    hash decides it. ``path`` is the reply file (or the inquiry's, for an inquiry without
    reply); ``text`` the text given instead of a file. ``meta``: what the dump says (number,
    date, inquiry_date, subject, persons, organizations). ``inquiry_path``: the inquiry's
    own file, when the dump has it."""

    label: str
    source: str
    path: Path | None = None
    text: str | None = None
    filename: str | None = None
    key: str | None = None
    meta: dict = field(default_factory=dict)
    inquiry_path: Path | None = None
    inquiry_filename: str | None = None
    skip: str | None = None
    problem: str | None = None
    notes: list[str] = field(default_factory=list)


class SourceError(Exception):
    """PATH cannot be read at all (German message; the command exits with 2)."""


def items_of(path: Path) -> list[Item]:
    """The items of ``path`` (a folder of files, an OParl JSON file or a folder of them)."""
    if not path.exists():
        raise SourceError(f"Der Pfad „{path}“ existiert nicht.")
    if not os.access(path, os.R_OK) or (path.is_dir() and not os.access(path, os.X_OK)):
        raise SourceError(f"Der Pfad „{path}“ ist nicht lesbar.")
    if path.is_file():
        if path.suffix.lower() == ".json":
            return _oparl([path], path.parent)
        return list(_files_of([path]))
    try:
        top_json = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file())
    except OSError as exc:
        raise SourceError(f"Der Ordner „{path}“ ist nicht lesbar ({exc.strerror}).") from exc
    if top_json and any(_looks_like_oparl(p) for p in top_json):
        return _oparl(top_json, path)
    return list(_files_of(_walk(path)))


def _walk(root: Path) -> Iterator[Path]:
    """Every file below ``root``, sorted, unreadable folders reported as files."""
    for folder, dirs, files in os.walk(root, onerror=None):
        dirs.sort()
        for name in sorted(files):
            yield Path(folder) / name


def _files_of(paths) -> Iterator[Item]:
    for file in paths:
        label = str(file)
        if file.name.startswith("."):
            yield Item(label, label, skip="versteckte Datei")
            continue
        suffix = file.suffix.lower()
        if suffix not in SUFFIXES:
            yield Item(label, label, skip=f"Dateityp „{suffix or 'ohne Endung'}“ wird nicht "
                                          "importiert (nur PDF, DOCX und TXT)")
            continue
        yield Item(label, label, path=file, filename=file.name)


# -- OParl ---------------------------------------------------------------------------------

def _looks_like_oparl(file: Path) -> bool:
    try:
        with file.open("rb") as handle:
            head = handle.read(65536).decode("utf-8", "replace")
    except OSError:
        return True  # reported as a broken part of the dump
    return "schema.oparl.org" in head or '"paperType"' in head


def _objects(data) -> list[dict]:
    if isinstance(data, list):
        found = data
    elif isinstance(data, dict) and isinstance(data.get("data"), list):
        found = data["data"]
    elif isinstance(data, dict):
        found = [data]
    else:
        found = []
    return [o for o in found if isinstance(o, dict)]


def _kind(obj: dict) -> str:
    kind = str(obj.get("type") or "")
    return kind.rsplit("/", 1)[-1] if "/" in kind else ("Paper" if "paperType" in obj else kind)


def paper_role(paper: dict) -> str | None:
    """"reply", "inquiry" or None (another kind of paper)."""
    kind = str(paper.get("paperType") or "").casefold()
    if "beantwortung" in kind or kind.startswith("antwort") or "stellungnahme" in kind:
        return "reply"
    if "anfrage" in kind:
        return "inquiry"
    return None


def _oparl(files: list[Path], root: Path) -> list[Item]:
    items: list[Item] = []
    papers: list[tuple[dict, Path]] = []
    names: dict[str, str] = {}  # id -> name of Persons and Organizations given in the dump
    files_by_id: dict[str, dict] = {}
    for file in files:
        try:
            data = json.loads(file.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            items.append(Item(str(file), str(file), problem=f"Die Datei ist nicht lesbar: {exc}"))
            continue
        except json.JSONDecodeError as exc:
            items.append(Item(str(file), str(file), problem=(
                f"ungültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno}: {exc.msg})")))
            continue
        for obj in _objects(data):
            kind = _kind(obj)
            if kind == "Paper":
                papers.append((obj, file))
            elif kind in ("Person", "Organization") and obj.get("id"):
                names[str(obj["id"])] = _person_name(obj)
            elif kind == "File" and obj.get("id"):
                files_by_id[str(obj["id"])] = obj
        if not _objects(data):
            items.append(Item(str(file), str(file), skip="keine OParl-Objekte in der Datei"))
    by_id = {str(p.get("id")): (p, f) for p, f in papers if p.get("id")}
    replies_of: dict[str, list[tuple[dict, Path]]] = {}
    used: set[str] = set()
    for paper, file in papers:
        if paper_role(paper) != "reply":
            continue
        for related in _urls(paper.get("relatedPaper")) + _urls(paper.get("superordinatedPaper")):
            target = by_id.get(related)
            if target is not None and paper_role(target[0]) == "inquiry":
                replies_of.setdefault(related, []).append((paper, file))
                used.add(str(paper.get("id")))
                break
    for paper, file in papers:
        pid = str(paper.get("id") or "")
        role = paper_role(paper)
        label = pid or f"{file} (Paper ohne id)"
        if not pid:
            items.append(Item(label, str(file), problem="Paper ohne „id“"))
            continue
        if paper.get("deleted"):
            items.append(Item(label, pid, skip="als gelöscht markiert"))
            continue
        if role is None:
            items.append(Item(label, pid, skip=f"Papierart „{paper.get('paperType') or '–'}“ "
                                               "ist keine Anfrage und keine Antwort"))
            continue
        if role == "reply" and pid in used:
            continue  # imported with its inquiry
        inquiry = paper if role == "inquiry" else None
        if inquiry is None:  # a reply whose inquiry is not in the dump
            inquiry = next((by_id[r][0] for r in _urls(paper.get("relatedPaper"))
                            if r in by_id and paper_role(by_id[r][0]) == "inquiry"), None)
        if role == "inquiry":
            for other in _urls(paper.get("relatedPaper")) + _urls(paper.get("subordinatedPaper")):
                target = by_id.get(other)
                if (target is not None and paper_role(target[0]) == "reply"
                        and other not in {str(r.get("id")) for r, _ in replies_of.get(pid, [])}):
                    replies_of.setdefault(pid, []).append(target)
                    used.add(other)
        reply = paper if role == "reply" else next(iter(replies_of.get(pid, [])), (None,))[0]
        items.append(_paper_item(pid, inquiry, reply, root, names, files_by_id))
    return items


def _paper_item(pid: str, inquiry: dict | None, reply: dict | None, root: Path,
                names: dict[str, str], files_by_id: dict[str, dict]) -> Item:
    main = reply if reply is not None else inquiry
    item = Item(pid, pid, key=f"oparl:{pid}")
    item.meta = {
        "number": _text(inquiry, "reference") or _text(reply, "reference"),
        "subject": _text(inquiry, "name") or _text(reply, "name"),
        "date": _text(reply, "date"),
        "inquiry_date": _text(inquiry, "date"),
        "persons": _names((inquiry or main).get("originatorPerson"), names),
        "organizations": _names((inquiry or main).get("originatorOrganization"), names),
        "reply_paper": _text(reply, "id"),
        "inquiry_paper": _text(inquiry, "id"),
    }
    file, text, reason = _paper_file(main, root, files_by_id)
    item.path, item.text = file, text
    if file is not None:
        item.filename = file.name
    elif text is not None:
        item.filename = None
        item.notes.append(f"Datei {reason}; der Text aus dem OParl-Dump wurde verwendet.")
    else:
        what = "Antwort" if reply is not None else "Anfrage"
        item.problem = f"Datei der {what} {reason}"
    if reply is not None and inquiry is not None:
        inquiry_file, _text_unused, _reason = _paper_file(inquiry, root, files_by_id)
        if inquiry_file is not None:
            item.inquiry_path, item.inquiry_filename = inquiry_file, inquiry_file.name
    return item


def _paper_file(paper: dict, root: Path, files_by_id: dict[str, dict]
                ) -> tuple[Path | None, str | None, str]:
    """The paper's file on disk (mainFile, else an auxiliary PDF/DOCX/TXT), or its text
    from the dump, or why neither is there."""
    candidates = [paper.get("mainFile"), *_list(paper.get("auxiliaryFile"))]
    reason = "fehlt im Dump"
    text = None
    for candidate in candidates:
        obj = files_by_id.get(candidate) if isinstance(candidate, str) else candidate
        if not isinstance(obj, dict):
            continue
        text = text or (obj.get("text") if isinstance(obj.get("text"), str)
                        and obj.get("text").strip() else None)
        for url_key in ("downloadUrl", "accessUrl"):
            url = obj.get(url_key)
            if not isinstance(url, str) or not url.strip():
                continue
            path, why = local_path(url.strip(), root)
            if path is not None:
                return path, None, ""
            reason = why
    return None, text, reason


def local_path(url: str, root: Path) -> tuple[Path | None, str]:
    """The file a URL of the dump names, inside ``root``; else (None, why not)."""
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https", "ftp"):
        return None, f"{NOT_LOCAL} ({url})"
    if parsed.scheme == "file":
        raw = Path(url2pathname(unquote(parsed.path)))
    elif parsed.scheme and len(parsed.scheme) > 1:
        return None, f"hat eine unbekannte Adresse ({url})"
    else:
        raw = Path(unquote(url))
    candidate = raw if raw.is_absolute() else root / raw
    try:
        resolved = candidate.resolve()
        inside = resolved.is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return None, f"ist nicht lesbar ({url})"
    if not inside:
        return None, f"liegt außerhalb des Dump-Ordners ({url})"
    if not resolved.is_file():
        return None, f"nicht gefunden ({url})"
    return resolved, ""


def _urls(value) -> list[str]:
    return [str(v) for v in _list(value) if isinstance(v, str)]


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(paper: dict | None, key: str) -> str | None:
    if paper is None:
        return None
    value = paper.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _names(value, names: dict[str, str]) -> list[str]:
    """Names of the persons or organizations a paper names: embedded objects, or URLs of
    objects given elsewhere in the dump (a URL alone names nobody)."""
    found = [names.get(v) if isinstance(v, str) else _person_name(v) for v in _list(value)]
    return [n for n in found if n]


def _person_name(obj) -> str:
    if not isinstance(obj, dict):
        return str(obj)
    if obj.get("name"):
        return str(obj["name"])
    return " ".join(str(obj.get(k) or "") for k in ("title", "givenName", "familyName")).strip()
