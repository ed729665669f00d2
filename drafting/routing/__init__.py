"""Routing: which org units answer which question. German text analysis (:mod:`.text`),
catalogue terms found in a text, also inside compounds (:mod:`.terms`), a small model
trained from confirmed and returned assignments (:mod:`.model`) and the router that combines
both (:mod:`.engine`). Training data and the stored model live in the application's
database (``inquiry_app.routing.service``)."""
