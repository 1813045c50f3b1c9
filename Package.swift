// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "attainment-gaps",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gaps-ingest", targets: ["gaps-ingest"]),
        .executable(name: "gaps-normalise", targets: ["gaps-normalise"]),
        .executable(name: "gaps-aggregate", targets: ["gaps-aggregate"]),
        .executable(name: "gaps-render", targets: ["gaps-render"]),
        .executable(name: "gaps-fixtures", targets: ["gaps-fixtures"]),
        .library(name: "GapsCore", targets: ["GapsCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
    ],
    targets: [
        // C libraries through Swift's C interop (see docs/architecture.md, "C interop").
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"])]),

        // All pipeline logic lives here; the executables are thin commands over it.
        .target(
            name: "GapsCore",
            dependencies: [
                "CLibXML2", "CLibCSV",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(name: "gaps-ingest", dependencies: ["GapsCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "gaps-normalise", dependencies: ["GapsCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "gaps-aggregate", dependencies: ["GapsCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "gaps-render", dependencies: ["GapsCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "gaps-fixtures", dependencies: ["GapsCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "GapsCoreTests", dependencies: ["GapsCore"]),
    ]
)
