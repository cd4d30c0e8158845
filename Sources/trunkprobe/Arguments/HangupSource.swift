import ArgumentParser

/// `api call list --hangup-source`: which side ended the call, as the Calls API names it.
enum HangupSource: String, ExpressibleByArgument, CaseIterable, Sendable {
    case customer, carrier, zentrunk
}
