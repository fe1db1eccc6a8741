using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// What one shard's recompute holds in memory at a population too large to load through Azurite here: the
/// people of one of the 16 shards, their events streamed (never all held) into the fold's deltas, the deltas
/// written as the fold's gzip blob and read back as the classify step does, then every person classified. The
/// engine's peak is this times the shards worked at once.
/// </summary>
public sealed class ShardMemoryProbe(int people, int eventsPerPerson, int seed)
{
    public string Run(int parallelism)
    {
        var options = new LifecycleOptions();
        var folder = new PersonFolder(options);
        var classifier = new StageClassifier(options);
        var timeline = new StageTimeline(classifier);
        var shardPeople = people / 16;
        GC.Collect();
        var baseline = GC.GetTotalMemory(true);

        var deltas = new Dictionary<string, PersonState>(StringComparer.Ordinal);
        foreach (var e in Events(shardPeople))
        {
            if (!deltas.TryGetValue(e.PersonKey!, out var delta))
            {
                deltas[e.PersonKey!] = delta = new PersonState { Key = e.PersonKey! };
            }

            folder.Fold(delta, e);
        }

        var folded = GC.GetTotalMemory(true) - baseline;

        using var blob = new MemoryStream();
        using (var gzip = new GZipStream(blob, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, deltas.Values.OrderBy(d => d.Key, StringComparer.Ordinal), PersonStateJson.Options);
        }

        var written = GC.GetTotalMemory(true) - baseline;
        deltas.Clear();
        deltas.TrimExcess();
        blob.Position = 0;
        using (var gzip = new GZipStream(blob, CompressionMode.Decompress, leaveOpen: true))
        {
            foreach (var delta in JsonSerializer.DeserializeAsyncEnumerable<PersonState>(gzip, PersonStateJson.Options).ToBlockingEnumerable())
            {
                deltas[delta!.Key] = delta;
            }
        }

        var read = GC.GetTotalMemory(true) - baseline;
        var classified = 0;
        foreach (var person in deltas.Values)
        {
            if (classifier.Classify(person, new DateOnly(2026, 11, 23)) is not null)
            {
                _ = timeline.Build(person, new DateOnly(2026, 11, 23));
                classified++;
            }
        }

        var peak = Math.Max(folded, Math.Max(written, read));
        return string.Create(CultureInfo.InvariantCulture, $"{people:N0} people × {eventsPerPerson} events: one shard ({shardPeople:N0} people, {classified:N0} classified) holds {folded / 1048576.0:N0} MB after the fold, {written / 1048576.0:N0} MB with its delta blob ({blob.Length / 1048576.0:N0} MB gzip), {read / 1048576.0:N0} MB read back for classify; × {parallelism} shards at once ≈ {peak * parallelism / 1048576.0:N0} MB of managed heap");
    }

    private IEnumerable<CapturedEvent> Events(int count)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
        for (var p = 0; p < count; p++)
        {
            var userId = string.Create(CultureInfo.InvariantCulture, $"bench-{p}");
            var at = start.AddMinutes(random.Next(0, 60 * 24 * 540));
            for (var e = 0; e < eventsPerPerson; e++)
            {
                at = at.AddHours(random.Next(1, 24 * 20));
                var key = e.ToString(CultureInfo.InvariantCulture);
                yield return SyntheticEvents.PersonEvent(random, userId, "e" + key, key, e == 0, at, at);
            }
        }
    }
}
