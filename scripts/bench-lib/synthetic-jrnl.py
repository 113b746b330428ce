#!/usr/bin/env python3
"""Writes the same synthetic learning journal twice: as jrnl's own journal file (what `jrnl --tags`
reads) and as jrnl's `--export json` (what `journal import --from jrnl` reads). N entries, about 3
a day up to 2026-11-29, each with hours (an `Hours:` line) and one or two tags. Deterministic.

    synthetic-jrnl.py N JOURNAL.txt EXPORT.json
"""
import datetime
import json
import random
import sys


def main():
    count, text_path, json_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(20261129)
    days = (count + 2) // 3
    end = datetime.date(2026, 11, 29)
    start = end - datetime.timedelta(days=days - 1)
    topics = ["rag", "llm", "lora", "evals", "transformers", "papers", "python", "pytorch", "inference", "writing"]
    entries = []
    tag_counts = {}
    written = 0
    with open(text_path, "w") as text:
        for d in range(days):
            date = start + datetime.timedelta(days=d)
            for k in range(3):
                if written >= count:
                    break
                written += 1
                hours = rng.choice(["0.5", "0.75", "1", "1.25", "1.5", "2", "2.5"])
                chosen = ["@" + t for t in rng.sample(topics, rng.randint(1, 2))]
                title = "Entry %d: worked on %s." % (written, chosen[0][1:])
                body = "Notes on what I tried and what broke, with %s.\nHours: %s" % (" and ".join(chosen), hours)
                time = "%02d:%02d" % (7 + k * 5, rng.randint(0, 59))
                text.write("[%s %s] %s\n%s\n\n" % (date.isoformat(), time, title, body))
                entries.append({"title": title, "body": body, "date": date.isoformat(), "time": time,
                                "tags": chosen, "starred": False})
                for tag in chosen:
                    tag_counts[tag] = tag_counts.get(tag, 0) + 1
    with open(json_path, "w") as export:
        json.dump({"tags": tag_counts, "entries": entries}, export)


if __name__ == "__main__":
    main()
