"""Keeping freed memory for the next replication (glibc's ``mallopt``).

A replication allocates and frees arrays of megabytes each (a busy crossing's year is 300,000
vehicles). By default glibc hands such blocks back to the system when they are freed, and the next
replication faults them in again page by page: about a fifth of a run's time was spent so, in the
kernel. :func:`keep_freed_memory` has the process keep up to 256 MB of freed memory for reuse
instead. It is set once per process by the first run of a crossing (``run_crossing``); under
another C library it changes nothing. The results are the same either way.
"""

from __future__ import annotations

import ctypes
import functools
import os

#: glibc's ``mallopt`` parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
#: blocks up to this size come from the heap, not their own mapping (glibc's largest)
MMAP_THRESHOLD = 32 * 2**20
#: freed memory kept before any is given back
TRIM_THRESHOLD = 256 * 2**20
#: extra memory taken each time the heap grows
TOP_PAD = 64 * 2**20


@functools.cache
def keep_freed_memory() -> bool:
    """Set glibc to keep freed memory (module docstring); True when set."""
    try:  # glibc names itself here; asking costs no subprocess (unlike find_library)
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return False
        mallopt = ctypes.CDLL(None).mallopt  # the process's own symbols: glibc's
    except (AttributeError, OSError, ValueError):  # no confstr (Windows), no such name
        return False
    return all(
        mallopt(param, value) == 1
        for param, value in (
            (_M_MMAP_THRESHOLD, MMAP_THRESHOLD),
            (_M_TRIM_THRESHOLD, TRIM_THRESHOLD),
            (_M_TOP_PAD, TOP_PAD),
        )
    )
