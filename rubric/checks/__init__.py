"""Built-in checks. Importing this package registers every kind in `REGISTRY`."""

from rubric.checks import completeness, correctness, empathy, listening, professionalism, resolution, spelling
from rubric.checks.base import REGISTRY, CheckKind, Evidence, Outcome, Params

__all__ = [
    "REGISTRY",
    "CheckKind",
    "Evidence",
    "Outcome",
    "Params",
    "completeness",
    "correctness",
    "empathy",
    "listening",
    "professionalism",
    "resolution",
    "spelling",
]
