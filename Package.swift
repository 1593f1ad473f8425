// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "candor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "candor", targets: ["candor"]),
        .library(name: "CandorCore", targets: ["CandorCore"]),
        .library(name: "CandorRegistry", targets: ["CandorRegistry"]),
        .library(name: "CandorSQLite", targets: ["CandorSQLite"]),
        .library(name: "CandorPostgres", targets: ["CandorPostgres"]),
        .library(name: "CandorHTTP", targets: ["CandorHTTP"]),
        .library(name: "CandorCLI", targets: ["CandorCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "CandorCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [.copy("Resources/demo-city.toml"), .copy("Resources/chinese.toml")]
        ),
        .target(
            name: "CandorRegistry",
            dependencies: [
                "CandorCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "CandorSynthetic", dependencies: ["CandorCore"]),
        .target(
            name: "CandorSQLite",
            dependencies: [
                "CandorCore",
                "CandorRegistry",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "CandorPostgres",
            dependencies: [
                "CandorCore",
                "CandorRegistry",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "CandorHTTP",
            dependencies: [
                "CandorCore",
                "CandorRegistry",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/templates")]
        ),
        .target(
            name: "CandorCLI",
            dependencies: [
                "CandorCore",
                "CandorRegistry",
                "CandorSynthetic",
                "CandorSQLite",
                "CandorPostgres",
                "CandorHTTP",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "candor", dependencies: ["CandorCLI"]),
        .executableTarget(
            name: "candor-bench",
            dependencies: [
                "CandorCore",
                "CandorRegistry",
                "CandorSQLite",
                "CandorSynthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/Sources/CandorBench"),
        .target(
            name: "CandorTestSupport",
            dependencies: [.product(name: "HummingbirdTesting", package: "hummingbird")],
            path: "Tests/CandorTestSupport"),
        .testTarget(
            name: "CandorCoreTests", dependencies: ["CandorCore", "CandorSynthetic"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "CandorSQLiteTests", dependencies: ["CandorSQLite", "CandorRegistry", "CandorSynthetic"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "CandorHTTPTests",
            dependencies: [
                "CandorHTTP", "CandorRegistry", "CandorSQLite", "CandorTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "CandorStoreTests",
            dependencies: [
                "CandorSQLite", "CandorPostgres", "CandorRegistry", "CandorTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "CandorCLITests",
            dependencies: [
                "CandorCLI", "CandorRegistry", "CandorHTTP", "CandorSQLite", "CandorTestSupport", "candor",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Fixtures")]),
    ]
)

// libFuzzer targets, built only for fuzzing (Fuzz/run): they have no `main` of their own, so an
// ordinary `swift build` could not link them.
if Context.environment["CANDOR_FUZZ"] != nil {
    for name in ["FuzzIdentifiers", "FuzzIngest", "FuzzPolicy"] {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["CandorCore"], path: "Fuzz/Targets/\(name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
