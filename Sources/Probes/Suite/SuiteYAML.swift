import Yams

/// The one place YAML text becomes a node tree with line numbers, so the parser can be swapped for the
/// project's safe loader without touching `SuiteLoader`.
enum SuiteYAML {
    static func compose(_ text: String, file: String) throws(SuiteError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw SuiteError(SourceLocation(file: file, line: mark.line), key: nil, "invalid YAML: \(problem)")
            default:
                throw SuiteError(SourceLocation(file: file, line: nil), key: nil, "invalid YAML: \(error)")
            }
        } catch {
            throw SuiteError(SourceLocation(file: file, line: nil), key: nil, "invalid YAML: \(error)")
        }
    }
}
