"""Demo data: the organisation of a large German city, users, councillors and inquiries."""
