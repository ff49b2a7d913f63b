"""Raw → processed: clean, reshape, validate and publish the observations.

:func:`build` runs the whole stage and writes the validation report beside the dataset.
"""

from __future__ import annotations

from cdskit.processing.clean import CleanResult, clean_all, clean_file, clean_tables
from cdskit.processing.pipeline import BuildResult, build, check, write_validation_report
from cdskit.processing.publish import write_dataset
from cdskit.processing.validate import RULES, ValidationResult, flag_conflicts, validate

__all__ = [
    "RULES",
    "BuildResult",
    "CleanResult",
    "ValidationResult",
    "build",
    "check",
    "clean_all",
    "clean_file",
    "clean_tables",
    "flag_conflicts",
    "validate",
    "write_dataset",
    "write_validation_report",
]
