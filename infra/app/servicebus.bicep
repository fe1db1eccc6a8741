// Optional Service Bus namespace (useServiceBus): PublishStageChanges publishes every stage change to the
// stage-changes topic with the Service Bus SDK; consumers (marketing automation, CRM sync) read their
// subscriptions. The app receives nothing from Service Bus: no Service Bus trigger extension builds for the
// isolated worker here, so purchase events stay on the Storage queue (docs/deploy.md). Local (SAS) authentication
// is off; the app connects with its managed identity (Azure Service Bus Data Sender, granted in rbac.bicep).
// Standard tier: topics need it.
param name string
param location string
param tags object = {}
param topicName string

@description('Subscriptions on the stage-changes topic, one per consumer: a topic with none drops what it is sent.')
param topicSubscriptions array = []

@description('A subscription that receives reactivations only (SQL filter on the reactivation property), as an example of filtering; empty for none.')
param reactivationSubscription string = 'reactivations'

@description('How long the topic remembers a MessageId: a stage change sent again within it (a rerun, a retried send) is dropped.')
param duplicateDetectionWindow string = 'P1D'

@description('Deliveries to a subscription before a message is dead-lettered; matches the storage queues\' maxDequeueCount.')
param maxDeliveryCount int = 5

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    supportOrdering: false
    // Every message's MessageId is its stage change's deterministic id. Duplicate detection can only be chosen
    // when a topic is created: an existing topic without it must be deleted and created again.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
  }
}

resource subscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscription in topicSubscriptions: {
    parent: topic
    name: subscription
    properties: {
      maxDeliveryCount: maxDeliveryCount
      deadLetteringOnMessageExpiration: true
      lockDuration: 'PT1M'
    }
  }
]

resource reactivations 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = if (!empty(reactivationSubscription)) {
  parent: topic
  name: empty(reactivationSubscription) ? 'unused' : reactivationSubscription
  properties: {
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    lockDuration: 'PT1M'
  }
}

// Replaces the subscription's default rule (1=1): only messages whose reactivation property is true.
resource reactivationsOnly 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = if (!empty(reactivationSubscription)) {
  parent: reactivations
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: {
      sqlExpression: 'reactivation = TRUE'
    }
  }
}

output name string = namespace.name
// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ (or the sovereign cloud's domain).
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
