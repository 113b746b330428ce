import Foundation
import ParserFuzzing

#if FUZZING
    // libFuzzer's driver, from the fuzzer runtime that -sanitize=fuzzer links in. SwiftPM gives an
    // executable its own entry point, so ours hands control to the driver rather than to
    // libFuzzer's own main.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The function libFuzzer calls with each input.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        ParserFuzzing.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    @main
    struct Fuzz {
        static func main() {
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
        }
    }
#else
    /// Without libFuzzer: runs each file (or each file in each folder) named on the command line once.
    @main
    struct ReplayCorpus {
        static func main() {
            var count = 0
            for argument in CommandLine.arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
                let files =
                    isDirectory.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                    : [argument]
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    ParserFuzzing.run([UInt8](data))
                    count += 1
                }
            }
            print("replayed \(count) inputs")
        }
    }
#endif
