// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "candor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "candor", targets: ["candor"]),
        .library(name: "CandorCore", targets: ["CandorCore"]),
        .library(name: "CandorSQLite", targets: ["CandorSQLite"]),
        .library(name: "CandorCLI", targets: ["CandorCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        .target(
            name: "CandorCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [.copy("Resources/demo-city.toml")]
        ),
        .target(
            name: "CandorSQLite",
            dependencies: [
                "CandorCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "CandorCLI",
            dependencies: [
                "CandorCore",
                "CandorSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "candor", dependencies: ["CandorCLI"]),
        .testTarget(name: "CandorCoreTests", dependencies: ["CandorCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CandorSQLiteTests", dependencies: ["CandorSQLite"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CandorCLITests", dependencies: ["CandorCLI", "candor"], resources: [.copy("Fixtures")]),
    ]
)
