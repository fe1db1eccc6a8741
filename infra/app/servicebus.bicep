// Optional Service Bus namespace (useServiceBus): purchase events can arrive on the purchase-events queue
// instead of the storage queue, and stage changes can be published to the stage-changes topic, through the
// Functions host's Service Bus extension (extension bundle). Local (SAS) authentication is off; the app
// connects with its managed identity (Azure Service Bus Data Receiver / Sender, granted in rbac.bicep).
// Standard tier: topics need it.
param name string
param location string
param tags object = {}
param queueName string
param topicName string

@description('Subscriptions on the stage-changes topic, one per consumer: a topic with none drops what it is sent.')
param topicSubscriptions array = []

@description('Deliveries before a message is dead-lettered; matches the storage queues\' maxDequeueCount.')
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

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    lockDuration: 'PT1M'
    requiresDuplicateDetection: false
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    supportOrdering: false
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

output name string = namespace.name
// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ (or the sovereign cloud's domain).
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
