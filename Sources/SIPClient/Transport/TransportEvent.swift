#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import SIPCore

/// What a SIP connection reports upward, always on its event loop.
public enum TransportEvent: Sendable {
    /// A complete message, with the address it came from.
    case message(SIPMessage, from: SocketAddress?)
    /// Bytes that are not a SIP message we accept (malformed, truncated, oversized); ignored, but counted.
    case unparsable(String, from: SocketAddress?)
    /// The transport failed: the connection is unusable from here on.
    case failure(TransportFailure)
}

/// A transport-level failure, classified the way probes report it.
public struct TransportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// ICMP port unreachable on UDP, or a TCP RST in answer to SYN.
        case refused
        /// The peer reset an established stream.
        case reset
        /// The peer closed the stream.
        case closed
        /// No route, host unreachable, network down.
        case unreachable
        /// The TCP/TLS connection did not complete in time.
        case connectTimeout = "connect_timeout"
        /// Anything else the socket layer reported.
        case other
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// A bind that failed, in one line naming the address: "cannot bind udp:127.0.0.1:5060: address
    /// already in use".
    public init(bindError error: any Error, transport: SIPTransportKind, address: SocketAddress) {
        let place = "\(transport.rawValue):\(HostPort.join(host: address.ipAddress ?? "?", port: address.port ?? 0))"
        if let io = error as? IOError, io.errnoCode == EADDRINUSE {
            self.init(.other, "cannot bind \(place): address already in use")
        } else if let io = error as? IOError, io.errnoCode == EACCES {
            self.init(.other, "cannot bind \(place): permission denied (ports below 1024 need privileges)")
        } else if let io = error as? IOError, io.errnoCode == EADDRNOTAVAIL {
            self.init(.other, "cannot bind \(place): the address is not on this machine")
        } else {
            self.init(.other, "cannot bind \(place): \(error)")
        }
    }

    /// Maps errno values from NIO's IOError to a kind.
    public init(error: any Error) {
        if let failure = error as? TransportFailure {
            self = failure
            return
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: self.init(.refused, "connection refused")
            case ECONNRESET, EPIPE: self.init(.reset, "connection reset by peer")
            case EHOSTUNREACH, ENETUNREACH, ENETDOWN, EHOSTDOWN: self.init(.unreachable, "no route to host")
            case ETIMEDOUT: self.init(.connectTimeout, "connection timed out")
            default: self.init(.other, io.description)
            }
            return
        }
        if let connect = error as? NIOConnectionError {
            let inner = connect.connectionErrors.first?.error
            if let inner { self.init(error: inner) } else { self.init(.other, "\(connect)") }
            return
        }
        if case .connectTimeout = error as? ChannelError {
            self.init(.connectTimeout, "connection attempt timed out")
            return
        }
        if let channelError = error as? ChannelError, channelError == .ioOnClosedChannel || channelError == .eof {
            self.init(.closed, "connection closed by peer")
            return
        }
        self.init(.other, "\(error)")
    }
}
