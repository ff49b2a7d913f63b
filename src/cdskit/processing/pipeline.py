"""Build ``data/processed`` from ``data/raw``: check, clean, validate, report, publish.

>>> from cdskit.processing.pipeline import build
>>> result = build()  # doctest: +SKIP
>>> result.n_accepted, result.n_rejected  # doctest: +SKIP
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cdskit import paths
from cdskit._version import __version__
from cdskit.dataset.codebook import load_codebook, unknown_indicator_message
from cdskit.errors import InputError, ValidationError
from cdskit.files import write_folder_atomically
from cdskit.processing.clean import clean_all
from cdskit.processing.dating import date_observations, read_dating
from cdskit.processing.publish import _handed_dataset_writers, neutralise, write_csv
from cdskit.processing.validate import (
    REJECT_COLUMNS,
    RULES,
    _validate_handed,
    flag_conflicts,
    register_sections,
)
from cdskit.raw.citing import read_citations
from cdskit.raw.sources import Register, check_sources


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
        Every rejected figure (see :data:`cdskit.processing.validate.REJECT_COLUMNS`).
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
    handed, cleaned.observations = [cleaned.observations], None
    checked = _validate_handed(handed, codebook)  # rows rejected: the table is not held twice
    source_dates = {key: source.date for key, source in register.sources.items()}
    accepted = date_observations(checked.accepted, read_dating(raw), source_dates)
    # From here on the dated rows are the only observations: the earlier frames are released.
    cleaned.observations = checked.accepted = None
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
    publish = not len(rejects) or allow_rejects
    report = report_writers(
        rejects,
        summary,
        cleaned.set_aside,
        dataset_updated=publish,
        intake=register_sections(register),
    )
    if not publish:
        result.report = write_folder_atomically(processed, report)
        error = ValidationError(
            f"{len(rejects)} of {result.n_input} figures were rejected; the dataset in "
            f"{processed} was not updated. See {result.report['validation_report.md']} for "
            "each file, cell, rule and message; fix the raw files or the codebook, or "
            "publish the accepted rows anyway with allow_rejects=True (cdskit build "
            "--allow-rejects).",
            result=result,
        )
        raise error
    # The dataset and its validation report are swapped in together, so they always describe
    # the same build: a failure leaves both as they were.
    handed = [accepted]
    del accepted  # handed over: its columns are released as the Arrow table is built
    dataset = _handed_dataset_writers(handed, codebook, register)
    written = write_folder_atomically(processed, {**dataset, **report})
    result.outputs = {name: written[name] for name in dataset}
    result.report = {name: written[name] for name in report}
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
    read_dating(raw)
    read_citations(raw, list(register.sources))
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


def write_validation_report(
    rejects: pd.DataFrame,
    summary: pd.DataFrame,
    set_aside: pd.DataFrame,
    processed_dir: str | Path,
    *,
    dataset_updated: bool = True,
) -> dict[str, Path]:
    """Write ``validation_report.csv``, ``.md`` and ``.html`` (every data string escaped).

    Parameters
    ----------
    rejects : pandas.DataFrame
        Columns of :data:`cdskit.processing.validate.REJECT_COLUMNS`.
    summary : pandas.DataFrame
        Per file: ``file``, ``input``, ``accepted``, ``rejected``.
    set_aside : pandas.DataFrame
        Note, total and title rows kept out of the data: ``file``, ``sheet``, ``row``,
        ``kind``, ``text``.
    processed_dir : str or pathlib.Path
        Target folder.

    dataset_updated : bool
        Whether the dataset in the folder was published by the same build (the report says
        so when it was not).

    Returns
    -------
    dict of str to pathlib.Path
        File name → path of the three reports.

    Raises
    ------
    OutputError
        The folder cannot be written; the files already in it are unchanged.
    """
    writers = report_writers(rejects, summary, set_aside, dataset_updated=dataset_updated)
    return write_folder_atomically(processed_dir, writers)


def report_writers(
    rejects: pd.DataFrame,
    summary: pd.DataFrame,
    set_aside: pd.DataFrame,
    *,
    dataset_updated: bool = True,
    intake: Sequence[tuple[str, pd.DataFrame]] = (),
) -> dict[str, Callable[[Path], None]]:
    """Return the writers of the three validation reports (see :func:`write_validation_report`).

    Parameters
    ----------
    rejects, summary, set_aside, dataset_updated
        As in :func:`write_validation_report`.
    intake : sequence of (str, pandas.DataFrame)
        Further sections (sheets read or left out, tiles rejected, surveys superseded; see
        :func:`cdskit.processing.validate.register_sections`).

    Returns
    -------
    dict of str to callable
        File name → function writing that file at the path it is given.
    """
    rows = rejects[list(REJECT_COLUMNS)].sort_values(
        ["file", "sheet", "rule", "cell"], kind="stable"
    )
    rows = rows.reset_index(drop=True)
    by_rule = (
        rows.groupby(["file", "rule"], sort=True).size().rename("rows").reset_index()
        if len(rows)
        else pd.DataFrame(columns=["file", "rule", "rows"])
    )
    by_rule["mô tả / description"] = by_rule["rule"].map(lambda r: " / ".join(RULES.get(r, (r,))))
    aside = set_aside.sort_values(["file", "sheet", "row"], kind="stable")
    sections = [*_report_sections(summary, by_rule, rows, aside), *intake]
    status = _PUBLISHED if dataset_updated else _NOT_PUBLISHED
    return {
        "validation_report.csv": lambda path: write_csv(neutralise(rows), path),
        "validation_report.md": lambda path: path.write_text(
            _markdown(sections, status), encoding="utf-8", newline="\n"
        ),
        "validation_report.html": lambda path: path.write_text(
            _html(sections, status), encoding="utf-8", newline="\n"
        ),
    }


_PUBLISHED = (
    "Tập dữ liệu trong thư mục này được công bố cùng lần kiểm tra này. / The dataset in this "
    "folder was published by the build this report describes."
)
_NOT_PUBLISHED = (
    "Tập dữ liệu trong thư mục này KHÔNG được cập nhật: đây là báo cáo của lần kiểm tra bị "
    "từ chối, tập dữ liệu vẫn là bản trước. / The dataset in this folder was NOT updated: this "
    "report describes a refused build; the dataset is still the previous one."
)


def _report_sections(summary, by_rule, rows, aside) -> list[tuple[str, pd.DataFrame]]:
    total = summary[["input", "accepted", "rejected"]].sum() if len(summary) else None
    overview = summary.copy()
    if total is not None:
        overview.loc[len(overview)] = ["(tổng / total)", *total.tolist()]
    return [
        ("Tổng quan theo tệp / Rows per file", overview),
        ("Số dòng bị loại theo quy tắc / Rejected rows per rule", by_rule),
        ("Các dòng bị loại / Rejected rows", rows),
        ("Dòng ghi chú, tổng, tiêu đề được để riêng / Note, total and title rows set aside", aside),
    ]


_TITLE = "Báo cáo kiểm tra dữ liệu / Validation report"


def _markdown(sections: list[tuple[str, pd.DataFrame]], status: str) -> str:
    def cell(value: object) -> str:
        text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else value
        return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")

    lines = [f"# {_TITLE}", "", f"cdskit {__version__}", "", status, ""]
    for title, frame in sections:
        lines += [f"## {title}", ""]
        if frame.empty:
            lines += ["_(không có / none)_", ""]
            continue
        lines.append("| " + " | ".join(cell(c) for c in frame.columns) + " |")
        lines.append("|" + "---|" * len(frame.columns))
        for record in frame.itertuples(index=False):
            lines.append("| " + " | ".join(cell(value) for value in record) + " |")
        lines.append("")
    return "\n".join(lines)


def _html(sections: list[tuple[str, pd.DataFrame]], status: str) -> str:
    def cell(value: object) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        return html.escape(str(value))

    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        '<head><meta charset="utf-8">',
        f"<title>{html.escape(_TITLE)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}"
        "th{background:#eee}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(_TITLE)}</h1>",
        f"<p>cdskit {html.escape(__version__)}</p>",
        f"<p>{html.escape(status)}</p>",
    ]
    for title, frame in sections:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        if frame.empty:
            parts.append("<p><em>không có / none</em></p>")
            continue
        parts.append("<table>")
        parts.append("<tr>" + "".join(f"<th>{cell(c)}</th>" for c in frame.columns) + "</tr>")
        for record in frame.itertuples(index=False):
            parts.append("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in record) + "</tr>")
        parts.append("</table>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
