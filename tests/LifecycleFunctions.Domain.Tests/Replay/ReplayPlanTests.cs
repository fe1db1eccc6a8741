using LifecycleFunctions.Domain.Replay;
using static LifecycleFunctions.Domain.Tests.Replay.ReplayFixtures;

namespace LifecycleFunctions.Domain.Tests.Replay;

public class ReplayPlanTests
{
    private static ReplayItem Item(string source, string reason, bool fromPoisonQueue) =>
        new(Sources.Single(s => s.Name == source), reason, "{}", null, fromPoisonQueue ? Message(source, "m", "{}") : null);

    [Fact]
    public void Groups_WithItemsOfOneCause_CountsThemTogetherAcrossBatchIndexes()
    {
        var plan = new ReplayPlan(
        [
            Item(AdEvents, "batch[1] campaign [required]: 'campaign' is required.", fromPoisonQueue: false),
            Item(AdEvents, "batch[4] campaign [required]: 'campaign' is required.", fromPoisonQueue: false),
            Item(AdEvents, "campaign [required]: 'campaign' is required.", fromPoisonQueue: false),
        ], []);

        Assert.Equal([new ReplayGroup(AdEvents, false, "campaign [required]", 3)], plan.Groups());
    }

    [Fact]
    public void Groups_WithSeveralSourcesAndOrigins_ListsBySourceThenPoisonQueueFirstThenLargestCount()
    {
        const string poisoned = "Poisoned: CapturePurchaseEvent failed on each of 5 attempts; last: RequestFailedException: busy";
        var plan = new ReplayPlan(
        [
            Item(PurchaseEvents, "amount [required]: x", fromPoisonQueue: false),
            Item(PurchaseEvents, "orderId [required]: x", fromPoisonQueue: false),
            Item(PurchaseEvents, "orderId [required]: y", fromPoisonQueue: false),
            Item(PurchaseEvents, poisoned, fromPoisonQueue: true),
            Item(PurchaseEvents, poisoned, fromPoisonQueue: false),
            Item(AdEvents, "campaign [required]: x", fromPoisonQueue: false),
        ], []);

        Assert.Equal(
        [
            new ReplayGroup(AdEvents, false, "campaign [required]", 1),
            new ReplayGroup(PurchaseEvents, true, "Poisoned: CapturePurchaseEvent (RequestFailedException)", 1),
            new ReplayGroup(PurchaseEvents, false, "orderId [required]", 2),
            new ReplayGroup(PurchaseEvents, false, "amount [required]", 1),
            new ReplayGroup(PurchaseEvents, false, "Poisoned: CapturePurchaseEvent (RequestFailedException)", 1),
        ], plan.Groups());
    }
}
