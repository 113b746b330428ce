import Foundation

/// What `journal publish` prints: where the site went, and the `<picture>` snippet for a README.
public enum PublishRendering {
    public static func text(_ outcome: PublishOutcome, baseURL: String?) -> String {
        var out = ""
        if let directory = outcome.directory {
            out += "Wrote \(outcome.files) files to \(directory) (as of \(outcome.asOf.iso)); open \(directory)/index.html\n"
        }
        if let branch = outcome.branch {
            out += outcome.commit.map { "Committed the site on \(branch)  [\($0.short)]\n" } ?? "\(branch) already holds this site\n"
        }
        if let remote = outcome.pushedTo, let branch = outcome.branch { out += "Pushed \(branch) to \(remote)\n" }
        out += "\nTo show the heatmap in a README:\n\n" + Site.pictureSnippet(baseURL: baseURL) + "\n"
        return out
    }

    struct JSONOutcome: Encodable {
        let files: Int
        let as_of: String
        let directory: String?
        let branch: String?
        let commit: String?
        let pushed_to: String?
        let picture: String
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(files, forKey: .files)
            try c.encode(as_of, forKey: .as_of)
            try c.encode(directory, forKey: .directory)
            try c.encode(branch, forKey: .branch)
            try c.encode(commit, forKey: .commit)
            try c.encode(pushed_to, forKey: .pushed_to)
            try c.encode(picture, forKey: .picture)
        }
        enum CodingKeys: String, CodingKey { case files, as_of, directory, branch, commit, pushed_to, picture }
    }

    public static func json(_ outcome: PublishOutcome, baseURL: String?) throws -> String {
        try JSONOutput.encode(
            JSONOutcome(
                files: outcome.files, as_of: outcome.asOf.iso, directory: outcome.directory, branch: outcome.branch,
                commit: outcome.commit?.hex, pushed_to: outcome.pushedTo, picture: Site.pictureSnippet(baseURL: baseURL)))
    }
}
