import ConfigFiles
import Yams

/// The one place suite text becomes a node tree with line numbers: through the project's safe loader
/// (size, UTF-8, nesting and alias limits before any tree is built), its errors turned into `SuiteError`.
enum SuiteYAML {
    static func compose(_ text: String, file: String) throws(SuiteError) -> Node? {
        do { return try SafeYAML.load(text: text, file: file) } catch { throw converted(error, file: file) }
    }

    static func compose(path: String) throws(SuiteError) -> Node? {
        do { return try SafeYAML.load(path: path) } catch { throw converted(error, file: path) }
    }

    private static func converted(_ error: SafeYAMLError, file: String) -> SuiteError {
        SuiteError(SourceLocation(file: error.file ?? file, line: error.line), key: nil, error.message)
    }
}
