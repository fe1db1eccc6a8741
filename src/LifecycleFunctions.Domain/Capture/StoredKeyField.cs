namespace LifecycleFunctions.Domain.Capture;

/// <summary>The fields of an event that end up in a key of the store; each parser names them by its own JSON path.</summary>
public enum StoredKeyField
{
    MessageId,
    OrderId,
    RefundId,
    UserId,
    AnonymousId,
    PreviousId,
    Channel,
    Campaign,
}
