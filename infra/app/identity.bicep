// The user-assigned managed identity the function app runs as: it reads Storage, Service Bus and Key Vault,
// sends telemetry, and fetches the deployment package. User-assigned so its roles exist before the app does.
param name string
param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
