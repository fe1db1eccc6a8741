using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>Runs one work item and records its output, wherever it runs (in process or a queue function).</summary>
public sealed class RecomputeShardWork(ShardFold fold, ShardClassify classify, IRecomputeStepStore steps)
{
    private const int MaxAttempts = 3;

    public async Task RunAsync(RecomputeWorkItem item, CancellationToken cancellationToken)
    {
        if (item.Run.Resuming && await steps.IsDoneAsync(item.Run.RunId, item.Step, cancellationToken))
        {
            return;
        }

        ShardStepOutput output;
        IReadOnlyDictionary<int, List<PersonState>>? deltas = null;
        switch (item.Phase)
        {
            case RecomputePhase.Fold:
                var folded = await fold.RunAsync(item.Shard, item.Run.StoredAfter, item.Run.StoredUpTo, cancellationToken);
                output = new ShardStepOutput { Events = folded.Events, People = folded.People, AdSpend = folded.AdSpend };
                deltas = folded.Deltas;
                break;
            default:
                var classified = await ClassifyAsync(item, cancellationToken);
                output = new ShardStepOutput { People = classified.People, Changed = classified.Changed, Analytics = classified.Analytics, ForwardedTo = [.. classified.ForwardedTo] };
                break;
        }

        // The output is written last: its existence is what marks the step done.
        await steps.WriteStepAsync(item, output, deltas, cancellationToken);
    }

    private async Task<ShardClassifyResult> ClassifyAsync(RecomputeWorkItem item, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await classify.RunAsync(item.Shard, item.Run.RunId, item.Run.AsOf, item.Run.AnnounceNewFrom, writeMembership: !item.Run.Backfill, cancellationToken);
            }
            catch (PersonWriteConflictException) when (attempt < MaxAttempts)
            {
                // Someone wrote a row meanwhile (a forwarded delta): classifying again from a fresh read is idempotent.
            }
        }
    }
}
