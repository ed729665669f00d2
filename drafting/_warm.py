"""Imported by the forkserver of :mod:`drafting.isolation`: loads what reading and
splitting need (python-docx, pypdf, the spaCy pipeline, the German word list) once, so that
every isolated reading forked from the server starts warm.

Importing this module does the work; it never raises (a failure here would only make the
children slower, which is better than no server at all)."""

from __future__ import annotations

import gc

from drafting.isolation import _trim


def _warm() -> None:
    try:
        from drafting.prepare import warm_up

        warm_up()
    except Exception:  # pragma: no cover - the children load what they need themselves
        pass
    # What is loaded now stays: the garbage collector of the children need not walk it
    # (walking would also copy the shared memory pages into every child).
    gc.collect()
    gc.freeze()
    # Give memory freed during the warm-up back to the system: memory the children find
    # already mapped would not count against their address-space limit.
    _trim()


_warm()
