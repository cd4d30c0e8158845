import NIOConcurrencyHelpers
import NIOCore
import SIPCore

/// One connected UDP socket to one server, shared by the transaction layers of every probe that sends
/// there at the same time (`UDPFlowLease`, one per probe).
///
/// Responses go to the lease whose transaction owns their top Via branch (RFC 3261 §17.1.3: the branch
/// identifies the client transaction; it is unique per transaction, §8.1.1.7). A transport failure, above
/// all the ECONNREFUSED a connected socket gets for an ICMP port unreachable, is the socket's: it fails
/// every lease on it, as it would fail each of their own sockets. Requests from the peer and datagrams
/// that do not parse cannot be attributed, so every lease sees them, as a socket of its own would.
final class UDPFlow: Sendable {
    let connection: UDPConnection
    private let state = NIOLockedValueBox(State())

    private struct State {
        /// Top Via branch → the lease whose transaction sent it.
        var owners: [String: UDPFlowLease] = [:]
        /// Every open lease, by identity.
        var leases: [ObjectIdentifier: UDPFlowLease] = [:]
        /// The failure that made the socket unusable (an ECONNREFUSED on a send closes NIO's channel).
        var cause: TransportFailure?
    }

    init(connection: UDPConnection) {
        self.connection = connection
        // Weak: the connection's sink holds this handler, and the flow holds the connection.
        connection.eventHandler = { [weak self] event in self?.dispatch(event) }
        // A socket that closes under its leases (NIO closes a datagram channel whose send failed) fails
        // every transaction still on it, with the cause when one was seen: as each probe's own socket would.
        connection.closeFuture.whenComplete { [weak self] _ in self?.closed() }
    }

    /// Sends on the shared socket. A refused send is the socket's failure, not only this transaction's; a
    /// send after the socket closed reports why it closed.
    func send(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        connection.send(bytes).flatMapErrorThrowing { [weak self] error in
            let failure = TransportFailure(error: error)
            if failure.kind == .closed, let cause = self?.state.withLockedValue({ $0.cause }) { throw cause }
            if failure.kind == .refused { self?.state.withLockedValue { $0.cause = $0.cause ?? failure } }
            throw failure
        }
    }

    private func closed() {
        let (leases, cause) = state.withLockedValue { (Array($0.leases.values), $0.cause) }
        let failure = cause ?? TransportFailure(.closed, "the UDP socket closed")
        for lease in leases { lease.deliver(.failure(failure)) }
    }

    var eventLoop: any EventLoop { connection.eventLoop }

    /// How many leases are open (for tests).
    var leaseCount: Int { state.withLockedValue { $0.leases.count } }

    func attach(_ lease: UDPFlowLease) {
        state.withLockedValue { $0.leases[ObjectIdentifier(lease)] = lease }
    }

    /// Forgets the lease and every branch it still owned.
    func detach(_ lease: UDPFlowLease) {
        state.withLockedValue { state in
            state.leases[ObjectIdentifier(lease)] = nil
            state.owners = state.owners.filter { $0.value !== lease }
        }
    }

    func claim(_ branch: String, for lease: UDPFlowLease) {
        state.withLockedValue { $0.owners[branch] = lease }
    }

    func release(_ branch: String, for lease: UDPFlowLease) {
        state.withLockedValue { state in
            if state.owners[branch] === lease { state.owners[branch] = nil }
        }
    }

    private func dispatch(_ event: TransportEvent) {
        switch event {
        case .message(.response(let response), _):
            // A response whose transaction has ended (a late retransmission) has no owner and is dropped,
            // as the transaction layer would drop it (§17.1.1.2: Completed absorbs retransmissions).
            guard let via = response.headers.first("Via"), let branch = Via.branch(inHeaderValue: via),
                  let owner = state.withLockedValue({ $0.owners[branch] }) else { return }
            owner.deliver(event)
        case .failure(let failure):
            let leases = state.withLockedValue { state -> [UDPFlowLease] in
                state.cause = state.cause ?? failure
                return Array(state.leases.values)
            }
            for lease in leases { lease.deliver(event) }
        case .message(.request, _), .unparsable:
            for lease in state.withLockedValue({ Array($0.leases.values) }) { lease.deliver(event) }
        }
    }
}
