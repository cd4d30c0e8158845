// Placeholder: the Zentrunk API client lands with its issue.
enum ZentrunkAPIModule {}
