"""Builds on a Dask distributed cluster (``--executor dask``): a real ``dask scheduler`` and
two ``dask worker`` processes on 127.0.0.1, one of them killed in the middle of a build;
a LocalCluster; the order jobs start in; an unreachable scheduler."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import LEAFLET_ROOT, SEED_EPOCH, RunCli, read_manifest

distributed = pytest.importorskip("distributed", reason="needs carted-export[dask]")

START_TIMEOUT = 60  # seconds for the scheduler and workers to come up on a loaded machine
BUILD_TIMEOUT = 300


@dataclass
class Cluster:
    address: str
    workers: dict[str, subprocess.Popen[bytes]]  # by worker name
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def log_tail(self) -> str:
        return "\n".join(
            f"--- {log.name}\n" + log.read_text("utf-8", "replace")[-3000:]
            for log in sorted(self.logs.glob("*.log"))
        )


def _start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *command],
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[Cluster]:
    """``dask scheduler`` and two single-threaded ``dask worker`` processes (no nanny, so a
    killed worker stays dead, like a lost machine).  Every process is stopped at the end,
    whatever happens; should pytest itself be killed, the workers stop 30 s after losing
    the scheduler and the scheduler after 5 idle minutes."""
    logs = tmp_path / "cluster"
    logs.mkdir()
    file = logs / "scheduler.json"
    cluster = Cluster("", {}, logs)
    try:
        scheduler = _start(
            [
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--dashboard-address",  # its HTTP server starts anyway: not on 8787
                "127.0.0.1:0",
                "--scheduler-file",
                str(file),
                "--idle-timeout",
                "300s",
            ],
            logs / "scheduler.log",
        )
        cluster.processes.append(scheduler)
        deadline = time.monotonic() + START_TIMEOUT
        while not file.exists() and scheduler.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert file.exists(), "the scheduler did not start:\n" + cluster.log_tail()
        time.sleep(0.2)  # the file is written at once; let it be complete
        cluster.address = json.loads(file.read_text("utf-8"))["address"]
        for name in ("w1", "w2"):
            worker = _start(
                [
                    "worker",
                    cluster.address,
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--no-dashboard",
                    "--name",
                    name,
                    "--death-timeout",
                    "30",
                    "--local-directory",
                    str(logs / name),
                ],
                logs / f"{name}.log",
            )
            cluster.processes.append(worker)
            cluster.workers[name] = worker
        with distributed.Client(cluster.address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield cluster
    finally:
        for process in reversed(cluster.processes):
            _stop(process)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _kill_when_rendering(
    client: distributed.Client, cluster: Cluster, victim: str, build: subprocess.Popen[bytes]
) -> list[str]:
    """SIGKILL worker ``victim`` as soon as it holds a render job; the keys it held."""
    deadline = time.monotonic() + BUILD_TIMEOUT
    while build.poll() is None and time.monotonic() < deadline:
        names = {
            address: info.get("name")
            for address, info in client.scheduler_info()["workers"].items()
        }
        for address, keys in client.processing().items():
            rendering = [str(key) for key in keys if str(key).startswith("run_job-")]
            if names.get(address) == victim and rendering:
                os.kill(cluster.workers[victim].pid, signal.SIGKILL)
                cluster.workers[victim].wait(timeout=10)
                return rendering
        time.sleep(0.05)
    return []


def test_cluster_build_survives_a_killed_worker_and_matches_the_local_pool(
    leaflet_build: Path, dask_cluster: Cluster, tmp_path: Path
) -> None:
    """The leaflet test root (seeds in four locales, with their catalogs) built on the
    cluster while one of its two workers is killed mid-job: every output, the manifest, the
    cache and the download page are byte-identical to the local process pool's build."""
    out = tmp_path / "dask-out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": SEED_EPOCH}
    config = LEAFLET_ROOT / "carted-export.toml"
    args = [sys.executable, "-m", "carted_export", "build", "--config", str(config)]
    args += ["--out", str(out), "--executor", "dask", "--scheduler", dask_cluster.address]
    log = tmp_path / "build.log"
    with (
        log.open("wb") as handle,
        distributed.Client(dask_cluster.address, timeout=START_TIMEOUT) as client,
    ):
        build = subprocess.Popen(
            args, stdout=handle, stderr=subprocess.STDOUT, cwd=tmp_path, env=env
        )
        try:
            lost = _kill_when_rendering(client, dask_cluster, "w1", build)
            returncode = build.wait(timeout=BUILD_TIMEOUT)
        finally:
            _stop(build)
        survivors = {info.get("name") for info in client.scheduler_info()["workers"].values()}
    output = log.read_text("utf-8", "replace")
    assert lost, "worker w1 never got a render job:\n" + output + dask_cluster.log_tail()
    assert survivors == {"w2"}, dask_cluster.log_tail()
    assert returncode == 0, output + dask_cluster.log_tail()
    expected = len(read_manifest(leaflet_build))  # every output of the root
    assert expected >= 24 and f"{expected} built, 0 up to date" in output
    ours, local = _files(out), _files(leaflet_build)
    assert sorted(ours) == sorted(local)
    different = [name for name in ours if ours[name] != local[name]]
    assert different == []
    assert len(read_manifest(out)) == expected


def test_local_cluster_build_matches_the_local_pool(
    run_cli: RunCli, basic_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --scheduler, a LocalCluster of --jobs workers builds the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SEED_EPOCH)
    local, dask = tmp_path / "local", tmp_path / "dask"
    result = run_cli("build", basic_root, "--out", local, "--jobs", "2")
    assert result.exit_code == 0, result.output
    result = run_cli("build", basic_root, "--out", dask, "--jobs", "2", "--executor", "dask")
    assert result.exit_code == 0, result.output
    assert "6 built" in result.output
    assert _files(dask) == _files(local)


def test_braille_and_audio_are_jobs_a_local_cluster_builds_and_skips_when_up_to_date(
    run_cli: RunCli, basic_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--format brf --format audio on a LocalCluster: the same bytes as the local pool, and
    a second build finds every file up to date (issue 23, point 6)."""
    from validators import require_liblouis, require_speech

    require_liblouis()
    require_speech()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SEED_EPOCH)
    local, dask = tmp_path / "local", tmp_path / "dask"
    formats = ("--format", "brf", "--format", "audio", "--locale", "en")
    result = run_cli("build", basic_root, "--out", local, "--jobs", "2", *formats)
    assert result.exit_code == 0, result.output
    command = ("build", basic_root, "--out", dask, "--jobs", "2", "--executor", "dask", *formats)
    result = run_cli(*command)
    assert result.exit_code == 0, result.output
    ours = _files(dask)
    assert ours == _files(local)
    made = {Path(name).suffix for name in ours if name.startswith("en/")}
    assert {".brf", ".opus"} <= made
    again = run_cli(*command)
    assert again.exit_code == 0, again.output
    # Two documents, each a braille file and an audio file: all four are up to date.
    assert re.search(r"^0 built, 4 up to date,", again.output, re.MULTILINE), again.output
    assert _files(dask) == ours


def _start_time(item: int) -> tuple[int, float]:
    time.sleep(0.02)
    return item, time.time()


def test_jobs_start_in_the_order_given_longest_first() -> None:
    """The planner puts the longest jobs first; on one worker, Dask starts them in that order,
    also past the first window of submitted items."""
    import cloudpickle

    from carted_export.pipeline.dask_executor import MIN_IN_FLIGHT, DaskExecutor

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers lack tests/
    items = list(range(3 * MIN_IN_FLIGHT))
    with DaskExecutor(None, 1) as executor:
        results = list(executor.run(_start_time, items))
    started = [item for item, _ in sorted(results, key=lambda pair: pair[1])]
    assert started == items


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize("where", ["flags", "config"])
def test_unreachable_scheduler_is_a_usage_error_naming_it(
    run_cli: RunCli,
    basic_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    from carted_export.pipeline import dask_executor

    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 1)
    address = f"tcp://127.0.0.1:{_free_port()}"
    out = tmp_path / "out"
    if where == "flags":
        result = run_cli(
            "build", basic_root, "--out", out, "--executor", "dask", "--scheduler", address
        )
    else:
        config = tmp_path / "carted-export.toml"
        config.write_text(f'[build]\nexecutor = "dask"\nscheduler = "{address}"\n', "utf-8")
        result = run_cli("build", basic_root, "--out", out, "--config", config)
    assert result.exit_code == 2, result.output
    assert f"cannot reach the Dask scheduler at {address}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_dask_without_distributed_says_how_to_install_it(
    run_cli: RunCli, basic_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = run_cli("build", basic_root, "--out", tmp_path / "out", "--executor", "dask")
    assert result.exit_code == 2, result.output
    assert "pip install 'carted-export[dask]'" in result.output


def test_scheduler_without_the_dask_executor_is_a_usage_error(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    result = run_cli("build", basic_root, "--out", tmp_path, "--scheduler", "tcp://h:8786")
    assert result.exit_code == 2
    assert "--scheduler needs --executor dask" in result.output
