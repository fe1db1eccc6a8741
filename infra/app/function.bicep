// The Flex Consumption plan (FC1, Linux) and the function app. The app is a .NET isolated worker: the Functions
// host reads host.json, functions.metadata and worker.config.json from the deployment package and starts
// `dotnet lifecycle.dll` on the image's .NET 10 (runtime dotnet-isolated 10.0; the package is framework-dependent).
// Every setting the app reads is an app setting here; secrets are Key Vault references, never values.
param appName string
param planName string
param location string
param tags object = {}

@description('azd service name (azure.yaml services.<name>); azd finds the app by this tag.')
param serviceName string = 'api'

param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsConnectionString string

@description('@Microsoft.KeyVault(...) reference for Collect:WriteKeys:0.')
param writeKey0Reference string

@description('@Microsoft.KeyVault(...) reference for Collect:WriteKeys:1, or empty for an empty slot.')
param writeKey1Reference string = ''

@description('@Microsoft.KeyVault(...) reference for Reports:FunctionKey.')
param reportsFunctionKeyReference string

param lapseWindowDays int
param loyaltyOrders int
param lifecycleSchedule string

@maxLength(5)
@description('Lifecycle:ChannelAliases entries (alias=channel); the slots past them stay empty.')
param channelAliases array = []

// Padded to the five slots, so that every slot reads an element that exists.
var channelAliasSlots = concat(channelAliases, ['', '', '', '', ''])
param queueMaxDequeueCount int

@description('Service Bus namespace host name; empty when Service Bus is not used.')
param serviceBusFullyQualifiedNamespace string = ''

@description('The topic PublishStageChanges sends stage changes to.')
param serviceBusTopicName string = 'stage-changes'

param maximumInstanceCount int = 100
param instanceMemoryMB int = 2048

@description('Origins allowed to call the tracking API from a browser.')
param allowedOrigins array = ['*']

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (the app has no system identity).
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the language and version from here, not from FUNCTIONS_WORKER_RUNTIME (which it refuses).
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      // Browsers preflight a cross-origin post that carries an Authorization header or a JSON content type. On
      // Azure the platform's front end answers OPTIONS itself and never passes it to the host, so CORS is set
      // here; the app adds no CORS headers of its own behind the host.
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
      appSettings: [
        // The Functions host's storage, identity-based: no connection string, no key. The app falls back to
        // these when Storage:ConnectionString is not set (that setting is only for Azurite, so it is not set here).
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        // Application Insights with Microsoft Entra authentication (the resource has local auth off): the host and
        // the worker (Microsoft.Azure.Functions.Worker.ApplicationInsights) both read the two settings.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        // Secrets: Key Vault references.
        {
          name: 'Collect__WriteKeys__0'
          value: writeKey0Reference
        }
        {
          name: 'Collect__WriteKeys__1'
          value: writeKey1Reference
        }
        {
          name: 'Reports__FunctionKey'
          value: reportsFunctionKeyReference
        }
        // The lifecycle model and the nightly schedule. The host resolves the timer's %Lifecycle:Schedule% from app
        // settings, not from the app's code defaults, so the schedule must be set here.
        {
          name: 'Lifecycle__LapseWindowDays'
          value: string(lapseWindowDays)
        }
        {
          name: 'Lifecycle__LoyaltyOrders'
          value: string(loyaltyOrders)
        }
        {
          name: 'Lifecycle__Schedule'
          value: lifecycleSchedule
        }
        // A fixed set of slots keeps appSettings one literal list; an empty slot is no alias.
        {
          name: 'Lifecycle__ChannelAliases__0'
          value: channelAliasSlots[0]
        }
        {
          name: 'Lifecycle__ChannelAliases__1'
          value: channelAliasSlots[1]
        }
        {
          name: 'Lifecycle__ChannelAliases__2'
          value: channelAliasSlots[2]
        }
        {
          name: 'Lifecycle__ChannelAliases__3'
          value: channelAliasSlots[3]
        }
        {
          name: 'Lifecycle__ChannelAliases__4'
          value: channelAliasSlots[4]
        }
        // Overrides host.json extensions.queues.maxDequeueCount, as the Functions host allows.
        {
          name: 'AzureFunctionsJobHost__extensions__queues__maxDequeueCount'
          value: string(queueMaxDequeueCount)
        }
        // The app's own Service Bus client (PublishStageChanges sends stage changes to the topic), signing in with
        // the same identity; empty when useServiceBus is false. Nothing is received from Service Bus: no trigger uses it.
        {
          name: 'ServiceBus__FullyQualifiedNamespace'
          value: serviceBusFullyQualifiedNamespace
        }
        {
          name: 'ServiceBus__Topic'
          value: serviceBusTopicName
        }
        {
          name: 'ServiceBus__Credential'
          value: empty(serviceBusFullyQualifiedNamespace) ? '' : 'managedidentity'
        }
        {
          name: 'ServiceBus__ClientId'
          value: empty(serviceBusFullyQualifiedNamespace) ? '' : identityClientId
        }
        // The Functions host triggers a function unless this says not to: without Service Bus the relay would
        // fail every stage change into stage-changes-poison, which stays the outbox subscribers read instead.
        {
          name: 'AzureWebJobs.PublishStageChanges.Disabled'
          value: empty(serviceBusFullyQualifiedNamespace) ? 'true' : 'false'
        }
      ]
    }
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output baseUrl string = 'https://${functionApp.properties.defaultHostName}'
