import Foundation

/// What a command's flow may use of the terminal it runs in: the clock, the environment,
/// standard input and an editor. The executable builds one; tests build their own.
public struct Console {
    public var clock: Clock
    public var environment: [String: String]
    public var stdinIsTerminal: Bool
    /// All of standard input as UTF-8 text.
    public var readStandardInput: () -> String
    /// Opens the user's editor on a file and waits for it.
    public var edit: (String) throws -> Void

    public init(
        clock: Clock, environment: [String: String], stdinIsTerminal: Bool, readStandardInput: @escaping () -> String,
        edit: @escaping (String) throws -> Void
    ) {
        self.clock = clock
        self.environment = environment
        self.stdinIsTerminal = stdinIsTerminal
        self.readStandardInput = readStandardInput
        self.edit = edit
    }

    /// Refuses to start an editor that cannot work: none named in `$VISUAL` or `$EDITOR` and no
    /// terminal for vi.
    public func requireEditor() throws {
        let named = [environment["VISUAL"], environment["EDITOR"]].contains { !($0 ?? "").isEmpty }
        guard named || stdinIsTerminal else {
            throw JournalError.badInput("no editor: $VISUAL and $EDITOR are unset and standard input is not a terminal for vi")
        }
    }

    /// A path as the user typed it: `~` expanded, relative to the current directory.
    public func path(_ typed: String) -> String {
        Journal.location(option: typed, environment: environment)
    }
}

extension Journal {
    /// The writer for commits in this journal, authored as `GIT_AUTHOR_*`, else git config, says.
    public func writer(environment: [String: String]) throws -> CommitWriter {
        CommitWriter(journal: self, authorship: try authorship(environment: environment))
    }
}
