using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.App.Collection;

/// <summary>An HTTP client for a running app's collection API, authenticated as Segment's libraries do.</summary>
public static class SegmentHttpClient
{
    /// <summary>The address a started app listens on (the real port when it was asked for port 0).</summary>
    public static string ListeningUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    public static HttpClient Create(string baseUrl, string writeKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        return http;
    }
}
