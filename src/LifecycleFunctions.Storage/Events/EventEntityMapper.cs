using System.Globalization;
using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// Maps events to table entities and back. Money is stored as invariant text because Table Storage has no
/// decimal type and revenue must add up to the cent.
/// </summary>
public static class EventEntityMapper
{
    /// <summary>A string property holds at most 32K UTF-16 characters; a queue message's event may be 64 KiB.</summary>
    public const int MaxPayloadChars = 32_000;

    public static TableEntity ToEntity(CapturedEvent e, DateTimeOffset storedAt)
    {
        var entity = new TableEntity(EventPartitioning.PartitionKey(e), EventPartitioning.RowKey(e))
        {
            ["MessageId"] = e.MessageId,
            ["Type"] = e.Type,
            ["Source"] = e.Source,
            ["PersonKey"] = e.PersonKey,
            ["OccurredAt"] = e.Timestamp,
            ["ReceivedAt"] = e.ReceivedAt,
            ["StoredAt"] = storedAt,
        };

        // Too long for a string property (an order with hundreds of items): compressed as binary, or the table
        // would refuse the row, and with it the whole transaction its partition shares with other messages.
        if (e.Payload.Length <= MaxPayloadChars)
        {
            entity["Payload"] = e.Payload;
        }
        else
        {
            entity["PayloadGzip"] = Compress(e.Payload);
        }

        Set(entity, "EventName", e.EventName);
        Set(entity, "UserId", e.UserId);
        Set(entity, "AnonymousId", e.AnonymousId);
        Set(entity, "PreviousId", e.PreviousId);
        Set(entity, "OrderId", e.OrderId);
        Set(entity, "RefundId", e.RefundId);
        Set(entity, "Amount", e.Amount?.ToString(CultureInfo.InvariantCulture));
        Set(entity, "Currency", e.Currency);
        Set(entity, "Email", e.Email);
        Set(entity, "Channel", e.Channel);
        Set(entity, "Campaign", e.Campaign);
        Set(entity, "Ad", e.Ad);
        Set(entity, "Cost", e.Cost?.ToString(CultureInfo.InvariantCulture));
        Set(entity, "ClickId", e.ClickId);
        if (e.Count is { } count)
        {
            entity["Count"] = count;
        }

        Set(entity, "UtmSource", e.UtmSource);
        Set(entity, "UtmMedium", e.UtmMedium);
        Set(entity, "UtmCampaign", e.UtmCampaign);
        Set(entity, "UtmTerm", e.UtmTerm);
        Set(entity, "UtmContent", e.UtmContent);
        Set(entity, "Referrer", e.Referrer);
        Set(entity, "PageUrl", e.PageUrl);
        return entity;
    }

    public static CapturedEvent FromEntity(TableEntity entity) => new()
    {
        MessageId = entity.GetString("MessageId"),
        Type = entity.GetString("Type"),
        Source = entity.GetString("Source"),
        EventName = entity.GetString("EventName"),
        UserId = entity.GetString("UserId"),
        AnonymousId = entity.GetString("AnonymousId"),
        PreviousId = entity.GetString("PreviousId"),
        Timestamp = entity.GetDateTimeOffset("OccurredAt") ?? default,
        ReceivedAt = entity.GetDateTimeOffset("ReceivedAt") ?? default,
        OrderId = entity.GetString("OrderId"),
        RefundId = entity.GetString("RefundId"),
        Amount = Money(entity.GetString("Amount")),
        Currency = entity.GetString("Currency"),
        Email = entity.GetString("Email"),
        Channel = entity.GetString("Channel"),
        Campaign = entity.GetString("Campaign"),
        Ad = entity.GetString("Ad"),
        Cost = Money(entity.GetString("Cost")),
        ClickId = entity.GetString("ClickId"),
        Count = entity.GetInt32("Count"),
        UtmSource = entity.GetString("UtmSource"),
        UtmMedium = entity.GetString("UtmMedium"),
        UtmCampaign = entity.GetString("UtmCampaign"),
        UtmTerm = entity.GetString("UtmTerm"),
        UtmContent = entity.GetString("UtmContent"),
        Referrer = entity.GetString("Referrer"),
        PageUrl = entity.GetString("PageUrl"),
        Payload = entity.GetString("Payload") ?? (entity.GetBinary("PayloadGzip") is { } packed ? Decompress(packed) : "{}"),
    };

    private static byte[] Compress(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static string Decompress(byte[] packed)
    {
        using var gzip = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static void Set(TableEntity entity, string name, string? value)
    {
        // Absent rather than empty: Table Storage is schemaless and absent properties cost nothing.
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private static decimal? Money(string? text) =>
        text is null ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
