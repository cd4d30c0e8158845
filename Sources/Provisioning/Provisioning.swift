// Placeholder: provisioning plans land with the Zentrunk API issue.
enum ProvisioningModule {}
