"""Exceptions raised by cdskit.

Every message names the offending file, sheet, cell or parameter, says what was expected and
what to do about it. Catch :class:`CdskitError` to handle all of them.
"""

from __future__ import annotations

import difflib
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


class IncompleteDownloadError(DownloadError):
    """The server closed the connection before sending every byte it announced.

    :func:`cdskit.fetch.download` catches it and resumes; it reaches a caller only as the cause
    of the :class:`DownloadError` raised once every attempt failed.
    """


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


#: Similarity (``difflib`` ratio, 0 to 1) a known value needs to be suggested.
SUGGESTION_CUTOFF = 0.6
#: Most suggestions one message offers.
SUGGESTION_COUNT = 3


def did_you_mean(value: object, options: Iterable[object], *, ranked: bool = False) -> str:
    """Suggest the known values closest to ``value``, as the end of an error message.

    Candidates are chosen with :mod:`difflib` twice, on the text as given and on its
    ASCII-folded form (:func:`cdskit.vietnamese.name_key`), so ``"Lang Son"`` finds
    ``"Lạng Sơn"``; at most :data:`SUGGESTION_COUNT` values with a similarity of at least
    :data:`SUGGESTION_CUTOFF` are shown, closest first.

    Parameters
    ----------
    value : object
        The value that was not recognised (turned to text).
    options : iterable
        The values that would have been accepted (turned to text).
    ranked : bool, default False
        ``True`` when ``options`` already are the suggestions, best first (a matcher that knows
        more than spelling, such as the unit resolver, chose them): they are shown as given.

    Returns
    -------
    str
        ``" Did you mean 'a', 'b'?"``, or an empty string when nothing is close enough.

    Examples
    --------
    >>> did_you_mean("LANG SON", ["Lạng Sơn", "Hà Nội", "Cao Bằng"])
    " Did you mean 'Lạng Sơn'?"
    >>> did_you_mean("provnce", ["province", "district", "commune"])
    " Did you mean 'province'?"
    >>> did_you_mean("xyz", ["province", "commune"])
    ''
    >>> did_you_mean("Thanh Hoa", ["Thanh Hóa", "Thanh Hóa (2008)"], ranked=True)
    " Did you mean 'Thanh Hóa', 'Thanh Hóa (2008)'?"
    """
    texts = list(dict.fromkeys(str(option) for option in options))
    chosen = texts if ranked else close_matches(value, texts)
    items = [f"'{item}'" for item in chosen]
    return f" Did you mean {', '.join(items)}?" if items else ""


def close_matches(value: object, options: Iterable[object]) -> list[str]:
    """Return the known values closest to ``value``, as :func:`did_you_mean` chooses them.

    For messages about several values at once, or for an exception's ``suggestions`` field.

    Parameters
    ----------
    value : object
        The value that was not recognised (turned to text).
    options : iterable
        The values that would have been accepted (turned to text).

    Returns
    -------
    list of str
        At most :data:`SUGGESTION_COUNT` options, closest first: those close in spelling, then
        those close once both sides are ASCII-folded.

    Examples
    --------
    >>> close_matches("Dak Lak", ["Đắk Lắk", "Đắk Nông", "Hà Nội"])
    ['Đắk Lắk']
    """
    from cdskit.vietnamese import name_key  # imported here: `import cdskit` stays light

    texts = list(dict.fromkeys(str(option) for option in options))
    text = str(value)
    exact = difflib.get_close_matches(text, texts, n=SUGGESTION_COUNT, cutoff=SUGGESTION_CUTOFF)
    by_key: dict[str, list[str]] = {}
    for option in texts:
        by_key.setdefault(name_key(option), []).append(option)
    keys = difflib.get_close_matches(
        name_key(text), list(by_key), n=SUGGESTION_COUNT, cutoff=SUGGESTION_CUTOFF
    )
    folded = [option for key in keys for option in by_key[key]]
    return list(dict.fromkeys([*exact, *folded]))[:SUGGESTION_COUNT]


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
