"""Rejected rows: where each was read, the rule it broke, and why (vi and en).

:class:`RuleCheck` records the first rule each row breaks; its :meth:`RuleCheck.frame` is the
rejects table (:data:`REJECT_COLUMNS`) every stage adds to the validation report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import numpy as np
import pandas as pd

#: Columns of a reject: where it was read, which rule failed, the text, and why (vi and en).
REJECT_COLUMNS: tuple[str, ...] = (
    "file",
    "sheet",
    "cell",
    "rule",
    "value",
    "message_vi",
    "message_en",
)

Message: TypeAlias = Callable[[str], str] | pd.Series


def empty_rejects() -> pd.DataFrame:
    """Return an empty rejects table with the columns of :data:`REJECT_COLUMNS`."""
    return pd.DataFrame({name: pd.Series(dtype=object) for name in REJECT_COLUMNS})


def split_origin(origins: pd.Series) -> pd.DataFrame:
    """Split origin strings into file, sheet and cell.

    Parameters
    ----------
    origins : pandas.Series
        Strings like ``dti/ranks.csv:line 12`` or ``file.xlsx:Sheet1!C12``.

    Returns
    -------
    pandas.DataFrame
        Columns ``file``, ``sheet`` (empty for CSV) and ``cell`` (``line 12`` or ``C12``).

    Examples
    --------
    >>> split_origin(pd.Series(["a.xlsx:Sheet1!C12", "b.csv:line 3"])).values.tolist()
    [['a.xlsx', 'Sheet1', 'C12'], ['b.csv', '', 'line 3']]
    """
    codes, uniques = pd.factorize(origins.astype(object), use_na_sentinel=True)
    parts = [_split_one(str(origin)) for origin in uniques] + [("", "", "")]
    table = pd.DataFrame(parts, columns=["file", "sheet", "cell"], dtype=object)
    out = table.iloc[codes].reset_index(drop=True)
    out.index = origins.index
    return out


def _split_one(origin: str) -> tuple[str, str, str]:
    file, _, location = origin.rpartition(":")
    sheet, _, cell = location.rpartition("!")
    return file, sheet, cell


class RuleCheck:
    """Record the first rule each row breaks, with its cell and bilingual message.

    Parameters
    ----------
    origins : pandas.Series
        Origin string of each row (used for file, sheet and cell of a reject).
    """

    def __init__(self, origins: pd.Series) -> None:
        self.index = origins.index
        self.origins = origins  # read only for rejected rows (see frame)
        self._moved: dict[int, object] = {}  # row position → origin given to reject
        # One entry per call that rejected rows: positions, rule, texts and messages. Only the
        # rejected rows are stored, so a table of a million good rows costs its flags alone.
        self._found: list[tuple[np.ndarray, str, np.ndarray, np.ndarray, np.ndarray]] = []
        self._ok = np.ones(len(origins), dtype=bool)

    @property
    def ok(self) -> pd.Series:
        """Rows that broke no rule so far."""
        return pd.Series(self._ok.copy(), index=self.index)

    def reject(
        self,
        mask: pd.Series,
        rule: str,
        values: pd.Series,
        message_vi: Message,
        message_en: Message,
        *,
        origins: pd.Series | None = None,
    ) -> None:
        """Reject rows in ``mask`` that no earlier rule rejected.

        Parameters
        ----------
        mask : pandas.Series
            Boolean, True where the rule is broken.
        rule : str
            Rule id (``unknown_unit``, ``out_of_range``…).
        values : pandas.Series
            The offending text of each row (shown in the report).
        message_vi, message_en : callable or pandas.Series
            A function of the offending text (called once per distinct text), or messages
            aligned with the rows.
        origins : pandas.Series, optional
            Cells to report instead of the row's default origin (e.g. the unit's cell).
        """
        hit = mask.fillna(False).to_numpy(dtype=bool) & self._ok
        if not hit.any():
            return
        at = np.flatnonzero(hit)
        chosen = values.iloc[at]
        texts = chosen.astype(object).where(chosen.notna(), "").astype(str).to_numpy(dtype=object)
        texts = np.array([_shown(text) for text in texts], dtype=object)
        self._ok[at] = False
        messages = []
        for message in (message_vi, message_en):
            if isinstance(message, pd.Series):
                messages.append(message.reindex(self.index[at]).to_numpy(dtype=object))
            else:
                table = {text: message(text) for text in pd.unique(texts)}
                messages.append(np.array([table[text] for text in texts], dtype=object))
        self._found.append((at, rule, texts, *messages))
        if origins is not None:
            moved = origins.iloc[at].to_numpy(dtype=object)
            self._moved.update(zip(at.tolist(), moved, strict=True))

    def frame(self) -> pd.DataFrame:
        """Return the rejects as a table with :data:`REJECT_COLUMNS`."""
        bad = ~self._ok
        if not bad.any():
            return empty_rejects()
        at = np.flatnonzero(bad)
        origins = self.origins.iloc[at].to_numpy(dtype=object)
        if self._moved:
            for i, position in enumerate(at.tolist()):
                origins[i] = self._moved.get(position, origins[i])
        out = split_origin(pd.Series(origins, dtype=object))
        positions = np.concatenate([found[0] for found in self._found])
        order = np.argsort(positions, kind="stable")  # each row is rejected once: row order
        out["rule"] = np.concatenate(
            [np.full(len(found[0]), found[1], dtype=object) for found in self._found]
        )[order]
        for i, name in enumerate(("value", "message_vi", "message_en"), start=2):
            out[name] = np.concatenate([found[i] for found in self._found])[order]
        return out[list(REJECT_COLUMNS)].reset_index(drop=True)


_SHOWN_CHARS = 200


def _shown(text: str) -> str:
    """Return the start of a long cell, as the report shows it (the raw file keeps it all)."""
    if len(text) <= _SHOWN_CHARS:
        return text
    return f"{text[:_SHOWN_CHARS]}… ({len(text):,} characters)"
