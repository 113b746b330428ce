import Foundation
import Mustache

/// The Markdown templates: compiled-in defaults from Templates/, overridable per journal in
/// `.journal/templates/NAME.md`.
public struct Templates {
    /// Templates the user fills in the editor.
    public static let entryKinds = ["daily", "paper", "shipped"]

    let overrideDirectory: String?
    /// Templates parsed once per `Templates` value: an import renders one for every entry.
    private let parsed = ParsedTemplates()

    private final class ParsedTemplates {
        var byName: [String: (template: MustacheTemplate, origin: String)] = [:]
    }

    /// `journalRoot` nil means the compiled-in templates only.
    public init(journalRoot: String?) {
        overrideDirectory = journalRoot.map { $0 + "/" + Journal.templatesPath }
    }

    /// The text of template `name`: the journal's override when there is one, else the default.
    public func source(_ name: String) throws -> (text: String, origin: String) {
        guard !name.isEmpty, name.count <= 64,
            name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else {
            throw JournalError.badInput(
                "\"\(name)\" is not a template name; use lower-case letters, digits and dashes (e.g. daily, paper, shipped)")
        }
        if let dir = overrideDirectory {
            let path = "\(dir)/\(name).md"
            if FileManager.default.fileExists(atPath: path) {
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw JournalError.journal("cannot read template \(path) as UTF-8 text")
                }
                return (text, path)
            }
        }
        guard let text = EmbeddedResources.templates[name] else {
            throw JournalError.badInput(
                "no template named \"\(name)\"; known: \(EmbeddedResources.templates.keys.sorted().joined(separator: ", "))")
        }
        return (text, "Templates/\(name).md")
    }

    public func render(_ name: String, _ values: [String: Any]) throws -> String {
        if let known = parsed.byName[name] { return known.template.render(values) }
        let (text, origin) = try source(name)
        do {
            let template = try MustacheTemplate(string: text)
            parsed.byName[name] = (template, origin)
            return template.render(values)
        } catch {
            throw JournalError.journal("cannot use template \(origin): \(error)")
        }
    }
}

/// How entries look in a day file.
enum DayFileRendering {
    static func header(for day: Day, templates: Templates) throws -> String {
        let text = try templates.render(
            "day",
            [
                "date": day.iso,
                "weekday": Day.weekdayNames[day.weekday - 1].capitalized,
                "day": String(day.day),
                "month": Day.monthNames[day.month - 1],
                "year": String(day.year),
            ])
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    /// The entry's section: the `entry` template, its heading marked with the Entry-Id
    /// (`SectionMarker`), its body's own headings below the entry's, brackets in link text escaped.
    static func section(for entry: Entry, time: String, templates: Templates) throws -> String {
        func links(_ list: [Link]) -> [[String: Any]] {
            list.map { link in ["title": link.url == nil ? link.title : LinkText.escape(link.title), "url": link.url ?? false] }
        }
        var text = try templates.render(
            "entry",
            [
                "id": entry.id,
                "title": entry.title,
                "date": entry.date.iso,
                "time": time,
                "hours": entry.hours?.description ?? false,
                "tags": entry.tags.isEmpty ? false : entry.tags.map { "#" + $0 }.joined(separator: " "),
                "papers": links(entry.papers),
                "shipped": links(entry.shipped),
                "hasLinks": !(entry.papers.isEmpty && entry.shipped.isEmpty),
                "body": entry.body.isEmpty ? false : SectionFields.dayFileBody(entry.body),
            ])
        while text.hasSuffix("\n\n") { text.removeLast() }
        text = SectionMarker.mark(text, id: entry.id, title: entry.title)
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    /// The day file with `section` appended: a header first when the file is new, one blank
    /// line between sections, whatever was there (hand edits included) kept as it was.
    static func append(section: String, to current: Data?, day: Day, templates: Templates) throws -> Data {
        // Bytes, not String: a hand-edited file that is not valid UTF-8 is kept exactly as it was.
        var data: Data
        if let current, !current.isEmpty {
            data = current
            while data.count >= 2, data[data.endIndex - 1] == 0x0A, data[data.endIndex - 2] == 0x0A { data.removeLast() }
            if data.last != 0x0A { data.append(0x0A) }
        } else {
            data = Data(try header(for: day, templates: templates).utf8)
        }
        data.append(Data(("\n" + section).utf8))
        return data
    }
}
