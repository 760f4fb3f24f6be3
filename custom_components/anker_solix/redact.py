"""Diagnostics redaction: the library's one anonymizer in its placeholder style.

`async_redact_data` only blanks values; our caches also use ids as dict keys (`sites`, `devices`,
`vehicles`) and repeat them inside texts and embedded JSON strings (`param_data`,
`home_load_data`). `Anonymizer` (from `solixapi`, shared with the export) first learns
every id of the data, then rewrites keys, values, texts and embedded JSON so one id always becomes
the same placeholder (`**REDACTED_SITE_1**`).
"""

from __future__ import annotations

from .solixapi import REDACTED, SECRET_KEYS, Anonymizer

__all__ = ["REDACTED", "SECRET_KEYS", "Anonymizer"]
