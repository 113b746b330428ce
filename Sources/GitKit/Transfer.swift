import Clibgit2
import Foundation

/// What a server asked for when it wanted credentials.
public struct CredentialRequest: Sendable {
    public let url: String
    public let usernameFromURL: String?
    public let allowsSSHKey: Bool
    public let allowsUserPass: Bool
    public let allowsUsername: Bool
}

/// An answer to a credential request. Secrets live only in memory, for the call that needs them.
public enum Credential: Sendable {
    case sshAgent(user: String)
    case sshKeyFile(user: String, publicKey: String?, privateKey: String, passphrase: String?)
    case userPass(user: String, password: String)
    case username(String)
}

/// An SSH server's host key, as libgit2 reports it.
public struct HostKey: Sendable {
    public let host: String
    /// libgit2's `git_cert_ssh_raw_type_t`.
    public let rawType: Int32
    public let key: [UInt8]
    public let sha256: [UInt8]?

    /// The key type as known_hosts writes it.
    public var typeName: String? {
        switch git_cert_ssh_raw_type_t(UInt32(rawType)) {
        case GIT_CERT_SSH_RAW_TYPE_RSA: return "ssh-rsa"
        case GIT_CERT_SSH_RAW_TYPE_DSS: return "ssh-dss"
        case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256: return "ecdsa-sha2-nistp256"
        case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384: return "ecdsa-sha2-nistp384"
        case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521: return "ecdsa-sha2-nistp521"
        case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519: return "ssh-ed25519"
        default: return nil
        }
    }

    /// OpenSSH's fingerprint, `SHA256:` and unpadded base64.
    public var fingerprint: String {
        guard let sha256 else { return "(no fingerprint)" }
        return "SHA256:" + Data(sha256).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// How this key is recorded against `host` and `port` in known_hosts.
    public func knownHostsLine(host: String, port: Int?) -> String? {
        guard let typeName else { return nil }
        let name = port.map { $0 == 22 ? host : "[\(host)]:\($0)" } ?? host
        return "\(name) \(typeName) \(Data(key).base64EncodedString())"
    }

    public enum Verdict: Sendable { case known, changed, unknown, unsupported }

    /// Looks the key up in OpenSSH known_hosts files with libssh2's parser (hashed names too).
    public func check(knownHosts files: [String], host: String, port: Int?) -> Verdict {
        var pointers = files.map { strdup($0) }
        defer { for pointer in pointers { free(pointer) } }
        let result = pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { base in
                key.withUnsafeBufferPointer { bytes in
                    bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { keyBytes in
                        journal_known_host_check(base, buffer.count, host, Int32(port ?? 22), keyBytes, bytes.count, rawType)
                    }
                }
            }
        }
        switch result {
        case 0: return .known
        case 1: return .changed
        case 2: return .unknown
        default: return .unsupported
        }
    }
}

/// How far a transfer has got: objects and bytes received, or pushed.
public struct TransferProgress: Sendable {
    public enum Phase: Sendable { case receiving, resolving, pushing }
    public let phase: Phase
    public let current: Int
    public let total: Int
    public let bytes: Int
}

/// The journal's answers to what a transfer asks on the way: credentials, whether to trust the
/// server, and where to report progress. It also records what went wrong, since libgit2 only
/// says "callback error".
public final class TransferHooks {
    public var credential: ((CredentialRequest, Int) -> Credential?)?
    /// Decides about an SSH host key; returning a message refuses the connection with it.
    public var hostKey: ((HostKey) -> String?)?
    /// Decides about a TLS certificate libgit2 did or did not verify; a message refuses it.
    public var tlsCertificate: ((_ valid: Bool, _ host: String) -> String?)?
    public var progress: ((TransferProgress) -> Void)?
    /// The URL to connect to instead of the remote's own (e.g. without the user name, which
    /// libgit2 would otherwise first send with an empty password).
    public var connectURL: String?

    /// How many times the server asked for credentials.
    public private(set) var credentialAttempts = 0
    /// Set when the credential callback gave up (nothing more to offer).
    public private(set) var credentialsExhausted = false
    /// Set when a host key or certificate was refused, with the reason.
    public private(set) var refusal: String?
    /// Refs the server refused on push, with its reason.
    public private(set) var rejectedReferences: [(reference: String, reason: String)] = []
    /// What the server printed on its side band ("remote: ..."), kept for error messages.
    public private(set) var serverMessages = ""

    public init() {}

    func callbacks() throws -> git_remote_callbacks {
        var callbacks = git_remote_callbacks()
        try check(git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)), "cannot set up the transfer's callbacks")
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, username, allowed, payload in
            let hooks = Unmanaged<TransferHooks>.fromOpaque(payload!).takeUnretainedValue()
            return hooks.answerCredentials(out: out, url: url, username: username, allowed: allowed)
        }
        callbacks.remote_ready = { remote, _, payload in
            let hooks = Unmanaged<TransferHooks>.fromOpaque(payload!).takeUnretainedValue()
            guard let url = hooks.connectURL else { return 0 }
            return git_remote_set_instance_url(remote, url)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            let hooks = Unmanaged<TransferHooks>.fromOpaque(payload!).takeUnretainedValue()
            return hooks.checkCertificate(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.transfer_progress = { stats, payload in
            guard let stats else { return 0 }
            let hooks = Unmanaged<TransferHooks>.fromOpaque(payload!).takeUnretainedValue()
            let s = stats.pointee
            if s.received_objects < s.total_objects {
                hooks.progress?(
                    TransferProgress(
                        phase: .receiving, current: Int(s.received_objects),
                        total: Int(s.total_objects), bytes: Int(s.received_bytes)))
            } else {
                hooks.progress?(
                    TransferProgress(
                        phase: .resolving, current: Int(s.indexed_deltas),
                        total: Int(s.total_deltas), bytes: Int(s.received_bytes)))
            }
            return 0
        }
        callbacks.push_transfer_progress = { current, total, bytes, payload in
            let hooks = Unmanaged<TransferHooks>.fromOpaque(payload!).takeUnretainedValue()
            hooks.progress?(TransferProgress(phase: .pushing, current: Int(current), total: Int(total), bytes: bytes))
            return 0
        }
        callbacks.sideband_progress = { text, length, payload in
            let hooks = Unmanaged<TransferHooks>.fromOpaque(payload!).takeUnretainedValue()
            if let text, length > 0, hooks.serverMessages.utf8.count < 4096 {
                // Not NUL-terminated: exactly `length` bytes.
                let bytes = UnsafeRawBufferPointer(start: text, count: Int(length))
                hooks.serverMessages += String(decoding: bytes, as: UTF8.self)
            }
            return 0
        }
        callbacks.push_update_reference = { reference, status, payload in
            let hooks = Unmanaged<TransferHooks>.fromOpaque(payload!).takeUnretainedValue()
            if let status {
                hooks.rejectedReferences.append((reference.map { String(cString: $0) } ?? "?", String(cString: status)))
            }
            return 0
        }
        return callbacks
    }

    private func answerCredentials(
        out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?,
        url: UnsafePointer<CChar>?, username: UnsafePointer<CChar>?, allowed: UInt32
    ) -> Int32 {
        credentialAttempts += 1
        let request = CredentialRequest(
            url: url.map { String(cString: $0) } ?? "",
            usernameFromURL: username.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 },
            allowsSSHKey: allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0,
            allowsUserPass: allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0,
            allowsUsername: allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0)
        guard let answer = credential?(request, credentialAttempts) else {
            credentialsExhausted = true
            // Fails only when out of memory: GIT_EAUTH still ends the transfer, without the message.
            _ = git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), "authentication refused")
            return GIT_EAUTH.rawValue
        }
        let result: Int32
        switch answer {
        case .sshAgent(let user):
            result = git_credential_ssh_key_from_agent(out, user)
        case .sshKeyFile(let user, let publicKey, let privateKey, let passphrase):
            result = git_credential_ssh_key_new(out, user, publicKey, privateKey, passphrase)
        case .userPass(let user, let password):
            result = git_credential_userpass_plaintext_new(out, user, password)
        case .username(let user):
            result = git_credential_username_new(out, user)
        }
        return result
    }

    private func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>?, valid: Bool, host: String) -> Int32 {
        guard let cert else { return GIT_ECERTIFICATE.rawValue }
        switch cert.pointee.cert_type {
        case GIT_CERT_HOSTKEY_LIBSSH2:
            let hostkey = UnsafeMutableRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
            let types = hostkey.type.rawValue
            var sha256: [UInt8]?
            if types & GIT_CERT_SSH_SHA256.rawValue != 0 {
                sha256 = withUnsafeBytes(of: hostkey.hash_sha256) { Array($0) }
            }
            guard types & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.hostkey else {
                return refuse("the SSH server \(host) did not show its host key")
            }
            let key = HostKey(
                host: host, rawType: Int32(hostkey.raw_type.rawValue),
                key: Array(UnsafeRawBufferPointer(start: raw, count: hostkey.hostkey_len)), sha256: sha256)
            guard let hostKey else { return refuse("no way to check the host key of \(host) was given") }
            if let message = hostKey(key) { return refuse(message) }
            return 0
        case GIT_CERT_X509:
            if let message = tlsCertificate?(valid, host) { return refuse(message) }
            return valid ? 0 : refuse("the TLS certificate of \(host) is not trusted")
        default:
            return valid ? 0 : refuse("cannot verify \(host)")
        }
    }

    private func refuse(_ message: String) -> Int32 {
        refusal = message
        // Fails only when out of memory: the code still refuses, and `refusal` keeps the reason.
        _ = git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), message)
        return GIT_ECERTIFICATE.rawValue
    }

    /// Runs `body` with callbacks that point at this object, which stays alive meanwhile.
    func with<T>(_ body: (git_remote_callbacks) throws -> T) throws -> T {
        try withExtendedLifetime(self) { try body(callbacks()) }
    }
}

extension Repository {
    /// Fetches remote `name` with its configured refspecs (updating `refs/remotes/NAME/*`, and
    /// removing tracking refs of branches the remote no longer has).
    public func fetch(remote name: String, hooks: TransferHooks) throws {
        var remote: OpaquePointer?
        try check(git_remote_lookup(&remote, pointer, name), "no remote \(name)")
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)))
        // A branch deleted on the remote (or a remote emptied and started again) must not stay
        // behind as a tracking ref, or the next push would be skipped as "already there".
        options.prune = GIT_FETCH_PRUNE
        try hooks.with { callbacks in
            options.callbacks = callbacks
            try check(git_remote_fetch(remote, nil, &options, "journal sync: fetch"), "fetch")
        }
    }

    /// Pushes `refspecs` to remote `name`. A ref the server refuses does not throw: it is in
    /// `hooks.rejectedReferences` (libgit2 reports it only there).
    public func push(remote name: String, refspecs: [String], hooks: TransferHooks) throws {
        var remote: OpaquePointer?
        try check(git_remote_lookup(&remote, pointer, name), "no remote \(name)")
        defer { git_remote_free(remote) }
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
        // The pack's delta search on one thread per core (libgit2's default is one thread).
        options.pb_parallelism = 0
        var strings = refspecs.map { strdup($0) }
        defer { for string in strings { free(string) } }
        try strings.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            try hooks.with { callbacks in
                options.callbacks = callbacks
                try check(git_remote_push(remote, &array, &options), "push")
            }
        }
    }

    /// Clones `url` into `path` (which must not exist or be empty) and checks out its default branch.
    public static func clone(url: String, to path: String, hooks: TransferHooks) throws -> Repository {
        try Libgit2.start()
        var options = git_clone_options()
        try check(git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)))
        var repo: OpaquePointer?
        try hooks.with { callbacks in
            options.fetch_opts.callbacks = callbacks
            try check(git_clone(&repo, url, path, &options), "clone")
        }
        return Repository(pointer: repo!)
    }
}

/// Which certificate authorities HTTPS transfers trust.
public enum GitTLS {
    /// Trusts `caFile` as well as the system's CAs (libgit2 replaces its whole list, so the
    /// system's folder is named again).
    public static func trust(caFile: String) throws {
        try Libgit2.start()
        let system = "/etc/ssl/certs"
        let directory = FileManager.default.fileExists(atPath: system) ? system : nil
        try check(journal_git_set_ssl_cert_locations(caFile, directory), "cannot read CA certificates from \(caFile)")
    }
}
