import NIOCore
import SIPCore

/// A non-INVITE client transaction (OPTIONS, CANCEL, BYE) driven on an event loop.
public typealias NonInviteTransactionRunner = ClientTransactionRunner<NonInviteClientTransaction>

/// An INVITE client transaction driven on an event loop.
public typealias InviteTransactionRunner = ClientTransactionRunner<InviteClientTransaction>
