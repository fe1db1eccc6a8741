using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// A body that arrives too slowly or ends before its Content-Length, over a real socket to Kestrel: a problem
/// detail (408 or 400) and one log line, not a 500 with an exception.
/// </summary>
public sealed class IncompleteBodyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string WriteKey = "body-write-key";

    private LogRecorder Logs { get; } = new();
    private WebApplication? _app;

    private Uri Address => new(_app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    public async Task InitializeAsync()
    {
        _app = LifecycleHost.Build(["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Collect:WriteKeys:0={WriteKey}", "--Logging:LogLevel:Default=Information"], builder =>
        {
            // Kestrel's default is 240 bytes/s after a 5 s grace; a smaller grace keeps the test short.
            builder.WebHost.ConfigureKestrel(o => o.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2)));
            builder.Logging.AddProvider(Logs);
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Post_WithBodyShorterThanContentLength_Answers400IncompleteBodyLoggedOnce()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Headers(contentLength: 100));
        await socket.SendAsync("{\"userId\":"u8.ToArray());
        socket.Shutdown(SocketShutdown.Send);

        var received = await ReceiveAllAsync(socket);

        // Kestrel takes a half-closed connection for a client gone: it may write no answer at all. One that is
        // written is the problem; either way the app says it once, and no 500 or exception is logged.
        if (received.Length > 0)
        {
            var (status, problem) = Parse(received);
            Assert.Equal(400, status);
            Assert.Equal("urn:lifecycle-functions:problem:incomplete-body", problem.GetProperty("type").GetString());
        }

        for (var i = 0; i < 50 && !Logs.Lines.Any(l => l.Message.Contains("incomplete-body", StringComparison.Ordinal) || l.Level >= LogLevel.Error); i++)
        {
            await Task.Delay(200);
        }

        AssertLoggedOnceWithoutAnError("incomplete-body");
    }

    [Fact]
    public async Task Post_WithBodySlowerThanMinimumDataRate_Answers408RequestTimeoutLoggedOnce()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Headers(contentLength: 100));
        var reading = ReadResponseAsync(socket);
        // One byte a second, far under 100 bytes/s, until the server answers (or 20 s pass).
        for (var i = 0; i < 20 && !reading.IsCompleted; i++)
        {
            try
            {
                await socket.SendAsync(" "u8.ToArray());
            }
            catch (SocketException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        var (status, problem) = await reading;

        Assert.Equal(408, status);
        Assert.Equal("urn:lifecycle-functions:problem:request-timeout", problem.GetProperty("type").GetString());
        AssertLoggedOnceWithoutAnError("request-timeout");
    }

    private void AssertLoggedOnceWithoutAnError(string type)
    {
        var lines = Logs.Lines;
        Assert.False(lines.Any(l => l.Level >= LogLevel.Error), string.Join(Environment.NewLine, lines));
        Assert.True(
            lines.Count(l => l.Category.StartsWith("LifecycleFunctions", StringComparison.Ordinal) && l.Message.Contains(type, StringComparison.Ordinal) && l.Exception is null) == 1,
            $"expected one line saying {type}; logged:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Address.Port);
        return socket;
    }

    private byte[] Headers(int contentLength) => Encoding.ASCII.GetBytes(
        $"POST /v1/track HTTP/1.1\r\nHost: {Address.Authority}\r\nContent-Type: application/json\r\n" +
        $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":"))}\r\nContent-Length: {contentLength}\r\n\r\n");

    /// <summary>The status and problem body of a response the server ends by closing (or with its Content-Length).</summary>
    private static async Task<(int Status, JsonElement Problem)> ReadResponseAsync(Socket socket)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, giveUp.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            if (Complete(received.ToArray()))
            {
                break;
            }
        }

        return Parse(received.ToArray());
    }

    private static async Task<byte[]> ReceiveAllAsync(Socket socket)
    {
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, giveUp.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (Complete(received.ToArray()))
                {
                    break;
                }
            }
        }
        catch (SocketException)
        {
            // Reset by the server: what arrived before is the answer.
        }

        return received.ToArray();
    }

    private static (int Status, JsonElement Problem) Parse(byte[] received)
    {
        var text = Encoding.UTF8.GetString(received);
        Assert.True(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), $"no response, received: '{text}'");
        var status = int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = text[(end + 4)..];
        if (text[..end].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        using var document = JsonDocument.Parse(string.IsNullOrEmpty(body) ? "{}" : body);
        return (status, document.RootElement.Clone());
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var line = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..line], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, line + 2, size);
            at = line + 2 + size + 2;
        }
    }

    private static bool Complete(byte[] response)
    {
        var text = Encoding.UTF8.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        if (text[..end].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }

        var length = text[..end].Split("\r\n").Select(h => h.Split(':', 2)).FirstOrDefault(h => h[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
        return length is not null && Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= int.Parse(length[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
