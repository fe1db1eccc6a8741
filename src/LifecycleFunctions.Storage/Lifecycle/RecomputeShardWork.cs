namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>Runs one work item and records its output and completion, wherever it runs (in process or a queue function).</summary>
public sealed class RecomputeShardWork(ShardFold fold, ShardClassify classify, LifecycleRunStore runs)
{
    public async Task RunAsync(RecomputeWorkItem item, CancellationToken cancellationToken)
    {
        if (await runs.IsDoneAsync(item.Run.RunId, item.Step, cancellationToken))
        {
            return;
        }

        switch (item.Phase)
        {
            case RecomputePhase.Fold:
                var folded = await fold.RunAsync(item.Shard, item.Run.StoredAfter, item.Run.StoredUpTo, cancellationToken);
                await runs.WritePartialAsync(item.Run.RunId, item.Step, new ShardStepOutput { Events = folded.Events, People = folded.People, Ads = folded.Ads }, cancellationToken);
                break;
            case RecomputePhase.Classify:
                var (analytics, people, changed) = await classify.RunAsync(item.Shard, item.Run.AsOf, cancellationToken);
                await runs.WritePartialAsync(item.Run.RunId, item.Step, new ShardStepOutput { People = people, Changed = changed, Analytics = analytics }, cancellationToken);
                break;
        }

        await runs.MarkDoneAsync(item.Run.RunId, item.Step, cancellationToken);
    }
}
