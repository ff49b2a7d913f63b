"""Exceptions raised by cdskit.

Every message names the offending file, sheet, cell or parameter, says what was expected and
what to do about it. Catch :class:`CdskitError` to handle all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class CdskitError(Exception):
    """Base class of every error cdskit raises on purpose."""


class InputError(CdskitError, ValueError):
    """A raw file, sheet or cell cannot be read or does not hold what was expected."""


class RawFileChangedError(InputError):
    """A raw file's sha256 no longer matches the one recorded in ``sources.yml``."""


class UnknownUnitError(CdskitError, LookupError):
    """An administrative unit name or code is unknown or ambiguous."""

    def __init__(self, message: str, suggestions: Iterable[str] = ()) -> None:
        # Parameters: the message, and the closest known names (best first).
        self.suggestions = list(suggestions)
        super().__init__(message)


class ParameterError(CdskitError, ValueError):
    """A function, notebook or command-line parameter has an unexpected value."""


class ValidationError(CdskitError):
    """Observations broke the schema or codebook rules (see the validation report).

    Parameters
    ----------
    message : str
        What was rejected and where the report is.
    result : object, optional
        The build's result (counts, rejects, report paths), for callers that go on.
    """

    def __init__(self, message: str, result: object | None = None) -> None:
        self.result = result
        super().__init__(message)


class DownloadError(CdskitError, OSError):
    """A pinned file could not be fetched from its URL or found in a mirror."""


class JoinError(CdskitError, LookupError):
    """Observations and boundaries do not match one to one on unit code."""


class ReportError(CdskitError):
    """A report notebook failed to execute or render.

    Parameters
    ----------
    message : str
        Which reports failed and where their records are.
    failures : mapping of str to str, optional
        Report name → one-line failure.
    index : path-like, optional
        The index page written for the batch.
    """

    def __init__(
        self, message: str, failures: Mapping[str, str] | None = None, index: object = None
    ) -> None:
        self.failures = dict(failures or {})
        self.index = index
        super().__init__(message)


def did_you_mean(suggestions: Iterable[str]) -> str:
    """Format suggestions as a sentence fragment for an error message.

    Parameters
    ----------
    suggestions : iterable of str
        Candidate values, best first.

    Returns
    -------
    str
        ``" Did you mean 'a', 'b'?"``, or an empty string when there is nothing to suggest.

    Examples
    --------
    >>> did_you_mean(["Thanh Hóa", "Thanh Hóa (2008)"])
    " Did you mean 'Thanh Hóa', 'Thanh Hóa (2008)'?"
    >>> did_you_mean([])
    ''
    """
    items = [f"'{item}'" for item in suggestions]
    return f" Did you mean {', '.join(items)}?" if items else ""


class OutputError(CdskitError, OSError):
    """A folder or file cannot be written (read-only, full disk, permission denied...).

    ``errno`` keeps the operating system's error number; the message is one sentence.
    """

    def __init__(self, message: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


class BoundaryWarning(UserWarning):
    """A boundary layer needed corrections (names resolved by spelling, overlaps removed)."""


class BatchInterrupted(ReportError):
    """The batch was stopped by a signal; ``reports/`` was left as it was.

    ``signal`` holds the signal number (``SIGINT`` for Ctrl-C, ``SIGTERM``).
    """

    def __init__(self, message: str, signum: int) -> None:
        super().__init__(message)
        self.signal = signum


class SubtotalError(InputError):
    """A subtotal row of a hierarchical table differs from the sum of the units under it."""
