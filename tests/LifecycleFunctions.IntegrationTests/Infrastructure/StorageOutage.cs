using Azure.Core;
using Azure.Core.Pipeline;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Once armed, lets a given number of writes through and then refuses every request, reads included, as a
/// process that died part-way through would leave storage: what was written stays written, nothing after it
/// lands. Blob lease calls still go through, so the crashed attempt gives its lock back at once instead of the
/// rerun waiting for the lease to expire, as it would after a real crash.
/// </summary>
public sealed class StorageOutage : HttpPipelineSynchronousPolicy
{
    private readonly Lock _gate = new();
    private bool _armed;
    private int _writesLeft;

    public bool Tripped { get; private set; }

    private readonly List<string> _landed = [];

    /// <summary>The writes that went through since the last <see cref="Arm"/>.</summary>
    public int WritesLanded { get; private set; }

    /// <summary>Those writes as "METHOD path", for a failing test to say what happened.</summary>
    public string Landed
    {
        get
        {
            lock (_gate)
            {
                return string.Join(", ", _landed);
            }
        }
    }

    /// <summary>The request that found storage gone first, as "METHOD path".</summary>
    public string? FirstRefused { get; private set; }

    public void Arm(int writesBeforeOutage)
    {
        lock (_gate)
        {
            _armed = true;
            _writesLeft = writesBeforeOutage;
            WritesLanded = 0;
            _landed.Clear();
            Tripped = false;
            FirstRefused = null;
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _armed = false;
        }
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var isWrite = request.Method != RequestMethod.Get && request.Method != RequestMethod.Head;
        lock (_gate)
        {
            if (!_armed || request.Uri.Query.Contains("comp=lease", StringComparison.Ordinal))
            {
                return;
            }

            if (!Tripped && (!isWrite || _writesLeft-- > 0))
            {
                if (isWrite)
                {
                    WritesLanded++;
                    _landed.Add($"{request.Method} {request.Uri.Path}");
                }

                return;
            }

            Tripped = true;
            FirstRefused ??= $"{request.Method} {request.Uri.Path}";
        }

        throw new StorageOutageException($"Storage is gone (simulated crash): {request.Method} {request.Uri.Path}");
    }
}
