"""The exporter of an account's cloud answers (§9) and the one anonymizer that diagnostics and
exports share.

May import from the library: common, cloud, poll, mqtt.
"""

from .anonymize import REDACTED, SECRET_KEYS, Anonymizer
from .anonymize_rules import TEXT_KINDS
from .captures import anonymize_frame, anonymized_capture_files, learn_captures
from .exporter import STAGES, ExportProgress, ExportResult, SolixExporter

__all__ = [
    "REDACTED",
    "SECRET_KEYS",
    "STAGES",
    "TEXT_KINDS",
    "Anonymizer",
    "ExportProgress",
    "ExportResult",
    "SolixExporter",
    "anonymize_frame",
    "anonymized_capture_files",
    "learn_captures",
]
