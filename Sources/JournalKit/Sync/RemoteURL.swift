import Foundation

/// Where a journal syncs to: a local path, `file://`, `git://`, `http(s)://`, `ssh://` or
/// scp-style `user@host:path`, checked before it is stored.
public struct RemoteURL: Equatable, Sendable {
    public enum Transport: String, Sendable { case local, file, git, http, https, ssh }

    /// The URL as it is stored in `.git/config` (a local path made absolute).
    public let text: String
    public let transport: Transport
    public let user: String?
    public let host: String?
    public let port: Int?
    public let path: String

    /// Parses and checks `raw`; relative local paths are resolved against `directory`.
    public static func parse(_ raw: String, relativeTo directory: String = FileManager.default.currentDirectoryPath) throws -> RemoteURL {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !text.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw JournalError.badInput("remote URL \"\(raw)\" is empty or has a line break")
        }
        if let schemeEnd = text.range(of: "://") {
            return try parseWithScheme(
                text, scheme: text[..<schemeEnd.lowerBound].lowercased(), rest: String(text[schemeEnd.upperBound...]))
        }
        if let scp = parseScpStyle(text) { return scp }
        if text.contains("://") || text.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:", options: .regularExpression) != nil, !text.hasPrefix("/") {
            throw unsupported(raw)
        }
        let absolute = text.hasPrefix("/") ? text : (directory as NSString).appendingPathComponent(text)
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        return RemoteURL(text: standardized, transport: .local, user: nil, host: nil, port: nil, path: standardized)
    }

    private static func parseWithScheme(_ text: String, scheme: String, rest: String) throws -> RemoteURL {
        let transport: Transport
        switch scheme {
        case "file": transport = .file
        case "git": transport = .git
        case "http": transport = .http
        case "https": transport = .https
        case "ssh", "git+ssh", "ssh+git": transport = .ssh
        default: throw unsupported(text)
        }
        if transport == .file {
            guard rest.hasPrefix("/") else {
                throw JournalError.badInput("\(text): a file:// URL needs an absolute path, e.g. file:///srv/journal.git")
            }
            return RemoteURL(text: text, transport: .file, user: nil, host: nil, port: nil, path: rest)
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = String(rest[..<slash])
        let path = String(rest[slash...])
        var user: String?
        if let at = authority.lastIndex(of: "@") {
            let credentials = String(authority[..<at])
            if credentials.contains(":") {
                throw JournalError.badInput(
                    "\(redact(text)) has a password in it, which would be stored in .git/config; use a URL without it and put the token in JOURNAL_GIT_TOKEN"
                )
            }
            user = credentials.removingPercentEncoding ?? credentials
            // A decoded line break would smuggle fields into git's credential helper.
            guard user?.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) == false else {
                throw JournalError.badInput("\(redact(text)): the user name has a control character in it")
            }
            authority = String(authority[authority.index(after: at)...])
        }
        var host = authority
        var port: Int?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = try parsePort(String(after.dropFirst()), in: text) }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = try parsePort(String(authority[authority.index(after: colon)...]), in: text)
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || "-._:".contains($0) }) else {
            throw JournalError.badInput("\(redact(text)): \"\(host)\" is not a host name")
        }
        guard path.count > 1 else { throw JournalError.badInput("\(redact(text)) names no repository on \(host)") }
        return RemoteURL(text: text, transport: transport, user: user, host: host, port: port, path: path)
    }

    private static func parsePort(_ text: String, in url: String) throws -> Int? {
        if text.isEmpty { return nil }
        guard text.allSatisfy(\.isASCII), let port = Int(text), (1...65535).contains(port) else {
            throw JournalError.badInput("\(redact(url)): \"\(text)\" is not a port")
        }
        return port
    }

    /// `user@host:path` or `host:path`, as scp and git write SSH addresses.
    private static func parseScpStyle(_ text: String) -> RemoteURL? {
        guard let colon = text.firstIndex(of: ":"), !text.hasPrefix("/"), !text.hasPrefix("."),
            !text[..<colon].contains("/")
        else { return nil }
        var authority = String(text[..<colon])
        let path = String(text[text.index(after: colon)...])
        guard !path.isEmpty, !path.hasPrefix("//") else { return nil }
        var user: String?
        if let at = authority.lastIndex(of: "@") {
            user = String(authority[..<at])
            authority = String(authority[authority.index(after: at)...])
        }
        // "C:foo" and "name:" are not hosts: a host needs more than one letter, or a user before it.
        guard !authority.isEmpty, authority.count > 1 || user != nil,
            authority.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) })
        else { return nil }
        return RemoteURL(text: text, transport: .ssh, user: user, host: authority, port: nil, path: path)
    }

    private static func unsupported(_ text: String) -> JournalError {
        JournalError.badInput(
            "\(redact(text)) is not a remote journal can use; use a path, file://, git://, http://, https://, ssh://user@host/path or user@host:path"
        )
    }

    /// `text` with any password removed, for messages.
    public static func redact(_ text: String) -> String {
        guard let userInfo = userInfo(in: text), let colon = text[userInfo].firstIndex(of: ":") else { return text }
        return text.replacingCharacters(in: text.index(after: colon)..<userInfo.upperBound, with: "***")
    }

    /// The URL without its user name (the user is given with the credentials instead).
    var withoutUser: String {
        guard let userInfo = RemoteURL.userInfo(in: text) else { return text }
        // The user and the "@" after it.
        return text.replacingCharacters(in: userInfo.lowerBound...userInfo.upperBound, with: "")
    }

    /// Where `user[:password]` is in `scheme://user[:password]@host/...`, nil when there is none.
    private static func userInfo(in text: String) -> Range<String.Index>? {
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return nil }
        return schemeEnd.upperBound..<at
    }

    /// The URL for messages (never with a password: those are refused by `parse`).
    public var display: String { RemoteURL.redact(text) }
}
