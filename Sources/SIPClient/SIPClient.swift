// Placeholder: the transports and transaction layer land with the SIP foundation issue.
enum SIPClientModule {}
