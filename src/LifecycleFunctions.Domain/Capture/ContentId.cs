using System.Security.Cryptography;
using System.Text;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>An id derived from a body, so a redelivered message (or a resent item) without its own id is still told apart and deduplicated.</summary>
public static class ContentId
{
    public static string Of(string prefix, string body) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)).AsSpan(0, 16));
}
