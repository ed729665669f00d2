"""Splitting: an inquiry text becomes its frame (title, date, councillors, salutation …) and
its questions (:mod:`.segment`; council forms, parliament papers and agenda forms cut into
sections first by :mod:`.form`, :mod:`.paper`, :mod:`.agenda_form`; spaCy rules in
:mod:`.inquiry_rules`). ``python -m drafting split`` is :mod:`.cli`."""
