/// RFC 2782 target ordering ("Usage rules"): ascending priority; within one priority, a weighted
/// random order.
///
/// For each priority, repeatedly: put the not-yet-ordered records with weight 0 first, sum the weights,
/// draw `r` in `0...sum`, and take the first record whose running sum is ≥ `r`. A weight-0 record is
/// thus picked only when `r` is 0 (or when all remaining weights are 0), which is RFC 2782's "very small
/// chance of being selected" for weight 0 while a zero total still orders every record.
enum SRVOrdering {
    static func order(_ records: [SRVRecord], random: ServerSelectionRandom) -> [SRVRecord] {
        let priorities = Set(records.map(\.priority)).sorted()
        var result: [SRVRecord] = []
        result.reserveCapacity(records.count)
        for priority in priorities {
            // Stable: keep the server's order among equals before the weighted draw.
            var remaining = records.filter { $0.priority == priority }
            while !remaining.isEmpty {
                remaining = remaining.filter { $0.weight == 0 } + remaining.filter { $0.weight != 0 }
                let sum = remaining.reduce(UInt32(0)) { $0 + UInt32($1.weight) }
                let r = random.next(upTo: sum)
                var running: UInt32 = 0
                var pick = remaining.count - 1
                for (i, rec) in remaining.enumerated() {
                    running += UInt32(rec.weight)
                    if running >= r { pick = i; break }
                }
                result.append(remaining.remove(at: pick))
            }
        }
        return result
    }
}
