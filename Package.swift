// swift-tools-version: 6.0
// trunkprobe: provisions Plivo Zentrunk SIP trunks and proves at the SIP layer that they work.
// Layout and module boundaries: docs/architecture.md (mirrors the design card).
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "trunkprobe",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trunkprobe", targets: ["trunkprobe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // System C libraries named by the design card. libosip2's headers are wrapped by shim.h (macros, variadics).
        .systemLibrary(
            name: "COSIP", pkgConfig: "libosip2",
            providers: [.apt(["libosip2-dev"])]),
        // libcurl headers only: CCurl.c opens libcurl.so.4 on first use, so the probe commands do not load
        // libcurl's dependency chain at start-up (docs/benchmarks.md). Needs libcurl4-openssl-dev.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("dl")]),
        // OpenSSL headers only: COpenSSLLoader.c opens libssl.so.3 and libcrypto.so.3 on first use, so a probe
        // that never speaks TLS or answers a digest challenge does not load them at start-up
        // (docs/benchmarks.md). include/COpenSSL.h wraps the macros Swift cannot call. Needs libssl-dev.
        .target(
            name: "COpenSSL",
            linkerSettings: [.linkedLibrary("dl")]),
        // Compiled C: libosip2's va_list trace callback routed into Swift.
        .target(
            name: "COSIPShims",
            dependencies: ["COSIP"]),

        // Pure SIP: message model, osip adapter, URIs and targets, digest, transaction state machines.
        .target(
            name: "SIPCore",
            dependencies: [
                "COSIP", "COSIPShims", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // I/O on SwiftNIO: transports, transaction layer, resolver, responder.
        .target(
            name: "SIPClient",
            dependencies: [
                "SIPCore", "COpenSSL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Why bytes are sent: probes, verdict policy, reports.
        .target(
            name: "Probes",
            dependencies: [
                "SIPClient", "SIPCore", "ConfigFiles",
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Renders every kind of result (probe, fail-over, suite, smoke, provision, doctor, diagnose) as text, JSON
        // Lines, JUnit, Nagios and Prometheus: the one place output is formatted.
        .target(
            name: "Reporting",
            dependencies: ["Probes", "Provisioning", "SIPClient", "SIPCore", "Workflows"],
            swiftSettings: swiftSettings),
        // Zentrunk REST client over libcurl.
        .target(
            name: "ZentrunkAPI",
            dependencies: [
                "CCurl",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Configuration files (plans, probe suites, exporter config) read with size, UTF-8, nesting and
        // alias limits before any YAML tree is built: SafeYAML.load(path:) / .load(text:).
        .target(
            name: "ConfigFiles",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        // YAML provisioning plans over the API client.
        .target(
            name: "Provisioning",
            dependencies: [
                "ZentrunkAPI", "ConfigFiles",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // A Zentrunk-compatible API served locally, state in memory.
        .target(
            name: "Sandbox",
            dependencies: [
                "ZentrunkAPI", "SIPClient", "SIPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // `trunkprobe serve`: a multi-target Prometheus exporter (GET /probe, /metrics) over the probes.
        .target(
            name: "Exporter",
            dependencies: [
                "ConfigFiles", "Probes", "Reporting", "SIPClient", "SIPCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // What trunkprobe knows: Zentrunk hangup codes and platform facts, kept as data (knowledge.json).
        .target(
            name: "Knowledge",
            resources: [.embedInCode("knowledge.json")],
            swiftSettings: swiftSettings),
        // Where the API, plans and probes meet: diagnose, doctor, smoke (provision, derive checks, probe, tear down).
        .target(
            name: "Workflows",
            dependencies: [
                "Knowledge", "Probes", "Provisioning", "SIPClient", "SIPCore", "ZentrunkAPI",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // The CLI: parses, calls the modules, renders, sets the exit code.
        .executableTarget(
            name: "trunkprobe",
            dependencies: [
                "Probes", "Reporting", "SIPClient", "SIPCore", "ZentrunkAPI", "Provisioning", "Sandbox", "Knowledge", "Workflows", "Exporter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),

        // `make bench`: the Swift half of the codec comparison (scripts/bench).
        .executableTarget(
            name: "trunkprobe-bench",
            dependencies: ["SIPCore"],
            swiftSettings: swiftSettings),

        // The parsers that meet untrusted bytes, as entry functions for libFuzzer and the corpus replay test.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "SIPCore", "SIPClient", "ConfigFiles", "Provisioning", "Probes",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // `make fuzz` builds this with -sanitize=fuzzer -D FUZZING (libFuzzer's main); plainly built it is a
        // replay driver: `trunkprobe-fuzz TARGET FILE...`.
        .executableTarget(
            name: "trunkprobe-fuzz",
            dependencies: ["FuzzTargets"],
            swiftSettings: swiftSettings),

        // Shared test helpers: free ports, peer processes (Kamailio, SIPp, dnsmasq), peer gating.
        .target(
            name: "TestSupport",
            dependencies: [
                "SIPClient", "SIPCore", "Sandbox", "ZentrunkAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SIPCoreTests",
            dependencies: ["SIPCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SIPClientTests",
            dependencies: [
                "SIPClient", "SIPCore", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ProbesTests",
            dependencies: ["Probes", "Reporting", "SIPClient", "SIPCore", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ConfigFilesTests",
            dependencies: [
                "ConfigFiles", "Provisioning",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        // Replays every file under Tests/FuzzCorpus/ through its FuzzTarget (no sanitizer needed).
        .testTarget(
            name: "FuzzCorpusTests",
            dependencies: ["FuzzTargets"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ZentrunkAPITests",
            dependencies: [
                "ZentrunkAPI", "Provisioning", "Sandbox", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ExporterTests",
            dependencies: [
                "Exporter", "Probes", "SIPClient", "SIPCore", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: [
                "Workflows", "Knowledge", "Probes", "Provisioning", "Reporting", "SIPClient", "SIPCore", "ZentrunkAPI",
                "Sandbox", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Probes", "Reporting", "SIPClient", "SIPCore", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
    ]
)
