// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "journal",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "journal", targets: ["journal"]),
        .library(name: "JournalKit", targets: ["JournalKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "GitKit", dependencies: ["Clibgit2"]),
        // The commit a build was made from, in a header scripts/embed-resources writes (ignored by git).
        .target(name: "BuildInfo"),
        .target(
            name: "JournalKit",
            dependencies: [
                "GitKit", "BuildInfo", .product(name: "Mustache", package: "swift-mustache"), .product(name: "Ink", package: "Ink"),
            ]
        ),
        .executableTarget(
            name: "journal",
            dependencies: ["JournalKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Feeds untrusted text to the parsers: for libFuzzer (scripts/fuzz) and the unit tests.
        .target(name: "ParserFuzzing", dependencies: ["JournalKit", "GitKit"]),
        .executableTarget(name: "journal-fuzz", dependencies: ["ParserFuzzing"]),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit"]),
        .testTarget(name: "JournalKitTests", dependencies: ["JournalKit", "GitKit", "ParserFuzzing"]),
        .testTarget(name: "EndToEndTests", dependencies: ["journal"]),
    ]
)
