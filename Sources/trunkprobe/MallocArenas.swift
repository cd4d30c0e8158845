#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator policy for this process: one arena.
///
/// By default glibc gives each thread that contends for the allocator an arena of its own (up to 8 per
/// core); the event loops, the cooperative pool and the thread pool all allocate, and memory freed into one
/// arena is not reused by another. Running 10,000 probes, 256 at a time, peaked at about 80 MiB of RSS over
/// 21 MiB of heap (heaptrack); with one arena, about 64 MiB at the same speed (per-thread caches keep the
/// common path off the arena lock). docs/benchmarks.md has the figures.
enum MallocArenas {
    static func limitToOne() {
        #if canImport(Glibc)
        // <malloc.h> is not part of the Glibc module: mallopt is looked up by name (RTLD_DEFAULT is null).
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        // M_ARENA_MAX from <malloc.h>.
        let arenaMax: Int32 = -8
        _ = unsafeBitCast(symbol, to: MallOpt.self)(arenaMax, 1)
        #endif
    }
}
