// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "lentera",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lentera", targets: ["lentera"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The domain: courses, questions and their scoring, attempts, accounts, progress, the rules of who may act.
        .target(
            name: "LenteraCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // What authors write, read into the domain: course folders, Markdown, XML, the quiz formats (Markdown, GIFT,
        // QTI, Moodle XML) and their export, the module search index.
        .target(
            name: "LenteraContent",
            dependencies: [
                "LenteraCore",
                "CCmarkGFM",
                "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LenteraStore",
            dependencies: [
                "LenteraCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LenteraMirror",
            dependencies: [
                "LenteraCore",
                "LenteraContent",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Mail through an SMTP relay (reminders of deadlines): STARTTLS or TLS, a login only over TLS.
        .target(
            name: "LenteraMail",
            dependencies: [
                "LenteraCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LenteraWeb",
            dependencies: [
                "LenteraCore",
                "LenteraContent",
                "LenteraStore",
                "LenteraMirror",
                "LenteraMail",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The default look of the site is compiled into the binary, so it serves its stylesheet from any folder;
            // `PublicFiles` is a link to the top-level `public/` (`--public DIR` serves another folder instead).
            resources: [
                .embedInCode("PublicFiles/style.css"), .embedInCode("PublicFiles/lentera.js"), .embedInCode("PublicFiles/lentera.svg"),
                .embedInCode("PublicFiles/sw.js"),
            ],
            swiftSettings: swiftSettings
        ),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), path: "Sources/BuildInfoPlugin"),
        .executableTarget(
            name: "lentera",
            dependencies: [
                "LenteraCore",
                "LenteraContent",
                "LenteraStore",
                "LenteraWeb",
                "LenteraMirror",
                "LenteraMail",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["BuildInfoPlugin"]
        ),
        .testTarget(
            name: "LenteraCoreTests",
            // Domain tests read their courses through the course loader, as the server does.
            dependencies: ["LenteraCore", "LenteraContent", "LenteraTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LenteraContentTests",
            dependencies: ["LenteraCore", "LenteraContent", "LenteraTestSupport", "CLibXML2"],
            swiftSettings: swiftSettings
        ),
        .target(name: "LenteraTestSupport", path: "Tests/Support", swiftSettings: swiftSettings),
        .testTarget(
            name: "LenteraStoreTests",
            dependencies: [
                "LenteraStore",
                "LenteraTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LenteraWebTests",
            dependencies: [
                "LenteraWeb",
                "LenteraContent",
                "LenteraStore",
                "LenteraMail",
                "LenteraTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Pages' HTML as the snapshot tests compare it, read from the source folder.
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
    ]
)
