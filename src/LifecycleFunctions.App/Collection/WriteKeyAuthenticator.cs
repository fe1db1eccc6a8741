using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.App.Collection;

/// <summary>Segment's authentication: the write key is the HTTP Basic user name with an empty password, or writeKey in the body.</summary>
public sealed class WriteKeyAuthenticator(IOptionsMonitor<CollectOptions> options)
{
    public bool HasKeys => options.CurrentValue.WriteKeys.Any(k => !string.IsNullOrWhiteSpace(k));

    /// <summary>
    /// Reads the key from an Authorization header; null when there is none, an error text when it is malformed.
    /// A Bearer header (Segment's OAuth, where the write key travels in the body) carries no write key: the
    /// body's decides, and the token is not checked here.
    /// </summary>
    public static (string? Key, string? Error) FromHeader(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return (null, null);
        }

        if (AuthenticationHeaderValue.TryParse(authorization, out var bearer) && bearer.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
        {
            return (null, "The Authorization header must be HTTP Basic with the write key as user name and an empty password.");
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? decoded : decoded[..colon];
            return string.IsNullOrEmpty(key) ? (null, "The Authorization header carries an empty write key.") : (key, null);
        }
        catch (FormatException)
        {
            return (null, "The Authorization header's Basic credentials are not valid base64.");
        }
    }

    public bool IsKnown(string key)
    {
        var candidate = Encoding.UTF8.GetBytes(key);
        var known = false;
        foreach (var configured in options.CurrentValue.WriteKeys)
        {
            // Constant-time so response timing does not reveal how much of a key was right.
            known |= !string.IsNullOrWhiteSpace(configured) && CryptographicOperations.FixedTimeEquals(candidate, Encoding.UTF8.GetBytes(configured));
        }

        return known;
    }
}
