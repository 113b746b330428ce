import Foundation
internal import GitKit

/// Where sync finds keys and trust for this machine: `sync.ssh-key`, `sync.known-hosts` and
/// `sync.ca-file`, from git's configuration (the repository's `.git/config`, then
/// `~/.gitconfig`), never from the tracked `.journal/config`: whoever can push to the remote could
/// otherwise make this machine trust their host key or CA.
public struct SyncSettings: Sendable {
    public var sshKey: String?
    public var knownHosts: String?
    public var caFile: String?

    public init(sshKey: String? = nil, knownHosts: String? = nil, caFile: String? = nil) {
        self.sshKey = sshKey
        self.knownHosts = knownHosts
        self.caFile = caFile
    }

    static let keys = ["sync.ssh-key", "sync.known-hosts", "sync.ca-file"]

    public static func load(journal: Journal, home: String?) throws -> SyncSettings {
        let local = try journal.repository.configuration()
        func value(_ key: String) throws -> String? {
            try local.string(key).map { Journal.expandTilde($0, home: home) }
        }
        return SyncSettings(
            sshKey: try value("sync.ssh-key"), knownHosts: try value("sync.known-hosts"),
            caFile: try value("sync.ca-file"))
    }

    /// Records these settings in a repository's `.git/config`, for this machine only.
    func store(in repository: Repository) throws {
        let file = try ConfigFile(path: repository.gitDirectory + "config")
        for (key, value) in zip(SyncSettings.keys, [sshKey, knownHosts, caFile]) {
            if let value { try file.set(key, to: value) }
        }
    }
}

/// How sync answers a server: which credentials to offer, in what order and how many times,
/// and whether to trust its host key or certificate. Secrets come from the environment, ssh-agent,
/// key files or git's credential helper, and are only ever held in memory.
final class SyncAccess {
    let url: RemoteURL
    let settings: SyncSettings
    let environment: [String: String]
    private var sshCandidates: [Credential]?
    private var passwordCandidates: [Credential]?
    /// The most credentials offered in one transfer before giving up.
    static let maximumAttempts = 5

    init(url: RemoteURL, settings: SyncSettings, environment: [String: String]) {
        self.url = url
        self.settings = settings
        self.environment = environment
    }

    var home: String { environment["HOME"] ?? NSHomeDirectory() }

    /// Whether `sync.ca-file` was handed to libgit2 (once: it re-reads the system's CAs each time).
    private var trustsCAFile = false

    func hooks(progress: ((TransferProgress) -> Void)?) throws -> TransferHooks {
        if let caFile = settings.caFile, !trustsCAFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw JournalError.badInput("sync.ca-file: cannot read \(caFile)")
            }
            try GitTLS.trust(caFile: caFile)
            trustsCAFile = true
        }
        // Each transfer (a fetch, then a push) offers every credential afresh.
        sshCandidates = nil
        passwordCandidates = nil
        let hooks = TransferHooks()
        hooks.progress = progress
        if url.transport == .http || url.transport == .https, url.user != nil { hooks.connectURL = url.withoutUser }
        hooks.credential = { [unowned self] request, attempt in self.credential(for: request, attempt: attempt) }
        hooks.hostKey = { [unowned self] key in self.judge(key) }
        hooks.tlsCertificate = { [unowned self] valid, host in
            guard !valid else { return nil }
            let hint =
                self.settings.caFile == nil
                ? "; for a self-hosted server, set sync.ca-file to its CA certificate" : " by sync.ca-file or the system's CAs"
            return "the TLS certificate of \(host) is not trusted\(hint)"
        }
        return hooks
    }

    private func credential(for request: CredentialRequest, attempt: Int) -> Credential? {
        guard attempt <= SyncAccess.maximumAttempts else { return nil }
        // Credentials are for the remote's own host: never for one a redirect leads to.
        if let asked = URLComponents(string: request.url)?.host, let host = url.host,
            asked.lowercased() != host.lowercased()
        {
            return nil
        }
        let user = request.usernameFromURL ?? url.user
        if request.allowsSSHKey {
            if sshCandidates == nil { sshCandidates = sshKeys(user: user ?? systemUser) }
            return sshCandidates!.isEmpty ? nil : sshCandidates!.removeFirst()
        }
        if request.allowsUsername && !request.allowsUserPass {
            return .username(user ?? systemUser)
        }
        if request.allowsUserPass {
            if passwordCandidates == nil { passwordCandidates = passwords(user: user, url: request.url) }
            return passwordCandidates!.isEmpty ? nil : passwordCandidates!.removeFirst()
        }
        return nil
    }

    private var systemUser: String {
        environment["USER"] ?? environment["LOGNAME"] ?? "git"
    }

    /// `sync.ssh-key` alone when it is set; otherwise ssh-agent, then the usual key files.
    private func sshKeys(user: String) -> [Credential] {
        let passphrase = environment["JOURNAL_SSH_PASSPHRASE"]
        func keyFile(_ path: String) -> Credential {
            let publicKey = path + ".pub"
            return .sshKeyFile(
                user: user, publicKey: FileManager.default.fileExists(atPath: publicKey) ? publicKey : nil,
                privateKey: path, passphrase: passphrase)
        }
        if let key = settings.sshKey { return [keyFile(key)] }
        var keys: [Credential] = []
        if let socket = environment["SSH_AUTH_SOCK"], !socket.isEmpty { keys.append(.sshAgent(user: user)) }
        for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
            let path = home + "/.ssh/" + name
            if FileManager.default.isReadableFile(atPath: path) { keys.append(keyFile(path)) }
        }
        return keys
    }

    /// `JOURNAL_GIT_TOKEN` first, then git's credential helper (when git is installed).
    private func passwords(user: String?, url requestURL: String) -> [Credential] {
        var answers: [Credential] = []
        if let token = environment["JOURNAL_GIT_TOKEN"], !token.isEmpty {
            answers.append(.userPass(user: user ?? "git", password: token))
        }
        if let helped = GitCredentialHelper.fill(url: url, user: user, environment: environment) {
            answers.append(.userPass(user: helped.user, password: helped.password))
        }
        return answers
    }

    /// nil to trust the key; otherwise why it is refused and how to trust it.
    private func judge(_ key: HostKey) -> String? {
        let host = url.host ?? key.host
        let files = [home + "/.ssh/known_hosts"] + (settings.knownHosts.map { [$0] } ?? [])
        let name = url.port.map { $0 == 22 ? host : "[\(host)]:\($0)" } ?? host
        let line = key.knownHostsLine(host: host, port: url.port) ?? ""
        switch key.check(knownHosts: files, host: host, port: url.port) {
        case .known:
            return nil
        case .unknown:
            return
                "unknown SSH host key for \(name) (\(key.typeName ?? "key") \(key.fingerprint)); if that is the server's key, trust it by adding this line to ~/.ssh/known_hosts: \(line)"
        case .changed:
            return
                "WARNING: the SSH host key of \(name) has CHANGED (now \(key.typeName ?? "key") \(key.fingerprint)); this may be an attack, so journal will not connect; if the server's key really changed, replace its line in \(files.joined(separator: " or ")) with: \(line)"
        case .unsupported:
            return "cannot check the SSH host key of \(name): libssh2 cannot read its type"
        }
    }
}

/// Asks git's credential helper (`git credential fill`) for a user name and password, as git
/// itself would for this URL. Never prompts when there is no terminal.
enum GitCredentialHelper {
    static func fill(url: RemoteURL, user: String?, environment: [String: String]) -> (user: String, password: String)? {
        guard url.transport == .http || url.transport == .https, let host = url.host,
            let git = executable("git", environment: environment)
        else { return nil }
        // One field a line: a line break in any value would let it add fields (CVE-2020-5260).
        for value in [host, url.path, user ?? ""] where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return nil
        }
        var input = "protocol=\(url.transport.rawValue)\nhost=\(host)\(url.port.map { ":\($0)" } ?? "")\n"
        input += "path=\(url.path.drop(while: { $0 == "/" }))\n"
        if let user { input += "username=\(user)\n" }
        input += "\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["credential", "fill"]
        var childEnvironment = environment
        if isatty(STDIN_FILENO) != 1 { childEnvironment["GIT_TERMINAL_PROMPT"] = "0" }
        process.environment = childEnvironment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do { try process.run() } catch { return nil }
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        var fields: [String: String] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let password = fields["password"], !password.isEmpty else { return nil }
        return (fields["username"] ?? user ?? "git", password)
    }

    static func executable(_ name: String, environment: [String: String]) -> String? {
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
