import ConfigFiles
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
        // SafeYAML reads at most its size limit and checks UTF-8, aliases, keys and depth before Yams
        // builds the tree (docs/reliability.md); its errors already name the file and line.
        let root: Node?
        do {
            root = try SafeYAML.load(path: path)
        } catch {
            throw ExporterConfigurationError(error.description)
        }
        do {
            return try parse(root: root, environment: environment)
        } catch {
            throw ExporterConfigurationError("\(path): \(error.description)")
        }
    }

    /// Parses YAML text. The one place that knows the module schema (`ProbeModuleParser`).
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ExporterConfigurationError) -> ExporterConfiguration {
        let root: Node?
        do {
            root = try SafeYAML.load(text: text)
        } catch {
            throw ExporterConfigurationError(error.description)
        }
        return try parse(root: root, environment: environment)
    }

    static func parse(root: Node?, environment: [String: String]) throws(ExporterConfigurationError) -> ExporterConfiguration {
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
}
