"""Pure drafting library: inquiry text in, structures out; structured reply in, letter out.

No Flask, no database. Usable on its own: ``python -m drafting split|letter ...``.
One subpackage per job: :mod:`drafting.reading` (read and repair), :mod:`drafting.splitting`,
:mod:`drafting.letters`, :mod:`drafting.routing`; shared German resources (one spaCy
pipeline, one lemma table and word list) in :mod:`drafting.language`.
"""
