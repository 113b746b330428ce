import Foundation
import XCTest

/// Helpers of the publish and browser tests: the files of a published folder, the links in its
/// pages, and headless Chromium (`--dump-dom`, `--screenshot`) with its console read from stderr.
extension JournalTestCase {
    /// Every regular file under `dir`, as paths relative to it, sorted.
    func siteFiles(_ dir: URL) -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        if let walker = fm.enumerator(atPath: dir.path) {
            while let path = walker.nextObject() as? String {
                var folder: ObjCBool = false
                if fm.fileExists(atPath: dir.appendingPathComponent(path).path, isDirectory: &folder), !folder.boolValue {
                    files.append(path)
                }
            }
        }
        return files.sorted()
    }

    /// The `href` and `src` values of a page (or an SVG), entities decoded.
    func links(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "\\s(?:href|src|srcset)=\"([^\"]*)\"")
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map {
                String(html[$0]).replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
                    .replacingOccurrences(of: "&#39;", with: "'")
            }
        }
    }

    /// The ids of a page's elements.
    func ids(in html: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "\\sid=\"([^\"]*)\"")
        let range = NSRange(html.startIndex..., in: html)
        return Set(pattern.matches(in: html, range: range).compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } })
    }

    /// Fails for each link of an HTML page under `dir` that leads to no file (or no element with
    /// its `#id`); links to other sites are not followed. Returns how many internal links were checked.
    @discardableResult
    func assertInternalLinksResolve(_ dir: URL, file: StaticString = #filePath, line: UInt = #line) -> Int {
        var checked = 0
        for page in siteFiles(dir) where page.hasSuffix(".html") && page != "404.html" {
            let html = read(dir.appendingPathComponent(page)) ?? ""
            let folder = dir.appendingPathComponent(page).deletingLastPathComponent()
            for link in links(in: html) {
                if link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("mailto:") { continue }
                XCTAssertFalse(link.hasPrefix("/"), "\(page): \(link) is not relative", file: file, line: line)
                XCTAssertFalse(link.contains(":"), "\(page): \(link) has a scheme", file: file, line: line)
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let target =
                    parts[0].isEmpty
                    ? dir.appendingPathComponent(page) : folder.appendingPathComponent(String(parts[0])).standardizedFileURL
                checked += 1
                guard FileManager.default.fileExists(atPath: target.path) else {
                    XCTFail("\(page): \(link) leads to no file", file: file, line: line)
                    continue
                }
                XCTAssertTrue(
                    target.path.hasPrefix(dir.standardizedFileURL.path), "\(page): \(link) leaves the site", file: file, line: line)
                if parts.count == 2, target.pathExtension == "html" {
                    XCTAssertTrue(
                        ids(in: read(target) ?? "").contains(String(parts[1])), "\(page): \(link) names no element there", file: file,
                        line: line)
                }
            }
        }
        return checked
    }

    /// Headless Chromium, or nil (the test is skipped) when there is none; under CI=true a missing
    /// browser fails instead: scripts/test installs Debian's chromium.
    func chromium(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let env = ProcessInfo.processInfo.environment
        let candidates = [env["JOURNAL_TEST_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].compactMap { $0 }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        if env["CI"] == "true" {
            XCTFail("no chromium found (\(candidates.joined(separator: ", "))); scripts/test installs it", file: file, line: line)
            throw XCTSkip("no browser")
        }
        throw XCTSkip("no chromium; scripts/test installs Debian's chromium")
    }

    /// What the browser made of a page: the DOM after scripts would have run, and the console
    /// messages Chromium logged (`INFO:CONSOLE` lines on stderr with `--enable-logging=stderr`).
    struct BrowserLoad {
        let dom: String
        let console: [String]
    }

    func browserArguments(_ extra: [String]) -> [String] {
        // As root Chromium needs --no-sandbox; a profile of its own keeps runs apart.
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=" + path("chromium-profile").path, "--virtual-time-budget=2000",
        ] + extra
    }

    func load(_ page: URL, file: StaticString = #filePath, line: UInt = #line) throws -> BrowserLoad {
        let browser = try chromium(file: file, line: line)
        let result = try runProcess(browser, browserArguments(["--dump-dom", page.absoluteString]))
        XCTAssertEqual(result.status, 0, "chromium could not load \(page.path): \(result.stderr.suffix(800))", file: file, line: line)
        if result.status != 0 && ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("under CI=true the browser must start", file: file, line: line)
        }
        let console = result.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return BrowserLoad(dom: result.stdout, console: console)
    }

    /// A PNG screenshot of `page` at `width`x`height`.
    /// `dark`: as a browser set to prefer a dark colour scheme.
    func screenshot(
        _ page: URL, width: Int, height: Int, dark: Bool = false, file: StaticString = #filePath, line: UInt = #line
    ) throws -> URL {
        let browser = try chromium(file: file, line: line)
        let png = tempDir.appendingPathComponent("shot-\(UUID().uuidString).png", isDirectory: false)
        let result = try runProcess(
            browser,
            browserArguments(
                (dark ? ["--blink-settings=preferredColorScheme=0"] : [])
                    + ["--screenshot=\(png.path)", "--window-size=\(width),\(height)", page.absoluteString]))
        XCTAssertEqual(result.status, 0, "chromium could not take a screenshot: \(result.stderr.suffix(800))", file: file, line: line)
        return png
    }

    /// How many distinct colours a PNG has, how many of its pixels are green (g clearly above r
    /// and b), and the brightness (0-255) of its top-left pixel: decoded with python3's zlib, so
    /// a blank or broken render shows.
    func pngColours(_ png: URL, file: StaticString = #filePath, line: UInt = #line) throws -> (distinct: Int, green: Int, corner: Int) {
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
            pos, idat, width, height, channels = 8, b'', 0, 0, 0
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                if kind == b'IHDR':
                    width, height, depth, colour = struct.unpack('>IIBB', body[:10])
                    assert depth == 8 and body[12] == 0, 'only 8-bit non-interlaced PNGs'
                    channels = {2: 3, 6: 4}[colour]
                elif kind == b'IDAT':
                    idat += body
                pos += 12 + length
            raw = zlib.decompress(idat)
            stride = width * channels
            previous = bytearray(stride)
            colours, green, i, corner = set(), 0, 0, None
            for y in range(height):
                kind = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x - channels] if x >= channels else 0
                    b = previous[x]
                    c = previous[x - channels] if x >= channels else 0
                    if kind == 1: line[x] = (line[x] + a) & 255
                    elif kind == 2: line[x] = (line[x] + b) & 255
                    elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif kind == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                for x in range(0, stride, channels):
                    r, g, bl = line[x], line[x + 1], line[x + 2]
                    colours.add((r, g, bl))
                    if g > r + 40 and g > bl + 20: green += 1
                if corner is None: corner = (line[0] + line[1] + line[2]) // 3
                previous = line
            print(len(colours), green, corner)
            """
        let scriptFile = tempDir.appendingPathComponent("png-colours.py", isDirectory: false)
        try Data(script.utf8).write(to: scriptFile)
        let result = try runProcess("/usr/bin/python3", [scriptFile.path, png.path])
        XCTAssertEqual(result.status, 0, "cannot decode \(png.path): \(result.stderr)", file: file, line: line)
        let numbers = result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return numbers.count == 3 ? (numbers[0], numbers[1], numbers[2]) : (0, 0, -1)
    }

    /// Whether python3 parses `file` as XML.
    func assertWellFormedXML(_ file: URL, line: UInt = #line) throws {
        let result = try runProcess(
            "/usr/bin/python3", ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])", file.path])
        XCTAssertEqual(result.status, 0, "\(file.lastPathComponent) is not well-formed XML: \(result.stderr)", line: line)
    }
}
