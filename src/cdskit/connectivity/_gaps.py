"""Gap indicators: which units are behind, by declared thresholds that legends print.

The thresholds are parameters with documented defaults, not facts: the defaults are a starting
point chosen for this kit (no national standard sets them), and every legend and table states
the values used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cdskit.connectivity._text import PAGE
from cdskit.errors import ParameterError
from cdskit.formatting import check_language, format_number, format_percent_value


@dataclass(frozen=True)
class GapThresholds:
    """Thresholds that make a unit count as behind.

    Parameters
    ----------
    download_mbps : float, default 10.0
        Tests-weighted mean download speed below which a unit is slow (Mbit/s).
    unmeasured_share : float, default 0.5
        Share of the unit's area without any measurement above which it is unmeasured (0-1).
    villages_without_signal_share : float, default 0.0
        Share of a unit's villages without mobile signal above which it has a gap (survey).

    Examples
    --------
    >>> GapThresholds(download_mbps=5).legend("en").split(";")[0]
    'Slow: download below 5 Mbit/s'
    """

    download_mbps: float = 10.0
    unmeasured_share: float = 0.5
    villages_without_signal_share: float = 0.0

    def __post_init__(self) -> None:
        if not self.download_mbps > 0:
            raise ParameterError(
                f"download_mbps={self.download_mbps!r} must be a speed above 0 (Mbit/s)."
            )
        for name in ("unmeasured_share", "villages_without_signal_share"):
            value = getattr(self, name)
            if not 0 <= value < 1:
                raise ParameterError(f"{name}={value!r} must be a share from 0 up to (not) 1.")

    def speed_bins_kbps(self) -> list[float]:
        """Return map class bounds (kbit/s) with the download threshold as one of them.

        Examples
        --------
        >>> GapThresholds(download_mbps=10).speed_bins_kbps()
        [5000.0, 10000.0, 20000.0, 40000.0]
        """
        threshold = float(self.download_mbps) * 1000
        return [threshold / 2, threshold, threshold * 2, threshold * 4]

    def measured_bins(self) -> list[float]:
        """Return map class bounds (% of area measured) with the threshold as one of them.

        Examples
        --------
        >>> GapThresholds(unmeasured_share=0.5).measured_bins()
        [25.0, 50.0, 75.0, 100.0]
        """
        threshold = round((1 - self.unmeasured_share) * 100, 6)
        bounds = {threshold / 2, threshold, (threshold + 100) / 2, 100.0}
        return sorted(b for b in bounds if b > 0)

    def legend(self, language: str = "vi") -> str:
        """Return the thresholds as one line for a map legend or a table caption."""
        language = check_language(language)
        speed = format_number(self.download_mbps, language)
        area = format_percent_value(self.unmeasured_share * 100, language, decimals=0)
        villages = format_percent_value(
            self.villages_without_signal_share * 100, language, decimals=0
        )
        return PAGE[language]["thresholds"].format(speed=speed, area=area, villages=villages)


def flag_gaps(units: pd.DataFrame, thresholds: GapThresholds | None = None) -> pd.DataFrame:
    """Flag the units that are behind and rank them, furthest behind first.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit with any of ``download_mbps``, ``measured_area_share`` (0-1),
        ``villages`` and ``villages_without_mobile`` (survey counts). Columns that are absent
        or missing give no flag (missing is not a gap, and not the absence of one).
    thresholds : GapThresholds, optional
        Defaults to :class:`GapThresholds()`.

    Returns
    -------
    pandas.DataFrame
        The input plus ``slow``, ``unmeasured``, ``without_signal`` (boolean, missing when the
        figure is), ``gaps`` (how many flags are set) and ``rank`` (1 = furthest behind:
        most flags, then largest unmeasured share, then slowest, then largest share of
        villages without signal), sorted by rank.

    Examples
    --------
    >>> table = pd.DataFrame({"unit_code": ["A", "B", "C"], "download_mbps": [25.0, 4.0, None],
    ...     "measured_area_share": [0.9, 0.2, 0.0]})
    >>> flag_gaps(table)[["unit_code", "gaps", "rank"]].values.tolist()
    [['B', 2, 1], ['C', 1, 2], ['A', 0, 3]]
    """
    thresholds = thresholds or GapThresholds()
    out = units.copy()
    download = _column(out, "download_mbps")
    measured = _column(out, "measured_area_share")
    villages = _column(out, "villages")
    without = _column(out, "villages_without_mobile")
    signal_share = without / villages.where(villages > 0)
    out["slow"] = _flag(download, download < thresholds.download_mbps)
    out["unmeasured"] = _flag(measured, (1 - measured) > thresholds.unmeasured_share)
    out["without_signal"] = _flag(
        signal_share, signal_share > thresholds.villages_without_signal_share
    )
    flags = out[["slow", "unmeasured", "without_signal"]]
    out["gaps"] = flags.fillna(False).astype(int).sum(axis=1)
    order = pd.DataFrame(
        {
            "gaps": -out["gaps"],
            "unmeasured": -(1 - measured).fillna(-1),
            "download": download.fillna(np.inf),
            "signal": -signal_share.fillna(-1),
        },
        index=out.index,
    )
    ranked = order.sort_values(list(order.columns), kind="stable").index
    out = out.loc[ranked].reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return pd.Series(np.nan, index=frame.index, dtype="float64")


def _flag(values: pd.Series, condition: pd.Series) -> pd.Series:
    return condition.astype("boolean").mask(values.isna())
