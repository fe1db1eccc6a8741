// Key Vault in RBAC mode holding the collection write keys and the reports function key. The app settings
// refer to them with @Microsoft.KeyVault(SecretUri=...) references, resolved by the platform with the app's
// managed identity (Key Vault Secrets User, granted in rbac.bicep). The references use the versionless
// secret URI, so a new secret version reaches the app without redeploying it.
param name string
param location string
param tags object = {}

@secure()
param collectWriteKey0 string

@secure()
@description('Write key slot 1; used only when hasWriteKey1.')
param collectWriteKey1 string = ''

@description('Whether write key slot 1 is filled. False: no secret for it, and its app setting stays empty.')
param hasWriteKey1 bool = false

@secure()
param reportsFunctionKey string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource writeKey0 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'collect-write-key-0'
  properties: {
    value: collectWriteKey0
    contentType: 'Segment write key (Collect:WriteKeys:0)'
  }
}

resource writeKey1 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (hasWriteKey1) {
  parent: vault
  name: 'collect-write-key-1'
  properties: {
    value: collectWriteKey1
    contentType: 'Segment write key (Collect:WriteKeys:1)'
  }
}

resource reportsKey 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'reports-function-key'
  properties: {
    value: reportsFunctionKey
    contentType: 'Function key for reports and admin endpoints (Reports:FunctionKey)'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
// App setting values: references to the secrets, not the secrets.
output writeKey0Reference string = '@Microsoft.KeyVault(SecretUri=${writeKey0.properties.secretUri})'
output writeKey1Reference string = !hasWriteKey1
  ? ''
  : '@Microsoft.KeyVault(SecretUri=${writeKey1!.properties.secretUri})'
output reportsFunctionKeyReference string = '@Microsoft.KeyVault(SecretUri=${reportsKey.properties.secretUri})'
