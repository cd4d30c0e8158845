import Foundation
import FuzzTargets

// Two builds of one file. `make fuzz` compiles with `-sanitize=fuzzer,address -D FUZZING`: main() hands
// control to libFuzzer's driver (LLVMFuzzerRunDriver; SwiftPM links an executable's main to this module's
// entry point, so libFuzzer's own main() is not used), which calls `fuzzerTestOneInput` for each input;
// TRUNKPROBE_FUZZ_TARGET names the parser. A plain `swift build` compiles the replay driver instead, so the
// package builds without the sanitizer and a corpus file can be re-run by hand under a debugger:
// `trunkprobe-fuzz sip-message FILE...`.

#if FUZZING
nonisolated(unsafe) private var selectedTarget: FuzzTarget = .sipMessage

/// libFuzzer's entry for running its driver from a program that has its own main (LLVM 11 and later).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

@main
enum FuzzMain {
    static func main() {
        let name = ProcessInfo.processInfo.environment["TRUNKPROBE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("trunkprobe-fuzz: set TRUNKPROBE_FUZZ_TARGET to one of: \(known)\n".utf8))
            exit(3)
        }
        selectedTarget = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzerTestOneInput(data, size) })
    }
}
#else
@main
enum FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: trunkprobe-fuzz TARGET FILE...  (TARGET: \(known))\n".utf8))
            exit(3)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("trunkprobe-fuzz: cannot read \(path)\n".utf8))
                exit(3)
            }
            target.run(Array(data))
            print("ok \(path)")
        }
    }
}
#endif
