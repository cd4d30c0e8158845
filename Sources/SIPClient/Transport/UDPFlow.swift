import NIOConcurrencyHelpers
import NIOCore
import SIPCore

/// One connected UDP socket to one server, shared by the transaction layers of every probe that sends
/// there at the same time (`UDPFlowLease`, one per probe).
///
/// Responses go to the lease whose transaction owns their top Via branch (RFC 3261 §17.1.3: the branch
/// identifies the client transaction; it is unique per transaction, §8.1.1.7). A transport failure, above
/// all the ECONNREFUSED a connected socket gets for an ICMP port unreachable, is the socket's: it fails
/// every lease on it, as it would fail each of their own sockets. Requests from the peer, datagrams
/// that do not parse and responses no transaction on the socket sent (no Via, a foreign branch) cannot
/// be attributed, so every lease sees them, as a socket of its own would.
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
        /// Branches whose transaction has ended, most recent last (at most `retiredLimit`): a late
        /// retransmitted response to one of them is dropped, whereas a branch no lease ever sent is a
        /// stray the leases are shown.
        var retired: Set<String> = []
        var retiredOrder: [String] = []
        var retiredNext = 0

        mutating func retire(_ branch: String) {
            guard retired.insert(branch).inserted else { return }
            if retiredOrder.count < UDPFlow.retiredLimit {
                retiredOrder.append(branch)
            } else {
                retired.remove(retiredOrder[retiredNext])
                retiredOrder[retiredNext] = branch
                retiredNext = (retiredNext + 1) % UDPFlow.retiredLimit
            }
        }
    }

    /// How many ended branches a flow remembers: enough for the responses still in flight when thousands
    /// of probes a second end on one socket; beyond it a late retransmission shows up as ignored, no worse.
    static let retiredLimit = 8192

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
            for (branch, owner) in state.owners where owner === lease { state.retire(branch) }
            state.owners = state.owners.filter { $0.value !== lease }
        }
    }

    func claim(_ branch: String, for lease: UDPFlowLease) {
        state.withLockedValue { $0.owners[branch] = lease }
    }

    func release(_ branch: String, for lease: UDPFlowLease) {
        state.withLockedValue { state in
            if state.owners[branch] === lease {
                state.owners[branch] = nil
                state.retire(branch)
            }
        }
    }

    private func dispatch(_ event: TransportEvent) {
        switch event {
        case .message(.response(let response), _):
            let branch = response.headers.first("Via").flatMap { Via.branch(inHeaderValue: $0) }
            let (owner, retired) = state.withLockedValue { state in
                (branch.flatMap { state.owners[$0] }, branch.map { state.retired.contains($0) } ?? false)
            }
            if let owner {
                owner.deliver(event)
            } else if !retired {
                // No Via, or a branch no transaction on this socket ever sent (RFC 3261 §17.1.3 matches
                // none): it cannot be attributed, so every lease sees it and lists it as ignored, as a
                // socket of its own would, instead of it vanishing while the probe reports silence.
                for lease in state.withLockedValue({ Array($0.leases.values) }) { lease.deliver(event) }
            }
            // Else a response whose transaction has ended (a late retransmission): dropped, as the
            // transaction layer would drop it (§17.1.1.2: Completed absorbs retransmissions).
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
