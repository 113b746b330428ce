import ArgumentParser
import Foundation
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

    /// The terminal's width: $COLUMNS, else what the terminal on stdout says, else 80.
    static var terminalColumns: Int {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    static var style: TerminalStyle { TerminalStyle.detect(isTerminal: stdoutIsTerminal, environment: environment) }

    /// This terminal, as the library's flows see it.
    static var console: Console {
        Console(
            clock: clock, environment: environment, stdinIsTerminal: stdinIsTerminal,
            readStandardInput: readStandardInput, edit: edit)
    }

    static func print(_ text: String) {
        write(text, to: .standardOutput)
    }

    static func printError(_ text: String) {
        write(text.hasSuffix("\n") ? text : text + "\n", to: .standardError)
    }

    /// Writes without trapping: a closed pipe or a full disk is not worth a crash report.
    static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }

    static func write(_ bytes: [UInt8], to handle: FileHandle) {
        try? handle.write(contentsOf: bytes)
    }

    /// Runs a command body, which returns the journal it opened (if any); a failure becomes one
    /// line on stderr and a non-zero exit. After a success, drafts left in the journal by
    /// interrupted commands are pointed out, and a command that `writes` says on a last line of
    /// stdout which journal it wrote to when that is not ~/journal (commands printing JSON pass
    /// false, so their output stays one JSON document).
    static func run(mentionDrafts: Bool = true, writes: Bool = false, _ body: () throws -> Journal?) throws {
        do {
            let opened = try body()
            if writes, let journal = opened, let note = journal.wroteNote(environment: environment) {
                print(note + "\n")
            }
            if mentionDrafts, let journal = opened {
                let drafts = journal.recoverableDrafts()
                if !drafts.isEmpty {
                    let what = drafts.count == 1 ? "1 entry was" : "\(drafts.count) entries were"
                    printError("journal: \(what) left in .journal/drafts/ by an interrupted command; journal recover commits them")
                }
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            let failure = JournalError.describing(error)
            printError("journal: \(failure.description)")
            throw ExitCode(failure.exitCode)
        }
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

    /// The text of a file the user named, or of standard input for `-`.
    static func readText(from path: String) throws -> String {
        if path == "-" { return readStandardInput() }
        let full = Journal.location(option: path, environment: environment)
        guard let data = FileManager.default.contents(atPath: full) else {
            throw JournalError.badInput("cannot read \(full)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads all of standard input as UTF-8 text.
    static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }

    /// A redrawn one-line progress on stderr, only when stderr is a terminal.
    static func progress(_ label: String) -> (Int, Int) -> Void {
        guard stderrIsTerminal else { return { _, _ in } }
        return { done, total in
            write("\r\(label) \(done)/\(total)", to: .standardError)
            if done == total { write("\r\u{1B}[K", to: .standardError) }
        }
    }

    /// One redrawn line on stderr, only on a terminal: objects and bytes received or sent.
    static func transferProgress() -> ((SyncProgress) -> Void)? {
        guard stderrIsTerminal else { return nil }
        return { progress in
            let verb: String
            switch progress.phase {
            case .receiving: verb = "Receiving objects"
            case .resolving: verb = "Resolving deltas"
            case .pushing: verb = "Sending objects"
            }
            let megabytes = String(format: "%.1f MiB", Double(progress.bytes) / 1_048_576)
            write("\r\u{1B}[K\(verb) \(progress.current)/\(progress.total), \(megabytes)", to: .standardError)
        }
    }

    static func endProgress() {
        if stderrIsTerminal { write("\r\u{1B}[K", to: .standardError) }
    }
}
