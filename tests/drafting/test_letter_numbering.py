"""Lists in answers and remarks are Word lists (numbering.xml + w:numPr), not typed "•"/"1."."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from drafting.letters.letter import body_text, render_docx

DATA = Path(__file__).resolve().parents[1] / "data"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def listed_reply() -> dict:
    data = reference()
    data["remark"] = "Vorab:\n\n- Hinweis eins\n- Hinweis zwei"
    data["items"][0]["answer"] = (
        "Maßnahmen:\n\n- Planung\n* Umsetzung\n\n1. erstens\n2. zweitens\n\nDazwischen Text.\n\n"
        "3. drittens\n4. viertens"
    )
    data["items"][1]["answer"] = "1. eins\n2. zwei"
    return data


def val(element, path: str) -> str | None:
    found = element.find(path.replace("w:", W))
    return None if found is None else found.get(qn("w:val"))


class Letter:
    def __init__(self, blob: bytes):
        self.blob = blob
        self.document = docx.Document(io.BytesIO(blob))
        self.numbering = self.document.part.numbering_part.element

    def items(self) -> list[tuple[str, str, str]]:
        """(style name, text, numId) of every paragraph with w:numPr."""
        rows = []
        for p in self.document.paragraphs:
            num_id = val(p._p, "w:pPr/w:numPr/w:numId")
            if num_id is not None:
                assert val(p._p, "w:pPr/w:numPr/w:ilvl") == "0"
                rows.append((p.style.name, p.text, num_id))
        return rows

    def level(self, num_id: str):
        num = next(n for n in self.numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
        abstract_id = val(num, "w:abstractNumId")
        abstract = next(a for a in self.numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)  # fmt: skip
        lvl = abstract.find(qn("w:lvl"))
        start = val(num, "w:lvlOverride/w:startOverride") or val(lvl, "w:start")
        return val(lvl, "w:numFmt"), val(lvl, "w:lvlText"), int(start)


def test_bullets_and_numbers_are_word_numbering_not_typed_text():
    letter = Letter(render_docx(listed_reply()))
    items = letter.items()
    texts = [text for _, text, _ in items]
    assert texts == ["Hinweis eins", "Hinweis zwei", "Planung", "Umsetzung", "erstens", "zweitens",
                     "drittens", "viertens", "eins", "zwei"]  # fmt: skip
    assert not any(re.match(r"^(•|\d+\.)", p.text) and "\t" in p.text for p in letter.document.paragraphs)
    styles = {text: style for style, text, _ in items}
    assert styles["Planung"] == "Anfrage Aufzählung" and styles["erstens"] == "Anfrage Nummerierung"
    num_of = {text: num_id for _, text, num_id in items}
    assert letter.level(num_of["Planung"]) == ("bullet", "•", 1)
    assert num_of["Hinweis eins"] == num_of["Planung"] == num_of["Umsetzung"]
    assert letter.level(num_of["erstens"]) == ("decimal", "%1.", 1)


def test_each_numbered_list_counts_from_its_own_start():
    letter = Letter(render_docx(listed_reply()))
    num_of = {text: num_id for _, text, num_id in letter.items()}
    assert num_of["erstens"] == num_of["zweitens"]
    assert num_of["drittens"] == num_of["viertens"] != num_of["erstens"]
    assert num_of["eins"] not in (num_of["erstens"], num_of["drittens"])
    assert letter.level(num_of["drittens"])[2] == 3  # "3. drittens" after text goes on at 3
    assert letter.level(num_of["eins"])[2] == 1  # the next answer's list starts again


def test_read_back_the_letter_shows_bullets_and_numbers():
    paragraphs = body_text(render_docx(listed_reply())).split("\n\n")
    for expected in ("• Hinweis eins", "• Planung", "• Umsetzung", "1. erstens", "2. zweitens",
                     "3. drittens", "4. viertens", "1. eins", "2. zwei"):  # fmt: skip
        assert expected in paragraphs


def test_list_indentation_follows_the_list_styles():
    letter = Letter(render_docx(listed_reply()))
    num_of = {text: num_id for _, text, num_id in letter.items()}
    for text, style_name in (("Planung", "Anfrage Aufzählung"), ("erstens", "Anfrage Nummerierung")):
        indent = letter.document.styles[style_name].paragraph_format.left_indent
        num = next(n for n in letter.numbering.findall(qn("w:num"))
                   if n.get(qn("w:numId")) == num_of[text])  # fmt: skip
        abstract = next(a for a in letter.numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == val(num, "w:abstractNumId"))  # fmt: skip
        ind = abstract.find(f"{W}lvl/{W}pPr/{W}ind")
        assert int(ind.get(qn("w:left"))) == round(indent.twips)
        assert ind.get(qn("w:hanging")) == ind.get(qn("w:left"))


def template_without_numbering() -> bytes:
    """A city template whose package has no numbering part at all."""
    out = io.BytesIO()
    docx.Document().save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    target_bytes = io.BytesIO()
    with zipfile.ZipFile(target_bytes, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/numbering.xml":
                continue
            if info.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship [^>]*Target="numbering.xml"/>', b"", data)
            if info.filename == "[Content_Types].xml":
                data = re.sub(rb'<Override PartName="/word/numbering.xml"[^>]*/>', b"", data)
            target.writestr(info, data)
    return target_bytes.getvalue()


def test_a_template_without_numbering_part_gets_one():
    template = template_without_numbering()
    assert "word/numbering.xml" not in zipfile.ZipFile(io.BytesIO(template)).namelist()
    letter = Letter(render_docx(listed_reply(), template=template))
    assert "word/numbering.xml" in zipfile.ZipFile(io.BytesIO(letter.blob)).namelist()
    assert "1. erstens" in body_text(letter.blob).split("\n\n")


def test_template_lists_keep_their_ids():
    out = io.BytesIO()
    docx.Document().save(out)
    template = out.getvalue()
    own = Letter(template)
    before = {a.get(qn("w:abstractNumId")) for a in own.numbering.findall(qn("w:abstractNum"))}
    letter = Letter(render_docx(listed_reply(), template=template))
    abstract_ids = [a.get(qn("w:abstractNumId")) for a in letter.numbering.findall(qn("w:abstractNum"))]
    num_ids = [n.get(qn("w:numId")) for n in letter.numbering.findall(qn("w:num"))]
    assert len(set(abstract_ids)) == len(abstract_ids) and len(set(num_ids)) == len(num_ids)
    assert before < set(abstract_ids)
    # schema order: every abstractNum before the first num
    tags = [child.tag for child in letter.numbering]
    assert tags.index(qn("w:num")) > max(i for i, t in enumerate(tags) if t == qn("w:abstractNum"))
