"""The archive of past inquiries: import of published replies (files or an OParl dump) as
read-only records, and the ``flask archive`` commands."""
