// Placeholder: the sandbox lands with the Zentrunk API issue.
enum SandboxModule {}
