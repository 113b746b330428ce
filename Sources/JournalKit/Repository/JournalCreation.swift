import Foundation
internal import GitKit

extension Journal {
    static let initialConfig = """
        # Settings of this journal, in git-config format. They travel with the journal.
        # Change them with: journal config set KEY VALUE   (journal config list shows them all)
        [goal]
        \tweekly-hours = 10
        [day]
        \tstarts-at = 00:00

        """
    static let gitattributes = "# Day files from two machines merge by keeping both sides' lines.\nentries/** merge=union\n"
    static let gitignore = "# Entries typed but not yet committed stay on this machine.\n.journal/drafts/\n"

    /// Makes a new journal at `path` (an empty or missing folder): the repository, `.journal/config`,
    /// `.gitattributes`, `.gitignore` and a first commit. Nothing is left behind when it fails.
    public static func create(at path: String, authorship: Authorship, clock: Clock) throws -> Journal {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = fm.fileExists(atPath: path, isDirectory: &isDirectory)
        if existed {
            guard isDirectory.boolValue else { throw JournalError.badInput("\(path) is a file; choose a new folder for the journal") }
            if fm.fileExists(atPath: path + "/" + configPath) { throw JournalError.badInput("\(path) is already a journal") }
            let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
            guard contents.isEmpty else {
                throw JournalError.badInput("\(path) is not empty; choose a new or empty folder for the journal")
            }
        }
        do {
            let repository = try Repository.create(at: path)
            guard let workdir = repository.workdir else { throw JournalError.failed("cannot create a working tree at \(path)") }
            let journal = Journal(root: String(workdir.dropLast()), repository: repository)
            try fm.createDirectory(atPath: journal.path("entries"), withIntermediateDirectories: true)
            let files = [(configPath, initialConfig), (".gitattributes", gitattributes), (".gitignore", gitignore)]
            try CommitWriter(journal: journal, authorship: authorship).commit(
                files.map { file in FileUpdate(path: file.0) { _ in Data(file.1.utf8) } },
                message: CommitProtocol.message(title: "Start a learning journal", trailers: []),
                authorDate: clock.now, authorZone: clock.timeZone)
            try journal.recordJournalBranch("main")
            return journal
        } catch {
            // Leave the folder as we found it.
            if existed {
                for name in (try? fm.contentsOfDirectory(atPath: path)) ?? [] { try? fm.removeItem(atPath: path + "/" + name) }
            } else {
                try? fm.removeItem(atPath: path)
            }
            if let error = error as? GitError { throw JournalError(error, doing: "cannot create a journal at \(path)") }
            throw error
        }
    }

    /// The author and committer for commits in this journal.
    public func authorship(environment: [String: String]) throws -> Authorship {
        try translatingGitErrors("cannot read git configuration", as: JournalError.journal) {
            try Authorship.resolve(environment: environment, config: repository.configuration())
        }
    }
}
