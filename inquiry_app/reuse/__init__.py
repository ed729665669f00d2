"""Reuse while writing: the past questions most like the one being answered, with their final
answers, beside the contribution editor and on the consolidation page (one click inserts an
answer as a draft with its provenance, its figures highlighted for checking), and on the
routing page the offices that answered similar questions before.

The similar questions come from :func:`inquiry_app.search.similar_questions`; this package
only presents them (:mod:`.panels`), inserts an answer (:mod:`.operations`; the buttons post
to routes of :mod:`inquiry_app.contributions.views`) and marks the figures of an inserted text
(:mod:`.figures`)."""
