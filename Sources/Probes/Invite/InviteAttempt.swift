import NIOCore
import SIPClient
import SIPCore

/// One INVITE transaction and the CANCEL that may follow it, run on the connection's event loop.
///
/// Call hygiene (architecture: a probe must never leave a call up or ring a phone for long): on the first
/// provisional other than 100 the INVITE is cancelled at once (RFC 3261 §9.1); if only a 100 came by the
/// deadline, it is cancelled then; if nothing came, there is nothing to cancel (§9.1 forbids CANCEL before
/// a provisional) and the attempt is abandoned. After a CANCEL the attempt waits `cancelGrace` for the 487,
/// which the INVITE transaction ACKs itself.
final class InviteAttempt: @unchecked Sendable {
    struct Result {
        var invite: InviteTransactionRunner.Result
        var cancelSent: Bool
        var firstProvisional: SIPResponse?
    }

    private let runner: InviteTransactionRunner
    private let layer: TransactionLayer
    private let deadline: TimeAmount
    private let cancelGrace: TimeAmount
    private let timers: SIPTimers
    private var cancelRunner: NonInviteTransactionRunner?
    private var firstProvisional: SIPResponse?
    private var sawProvisional = false
    private var deadlineTask: Scheduled<Void>?
    private var graceTask: Scheduled<Void>?

    init(invite: SIPRequest, layer: TransactionLayer, timers: SIPTimers, deadline: TimeAmount, cancelGrace: TimeAmount) {
        self.layer = layer
        self.deadline = deadline
        self.cancelGrace = cancelGrace
        self.timers = timers
        self.runner = InviteTransactionRunner(request: invite, layer: layer, timers: timers, deadline: nil)
    }

    func run() -> EventLoopFuture<Result> {
        layer.eventLoop.flatSubmit { [self] in
            runner.onProvisional = { [self] response in
                sawProvisional = true
                if response.statusCode != 100 {
                    if firstProvisional == nil { firstProvisional = response }
                    sendCancel()
                }
            }
            deadlineTask = layer.eventLoop.scheduleTask(in: deadline) { [self] in
                if sawProvisional { sendCancel() } else { runner.abandon() }
            }
            return runner.run().map { [self] invite in
                deadlineTask?.cancel()
                graceTask?.cancel()
                runner.shutdown()
                cancelRunner?.shutdown()
                return Result(invite: invite, cancelSent: cancelRunner != nil, firstProvisional: firstProvisional)
            }
        }
    }

    private func sendCancel() {
        guard cancelRunner == nil else { return }
        let cancel = NonInviteTransactionRunner(request: runner.request.cancel(), layer: layer, timers: timers, deadline: cancelGrace)
        cancelRunner = cancel
        _ = cancel.run()
        // If the 487 never comes, stop waiting: the report says so rather than hanging.
        graceTask = layer.eventLoop.scheduleTask(in: cancelGrace) { [self] in runner.abandon() }
    }
}
