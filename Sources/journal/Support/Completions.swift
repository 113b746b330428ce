import ArgumentParser
import Foundation
import JournalKit

/// Completions that know the journal. The shell scripts argument-parser generates run
/// `journal ---completion SUBCOMMAND -- OPTION WORDS...`; these closures answer from the history
/// cache of the journal the command line names (`--journal`, else `$JOURNAL_DIR`, else
/// `~/journal`). Any failure answers nothing: a completion never prints an error.
enum Completions {
    /// `journal add --tag`: tags already used, most used first.
    static let tags = CompletionKind.custom { words, _, prefix in
        answer(words) { journal in try journal.tagsByUse().map { Choice($0) } }
            .matching(prefix)
    }

    /// `journal sync --remote`: the journal's remotes, with their URLs.
    static let remotes = CompletionKind.custom { words, _, prefix in
        answer(words) { journal in try journal.remotes().map { Choice($0.name, $0.url) } }
            .matching(prefix)
    }

    /// `journal config get|unset`: the known keys, with what each means.
    static let settingKeys = CompletionKind.custom { _, _, prefix in
        SettingKey.all.map { Choice($0.name, $0.summary) }.matching(prefix)
    }

    /// Entry ids for a command that takes one (`amend`, `delete`): the short ids of the newest
    /// 20 entries, newest first, with their day and title where the shell shows descriptions.
    /// Use it as `@Argument(completion: Completions.entryIDs) var entry: String`.
    static let entryIDs = CompletionKind.custom { words, _, prefix in
        answer(words) { journal in
            try journal.recentEntries(limit: 20).map { Choice($0.shortID, "\($0.date.iso) \($0.title)") }
        }
        .matching(prefix)
    }

    struct Choice {
        let value: String
        let description: String?

        init(_ value: String, _ description: String? = nil) {
            self.value = value
            self.description = description
        }

        /// One line as the requesting shell reads it: zsh `_describe` takes `value:description`
        /// (colons in the value escaped), fish `value<TAB>description`, bash only the value.
        var line: String {
            let description = self.description.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? ""
            switch CompletionShell.requesting {
            case .zsh?:
                let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
                return description.isEmpty ? escaped : "\(escaped):\(description)"
            case .fish?:
                return description.isEmpty ? value : "\(value)\t\(description)"
            default:
                return value
            }
        }
    }

    /// The journal the completed command line names, opened, and `body`'s choices; none on failure.
    static func answer(_ words: [String], _ body: (Journal) throws -> [Choice]) -> [Choice] {
        let location = Journal.location(option: journalOption(in: words), environment: ProcessInfo.processInfo.environment)
        guard let journal = try? Journal.open(at: location), let choices = try? body(journal) else { return [] }
        return choices
    }

    /// The value of the last `--journal PATH` or `--journal=PATH` among `words`.
    static func journalOption(in words: [String]) -> String? {
        var found: String?
        for (index, word) in words.enumerated() {
            if word == "--journal", index + 1 < words.count {
                found = words[index + 1]
            } else if word.hasPrefix("--journal=") {
                found = String(word.dropFirst("--journal=".count))
            }
        }
        return found.map { ($0 as NSString).expandingTildeInPath }
    }
}

extension Array where Element == Completions.Choice {
    /// The choices whose value starts with what is typed, as lines for the shell, order kept.
    func matching(_ prefix: String) -> [String] {
        filter { $0.value.hasPrefix(prefix) }.map(\.line)
    }
}
