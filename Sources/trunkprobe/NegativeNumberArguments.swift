/// argument-parser reads every token that starts with "-" as an option name, so `--timeout -1` was
/// refused with "Missing value for '--timeout <SECONDS>'" rather than with the option's own rule, and
/// `--warning -5:5` (a Nagios range) needed an "=". Joining such a token to the option before it
/// (`--timeout=-1`) hands it to the option's parser, which accepts it or refuses it in the usual words.
/// No trunkprobe argument is a negative number, and a flag given a value is still an error.
enum NegativeNumberArguments {
    static func attached(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            // After "--" everything is an argument, taken as it is.
            if token == "--" {
                result.append(contentsOf: arguments[index...])
                break
            }
            if index + 1 < arguments.count, isLongOption(token), looksNegative(arguments[index + 1]) {
                result.append(token + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(token)
            index += 1
        }
        return result
    }

    /// `--name` without a value of its own.
    private static func isLongOption(_ token: String) -> Bool {
        token.hasPrefix("--") && token.count > 2 && !token.contains("=")
    }

    /// "-1", "-0.5", "-5:5", "-.5": a minus sign followed by a digit or a point.
    private static func looksNegative(_ token: String) -> Bool {
        let utf8 = Array(token.utf8.prefix(2))
        return utf8.count == 2 && utf8[0] == UInt8(ascii: "-")
            && ((UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[1]) || utf8[1] == UInt8(ascii: "."))
    }
}
