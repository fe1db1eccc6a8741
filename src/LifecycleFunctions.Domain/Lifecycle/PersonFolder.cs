using System.Text.Json;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>Folds one stored event into a person's state, following the rules of PRODUCT.md.</summary>
public sealed class PersonFolder(LifecycleOptions options)
{
    // NPS is asked on a 0–10 scale; anything above is not an NPS answer (a percentage, a typo).
    private const decimal MaxNpsScore = 10;

    private readonly HashSet<string> _identification = new(options.IdentificationEvents, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _advocacy = new(options.ReferralEvents.Concat(options.ReviewEvents), StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _nps = new(options.NpsEvents, StringComparer.OrdinalIgnoreCase);

    public void Fold(PersonState state, CapturedEvent e)
    {
        // Aggregate ad impressions belong to campaigns, not to a person who was seen.
        if (e.Type == EventTypes.AdImpression)
        {
            return;
        }

        state.Seen(e.Timestamp);
        if (e.Email is not null)
        {
            state.SetEmail(e.Email, e.Timestamp);
        }

        if (IsIdentification(e))
        {
            state.Identified(e.Timestamp);
        }

        switch (e.Type)
        {
            case EventTypes.OrderCompleted when e.OrderId is not null:
                state.AddOrder(OrderFact.Completion(e.OrderId, e.Timestamp, e.Amount ?? 0));
                break;
            case EventTypes.OrderRefunded when e.OrderId is not null:
                state.AddOrder(OrderFact.Refund(e.OrderId, e.RefundId, e.Amount, e.Timestamp));
                break;
            case EventTypes.Track when e.EventName is not null && IsAdvocacy(e):
                state.AddAdvocacySignal(e.Timestamp);
                break;
        }

        if (TouchOf(e) is { } touch)
        {
            state.AddTouch(touch);
        }
    }

    // An order system knows whom it sold to: a purchase under a user id or an email identifies the buyer, so
    // one whose only order was refunded in full is acquired, not an anonymous visitor.
    private bool IsIdentification(CapturedEvent e) =>
        (e.Type == EventTypes.Identify && e.UserId is not null)
        || (EventTypes.IsPurchase(e.Type) && (e.UserId is not null || e.Email is not null))
        || e.Type == EventTypes.Alias
        || (e.Type == EventTypes.Track && e.EventName is not null && _identification.Contains(e.EventName));

    private bool IsAdvocacy(CapturedEvent e)
    {
        if (_advocacy.Contains(e.EventName!))
        {
            return true;
        }

        return _nps.Contains(e.EventName!) && NpsScore(e.Payload) is { } score && score >= options.PromoterScore && score <= MaxNpsScore;
    }

    private static decimal? NpsScore(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (!document.RootElement.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in new[] { "score", "nps" })
            {
                if (!properties.TryGetProperty(name, out var value))
                {
                    continue;
                }

                // Survey tools send the answer as a number or as its text ("10").
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var score))
                {
                    return score;
                }

                if (value.ValueKind == JsonValueKind.String && decimal.TryParse(Capture.JsonText.OrNull(value), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var text))
                {
                    return text;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// An ad click, a UTM-tagged visit, or a visit referred by another site; null for a direct visit and for a
    /// click from one of the site's own pages to another (the referrer's host is the page's), which would
    /// otherwise make the site its own last touch and a direct visitor's first.
    /// </summary>
    public static Touch? TouchOf(CapturedEvent e)
    {
        if (e.Type == EventTypes.AdClick)
        {
            return new Touch(e.Timestamp, (e.Channel ?? "ads").ToLowerInvariant(), e.Campaign, e.Channel, "cpc", null);
        }

        var referrer = ReferrerHost(e.Referrer) is { } from && !string.Equals(from, ReferrerHost(e.PageUrl), StringComparison.Ordinal) ? from : null;
        if (e.UtmSource is not null)
        {
            return new Touch(e.Timestamp, e.UtmSource.ToLowerInvariant(), e.UtmCampaign, e.UtmSource, e.UtmMedium, referrer);
        }

        return referrer is not null ? new Touch(e.Timestamp, referrer, null, null, "referral", referrer) : null;
    }

    public static string? ReferrerHost(string? referrer)
    {
        if (referrer is null || !Uri.TryCreate(referrer, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }
}
