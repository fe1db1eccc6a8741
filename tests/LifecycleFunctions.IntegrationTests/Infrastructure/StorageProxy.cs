using System.Net;
using System.Net.Sockets;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// TCP relays in front of Azurite's three ports, so a test can take storage away at the network level, as an
/// outage longer than the SDK's retries does: <see cref="Drop"/> closes every connection as it opens (a storage
/// process gone), <see cref="Silence"/> takes connections and never answers (a network path black-holed).
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] Endpoints = ["BlobEndpoint", "QueueEndpoint", "TableEndpoint"];

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Relay> _relays;
    private volatile ProxyMode _mode = ProxyMode.Forward;

    private StorageProxy(List<Relay> relays) => _relays = relays;

    /// <summary>A connection string for the proxied Azurite (the emulator's well-known account).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_relays[0].Port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_relays[1].Port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{_relays[2].Port}/devstoreaccount1;";

    /// <param name="azuriteConnectionString">Azurite's own connection string: the ports to relay to are read from it.</param>
    public static StorageProxy Start(string azuriteConnectionString)
    {
        var ports = Endpoints.Select(name => EndpointPort(azuriteConnectionString, name)).ToList();
        var proxy = new StorageProxy([]);
        foreach (var port in ports)
        {
            proxy._relays.Add(new Relay(proxy, port));
        }

        return proxy;
    }

    public void Drop() => Switch(ProxyMode.Drop);

    public void Silence() => Switch(ProxyMode.Silent);

    public void Restore() => _mode = ProxyMode.Forward;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var relay in _relays)
        {
            relay.Dispose();
        }

        _stop.Dispose();
    }

    private void Switch(ProxyMode mode)
    {
        _mode = mode;
        // Pooled connections would otherwise keep answering: an outage takes them too.
        foreach (var relay in _relays)
        {
            relay.CutOpenConnections(reset: mode == ProxyMode.Drop);
        }
    }

    private static int EndpointPort(string connectionString, string name)
    {
        var endpoint = connectionString.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0].Equals(name, StringComparison.OrdinalIgnoreCase))[1];
        return new Uri(endpoint).Port;
    }

    private enum ProxyMode
    {
        Forward,
        Drop,
        Silent,
    }

    private sealed class Relay : IDisposable
    {
        private readonly StorageProxy _proxy;
        private readonly int _target;
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Lock _gate = new();
        private readonly List<Socket> _open = [];

        public Relay(StorageProxy proxy, int target)
        {
            _proxy = proxy;
            _target = target;
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void CutOpenConnections(bool reset)
        {
            lock (_gate)
            {
                foreach (var socket in _open)
                {
                    Close(socket, reset);
                }

                _open.Clear();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            CutOpenConnections(reset: true);
        }

        private static void Close(Socket socket, bool reset)
        {
            try
            {
                if (reset)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                socket.Dispose();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private async Task AcceptAsync()
        {
            while (!_proxy._stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync(_proxy._stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = HandleAsync(client);
            }
        }

        private async Task HandleAsync(Socket client)
        {
            switch (_proxy._mode)
            {
                case ProxyMode.Drop:
                    Close(client, reset: true);
                    return;
                case ProxyMode.Silent:
                    // Held open and never answered, as a black-holed path looks to the client.
                    Track(client);
                    return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, _proxy._stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                Close(client, reset: true);
                upstream.Dispose();
                return;
            }

            Track(client);
            Track(upstream);
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
            Close(client, reset: false);
            Close(upstream, reset: false);
        }

        private void Track(Socket socket)
        {
            lock (_gate)
            {
                _open.Add(socket);
            }
        }

        private async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _proxy._stop.Token)) > 0)
                {
                    if (_proxy._mode != ProxyMode.Forward)
                    {
                        return;
                    }

                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _proxy._stop.Token);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }
}
