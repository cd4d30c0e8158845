import Foundation
import Probes
import SIPCore
import Yams

/// The exporter's configuration file: a top-level `modules:` mapping of a name to a `ProbeModule`
/// (docs/exporter.md lists every field). The smallest module is `{check: options}`.
public struct ExporterConfiguration: Sendable {
    public var modules: [String: ProbeModule]

    public init(modules: [String: ProbeModule]) {
        self.modules = modules
    }

    /// Reads and checks a file; errors are one line naming the file and, where known, its line.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ExporterConfigurationError) -> ExporterConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExporterConfigurationError("\(path): cannot read the file")
        }
        do {
            return try parse(String(decoding: data, as: UTF8.self), environment: environment)
        } catch {
            throw ExporterConfigurationError("\(path): \(error.description)")
        }
    }

    /// Parses YAML text. The one place that knows the module schema (`ProbeModuleParser`).
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ExporterConfigurationError) -> ExporterConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ExporterConfigurationError("not valid YAML: \(Self.describe(error))")
        } catch {
            throw ExporterConfigurationError("not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw ExporterConfigurationError("expected a mapping with a top-level 'modules:' key")
        }
        for (key, _) in top where key.string != "modules" {
            throw ExporterConfigurationError("line \(ProbeModuleParser.line(key)): unknown top-level key '\(key.string ?? "?")' (expected 'modules')")
        }
        guard let modulesNode = top["modules"] else {
            throw ExporterConfigurationError("no 'modules:' mapping")
        }
        guard let modules = modulesNode.mapping, !modules.isEmpty else {
            throw ExporterConfigurationError("line \(ProbeModuleParser.line(modulesNode)): 'modules' must map at least one name to a module")
        }
        var result: [String: ProbeModule] = [:]
        for (key, value) in modules {
            guard let name = key.string, !name.isEmpty else {
                throw ExporterConfigurationError("line \(ProbeModuleParser.line(key)): a module name must be a non-empty string")
            }
            result[name] = try ProbeModuleParser(environment: environment).parse(name: name, node: value)
        }
        return ExporterConfiguration(modules: result)
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return "line \(mark.line): \(problem)"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}
