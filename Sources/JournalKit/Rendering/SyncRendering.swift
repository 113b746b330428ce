import Foundation

/// What `sync`, `remote`, `init` and `clone` print.
public enum SyncRendering {
    public static func json(_ report: SyncReport) throws -> String {
        struct Row: Encodable {
            let remote: String?, url: String?, hand_edits: [String], entry_changes: [String], received: Int, sent: Int
            let integration: String, unioned: [String], left_alone: [String], retries: Int, settings: [String]

            enum CodingKeys: String, CodingKey {
                case remote, url, hand_edits, entry_changes, received, sent, integration, unioned, left_alone, retries, settings
            }

            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(remote, forKey: .remote)  // null when the journal has no remote
                try c.encode(url, forKey: .url)
                try c.encode(hand_edits, forKey: .hand_edits)
                try c.encode(entry_changes, forKey: .entry_changes)
                try c.encode(received, forKey: .received)
                try c.encode(sent, forKey: .sent)
                try c.encode(integration, forKey: .integration)
                try c.encode(unioned, forKey: .unioned)
                try c.encode(left_alone, forKey: .left_alone)
                try c.encode(retries, forKey: .retries)
                try c.encode(settings, forKey: .settings)
            }
        }
        return try JSONOutput.encode(
            Row(
                remote: report.noRemote ? nil : report.remote, url: report.noRemote ? nil : report.url, hand_edits: report.handEdits,
                entry_changes: report.entryChanges, received: report.received, sent: report.sent,
                integration: report.integration.rawValue, unioned: report.unioned, left_alone: report.leftAlone, retries: report.retries,
                settings: report.settings))
    }

    public static func text(_ report: SyncReport) -> String {
        var lines: [String] = []
        if !report.handEdits.isEmpty { lines.append("Committed hand edits of \(report.handEdits.joined(separator: ", "))") }
        lines += report.entryChanges.map { "  \($0)" }
        if report.noRemote {
            if report.handEdits.isEmpty { lines.append("Nothing to commit") }
            lines.append("No remote to send to; add one with journal remote add URL")
            return lines.joined(separator: "\n") + "\n"
        }
        switch report.integration {
        case .none: break
        case .fastForward: lines.append("Received \(plural(report.received, "commit")) from \(report.remote)")
        case .merge:
            var line = "Merged \(plural(report.received, "commit")) from \(report.remote)"
            if !report.unioned.isEmpty { line += ", keeping both sides' lines in \(report.unioned.joined(separator: ", "))" }
            lines.append(line)
        }
        lines += report.settings.map { "Settings changed on both machines: \($0)" }
        if report.sent > 0 { lines.append("Sent \(plural(report.sent, "commit")) to \(report.remote)") }
        if report.integration == .none && report.sent == 0 { lines.append("Up to date with \(report.remote)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What stderr says after a sync: files it did not overwrite.
    public static func notes(_ report: SyncReport) -> [String] {
        report.leftAlone.map {
            "left \($0) as you changed it (a deletion or a file outside entries/ is not committed by sync); git checkout -- \($0) gives the synced version"
        }
    }

    /// `journal remote list`.
    public static func json(_ remotes: [Remote]) throws -> String {
        try JSONOutput.encode(remotes.map { ["name": $0.name, "url": RemoteURL.redact($0.url)] })
    }

    public static func text(_ remotes: [Remote]) -> String {
        guard !remotes.isEmpty else { return "No remotes; add one with journal remote add URL\n" }
        return remotes.map { "\($0.name)\t\(RemoteURL.redact($0.url))\n" }.joined()
    }

    /// `journal remote add`.
    public static func added(_ remote: Remote, json: Bool) throws -> String {
        if json { return try JSONOutput.encode(["name": remote.name, "url": RemoteURL.redact(remote.url)]) }
        let sync = remote.name == "origin" ? "journal sync" : "journal sync --remote \(remote.name)"
        return "Added remote \(remote.name): \(RemoteURL.redact(remote.url))\nSend the journal there with: \(sync)\n"
    }

    /// `journal init`: where the journal is, and the remote it was pushed to.
    public static func initialized(_ journal: Journal, firstSync: SyncReport?, json: Bool) throws -> String {
        if json {
            var row = ["journal": journal.root]
            if let firstSync { row["remote"] = firstSync.url }
            return try JSONOutput.encode(row)
        }
        var out = "Created a journal at \(journal.root)\nWrite the first entry: journal add \"What I worked on\" --hours 1\n"
        if let firstSync { out += "Pushed it to \(RemoteURL.redact(firstSync.url)); journal sync keeps it there\n" }
        return out
    }

    /// `journal clone`.
    public static func cloned(_ journal: Journal, url: String, json: Bool) throws -> String {
        if json { return try JSONOutput.encode(["journal": journal.root, "url": RemoteURL.redact(url)]) }
        return "Cloned \(RemoteURL.redact(url)) into \(journal.root)\nSee where you stand: journal status --journal \(journal.root)\n"
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
