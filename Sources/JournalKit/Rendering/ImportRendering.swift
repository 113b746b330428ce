import Foundation

/// What `journal import` and `journal config` print.
public enum ImportRendering {
    public static func json(_ report: ImportReport) throws -> String {
        struct Row: Encodable {
            let read: Int
            let imported: Int
            let already_there: Int
            let amended: Int
            let commit: String?
            let left_alone: [String]
        }
        return try JSONOutput.encode(
            Row(
                read: report.read, imported: report.imported, already_there: report.alreadyThere, amended: report.amended,
                commit: report.commit?.hex,
                left_alone: report.leftAlone))
    }

    public static func text(_ report: ImportReport, source: ImportSource) -> String {
        var line = "Imported \(report.imported) of \(report.read) entries from \(source.rawValue)"
        if report.amended > 0 { line += "; corrected \(report.amended) that changed since they were imported" }
        if report.alreadyThere > 0 { line += "; \(report.alreadyThere) were imported before" }
        return line + "\n"
    }

    public static func notes(_ report: ImportReport) -> [String] {
        report.leftAlone.map { "left \($0) as you edited it; journal sync commits it" }
    }
}

/// What `journal config list` prints.
public enum ConfigRendering {
    public static func json(_ rows: [(key: String, value: String, isDefault: Bool)]) throws -> String {
        var object: [String: String] = [:]
        for row in rows { object[row.key] = row.value }
        return try JSONOutput.encode(object)
    }

    public static func text(_ rows: [(key: String, value: String, isDefault: Bool)], style: TerminalStyle) -> String {
        rows.map { "\($0.key) = \($0.value)" + ($0.isDefault ? style.dim("  (default)") : "") + "\n" }.joined()
    }
}
