"""Reading and repair: bytes of a DOCX, PDF (text layer or OCR) or text file become text
(:mod:`.document`, :mod:`.textfile`, :mod:`.docx_numbering`, :mod:`.ocr`), and that text is
repaired (:mod:`.normalize`: line breaks, hyphenation, OCR misreadings; words re-joined
with the shared word list in :mod:`.joins`)."""
