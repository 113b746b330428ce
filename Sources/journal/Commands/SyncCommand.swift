import ArgumentParser
import Foundation
import GitKit
import JournalKit

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Commit day files edited by hand, fetch, merge and push.",
        discussion: """
        Day files from two machines merge by keeping both sides' lines; a push refused because the \
        remote moved is fetched, merged and retried. Nothing is ever force-pushed. When the remote \
        cannot be reached, every entry stays committed here and the next sync sends it. \
        Credentials: ssh-agent or sync.ssh-key (JOURNAL_SSH_PASSPHRASE) for SSH; JOURNAL_GIT_TOKEN \
        or git's credential helper for HTTPS. Example: journal sync
        """
    )

    @Option(help: "The remote to sync with (default: origin, or the only remote).")
    var remote: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let report = try CLI.sync(journal, remote: remote)
            if output.json {
                struct Row: Encodable {
                    let remote: String; let url: String; let hand_edits: [String]; let received: Int; let sent: Int
                    let integration: String; let unioned: [String]; let left_alone: [String]; let retries: Int
                }
                CLI.print(try JSONOutput.encode(Row(
                    remote: report.remote, url: report.url, hand_edits: report.handEdits, received: report.received,
                    sent: report.sent, integration: report.integration.rawValue, unioned: report.unioned,
                    left_alone: report.leftAlone, retries: report.retries)))
                return
            }
            CLI.print(SyncCommand.describe(report))
            for path in report.leftAlone {
                CLI.printError("journal: left \(path) as you edited it; commit or discard that change")
            }
        }
    }

    static func describe(_ report: SyncReport) -> String {
        var lines: [String] = []
        if !report.handEdits.isEmpty { lines.append("Committed hand edits of \(report.handEdits.joined(separator: ", "))") }
        switch report.integration {
        case .none: break
        case .fastForward: lines.append("Received \(plural(report.received, "commit")) from \(report.remote)")
        case .merge:
            var line = "Merged \(plural(report.received, "commit")) from \(report.remote)"
            if !report.unioned.isEmpty { line += ", keeping both sides' lines in \(report.unioned.joined(separator: ", "))" }
            lines.append(line)
        }
        if report.sent > 0 { lines.append("Sent \(plural(report.sent, "commit")) to \(report.remote)") }
        if report.integration == .none && report.sent == 0 { lines.append("Up to date with \(report.remote)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}

extension CLI {
    /// Syncs `journal` with its default remote (or `remote`), showing progress on a terminal.
    static func sync(_ journal: Journal, remote: String? = nil) throws -> SyncReport {
        var sync = Sync(journal: journal, writer: try writer(for: journal), clock: clock, environment: environment)
        sync.progress = transferProgress()
        defer { endProgress() }
        return try sync.run(remote: remote)
    }

    /// One redrawn line on stderr, only on a terminal: objects and bytes received or sent.
    static func transferProgress() -> ((TransferProgress) -> Void)? {
        guard stderrIsTerminal else { return nil }
        return { progress in
            let verb: String
            switch progress.phase {
            case .receiving: verb = "Receiving objects"
            case .resolving: verb = "Resolving deltas"
            case .pushing: verb = "Sending objects"
            }
            let megabytes = String(format: "%.1f MiB", Double(progress.bytes) / 1_048_576)
            FileHandle.standardError.write(Data("\r\u{1B}[K\(verb) \(progress.current)/\(progress.total), \(megabytes)".utf8))
        }
    }

    static func endProgress() {
        if stderrIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
