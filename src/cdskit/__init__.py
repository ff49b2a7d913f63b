"""cdskit: clean, validate, map and report provincial digital-transformation indicators.

>>> import cdskit as cds
>>> cds.__version__
'0.1.0'
"""

from __future__ import annotations

from cdskit.errors import (
    CdskitError,
    DownloadError,
    InputError,
    JoinError,
    ParameterError,
    RawFileChangedError,
    UnknownUnitError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "CdskitError",
    "DownloadError",
    "InputError",
    "JoinError",
    "ParameterError",
    "RawFileChangedError",
    "UnknownUnitError",
    "ValidationError",
    "__version__",
]
