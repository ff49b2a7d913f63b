"""cdskit command: build, check, accept, coverage, dictionary, reports, boundaries, connectivity.

A thin layer over the library. Exit codes: 0 success, 1 rows were rejected (see the
validation report), 2 any other cdskit error (the message says what to do).

Each command imports the stage it runs in its handler, not at the top: the report runner,
which a timer starts every night, then starts in a fraction of a second instead of loading
pandas, geopandas and matplotlib for commands it does not run.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from cdskit._version import __version__
from cdskit.errors import CdskitError, ParameterError, ValidationError
from cdskit.reports import BatchInterrupted, render_all
from cdskit.terms import FOCUS_PROVINCES, LANGUAGES, VINTAGES

_EPILOG = """\
examples:
  cdskit check                          verify raw-file hashes, sources.yml and the codebook
  cdskit build                          clean data/raw into data/processed (exit 1 on rejects)
  cdskit build --allow-rejects          publish the accepted rows even if some were rejected
  cdskit accept data/raw/dti/ranks.csv  record the new sha256 of a deliberately changed file
  cdskit coverage --province "Lạng Sơn" which indicators and years each province has
  cdskit dictionary                     write the data dictionary of data/processed
  cdskit reports --only dti-comparison  render one report of reports.toml into reports/
  cdskit reports --jobs 4 --timeout 900 render 4 reports at a time, at most 15 min each
  cdskit narrative --province "Lào Cai" --year 2023
                                        a province's narrative report (Markdown to stdout)
  cdskit narrative --province "Lào Cai" --year 2023 --language en --output lao-cai.docx
                                        the same in English as a Word file
  cdskit boundaries fetch --level commune --province "Lào Cai"
                                        fetch pinned boundary files (CDSKIT_MIRROR first)
  cdskit connectivity ookla --year 2024 --quarter 1 --type mobile
                                        Ookla tiles of a quarter -> 2025 communes in data/raw
  cdskit connectivity ookla --list      the quarters in the provider's bucket
  cdskit connectivity template --province "Lạng Sơn"
                                        the village survey template (XLSX) of a province

environment: CDSKIT_ROOT (project folder), CDSKIT_MIRROR (offline mirror folders),
CDSKIT_CACHE (download cache), CDSKIT_SCHEDULER (Dask scheduler for reports).
exit codes: 0 ok, 1 rows rejected (see data/processed/validation_report.md), 2 other errors.
"""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``cdskit`` command.

    Returns
    -------
    argparse.ArgumentParser
        Parser with one sub-command per task.

    Examples
    --------
    >>> args = build_parser().parse_args(["build", "--allow-rejects"])
    >>> args.command, args.allow_rejects, args.handler.__name__
    ('build', True, '_build')
    """
    parser = argparse.ArgumentParser(
        prog="cdskit",
        description=(
            "Clean Vietnamese provincial digital-transformation indicator tables into one "
            "validated, cited dataset, and render maps and reports from it."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cdskit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for add_command in _COMMANDS:
        add_command(commands)
    return parser


#: The sub-command group of a parser (``add_subparsers``), to which each command is added.
_Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add_build(commands: _Commands) -> None:
    build = commands.add_parser(
        "build", help="clean data/raw into data/processed and write the validation report"
    )
    build.add_argument("--allow-rejects", action="store_true", help="publish despite rejects")
    build.add_argument("--raw-dir", type=Path, help="raw folder (default: data/raw)")
    build.add_argument(
        "--processed-dir", type=Path, help="output folder (default: processed next to raw)"
    )
    build.set_defaults(handler=_build)


def _add_check(commands: _Commands) -> None:
    check = commands.add_parser(
        "check", help="verify raw hashes, sources.yml and the codebook; write nothing"
    )
    check.add_argument("--raw-dir", type=Path, help="raw folder (default: data/raw)")
    check.set_defaults(handler=_check)


def _add_accept(commands: _Commands) -> None:
    accept = commands.add_parser("accept", help="record the new sha256 of a changed raw file")
    accept.add_argument("file", type=Path, help="the raw file, e.g. data/raw/dti/ranks.csv")
    accept.add_argument("--raw-dir", type=Path, help="raw folder (default: data/raw)")
    accept.set_defaults(handler=_accept)


def _add_coverage(commands: _Commands) -> None:
    coverage = commands.add_parser("coverage", help="print which figures each province has")
    coverage.add_argument(
        "--province", action="append", help="limit to a province (repeatable; name or code)"
    )
    coverage.add_argument(
        "--indicator", action="append", help="indicator id to look for (repeatable; default: DTI)"
    )
    coverage.add_argument(
        "--language", "--lang", choices=LANGUAGES, default="vi", help="label language"
    )
    coverage.set_defaults(handler=_coverage)


def _add_dictionary(commands: _Commands) -> None:
    dictionary = commands.add_parser("dictionary", help="write the data dictionary")
    dictionary.set_defaults(handler=_dictionary)


def _add_reports(commands: _Commands) -> None:
    reports = commands.add_parser("reports", help="render the reports listed in reports.toml")
    reports.add_argument("--only", action="append", help="render only this report (repeatable)")
    reports.add_argument(
        "--jobs", "-j", type=int, help="reports run at the same time (default: number of cores)"
    )
    reports.add_argument(
        "--timeout",
        type=float,
        default=600,
        help="seconds a report may run unless its reports.toml entry sets one (default: 600)",
    )
    reports.add_argument(
        "--force", action="store_true", help="re-run reports even when nothing changed"
    )
    reports.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: $CDSKIT_SCHEDULER)",
    )
    reports.set_defaults(handler=_reports)


def _add_narrative(commands: _Commands) -> None:
    narrative = commands.add_parser(
        "narrative", help="write a province's narrative report (Markdown, HTML or Word)"
    )
    narrative.add_argument(
        "--province", required=True, help="province name in either vintage, or code"
    )
    narrative.add_argument(
        "--year", required=True, type=int, help="its figures (all periods) and DTI edition"
    )
    narrative.add_argument("--period", help="one period of the year only, e.g. 2023-H1")
    narrative.add_argument("--language", choices=LANGUAGES, default="vi", help="language")
    narrative.add_argument(
        "--format", choices=("md", "html", "docx", "pdf"), help="default: from --output, else md"
    )
    narrative.add_argument(
        "--output", type=Path, help="file to write (default: standard output; docx needs one)"
    )
    narrative.set_defaults(handler=_narrative)


def _add_boundaries(commands: _Commands) -> None:
    boundaries = commands.add_parser("boundaries", help="manage boundary files")
    actions = boundaries.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    fetch = actions.add_parser("fetch", help="fetch the pinned files of a layer (sha256-checked)")
    fetch.add_argument(
        "--level",
        choices=("province", "district", "commune"),
        default="province",
        help="unit level (default: province)",
    )
    fetch.add_argument(
        "--vintage",
        type=int,
        choices=VINTAGES,
        default=2025,
        help="2008: 63 provinces; 2025: 34 provinces (default)",
    )
    fetch.add_argument("--province", action="append", help="limit to a province (repeatable)")
    fetch.add_argument("--progress", action="store_true", help="show download progress")
    fetch.set_defaults(handler=_boundaries_fetch)


def _add_connectivity(commands: _Commands) -> None:
    connectivity = commands.add_parser(
        "connectivity", help="Ookla tiles and survey templates for connectivity gaps by commune"
    )
    tasks = connectivity.add_subparsers(dest="task", metavar="TASK")
    tasks.required = True
    _add_connectivity_ookla(tasks)
    _add_connectivity_template(tasks)
    _add_connectivity_survey(tasks)


def _add_connectivity_ookla(tasks: _Commands) -> None:
    ookla = tasks.add_parser(
        "ookla", help="aggregate an Ookla quarter to 2025 communes into data/raw (snapshot kept)"
    )
    ookla.add_argument(
        "--year", type=int, help="year of the quarter (default: the latest quarter in the bucket)"
    )
    ookla.add_argument(
        "--quarter", type=int, choices=(1, 2, 3, 4), help="quarter (given with --year)"
    )
    ookla.add_argument(
        "--type", dest="kind", default="mobile", help="network type: mobile (default) or fixed"
    )
    ookla.add_argument(
        "--province",
        action="append",
        help="2025 province (repeatable; default: Lạng Sơn, Bắc Ninh, Lào Cai, Thanh Hóa)",
    )
    ookla.add_argument(
        "--accept-new-snapshot",
        action="store_true",
        help="replace figures made from an earlier snapshot whose file the provider re-published",
    )
    ookla.add_argument(
        "--list", action="store_true", help="list the quarters in the provider's bucket and stop"
    )
    ookla.add_argument("--bucket-url", help="the provider's bucket (default: its public address)")
    ookla.add_argument("--raw-dir", type=Path, help="raw folder (default: data/raw)")
    ookla.add_argument("--progress", action="store_true", help="show download progress")
    ookla.set_defaults(handler=_connectivity_ookla)


def _add_connectivity_template(tasks: _Commands) -> None:
    template = tasks.add_parser(
        "template", help="write the village survey template (XLSX) of a province's communes"
    )
    template.add_argument("--province", required=True, help="2025 province (name or code)")
    template.add_argument(
        "--output", type=Path, help="file to write (default: khao_sat_ket_noi_<code>.xlsx)"
    )
    template.set_defaults(handler=_connectivity_template)


def _add_connectivity_survey(tasks: _Commands) -> None:
    survey = tasks.add_parser(
        "survey",
        help="check a filled survey template and add it to data/raw for the next build",
        description=(
            "Check every cell, the period and the source entry first; then write the copy in "
            "data/raw and its sources.yml entry together, or nothing. A survey already added "
            "for the same province and period is refused with nothing changed, unless "
            "--replace is given: the corrected file then replaces it (file and sha256) and "
            "the earlier one is kept in data/raw/connectivity/surveys/.superseded/, listed "
            "under 'superseded:' in sources.yml and in the validation report."
        ),
    )
    survey.add_argument("file", type=Path, help="the filled workbook")
    survey.add_argument("--province", required=True, help="its 2025 province (name or code)")
    survey.add_argument("--period", required=True, help="period of the figures (2025 or 2025-09)")
    survey.add_argument(
        "--source-id", required=True, help="id for sources.yml (survey-langson-2025)"
    )
    survey.add_argument("--title", required=True, help="title of the survey report as published")
    survey.add_argument("--publisher", required=True, help="who ran the survey (Sở ...)")
    survey.add_argument("--date", required=True, help="date of the survey report (2025-10-01)")
    survey.add_argument("--raw-dir", type=Path, help="raw folder (default: data/raw)")
    survey.add_argument(
        "--replace",
        action="store_true",
        help="replace the survey already added for this province and period (kept as superseded)",
    )
    survey.set_defaults(handler=_connectivity_survey)


#: One function per command, in the order ``cdskit --help`` lists them.
_COMMANDS = (
    _add_build,
    _add_check,
    _add_accept,
    _add_coverage,
    _add_dictionary,
    _add_reports,
    _add_narrative,
    _add_boundaries,
    _add_connectivity,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cdskit`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit code: 0 success, 1 rows rejected, 2 any other cdskit error.
    """
    args = build_parser().parse_args(argv)
    try:
        _check_options(args)
        return args.handler(args)
    except ValidationError as exc:
        _error(exc)
        return 1
    except CdskitError as exc:
        _error(exc)
        return 2
    except OSError as exc:  # a file system failure no stage turned into a message
        from cdskit.files import output_error

        folder = Path(exc.filename).parent if exc.filename else Path.cwd()
        _error(output_error(folder, exc))
        return 2


#: Commands whose --province is taken without a vintage: a code or name that means two units
#: (15: Yên Bái in 2008, Lào Cai in 2025) is refused there, with both meanings.
_BARE_PROVINCE_COMMANDS = ("coverage", "narrative")


def _check_options(args: argparse.Namespace) -> None:
    """Check what every command shares before its work starts: periods, provinces, outputs.

    Periods go through the one period parser; provinces given without a vintage through the
    units' rule for bare codes and names; output paths through the one output check (folder
    writable, name length, suffix matching a format the writer produces).
    """
    from cdskit.files import check_output_file, check_output_folder
    from cdskit.periods import parse_period

    if getattr(args, "period", None) is not None:
        parse_period(args.period, parameter="--period", undated=False)
    if args.command in _BARE_PROVINCE_COMMANDS:
        from cdskit.units import resolve_in_vintages

        given = args.province if isinstance(args.province, list) else [args.province]
        for province in given or []:
            resolve_in_vintages(
                province, parameter="--province", how="write the province's name instead"
            )
    if args.command == "narrative" and args.output is not None:
        from cdskit.narrative import FORMATS

        check_output_file(args.output, FORMATS, format=args.format, what="--output")
    if args.command == "build":
        from cdskit import paths

        raw = args.raw_dir if args.raw_dir is not None else paths.raw_dir()
        processed = args.processed_dir or Path(raw).parent / "processed"
        check_output_folder(processed, what="the dataset folder")
    if args.command == "reports":
        from cdskit import paths

        check_output_folder(paths.reports_dir(), what="the reports folder")


def _error(exc: Exception) -> None:
    text = " ".join(str(exc).split())
    print(textwrap.fill(f"cdskit: error: {text}", width=100), file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from cdskit.processing import build

    started = time.monotonic()
    result = build(args.raw_dir, args.processed_dir, allow_rejects=args.allow_rejects)
    print(
        f"{result.n_input} figures read: {result.n_accepted} published, "
        f"{result.n_rejected} rejected."
    )
    print(f"Built in {time.monotonic() - started:.1f} s.")
    print(f"Dataset: {result.processed_dir}")
    print(f"Validation report: {result.report['validation_report.md']}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from cdskit.processing import check

    register, codebook = check(args.raw_dir)
    print(
        f"OK: {len(register.files)} raw files match sources.yml, {len(register.sources)} "
        f"sources, {len(codebook)} indicators in the codebook."
    )
    return 0


def _accept(args: argparse.Namespace) -> int:
    from cdskit.raw import accept

    digest = accept(args.file, args.raw_dir)
    print(f"Recorded sha256 {digest} for {args.file} in sources.yml.")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from cdskit.dataset import format_coverage

    options = {"indicators": args.indicator} if args.indicator else {}
    print(format_coverage(provinces=args.province, language=args.language, **options))
    return 0


def _dictionary(args: argparse.Namespace) -> int:
    from cdskit.dataset import write_data_dictionary

    written = write_data_dictionary()
    print(f"Data dictionary: {written}")
    return 0


def _reports(args: argparse.Namespace) -> int:
    started = time.monotonic()
    timings: dict[str, float] = {}
    try:
        index = render_all(
            only=args.only,
            jobs=args.jobs,
            timeout=args.timeout,
            force=args.force,
            scheduler=args.scheduler,
            timings=timings,
        )
    except BatchInterrupted as exc:
        _error(exc)
        return 128 + exc.signal
    except KeyboardInterrupt:  # before any report started: nothing to clean up
        _error(Exception("interrupted before any report ran; reports/ was not changed."))
        return 130
    print(f"Reports: {index}")
    print(report_times(index.parent / "manifest.json", timings, time.monotonic() - started))
    return 0


def report_times(manifest: Path, timings: dict[str, float], total: float) -> str:
    """Return the time of each phase of ``cdskit reports`` and of each report, as lines.

    Parameters
    ----------
    manifest : pathlib.Path
        The ``manifest.json`` the batch wrote (each report's ``seconds`` and ``timings``).
    timings : dict
        Seconds per phase, as :func:`cdskit.reports.render_all` fills them.
    total : float
        Seconds of the whole command.

    Returns
    -------
    str
        One line per phase and per report run (executing, converting); reused reports counted.
    """
    from cdskit.reports.index import read_manifest

    lines = ["Times (s):"]
    for phase in ("preflight", "reports", "profiles", "index"):
        if phase in timings:
            lines.append(f"  {phase:<38} {timings[phase]:7.1f}")
    reused = 0
    for name, entry in read_manifest(manifest).items():
        if entry.get("status") == "reused":
            reused += 1
        elif entry.get("status") in ("rendered", "failed") and entry.get("seconds") is not None:
            parts = entry.get("timings") or {}
            lines.append(
                f"    {name:<36} {float(entry['seconds']):7.1f} (executing "
                f"{float(parts.get('execute', 0)):.1f}, converting "
                f"{float(parts.get('convert', 0)):.1f})"
            )
    if reused:
        lines.append(f"    {reused} report(s) reused (up to date)")
    lines.append(f"  {'cdskit reports':<38} {total:7.1f}")
    return "\n".join(lines)


def _narrative(args: argparse.Namespace) -> int:
    from cdskit.files import check_output_file
    from cdskit.narrative import FORMATS, build_narrative, key_figures, save, to_html, to_markdown

    if args.output is None and args.format in ("docx", "pdf"):
        raise ParameterError(
            f"--format {args.format} needs a file to write: give --output ending in .{args.format}."
        )
    story = build_narrative(args.province, args.year, args.language, period=args.period)
    table = key_figures(story)
    if args.output is None:  # the text itself on standard output
        page = to_html if args.format == "html" else to_markdown
        sys.stdout.write(page(story, table=table))
        return 0
    path, kind = check_output_file(args.output, FORMATS, format=args.format, what="--output")
    (written,) = save(story, path.parent, path.stem, formats=[kind], table=table)
    print(f"Narrative: {written}")
    return 0


def _boundaries_fetch(args: argparse.Namespace) -> int:
    from cdskit.geo import fetch_all

    fetched = fetch_all(args.level, args.vintage, provinces=args.province, progress=args.progress)
    for item in fetched or []:
        print(item)
    return 0


def _connectivity_ookla(args: argparse.Namespace) -> int:
    from cdskit.connectivity import BUCKET_URL, Quarter, list_quarters, ookla_to_raw

    bucket = args.bucket_url or BUCKET_URL
    if args.list:
        for quarter, size, modified in list_quarters(args.kind, base_url=bucket):
            print(
                f"{quarter.year} Q{quarter.quarter}  {size:>13,} bytes  {modified}  {quarter.key}"
            )
        return 0
    if (args.year is None) != (args.quarter is None):
        raise ParameterError(
            "Give the quarter with both --year and --quarter (e.g. --year 2024 --quarter 1), "
            "or neither to take the latest quarter in the provider's bucket (--list shows them)."
        )
    if args.year is None:
        listed = list_quarters(args.kind, base_url=bucket)
        if not listed:
            raise ParameterError(f"The bucket {bucket} lists no {args.kind} quarter.")
        quarter = listed[-1][0]
        print(f"Latest {args.kind} quarter in the bucket: {quarter.year} Q{quarter.quarter}")
    else:
        quarter = Quarter(args.kind, args.year, args.quarter)
    run = ookla_to_raw(
        quarter,
        provinces=args.province or FOCUS_PROVINCES[2025],
        accept_new_snapshot=args.accept_new_snapshot,
        base_url=bucket,
        progress=args.progress,
        raw_dir=args.raw_dir,
    )
    snapshot = run.snapshot
    print(f"Snapshot ({snapshot.origin}): {snapshot.path}")
    print(f"  sha256 {snapshot.sha256}, {snapshot.size:,} bytes, obtained {snapshot.accessed}")
    print(
        f"{run.rows_scanned:,} tiles read, {run.tiles_kept:,} in the provinces; "
        f"{(run.result['unit_level'] != 'province').sum()} communes."
    )
    print(f"Table: {run.table} (recorded in sources.yml; run `cdskit build` to publish it)")
    return 0


def _connectivity_template(args: argparse.Namespace) -> int:
    from cdskit.connectivity import write_template

    written = write_template(args.province, args.output)
    print(f"Survey template: {written}")
    return 0


def _connectivity_survey(args: argparse.Namespace) -> int:
    from cdskit.connectivity import add_survey

    source = {
        "id": args.source_id,
        "title": args.title,
        "publisher": args.publisher,
        "date": args.date,
    }
    target = add_survey(
        args.file,
        province=args.province,
        period=args.period,
        source=source,
        raw_dir=args.raw_dir,
        replace=args.replace,
    )
    print(f"Survey checked and added: {target} (run `cdskit build` to publish it)")
    return 0
