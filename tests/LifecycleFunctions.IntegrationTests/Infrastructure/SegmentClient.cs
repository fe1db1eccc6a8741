using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>Posts to the collection API the way Segment's libraries do.</summary>
public static class SegmentClient
{
    public static HttpRequestMessage Post(string path, string json, string? writeKey = TestApp.WriteKey, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (writeKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        }

        return request;
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient http, string path, object body, string? writeKey = TestApp.WriteKey) =>
        http.SendAsync(Post(path, JsonSerializer.Serialize(body), writeKey));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
