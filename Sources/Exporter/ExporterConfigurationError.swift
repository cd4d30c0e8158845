/// Why a configuration file was refused: one line, naming the file, the module and the field.
public struct ExporterConfigurationError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
