"""The batch: failures isolated, reports reused when nothing changed, interruptions, Dask.

Notebooks and figures are synthetic test data; every report runs on a real ``python3`` kernel
in a process of its own. A notebook records each execution in ``runs.txt`` (one line per run,
with the kernel's pid), so a test can count kernels and check that none is left running.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reports.reports_synthetic import notebook, report

from cdskit.errors import ParameterError, ReportError
from cdskit.files import file_sha256
from cdskit.reports import BatchInterrupted, render_all

PARAMETERS = """\
greeting: str = "xin chào"  # text the report prints
mode: str = "ok"  # ok, raise, sleep or die
output_dir: str = ""  # folder for extra files
"""


def body(runs: Path) -> list[str]:
    """Cells of the synthetic notebook; the third cell fails as ``mode`` asks."""
    return [
        f"import os, pathlib\nwith open({str(runs)!r}, 'a') as f:\n"
        "    f.write(f'{greeting} {os.getpid()}\\n')\n"
        "pathlib.Path(output_dir, 'loi-chao.txt').write_text(greeting, encoding='utf-8')\n"
        "print('KẾT QUẢ:', greeting)",
        "import time\nif mode == 'raise':\n    raise ValueError('dữ liệu hỏng')\n"
        "if mode == 'sleep':\n    time.sleep(600)\n"
        "if mode == 'die':\n    os.kill(os.getpid(), 9)",
        "import warnings\nwarnings.warn('cảnh báo thử')",
    ]


@pytest.fixture
def runs(project: Path) -> Path:
    """The file where the notebook records each execution; the notebook is demo.ipynb."""
    path = project / "runs.txt"
    notebook(project / "demo.ipynb", PARAMETERS, body(path))
    return path


def executions(runs: Path) -> list[str]:
    return runs.read_text(encoding="utf-8").splitlines() if runs.exists() else []


def manifest_of(out: Path) -> dict[str, dict]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["name"]: entry for entry in data["reports"]}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def pid_gone(pid: int, within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # a zombie of ours counts as gone
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_a_raising_a_hung_and_a_dead_report_fail_alone(
    project: Path, runs: Path, configure, capfd: pytest.CaptureFixture[str]
) -> None:
    # only the hung report has a short limit of its own; the others keep the run's 30 s
    config = configure(
        report("good", "demo.ipynb")
        + report("raises", "demo.ipynb", mode="raise")
        + report("hangs", "demo.ipynb", mode="sleep")
        + "timeout = 10\n\n"
        + report("dies", "demo.ipynb", mode="die")
    )
    out = project / "reports"
    with pytest.raises(ReportError, match=r"3 of 4 report\(s\) failed") as info:
        render_all(config, out, jobs=4, timeout=30)

    assert set(info.value.failures) == {"raises", "hangs", "dies"}
    entries = manifest_of(out)
    assert entries["good"]["status"] == "rendered"
    assert "KẾT QUẢ: xin chào" in (out / "good.html").read_text(encoding="utf-8")
    raised, hung, died = (entries[name]["failure"] for name in ("raises", "hangs", "dies"))
    assert raised["cell"] == 4 and raised["error"] == "ValueError: dữ liệu hỏng"
    assert raised["excerpt"].startswith("import time\nif mode == 'raise':")
    assert hung["kind"] == "timeout" and hung["cell"] == 4
    assert hung["error"] == (
        "TimeoutError: the report ran longer than 10 s (timeout in reports.toml) and was stopped"
    )
    assert died["kind"] == "kernel died" and died["cell"] == 4
    assert died["error"].startswith("DeadKernelError: the kernel died")
    for name in ("raises", "hangs", "dies"):
        assert entries[name]["status"] == "failed"
        assert not (out / f"{name}.html").exists()
    assert (out / "raises.failed.ipynb").is_file()

    terminal = capfd.readouterr()
    assert "Traceback" not in terminal.err + terminal.out
    assert "without encryption" not in terminal.err + terminal.out
    assert "failed   dies: DeadKernelError" in terminal.err  # one line per event, no TTY
    hung_pid = int(executions(runs)[-1].split()[-1]) if executions(runs) else 0
    for line in executions(runs):
        assert pid_gone(int(line.split()[-1])), f"kernel still running: {line}"
    assert hung_pid
    assert not list(project.glob(".reports.[so]*")), "no staging folder is left"


@pytest.mark.slow
def test_an_unchanged_report_is_reused_without_starting_a_kernel(
    project: Path, runs: Path, configure
) -> None:
    config = configure(report("one", "demo.ipynb") + report("two", "demo.ipynb", greeting="hi"))
    out = project / "reports"
    render_all(config, out, jobs=2)
    assert len(executions(runs)) == 2
    first = snapshot(out)

    started = time.monotonic()
    render_all(config, out, jobs=2)
    warm = time.monotonic() - started
    assert len(executions(runs)) == 2, "a warm run starts no kernel"
    entries = manifest_of(out)
    assert {entries[n]["status"] for n in ("one", "two")} == {"reused"}
    assert entries["one"]["fingerprint"] and entries["one"]["rendered_at"]
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k not in ("index.html", "manifest.json")} == {
        k: v for k, v in first.items() if k not in ("index.html", "manifest.json")
    }
    print(f"warm run: {warm:.2f} s")

    configure(report("one", "demo.ipynb") + report("two", "demo.ipynb", greeting="chào"))
    render_all(config, out, jobs=2)
    assert executions(runs)[-1].startswith("chào ") and len(executions(runs)) == 3
    assert manifest_of(out)["one"]["status"] == "reused"
    assert manifest_of(out)["two"]["status"] == "rendered"

    (project / "data" / "processed" / "extra.csv").write_text("synthetic\n", encoding="utf-8")
    render_all(config, out, jobs=2)
    assert len(executions(runs)) == 5, "new data re-runs every report"

    render_all(config, out, jobs=2, force=True)
    assert len(executions(runs)) == 7, "--force re-runs every report"

    (out / "one" / "loi-chao.txt").write_text("sửa tay", encoding="utf-8")
    render_all(config, out, jobs=2)
    assert len(executions(runs)) == 8, "a report whose files changed is rendered again"
    for entry in manifest_of(out).values():
        for record in entry["outputs"]:
            assert file_sha256(out / record["path"]) == record["sha256"]


def _start_cli(project: Path) -> subprocess.Popen:
    environment = {**os.environ, "CDSKIT_ROOT": str(project)}
    return subprocess.Popen(
        [sys.executable, "-m", "cdskit", "reports", "--jobs", "2", "--timeout", "300"],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_kernels(runs: Path, count: int, process: subprocess.Popen) -> list[int]:
    deadline = time.monotonic() + 120
    while len(executions(runs)) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the reports did not start"
        time.sleep(0.2)
    time.sleep(0.5)  # the kernels are now in the sleeping cell
    return [int(line.split()[-1]) for line in executions(runs)]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_batch_leaves_the_previous_reports_byte_identical(
    project: Path, runs: Path, configure, signum: int
) -> None:
    configure(report("one", "demo.ipynb") + report("two", "demo.ipynb", greeting="hi"))
    out = project / "reports"
    render_all(project / "reports.toml", out, jobs=2)
    before = snapshot(out)
    runs.unlink()

    configure(report("one", "demo.ipynb", mode="sleep") + report("two", "demo.ipynb", mode="sleep"))
    process = _start_cli(project)
    kernels = _wait_for_kernels(runs, 2, process)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 128 + signum
    assert f"interrupted by {signal.Signals(signum).name}" in stderr
    assert "Traceback" not in stderr
    assert snapshot(out) == before
    assert not list(project.glob(".reports.[so]*")), "the staging folder is removed"
    for pid in kernels:
        assert pid_gone(pid), "the kernels are ended"


@pytest.mark.slow
def test_after_a_sigkill_the_next_run_cleans_up_and_its_manifest_matches_the_files(
    project: Path, runs: Path, configure
) -> None:
    configure(report("one", "demo.ipynb") + report("two", "demo.ipynb", greeting="hi"))
    out = project / "reports"
    render_all(project / "reports.toml", out, jobs=2)
    before = snapshot(out)
    runs.unlink()

    configure(report("one", "demo.ipynb", mode="sleep") + report("two", "demo.ipynb"))
    process = _start_cli(project)
    kernels = _wait_for_kernels(runs, 2, process)
    process.kill()
    process.communicate(timeout=30)
    assert snapshot(out) == before
    assert list(project.glob(".reports.staging-*")), "a killed batch leaves its staging folder"
    for pid in kernels:
        assert pid_gone(pid, within=30), "orphaned kernels end themselves"

    configure(report("one", "demo.ipynb") + report("two", "demo.ipynb", greeting="chào"))
    render_all(project / "reports.toml", out, jobs=2)
    assert not list(project.glob(".reports.[so]*")), "leftovers are removed"
    entries = manifest_of(out)
    assert entries["two"]["status"] == "rendered" and entries["one"]["status"] == "reused"
    listed = {record["path"] for e in entries.values() for record in e["outputs"]}
    for path in listed:
        assert file_sha256(out / path) == next(
            r["sha256"] for e in entries.values() for r in e["outputs"] if r["path"] == path
        )
    reports_files = {p for p in snapshot(out) if p.split("/")[0] in ("one", "two")}
    reports_files |= {p for p in snapshot(out) if p.startswith(("one.", "two."))}
    assert reports_files == listed


@pytest.mark.slow
def test_interrupting_render_all_in_process_raises_batch_interrupted(
    project: Path, runs: Path, configure
) -> None:
    import threading

    config = configure(report("one", "demo.ipynb", mode="sleep"))
    done = threading.Event()

    def interrupt() -> None:  # once the kernel is in the sleeping cell, not before the batch
        deadline = time.monotonic() + 300
        while not executions(runs) and not done.is_set() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not done.is_set():
            time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Thread(target=interrupt, daemon=True)
    timer.start()
    try:
        with pytest.raises(BatchInterrupted) as info:
            render_all(config, project / "reports", jobs=1)
    finally:
        done.set()
    assert info.value.signal == signal.SIGINT
    assert not (project / "reports").exists()
    assert not list(project.glob(".reports.[so]*"))


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A real Dask LocalCluster on the loopback interface: one worker, two threads."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
    )
    yield cluster.scheduler_address
    cluster.close()


@pytest.mark.slow
def test_the_dask_path_renders_the_same_reports_as_the_local_pool(
    project: Path, runs: Path, configure, scheduler: str
) -> None:
    assert scheduler.startswith("tcp://127.0.0.1:")
    config = configure(
        report("one", "demo.ipynb")
        + report("two", "demo.ipynb", greeting="chào")
        + report("raises", "demo.ipynb", mode="raise")
    )
    local, cluster = project / "local", project / "cluster"
    for out, options in ((local, {"jobs": 2}), (cluster, {"scheduler": scheduler})):
        with pytest.raises(ReportError, match=r"1 of 3 report\(s\) failed \(raises: cell 4"):
            render_all(config, out, **options)
    assert len(executions(runs)) == 6

    by_local, by_cluster = manifest_of(local), manifest_of(cluster)
    for name in ("one", "two", "raises"):
        assert by_cluster[name]["status"] == by_local[name]["status"]
        assert by_cluster[name]["failure"] == by_local[name]["failure"]
        assert [f["path"] for f in by_cluster[name]["outputs"]] == [
            f["path"] for f in by_local[name]["outputs"]
        ]
    for path in ("one/loi-chao.txt", "two/loi-chao.txt"):
        assert (cluster / path).read_bytes() == (local / path).read_bytes()
    page = (cluster / "two.html").read_text(encoding="utf-8")
    assert "KẾT QUẢ: chào" in page and "print(" not in page

    with pytest.raises(ReportError):  # the failed report runs again; the others are reused
        render_all(config, cluster, scheduler=scheduler)
    assert len(executions(runs)) == 7
    statuses = {name: entry["status"] for name, entry in manifest_of(cluster).items()}
    assert statuses == {"one": "reused", "two": "reused", "raises": "failed"}


@pytest.mark.slow
def test_an_unreachable_scheduler_is_reported_in_one_sentence(
    project: Path, runs: Path, configure
) -> None:
    # distributed first: a dask.config.set() made before it is imported takes its defaults
    # out of the configuration on the way out
    pytest.importorskip("distributed")
    import dask

    config = configure(report("one", "demo.ipynb"))
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "2s"}),
        pytest.raises(
            ReportError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 2 s"
        ) as info,
    ):
        render_all(config, project / "reports", scheduler="tcp://127.0.0.1:9")
    message = str(info.value)
    assert message.count(". ") == 0 and message.endswith("in a Dask configuration file).")
    assert "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=" in message
    assert not (project / "reports").exists() or not list((project / "reports").iterdir())


def test_a_bad_dask_connect_timeout_is_refused_naming_the_setting(
    project: Path, runs: Path, configure
) -> None:
    pytest.importorskip("distributed")  # first, as above
    import dask

    config = configure(report("one", "demo.ipynb"))
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "soon"}),
        pytest.raises(
            ParameterError,
            match=r"distributed.comm.timeouts.connect = 'soon' is not a positive duration; "
            r"set DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT",
        ),
    ):
        render_all(config, project / "reports", scheduler="tcp://127.0.0.1:9")
    assert not (project / "reports").exists(), "the command stops before anything is written"


@pytest.mark.slow
def test_worker_processes_of_a_cluster_start_reports_with_python_m(
    project: Path, runs: Path, configure
) -> None:
    """A Dask worker process is daemonic: it cannot fork report processes the local way."""
    distributed = pytest.importorskip("distributed")
    config = configure(report("one", "demo.ipynb") + report("raises", "demo.ipynb", mode="raise"))
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
    ) as cluster:
        with pytest.raises(ReportError, match=r"raises: cell 4 raised ValueError: dữ liệu hỏng"):
            render_all(config, project / "reports", scheduler=cluster.scheduler_address)
    entries = manifest_of(project / "reports")
    assert entries["one"]["status"] == "rendered"
    assert (project / "reports" / "one" / "loi-chao.txt").read_text(encoding="utf-8") == "xin chào"
    assert entries["raises"]["failure"]["cell"] == 4
    for line in executions(runs):
        assert pid_gone(int(line.split()[-1]))
