import Foundation
import XCTest

/// `scripts/install` and `scripts/package-deb` from a release build staged once by `scripts/test`
/// (`release_stage` in scripts/lib/release.sh, handed over as `JOURNAL_TEST_RELEASE_STAGE`): the
/// tests never run `swift build` themselves, which would wait on the build folder `swift test` holds.
final class InstallTests: JournalTestCase {
    /// The repository's root: this file is Tests/EndToEndTests/InstallTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func stage() throws -> String {
        let env = ProcessInfo.processInfo.environment
        guard let stage = env["JOURNAL_TEST_RELEASE_STAGE"], FileManager.default.isExecutableFile(atPath: stage + "/journal") else {
            if env["CI"] == "true" { XCTFail("JOURNAL_TEST_RELEASE_STAGE is not set: scripts/test stages a release build") }
            throw XCTSkip("no staged release build (scripts/test sets JOURNAL_TEST_RELEASE_STAGE)")
        }
        return stage
    }

    func script(_ name: String, _ args: [String], env: [String: String] = [:]) throws -> ProcessOutput {
        try runProcess("/bin/bash", [Self.root.appendingPathComponent("scripts/\(name)").path] + args, env: env)
    }

    /// Every file and folder under `dir`, relative, with each file's bytes' hash.
    func tree(_ dir: URL) throws -> [String] {
        let out = try runProcess(
            "/bin/sh",
            [
                "-c",
                "cd \"$1\" && find . -print | sort | while read -r p; do if [ -f \"$p\" ]; then echo \"$p $(md5sum <\"$p\" | cut -c1-32)\"; else echo \"$p\"; fi; done",
                "sh", dir.path,
            ])
        XCTAssertEqual(out.status, 0, out.stderr)
        return out.stdout.split(separator: "\n").map(String.init)
    }

    static let installed = [
        "bin/journal", "share/man/man1/journal.1", "share/bash-completion/completions/journal",
        "share/zsh/site-functions/_journal", "share/fish/vendor_completions.d/journal.fish",
    ]

    func testInstallPutsEachFileWhereItsShellReadsItTwiceTheSameAndUninstallLeavesThePrefixAsBefore() throws {
        let stage = try stage()
        let prefix = path("prefix")
        // Someone else's files under the prefix, in folders the install also uses.
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("share/man/man1"), withIntermediateDirectories: true)
        try "other\n".write(to: prefix.appendingPathComponent("share/man/man1/other.1"), atomically: true, encoding: .utf8)
        let before = try tree(prefix)

        let first = try script("install", ["--prefix", prefix.path, "--from", stage])
        XCTAssertEqual(first.status, 0, first.stderr)
        for file in Self.installed {
            XCTAssertTrue(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path), "\(file) is installed")
            XCTAssertTrue(first.stdout.contains(prefix.appendingPathComponent(file).path), "it says where \(file) went: \(first.stdout)")
        }
        XCTAssertTrue(first.stdout.contains("\(prefix.path)/bin is not on PATH"), first.stdout)
        let afterFirst = try tree(prefix)

        let second = try script("install", ["--prefix", prefix.path, "--from", stage])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try tree(prefix), afterFirst, "a second install changes nothing")
        let onPath = try script(
            "install", ["--prefix", prefix.path, "--from", stage], env: ["PATH": "\(prefix.path)/bin:/usr/bin:/bin"])
        XCTAssertTrue(onPath.stdout.contains("\(prefix.path)/bin is on PATH"), onPath.stdout)

        // The version and the commit it was built from.
        let version = try run(["--version"], binary: prefix.appendingPathComponent("bin/journal").path)
        let number = try String(contentsOf: Self.root.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(
            version.stdout.range(
                of: "^\(NSRegularExpression.escapedPattern(for: number)) \\(([0-9a-f]{7,}|unknown)\\)\n$", options: .regularExpression),
            version.stdout)

        // man renders the page, every subcommand in it.
        let man = try runProcess(
            "/bin/sh", ["-c", "man -l \"$1\"", "sh", prefix.appendingPathComponent("share/man/man1/journal.1").path],
            env: ["MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "100"])
        XCTAssertEqual(man.status, 0, man.stderr)
        for section in ["NAME", "SYNOPSIS", "learning journal in git"] { XCTAssertTrue(man.stdout.contains(section), man.stdout) }
        for command in ["add", "sync", "config", "import", "heatmap"] {
            XCTAssertNotNil(man.stdout.range(of: "\\n +\(command)( +[A-Z]|\\n)", options: .regularExpression), "man lists \(command)")
        }

        // bash reads the completion file.
        let bash = try runProcess(
            "/bin/bash",
            [
                "-c", "source \"$1\" && complete -p journal", "bash",
                prefix.appendingPathComponent("share/bash-completion/completions/journal").path,
            ])
        XCTAssertEqual(bash.status, 0, bash.stderr)
        XCTAssertTrue(bash.stdout.hasPrefix("complete ") && bash.stdout.hasSuffix(" journal\n"), bash.stdout)

        let removed = try script("install", ["--prefix", prefix.path, "--uninstall"])
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertEqual(try tree(prefix), before, "uninstall removes what install put there, and nothing else")
        let again = try script("install", ["--prefix", prefix.path, "--uninstall"])
        XCTAssertNotEqual(again.status, 0, "nothing left to uninstall")
        XCTAssertEqual(again.stderr.split(separator: "\n").count, 1, again.stderr)
    }

    func testBashTagCompletionOffersTheJournalsTagsMostUsedFirst() throws {
        let stage = try stage()
        let prefix = path("prefix")
        let installed = try script("install", ["--prefix", prefix.path, "--from", stage])
        XCTAssertEqual(installed.status, 0, installed.stderr)
        let journal = try makeJournal()
        for (title, tags) in [("One", "rare,llm"), ("Two", "llm,papers"), ("Three", "llm"), ("Four", "papers")] {
            try journalOK(["add", title, "--hours", "1", "--tag", tags], in: journal)
        }
        // What bash does on `journal add --tag <TAB>` and on `journal add --tag p<TAB>`.
        let complete = """
            source "$1"
            COMP_WORDS=(journal add --tag "$2"); COMP_CWORD=3; COMP_LINE="journal add --tag $2"; COMP_POINT=${#COMP_LINE}
            _journal journal "$2" --tag
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let file = prefix.appendingPathComponent("share/bash-completion/completions/journal").path
        let env = ["PATH": "\(prefix.path)/bin:/usr/bin:/bin", "JOURNAL_DIR": journal.path]
        let all = try runProcess("/bin/bash", ["-c", complete, "bash", file, ""], env: env)
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertEqual(all.stdout, "llm\npapers\nrare\n")
        let typed = try runProcess("/bin/bash", ["-c", complete, "bash", file, "p"], env: env)
        XCTAssertEqual(typed.stdout, "papers\n")
        // --journal on the command line wins over $JOURNAL_DIR.
        let elsewhere = try runProcess(
            prefix.appendingPathComponent("bin/journal").path,
            ["---completion", "add", "--", "--tag", "5", "0", "journal", "--journal", journal.path, "add", "--tag", ""],
            env: ["JOURNAL_DIR": path("nothing").path])
        XCTAssertEqual(elsewhere.stdout, "llm\npapers\nrare\n", elsewhere.stderr)
        // Descriptions where the shell shows them: fish gets value TAB description.
        let keys = try runProcess(
            prefix.appendingPathComponent("bin/journal").path,
            ["---completion", "config", "get", "--", "positional@0", "3", "4", "journal", "config", "get", "goal"],
            env: ["SAP_SHELL": "fish"])
        XCTAssertEqual(
            keys.stdout.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) ?? "" },
            ["goal.weekly-hours", "goal.yearly-papers"], keys.stdout)
        XCTAssertTrue(keys.stdout.contains("\thours a week to aim for"), keys.stdout)
    }

    func testDebianPackageRunsFromAFolderWithoutTheSwiftToolchain() throws {
        let stage = try stage()
        let built = try script("package-deb", ["--from", stage, "--out", path("deb").path])
        XCTAssertEqual(built.status, 0, built.stderr)
        let deb = built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(deb.hasSuffix("_amd64.deb") && deb.contains("/journal_"), deb)
        let info = try runProcess("/usr/bin/dpkg-deb", ["-f", deb, "Package", "Version", "Depends"])
        XCTAssertTrue(info.stdout.contains("Package: journal"), info.stdout)
        XCTAssertNotNil(info.stdout.range(of: "Depends: .*libgit2-1\\.[0-9]+", options: .regularExpression), info.stdout)

        let root = path("root")
        let extracted = try runProcess("/usr/bin/dpkg", ["-x", deb, root.path])
        XCTAssertEqual(extracted.status, 0, extracted.stderr)
        for file in [
            "usr/bin/journal", "usr/share/man/man1/journal.1.gz", "usr/share/bash-completion/completions/journal",
            "usr/share/zsh/vendor-completions/_journal", "usr/share/fish/vendor_completions.d/journal.fish",
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file) is in the package")
        }
        let binary = root.appendingPathComponent("usr/bin/journal").path
        let needed = try runProcess("/usr/bin/readelf", ["-d", binary])
        XCTAssertFalse(needed.stdout.lowercased().contains("libswift"), "the Swift runtime is linked in: \(needed.stdout)")
        XCTAssertFalse(needed.stdout.contains("libFoundation"), needed.stdout)

        // No toolchain on PATH, no library path into it.
        let bare = ["PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": ""]
        let version = try run(["--version"], env: bare, binary: binary)
        XCTAssertEqual(version.status, 0, version.stderr)
        XCTAssertTrue(version.stdout.hasPrefix(deb.split(separator: "_")[1] + " ("), version.stdout)
        let demo = try run(["demo"], env: bare, binary: binary)
        XCTAssertEqual(demo.status, 0, demo.stderr)
        XCTAssertTrue(demo.stdout.contains("entries on"), demo.stdout)

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/lintian") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("lintian is not installed: scripts/test installs it") }
            return
        }
        let lintian = try runProcess("/usr/bin/lintian", [deb])
        let errors = (lintian.stdout + lintian.stderr).split(separator: "\n").filter { $0.hasPrefix("E:") }
        XCTAssertEqual(errors, [], lintian.stdout)
    }
}
