"""Build ``data/processed`` from ``data/raw``: check, clean, validate, report, publish.

>>> from cdskit.build import build
>>> result = build()  # doctest: +SKIP
>>> result.n_accepted, result.n_rejected  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cdskit import paths
from cdskit.clean import clean_all
from cdskit.codebook import load_codebook, unknown_indicator_message
from cdskit.errors import InputError, ValidationError
from cdskit.publish import write_dataset, write_validation_report
from cdskit.sources import Register, check_sources
from cdskit.validate import flag_conflicts, validate


@dataclass
class BuildResult:
    """What a build read, accepted, rejected and wrote.

    Attributes
    ----------
    raw_dir, processed_dir : pathlib.Path
        Folders read and written.
    n_input, n_accepted, n_rejected : int
        Figures read, published and rejected (``n_input == n_accepted + n_rejected``).
    summary : pandas.DataFrame
        Per file: ``file``, ``input``, ``accepted``, ``rejected``.
    rejects : pandas.DataFrame
        Every rejected figure (see :data:`cdskit.validate.REJECT_COLUMNS`).
    report : dict of str to pathlib.Path
        The validation report files (always written).
    outputs : dict of str to pathlib.Path
        The published dataset files (empty when nothing was published).
    """

    raw_dir: Path
    processed_dir: Path
    n_input: int
    n_accepted: int
    n_rejected: int
    summary: pd.DataFrame
    rejects: pd.DataFrame
    report: dict[str, Path] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        """Whether the dataset files were written."""
        return bool(self.outputs)


def build(
    raw_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    *,
    codebook_path: str | Path | None = None,
    allow_rejects: bool = False,
) -> BuildResult:
    """Clean every raw file into the validated, published dataset.

    Parameters
    ----------
    raw_dir : str or pathlib.Path, optional
        Raw folder holding ``sources.yml`` (default: the project's ``data/raw``).
    processed_dir : str or pathlib.Path, optional
        Output folder (default: ``processed`` next to ``raw_dir``).
    codebook_path : str or pathlib.Path, optional
        Codebook CSV (default: ``codebook.csv`` next to ``raw_dir``).
    allow_rejects : bool
        Publish the accepted rows even when some were rejected.

    Returns
    -------
    BuildResult
        Counts, rejects and the paths written.

    Raises
    ------
    RawFileChangedError
        A raw file's sha256 changed (nothing is written).
    InputError
        ``sources.yml``, the codebook or a raw file cannot be used (nothing is written).
    ValidationError
        Rows were rejected and ``allow_rejects`` is False. The validation report is written,
        the previous dataset is kept; the error's ``result`` attribute holds the
        :class:`BuildResult`.
    """
    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    processed = Path(processed_dir) if processed_dir is not None else raw.parent / "processed"
    register, codebook = check(raw, codebook_path=codebook_path)
    cleaned = clean_all(register, codebook)
    checked = validate(cleaned.observations, codebook)
    accepted = checked.accepted
    accepted["conflict"] = flag_conflicts(accepted)
    rejects = pd.concat([cleaned.rejects, checked.rejects], ignore_index=True)
    summary = _summary(cleaned.counts, checked.rejects)
    result = BuildResult(
        raw_dir=raw,
        processed_dir=processed,
        n_input=int(summary["input"].sum()),
        n_accepted=len(accepted),
        n_rejected=len(rejects),
        summary=summary,
        rejects=rejects,
    )
    if result.n_accepted + result.n_rejected != result.n_input:
        raise AssertionError("build: accepted + rejected != input")
    result.report = write_validation_report(rejects, summary, cleaned.set_aside, processed)
    if len(rejects) and not allow_rejects:
        error = ValidationError(
            f"{len(rejects)} of {result.n_input} figures were rejected; the dataset in "
            f"{processed} was not updated. See {result.report['validation_report.md']} for "
            "each file, cell, rule and message; fix the raw files or the codebook, or "
            "publish the accepted rows anyway with allow_rejects=True (cdskit build "
            "--allow-rejects)."
        )
        error.result = result  # type: ignore[attr-defined]
        raise error
    result.outputs = write_dataset(accepted, codebook, register, processed)
    return result


def check(
    raw_dir: str | Path | None = None, *, codebook_path: str | Path | None = None
) -> tuple[Register, pd.DataFrame]:
    """Verify raw hashes, ``sources.yml`` and the codebook without cleaning or writing.

    Parameters
    ----------
    raw_dir : str or pathlib.Path, optional
        Raw folder holding ``sources.yml`` (default: the project's ``data/raw``).
    codebook_path : str or pathlib.Path, optional
        Codebook CSV (default: ``codebook.csv`` next to ``raw_dir``).

    Returns
    -------
    tuple of (Register, pandas.DataFrame)
        The verified register and codebook.

    Raises
    ------
    RawFileChangedError
        A raw file's sha256 changed.
    InputError
        The register or codebook is malformed, or a wide table maps a column to an indicator
        id the codebook does not define.
    """
    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    register = check_sources(raw)
    book = codebook_path if codebook_path is not None else raw.parent / "codebook.csv"
    codebook = load_codebook(book)
    for entry in register.files:
        for header, indicator_id in entry.indicators.items():
            if indicator_id not in codebook.index:
                raise InputError(
                    f"sources.yml, file '{entry.path}': column '{header}' maps to an unknown "
                    f"id. {unknown_indicator_message(indicator_id, codebook)}"
                )
    return register, codebook


def _summary(counts: pd.DataFrame, late_rejects: pd.DataFrame) -> pd.DataFrame:
    late = late_rejects.groupby("file").size() if len(late_rejects) else pd.Series(dtype=int)
    table = counts.copy()
    extra = table["file"].map(late).fillna(0).astype(int)
    table["accepted"] = table["cleaned"].astype(int) - extra
    table["rejected"] = table["rejected"].astype(int) + extra
    table["input"] = table["input"].astype(int)
    return (
        table[["file", "input", "accepted", "rejected"]].sort_values("file").reset_index(drop=True)
    )
