#!/usr/bin/env python3
"""Writes a git fast-import stream of a synthetic journal: N entries, about 3 a day, each one
commit of the commit protocol (Entry-Id, Entry-Date, Hours, Tags, sometimes Paper and Shipped)
appending a section to its day file. Deterministic for a given N and seed.

usage: synthetic-journal.py N [--seed S] | git -C REPO fast-import --quiet
"""
import random
import sys
import datetime

def main():
    count = int(sys.argv[1])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rng = random.Random(seed)
    out = sys.stdout.buffer
    days = (count + 2) // 3
    end = datetime.date(2026, 11, 29)
    start = end - datetime.timedelta(days=days - 1)
    tags = ["rag", "llm", "lora", "evals", "transformers", "papers", "python", "pytorch", "inference", "writing"]
    config = b"[goal]\n\tweekly-hours = 10\n[day]\n\tstarts-at = 00:00\n"
    attributes = b"entries/** merge=union\n"
    ignore = b".journal/drafts/\n"
    epoch = int(datetime.datetime(start.year, start.month, start.day, 7, 0, tzinfo=datetime.timezone.utc).timestamp())

    def blob_inline(path, data):
        out.write(b"M 100644 inline " + path.encode() + b"\ndata %d\n" % len(data) + data + b"\n")

    def commit(message, when, files):
        msg = message.encode()
        out.write(b"commit refs/heads/main\n")
        out.write(b"author Bench <bench@example.org> %d +0000\n" % when)
        out.write(b"committer Bench <bench@example.org> %d +0000\n" % when)
        out.write(b"data %d\n" % len(msg) + msg + b"\n")
        for path, data in files:
            blob_inline(path, data)
        out.write(b"\n")

    commit("Start a learning journal\n", epoch - 3600,
           [(".journal/config", config), (".gitattributes", attributes), (".gitignore", ignore)])
    written = 0
    day_text = {}
    ulid_chars = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    for d in range(days):
        date = start + datetime.timedelta(days=d)
        path = "entries/%04d/%02d/%s.md" % (date.year, date.month, date.isoformat())
        text = day_text.get(path, "# %s\n" % date.isoformat())
        for k in range(3):
            if written >= count:
                break
            written += 1
            hours = rng.choice([0.5, 0.75, 1, 1.25, 1.5, 2, 2.5])
            chosen = rng.sample(tags, rng.randint(1, 2))
            title = "Entry %d: work on %s" % (written, chosen[0])
            when = epoch + d * 86400 + k * 3600 * 4
            entry_id = "".join(rng.choice(ulid_chars) for _ in range(26))
            trailers = ["Entry-Id: " + entry_id, "Entry-Date: " + date.isoformat(), "Hours: %g" % hours,
                        "Tags: " + ", ".join(chosen)]
            if rng.random() < 0.05:
                trailers.append("Paper: Paper %d <https://arxiv.org/abs/%04d.%05d>" % (written, rng.randint(1000, 2999), written % 100000))
            if rng.random() < 0.01:
                trailers.append("Shipped: Post %d <https://example.org/posts/%d>" % (written, written))
            body = "Notes on what I tried and what broke (%d)." % written
            message = "%s\n\n%s\n\n%s\n" % (title, body, "\n".join(trailers))
            text += "\n## %s\n%02d:00 · %g h\n\n%s\n" % (title, 7 + k * 4, hours, body)
            commit(message, when, [(path, text.encode())])
        day_text[path] = text
        if len(day_text) > 64:
            day_text.pop(next(iter(day_text)))
    out.write(b"done\n")

if __name__ == "__main__":
    main()
