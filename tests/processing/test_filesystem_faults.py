"""Publishing on failing file systems: read-only, full, its own mount, permission denied.

Every project here is synthetic test data (tests/synthetic.py). Faults are real where the
machine allows it (a size-limited or read-only tmpfs mounted for the test, which needs root);
otherwise the operating system's answer is injected at the OS boundary (``os.replace``,
``os.mkdir``), never by replacing cdskit code.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from synthetic import RANKS, write_project

from cdskit.cli import main
from cdskit.errors import OutputError
from cdskit.files import write_folder_atomically

# synthetic test data: one more figure, so a second build writes different files
CHANGED = RANKS + 'Thanh Hóa,province,,2025,dti_score,2024,"0,61",,pub-b,\n'


def processed_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def _mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs needs root and mount rights on this machine")


@pytest.fixture
def mounted(tmp_path):
    """``data/processed`` as a file system of its own (a 1 MiB tmpfs), unmounted afterwards."""
    folder = tmp_path / "data" / "processed"
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    _mount_tmpfs(folder, "1m")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _build(raw: Path, capsys) -> tuple[int, str]:
    code = main(["build", "--raw-dir", str(raw), "--processed-dir", str(raw.parent / "processed")])
    err = capsys.readouterr().err  # the command wraps its message at 100 columns
    return code, err.replace("-\n", "-").replace("\n", " ")


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in [*folder.iterdir(), *folder.parent.iterdir()] if p.name[0] == "."]


def test_publishing_onto_its_own_mount_replaces_both_dataset_and_report(tmp_path, mounted, capsys):
    raw = write_project(tmp_path)
    assert _build(raw, capsys)[0] == 0
    first = processed_bytes(mounted)
    write_project(tmp_path, {"dti/ranks.csv": CHANGED})
    assert _build(raw, capsys)[0] == 0
    second = processed_bytes(mounted)
    assert second["observations.csv"] != first["observations.csv"]
    assert "Thanh Hóa" in second["observations.csv"].decode("utf-8-sig")
    assert _leftovers(mounted) == []


def test_a_full_disk_exits_two_and_keeps_the_previous_dataset_and_report(tmp_path, mounted, capsys):
    raw = write_project(tmp_path)
    assert _build(raw, capsys)[0] == 0
    before = processed_bytes(mounted)
    filler = mounted / "filler.bin"
    with open(filler, "wb", buffering=0) as stream:  # fill the disk for real
        try:
            while True:
                stream.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    write_project(tmp_path, {"dti/ranks.csv": CHANGED})
    code, err = _build(raw, capsys)
    assert code == 2
    assert f"Cannot write to folder {mounted}: the disk is full; free some space" in err
    assert "Traceback" not in err
    after = {k: v for k, v in processed_bytes(mounted).items() if k != "filler.bin"}
    assert after == before  # the dataset and its report still describe the same build
    assert _leftovers(mounted) == []
    filler.unlink()
    assert _build(raw, capsys)[0] == 0  # once there is room, the build goes through


def test_a_read_only_mount_exits_two_and_changes_nothing(tmp_path, mounted, capsys):
    raw = write_project(tmp_path)
    assert _build(raw, capsys)[0] == 0
    before = processed_bytes(mounted)
    remount = subprocess.run(
        ["mount", "-o", "remount,ro", str(mounted)], capture_output=True, check=False
    )
    if remount.returncode != 0:
        pytest.skip("cannot remount read-only here")
    write_project(tmp_path, {"dti/ranks.csv": CHANGED})
    code, err = _build(raw, capsys)
    assert code == 2
    assert str(mounted) in err and "read-only file system" in err
    assert "remount it read-write or choose another output folder" in err
    assert "Traceback" not in err
    assert processed_bytes(mounted) == before


@pytest.mark.parametrize(
    ("failing_call", "number", "reason"),
    [
        (1, errno.EROFS, "it is on a read-only file system"),
        (4, errno.ENOSPC, "the disk is full"),
        (7, errno.EXDEV, "Invalid cross-device link"),
    ],
)
def test_a_rename_failing_mid_swap_puts_every_previous_file_back(
    tmp_path, capsys, monkeypatch, failing_call, number, reason
):
    raw = write_project(tmp_path)
    processed = raw.parent / "processed"
    assert _build(raw, capsys)[0] == 0
    before = processed_bytes(processed)
    real_replace = os.replace
    calls = []

    def replace(source, target):  # the OS answers with an error on one rename
        calls.append(target)
        if len(calls) == failing_call:
            raise OSError(number, os.strerror(number))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    write_project(tmp_path, {"dti/ranks.csv": CHANGED})
    code, err = _build(raw, capsys)
    monkeypatch.undo()
    assert code == 2
    assert f"Cannot write to folder {processed}: {reason}" in err
    assert "Traceback" not in err
    assert processed_bytes(processed) == before
    assert _leftovers(processed) == []


def test_permission_denied_names_the_folder_and_what_to_do(tmp_path, monkeypatch):
    target = tmp_path / "processed"
    target.mkdir()
    (target / "a.txt").write_text("previous", encoding="utf-8")
    real_mkdir = os.mkdir

    def mkdir(path, *args, **kwargs):  # the OS refuses new folders inside the target
        if Path(path).parent == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    with pytest.raises(OutputError) as caught:
        write_folder_atomically(target, {"a.txt": lambda p: p.write_text("new", encoding="utf-8")})
    message = str(caught.value)
    assert message.startswith(f"Cannot write to folder {target}: permission is denied")
    assert "make the folder writable for this user" in message
    assert message.count(".") <= 2  # one sentence (the only other dot is in a path)
    assert (target / "a.txt").read_text("utf-8") == "previous"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_for_a_normal_user(tmp_path):
    target = tmp_path / "processed"
    target.mkdir()
    (target / "a.txt").write_text("previous", encoding="utf-8")
    target.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="permission is denied"):
            write_folder_atomically(target, {"a.txt": lambda p: p.write_text("new")})
    finally:
        target.chmod(0o755)
    assert (target / "a.txt").read_text("utf-8") == "previous"


def test_a_staging_folder_left_by_a_killed_run_is_removed(tmp_path):
    target = tmp_path / "processed"
    stale = target / ".staging-999999999-abc"  # no process has this id
    stale.mkdir(parents=True)
    (stale / "observations.csv").write_text("half-written", encoding="utf-8")
    write_folder_atomically(target, {"a.txt": lambda p: p.write_text("new", encoding="utf-8")})
    assert sorted(p.name for p in target.iterdir()) == ["a.txt"]


_KILLED_HALFWAY = """
import os, signal, sys
from pathlib import Path
from cdskit.files import write_folder_atomically
real_replace, calls = os.replace, []
def replace(source, target):  # the OS kills the run on its fifth rename
    calls.append(target)
    if len(calls) == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target)
os.replace = replace
names = ["a.txt", "e.txt", "b.txt", "c.txt"]
write_folder_atomically(
    Path(sys.argv[1]), {n: (lambda p, n=n: p.write_text("new " + n)) for n in names}
)
"""


def test_a_run_killed_halfway_through_the_swap_is_rolled_back_by_the_next_run(tmp_path):
    target = tmp_path / "processed"
    old = ["a.txt", "b.txt", "c.txt"]
    write_folder_atomically(target, {n: (lambda p, n=n: p.write_text("old " + n)) for n in old})
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_HALFWAY, str(target)], capture_output=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    halfway = {p.name: p.read_text() for p in target.iterdir() if p.is_file()}
    assert halfway == {"a.txt": "new a.txt", "e.txt": "new e.txt", "c.txt": "old c.txt"}
    write_folder_atomically(target, {"d.txt": lambda p: p.write_text("new d.txt")})
    after = {p.name: p.read_text() for p in target.iterdir()}
    assert after == {
        "a.txt": "old a.txt",
        "b.txt": "old b.txt",
        "c.txt": "old c.txt",
        "d.txt": "new d.txt",
    }
