import Foundation

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "gitkit-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// HOME of every git the tests run: a folder of this test process whose .gitconfig holds only
    /// the test identity; removed when the process exits.
    static let gitHome: String = {
        let home = NSTemporaryDirectory() + "gitkit-tests-home-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try! "[user]\n\tname = Test\n\temail = test@example.org\n".write(toFile: home + "/.gitconfig", atomically: true, encoding: .utf8)
        atexit { try? FileManager.default.removeItem(atPath: TemporaryDirectory.gitHome) }
        return home
    }()

    /// The environment of every git the tests run: HOME is `gitHome`, no system config, and none of
    /// the runner's GIT_* variables (GIT_DIR, GIT_CONFIG_GLOBAL, GIT_AUTHOR_DATE, ...), so a
    /// developer's own git setup changes no result.
    static var gitEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        env["HOME"] = gitHome
        env["XDG_CONFIG_HOME"] = gitHome + "/.config"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        return env
    }

    /// Runs the real git in `directory` in `gitEnvironment`; returns stdout, fails on error.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", directory] + arguments
        process.environment = gitEnvironment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(
                domain: "git", code: Int(process.terminationStatus),
                userInfo: [NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")): " + String(decoding: errors, as: UTF8.self)]
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}
