#!/usr/bin/env python3
"""Times journal against git and the real jrnl on synthetic journals and writes BENCHMARKS.md.

    bench.py JOURNAL_BINARY JRNL_BINARY    (see scripts/bench)
"""
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JOURNAL, JRNL = sys.argv[1], sys.argv[2]
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 10000 100000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
LARGEST = max(SIZES)


def measure(command, before=None, runs=RUNS, env=None, shell=False, codes=(0,)):
    """Median wall time (s) and the largest peak RSS (MiB) over runs, from /usr/bin/time."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        argv = ["/usr/bin/time", "-f", "%M"] + (["sh", "-c", command] if shell else command)
        start = time.perf_counter()
        result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        times.append(time.perf_counter() - start)
        if result.returncode not in codes:
            raise SystemExit("failed: %s\n%s" % (command if shell else " ".join(command), result.stderr))
        peaks.append(int(result.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TARGETS = """Targets (issue 13; ratios measured side by side in this run, peaks from /usr/bin/time):
  report right after one add, or after a sync that fetched one commit: <= 0.1x git log
  journal sync of one new entry, remote up to date: <= 0.5x git push of one commit, < 100 MiB
  first journal sync to an empty remote: <= 1.5x git push, < 100 MiB
  journal import of 100,000 jrnl entries: >= 5,000 entries/s (<= 20 s), < 100 MiB; again: <= 2 s
  journal log --json, search, export: <= 1.5x git log, < 100 MiB
  cold streak: <= 1.0x git log; every command: peak < 100 MiB"""


def main():
    print(TARGETS, file=sys.stderr)
    folder = tempfile.mkdtemp(prefix="journal-bench-")
    home = os.path.join(folder, "home")
    os.makedirs(home)
    env = dict(os.environ, HOME=home, GIT_CONFIG_NOSYSTEM="1", TZ="UTC", NO_COLOR="1",
               GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.org")
    env.pop("JOURNAL_DIR", None)
    subprocess.run(["git", "config", "--global", "init.defaultBranch", "main"], env=env, check=True)
    remotes = os.path.join(folder, "remotes")
    os.makedirs(remotes)
    port = free_port()
    daemon = subprocess.Popen(["git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=%d" % port,
                               "--base-path=" + remotes, "--export-all", "--enable=receive-pack", remotes],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    rows, checks = [], []

    def row(size, name, result, ratio=None, against=""):
        rows.append((size, name, result, ratio, against))

    try:
        for _ in range(50):  # until git daemon accepts
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        for size in SIZES:
            print("== %d entries" % size, file=sys.stderr)
            text = os.path.join(folder, "jrnl-%d.txt" % size)
            export = os.path.join(folder, "jrnl-%d.json" % size)
            subprocess.run([sys.executable, os.path.join(HERE, "synthetic-jrnl.py"), str(size), text, export], check=True)
            repo = os.path.join(folder, "journal-%d" % size)
            subprocess.run([JOURNAL, "init", repo], env=env, check=True, stdout=subprocess.DEVNULL)
            imported = measure([JOURNAL, "import", "--from", "jrnl", export, "--journal", repo], runs=1, env=env)
            row(size, "journal import --from jrnl", imported)
            if size == LARGEST:
                checks.append(("journal import >= 5,000 entries/s (<= 20 s)", imported[0], 20, "s"))
                # The same file again: nothing new, so nothing is written.
                again = measure([JOURNAL, "import", "--from", "jrnl", export, "--journal", repo], env=env)
                row(size, "journal import --from jrnl (again, nothing new)", again)
                checks.append(("journal import again (nothing new) <= 2 s", again[0], 2, "s"))
                checks.append(("journal import again peak < 100 MiB", again[1], 100, "MiB"))

            cache = os.path.join(repo, ".git", "journal")
            drop_cache = lambda: shutil.rmtree(cache, ignore_errors=True)
            gitlog = measure(["git", "-C", repo, "log", "--format=%H%x00%B"], env=env)
            row(size, "git log --format=%H%x00%B", gitlog)
            streak_cold = None
            for report in (["streak", "--json"], ["hours", "--json"]):
                name = "journal " + " ".join(report)
                cold = measure([JOURNAL] + report + ["--journal", repo], before=drop_cache, env=env)
                warm = measure([JOURNAL] + report + ["--journal", repo], env=env)
                row(size, name + " (cold)", cold, cold[0] / gitlog[0], "git log")
                row(size, name + " (warm)", warm, warm[0] / gitlog[0], "git log")
                if report[0] == "streak":
                    streak_cold = cold
                if size == LARGEST:
                    if report[0] == "streak":
                        checks.append(("streak cold <= 1.0x git log", cold[0] / gitlog[0], 1.0, "x"))
                        checks.append(("streak warm <= 0.1x git log", warm[0] / gitlog[0], 0.1, "x"))
                    checks.append(("%s cold peak < 100 MiB" % name, cold[1], 100, "MiB"))
                    checks.append(("%s warm peak < 100 MiB" % name, warm[1], 100, "MiB"))

            # journal search (warm cache, as after any report) against git's own message search.
            pattern = "pytorch"
            grep = measure(["git", "-C", repo, "log", "--all-match", "--grep", pattern, "--format=%H"], env=env)
            row(size, "git log --all-match --grep %s --format=%%H" % pattern, grep)
            search = measure([JOURNAL, "search", pattern, "--json", "--journal", repo], env=env)
            row(size, "journal search %s --json (warm)" % pattern, search, search[0] / grep[0], "git log --grep")
            if size == LARGEST:
                checks.append(("search warm <= 1x git log --grep", search[0] / grep[0], 1.0, "x"))
            # Listing every entry (warm cache): each is written from its record in the history file as it
            # goes out, against git log writing every message (issue 13: at most 1.5x, under 100 MiB).
            listing = measure([JOURNAL, "log", "--json", "--journal", repo], env=env)
            row(size, "journal log --json (warm)", listing, listing[0] / gitlog[0], "git log")
            exported = measure([JOURNAL, "export", "--journal", repo], env=env)  # the default format, json
            row(size, "journal export (json, warm)", exported, exported[0] / gitlog[0], "git log")
            if size == LARGEST:
                for name, result in (("journal log --json", listing), ("journal search %s --json" % pattern, search),
                                     ("journal export", exported)):
                    checks.append(("%s warm <= 1.5x git log" % name, result[0] / gitlog[0], 1.5, "x"))
                    checks.append(("%s warm peak < 100 MiB" % name, result[1], 100, "MiB"))
            # A shell completion (journal add --tag <TAB>) with the cache current, as after any report: the
            # same read of the history file answers entry ids for amend and delete (Completions.swift).
            complete = measure([JOURNAL, "---completion", "add", "--", "--tag", "5", "0",
                                "journal", "--journal", repo, "add", "--tag", ""], env=env)
            row(size, "journal add --tag <TAB> (completion, warm)", complete)
            if size == LARGEST:
                checks.append(("tag completion (warm) well under 0.1 s", complete[0], 0.1, "s"))

            # The real jrnl over the same entries; it grows faster than linearly, so one run at 100,000.
            config = os.path.join(folder, "jrnl-%d.yaml" % size)
            with open(config, "w") as handle:
                handle.write("colors: {body: none, date: none, tags: none, title: none}\ndefault_hour: 9\ndefault_minute: 0\n"
                             "editor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\n"
                             "journals:\n  default:\n    journal: %s\nlinewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
                             "timeformat: '%%Y-%%m-%%d %%H:%%M'\nversion: v4.6\n" % text)
            if size < 100000:  # a first run writes jrnl's config; at 100,000 it would cost minutes
                subprocess.run([JRNL, "--config-file", config, "--tags"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            jrnl = measure([JRNL, "--config-file", config, "--tags"], runs=1 if size >= 100000 else min(RUNS, 3), env=env)
            row(size, "jrnl --tags (jrnl %s)" % jrnl_version(), jrnl, jrnl[0] / streak_cold[0], "journal streak cold (times slower)")
            if size == LARGEST:
                checks.append(("streak cold >= 100x faster than jrnl --tags", jrnl[0] / streak_cold[0], 100, "x", "min"))

            if size == LARGEST:
                # journal add against git add + git commit of the same change, each on its own copy.
                twin = repo + "-git"
                subprocess.run(["cp", "-a", repo, twin], check=True)
                day = os.path.join(twin, "entries", "2026", "11", "2026-11-29.md")
                add = measure([JOURNAL, "add", "Benchmark entry", "--hours", "1", "--tag", "bench", "--journal", repo], env=env)
                git_add = measure("printf '\\n## Benchmark entry\\n12:00 · 1 h · #bench\\n' >> %s && git -C %s add %s && "
                                  "git -C %s commit -q -m 'Benchmark entry'" % (day, twin, day, twin), shell=True, env=env)
                row(size, "git add FILE && git commit", git_add)
                row(size, "journal add", add, add[0] / git_add[0], "git add + commit")
                checks.append(("journal add <= 1.0x git add + git commit", add[0] / git_add[0], 1.0, "x"))
                checks.append(("journal add peak < 100 MiB", add[1], 100, "MiB"))

                # A report right after one journal add: the cache is one commit behind and reads only
                # that commit (History/HistoryUpdate.swift). Each run adds one entry first, untimed.
                step = [0]

                def add_one():
                    step[0] += 1
                    subprocess.run([JOURNAL, "add", "After-add entry %d" % step[0], "--hours", "0.5", "--journal", repo],
                                   env=env, check=True, stdout=subprocess.DEVNULL)
                after_add = measure([JOURNAL, "streak", "--json", "--journal", repo], before=add_one, env=env)
                row(size, "journal streak --json (right after one journal add)", after_add, after_add[0] / gitlog[0], "git log")
                checks.append(("streak right after one add <= 0.1x git log", after_add[0] / gitlog[0], 0.1, "x"))
                checks.append(("streak right after one add peak < 100 MiB", after_add[1], 100, "MiB"))

                # Every other command a day or a week brings, once each: peak < 100 MiB at 100,000.
                site = os.path.join(folder, "site-%d" % size)
                for command in (["amend", "last", "--title", "Renamed in the benchmark"], ["delete", "last", "--yes"],
                                ["review", "--week"], ["hours", "--tag", "rag"], ["status"], ["heatmap"], ["papers"],
                                ["log", "-n", "5"], ["check"], ["publish", site]):
                    # check exits 1 when it finds a disagreement: that is an answer, not a failure.
                    result = measure([JOURNAL] + command + ["--journal", repo], runs=1, env=env, codes=(0, 1))
                    name = "journal " + " ".join(command[:2] if command[0] == "publish" else command)
                    row(size, name.replace(site, "DIR"), result)
                    checks.append(("%s peak < 100 MiB" % name.replace(site, "DIR"), result[1], 100, "MiB"))

                # First push of the whole journal to an empty repository over git://.
                def fresh(name):
                    path = os.path.join(remotes, name)
                    shutil.rmtree(path, ignore_errors=True)
                    subprocess.run(["git", "init", "-q", "--bare", path], env=env, check=True)
                url = "git://127.0.0.1:%d/" % port
                subprocess.run([JOURNAL, "remote", "add", url + "journal.git", "--journal", repo], env=env, check=True, stdout=subprocess.DEVNULL)
                sync = measure([JOURNAL, "sync", "--journal", repo], before=lambda: fresh("journal.git"), runs=min(RUNS, 3), env=env)
                push = measure(["git", "-C", twin, "push", "-q", url + "git.git", "main"], before=lambda: fresh("git.git"),
                               runs=min(RUNS, 3), env=env)
                row(size, "git push (first push, git://)", push)
                row(size, "journal sync (first push, git://)", sync, sync[0] / push[0], "git push")
                checks.append(("journal sync first push <= 1.5x git push", sync[0] / push[0], 1.5, "x"))
                checks.append(("journal sync peak < 100 MiB", sync[1], 100, "MiB"))

                # journal sync of one new entry with the remote up to date, against git push of one
                # commit; each on its own copy of the journal (and of its remote) from the first push.
                def copy(source, target):
                    shutil.rmtree(target, ignore_errors=True)
                    subprocess.run(["cp", "-a", source, target], check=True)
                one, one_twin = repo + "-one", twin + "-one"
                copy(repo, one)
                copy(twin, one_twin)
                copy(os.path.join(remotes, "journal.git"), os.path.join(remotes, "one.git"))
                copy(os.path.join(remotes, "git.git"), os.path.join(remotes, "git-one.git"))
                subprocess.run([JOURNAL, "remote", "set-url", "origin", url + "one.git", "--journal", one], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                subprocess.run(["git", "-C", one, "fetch", "-q", "origin"], env=env, check=True)
                counter = iter(range(1000))
                one_day = os.path.join(one_twin, "entries", "2026", "11", "2026-11-29.md")
                sync_one = measure([JOURNAL, "sync", "--journal", one], runs=min(RUNS, 3), env=env,
                                   before=lambda: subprocess.run([JOURNAL, "add", "Synced entry %d" % next(counter), "--hours", "1",
                                                                  "--journal", one], env=env, check=True, stdout=subprocess.DEVNULL))
                push_one = measure(["git", "-C", one_twin, "push", "-q", url + "git-one.git", "main"], runs=min(RUNS, 3), env=env,
                                   before=lambda: subprocess.run("printf '\\n## Pushed %d\\n' >> %s && git -C %s commit -q -am 'Pushed'"
                                                                 % (next(counter), one_day, one_twin), shell=True, env=env, check=True))
                row(size, "git push (one commit, git://)", push_one)
                row(size, "journal sync (one new entry, remote up to date)", sync_one, sync_one[0] / push_one[0], "git push")
                checks.append(("journal sync of one entry <= 0.5x git push", sync_one[0] / push_one[0], 0.5, "x"))
                checks.append(("journal sync of one entry peak < 100 MiB", sync_one[1], 100, "MiB"))

                # A sync that merges: the remote has one commit this journal lacks, and the journal one the remote lacks.
                base, other = repo + "-merge-base", repo + "-other"
                copy(one, base)
                copy(one, other)
                copy(os.path.join(remotes, "one.git"), os.path.join(remotes, "merge.git"))
                for journal in (base, other):
                    subprocess.run([JOURNAL, "remote", "set-url", "origin", url + "merge.git", "--journal", journal], env=env,
                                   check=True, stdout=subprocess.DEVNULL)
                subprocess.run([JOURNAL, "add", "From the other machine", "--hours", "1", "--journal", other], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                subprocess.run([JOURNAL, "sync", "--journal", other], env=env, check=True, stdout=subprocess.DEVNULL)
                theirs = subprocess.run(["git", "-C", other, "rev-parse", "HEAD"], env=env, check=True, capture_output=True,
                                        text=True).stdout.strip()
                merging = repo + "-merging"

                def diverge():
                    subprocess.run(["git", "-C", os.path.join(remotes, "merge.git"), "update-ref", "refs/heads/main", theirs],
                                   env=env, check=True)
                    copy(base, merging)
                    subprocess.run([JOURNAL, "add", "On this machine", "--hours", "1", "--journal", merging], env=env, check=True,
                                   stdout=subprocess.DEVNULL)
                merge = measure([JOURNAL, "sync", "--journal", merging], before=diverge, runs=min(RUNS, 3), env=env)
                row(size, "journal sync (merge: one commit each side)", merge)
                checks.append(("journal sync that merges peak < 100 MiB", merge[1], 100, "MiB"))
                checks.append(("journal import peak < 100 MiB", imported[1], 100, "MiB"))

                # A report right after a journal sync that fetched one commit another machine pushed:
                # the cache reads that commit only. Each run: the other clone adds and pushes (untimed),
                # this journal syncs (untimed), then one timed streak.
                other = os.path.join(folder, "other-%d" % size)
                subprocess.run(["git", "clone", "-q", os.path.join(remotes, "journal.git"), other], env=env, check=True)
                after_sync = []
                for n in range(min(RUNS, 3)):
                    subprocess.run([JOURNAL, "add", "From the other machine %d" % n, "--hours", "1", "--journal", other],
                                   env=env, check=True, stdout=subprocess.DEVNULL)
                    subprocess.run(["git", "-C", other, "push", "-q", "origin", "HEAD:main"], env=env, check=True)
                    subprocess.run([JOURNAL, "sync", "--journal", repo], env=env, check=True, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
                    after_sync.append(measure([JOURNAL, "streak", "--json", "--journal", repo], runs=1, env=env))
                after_sync = (statistics.median(t for t, _ in after_sync), max(p for _, p in after_sync))
                row(size, "journal streak --json (right after a sync that fetched one commit)", after_sync,
                    after_sync[0] / gitlog[0], "git log")
                checks.append(("streak right after a sync of one commit <= 0.1x git log", after_sync[0] / gitlog[0], 0.1, "x"))
                checks.append(("streak right after a sync of one commit peak < 100 MiB", after_sync[1], 100, "MiB"))
            print("   done", file=sys.stderr)
    finally:
        daemon.terminate()
        daemon.wait()
        shutil.rmtree(folder, ignore_errors=True)
    write_report(rows, checks)


def jrnl_version():
    out = subprocess.run([JRNL, "--version"], capture_output=True, text=True).stdout
    return out.split()[1] if len(out.split()) > 1 else "?"


def write_report(rows, checks):
    verdicts = ["| target (%d entries) | measured | limit | |" % LARGEST, "|---|---:|---:|---|"]
    for check in checks:
        name, value, limit, unit = check[:4]
        ok = value >= limit if len(check) > 4 and check[4] == "min" else value <= limit
        verdicts.append("| %s | %.3f %s | %g %s | %s |" % (name, value, unit, limit, unit, "met" if ok else "**missed**"))
    lines = ["| entries | command | median s | peak MiB | ratio | against |", "|---:|---|---:|---:|---:|---|"]
    for size, name, (seconds, peak), ratio, against in rows:
        lines.append("| %d | `%s` | %.3f | %.1f | %s | %s |" % (size, name, seconds, peak, "%.3f" % ratio if ratio is not None else "", against))
    machine = "%s, %d cores, Python %s, %s" % (platform.platform(), os.cpu_count(), platform.python_version(),
                                             subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip())
    text = "\n".join([
        "# Benchmarks", "",
        "Written by `scripts/bench` (medians of %d runs unless said; peak memory is the largest max RSS from" % RUNS,
        "`/usr/bin/time`). Cold runs delete `.git/journal/` first; warm runs read it. The journals are synthetic",
        "(about 3 entries a day up to 2026-11-29, with hours and tags), written as jrnl's own journal file and as",
        "its JSON export, and brought into journal with `journal import`. jrnl is the real one from PyPI, in a",
        "virtual environment. The sync is a first push to an empty repository served by `git daemon` on 127.0.0.1.",
        "The completion row runs what a shell runs on `journal add --tag <TAB>` (`journal ---completion add -- --tag ...`).", "",
        "Machine: " + machine, "",
        "## Targets", ""] + verdicts + ["", "## All runs", ""] + lines + [""])
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
