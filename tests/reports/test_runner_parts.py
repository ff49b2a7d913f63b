"""The runner's parts that need no kernel: progress display, staging and leftovers, failures."""

from __future__ import annotations

import io
import os
from pathlib import Path

import nbformat
import pytest

from cdskit.errors import ReportError
from cdskit.reports._failure import failure, running_cell
from cdskit.reports._progress import Progress
from cdskit.reports._staging import Stage, clean_leftovers, locked


def test_progress_without_a_terminal_writes_one_line_per_event() -> None:
    stream = io.StringIO()
    progress = Progress(3, stream=stream)
    progress.finish("a", "reused")
    progress.start("b")
    progress.finish("b", "failed", "cell 4 raised ValueError: x")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("[1/3") and lines[0].endswith("reused   a")
    assert lines[1].endswith("start    b")
    assert lines[2].startswith("[2/3") and "failed   b: cell 4 raised ValueError: x" in lines[2]


def test_progress_on_a_terminal_is_a_live_bar_with_running_count_and_estimate() -> None:
    stream = io.StringIO()
    progress = Progress(2, stream=stream, live=True)
    progress.start("a")
    progress.start("b")
    progress.finish("a", "rendered")
    progress.finish("b", "failed", "TimeoutError: too long")
    progress.close()
    text = stream.getvalue()
    assert "reports: 1/2" in text and "running 2" in text and "running 1" in text
    assert "reports: 2/2" in text and "<" in text  # elapsed<remaining
    assert "failed   b: TimeoutError: too long" in text


def test_a_stage_replaces_the_folder_only_when_committed(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "a.html").write_text("cũ", encoding="utf-8")
    (out / "a").mkdir()
    (out / "a" / "x.txt").write_text("x", encoding="utf-8")
    stage = Stage(out)
    stage.remove(["a"])
    stage.write({"a.html": "mới".encode()})
    assert (out / "a.html").read_text(encoding="utf-8") == "cũ", "hard links are never written"
    assert (out / "a" / "x.txt").is_file()
    stage.commit()
    assert (out / "a.html").read_text(encoding="utf-8") == "mới"
    assert not (out / "a").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_stage_refuses_to_write_outside_the_folder(tmp_path: Path) -> None:
    stage = Stage(tmp_path / "reports")
    with pytest.raises(ReportError, match="outside the reports folder"):
        stage.write({"../evil.txt": b"x"})
    stage.discard()
    assert list(tmp_path.iterdir()) == []


def test_leftovers_of_a_killed_batch_are_removed_and_a_half_swap_is_undone(
    tmp_path: Path,
) -> None:
    out = tmp_path / "reports"
    (tmp_path / ".reports.staging-abc" / ".work").mkdir(parents=True)
    old = tmp_path / ".reports.old-123"
    old.mkdir()
    (old / "index.html").write_text("trước", encoding="utf-8")
    removed = clean_leftovers(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "trước"
    assert ".reports.staging-abc" in removed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]

    (out / ".demo-x1y2").mkdir()  # the temporary folder of an earlier runner version
    clean_leftovers(out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


def test_a_second_batch_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    with locked(out):
        pid = os.fork()
        if pid == 0:  # another process trying the same folder
            try:
                with locked(out):
                    os._exit(0)
            except ReportError:
                os._exit(7)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 7
    with locked(out):  # free again
        pass


def test_the_cell_that_was_running_is_read_from_the_saved_notebook(tmp_path: Path) -> None:
    source = tmp_path / "source.ipynb"
    nb = nbformat.v4.new_notebook()
    cells = ["x = 1", "import time\ntime.sleep(600)", "print(x)"]
    nb.cells = [nbformat.v4.new_markdown_cell("# synthetic")]
    nb.cells += [nbformat.v4.new_code_cell(text) for text in cells]
    nbformat.write(nb, source)
    executed = tmp_path / "executed.ipynb"
    injected = nbformat.v4.new_code_cell("x = 2")
    injected.metadata["tags"] = ["injected-parameters"]
    saved = nbformat.v4.new_notebook()
    saved.cells = [nb.cells[0], nb.cells[1], injected, nb.cells[2], nb.cells[3]]
    for position, cell in enumerate(saved.cells):
        started = "2026-01-01T00:00:00" if position <= 3 else None
        cell.metadata["papermill"] = {"start_time": started, "status": "running"}
    nbformat.write(saved, executed)
    assert running_cell(source, executed) == {
        "cell": 3,
        "excerpt": "import time\ntime.sleep(600)",
    }
    assert running_cell(source, tmp_path / "missing.ipynb") == {}


def test_a_failure_keeps_one_line_of_the_error() -> None:
    record = failure("ValueError: sai\nTraceback (most recent call last):", kind="error", cell=2)
    assert record == {"cell": 2, "excerpt": None, "error": "ValueError: sai", "kind": "error"}


def test_socket_folders_of_a_killed_launcher_are_removed() -> None:
    import subprocess
    import sys
    import tempfile

    from cdskit.reports._launch import IPC_PREFIX, OWNER_FILE, remove_orphans

    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    orphan = Path(tempfile.mkdtemp(prefix=IPC_PREFIX))
    (orphan / OWNER_FILE).write_text(ended.stdout.strip(), encoding="ascii")
    alive = Path(tempfile.mkdtemp(prefix=IPC_PREFIX))
    (alive / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    try:
        removed = remove_orphans()
        assert orphan.name in removed and not orphan.exists()
        assert alive.exists(), "a running launcher's folder is kept"
    finally:
        import shutil

        shutil.rmtree(alive, ignore_errors=True)
        shutil.rmtree(orphan, ignore_errors=True)
