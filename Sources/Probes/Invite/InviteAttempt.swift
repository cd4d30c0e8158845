import NIOCore
import SIPClient
import SIPCore

/// One INVITE transaction and the CANCEL that may follow it, run on the connection's event loop.
///
/// Call hygiene (a probe must never leave a call up or ring a phone for long): on the first provisional
/// other than 100 the INVITE is cancelled at once (RFC 3261 §9.1); if only a 100 came by the deadline, it is
/// cancelled then; if nothing came, there is nothing to cancel (§9.1 forbids CANCEL before a provisional)
/// and the attempt is abandoned. After a CANCEL the attempt waits `cancelGrace` for the 487, which the
/// INVITE transaction ACKs itself, but never past `end`: the probe's deadline bounds the clean-up too
/// (the caller sets `deadline` early enough to leave room for it).
///
/// An interruption (`interrupt()`, from task cancellation on SIGINT or SIGTERM) ends the attempt the same
/// way but at once and within `InviteAttempt.interruptGrace`: CANCEL if a provisional (even a 100) came,
/// otherwise wait that long for one (then CANCEL) or for a final; a 2xx, also one racing the CANCEL, is
/// returned so the probe ACKs and BYEs it.
final class InviteAttempt: @unchecked Sendable {
    struct Result {
        var invite: InviteTransactionRunner.Result
        var cancelSent: Bool
        var firstProvisional: SIPResponse?
        /// The attempt was interrupted before its outcome.
        var interrupted: Bool
    }

    /// How long an interrupted attempt waits for the 487 after its CANCEL, or for a provisional it may
    /// CANCEL; short so that the command can print and exit within 2 s of the signal (docs/verdicts.md).
    static let interruptGrace = TimeAmount.milliseconds(1200)

    private let runner: InviteTransactionRunner
    private let layer: TransactionLayer
    private let deadline: TimeAmount
    private let cancelGrace: TimeAmount
    /// The hard end of the attempt, clean-up included, from `run()`.
    private let end: TimeAmount
    private var endAt: NIODeadline = .distantFuture
    private let timers: SIPTimers
    private var cancelRunner: NonInviteTransactionRunner?
    private var firstProvisional: SIPResponse?
    private var sawProvisional = false
    private var deadlineTask: Scheduled<Void>?
    private var graceTask: Scheduled<Void>?
    private var started = false
    private var finished = false
    private var interrupted = false

    /// - Parameters:
    ///   - deadline: when to stop waiting for a final answer (then CANCEL after a provisional, or abandon).
    ///   - cancelGrace: how long to wait for the 487 after a CANCEL, cut short at `end`.
    ///   - end: when the attempt ends whatever happens; nil is `deadline + cancelGrace`.
    init(invite: SIPRequest, layer: TransactionLayer, timers: SIPTimers, deadline: TimeAmount, cancelGrace: TimeAmount,
         end: TimeAmount? = nil) {
        self.layer = layer
        self.deadline = deadline
        self.cancelGrace = cancelGrace
        self.end = end ?? deadline + cancelGrace
        self.timers = timers
        self.runner = InviteTransactionRunner(request: invite, layer: layer, timers: timers, deadline: nil)
    }

    func run() -> EventLoopFuture<Result> {
        layer.eventLoop.flatSubmit { [self] in
            endAt = layer.eventLoop.now + end
            runner.onProvisional = { [self] response in
                sawProvisional = true
                if response.statusCode != 100 && firstProvisional == nil { firstProvisional = response }
                // Interrupted: any provisional, a 100 too, puts the server in Proceeding, so CANCEL now.
                if response.statusCode != 100 || interrupted { sendCancel() }
            }
            deadlineTask = layer.eventLoop.scheduleTask(in: deadline) { [self] in
                if sawProvisional { sendCancel() } else { runner.abandon() }
            }
            started = true
            let future = runner.run().map { [self] invite in
                finished = true
                deadlineTask?.cancel()
                graceTask?.cancel()
                runner.shutdown()
                cancelRunner?.shutdown()
                return Result(invite: invite, cancelSent: cancelRunner != nil, firstProvisional: firstProvisional,
                              interrupted: interrupted)
            }
            if interrupted { endAfterInterruption() }
            return future
        }
    }

    /// Ends the attempt early; safe from any thread and at any time (before `run()` too).
    func interrupt() {
        layer.eventLoop.execute { [self] in
            guard !interrupted, !finished else { return }
            interrupted = true
            if started { endAfterInterruption() }
        }
    }

    private func endAfterInterruption() {
        deadlineTask?.cancel()
        if sawProvisional {
            if cancelRunner == nil {
                sendCancel()
            }
        }
        // Whether waiting for a provisional to CANCEL or for the 487 after the CANCEL: at most this long.
        graceTask?.cancel()
        graceTask = layer.eventLoop.scheduleTask(in: Self.interruptGrace) { [self] in runner.abandon() }
    }

    private func sendCancel() {
        guard cancelRunner == nil else { return }
        // The 487 is waited for until the attempt's end at the latest; a CANCEL sent at the very end still
        // goes out (a provisional puts the server in Proceeding, and the call must not be left ringing).
        let left = max(endAt - layer.eventLoop.now, .milliseconds(1))
        let grace = min(interrupted ? min(cancelGrace, Self.interruptGrace) : cancelGrace, left)
        let cancel = NonInviteTransactionRunner(request: runner.request.cancel(), layer: layer, timers: timers, deadline: grace)
        cancelRunner = cancel
        _ = cancel.run()
        // If the 487 never comes, stop waiting: the report says so rather than hanging.
        graceTask?.cancel()
        graceTask = layer.eventLoop.scheduleTask(in: grace) { [self] in runner.abandon() }
    }
}
