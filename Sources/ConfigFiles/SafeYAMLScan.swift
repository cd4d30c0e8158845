import CYaml

/// The pre-composition pass of `SafeYAML`: walks libyaml's event stream once, keeping only counters and a
/// stack as deep as the nesting limit, and throws at the first event past a limit. libyaml's parser is
/// iterative, so this pass itself cannot overflow the stack whatever the input.
struct SafeYAMLScan {
    let file: String?
    let limits: SafeYAMLLimits

    /// One open sequence or mapping.
    private struct Frame {
        var isMapping: Bool
        /// In a mapping, events alternate key, value (YAML 1.2 §3.2.1.1); true when the next node is a key.
        var expectingKey: Bool
        /// Nodes inside so far, aliases counted as the subtree they stand for.
        var size: Int
        var anchor: String?
    }

    func scan(_ bytes: [UInt8]) throws(SafeYAMLError) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw SafeYAMLError(file: file, line: nil, message: "cannot start the YAML parser (out of memory)")
        }
        defer { yaml_parser_delete(parser) }
        try bytes.withUnsafeBufferPointer { (buffer) throws(SafeYAMLError) in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            try run(parser, bytes: buffer)
        }
    }

    private func run(_ parser: UnsafeMutablePointer<yaml_parser_t>, bytes: UnsafeBufferPointer<UInt8>) throws(SafeYAMLError) {
        var stack: [Frame] = []
        var anchors: [String: Int] = [:]
        var total = 0
        var aliases = 0
        var documents = 0
        var event = yaml_event_t()

        /// Adds a finished node of `size` to its parent and flips the parent's key/value expectation.
        func finish(_ size: Int) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].size += size
            if stack[stack.count - 1].isMapping { stack[stack.count - 1].expectingKey.toggle() }
        }
        func fail(_ line: Int?, _ message: String) -> SafeYAMLError {
            SafeYAMLError(file: file, line: line, message: message)
        }

        while true {
            guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError(parser.pointee, bytes: bytes) }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            let inKeyPosition = stack.last.map { $0.isMapping && $0.expectingKey } ?? false

            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { throw fail(line, "the file holds more than one YAML document; use one") }
                anchors.removeAll()
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                // An alias as a key is what makes composition quadratic-to-exponential (see SafeYAML); no
                // configuration schema here has non-scalar keys, so refusing it costs nothing.
                if inKeyPosition { throw fail(line, "an alias (*\(name)) is used as a mapping key; keys must be plain scalars") }
                guard let size = anchors[name] else { throw fail(line, "invalid YAML: alias *\(name) is not defined above it") }
                aliases += 1
                if aliases > limits.maximumAliases {
                    throw fail(line, "more than \(limits.maximumAliases) aliases, the limit for configuration files")
                }
                total += size
                if total > limits.maximumNodes {
                    throw fail(line, "aliases expand the document past \(limits.maximumNodes) nodes, the limit for configuration files")
                }
                finish(size)
            case YAML_SCALAR_EVENT:
                let length = Int(event.data.scalar.length)
                if length > limits.maximumScalarBytes {
                    throw fail(line, "a value of \(length) bytes is longer than \(SafeYAML.describe(bytes: limits.maximumScalarBytes)), the limit for one value")
                }
                total += 1
                if total > limits.maximumNodes { throw fail(line, "more than \(limits.maximumNodes) nodes, the limit for configuration files") }
                if let anchor = Self.string(event.data.scalar.anchor) { anchors[anchor] = 1 }
                finish(1)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                if inKeyPosition {
                    throw fail(line, "a \(isMapping ? "mapping" : "sequence") is used as a mapping key; keys must be plain scalars")
                }
                if stack.count >= limits.maximumDepth {
                    throw fail(line, "nesting deeper than \(limits.maximumDepth) levels, the limit for configuration files")
                }
                total += 1
                if total > limits.maximumNodes { throw fail(line, "more than \(limits.maximumNodes) nodes, the limit for configuration files") }
                let anchor = isMapping ? Self.string(event.data.mapping_start.anchor) : Self.string(event.data.sequence_start.anchor)
                stack.append(Frame(isMapping: isMapping, expectingKey: true, size: 1, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { break }
                if let anchor = frame.anchor { anchors[anchor] = frame.size }
                finish(frame.size)
            default:
                break
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) -> SafeYAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "cannot parse"
        if parser.error == YAML_MEMORY_ERROR {
            return SafeYAMLError(file: file, line: nil, message: "the YAML parser ran out of memory")
        }
        if parser.error == YAML_READER_ERROR {
            // The reader reports a byte offset, not a line.
            let end = min(Int(parser.problem_offset), bytes.count)
            let line = 1 + bytes[..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            return SafeYAMLError(file: file, line: line, message: "invalid YAML: \(problem)")
        }
        let line = Int(parser.problem_mark.line) + 1
        // libyaml's scanner reads ahead and has its own nesting cap (1000), which deep flow collections hit
        // before our per-event check sees them; name our documented limit either way.
        if problem.lowercased().contains("nesting level") {
            return SafeYAMLError(file: file, line: line,
                                 message: "nesting deeper than \(limits.maximumDepth) levels, the limit for configuration files")
        }
        return SafeYAMLError(file: file, line: line, message: "invalid YAML: \(problem)")
    }
}
