import NIOConcurrencyHelpers
import NIOCore
import SIPClient
import SIPCore

/// An in-memory SIP connection that answers requests itself, on any event loop (a testing loop gives
/// virtual time): pjsip's loop transport with its switches. `behaviour` decides per request: answer with
/// a status, answer after a delay, discard (a silent peer), or fail the send (a transport error).
public final class LoopConnection: SIPConnection, @unchecked Sendable {
    public enum Behaviour: Sendable {
        case answer(Int)
        case delay(TimeAmount, then: Int)
        case discard
        case fail(TransportFailure)
    }

    public let eventLoop: any EventLoop
    public let transport: SIPTransportKind
    public let localAddress: SocketAddress?
    public let remoteAddress: SocketAddress
    public let behaviour: Behaviour
    private let state = NIOLockedValueBox<(handler: (@Sendable (TransportEvent) -> Void)?, sent: [String], closed: Bool)>((nil, [], false))

    public init(eventLoop: any EventLoop, transport: SIPTransportKind, remote: SocketAddress, behaviour: Behaviour) {
        self.eventLoop = eventLoop
        self.transport = transport
        self.remoteAddress = remote
        self.localAddress = try? SocketAddress(ipAddress: "127.0.0.1", port: 40000)
        self.behaviour = behaviour
    }

    public var eventHandler: (@Sendable (TransportEvent) -> Void)? {
        get { state.withLockedValue { $0.handler } }
        set { state.withLockedValue { $0.handler = newValue } }
    }

    /// The method of each request sent, in order.
    public var sentMethods: [String] { state.withLockedValue { $0.sent } }
    public var isClosed: Bool { state.withLockedValue { $0.closed } }

    public func send(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        guard !isClosed else { return eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        guard case .request(let request)? = try? SIPMessage(parsing: bytes) else { return eventLoop.makeSucceededVoidFuture() }
        state.withLockedValue { $0.sent.append(request.method) }
        let respond: (Int) -> Void = { [self] code in
            guard !isClosed, request.method != "ACK" else { return }
            let response = SIPResponse(answering: request, statusCode: code, reason: "Loop", toTag: "loop")
            eventHandler?(.message(.response(response), from: remoteAddress))
        }
        switch behaviour {
        case .answer(let code):
            eventLoop.execute { respond(code) }
        case .delay(let delay, let code):
            eventLoop.scheduleTask(in: delay) { respond(code) }
        case .discard:
            break
        case .fail(let failure):
            return eventLoop.makeFailedFuture(failure)
        }
        return eventLoop.makeSucceededVoidFuture()
    }

    public func close() -> EventLoopFuture<Void> {
        state.withLockedValue { $0.closed = true }
        return eventLoop.makeSucceededVoidFuture()
    }
}
