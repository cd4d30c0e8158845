import NIOConcurrencyHelpers
import NIOCore
import SIPClient
import SIPCore

/// A connector for `SIPEndpoint` that opens `LoopConnection`s instead of sockets, per remote address:
/// refuse, stall until the deadline (a peer that never completes the handshake), or connect with a
/// `LoopConnection.Behaviour`. Keeps every connection it opened so tests can check they were closed.
public final class LoopConnector: SIPConnector, @unchecked Sendable {
    public enum Plan: Sendable {
        case connect(LoopConnection.Behaviour)
        case refuse
        /// Never connects: fails at the deadline, in `stage`.
        case stall(EndpointStage)
    }

    private let plans: [String: Plan]
    private let opened = NIOLockedValueBox<[LoopConnection]>([])

    /// - Parameter plans: by `address:port`; an address without a plan stalls in `tcp_connect`.
    public init(_ plans: [String: Plan]) {
        self.plans = plans
    }

    public var connections: [LoopConnection] { opened.withLockedValue { $0 } }

    public func connect(to remote: SocketAddress, transport: SIPTransportKind, bind: SocketAddress?,
                        tls: (context: OpenSSLContext, serverName: String)?, deadline: NIODeadline,
                        on loop: any EventLoop) async throws(EndpointFailure) -> (connection: any SIPConnection, tls: TLSSessionReport?) {
        let key = "\(remote.ipAddress ?? "?"):\(remote.port ?? 0)"
        switch plans[key] ?? .stall(.tcpConnect) {
        case .connect(let behaviour):
            let connection = LoopConnection(eventLoop: loop, transport: transport, remote: remote, behaviour: behaviour)
            opened.withLockedValue { $0.append(connection) }
            return (connection, nil)
        case .refuse:
            throw EndpointFailure(.refused, stage: .tcpConnect, detail: "connection refused", remoteAddress: key)
        case .stall(let stage):
            // Like the real connector: the deadline is a task on the loop, not a hope.
            do {
                try await loop.scheduleTask(deadline: deadline) {}.futureResult.get()
            } catch {}
            throw EndpointFailure(.timeout, stage: stage, detail: stage.stallDetail, remoteAddress: key)
        }
    }
}
