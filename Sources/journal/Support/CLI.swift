import ArgumentParser
import Foundation
import GitKit
import JournalKit
#if canImport(Glibc)
import Glibc
#endif

/// What the commands share: the environment, the clock, output, and how errors reach the user.
enum CLI {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Now from GIT_AUTHOR_DATE / GIT_COMMITTER_DATE when set (as git), else the system clock; a
    /// value git would refuse ends the command as bad input, before anything is written.
    static var clock: Clock {
        do { return try Clock.fromEnvironment(environment) } catch {
            printError("journal: \(error)")
            exit((error as? JournalError)?.exitCode ?? 1)
        }
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static var style: TerminalStyle { TerminalStyle.detect(isTerminal: stdoutIsTerminal, environment: environment) }

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// The journal the command opened, if any: after a command succeeds, drafts left in it by
    /// interrupted commands are pointed out.
    nonisolated(unsafe) static var opened: Journal?

    /// Runs a command body; a failure becomes one line on stderr and a non-zero exit.
    static func run(mentionDrafts: Bool = true, _ body: () throws -> Void) throws {
        do {
            try body()
            if mentionDrafts, let journal = opened {
                let drafts = journal.recoverableDrafts()
                if !drafts.isEmpty {
                    let what = drafts.count == 1 ? "1 entry was" : "\(drafts.count) entries were"
                    printError("journal: \(what) left in .journal/drafts/ by an interrupted command; journal recover commits them")
                }
            }
        } catch let error as JournalError {
            printError("journal: \(error.description)")
            throw ExitCode(error.exitCode)
        } catch let error as GitError {
            printError("journal: \(error.message)")
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        }
    }

    /// The writer for commits in `journal`, authored as git config (or GIT_AUTHOR_*) says.
    static func writer(for journal: Journal) throws -> CommitWriter {
        CommitWriter(journal: journal, authorship: try journal.authorship(environment: environment))
    }

    /// Opens `$VISUAL`, else `$EDITOR`, else vi, on `path`, and waits for it.
    static func edit(_ path: String) throws {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "journal-editor", path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw JournalError.failed("\(editor) exited with status \(process.terminationStatus)")
        }
    }

    /// Reads all of standard input as UTF-8 text.
    static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }

    /// A redrawn one-line progress on stderr, only when stderr is a terminal.
    static func progress(_ label: String) -> (Int, Int) -> Void {
        guard stderrIsTerminal else { return { _, _ in } }
        return { done, total in
            FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)".utf8))
            if done == total { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
