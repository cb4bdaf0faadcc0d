"""What the benchmark measures through the real command line: rebuilds, peak memory, start-up.

Also the tree-wide memory sampler :func:`run_sampled`, shared with ``bench.scale``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from bench.report import Json, measure
from carted_export.pipeline.outputs import MANIFEST_NAME

CLI = Path(sys.executable).parent / "carted-export"
#: A fixed export date, so a rebuild across midnight is still a no-op.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_project(work: Path) -> Path:
    """An empty project file in ``work``: the CLI builds run with it, so that no
    carted-export.toml of a parent folder (this repository's own demo project, with its
    locales and glossary) shapes them.  Each document is built in its own language."""
    config = work / "carted-export.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("# The benchmark's project: defaults only.\n[build]\n", "utf-8")
    return config


def cli_build(config: Path, *arguments: str) -> list[str]:
    """``carted-export build --config CONFIG ARGUMENTS...``"""
    return [str(CLI), "build", "--config", str(config), *arguments]


def timed_cli(command: list[str], out: Path) -> tuple[float, Json]:
    """Wall time of one CLI build into ``out`` and what it did (:func:`outcome`)."""
    started = time.time()
    start = perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)
    seconds = perf_counter() - start
    return seconds, outcome(out, started, done.returncode, done.stderr)


def outcome(out: Path, started: float, returncode: int, stderr: str = "") -> Json:
    """What a build into ``out`` that started at ``started`` (``time.time()``) did, read from
    its manifest: the outputs it wrote (modified since it started), those up to date, and
    its exit status (1: some documents failed); with the end of stderr if it failed."""
    try:
        listed = json.loads((out / MANIFEST_NAME).read_text("utf-8"))["outputs"]
    except (OSError, ValueError, KeyError):
        listed = []
    built = sum(1 for record in listed if (out / record["path"]).stat().st_mtime >= started)
    found: Json = {"built": built, "up_to_date": len(listed) - built, "exit": returncode}
    if returncode != 0:
        found["stderr"] = stderr[-300:]
    return found


def described(result: Json) -> str:
    """``720 built, 0 up to date, exit 0``"""
    return f"{result['built']} built, {result['up_to_date']} up to date, exit {result['exit']}"


def rebuilds(corpus: Path, sources: list[Path], work: Path, jobs: int, with_dask: bool) -> Json:
    """Cold build, the same build unchanged, then with one sentence appended to one page;
    and (with Dask) a cold build of the edited corpus in a Dask LocalCluster of as many
    workers, into another folder."""
    config = bench_project(work)
    out = str(work / "cli-out")
    arguments = cli_build(config, str(corpus), "--out", out, "--jobs", str(jobs), "-q")
    edited = sorted(sources, key=lambda path: path.stat().st_size)[len(sources) // 2]
    runs: dict[str, Json] = {}
    for name in ("cold", "no-op", "one file edited", "cold, Dask LocalCluster"):
        if name == "one file edited":
            with edited.open("a", encoding="utf-8") as handle:
                handle.write("\nAsk your care team about this sentence, added by the benchmark.\n")
        if name.endswith("Dask LocalCluster"):
            if not with_dask:
                continue
            arguments[arguments.index(out)] = str(work / "cli-dask")
            arguments += ["--executor", "dask"]
        log(f"CLI build, {name}...")
        target = Path(arguments[arguments.index("--out") + 1])
        seconds, result = timed_cli(arguments, target)
        retries = 0
        while name == "no-op" and result["built"] and retries < 2:
            # Others edit src/ and templates/ in this work tree; any edit rightly
            # invalidates every output.  Measure again with the cache now warm.
            log(f"  not a no-op ({described(result)}): the code changed; measuring again")
            seconds, result = timed_cli(arguments, target)
            retries += 1
        runs[name] = {
            "wall": measure(seconds, "s"),
            "outcome": result,
            "summary": described(result),
            "retries": retries,
        }
    cold = runs["cold"]["wall"]["value"]
    for run in runs.values():
        run["fraction_of_cold"] = measure(100 * run["wall"]["value"] / cold, "%")
    return {"jobs": jobs, "edited": str(edited.relative_to(corpus)), "runs": runs}


#: Runs a command and prints its peak RSS in KiB.  A child's ru_maxrss starts at its
#: parent's at fork time, so the child must be forked from this small launcher, not from
#: the benchmark process that has the pipeline loaded.
RSS_LAUNCHER = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_rss(sources: list[Path], work: Path, count: int = 3) -> Json:
    """One CLI process (--jobs 1: the process is the worker) per largest page, all formats."""
    pages = []
    config = bench_project(work)
    for path in sorted(sources, key=lambda p: p.stat().st_size, reverse=True)[:count]:
        log(f"peak RSS: {path.name}...")
        build = cli_build(config, str(path), "--out", str(work / "rss"), "--jobs", "1")
        command = [sys.executable, "-c", RSS_LAUNCHER, *build, "--force", "-q"]
        start = perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=True)
        pages.append(
            {
                "source": path.name,
                "size": measure(path.stat().st_size / 1024, "KiB"),
                "peak_rss": measure(int(done.stdout) / 1024, "MiB"),
                "wall": measure(perf_counter() - start, "s"),
            }
        )
    return {"pages": pages}


def startup(runs: int) -> Json:
    commands = {
        "carted-export --help": [str(CLI), "--help"],
        'python -c "import click"': [sys.executable, "-c", "import click"],
    }
    medians = {}
    for name, command in commands.items():
        subprocess.run(command, capture_output=True, check=True)  # warm the file cache
        times = []
        for _ in range(runs):
            start = perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times.append(perf_counter() - start)
        medians[name] = measure(statistics.median(times), "s")
    return {"runs": runs, "median": medians}


# Memory of a process tree -----------------------------------------------------------------


@dataclass(slots=True)
class TreeMemory:
    """Peaks sampled from /proc while a command ran (KiB)."""

    main: int = 0  # the command's own process (the build's client)
    worker: int = 0  # the largest of its descendants
    total: int = 0  # the whole tree at one moment
    samples: int = 0


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except OSError:
            continue
    return found


def _descendants(pid: int) -> list[int]:
    pending, seen = _children(pid), []
    while pending:
        child = pending.pop()
        seen.append(child)
        pending += _children(child)
    return seen


def run_sampled(
    command: list[str], env: dict[str, str], interval: float = 0.1
) -> tuple[float, subprocess.CompletedProcess[str], TreeMemory]:
    """Run ``command``, sampling the resident memory of it and its descendants."""
    memory = TreeMemory()
    start = perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(interval):
            main = _rss_kib(process.pid)
            workers = [_rss_kib(pid) for pid in _descendants(process.pid)]
            memory.main = max(memory.main, main)
            memory.worker = max(memory.worker, *workers, 0)
            memory.total = max(memory.total, main + sum(workers))
            memory.samples += 1

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = perf_counter() - start
    stop.set()
    sampler.join()
    return seconds, subprocess.CompletedProcess(command, process.returncode, out, err), memory
