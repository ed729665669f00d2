"""Published replies: a reply letter or Drucksache (text, PDF, DOCX) becomes its metadata, the
questions it quotes and its answer items (:mod:`.reply`; letter frame and page furniture in
:mod:`.frame`, questions and answers in :mod:`.structure`). ``python -m drafting split-reply``
is :mod:`.cli`."""

from drafting.errors import ReplyNotRecognised
from drafting.replies.reply import read_reply, split_reply

__all__ = ["ReplyNotRecognised", "read_reply", "split_reply"]
