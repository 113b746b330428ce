import Foundation

/// Rewrites the command line before swift-argument-parser reads it, for two forms it cannot take
/// as they are typed.
enum GlobalArguments {
    /// - `--journal DIR`, `--journal=DIR`, `-C DIR` and `-CDIR` given before the subcommand are
    ///   moved after it (the parser gives a root option to no subcommand), before a `--` if any;
    /// - `--hours -1` becomes `--hours=-1`, so a negative duration reaches the hours check instead
    ///   of being read as an option.
    static func reorder(_ arguments: [String]) -> [String] {
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--journal" || argument == "-C" {
                guard index + 1 < arguments.count else { break }
                moved += ["--journal", arguments[index + 1]]
                index += 2
            } else if argument.hasPrefix("--journal=") {
                moved.append(argument)
                index += 1
            } else if argument.hasPrefix("-C"), argument.count > 2 {
                moved += ["--journal", String(argument.dropFirst(2))]
                index += 1
            } else {
                break
            }
        }
        var rest = Array(arguments[index...])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        var position = 0
        while position + 1 < end {
            let value = rest[position + 1]
            if rest[position] == "--hours", value.count > 1, value.hasPrefix("-"),
                value.dropFirst().first.map({ $0.isNumber || $0 == "." }) == true
            {
                rest[position] = "--hours=" + value
                rest.remove(at: position + 1)
                return reorderTail(moved: moved, rest: rest)
            }
            position += 1
        }
        return reorderTail(moved: moved, rest: rest)
    }

    private static func reorderTail(moved: [String], rest: [String]) -> [String] {
        guard !moved.isEmpty else { return rest }
        var result = rest
        result.insert(contentsOf: moved, at: rest.firstIndex(of: "--") ?? rest.endIndex)
        return result
    }
}
