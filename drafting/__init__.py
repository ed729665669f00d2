"""Pure drafting library: inquiry text in, structures out; structured reply in, letter out.

No Flask, no database. Usable on its own: ``python -m drafting split|letter ...``.
"""
