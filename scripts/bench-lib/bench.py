#!/usr/bin/env python3
"""Times journal against git on synthetic journals and writes BENCHMARKS.md (see scripts/bench)."""
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JOURNAL = sys.argv[1]
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 10000 100000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def make_journal(entries, folder):
    path = os.path.join(folder, "journal-%d" % entries)
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True)
    generator = subprocess.Popen([sys.executable, os.path.join(HERE, "synthetic-journal.py"), str(entries)], stdout=subprocess.PIPE)
    subprocess.run(["git", "-C", path, "fast-import", "--quiet", "--done"], stdin=generator.stdout, check=True)
    generator.stdout.close()
    if generator.wait() != 0:
        raise SystemExit("the synthetic journal generator failed")
    subprocess.run(["git", "-C", path, "checkout", "-q", "main"], check=True)
    return path


def measure(command, before=None, runs=RUNS):
    """Median wall time (s) and the largest peak RSS (MiB) over runs, from /usr/bin/time."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit("failed: %s\n%s" % (" ".join(command), result.stderr))
        peaks.append(int(result.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def main():
    folder = tempfile.mkdtemp(prefix="journal-bench-")
    rows = []
    checks = []
    try:
        for size in SIZES:
            print("== %d entries: generating" % size, file=sys.stderr)
            repo = make_journal(size, folder)
            cache = os.path.join(repo, ".git", "journal")
            drop_cache = lambda: shutil.rmtree(cache, ignore_errors=True)
            gitlog = measure(["git", "-C", repo, "log", "--format=%H%x00%B"])
            rows.append((size, "git log --format=%H%x00%B", gitlog, None))
            for report in (["streak", "--json"], ["hours", "--json"]):
                name = "journal " + " ".join(report)
                cold = measure([JOURNAL] + report + ["--journal", repo], before=drop_cache)
                warm = measure([JOURNAL] + report + ["--journal", repo])
                rows.append((size, name + " (cold)", cold, cold[0] / gitlog[0]))
                rows.append((size, name + " (warm)", warm, warm[0] / gitlog[0]))
                if size == max(SIZES) and report[0] == "streak":
                    checks.append(("streak cold <= 1.5x git log", cold[0] / gitlog[0], 1.5))
                    checks.append(("streak warm <= 0.1x git log", warm[0] / gitlog[0], 0.1))
                if size == max(SIZES):
                    checks.append(("%s cold peak < 100 MiB" % name, cold[1], 100))
                    checks.append(("%s warm peak < 100 MiB" % name, warm[1], 100))
            print("   done", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    lines = ["| entries | command | median s | peak MiB | x git log |", "|---:|---|---:|---:|---:|"]
    for size, name, (seconds, peak), ratio in rows:
        lines.append("| %d | `%s` | %.3f | %.1f | %s |" % (size, name, seconds, peak, "%.3f" % ratio if ratio is not None else "1"))
    verdicts = ["| target | measured | limit | |", "|---|---:|---:|---|"]
    for name, value, limit in checks:
        verdicts.append("| %s | %.3f | %g | %s |" % (name, value, limit, "met" if value <= limit else "**missed**"))
    machine = "%s, %d cores, Python %s, %s" % (platform.platform(), os.cpu_count(), platform.python_version(),
                                             subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip())
    text = "\n".join([
        "# Benchmarks", "",
        "Written by `scripts/bench` (medians of %d runs; peak memory is the largest max RSS from `/usr/bin/time`)." % RUNS,
        "Cold runs delete `.git/journal/` first; warm runs read it. Journals are synthetic: about 3 entries a day,",
        "with hours, tags, some papers and shipped items, made with `git fast-import`.", "",
        "Machine: " + machine, "",
        "## Targets (largest size)", ""] + verdicts + ["", "## All runs", ""] + lines + [""])
    # Hand-written notes (profiles, before and after) below "## Notes" survive a new run.
    target = os.path.join(ROOT, "BENCHMARKS.md")
    notes = ""
    if os.path.exists(target):
        previous = open(target).read()
        if "\n## Notes" in previous:
            notes = previous[previous.index("\n## Notes") + 1:]
    print(text)
    with open(target, "w") as handle:
        handle.write(text + ("\n" + notes if notes else ""))


if __name__ == "__main__":
    main()
