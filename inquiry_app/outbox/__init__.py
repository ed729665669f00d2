"""The mail outbox: delivery worker (``worker``), the page "E-Mail-Ausgang" with requeueing
(``views``) and the commands ``flask --app inquiry_app mail deliver|list|retry`` (``cli``)."""
