"""Letters: a reply (JSON, checked against ``schema/reply.schema.json``) becomes a DOCX reply
letter and, with LibreOffice, a PDF (:mod:`.letter` is the entry point; answer texts in the
Markdown subset of :mod:`.richtext`). ``python -m drafting letter`` is :mod:`.cli`."""
