import NIOConcurrencyHelpers
import NIOCore
import SIPCore

/// Connected UDP sockets shared by the probes that send to the same server at the same time: one socket
/// per (event loop, local bind, remote address), each probe holding a `UDPFlowLease` on it. A socket no
/// lease has used for `idleTimeout` is closed.
///
/// Why share: a socket, a channel and its pipeline per probe cost more than the OPTIONS exchange itself
/// once thousands of probes run. Why still connected: Linux reports an ICMP port unreachable as
/// ECONNREFUSED only on a connected socket, which is how a closed port is reported as `refused` within
/// one round trip; an unconnected socket shared by every destination would hear nothing and time out.
public final class UDPFlowPool: Sendable {
    struct Key: Hashable, Sendable {
        var loop: ObjectIdentifier
        var bind: SocketAddress?
        var remote: SocketAddress
    }

    private struct Entry: Sendable {
        var generation: UInt64
        var flow: EventLoopFuture<UDPFlow>
        var leases: Int
        var idleClose: Scheduled<Void>?
    }

    public let idleTimeout: TimeAmount
    /// SO_RCVBUF of each pooled socket (Linux doubles it, and caps it at net.core.rmem_max): room for the
    /// responses to a few hundred transactions arriving together. The memory is used only while
    /// datagrams wait to be read.
    public let receiveBufferSize: Int
    private let entries = NIOLockedValueBox<(next: UInt64, table: [Key: Entry])>((0, [:]))

    public init(idleTimeout: TimeAmount = .seconds(2), receiveBufferSize: Int = 1 << 20) {
        self.idleTimeout = idleTimeout
        self.receiveBufferSize = receiveBufferSize
    }

    /// How many sockets are open or opening (for tests).
    public var socketCount: Int { entries.withLockedValue { $0.table.count } }

    /// A lease on the socket to `remote` from `bind` on `loop`, opening the socket if there is none.
    /// Probes that ask at the same time wait for the same socket rather than opening one each.
    public func lease(to remote: SocketAddress, bind: SocketAddress?, on loop: any EventLoop) async throws -> UDPFlowLease {
        let key = Key(loop: ObjectIdentifier(loop), bind: bind, remote: remote)
        let (future, generation, opener) = entries.withLockedValue { entries -> (EventLoopFuture<UDPFlow>, UInt64, EventLoopPromise<UDPFlow>?) in
            if var entry = entries.table[key] {
                entry.leases += 1
                entry.idleClose?.cancel()
                entry.idleClose = nil
                entries.table[key] = entry
                return (entry.flow, entry.generation, nil)
            }
            let promise = loop.makePromise(of: UDPFlow.self)
            let generation = entries.next
            entries.next += 1
            entries.table[key] = Entry(generation: generation, flow: promise.futureResult, leases: 1, idleClose: nil)
            return (promise.futureResult, generation, promise)
        }
        if let opener {
            do {
                let connection = try await UDPConnection.connect(to: remote, bind: bind, receiveBufferSize: receiveBufferSize, group: loop)
                let flow = UDPFlow(connection: connection)
                // A socket that closes on its own (an error NIO treats as fatal) leaves the pool, so the
                // next probe opens a new one.
                connection.closeFuture.whenComplete { [weak self] _ in self?.forget(key, generation: generation) }
                opener.succeed(flow)
            } catch {
                forget(key, generation: generation)
                opener.fail(error)
            }
        }
        // On failure the entry, and the count of this caller's lease in it, is gone already.
        let flow = try await future.get()
        let lease = UDPFlowLease(flow: flow, pool: self, key: key, generation: generation)
        flow.attach(lease)
        return lease
    }

    /// A lease was closed: once none is left, the socket closes after `idleTimeout` unless a new lease
    /// comes first.
    func release(_ key: Key, generation: UInt64) {
        entries.withLockedValue { entries in
            // A lease on a socket that has left the pool (closed on its own) counts for nothing.
            guard var entry = entries.table[key], entry.generation == generation else { return }
            entry.leases -= 1
            if entry.leases <= 0 {
                let flow = entry.flow
                entry.idleClose = flow.eventLoop.scheduleTask(in: idleTimeout) { [weak self] in
                    guard let self else { return }
                    let idle = self.entries.withLockedValue { entries -> Bool in
                        guard let current = entries.table[key], current.generation == generation, current.leases <= 0 else { return false }
                        entries.table[key] = nil
                        return true
                    }
                    if idle { flow.whenSuccess { _ = $0.connection.close() } }
                }
            }
            entries.table[key] = entry
        }
    }

    private func forget(_ key: Key, generation: UInt64) {
        entries.withLockedValue { entries in
            if entries.table[key]?.generation == generation { entries.table[key] = nil }
        }
    }
}
