import Foundation
internal import GitKit

/// Who commits: the author and committer names, from git's environment variables or config.
public struct Authorship: Sendable, Equatable {
    public var authorName: String
    public var authorEmail: String
    public var committerName: String
    public var committerEmail: String

    public init(name: String, email: String) {
        authorName = name
        authorEmail = email
        committerName = name
        committerEmail = email
    }

    /// `GIT_AUTHOR_*` / `GIT_COMMITTER_*` first, then `user.name` / `user.email` from `config`.
    static func resolve(environment: [String: String], config: ConfigSnapshot) throws -> Authorship {
        func value(_ env: String, _ key: String) throws -> String? {
            if let v = environment[env]?.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v }
            if let v = try config.string(key)?.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v }
            return nil
        }
        guard let name = try value("GIT_AUTHOR_NAME", "user.name") else {
            throw JournalError.failed("no author name: set one with git config --global user.name \"Your Name\"")
        }
        guard let email = try value("GIT_AUTHOR_EMAIL", "user.email") else {
            throw JournalError.failed("no author email: set one with git config --global user.email you@example.org")
        }
        var result = Authorship(name: name, email: email)
        result.committerName = try value("GIT_COMMITTER_NAME", "user.name") ?? name
        result.committerEmail = try value("GIT_COMMITTER_EMAIL", "user.email") ?? email
        return result
    }
}
