// LifecycleFunctions on Azure: a .NET isolated worker (lifecycle.dll, runtime dotnet-isolated 10.0) on a Flex
// Consumption plan, with identity-based connections to Storage (and optionally Service Bus), Application
// Insights, and Key Vault for the write keys and the reports key. azd-ready: `azd up` reads
// main.parameters.json; plain `az deployment sub create` works too (docs/deploy.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd: AZURE_ENV_NAME). Names the resource group and seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. It must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create; defaults to rg-<environmentName>.')
param resourceGroupName string = ''

@description('Also create a Service Bus namespace with the stage-changes topic and its subscriptions; the app publishes stage changes there.')
param useServiceBus bool = false

@description('With Service Bus: subscriptions to create on the stage-changes topic, one per consumer (marketing automation, CRM sync), each receiving every change. A topic without a subscription drops stage changes.')
param stageChangeSubscriptions array = ['marketing-automation']

@description('With Service Bus: a subscription receiving reactivations only (SQL filter reactivation = TRUE); empty for none.')
param reactivationSubscription string = 'reactivations'

@secure()
@minLength(16)
@description('Write key 0 accepted by the Segment collection API (Collect:WriteKeys:0). Stored in Key Vault; never commit it.')
param collectWriteKey0 string

@secure()
@description('Write key 1 (Collect:WriteKeys:1), the second slot used while rotating keys. Empty: the slot stays empty.')
param collectWriteKey1 string = ''

@secure()
@minLength(16)
@description('Function key for the reports and admin endpoints (Reports:FunctionKey). Stored in Key Vault; never commit it.')
param reportsFunctionKey string

@minValue(1)
@description('Lifecycle:LapseWindowDays: days without an order after which a customer is Lapsed.')
param lapseWindowDays int = 90

@minValue(1)
@description('Lifecycle:LoyaltyOrders: orders in the trailing 365 days that make a customer Loyal.')
param loyaltyOrders int = 4

@description('Lifecycle:Schedule: NCRONTAB (six fields, UTC) of the nightly recompute.')
param lifecycleSchedule string = '0 0 2 * * *'

@maxLength(5)
@description('Lifecycle:ChannelAliases: other names of a channel as alias=channel (e.g. google-ads=google), at most 5.')
param channelAliases array = []

@minValue(1)
@description('Attempts before a queue message goes to <queue>-poison (host.json maxDequeueCount, 5) or a subscription dead-letters it.')
param queueMaxDequeueCount int = 5

@minValue(1)
@maxValue(1000)
@description('Flex Consumption: the most instances the app scales out to.')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Flex Consumption: memory of each instance in MB.')
param instanceMemoryMB int = 2048

@description('Origins whose pages may post to the tracking API from the browser (platform CORS: on Azure the front end answers the preflight itself). ["*"] for any site.')
param collectAllowedOrigins array = ['*']

@description('Log Analytics daily ingestion cap in GB; -1 for no cap.')
param logAnalyticsDailyCapGb int = -1

@description('Object id of the person deploying (azd: AZURE_PRINCIPAL_ID). When set, they may put messages on the queues and read the tables, to try the deployment. Empty: no access is granted.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal principalId names.')
param principalType string = 'User'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// The storage the app owns (src/LifecycleFunctions.Storage/StorageNames.cs and the queues its [Function] triggers
// name; a test keeps these lists in step). The app creates them itself on start too; creating them here makes
// the deployment complete before the first run and shows them in the portal.
var appQueues = [
  'website-events'
  'ad-events'
  'purchase-events'
  'recompute-shards'
  'recompute-requests'
  'stage-changes'
  'website-events-poison'
  'ad-events-poison'
  'purchase-events-poison'
  'recompute-shards-poison'
  'recompute-requests-poison'
  'stage-changes-poison'
]
var appTables = [
  'events'
  'orders'
  'failedevents'
  'personstates'
  'identities'
  'stagemembers'
  'stagehistory'
  'cohorts'
  'funnel'
  'campaigns'
  'recomputesteps'
]
var appContainers = [
  'event-overflow'
  'lifecycle'
  'reports'
]
var deploymentContainerName = 'app-package'

// Names are known before deployment (not taken from module outputs), so what-if can show every change.
var names = {
  identity: 'id-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  serviceBus: 'sb-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    dailyCapGb: logAnalyticsDailyCapGb
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    containers: concat([deploymentContainerName], appContainers)
    queues: appQueues
    tables: appTables
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    collectWriteKey0: collectWriteKey0
    collectWriteKey1: collectWriteKey1
    hasWriteKey1: !empty(collectWriteKey1)
    reportsFunctionKey: reportsFunctionKey
  }
}

module serviceBus 'app/servicebus.bicep' = if (useServiceBus) {
  name: 'servicebus'
  scope: rg
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    topicName: 'stage-changes'
    topicSubscriptions: stageChangeSubscriptions
    reactivationSubscription: reactivationSubscription
    maxDeliveryCount: queueMaxDequeueCount
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  dependsOn: [
    storage
    keyVault
    monitoring
    serviceBus
  ]
  params: {
    identityName: names.identity
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: names.storage
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
    serviceBusNamespaceName: useServiceBus ? names.serviceBus : ''
    principalId: principalId
    principalType: principalType
  }
}

module api 'app/function.bicep' = {
  name: 'api'
  scope: rg
  // The identity's data roles are in place before the app first starts and resolves its Key Vault references.
  dependsOn: [
    rbac
    storage
  ]
  params: {
    appName: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    writeKey0Reference: keyVault.outputs.writeKey0Reference
    writeKey1Reference: keyVault.outputs.writeKey1Reference
    reportsFunctionKeyReference: keyVault.outputs.reportsFunctionKeyReference
    lapseWindowDays: lapseWindowDays
    loyaltyOrders: loyaltyOrders
    lifecycleSchedule: lifecycleSchedule
    channelAliases: channelAliases
    queueMaxDequeueCount: queueMaxDequeueCount
    serviceBusFullyQualifiedNamespace: serviceBus.?outputs.fullyQualifiedNamespace ?? ''
    // The topic servicebus creates (topicName above).
    serviceBusTopicName: 'stage-changes'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    allowedOrigins: collectAllowedOrigins
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output FUNCTION_APP_NAME string = api.outputs.name
output FUNCTION_APP_URL string = api.outputs.baseUrl
output SEGMENT_ENDPOINT_URL string = '${api.outputs.baseUrl}/v1'
output REPORTS_URL string = '${api.outputs.baseUrl}/api/reports/funnel'
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output KEY_VAULT_NAME string = keyVault.outputs.name
output SERVICE_BUS_NAMESPACE string = serviceBus.?outputs.name ?? ''
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
